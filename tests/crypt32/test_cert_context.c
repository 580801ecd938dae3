/* CertCreateCertificateContext and friends: every CERT_INFO field, errors, references. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

#include "fixtures.h"

static ULONGLONG ft(const FILETIME *t)
{
    return ((ULONGLONG)t->dwHighDateTime << 32) | t->dwLowDateTime;
}

static PCCERT_CONTEXT create(const struct fixture_cert *c)
{
    PCCERT_CONTEXT ctx = CertCreateCertificateContext(X509_ASN_ENCODING, c->der, (DWORD)c->der_len);

    cr_assert_not_null(ctx, "CertCreateCertificateContext failed: %#x", GetLastError());
    return ctx;
}

Test(cert_context, fills_context_fields)
{
    const struct fixture_cert *rsa = &fixtures()->rsa;
    PCCERT_CONTEXT ctx = create(rsa);

    cr_assert_eq(ctx->dwCertEncodingType, X509_ASN_ENCODING);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)rsa->der_len);
    cr_assert_neq(ctx->pbCertEncoded, rsa->der, "the context owns a copy");
    cr_assert_arr_eq(ctx->pbCertEncoded, rsa->der, rsa->der_len);
    cr_assert_not_null(ctx->pCertInfo);
    cr_assert_not_null(ctx->hCertStore, "standalone contexts still name a store");
    cr_assert_null(CertEnumCertificatesInStore(ctx->hCertStore, NULL));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    cr_assert(CertFreeCertificateContext(ctx));
}

Test(cert_context, serial_is_little_endian_with_sign_byte)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    static const BYTE expected[] = {0x0D, 0x0C, 0x0B, 0x8A, 0x00};

    cr_assert_eq(ctx->pCertInfo->dwVersion, CERT_V3);
    cr_assert_eq(ctx->pCertInfo->SerialNumber.cbData, sizeof(expected));
    cr_assert_arr_eq(ctx->pCertInfo->SerialNumber.pbData, expected, sizeof(expected));
    CertFreeCertificateContext(ctx);

    ctx = create(&fixtures()->ec);
    cr_assert_eq(ctx->pCertInfo->SerialNumber.cbData, 2);
    cr_assert_eq(ctx->pCertInfo->SerialNumber.pbData[0], 0x34);
    cr_assert_eq(ctx->pCertInfo->SerialNumber.pbData[1], 0x12);
    CertFreeCertificateContext(ctx);
}

Test(cert_context, algorithms_and_key)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    PCERT_INFO info = ctx->pCertInfo;
    static const BYTE null_params[] = {0x05, 0x00};

    cr_assert_str_eq(info->SignatureAlgorithm.pszObjId, szOID_RSA_SHA256RSA);
    cr_assert_eq(info->SignatureAlgorithm.Parameters.cbData, 2);
    cr_assert_arr_eq(info->SignatureAlgorithm.Parameters.pbData, null_params, 2);
    cr_assert_str_eq(info->SubjectPublicKeyInfo.Algorithm.pszObjId, szOID_RSA_RSA);
    /* RSAPublicKey SEQUENCE of a 2048-bit modulus */
    cr_assert_eq(info->SubjectPublicKeyInfo.PublicKey.pbData[0], 0x30);
    cr_assert_eq(info->SubjectPublicKeyInfo.PublicKey.cbData, 270);
    cr_assert_eq(info->SubjectPublicKeyInfo.PublicKey.cUnusedBits, 0);
    cr_assert_eq(info->IssuerUniqueId.cbData, 0);
    cr_assert_eq(info->SubjectUniqueId.cbData, 0);
    CertFreeCertificateContext(ctx);

    ctx = create(&fixtures()->ec);
    info = ctx->pCertInfo;
    cr_assert_str_eq(info->SignatureAlgorithm.pszObjId, szOID_ECDSA_SHA256);
    cr_assert_eq(info->SignatureAlgorithm.Parameters.cbData, 0, "ECDSA has no parameters");
    cr_assert_str_eq(info->SubjectPublicKeyInfo.Algorithm.pszObjId, szOID_ECC_PUBLIC_KEY);
    /* parameters: the named curve OID P-256, 06 08 2A 86 48 CE 3D 03 01 07 */
    cr_assert_eq(info->SubjectPublicKeyInfo.Algorithm.Parameters.cbData, 10);
    cr_assert_eq(info->SubjectPublicKeyInfo.Algorithm.Parameters.pbData[0], 0x06);
    cr_assert_eq(info->SubjectPublicKeyInfo.Algorithm.Parameters.pbData[9], 0x07);
    cr_assert_eq(info->SubjectPublicKeyInfo.PublicKey.cbData, 65, "uncompressed point");
    cr_assert_eq(info->SubjectPublicKeyInfo.PublicKey.pbData[0], 0x04);
    CertFreeCertificateContext(ctx);
}

