/* Automatic validation on Windows and Wine: crypt32 builds the chain (with the certificates the
 * peer sent as extra store) and its SSL policy gives the verdict, so trust follows the system's
 * ROOT store exactly as Windows Schannel's does. */
#include "cert_validate.h"

#include <stdlib.h>
#include <string.h>

static SECURITY_STATUS status_for_policy_error(DWORD error, int *alert)
{
    switch (error) {
    case 0:
        return SEC_E_OK;
    case CERT_E_UNTRUSTEDROOT:
    case CERT_E_CHAINING:
        *alert = CERT_ALERT_UNKNOWN_CA;
        return SEC_E_UNTRUSTED_ROOT;
    case CERT_E_EXPIRED:
        *alert = CERT_ALERT_CERTIFICATE_EXPIRED;
        return SEC_E_CERT_EXPIRED;
    case CERT_E_CN_NO_MATCH:
        *alert = CERT_ALERT_BAD_CERTIFICATE;
        return SEC_E_WRONG_PRINCIPAL;
    case CERT_E_WRONG_USAGE:
        *alert = CERT_ALERT_UNSUPPORTED_CERTIFICATE;
        return SEC_E_CERT_WRONG_USAGE;
    case CRYPT_E_REVOKED:
        *alert = CERT_ALERT_CERTIFICATE_REVOKED;
        return CRYPT_E_REVOKED;
    case CRYPT_E_REVOCATION_OFFLINE:
    case CRYPT_E_NO_REVOCATION_CHECK:
        *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
        return (SECURITY_STATUS)error;
    default:
        *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
        return SEC_E_CERT_UNKNOWN;
    }
}

static DWORD chain_revocation_flags(DWORD sch_flags)
{
    if (sch_flags & SCH_CRED_REVOCATION_CHECK_CHAIN)
        return CERT_CHAIN_REVOCATION_CHECK_CHAIN;
    if (sch_flags & SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT)
        return CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
    if (sch_flags & SCH_CRED_REVOCATION_CHECK_END_CERT)
        return CERT_CHAIN_REVOCATION_CHECK_END_CERT;
    return 0;
}

static WCHAR *utf16_from_utf8(const char *text)
{
    int len = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
    WCHAR *wide = len > 0 ? malloc((size_t)len * sizeof(WCHAR)) : NULL;
    if (wide && !MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, len)) {
        free(wide);
        wide = NULL;
    }
    return wide;
}

/* A credential's own root store may vouch for a chain crypt32 found untrusted. */
static int root_in_store(const CERT_CHAIN_CONTEXT *chain, HCERTSTORE roots)
{
    const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
    PCCERT_CONTEXT root, found;

    if (!roots || !simple->cElement)
        return 0;
    root = simple->rgpElement[simple->cElement - 1]->pCertContext;
    found = CertFindCertificateInStore(roots, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, root, NULL);
    if (found)
        CertFreeCertificateContext(found);
    return found != NULL;
}

/* Re-checks the chain crypt32 built with the engine's rules (cert_recheck_built_chain). */
static SECURITY_STATUS recheck(const CERT_CHAIN_CONTEXT *chain, const char *target_name,
                               int peer_is_server, int *alert)
{
    const CERT_SIMPLE_CHAIN *simple = chain->rgpChain[0];
    const uint8_t **certs = calloc(simple->cElement, sizeof(*certs));
    size_t *lens = calloc(simple->cElement, sizeof(*lens));
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    DWORD i;

    if (certs && lens && simple->cElement) {
        for (i = 0; i < simple->cElement; i++) {
            certs[i] = simple->rgpElement[i]->pCertContext->pbCertEncoded;
            lens[i] = simple->rgpElement[i]->pCertContext->cbCertEncoded;
        }
        status = cert_recheck_built_chain(certs, lens, simple->cElement, target_name,
                                          peer_is_server, alert);
    }
    free(certs);
    free(lens);
    return status;
}

static int add_store_certificates(HCERTSTORE to, HCERTSTORE from)
{
    PCCERT_CONTEXT cert = NULL;
    int ok = 1;

    while (ok && (cert = CertEnumCertificatesInStore(from, cert)))
        ok = CertAddCertificateContextToStore(to, cert, CERT_STORE_ADD_USE_EXISTING, NULL);
    if (cert)
        CertFreeCertificateContext(cert);
    return ok;
}

