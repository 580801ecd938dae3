/* CertFindCertificateInStore: the search criteria Schannel and its callers use. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

static BOOL blob_equal(const CRYPT_DATA_BLOB *a, const BYTE *data, DWORD size)
{
    return a->cbData == size && (!size || !memcmp(a->pbData, data, size));
}

static BOOL match_hash(struct crypt32_cert *cert, DWORD prop_id, const void *param)
{
    const CRYPT_HASH_BLOB *wanted = param;
    const struct crypt32_prop *prop = crypt32_hash_prop_locked(cert, prop_id);

    return prop && blob_equal(wanted, prop->data, prop->size);
}

static BOOL match_sha1(struct crypt32_cert *cert, const void *param)
{
    return match_hash(cert, CERT_SHA1_HASH_PROP_ID, param);
}

static BOOL match_md5(struct crypt32_cert *cert, const void *param)
{
    return match_hash(cert, CERT_MD5_HASH_PROP_ID, param);
}

static BOOL match_existing(struct crypt32_cert *cert, const void *param)
{
    PCCERT_CONTEXT other = param;

    return cert->ctx.cbCertEncoded == other->cbCertEncoded &&
           !memcmp(cert->ctx.pbCertEncoded, other->pbCertEncoded, other->cbCertEncoded);
}

static BOOL match_subject_name(struct crypt32_cert *cert, const void *param)
{
    const CERT_NAME_BLOB *name = param;

    return blob_equal(&cert->ctx.pCertInfo->Subject, name->pbData, name->cbData);
}

static BOOL match_issuer_name(struct crypt32_cert *cert, const void *param)
{
    const CERT_NAME_BLOB *name = param;

    return blob_equal(&cert->ctx.pCertInfo->Issuer, name->pbData, name->cbData);
}

static BOOL match_property(struct crypt32_cert *cert, const void *param)
{
    DWORD id = *(const DWORD *)param;

    if (id == CERT_SHA1_HASH_PROP_ID || id == CERT_MD5_HASH_PROP_ID)
        return TRUE; /* computed on demand, so every certificate has them */
    return crypt32_prop_find(cert, id) != NULL;
}

static BOOL match_public_key(struct crypt32_cert *cert, const void *param)
{
    return CertComparePublicKeyInfo(X509_ASN_ENCODING, &cert->ctx.pCertInfo->SubjectPublicKeyInfo,
                                    (PCERT_PUBLIC_KEY_INFO)param);
}

static BOOL match_subject_cert(struct crypt32_cert *cert, const void *param)
{
    return CertCompareCertificate(X509_ASN_ENCODING, cert->ctx.pCertInfo, (PCERT_INFO)param);
}

/* The certificate's subject is the subject certificate's issuer. */
static BOOL match_issuer_of(struct crypt32_cert *cert, const void *param)
{
    PCCERT_CONTEXT subject = param;

    return blob_equal(&cert->ctx.pCertInfo->Subject, subject->pCertInfo->Issuer.pbData,
                      subject->pCertInfo->Issuer.cbData);
}

struct name_search {
    BOOL issuer;
    const char *needle; /* UTF-8 */
};

/* Windows matches the string case-insensitively anywhere in the name's text form. */
static BOOL match_name_str(struct crypt32_cert *cert, const void *param)
{
    const struct name_search *search = param;
    struct crypt32_strbuf text = {0};
    const CERT_NAME_BLOB *name =
        search->issuer ? &cert->ctx.pCertInfo->Issuer : &cert->ctx.pCertInfo->Subject;
    BOOL found;

    found =
        crypt32_name_to_utf8(name, CERT_SIMPLE_NAME_STR | CERT_NAME_STR_NO_QUOTING_FLAG, &text) &&
        crypt32_contains_nocase(text.data, search->needle);
    crypt32_strbuf_free(&text);
    return found;
}

PCCERT_CONTEXT WINAPI CertFindCertificateInStore(HCERTSTORE hCertStore, DWORD dwCertEncodingType,
                                                 DWORD dwFindFlags, DWORD dwFindType,
                                                 const void *pvFindPara,
                                                 PCCERT_CONTEXT pPrevCertContext)
{
    BOOL (*match)(struct crypt32_cert *, const void *) = NULL;
    const void *param = pvFindPara;
    struct name_search search = {FALSE, NULL};
    char *needle = NULL;
    PCCERT_CONTEXT found = NULL;

    switch (dwFindType) {
    case CERT_FIND_ANY:
        break;
    case CERT_FIND_SHA1_HASH:
        match = match_sha1;
        break;
    case CERT_FIND_MD5_HASH:
        match = match_md5;
        break;
    case CERT_FIND_EXISTING:
        match = match_existing;
        break;
    case CERT_FIND_SUBJECT_NAME:
        match = match_subject_name;
        break;
    case CERT_FIND_ISSUER_NAME:
        match = match_issuer_name;
        break;
    case CERT_FIND_PROPERTY:
        match = match_property;
        break;
    case CERT_FIND_PUBLIC_KEY:
        match = match_public_key;
        break;
    case CERT_FIND_SUBJECT_CERT:
        match = match_subject_cert;
        break;
    case CERT_FIND_ISSUER_OF:
        match = match_issuer_of;
        break;
    case CERT_FIND_SUBJECT_STR_A:
    case CERT_FIND_ISSUER_STR_A:
        if (pvFindPara)
            needle = strdup(pvFindPara);
        goto name_str;
    case CERT_FIND_SUBJECT_STR_W:
    case CERT_FIND_ISSUER_STR_W:
        if (pvFindPara)
            needle = crypt32_utf16_to_utf8(pvFindPara, crypt32_wcslen(pvFindPara));
    name_str:
        search.issuer = (dwFindType & 0xFFFF) == CERT_INFO_ISSUER_FLAG;
        search.needle = needle;
        match = match_name_str;
        param = &search;
        break;
    default:
        CertFreeCertificateContext(pPrevCertContext);
        crypt32_fail(E_INVALIDARG);
        return NULL;
    }
    if (match && !pvFindPara) {
        CertFreeCertificateContext(pPrevCertContext);
        crypt32_fail(E_INVALIDARG);
        goto done;
    }
    if (match == match_name_str && !needle) {
        CertFreeCertificateContext(pPrevCertContext);
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
        goto done;
    }
    found = crypt32_store_next(hCertStore, pPrevCertContext, match, param);
done:
    free(needle);
    return found;
}
