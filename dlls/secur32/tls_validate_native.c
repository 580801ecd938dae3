/* Native automatic validation on OpenSSL: trust comes from OpenSSL's default CA locations
 * (SSL_CERT_FILE/SSL_CERT_DIR honoured), or only from SSPISHIM_CA_FILE when that is set, plus
 * a server credential's hRootStore for client certificates. Every problem of the chain is
 * collected, then the one Windows' SSL policy reports first decides the status. */
#include "cert_validate.h"
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

/* Natively nothing fetches CRLs or OCSP answers, so a requested revocation check can only come
 * out as Windows' "offline" (the certificate names a source) or "no check" (it names none). */
static SECURITY_STATUS revocation_status(const cert_validation_policy *policy, X509 *leaf)
{
    const DWORD checks = SCH_CRED_REVOCATION_CHECK_END_CERT | SCH_CRED_REVOCATION_CHECK_CHAIN |
                         SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
    STACK_OF(DIST_POINT) *points;
    AUTHORITY_INFO_ACCESS *access;
    int has_source;

    if (!policy || !(policy->flags & checks))
        return SEC_E_OK;
    points = X509_get_ext_d2i(leaf, NID_crl_distribution_points, NULL, NULL);
    access = X509_get_ext_d2i(leaf, NID_info_access, NULL, NULL);
    has_source = points != NULL || access != NULL;
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    AUTHORITY_INFO_ACCESS_free(access);
    if (has_source)
        return (policy->flags & SCH_CRED_IGNORE_REVOCATION_OFFLINE) ? SEC_E_OK
                                                                     : CRYPT_E_REVOCATION_OFFLINE;
    return (policy->flags & SCH_CRED_IGNORE_NO_REVOCATION_CHECK) ? SEC_E_OK
                                                                  : CRYPT_E_NO_REVOCATION_CHECK;
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

static int add_roots_from_store(X509_STORE *store, HCERTSTORE roots)
{
    PCCERT_CONTEXT cert = NULL;
    while ((cert = CertEnumCertificatesInStore(roots, cert))) {
        const unsigned char *der = cert->pbCertEncoded;
        X509 *x = d2i_X509(NULL, &der, (long)cert->cbCertEncoded);
        if (x)
            X509_STORE_add_cert(store, x);
        X509_free(x);
    }
    return 1;
}

static X509_STORE *trust_store(const cert_validation_policy *policy)
{
    X509_STORE *store = X509_STORE_new();
    const char *ca_file = getenv("SSPISHIM_CA_FILE");

    if (!store)
        return NULL;
    if (ca_file && *ca_file) {
        if (!X509_STORE_load_file(store, ca_file)) {
            X509_STORE_free(store);
            return NULL;
        }
    } else {
        X509_STORE_set_default_paths(store);
    }
    if (policy && policy->root_store)
        add_roots_from_store(store, policy->root_store);
    ERR_clear_error();
    return store;
}

static STACK_OF(X509) *decode_chain(const uint8_t *const *certs, const size_t *lens, size_t count)
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

SECURITY_STATUS cert_validate_chain(void *context, const uint8_t *const *certs,
                                    const size_t *cert_lens, size_t count,
                                    const char *target_name, int peer_is_server, int *alert)
{
    const cert_validation_policy *policy = context;
    SECURITY_STATUS status = SEC_E_CERT_UNKNOWN;
    X509_STORE *store = NULL;
    X509_STORE_CTX *ctx = NULL;
    STACK_OF(X509) *chain = NULL;
    unsigned int problems = 0;
    int i;

    *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    if (!count)
        goto done;
    if (problems_index < 0)
        problems_index = X509_STORE_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    status = SEC_E_INSUFFICIENT_MEMORY;
    store = trust_store(policy);
    chain = decode_chain(certs, cert_lens, count);
    ctx = X509_STORE_CTX_new();
    if (!store || !chain || !ctx)
        goto done;
    status = SEC_E_CERT_UNKNOWN;
    if (!X509_STORE_CTX_init(ctx, store, sk_X509_value(chain, 0), chain))
        goto done;
    X509_STORE_CTX_set_ex_data(ctx, problems_index, &problems);
    X509_STORE_CTX_set_verify_cb(ctx, collect_problems);
    X509_STORE_CTX_set_purpose(ctx, peer_is_server ? X509_PURPOSE_SSL_SERVER
                                                   : X509_PURPOSE_SSL_CLIENT);
    if (target_name && *target_name &&
        !set_expected_name(X509_STORE_CTX_get0_param(ctx), target_name))
        goto done;
    if (X509_verify_cert(ctx) != 1 && !problems)
        problems |= 1u << classify(X509_STORE_CTX_get_error(ctx));
    if (chain_has_weak_link(ctx))
        problems |= 1u << PROBLEM_SIGNATURE;
    status = revocation_status(policy, sk_X509_value(chain, 0));
    if (status != SEC_E_OK)
        *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    for (i = 0; i < PROBLEM_COUNT; i++) {
        if (problems & (1u << i)) {
            status = verdicts[i].status;
            *alert = verdicts[i].alert;
            break;
        }
    }
done:
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(chain, X509_free);
    X509_STORE_free(store);
    ERR_clear_error();
    return status;
}