Test(cert_context, names_are_der_blobs)
{
    const struct fixture_set *set = fixtures();
    PCCERT_CONTEXT ctx = create(&set->rsa), ca = create(&set->ca);
    unsigned char *der = NULL;
    int len = i2d_X509_NAME(X509_get_subject_name(set->rsa.x509), &der);

    cr_assert_eq(ctx->pCertInfo->Subject.cbData, (DWORD)len);
    cr_assert_arr_eq(ctx->pCertInfo->Subject.pbData, der, len);
    cr_assert_eq(ctx->pCertInfo->Subject.pbData[0], 0x30);
    cr_assert(CertCompareCertificateName(X509_ASN_ENCODING, &ctx->pCertInfo->Issuer,
                                         &ca->pCertInfo->Subject));
    cr_assert_not(CertCompareCertificateName(X509_ASN_ENCODING, &ctx->pCertInfo->Subject,
                                             &ca->pCertInfo->Subject));
    OPENSSL_free(der);
    CertFreeCertificateContext(ctx);
    CertFreeCertificateContext(ca);
}

Test(cert_context, validity_as_filetime)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa), ca = create(&fixtures()->ca);
    FILETIME t;

    cr_assert_eq(ft(&ctx->pCertInfo->NotBefore), FT_2024_01_02_03_04_05);
    cr_assert_eq(ft(&ctx->pCertInfo->NotAfter), FT_2034_05_06_07_08_09);
    cr_assert_eq(ft(&ca->pCertInfo->NotBefore), FT_2020_01_01);
    cr_assert_eq(ft(&ca->pCertInfo->NotAfter), FT_2040_01_01);

    t.dwLowDateTime = (DWORD)(FT_2024_01_02_03_04_05 - 1);
    t.dwHighDateTime = (DWORD)((FT_2024_01_02_03_04_05 - 1) >> 32);
    cr_assert_eq(CertVerifyTimeValidity(&t, ctx->pCertInfo), -1);
    t.dwLowDateTime = (DWORD)FT_2024_01_02_03_04_05;
    t.dwHighDateTime = (DWORD)(FT_2024_01_02_03_04_05 >> 32);
    cr_assert_eq(CertVerifyTimeValidity(&t, ctx->pCertInfo), 0);
    t.dwLowDateTime = (DWORD)(FT_2034_05_06_07_08_09 + 1);
    t.dwHighDateTime = (DWORD)((FT_2034_05_06_07_08_09 + 1) >> 32);
    cr_assert_eq(CertVerifyTimeValidity(&t, ctx->pCertInfo), 1);
    cr_assert_eq(CertVerifyTimeValidity(NULL, ca->pCertInfo), 0, "valid now (2020..2040)");
    CertFreeCertificateContext(ctx);
    CertFreeCertificateContext(ca);
}

Test(cert_context, extensions)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    PCERT_INFO info = ctx->pCertInfo;
    PCERT_EXTENSION ext;
    BYTE usage[2] = {0xFF, 0xFF};

    cr_assert_eq(info->cExtension, 4);
    cr_assert_str_eq(info->rgExtension[0].pszObjId, szOID_BASIC_CONSTRAINTS2);
    cr_assert_not(info->rgExtension[0].fCritical);
    ext = CertFindExtension(szOID_KEY_USAGE, info->cExtension, info->rgExtension);
    cr_assert_not_null(ext);
    cr_assert(ext->fCritical);
    cr_assert_eq(ext->Value.pbData[0], 0x03, "the extension value is the encoded BIT STRING");
    ext = CertFindExtension(szOID_SUBJECT_ALT_NAME2, info->cExtension, info->rgExtension);
    cr_assert_not_null(ext);
    cr_assert_null(CertFindExtension(szOID_CRL_DIST_POINTS, info->cExtension, info->rgExtension));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);

    cr_assert(CertGetIntendedKeyUsage(X509_ASN_ENCODING, info, usage, sizeof(usage)));
    cr_assert_eq(usage[0], CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_ENCIPHERMENT_KEY_USAGE);
    cr_assert_eq(usage[1], 0, "bytes beyond the usage are zeroed");
    CertFreeCertificateContext(ctx);

    ctx = create(&fixtures()->plain);
    cr_assert_eq(ctx->pCertInfo->dwVersion, CERT_V1);
    cr_assert_eq(ctx->pCertInfo->cExtension, 0);
    cr_assert_null(ctx->pCertInfo->rgExtension);
    usage[0] = 0xFF;
    SetLastError(1234);
    cr_assert_not(CertGetIntendedKeyUsage(X509_ASN_ENCODING, ctx->pCertInfo, usage, 1));
    cr_assert_eq(GetLastError(), 0, "no extension is not an error");
    cr_assert_eq(usage[0], 0);
    CertFreeCertificateContext(ctx);
}

