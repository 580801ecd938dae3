/* The private key behind a certificate on Windows and Wine, reached through
 * CryptAcquireCertificatePrivateKey (CryptoAPI and CNG keys): exported into an OpenSSL key when
 * the key allows it, otherwise left in its provider and signed with through it. */
#include "tls_key_win32.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <stdlib.h>
#include <string.h>

/* A little-endian integer from a CryptoAPI blob, as an OpenSSL BIGNUM. */
static BIGNUM *bn_le(const BYTE **pos, const BYTE *end, DWORD len)
{
    BIGNUM *bn;
    if ((size_t)(end - *pos) < len)
        return NULL;
    bn = BN_lebin2bn(*pos, (int)len, NULL);
    *pos += len;
    return bn;
}

static BIGNUM *bn_be(const BYTE **pos, const BYTE *end, DWORD len)
{
    BIGNUM *bn;
    if ((size_t)(end - *pos) < len)
        return NULL;
    bn = BN_bin2bn(*pos, (int)len, NULL);
    *pos += len;
    return bn;
}

enum { RSA_N, RSA_E, RSA_D, RSA_P, RSA_Q, RSA_DP, RSA_DQ, RSA_QINV, RSA_PARTS };

static EVP_PKEY *rsa_from_parts(BIGNUM *parts[RSA_PARTS])
{
    static const char *const names[RSA_PARTS] = {
        OSSL_PKEY_PARAM_RSA_N,         OSSL_PKEY_PARAM_RSA_E,
        OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,
        OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
        OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
    };
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *key = NULL;
    int i;

    if (!bld)
        goto done;
    for (i = 0; i < RSA_PARTS; i++) {
        if (!parts[i] || !OSSL_PARAM_BLD_push_BN(bld, names[i], parts[i]))
            goto done;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) != 1)
        key = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return key;
}

static void free_parts(BIGNUM *parts[RSA_PARTS])
{
    int i;
    for (i = 0; i < RSA_PARTS; i++)
        BN_clear_free(parts[i]);
}

/* d, dp, dq and qinv worked out again from p, q and e, after checking p * q == n. Wine 8's PFX
 * import stores a component that has a leading zero byte one byte short, so the qinv and d it
 * exports (about one RSA key in ninety) are wrong while n, p and q are right;
 * recomputed, the key signs correctly (on Windows, where the blob is right, an equivalent key). */
static int rsa_rebuild_private(BIGNUM *parts[RSA_PARTS])
{
    BN_CTX *bn = BN_CTX_new();
    BIGNUM *p1 = BN_new(), *q1 = BN_new(), *lambda = BN_new(), *gcd = BN_new();
    BIGNUM *d = BN_new(), *dp = BN_new(), *dq = BN_new(), *qinv = BN_new();
    int ok = 0;

    if (!bn || !p1 || !q1 || !lambda || !gcd || !d || !dp || !dq || !qinv)
        goto done;
    if (!parts[RSA_N] || !parts[RSA_E] || !parts[RSA_P] || !parts[RSA_Q] ||
        !BN_mul(lambda, parts[RSA_P], parts[RSA_Q], bn) || BN_cmp(lambda, parts[RSA_N]) != 0)
        goto done;
    /* lambda = lcm(p - 1, q - 1) */
    if (!BN_sub(p1, parts[RSA_P], BN_value_one()) || !BN_sub(q1, parts[RSA_Q], BN_value_one()) ||
        !BN_gcd(gcd, p1, q1, bn) || !BN_mul(lambda, p1, q1, bn) ||
        !BN_div(lambda, NULL, lambda, gcd, bn) || !BN_mod_inverse(d, parts[RSA_E], lambda, bn) ||
        !BN_mod(dp, d, p1, bn) || !BN_mod(dq, d, q1, bn) ||
        !BN_mod_inverse(qinv, parts[RSA_Q], parts[RSA_P], bn))
        goto done;
    BN_clear_free(parts[RSA_D]);
    BN_clear_free(parts[RSA_DP]);
    BN_clear_free(parts[RSA_DQ]);
    BN_clear_free(parts[RSA_QINV]);
    parts[RSA_D] = d;
    parts[RSA_DP] = dp;
    parts[RSA_DQ] = dq;
    parts[RSA_QINV] = qinv;
    d = dp = dq = qinv = NULL;
    ok = 1;
done:
    BN_clear_free(d);
    BN_clear_free(dp);
    BN_clear_free(dq);
    BN_clear_free(qinv);
    BN_clear_free(lambda);
    BN_free(p1);
    BN_free(q1);
    BN_free(gcd);
    BN_CTX_free(bn);
    return ok;
}

