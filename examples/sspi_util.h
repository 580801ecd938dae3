/* Small SSPI helpers shared by the example programs: status names, PFX loading, the ALPN input
 * buffer, and a human-readable summary of an established Schannel context. */
#ifndef SSPISHIM_EXAMPLES_SSPI_UTIL_H
#define SSPISHIM_EXAMPLES_SSPI_UTIL_H

#include "win_sspi.h"

#include <stddef.h>
#include <stdio.h>

/* "SEC_E_UNTRUSTED_ROOT" and friends; "unknown status" for others. */
const char *status_name(SECURITY_STATUS status);

/* Prints "WHAT failed: 0x80090325 (SEC_E_UNTRUSTED_ROOT)" on stderr. */
void print_failure(const char *what, SECURITY_STATUS status);

/* Imports a PFX (password in ASCII/UTF-8) and returns the certificate that has a private key;
 * *store must stay open while the certificate is in use. NULL on failure. */
PCCERT_CONTEXT load_pfx(const char *path, const char *password, HCERTSTORE *store);

/* Packs a comma-separated protocol list ("h2,http/1.1") as a SEC_APPLICATION_PROTOCOLS buffer
 * for SECBUFFER_APPLICATION_PROTOCOLS. Returns its size, 0 when the list is invalid. */
size_t alpn_buffer(const char *list, unsigned char *out, size_t cap);

/* Prints protocol, cipher suite, peer certificate, ALPN result of an established context. */
void print_context_info(FILE *out, CtxtHandle *ctx, int is_server);

/* The protocol ALPN selected ("" when none), for callers that act on it. */
void negotiated_alpn(CtxtHandle *ctx, char *out, size_t cap);

#endif
