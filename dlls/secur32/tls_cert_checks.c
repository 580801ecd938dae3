/* Windows' verdict on a certificate chain, with OpenSSL. Natively this is the whole validation
 * (tls_validate_native.c); on Windows and Wine it re-checks the chain crypt32 built, so that a
 * gap in a crypt32 (Wine 8's misses weak signatures and keys, name constraints and some wildcard
 * rules) never lets a chain through that Windows refuses. */
#include "tls_cert_checks.h"
#include "tls_internal.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

/* Problems in the order Windows' chain policy reports them. */
enum problem {
    PROBLEM_SIGNATURE,
    PROBLEM_UNTRUSTED,
    PROBLEM_CONSTRAINTS,
    PROBLEM_TIME,
    PROBLEM_REVOKED,
    PROBLEM_USAGE,
    PROBLEM_NAME,
    PROBLEM_OTHER,
    PROBLEM_COUNT
};

static const struct {
    SECURITY_STATUS status;
    int alert;
} verdicts[PROBLEM_COUNT] = {
    [PROBLEM_SIGNATURE] = {SEC_E_CERT_UNKNOWN, CERT_ALERT_BAD_CERTIFICATE},
    [PROBLEM_UNTRUSTED] = {SEC_E_UNTRUSTED_ROOT, CERT_ALERT_UNKNOWN_CA},
    [PROBLEM_CONSTRAINTS] = {SEC_E_CERT_UNKNOWN, CERT_ALERT_BAD_CERTIFICATE},
    [PROBLEM_TIME] = {SEC_E_CERT_EXPIRED, CERT_ALERT_CERTIFICATE_EXPIRED},
    [PROBLEM_REVOKED] = {CRYPT_E_REVOKED, CERT_ALERT_CERTIFICATE_REVOKED},
    [PROBLEM_USAGE] = {SEC_E_CERT_WRONG_USAGE, CERT_ALERT_UNSUPPORTED_CERTIFICATE},
    [PROBLEM_NAME] = {SEC_E_WRONG_PRINCIPAL, CERT_ALERT_BAD_CERTIFICATE},
    [PROBLEM_OTHER] = {SEC_E_CERT_UNKNOWN, CERT_ALERT_CERTIFICATE_UNKNOWN},
};

static enum problem classify(int error)
{
    switch (error) {
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
        return PROBLEM_SIGNATURE;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        return PROBLEM_UNTRUSTED;
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_INVALID_EXTENSION:
    case X509_V_ERR_PERMITTED_VIOLATION:
    case X509_V_ERR_EXCLUDED_VIOLATION:
    case X509_V_ERR_SUBTREE_MINMAX:
    case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
    case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
        return PROBLEM_CONSTRAINTS;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
        return PROBLEM_TIME;
    case X509_V_ERR_CERT_REVOKED:
        return PROBLEM_REVOKED;
    case X509_V_ERR_INVALID_PURPOSE:
        return PROBLEM_USAGE;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        return PROBLEM_NAME;
    default:
        return PROBLEM_OTHER;
    }
}

/* Windows' chain engine refuses MD2/MD4/MD5 signatures and RSA keys under 1024 bits anywhere
 * in the chain (CERT_TRUST_IS_NOT_SIGNATURE_VALID | CERT_TRUST_HAS_WEAK_SIGNATURE); OpenSSL's
 * X509_verify_cert applies no such floor outside a TLS security level, whose SHA-1 refusal would
 * be stricter than Windows. A trust anchor's own self-signature is never judged. */
static int is_weak(X509 *cert, int is_anchor)
{
    EVP_PKEY *key = X509_get0_pubkey(cert);
    int md = NID_undef, pkey = NID_undef;

    if (key && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key) < 1024)
        return 1;
    if (is_anchor)
        return 0;
    if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md, &pkey))
        return 0;
    return md == NID_md5 || md == NID_md4 || md == NID_md2 || md == NID_md5_sha1;
}

static int chain_has_weak_link(X509_STORE_CTX *ctx)
{
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    int i, count = chain ? sk_X509_num(chain) : 0;

    for (i = 0; i < count; i++) {
        X509 *cert = sk_X509_value(chain, i);
        int is_anchor = i == count - 1 && X509_check_issued(cert, cert) == X509_V_OK;
        if (is_weak(cert, is_anchor))
            return 1;
    }
    return 0;
}

