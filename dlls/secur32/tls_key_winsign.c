/* Signing with a private key that stays in its Windows provider: NCryptSignHash for CNG keys
 * (PKCS#1 v1.5, PSS, ECDSA), CryptSignHash for CryptoAPI keys (PKCS#1 v1.5 only). */
#include "tls_key_win32.h"

#include <openssl/ec.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name; /* an OpenSSL name of the digest */
    LPCWSTR cng;
    ALG_ID capi;
} digests[] = {
    {"SHA256", BCRYPT_SHA256_ALGORITHM, CALG_SHA_256},
    {"SHA384", BCRYPT_SHA384_ALGORITHM, CALG_SHA_384},
    {"SHA512", BCRYPT_SHA512_ALGORITHM, CALG_SHA_512},
    {"SHA1", BCRYPT_SHA1_ALGORITHM, CALG_SHA1},
    {"MD5-SHA1", NULL, CALG_SSL3_SHAMD5}, /* TLS 1.0/1.1: no DigestInfo */
};

static int find_digest(const EVP_MD *md)
{
    size_t i;
    for (i = 0; md && i < sizeof(digests) / sizeof(digests[0]); i++) {
        if (EVP_MD_is_a(md, digests[i].name))
            return (int)i;
    }
    return -1;
}

/* The Enhanced provider Windows and Wine import PFX keys into has no SHA-2; the AES provider
 * reads the same container and has. */
static HCRYPTPROV open_sha2_provider(PCCERT_CONTEXT cert)
{
    CRYPT_KEY_PROV_INFO *info = NULL;
    HCRYPTPROV prov = 0;
    DWORD size = 0;

    if (!CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size) ||
        !(info = malloc(size)) ||
        !CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, info, &size))
        goto done;
    if (info->dwProvType != PROV_RSA_FULL && info->dwProvType != PROV_RSA_AES)
        goto done;
    if (!CryptAcquireContextW(&prov, info->pwszContainerName, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
                              (info->dwFlags & CRYPT_MACHINE_KEYSET) | CRYPT_SILENT))
        prov = 0;
done:
    free(info);
    return prov;
}

static int capi_can_hash(HCRYPTPROV prov, ALG_ID alg)
{
    HCRYPTHASH hash;
    if (!CryptCreateHash(prov, alg, 0, 0, &hash))
        return 0;
    CryptDestroyHash(hash);
    return 1;
}

/* Wine reports key spec 3 for PFX keys: use whichever key the container holds. */
static DWORD capi_key_spec(HCRYPTPROV prov, DWORD reported)
{
    static const DWORD specs[] = {AT_KEYEXCHANGE, AT_SIGNATURE};
    HCRYPTKEY handle;
    size_t i;

    if (reported == AT_KEYEXCHANGE || reported == AT_SIGNATURE)
        return reported;
    for (i = 0; i < 2; i++) {
        if (CryptGetUserKey(prov, specs[i], &handle)) {
            CryptDestroyKey(handle);
            return specs[i];
        }
    }
    return AT_KEYEXCHANGE;
}

win_key *win_key_new(PCCERT_CONTEXT cert, HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle, DWORD key_spec,
                     BOOL caller_frees)
{
    const unsigned char *der = cert->pbCertEncoded;
    win_key *key = calloc(1, sizeof(*key));
    X509 *x509 = NULL;

    if (!key)
        goto fail;
    key->refs = 1;
    if (key_spec == CERT_NCRYPT_KEY_SPEC)
        key->ncrypt = handle;
    else
        key->capi = handle;
    /* A handle the certificate owns lives as long as the certificate does. */
    if (!caller_frees)
        key->cert = CertDuplicateCertificateContext(cert);
    if (key->capi) {
        key->key_spec = capi_key_spec(key->capi, key_spec);
        key->capi_sha2 = open_sha2_provider(cert);
        key->capi_has_sha2 =
            capi_can_hash(key->capi_sha2 ? key->capi_sha2 : key->capi, CALG_SHA_256);
    }
    x509 = d2i_X509(NULL, &der, (long)cert->cbCertEncoded);
    key->pub = x509 ? X509_get_pubkey(x509) : NULL;
    X509_free(x509);
    if (!key->pub || (!EVP_PKEY_is_a(key->pub, "RSA") && !EVP_PKEY_is_a(key->pub, "EC")))
        goto fail;
    key->is_ec = EVP_PKEY_is_a(key->pub, "EC");
    if (key->is_ec && !key->ncrypt)
        goto fail; /* CryptoAPI has no ECDSA */
    return key;
fail:
    if (key) {
        key->refs = 1;
        key->ncrypt = 0; /* the caller still owns the handle on failure */
        key->capi = 0;
        win_key_unref(key);
    }
    return NULL;
}

void win_key_ref(win_key *key)
{
    __atomic_add_fetch(&key->refs, 1, __ATOMIC_ACQ_REL);
}