/* PRIVATEKEYBLOB: BLOBHEADER, RSAPUBKEY, then n, p, q, dp, dq, qinv, d (little-endian). */
static EVP_PKEY *rsa_from_capi_blob(const BYTE *blob, DWORD size)
{
    const BYTE *pos = blob, *end = blob + size;
    const RSAPUBKEY *rsa;
    BIGNUM *parts[RSA_PARTS] = {0};
    EVP_PKEY *key = NULL;
    DWORD bytes, half;

    if (size < sizeof(BLOBHEADER) + sizeof(RSAPUBKEY))
        return NULL;
    rsa = (const RSAPUBKEY *)(blob + sizeof(BLOBHEADER));
    if (rsa->magic != 0x32415352 /* "RSA2" */)
        return NULL;
    bytes = rsa->bitlen / 8;
    half = (rsa->bitlen + 15) / 16;
    pos += sizeof(BLOBHEADER) + sizeof(RSAPUBKEY);
    parts[RSA_E] = BN_new();
    if (parts[RSA_E])
        BN_set_word(parts[RSA_E], rsa->pubexp);
    parts[RSA_N] = bn_le(&pos, end, bytes);
    parts[RSA_P] = bn_le(&pos, end, half);
    parts[RSA_Q] = bn_le(&pos, end, half);
    parts[RSA_DP] = bn_le(&pos, end, half);
    parts[RSA_DQ] = bn_le(&pos, end, half);
    parts[RSA_QINV] = bn_le(&pos, end, half);
    parts[RSA_D] = bn_le(&pos, end, bytes);
    if (parts[RSA_D] && rsa_rebuild_private(parts))
        key = rsa_from_parts(parts);
    free_parts(parts);
    return key;
}

/* BCRYPT_RSAFULLPRIVATE_BLOB: header, then e, n, p, q, dp, dq, qinv, d (big-endian). */
static EVP_PKEY *rsa_from_cng_blob(const BYTE *blob, DWORD size)
{
    const BCRYPT_RSAKEY_BLOB *header = (const BCRYPT_RSAKEY_BLOB *)blob;
    const BYTE *pos = blob + sizeof(*header), *end = blob + size;
    BIGNUM *parts[RSA_PARTS] = {0};
    EVP_PKEY *key;

    if (size < sizeof(*header) || header->Magic != BCRYPT_RSAFULLPRIVATE_MAGIC)
        return NULL;
    parts[RSA_E] = bn_be(&pos, end, header->cbPublicExp);
    parts[RSA_N] = bn_be(&pos, end, header->cbModulus);
    parts[RSA_P] = bn_be(&pos, end, header->cbPrime1);
    parts[RSA_Q] = bn_be(&pos, end, header->cbPrime2);
    parts[RSA_DP] = bn_be(&pos, end, header->cbPrime1);
    parts[RSA_DQ] = bn_be(&pos, end, header->cbPrime2);
    parts[RSA_QINV] = bn_be(&pos, end, header->cbPrime1);
    parts[RSA_D] = bn_be(&pos, end, header->cbModulus);
    key = rsa_from_parts(parts);
    free_parts(parts);
    return key;
}

/* BCRYPT_ECCPRIVATE_BLOB: header, then X, Y, d (big-endian, cbKey bytes each). */
static EVP_PKEY *ec_from_cng_blob(const BYTE *blob, DWORD size)
{
    const BCRYPT_ECCKEY_BLOB *header = (const BCRYPT_ECCKEY_BLOB *)blob;
    const char *curve;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *key = NULL;
    BIGNUM *d = NULL;
    unsigned char *point = NULL;
    DWORD len;

    if (size < sizeof(*header))
        return NULL;
    len = header->cbKey;
    if (size < sizeof(*header) + 3 * len)
        return NULL;
    switch (header->dwMagic) {
    case BCRYPT_ECDSA_PRIVATE_P256_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P256_MAGIC:
        curve = "P-256";
        break;
    case BCRYPT_ECDSA_PRIVATE_P384_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P384_MAGIC:
        curve = "P-384";
        break;
    case BCRYPT_ECDSA_PRIVATE_P521_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P521_MAGIC:
        curve = "P-521";
        break;
    default:
        return NULL;
    }
    point = malloc(1 + 2 * (size_t)len);
    d = BN_bin2bn(blob + sizeof(*header) + 2 * len, (int)len, NULL);
    bld = OSSL_PARAM_BLD_new();
    if (!point || !d || !bld)
        goto done;
    point[0] = 4; /* uncompressed */
    memcpy(point + 1, blob + sizeof(*header), 2 * (size_t)len);
    if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, curve, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point,
                                          1 + 2 * (size_t)len) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d))
        goto done;
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) != 1)
        key = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(d);
    free(point);
    return key;
}

