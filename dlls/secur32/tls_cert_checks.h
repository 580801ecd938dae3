/* Windows' verdict on a certificate chain, computed with OpenSSL (tls_cert_checks.c). */
#ifndef SSPISHIM_TLS_CERT_CHECKS_H
#define SSPISHIM_TLS_CERT_CHECKS_H

#include "cert_validate.h"

#include <openssl/x509.h>

/* The peer's certificates (leaf first) as OpenSSL objects; NULL when one does not decode. */
STACK_OF(X509) * cert_decode_chain(const uint8_t *const *certs, const size_t *lens, size_t count);

/* Verifies `chain` against `store` for a server (peer_is_server) or client peer and, when
 * `target_name` is given, that name. Every problem found is collected, the checks only Windows'
 * chain engine makes (weak signatures and keys) included. Returns 0 if verification could not
 * run, else 1 with *problems set (0: none). */
int cert_chain_problems(X509_STORE *store, STACK_OF(X509) * chain, const char *target_name,
                        int peer_is_server, unsigned int *problems);

/* The status (and alert) Windows' SSL policy gives for the first problem it reports. */
SECURITY_STATUS cert_problems_verdict(unsigned int problems, int *alert);

#endif
