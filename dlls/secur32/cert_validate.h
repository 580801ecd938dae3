/* Automatic validation of a peer's certificate chain, with Windows' verdicts and status codes.
 * Natively it runs on OpenSSL (tls_validate_native.c); on Windows/Wine on crypt32's chain engine
 * and SSL policy (cert_validate_win32.c), so the system's ROOT store decides trust. */
#ifndef SSPISHIM_CERT_VALIDATE_H
#define SSPISHIM_CERT_VALIDATE_H

#include "tls_engine.h"

typedef struct cert_validation_policy {
    DWORD flags;            /* SCH_CRED_* flags of the credential (revocation, name check) */
    HCERTSTORE root_store;  /* server credentials: roots for client certificates, or NULL */
} cert_validation_policy;

/* A tls_chain_validator: `context` is a cert_validation_policy. */
SECURITY_STATUS cert_validate_chain(void *context, const uint8_t *const *certs,
                                    const size_t *cert_lens, size_t count,
                                    const char *target_name, int peer_is_server, int *alert);

/* Re-checks, with OpenSSL, a chain the platform built and accepted (leaf first, its root last and
 * the only anchor): weak signatures and keys, basic and name constraints, validity, usage and,
 * when `target_name` is given, the host name, as Windows judges them. The platform calls it only
 * on a chain it accepted, so it can only turn acceptance into refusal. */
SECURITY_STATUS cert_recheck_built_chain(const uint8_t *const *certs, const size_t *cert_lens,
                                         size_t count, const char *target_name,
                                         int peer_is_server, int *alert);
/* Whether a target name is an IPv4 or IPv6 literal. */
int cert_name_is_ip_address(const char *name);

/* TLS alert numbers the validators ask for. */
enum {
    CERT_ALERT_BAD_CERTIFICATE = 42,
    CERT_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    CERT_ALERT_CERTIFICATE_REVOKED = 44,
    CERT_ALERT_CERTIFICATE_EXPIRED = 45,
    CERT_ALERT_CERTIFICATE_UNKNOWN = 46,
    CERT_ALERT_UNKNOWN_CA = 48,
};

/* A requested revocation check nothing could make: Windows' "offline" when the certificate
 * names a source of revocation data, "no check" when it names none, unless the credential says
 * to ignore that case. Shared by both validators. */
static inline SECURITY_STATUS cert_revocation_unknown(DWORD sch_flags, int has_source)
{
    if (has_source)
        return (sch_flags & SCH_CRED_IGNORE_REVOCATION_OFFLINE) ? SEC_E_OK
                                                                 : CRYPT_E_REVOCATION_OFFLINE;
    return (sch_flags & SCH_CRED_IGNORE_NO_REVOCATION_CHECK) ? SEC_E_OK
                                                              : CRYPT_E_NO_REVOCATION_CHECK;
}

#endif
