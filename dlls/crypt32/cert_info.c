/* Decodes an OpenSSL certificate into Windows' CERT_INFO, every buffer owned by one arena.
 * Integers are little-endian, as crypt32 stores them; names stay DER blobs. */
#include "crypt32_private.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <string.h>
#include <time.h>

/* 100-ns intervals between 1601-01-01 and 1970-01-01. */
#define EPOCH_DIFFERENCE_SECONDS 11644473600LL

static BOOL oid_string(const ASN1_OBJECT *oid, struct crypt32_arena *arena, LPSTR *out)
{
    char text[128];
    int len = OBJ_obj2txt(text, sizeof(text), oid, 1);

    if (len <= 0 || len >= (int)sizeof(text))
        return FALSE;
    *out = crypt32_arena_dup(arena, text, (size_t)len + 1);
    return *out != NULL;
}

/* Parameters are kept encoded (NULL parameters are the two bytes 05 00); absent ones are empty. */
static BOOL algorithm(const X509_ALGOR *alg, struct crypt32_arena *arena,
                      CRYPT_ALGORITHM_IDENTIFIER *out)
{
    unsigned char *der = NULL;
    int len;
    BOOL ok = FALSE;

    if (!oid_string(alg->algorithm, arena, &out->pszObjId))
        goto done;
    if (!alg->parameter) {
        ok = TRUE;
        goto done;
    }
    len = i2d_ASN1_TYPE(alg->parameter, &der);
    if (len < 0)
        goto done;
    out->Parameters.cbData = (DWORD)len;
    out->Parameters.pbData = crypt32_arena_dup(arena, der, (size_t)len);
    ok = out->Parameters.pbData != NULL;
done:
    OPENSSL_free(der);
    return ok;
}

static BOOL bits(const ASN1_BIT_STRING *value, struct crypt32_arena *arena, CRYPT_BIT_BLOB *out)
{
    int len;

    if (!value)
        return TRUE;
    len = ASN1_STRING_length(value);
    out->cbData = (DWORD)len;
    out->cUnusedBits = (value->flags & ASN1_STRING_FLAG_BITS_LEFT) ? (DWORD)(value->flags & 7) : 0;
    out->pbData = crypt32_arena_dup(arena, ASN1_STRING_get0_data(value), (size_t)len);
    return out->pbData != NULL;
}

static BOOL name(const X509_NAME *value, struct crypt32_arena *arena, CERT_NAME_BLOB *out)
{
    const unsigned char *der = NULL;
    size_t len = 0;

    if (!X509_NAME_get0_der((X509_NAME *)value, &der, &len))
        return FALSE;
    out->cbData = (DWORD)len;
    out->pbData = crypt32_arena_dup(arena, der, len);
    return out->pbData != NULL;
}

/* The INTEGER's content octets exactly as encoded (sign byte included), reversed. */
static BOOL serial(const ASN1_INTEGER *value, struct crypt32_arena *arena, CRYPT_INTEGER_BLOB *out)
{
    unsigned char *der = NULL, *p;
    int len = i2d_ASN1_INTEGER((ASN1_INTEGER *)value, &der);
    long content = 0;
    int tag, xclass;
    const unsigned char *cursor = der;
    BOOL ok = FALSE;
    long i;

    if (len <= 0)
        goto done;
    if (ASN1_get_object(&cursor, &content, &tag, &xclass, len) & 0x80)
        goto done;
    p = crypt32_arena_alloc(arena, (size_t)content);
    if (!p)
        goto done;
    for (i = 0; i < content; i++)
        p[i] = cursor[content - 1 - i];
    out->cbData = (DWORD)content;
    out->pbData = p;
    ok = TRUE;
done:
    OPENSSL_free(der);
    return ok;
}

static BOOL filetime(const ASN1_TIME *value, FILETIME *out)
{
    struct tm tm;
    ULONGLONG ticks;
    long long seconds;

    if (!ASN1_TIME_to_tm(value, &tm))
        return FALSE;
    seconds = (long long)timegm(&tm) + EPOCH_DIFFERENCE_SECONDS;
    if (seconds < 0)
        seconds = 0;
    ticks = (ULONGLONG)seconds * 10000000ULL;
    out->dwLowDateTime = (DWORD)ticks;
    out->dwHighDateTime = (DWORD)(ticks >> 32);
    return TRUE;
}

static BOOL extensions(X509 *x509, struct crypt32_arena *arena, CERT_INFO *info)
{
    int count = X509_get_ext_count(x509), i;

    if (count <= 0)
        return TRUE;
    info->rgExtension = crypt32_arena_alloc(arena, sizeof(CERT_EXTENSION) * (size_t)count);
    if (!info->rgExtension)
        return FALSE;
    for (i = 0; i < count; i++) {
        X509_EXTENSION *ext = X509_get_ext(x509, i);
        const ASN1_OCTET_STRING *value = X509_EXTENSION_get_data(ext);
        CERT_EXTENSION *out = &info->rgExtension[i];

        if (!oid_string(X509_EXTENSION_get_object(ext), arena, &out->pszObjId))
            return FALSE;
        out->fCritical = X509_EXTENSION_get_critical(ext) ? TRUE : FALSE;
        out->Value.cbData = (DWORD)ASN1_STRING_length(value);
        out->Value.pbData =
            crypt32_arena_dup(arena, ASN1_STRING_get0_data(value), out->Value.cbData);
        if (!out->Value.pbData)
            return FALSE;
    }
    info->cExtension = (DWORD)count;
    return TRUE;
}

PCERT_INFO crypt32_cert_info_build(X509 *x509, struct crypt32_arena *arena)
{
    CERT_INFO *info = crypt32_arena_alloc(arena, sizeof(*info));
    const ASN1_BIT_STRING *issuer_uid = NULL, *subject_uid = NULL;
    X509_PUBKEY *pubkey = X509_get_X509_PUBKEY(x509);
    X509_ALGOR *key_alg = NULL;
    const unsigned char *key_bits = NULL;
    int key_len = 0;

    if (!info)
        return NULL;
    info->dwVersion = (DWORD)X509_get_version(x509);
    if (!serial(X509_get0_serialNumber(x509), arena, &info->SerialNumber) ||
        !algorithm(X509_get0_tbs_sigalg(x509), arena, &info->SignatureAlgorithm) ||
        !name(X509_get_issuer_name(x509), arena, &info->Issuer) ||
        !name(X509_get_subject_name(x509), arena, &info->Subject) ||
        !filetime(X509_get0_notBefore(x509), &info->NotBefore) ||
        !filetime(X509_get0_notAfter(x509), &info->NotAfter))
        return NULL;
    if (!pubkey || !X509_PUBKEY_get0_param(NULL, &key_bits, &key_len, &key_alg, pubkey) ||
        !algorithm(key_alg, arena, &info->SubjectPublicKeyInfo.Algorithm))
        return NULL;
    {
        /* The key is a BIT STRING; X509_PUBKEY gives its bytes, the unused-bit count is 0 for
         * every key type in use. */
        info->SubjectPublicKeyInfo.PublicKey.cbData = (DWORD)key_len;
        info->SubjectPublicKeyInfo.PublicKey.pbData =
            crypt32_arena_dup(arena, key_bits, (size_t)key_len);
        if (!info->SubjectPublicKeyInfo.PublicKey.pbData)
            return NULL;
    }
    X509_get0_uids(x509, &issuer_uid, &subject_uid);
    if (!bits(issuer_uid, arena, &info->IssuerUniqueId) ||
        !bits(subject_uid, arena, &info->SubjectUniqueId) || !extensions(x509, arena, info))
        return NULL;
    return info;
}