/* The chain bits of a revocation check crypt32 could not make. Wine 8 sets "offline" alone for
 * an unreachable source and both bits when the certificate names none, so either counts. */
#define REVOCATION_UNKNOWN_BITS                                                                    \
    (CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION)

/* Whether such a check counts as "offline" (the peer's certificate names a source of revocation
 * data: CRL distribution point or OCSP responder) rather than "no check" (it names none), as
 * the native validator decides; crypt32's own bits cannot tell them apart under Wine. */
static int revocation_source_named(const CERT_CHAIN_CONTEXT *chain)
{
    const CERT_INFO *info;

    if (!chain->cChain || !chain->rgpChain[0]->cElement)
        return 0;
    info = chain->rgpChain[0]->rgpElement[0]->pCertContext->pCertInfo;
    return CertFindExtension(szOID_CRL_DIST_POINTS, info->cExtension, info->rgExtension) ||
           CertFindExtension(szOID_AUTHORITY_INFO_ACCESS, info->cExtension, info->rgExtension);
}

/* The policy may ignore unknown revocation status only when the credential ignores this chain's
 * case: SCH_CRED_IGNORE_REVOCATION_OFFLINE the offline one, SCH_CRED_IGNORE_NO_REVOCATION_CHECK
 * the other (crypt32's one policy flag covers both). */
static int revocation_unknown_ignored(const CERT_CHAIN_CONTEXT *chain, DWORD sch_flags)
{
    return (chain->TrustStatus.dwErrorStatus & REVOCATION_UNKNOWN_BITS) &&
           cert_revocation_unknown(sch_flags, revocation_source_named(chain)) == SEC_E_OK;
}

/* crypt32 leaves a revocation check it could not make as unknown status, which Wine 8's SSL
 * policy reports as a generic error whatever the ignore flags say; Schannel names it: "offline"
 * or "no check" as above, and honours SCH_CRED_IGNORE_* per case. `status` stays as it is when
 * the chain has any other problem. */
static SECURITY_STATUS revocation_unknown_status(const CERT_CHAIN_CONTEXT *chain, DWORD sch_flags,
                                                 SECURITY_STATUS status, int *alert)
{
    if (status != SEC_E_CERT_UNKNOWN || !chain->cChain || !chain->rgpChain[0]->cElement ||
        !(chain->TrustStatus.dwErrorStatus & REVOCATION_UNKNOWN_BITS) ||
        (chain->TrustStatus.dwErrorStatus & ~REVOCATION_UNKNOWN_BITS))
        return status;
    *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    return cert_revocation_unknown(sch_flags, revocation_source_named(chain));
}

static int root_is_system_trusted(const CERT_CHAIN_CONTEXT *chain)
{
    HCERTSTORE roots = CertOpenSystemStoreW(0, L"ROOT");
    int trusted = roots && root_in_store(chain, roots);
    if (roots)
        CertCloseStore(roots, 0);
    return trusted;
}

