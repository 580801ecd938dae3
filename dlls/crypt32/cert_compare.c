/* Comparisons and lookups on decoded certificate fields. */
#include "crypt32_private.h"

#include <openssl/asn1.h>
#include <string.h>
#include <time.h>

#define EPOCH_DIFFERENCE_TICKS 116444736000000000ULL

static BOOL blobs_equal(const CRYPT_DATA_BLOB *a, const CRYPT_DATA_BLOB *b)
{
    return a->cbData == b->cbData && (!a->cbData || !memcmp(a->pbData, b->pbData, a->cbData));
}

/* Serial numbers compare as integers: high-order zero bytes (stored last) do not count. */
static DWORD significant_length(const CRYPT_INTEGER_BLOB *value)
{
    DWORD len = value->cbData;

    while (len > 1 && value->pbData[len - 1] == 0)
        len--;
    return len;
}

BOOL WINAPI CertCompareCertificateName(DWORD dwCertEncodingType, PCERT_NAME_BLOB pCertName1,
                                       PCERT_NAME_BLOB pCertName2)
{
    if (!pCertName1 || !pCertName2) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    return blobs_equal(pCertName1, pCertName2);
}

BOOL WINAPI CertCompareCertificate(DWORD dwCertEncodingType, PCERT_INFO pCertId1,
                                   PCERT_INFO pCertId2)
{
    DWORD len1, len2;

    if (!pCertId1 || !pCertId2) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    len1 = significant_length(&pCertId1->SerialNumber);
    len2 = significant_length(&pCertId2->SerialNumber);
    if (len1 != len2 ||
        (len1 && memcmp(pCertId1->SerialNumber.pbData, pCertId2->SerialNumber.pbData, len1)))
        return FALSE;
    return blobs_equal(&pCertId1->Issuer, &pCertId2->Issuer);
}

BOOL WINAPI CertComparePublicKeyInfo(DWORD dwCertEncodingType, PCERT_PUBLIC_KEY_INFO pPublicKey1,
                                     PCERT_PUBLIC_KEY_INFO pPublicKey2)
{
    const CRYPT_BIT_BLOB *a, *b;

    if (!pPublicKey1 || !pPublicKey2) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    a = &pPublicKey1->PublicKey;
    b = &pPublicKey2->PublicKey;
    if (!pPublicKey1->Algorithm.pszObjId || !pPublicKey2->Algorithm.pszObjId ||
        strcmp(pPublicKey1->Algorithm.pszObjId, pPublicKey2->Algorithm.pszObjId))
        return FALSE;
    return a->cbData == b->cbData && a->cUnusedBits == b->cUnusedBits &&
           (!a->cbData || !memcmp(a->pbData, b->pbData, a->cbData));
}

PCERT_EXTENSION WINAPI CertFindExtension(LPCSTR pszObjId, DWORD cExtensions,
                                         CERT_EXTENSION rgExtensions[])
{
    DWORD i;

    if (!pszObjId || (cExtensions && !rgExtensions)) {
        crypt32_fail(E_INVALIDARG);
        return NULL;
    }
    for (i = 0; i < cExtensions; i++) {
        if (rgExtensions[i].pszObjId && !strcmp(rgExtensions[i].pszObjId, pszObjId))
            return &rgExtensions[i];
    }
    crypt32_fail(CRYPT_E_NOT_FOUND);
    return NULL;
}

static ULONGLONG ticks(const FILETIME *value)
{
    return ((ULONGLONG)value->dwHighDateTime << 32) | value->dwLowDateTime;
}

LONG WINAPI CertVerifyTimeValidity(LPFILETIME pTimeToVerify, PCERT_INFO pCertInfo)
{
    ULONGLONG now;

    if (pTimeToVerify) {
        now = ticks(pTimeToVerify);
    } else {
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        now = (ULONGLONG)ts.tv_sec * 10000000ULL + (ULONGLONG)ts.tv_nsec / 100 +
              EPOCH_DIFFERENCE_TICKS;
    }
    if (now < ticks(&pCertInfo->NotBefore))
        return -1;
    if (now > ticks(&pCertInfo->NotAfter))
        return 1;
    return 0;
}

/* The key usage bits, first byte first; FALSE with last error 0 when there is no extension. */
BOOL WINAPI CertGetIntendedKeyUsage(DWORD dwCertEncodingType, PCERT_INFO pCertInfo,
                                    BYTE *pbKeyUsage, DWORD cbKeyUsage)
{
    PCERT_EXTENSION ext;
    ASN1_BIT_STRING *usage = NULL;
    const unsigned char *cursor;
    BOOL ok = FALSE;
    DWORD len;

    if (!pCertInfo) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    if (pbKeyUsage && cbKeyUsage)
        memset(pbKeyUsage, 0, cbKeyUsage);
    ext = CertFindExtension(szOID_KEY_USAGE, pCertInfo->cExtension, pCertInfo->rgExtension);
    if (!ext) {
        crypt32_fail(0);
        goto done;
    }
    cursor = ext->Value.pbData;
    usage = d2i_ASN1_BIT_STRING(NULL, &cursor, (long)ext->Value.cbData);
    if (!usage) {
        crypt32_fail(CRYPT_E_ASN1_BADTAG);
        goto done;
    }
    len = (DWORD)ASN1_STRING_length(usage);
    if (pbKeyUsage && len)
        memcpy(pbKeyUsage, ASN1_STRING_get0_data(usage), len < cbKeyUsage ? len : cbKeyUsage);
    ok = TRUE;
done:
    ASN1_BIT_STRING_free(usage);
    return ok;
}
