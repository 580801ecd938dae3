/* Context properties: computed hashes, the size protocol, key-provider info, user values. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "fixtures.h"

static PCCERT_CONTEXT create(const struct fixture_cert *c)
{
    PCCERT_CONTEXT ctx = CertCreateCertificateContext(X509_ASN_ENCODING, c->der, (DWORD)c->der_len);

    cr_assert_not_null(ctx);
    return ctx;
}

static void expect_digest(PCCERT_CONTEXT ctx, DWORD id, const EVP_MD *md, DWORD size)
{
    BYTE expected[EVP_MAX_MD_SIZE], value[64];
    unsigned int len = 0;
    DWORD cb = 0;

    EVP_Digest(ctx->pbCertEncoded, ctx->cbCertEncoded, expected, &len, md, NULL);
    cr_assert(CertGetCertificateContextProperty(ctx, id, NULL, &cb));
    cr_assert_eq(cb, size);
    cb = sizeof(value);
    cr_assert(CertGetCertificateContextProperty(ctx, id, value, &cb));
    cr_assert_eq(cb, size);
    cr_assert_arr_eq(value, expected, size);
}

Test(cert_props, hashes_are_computed)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);

    cr_assert_eq(CertEnumCertificateContextProperties(ctx, 0), 0, "nothing until asked");
    expect_digest(ctx, CERT_SHA1_HASH_PROP_ID, EVP_sha1(), 20);
    expect_digest(ctx, CERT_HASH_PROP_ID, EVP_sha1(), 20);
    expect_digest(ctx, CERT_MD5_HASH_PROP_ID, EVP_md5(), 16);
    cr_assert_eq(CertEnumCertificateContextProperties(ctx, 0), CERT_SHA1_HASH_PROP_ID,
                 "a computed hash is cached as a property");
    cr_assert_eq(CertEnumCertificateContextProperties(ctx, CERT_SHA1_HASH_PROP_ID),
                 CERT_MD5_HASH_PROP_ID);
    cr_assert_eq(CertEnumCertificateContextProperties(ctx, CERT_MD5_HASH_PROP_ID), 0);
    CertFreeCertificateContext(ctx);
}

Test(cert_props, size_protocol)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->ec);
    BYTE value[20];
    DWORD cb = 19;

    SetLastError(0);
    cr_assert_not(CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, value, &cb));
    cr_assert_eq(GetLastError(), ERROR_MORE_DATA);
    cr_assert_eq(cb, 20, "the needed size is reported");
    cb = 100;
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, value, &cb));
    cr_assert_eq(cb, 20, "the size is updated on success");

    cr_assert_not(CertGetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, NULL, &cb));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    cr_assert_not(CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, value, NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    cr_assert_not(CertGetCertificateContextProperty(NULL, CERT_SHA1_HASH_PROP_ID, value, &cb));
    CertFreeCertificateContext(ctx);
}

Test(cert_props, friendly_name_and_user_properties)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->ec), dup;
    static const BYTE user[] = {1, 2, 3};
    CRYPT_DATA_BLOB name = {sizeof(u"Friendly"), (BYTE *)u"Friendly"};
    CRYPT_DATA_BLOB blob = {sizeof(user), (BYTE *)user};
    WCHAR text[32];
    BYTE got[8];
    DWORD cb = sizeof(text);

    cr_assert(CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0, &name));
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, text, &cb));
    cr_assert_eq(cb, 18);
    cr_assert(wstr_eq(text, "Friendly"));

    cr_assert(CertSetCertificateContextProperty(ctx, CERT_FIRST_USER_PROP_ID, 0, &blob));
    dup = CertDuplicateCertificateContext(ctx);
    cb = sizeof(got);
    cr_assert(CertGetCertificateContextProperty(dup, CERT_FIRST_USER_PROP_ID, got, &cb),
              "duplicates share properties");
    cr_assert_eq(cb, 3);
    cr_assert_arr_eq(got, user, 3);
    cr_assert_eq(CertEnumCertificateContextProperties(ctx, CERT_FRIENDLY_NAME_PROP_ID),
                 CERT_FIRST_USER_PROP_ID);

    cr_assert(CertSetCertificateContextProperty(ctx, CERT_FIRST_USER_PROP_ID, 0, NULL),
              "NULL deletes");
    cr_assert_not(CertGetCertificateContextProperty(ctx, CERT_FIRST_USER_PROP_ID, NULL, &cb));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);

    cr_assert_not(CertSetCertificateContextProperty(ctx, 0, 0, &blob));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    cr_assert_not(CertSetCertificateContextProperty(ctx, 0x10000, 0, &blob));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    CertFreeCertificateContext(dup);
    CertFreeCertificateContext(ctx);
}

Test(cert_props, hash_can_be_overridden)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->ec);
    BYTE fake[20], got[20];
    CRYPT_HASH_BLOB blob = {sizeof(fake), fake};
    DWORD cb = sizeof(got);

    memset(fake, 0xAB, sizeof(fake));
    cr_assert(CertSetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, 0, &blob));
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, got, &cb));
    cr_assert_arr_eq(got, fake, 20);
    CertFreeCertificateContext(ctx);
}

Test(cert_props, key_prov_info_is_relocated)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    BYTE param_data[] = {9, 8, 7};
    CRYPT_KEY_PROV_PARAM param = {42, param_data, sizeof(param_data), 0};
    CRYPT_KEY_PROV_INFO info = {
        (LPWSTR)u"container", (LPWSTR)u"provider", PROV_RSA_FULL, CRYPT_MACHINE_KEYSET, 1, &param,
        AT_SIGNATURE};
    CRYPT_KEY_PROV_INFO *got;
    DWORD cb = 0, spec = 0, small;
    BYTE *buffer;

    cr_assert(CertSetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, 0, &info));
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, NULL, &cb));
    cr_assert_geq(cb, sizeof(CRYPT_KEY_PROV_INFO) + sizeof(u"container") + sizeof(u"provider") +
                          sizeof(param) + sizeof(param_data));
    small = cb - 1;
    buffer = calloc(1, cb);
    cr_assert_not(
        CertGetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, buffer, &small));
    cr_assert_eq(GetLastError(), ERROR_MORE_DATA);
    cr_assert_eq(small, cb);
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, buffer, &cb));
    got = (CRYPT_KEY_PROV_INFO *)buffer;
    cr_assert(wstr_eq(got->pwszContainerName, "container"));
    cr_assert(wstr_eq(got->pwszProvName, "provider"));
    cr_assert((BYTE *)got->pwszContainerName > buffer &&
                  (BYTE *)got->pwszContainerName < buffer + cb,
              "strings live in the caller's buffer");
    cr_assert_eq(got->dwProvType, PROV_RSA_FULL);
    cr_assert_eq(got->dwFlags, CRYPT_MACHINE_KEYSET);
    cr_assert_eq(got->dwKeySpec, AT_SIGNATURE);
    cr_assert_eq(got->cProvParam, 1);
    cr_assert_eq(got->rgProvParam[0].dwParam, 42);
    cr_assert_eq(got->rgProvParam[0].cbData, 3);
    cr_assert_arr_eq(got->rgProvParam[0].pbData, param_data, 3);
    cr_assert_neq(got->rgProvParam[0].pbData, param_data);

    cb = sizeof(spec);
    cr_assert(CertGetCertificateContextProperty(ctx, CERT_KEY_SPEC_PROP_ID, &spec, &cb),
              "the key spec comes from the provider info");
    cr_assert_eq(spec, AT_SIGNATURE);
    free(buffer);
    CertFreeCertificateContext(ctx);
}

Test(cert_props, key_spec_absent_without_key)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    DWORD spec, cb = sizeof(spec);

    cr_assert_not(CertGetCertificateContextProperty(ctx, CERT_KEY_SPEC_PROP_ID, &spec, &cb));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    CertFreeCertificateContext(ctx);
}

Test(cert_props, properties_follow_into_store)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa), stored;
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    CRYPT_DATA_BLOB name = {sizeof(u"in store"), (BYTE *)u"in store"};
    WCHAR text[16];
    DWORD cb = sizeof(text);

    cr_assert(CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0, &name));
    cr_assert(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_NEW, &stored));
    cr_assert(CertGetCertificateContextProperty(stored, CERT_FRIENDLY_NAME_PROP_ID, text, &cb));
    cr_assert(wstr_eq(text, "in store"));
    /* the copies are independent */
    cr_assert(CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0, NULL));
    cb = sizeof(text);
    cr_assert(CertGetCertificateContextProperty(stored, CERT_FRIENDLY_NAME_PROP_ID, text, &cb));
    CertFreeCertificateContext(stored);
    CertFreeCertificateContext(ctx);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}