static int problems_index = -1;

/* Records every problem and lets verification go on, so all of them are known at the end. */
static int collect_problems(int ok, X509_STORE_CTX *ctx)
{
    unsigned int *problems = X509_STORE_CTX_get_ex_data(ctx, problems_index);
    if (!ok && problems)
        *problems |= 1u << classify(X509_STORE_CTX_get_error(ctx));
    return 1;
}

STACK_OF(X509) * cert_decode_chain(const uint8_t *const *certs, const size_t *lens, size_t count)
{
    STACK_OF(X509) *chain = sk_X509_new_null();
    size_t i;

    for (i = 0; chain && i < count; i++) {
        const unsigned char *der = certs[i];
        X509 *x = d2i_X509(NULL, &der, (long)lens[i]);
        if (!x || !sk_X509_push(chain, x)) {
            X509_free(x);
            sk_X509_pop_free(chain, X509_free);
            return NULL;
        }
    }
    return chain;
}

static int set_expected_name(X509_VERIFY_PARAM *param, const char *name)
{
    ASN1_OCTET_STRING *ip = a2i_IPADDRESS(name);
    int ok;

    if (ip) {
        ASN1_OCTET_STRING_free(ip);
        return X509_VERIFY_PARAM_set1_ip_asc(param, name);
    }
    ok = X509_VERIFY_PARAM_set1_host(param, name, 0);
    /* Windows matches one wildcard label only, never partial labels like "f*.example". */
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return ok;
}

int cert_chain_problems(X509_STORE *store, STACK_OF(X509) * chain, const char *target_name,
                        int peer_is_server, unsigned int *problems)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    int ran = 0;

    *problems = 0;
    if (!ctx || !sk_X509_num(chain))
        goto done;
    if (problems_index < 0)
        problems_index = X509_STORE_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    if (!X509_STORE_CTX_init(ctx, store, sk_X509_value(chain, 0), chain))
        goto done;
    X509_STORE_CTX_set_ex_data(ctx, problems_index, problems);
    X509_STORE_CTX_set_verify_cb(ctx, collect_problems);
    X509_STORE_CTX_set_purpose(ctx,
                               peer_is_server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT);
    if (target_name && *target_name &&
        !set_expected_name(X509_STORE_CTX_get0_param(ctx), target_name))
        goto done;
    if (X509_verify_cert(ctx) != 1 && !*problems)
        *problems |= 1u << classify(X509_STORE_CTX_get_error(ctx));
    if (chain_has_weak_link(ctx))
        *problems |= 1u << PROBLEM_SIGNATURE;
    ran = 1;
done:
    X509_STORE_CTX_free(ctx);
    return ran;
}

SECURITY_STATUS cert_problems_verdict(unsigned int problems, int *alert)
{
    int i;

    for (i = 0; i < PROBLEM_COUNT; i++) {
        if (problems & (1u << i)) {
            *alert = verdicts[i].alert;
            return verdicts[i].status;
        }
    }
    return SEC_E_OK;
}

int cert_name_is_ip_address(const char *name)
{
    ASN1_OCTET_STRING *ip = name ? a2i_IPADDRESS(name) : NULL;
    ASN1_OCTET_STRING_free(ip);
    ERR_clear_error();
    return ip != NULL;
}

SECURITY_STATUS cert_recheck_built_chain(const uint8_t *const *certs, const size_t *cert_lens,
                                         size_t count, const char *target_name, int peer_is_server,
                                         int *alert)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    STACK_OF(X509) *chain = cert_decode_chain(certs, cert_lens, count);
    X509_STORE *store = X509_STORE_new();
    unsigned int problems = 0;

    *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    if (!chain || !store)
        goto done;
    /* The root crypt32 chose is the only anchor: trust stays crypt32's decision. */
    status = SEC_E_CERT_UNKNOWN;
    if (!X509_STORE_add_cert(store, sk_X509_value(chain, sk_X509_num(chain) - 1)))
        goto done;
    if (!cert_chain_problems(store, chain, target_name, peer_is_server, &problems))
        goto done;
    status = cert_problems_verdict(problems, alert);
done:
    sk_X509_pop_free(chain, X509_free);
    X509_STORE_free(store);
    ERR_clear_error();
    return status;
}
