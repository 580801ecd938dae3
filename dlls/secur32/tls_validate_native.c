/* Native automatic validation on OpenSSL: trust comes from OpenSSL's default CA locations
 * (SSL_CERT_FILE/SSL_CERT_DIR honoured), or only from SSPISHIM_CA_FILE when that is set, plus
 * a server credential's hRootStore for client certificates; tls_cert_checks.c judges the chain. */
#include "tls_cert_checks.h"
#include "tls_internal.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

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
    return cert_revocation_unknown(policy->flags, has_source);
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

SECURITY_STATUS cert_validate_chain(void *context, const uint8_t *const *certs,
                                    const size_t *cert_lens, size_t count,
                                    const char *target_name, int peer_is_server, int *alert)
{
    const cert_validation_policy *policy = context;
    SECURITY_STATUS status = SEC_E_CERT_UNKNOWN;
    X509_STORE *store = NULL;
    STACK_OF(X509) *chain = NULL;
    unsigned int problems = 0;

    *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    if (!count)
        goto done;
    status = SEC_E_INSUFFICIENT_MEMORY;
    store = trust_store(policy);
    chain = cert_decode_chain(certs, cert_lens, count);
    if (!store || !chain)
        goto done;
    status = SEC_E_CERT_UNKNOWN;
    if (!cert_chain_problems(store, chain, target_name, peer_is_server, &problems))
        goto done;
    status = revocation_status(policy, sk_X509_value(chain, 0));
    if (problems)
        status = cert_problems_verdict(problems, alert);
done:
    sk_X509_pop_free(chain, X509_free);
    X509_STORE_free(store);
    ERR_clear_error();
    return status;
}
