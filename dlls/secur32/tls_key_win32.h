/* Private keys that stay in their Windows provider (CNG or CryptoAPI): signing goes through the
 * provider, and an OpenSSL provider ("sspishim-winkey") presents such keys to libssl. */
#ifndef SSPISHIM_TLS_KEY_WIN32_H
#define SSPISHIM_TLS_KEY_WIN32_H

#include "tls_internal.h"

#include <ncrypt.h>

enum win_key_padding { WIN_KEY_PAD_PKCS1, WIN_KEY_PAD_PSS, WIN_KEY_PAD_NONE /* ECDSA */ };

typedef struct win_key {
    int refs;
    int is_ec;
    EVP_PKEY *pub;            /* the certificate's public key (default provider) */
    PCCERT_CONTEXT cert;      /* keeps a handle we do not own alive */
    NCRYPT_KEY_HANDLE ncrypt; /* CNG key, or 0 */
    HCRYPTPROV capi;          /* CryptoAPI container, or 0 */
    HCRYPTPROV capi_sha2;     /* the same container through the AES provider (SHA-2), or 0 */
    DWORD key_spec;           /* AT_KEYEXCHANGE or AT_SIGNATURE for CryptoAPI keys */
    int capi_has_sha2;        /* the CryptoAPI key can sign SHA-256 digests */
} win_key;

/* tls_key_winsign.c: takes the handle from CryptAcquireCertificatePrivateKey. */
win_key *win_key_new(PCCERT_CONTEXT cert, HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle, DWORD key_spec,
                     BOOL caller_frees);
void win_key_ref(win_key *key);
void win_key_unref(win_key *key);
/* What a key can sign, as TLS_KEY_PARAM_PKCS1_ONLY reports it (TLS_KEY_ANY_PADDING for CNG
 * keys; CryptoAPI keys pad PKCS#1 v1.5 only, some with SHA-1 as their best digest). */
int win_key_pkcs1_only(const win_key *key);
/* Signs a digest; ECDSA signatures come out DER-encoded as OpenSSL expects. */
int win_key_sign(win_key *key, const EVP_MD *md, enum win_key_padding padding, int salt_len,
                 const unsigned char *digest, size_t digest_len, unsigned char *sig,
                 size_t *sig_len, size_t sig_size);

/* tls_key_provider.c: an EVP_PKEY holding a reference to `key`. */
EVP_PKEY *win_key_to_evp(win_key *key);

#endif
