/* A credential's cipher policy (SCHANNEL_CRED dwMinimumCipherStrength, dwMaximumCipherStrength
 * and palgSupportedAlgs): the suites Windows would offer, less those whose bulk cipher is weaker
 * or stronger than the limits or that use an algorithm the caller's list leaves out. The list is
 * read per kind of algorithm: naming any bulk cipher limits the bulk ciphers, naming any key
 * exchange limits the key exchanges, and so on; a kind the list does not name stays open. */
#include "tls_internal.h"

#include <stdlib.h>
#include <string.h>

enum alg_kind { KIND_CIPHER, KIND_EXCHANGE, KIND_SIGNATURE, KIND_HASH, KIND_COUNT };

static int kind_of(ALG_ID alg)
{
    switch (GET_ALG_CLASS(alg)) {
    case ALG_CLASS_DATA_ENCRYPT:
        return KIND_CIPHER;
    case ALG_CLASS_KEY_EXCHANGE:
        return KIND_EXCHANGE;
    case ALG_CLASS_SIGNATURE:
        return KIND_SIGNATURE;
    case ALG_CLASS_HASH:
        return KIND_HASH;
    default:
        return -1;
    }
}

/* Whether `alg` (0: the suite does not fix one) passes the caller's list for its kind. */
static int allowed(const tls_cipher_policy *policy, int kind, ALG_ID alg)
{
    int named = 0;
    size_t i;

    for (i = 0; i < policy->alg_count; i++) {
        if (kind_of(policy->algs[i]) != kind)
            continue;
        if (policy->algs[i] == alg)
            return 1;
        named = 1;
    }
    return !named || !alg;
}

static ALG_ID exchange_of(const SSL_CIPHER *cipher)
{
    switch (SSL_CIPHER_get_kx_nid(cipher)) {
    case NID_kx_rsa:
        return CALG_RSA_KEYX;
    case NID_kx_dhe:
        return CALG_DH_EPHEM;
    case NID_kx_ecdhe:
        return CALG_ECDH_EPHEM;
    default: /* TLS 1.3: the groups decide */
        return 0;
    }
}

static ALG_ID signature_of(const SSL_CIPHER *cipher)
{
    switch (SSL_CIPHER_get_auth_nid(cipher)) {
    case NID_auth_rsa:
        return CALG_RSA_SIGN;
    case NID_auth_ecdsa:
        return CALG_ECDSA;
    default: /* TLS 1.3: the certificate decides */
        return 0;
    }
}

static int suite_passes(const SSL_CIPHER *cipher, const tls_cipher_policy *policy)
{
    DWORD bits = (DWORD)SSL_CIPHER_get_bits(cipher, NULL);
    int mac = SSL_CIPHER_get_digest_nid(cipher);
    const EVP_MD *prf = SSL_CIPHER_get_handshake_digest(cipher);

    /* AEAD suites have no MAC: their hash is the PRF's, as CONNECTION_INFO reports it. */
    if (mac == NID_undef && prf)
        mac = EVP_MD_get_type(prf);

    if (policy->min_bits && bits < policy->min_bits)
        return 0;
    if (policy->max_bits && bits > policy->max_bits)
        return 0;
    return allowed(policy, KIND_CIPHER,
                   tls_cipher_alg_id(SSL_CIPHER_get_cipher_nid(cipher), (int)bits)) &&
           allowed(policy, KIND_EXCHANGE, exchange_of(cipher)) &&
           allowed(policy, KIND_SIGNATURE, signature_of(cipher)) &&
           allowed(policy, KIND_HASH, tls_hash_alg_id(mac));
}

static int append_name(char *list, size_t size, const char *name)
{
    size_t used = strlen(list), len = strlen(name);
    if (used + len + 2 > size)
        return 0;
    if (used)
        list[used++] = ':';
    memcpy(list + used, name, len + 1);
    return 1;
}

int tls_apply_cipher_policy(SSL_CTX *ctx, const tls_cipher_policy *policy)
{
    STACK_OF(SSL_CIPHER) *suites = SSL_CTX_get_ciphers(ctx);
    char tls12[1024] = "", tls13[256] = "";
    int i, ok = 1;

    if (!policy->min_bits && !policy->max_bits && !policy->alg_count)
        return 1;
    for (i = 0; ok && i < sk_SSL_CIPHER_num(suites); i++) {
        const SSL_CIPHER *cipher = sk_SSL_CIPHER_value(suites, i);
        int is_tls13 = strcmp(SSL_CIPHER_get_version(cipher), "TLSv1.3") == 0;
        if (suite_passes(cipher, policy))
            ok = is_tls13 ? append_name(tls13, sizeof(tls13), SSL_CIPHER_get_name(cipher))
                          : append_name(tls12, sizeof(tls12), SSL_CIPHER_get_name(cipher));
    }
    if (!ok || (!*tls12 && !*tls13))
        return 0;
    /* TLS 1.3 suites first: a TLS 1.2 list that selects nothing is then still accepted. */
    return SSL_CTX_set_ciphersuites(ctx, tls13) &&
           SSL_CTX_set_cipher_list(ctx, *tls12 ? tls12 : "!ALL");
}