void win_key_unref(win_key *key)
{
    if (!key || __atomic_sub_fetch(&key->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (!key->cert && key->ncrypt)
        NCryptFreeObject(key->ncrypt);
    if (!key->cert && key->capi)
        CryptReleaseContext(key->capi, 0);
    if (key->capi_sha2)
        CryptReleaseContext(key->capi_sha2, 0);
    if (key->cert)
        CertFreeCertificateContext(key->cert);
    EVP_PKEY_free(key->pub);
    free(key);
}

int win_key_pkcs1_only(const win_key *key)
{
    if (key->is_ec || key->ncrypt)
        return TLS_KEY_ANY_PADDING;
    return key->capi_has_sha2 ? TLS_KEY_PKCS1 : TLS_KEY_PKCS1_SHA1;
}

/* NCrypt returns r || s; TLS carries an ECDSA-Sig-Value (DER). */
static int ecdsa_to_der(const BYTE *raw, DWORD raw_len, unsigned char *sig, size_t *sig_len,
                        size_t sig_size)
{
    ECDSA_SIG *ecdsa = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, (int)(raw_len / 2), NULL);
    BIGNUM *s = BN_bin2bn(raw + raw_len / 2, (int)(raw_len / 2), NULL);
    unsigned char *out = sig;
    int len, ok = 0;

    if (!ecdsa || !r || !s || !ECDSA_SIG_set0(ecdsa, r, s))
        goto done;
    r = s = NULL; /* owned by ecdsa now */
    len = i2d_ECDSA_SIG(ecdsa, NULL);
    if (len <= 0 || (size_t)len > sig_size)
        goto done;
    *sig_len = (size_t)i2d_ECDSA_SIG(ecdsa, &out);
    ok = 1;
done:
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(ecdsa);
    return ok;
}

static int sign_cng(win_key *key, int digest, enum win_key_padding padding, int salt_len,
                    const unsigned char *hash, size_t hash_len, unsigned char *sig, size_t *sig_len,
                    size_t sig_size)
{
    BCRYPT_PKCS1_PADDING_INFO pkcs1 = {digest >= 0 ? digests[digest].cng : NULL};
    BCRYPT_PSS_PADDING_INFO pss = {digest >= 0 ? digests[digest].cng : NULL, (ULONG)salt_len};
    BYTE raw[256];
    DWORD out_len = 0;
    SECURITY_STATUS status;

    if (key->is_ec) {
        status = NCryptSignHash(key->ncrypt, NULL, (BYTE *)hash, (DWORD)hash_len, raw, sizeof(raw),
                                &out_len, 0);
        return status == ERROR_SUCCESS && ecdsa_to_der(raw, out_len, sig, sig_len, sig_size);
    }
    if (padding == WIN_KEY_PAD_PSS && !pss.pszAlgId)
        return 0;
    status = NCryptSignHash(key->ncrypt, padding == WIN_KEY_PAD_PSS ? (void *)&pss : (void *)&pkcs1,
                            (BYTE *)hash, (DWORD)hash_len, sig, (DWORD)sig_size, &out_len,
                            padding == WIN_KEY_PAD_PSS ? BCRYPT_PAD_PSS : BCRYPT_PAD_PKCS1);
    if (status != ERROR_SUCCESS)
        return 0;
    *sig_len = out_len;
    return 1;
}

static int sign_capi(win_key *key, int digest, const unsigned char *hash, size_t hash_len,
                     unsigned char *sig, size_t *sig_len, size_t sig_size)
{
    HCRYPTHASH handle = 0;
    DWORD out_len = (DWORD)sig_size, i;
    int ok = 0;

    if (digest < 0 || (!(key->capi_sha2 &&
                         CryptCreateHash(key->capi_sha2, digests[digest].capi, 0, 0, &handle)) &&
                       !CryptCreateHash(key->capi, digests[digest].capi, 0, 0, &handle)))
        return 0;
    if (!CryptSetHashParam(handle, HP_HASHVAL, hash, 0) ||
        !CryptSignHashW(handle, key->key_spec, NULL, 0, sig, &out_len))
        goto done;
    (void)hash_len;
    for (i = 0; i < out_len / 2; i++) { /* CryptoAPI writes little-endian */
        unsigned char byte = sig[i];
        sig[i] = sig[out_len - 1 - i];
        sig[out_len - 1 - i] = byte;
    }
    *sig_len = out_len;
    ok = 1;
done:
    CryptDestroyHash(handle);
    return ok;
}

int win_key_sign(win_key *key, const EVP_MD *md, enum win_key_padding padding, int salt_len,
                 const unsigned char *digest, size_t digest_len, unsigned char *sig,
                 size_t *sig_len, size_t sig_size)
{
    int index = find_digest(md);

    if (index < 0 && !key->is_ec)
        return 0;
    if (key->ncrypt)
        return sign_cng(key, index, padding, salt_len, digest, digest_len, sig, sig_len, sig_size);
    if (padding != WIN_KEY_PAD_PKCS1)
        return 0; /* CryptSignHash pads PKCS#1 v1.5 only */
    return sign_capi(key, index, digest, digest_len, sig, sig_len, sig_size);
}
