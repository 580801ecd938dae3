/* A credential's cipher policy: SCHANNEL_CRED's dwMinimumCipherStrength,
 * dwMaximumCipherStrength and palgSupportedAlgs, and SCH_CREDENTIALS' CRYPTO_SETTINGS. The suites
 * Windows would offer, less those whose bulk cipher is weaker or stronger than the limits or that
 * use an algorithm the caller's list leaves out. The list is read per kind of algorithm: naming
 * any bulk cipher limits the bulk ciphers, naming any key exchange limits the key exchanges, and
 * so on; a kind the list does not name stays open.
 *
 * A CRYPTO_SETTINGS entry turns off what it names for its usage: a key exchange (RSA, DH, ECDH;
 * ECDH_P256/P384/P521 or curve25519 name one curve, ECDH with bit lengths keeps the curves within
 * them), a signature (RSA, ECDSA, or one RSA padding: SCH_RSA_PSS_PAD, SCH_RSA_PKCS_PAD), a bulk
 * cipher (AES, in the chaining modes named or all of them, entirely or outside the bit lengths)
 * or a suite's digest (SHA1, SHA256, SHA384). Names no suite uses are ignored, as Windows
 * documents; CertSig entries (how certificates are signed) are accepted and not applied. */
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

int tls_cipher_policy_allows(const tls_cipher_policy *policy, ALG_ID alg)
{
    return allowed(policy, kind_of(alg), alg);
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

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Whether `bits` falls where a CRYPTO_SETTINGS entry turns its algorithm off. */
static int bits_off(const tls_disabled_crypto *entry, DWORD bits)
{
    if (!entry->min_bits && !entry->max_bits)
        return 1;
    return (entry->min_bits && bits < entry->min_bits) ||
           (entry->max_bits && bits > entry->max_bits);
}

/* A suite in CNG terms. TLS 1.3 suites exchange keys over the credential's curves (ECDH) and
 * leave the signature to the certificate. */
typedef struct suite_names {
    const char *exchange, *signature, *cipher, *digest;
    unsigned chaining;
    DWORD bits;
} suite_names;

static void name_suite(const SSL_CIPHER *cipher, int mac, suite_names *names)
{
    int nid = SSL_CIPHER_get_cipher_nid(cipher);
    const EVP_CIPHER *evp = EVP_get_cipherbynid(nid);

    memset(names, 0, sizeof(*names));
    switch (SSL_CIPHER_get_kx_nid(cipher)) {
    case NID_kx_rsa:
        names->exchange = "RSA";
        break;
    case NID_kx_dhe:
        names->exchange = "DH";
        break;
    default:
        names->exchange = "ECDH";
        break;
    }
    names->signature = SSL_CIPHER_get_auth_nid(cipher) == NID_auth_rsa     ? "RSA"
                       : SSL_CIPHER_get_auth_nid(cipher) == NID_auth_ecdsa ? "ECDSA"
                                                                           : "";
    names->cipher = nid == NID_chacha20_poly1305 ? "CHACHA20_POLY1305"
                    : tls_cipher_alg_id(nid, SSL_CIPHER_get_bits(cipher, NULL)) ? "AES"
                                                                                : "";
    if (evp && EVP_CIPHER_get_mode(evp) == EVP_CIPH_GCM_MODE)
        names->chaining = TLS_CHAINING_GCM;
    else if (evp && EVP_CIPHER_get_mode(evp) == EVP_CIPH_CBC_MODE)
        names->chaining = TLS_CHAINING_CBC;
    names->digest = mac == NID_sha1     ? "SHA1"
                    : mac == NID_sha256 ? "SHA256"
                    : mac == NID_sha384 ? "SHA384"
                    : mac == NID_md5    ? "MD5"
                                        : "";
    names->bits = (DWORD)SSL_CIPHER_get_bits(cipher, NULL);
}

static int entry_removes(const tls_disabled_crypto *entry, const suite_names *names)
{
    switch (entry->usage) {
    case TlsParametersCngAlgUsageKeyExchange:
        /* With bit lengths an ECDH entry narrows the curves instead (pick_groups). */
        return !entry->min_bits && !entry->max_bits && same_name(entry->alg, names->exchange);
    case TlsParametersCngAlgUsageSignature:
        return same_name(entry->alg, names->signature);
    case TlsParametersCngAlgUsageCipher:
        return same_name(entry->alg, names->cipher) &&
               (!entry->chaining || (entry->chaining & names->chaining)) &&
               bits_off(entry, names->bits);
    case TlsParametersCngAlgUsageDigest:
        return same_name(entry->alg, names->digest);
    default:
        return 0;
    }
}

static int disabled_by_settings(const tls_cipher_policy *policy, const suite_names *names,
                                int no_curves)
{
    size_t i;

    if (no_curves && same_name(names->exchange, "ECDH"))
        return 1;
    for (i = 0; i < policy->disabled_count; i++)
        if (entry_removes(&policy->disabled[i], names))
            return 1;
    return 0;
}

static int suite_passes(const SSL_CIPHER *cipher, const tls_cipher_policy *policy, int no_curves)
{
    suite_names names;
    DWORD bits = (DWORD)SSL_CIPHER_get_bits(cipher, NULL);
    int mac = SSL_CIPHER_get_digest_nid(cipher);
    const EVP_MD *prf = SSL_CIPHER_get_handshake_digest(cipher);

    /* AEAD suites have no MAC: their hash is the PRF's, as CONNECTION_INFO reports it. */
    if (mac == NID_undef && prf)
        mac = EVP_MD_get_type(prf);

    name_suite(cipher, mac, &names);
    if (disabled_by_settings(policy, &names, no_curves))
        return 0;
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

/* The curves a credential offers (TLS_WINDOWS_GROUPS, tls_windows_offer.h, in its order), in
 * CNG terms. OpenSSL cannot read a context's group list back, hence the table. */
static const struct {
    const char *group;
    const char *name;
    DWORD bits;
} curves[] = {
    {"X25519", "curve25519", 255},
    {"P-256", "ECDH_P256", 256},
    {"P-384", "ECDH_P384", 384},
};

static int curve_off(const tls_cipher_policy *policy, size_t c)
{
    size_t i;

    for (i = 0; i < policy->disabled_count; i++) {
        const tls_disabled_crypto *entry = &policy->disabled[i];
        if (entry->usage != TlsParametersCngAlgUsageKeyExchange)
            continue;
        if (same_name(entry->alg, curves[c].name) ||
            (same_name(entry->alg, "ECDH") && (entry->min_bits || entry->max_bits) &&
             bits_off(entry, curves[c].bits)))
            return 1;
    }
    return 0;
}

/* Drops the curves the settings turn off; *none tells when no curve is left (no ECDHE suite, no
 * TLS 1.3, can work then). */
static int pick_groups(SSL_CTX *ctx, const tls_cipher_policy *policy, int *none)
{
    char list[64] = "";
    size_t c, kept = 0;

    for (c = 0; c < sizeof(curves) / sizeof(curves[0]); c++)
        if (!curve_off(policy, c) && append_name(list, sizeof(list), curves[c].group))
            kept++;
    *none = kept == 0;
    return kept == 0 || kept == sizeof(curves) / sizeof(curves[0]) ||
           SSL_CTX_set1_groups_list(ctx, list);
}

/* Signature schemes Windows offers, by what a Signature entry can name. */
static const struct {
    const char *scheme;
    const char *key;     /* "RSA", "ECDSA" */
    const char *padding; /* the SCH_RSA_*_PAD name for RSA schemes */
} signature_schemes[] = {
    {"rsa_pss_rsae_sha256", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pss_rsae_sha384", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pss_rsae_sha512", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pss_pss_sha256", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pss_pss_sha384", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pss_pss_sha512", "RSA", "SCH_RSA_PSS_PAD"},
    {"rsa_pkcs1_sha256", "RSA", "SCH_RSA_PKCS_PAD"},
    {"rsa_pkcs1_sha384", "RSA", "SCH_RSA_PKCS_PAD"},
    {"rsa_pkcs1_sha512", "RSA", "SCH_RSA_PKCS_PAD"},
    {"ecdsa_secp256r1_sha256", "ECDSA", ""},
    {"ecdsa_secp384r1_sha384", "ECDSA", ""},
    {"ecdsa_secp521r1_sha512", "ECDSA", ""},
    {"rsa_pkcs1_sha1", "RSA", "SCH_RSA_PKCS_PAD"},
    {"ECDSA+SHA1", "ECDSA", ""},
};

/* Signature entries also narrow the schemes both sides sign handshakes with (TLS 1.3 names no
 * signature in its suites). Nothing is changed when no entry is about signatures. */
static int pick_signatures(SSL_CTX *ctx, const tls_cipher_policy *policy)
{
    char list[512] = "";
    size_t s, i;
    int any = 0, ok = 1;

    for (i = 0; i < policy->disabled_count; i++)
        any |= policy->disabled[i].usage == TlsParametersCngAlgUsageSignature;
    if (!any)
        return 1;
    for (s = 0; ok && s < sizeof(signature_schemes) / sizeof(signature_schemes[0]); s++) {
        int off = 0;
        for (i = 0; i < policy->disabled_count; i++) {
            const tls_disabled_crypto *entry = &policy->disabled[i];
            if (entry->usage == TlsParametersCngAlgUsageSignature &&
                (same_name(entry->alg, signature_schemes[s].key) ||
                 same_name(entry->alg, signature_schemes[s].padding)))
                off = 1;
        }
        if (!off)
            ok = append_name(list, sizeof(list), signature_schemes[s].scheme);
    }
    return ok && *list && SSL_CTX_set1_sigalgs_list(ctx, list) &&
           SSL_CTX_set1_client_sigalgs_list(ctx, list);
}

int tls_apply_cipher_policy(SSL_CTX *ctx, const tls_cipher_policy *policy)
{
    STACK_OF(SSL_CIPHER) *suites = SSL_CTX_get_ciphers(ctx);
    char tls12[1024] = "", tls13[256] = "";
    int i, ok = 1, no_curves = 0;

    if (!policy->min_bits && !policy->max_bits && !policy->alg_count && !policy->disabled_count)
        return 1;
    if (policy->disabled_count &&
        (!pick_groups(ctx, policy, &no_curves) || !pick_signatures(ctx, policy)))
        return 0;
    for (i = 0; ok && i < sk_SSL_CIPHER_num(suites); i++) {
        const SSL_CIPHER *cipher = sk_SSL_CIPHER_value(suites, i);
        int is_tls13 = strcmp(SSL_CIPHER_get_version(cipher), "TLSv1.3") == 0;
        if (suite_passes(cipher, policy, no_curves))
            ok = is_tls13 ? append_name(tls13, sizeof(tls13), SSL_CIPHER_get_name(cipher))
                          : append_name(tls12, sizeof(tls12), SSL_CIPHER_get_name(cipher));
    }
    if (!ok || (!*tls12 && !*tls13))
        return 0;
    /* TLS 1.3 suites first: a TLS 1.2 list that selects nothing is then still accepted. */
    return SSL_CTX_set_ciphersuites(ctx, tls13) &&
           SSL_CTX_set_cipher_list(ctx, *tls12 ? tls12 : "!ALL");
}