Test(cert_context, bad_encodings)
{
    static const BYTE not_sequence[] = {0x02, 0x01, 0x01};
    static const BYTE truncated[] = {0x30, 0x82, 0x04, 0x00, 0x30, 0x82};
    static const BYTE wrong_inside[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    const struct fixture_cert *rsa = &fixtures()->rsa;

    SetLastError(0);
    cr_assert_null(
        CertCreateCertificateContext(X509_ASN_ENCODING, not_sequence, sizeof(not_sequence)));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_BADTAG);
    cr_assert_null(CertCreateCertificateContext(X509_ASN_ENCODING, truncated, sizeof(truncated)));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_EOD);
    cr_assert_null(CertCreateCertificateContext(X509_ASN_ENCODING, rsa->der, 100));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_EOD, "a truncated certificate");
    cr_assert_null(
        CertCreateCertificateContext(X509_ASN_ENCODING, wrong_inside, sizeof(wrong_inside)));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_CORRUPT);
    cr_assert_null(CertCreateCertificateContext(X509_ASN_ENCODING, NULL, 0));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_EOD);
    cr_assert_null(CertCreateCertificateContext(0, rsa->der, (DWORD)rsa->der_len));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG, "encoding type must be X.509");
    cr_assert_null(
        CertCreateCertificateContext(PKCS_7_ASN_ENCODING, rsa->der, (DWORD)rsa->der_len));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
}

Test(cert_context, message_encoding_bits_are_ignored)
{
    const struct fixture_cert *rsa = &fixtures()->rsa;
    PCCERT_CONTEXT ctx = CertCreateCertificateContext(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
                                                      rsa->der, (DWORD)rsa->der_len);

    cr_assert_not_null(ctx);
    cr_assert_eq(ctx->dwCertEncodingType, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING);
    CertFreeCertificateContext(ctx);
}

Test(cert_context, duplicate_shares_the_context)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->ec), dup;

    dup = CertDuplicateCertificateContext(ctx);
    cr_assert_eq(dup, ctx, "Windows returns the same pointer");
    cr_assert(CertFreeCertificateContext(ctx));
    /* still alive through the duplicate */
    cr_assert_eq(dup->pCertInfo->SerialNumber.pbData[0], 0x34);
    cr_assert(CertFreeCertificateContext(dup));
    cr_assert(CertFreeCertificateContext(NULL));
    cr_assert_null(CertDuplicateCertificateContext(NULL));
}

Test(cert_context, compare_certificate)
{
    PCCERT_CONTEXT a = create(&fixtures()->rsa), b = create(&fixtures()->rsa);
    PCCERT_CONTEXT c = create(&fixtures()->ec);

    cr_assert_neq(a, b);
    cr_assert(CertCompareCertificate(X509_ASN_ENCODING, a->pCertInfo, b->pCertInfo));
    cr_assert_not(CertCompareCertificate(X509_ASN_ENCODING, a->pCertInfo, c->pCertInfo));
    cr_assert(CertComparePublicKeyInfo(X509_ASN_ENCODING, &a->pCertInfo->SubjectPublicKeyInfo,
                                       &b->pCertInfo->SubjectPublicKeyInfo));
    cr_assert_not(CertComparePublicKeyInfo(X509_ASN_ENCODING, &a->pCertInfo->SubjectPublicKeyInfo,
                                           &c->pCertInfo->SubjectPublicKeyInfo));
    CertFreeCertificateContext(a);
    CertFreeCertificateContext(b);
    CertFreeCertificateContext(c);
}

static void *set_error_in_thread(void *arg)
{
    SetLastError(42);
    return (void *)(uintptr_t)GetLastError();
}

Test(cert_context, last_error_is_per_thread)
{
    pthread_t thread;
    void *result;

    SetLastError(7);
    pthread_create(&thread, NULL, set_error_in_thread, NULL);
    pthread_join(thread, &result);
    cr_assert_eq((uintptr_t)result, 42);
    cr_assert_eq(GetLastError(), 7);
}