static EVP_PKEY *export_capi_key(HCRYPTPROV prov, DWORD key_spec)
{
    HCRYPTKEY handle = 0;
    BYTE *blob = NULL;
    DWORD size = 0;
    EVP_PKEY *key = NULL;

    /* Wine reports key spec 3 for PFX-imported keys; the container holds an exchange key. */
    if ((key_spec != AT_KEYEXCHANGE && key_spec != AT_SIGNATURE) ||
        !CryptGetUserKey(prov, key_spec, &handle)) {
        if (!CryptGetUserKey(prov, AT_KEYEXCHANGE, &handle) &&
            !CryptGetUserKey(prov, AT_SIGNATURE, &handle))
            return NULL;
    }
    if (CryptExportKey(handle, 0, PRIVATEKEYBLOB, 0, NULL, &size) && (blob = malloc(size)) &&
        CryptExportKey(handle, 0, PRIVATEKEYBLOB, 0, blob, &size))
        key = rsa_from_capi_blob(blob, size);
    if (blob) {
        SecureZeroMemory(blob, size);
        free(blob);
    }
    CryptDestroyKey(handle);
    return key;
}

static EVP_PKEY *export_cng_key(NCRYPT_KEY_HANDLE handle)
{
    static const struct {
        LPCWSTR type;
        EVP_PKEY *(*convert)(const BYTE *, DWORD);
    } formats[] = {
        {BCRYPT_RSAFULLPRIVATE_BLOB, rsa_from_cng_blob},
        {BCRYPT_ECCPRIVATE_BLOB, ec_from_cng_blob},
    };
    EVP_PKEY *key = NULL;
    size_t i;

    for (i = 0; !key && i < sizeof(formats) / sizeof(formats[0]); i++) {
        DWORD size = 0;
        BYTE *blob;
        if (NCryptExportKey(handle, 0, formats[i].type, NULL, NULL, 0, &size, 0) != ERROR_SUCCESS)
            continue;
        blob = malloc(size);
        if (blob && NCryptExportKey(handle, 0, formats[i].type, NULL, blob, size, &size, 0) ==
                        ERROR_SUCCESS)
            key = formats[i].convert(blob, size);
        if (blob) {
            SecureZeroMemory(blob, size);
            free(blob);
        }
    }
    return key;
}

SECURITY_STATUS tls_load_private_key(PCCERT_CONTEXT cert, EVP_PKEY **key)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0;
    DWORD key_spec = 0;
    BOOL caller_frees = FALSE;
    win_key *held = NULL;

    *key = NULL;
    /* A key imported with PKCS12_NO_PERSIST_KEY (curl's --cert x.pfx) lives only in the
     * certificate's key context, which Wine's crypt32 hands out only as a cached handle. */
    if (!CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &handle,
                                           &key_spec, &caller_frees) &&
        !CryptAcquireCertificatePrivateKey(
            cert, CRYPT_ACQUIRE_CACHE_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &handle,
            &key_spec, &caller_frees))
        return SEC_E_NO_CREDENTIALS; /* a certificate without a key, as Windows reports it */
    if (key_spec == CERT_NCRYPT_KEY_SPEC)
        *key = export_cng_key(handle);
    else
        *key = export_capi_key(handle, key_spec);
    /* A key that refuses export signs where it lives; the win_key then owns the handle. */
    if (!*key && (held = win_key_new(cert, handle, key_spec, caller_frees))) {
        caller_frees = FALSE;
        *key = win_key_to_evp(held);
        win_key_unref(held);
    }
    if (caller_frees) {
        if (key_spec == CERT_NCRYPT_KEY_SPEC)
            NCryptFreeObject(handle);
        else
            CryptReleaseContext(handle, 0);
    }
    return *key ? SEC_E_OK : SEC_E_NO_CREDENTIALS;
}