SECURITY_STATUS cert_validate_chain(void *context, const uint8_t *const *certs,
                                    const size_t *cert_lens, size_t count, const char *target_name,
                                    int peer_is_server, int *alert)
{
    const cert_validation_policy *policy = context;
    DWORD sch_flags = policy ? policy->flags : 0;
    SECURITY_STATUS status = SEC_E_CERT_UNKNOWN;
    HCERTSTORE extra = NULL;
    PCCERT_CONTEXT leaf = NULL;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    CERT_CHAIN_PARA chain_para;
    LPSTR usage =
        peer_is_server ? (LPSTR)szOID_PKIX_KP_SERVER_AUTH : (LPSTR)szOID_PKIX_KP_CLIENT_AUTH;
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl_para;
    CERT_CHAIN_POLICY_PARA policy_para;
    CERT_CHAIN_POLICY_STATUS policy_status;
    WCHAR *server_name = NULL;
    size_t i;

    *alert = CERT_ALERT_CERTIFICATE_UNKNOWN;
    memset(&chain_para, 0, sizeof(chain_para));
    memset(&ssl_para, 0, sizeof(ssl_para));
    memset(&policy_para, 0, sizeof(policy_para));
    memset(&policy_status, 0, sizeof(policy_status));
    chain_para.cbSize = sizeof(chain_para);
    ssl_para.cbSize = sizeof(ssl_para);
    policy_para.cbSize = sizeof(policy_para);
    policy_status.cbSize = sizeof(policy_status);
    if (!count)
        goto done;
    extra = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);
    if (!extra)
        goto done;
    for (i = 0; i < count; i++) {
        PCCERT_CONTEXT added = NULL;
        if (!CertAddEncodedCertificateToStore(extra, X509_ASN_ENCODING, certs[i],
                                              (DWORD)cert_lens[i], CERT_STORE_ADD_ALWAYS,
                                              i == 0 ? &leaf : &added))
            goto done;
        if (added)
            CertFreeCertificateContext(added);
    }
    /* The credential's roots complete chains the peer sent without them. */
    if (policy && policy->root_store && !add_store_certificates(extra, policy->root_store))
        goto done;
    chain_para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    chain_para.RequestedUsage.Usage.cUsageIdentifier = 1;
    chain_para.RequestedUsage.Usage.rgpszUsageIdentifier = &usage;
    if (!CertGetCertificateChain(NULL, leaf, NULL, extra, &chain_para,
                                 chain_revocation_flags(sch_flags), NULL, &chain))
        goto done;
    ssl_para.dwAuthType = peer_is_server ? AUTHTYPE_SERVER : AUTHTYPE_CLIENT;
    if (target_name && *target_name) {
        server_name = utf16_from_utf8(target_name);
        if (!server_name) {
            status = SEC_E_INSUFFICIENT_MEMORY;
            goto done;
        }
        ssl_para.pwszServerName = server_name; /* no name: the policy checks none */
    }
    if (revocation_unknown_ignored(chain, sch_flags))
        policy_para.dwFlags |= CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS;
    if (root_in_store(chain, policy ? policy->root_store : NULL))
        policy_para.dwFlags |= CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG;
    policy_para.pvExtraPolicyPara = &ssl_para;
    if (!CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy_para,
                                          &policy_status))
        goto done;
    status = status_for_policy_error(policy_status.dwError, alert);
    status = revocation_unknown_status(chain, sch_flags, status, alert);
    /* An issuer that is not a CA is TRUST_E_BASIC_CONSTRAINTS on Windows, whatever else the
     * chain has; Wine 8's policy reports it as a usage problem. */
    if (status != SEC_E_OK &&
        (chain->TrustStatus.dwErrorStatus & CERT_TRUST_INVALID_BASIC_CONSTRAINTS)) {
        *alert = CERT_ALERT_BAD_CERTIFICATE;
        status = SEC_E_CERT_UNKNOWN;
    }
    /* Wine 8's SSL policy compares an IP address target with no iPAddress SAN entry; Windows
     * does. Everything else passed (the name is the policy's last check): the re-check below
     * matches the address. */
    if (policy_status.dwError == (DWORD)CERT_E_CN_NO_MATCH && server_name &&
        cert_name_is_ip_address(target_name))
        status = SEC_E_OK;
    /* Never fail open: whatever the chain engine decided, the chain must end in a root the
     * system or the credential trusts (Wine 8's engine accepts a root the peer sent itself). */
    if (status == SEC_E_OK && !root_in_store(chain, policy ? policy->root_store : NULL) &&
        !root_is_system_trusted(chain)) {
        *alert = CERT_ALERT_UNKNOWN_CA;
        status = SEC_E_UNTRUSTED_ROOT;
    }
    /* Nor may a gap in crypt32 pass what Windows' chain engine refuses (Wine 8: MD5 signatures,
     * short RSA keys, name constraints, a wildcard right under a top-level domain). */
    if (status == SEC_E_OK)
        status = recheck(chain, server_name ? target_name : NULL, peer_is_server, alert);
done:
    free(server_name);
    if (chain)
        CertFreeCertificateChain(chain);
    if (leaf)
        CertFreeCertificateContext(leaf);
    if (extra)
        CertCloseStore(extra, 0);
    return status;
}
