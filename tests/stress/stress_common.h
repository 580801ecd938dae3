/* Shared by the stress programs: fixtures, credentials and one checked connection, on
 * winetest/tls_loop.c (plain programs rather than Criterion tests, so that the sanitizers see
 * one process doing all the work). */
#ifndef SSPISHIM_STRESS_COMMON_H
#define SSPISHIM_STRESS_COMMON_H

#include "tls_loop.h"

/* The certificate and key of $SSPISHIM_CERTS/<name>.pfx; exits when it cannot be loaded. */
PCCERT_CONTEXT stress_cert(const char *name);

/* Server and client credentials (the client validates manually); exits on failure. */
void stress_credentials(CredHandle *server, CredHandle *client, PCCERT_CONTEXT cert,
                        DWORD protocols);

/* A positive number from the environment, or `fallback`. */
long stress_count(const char *variable, long fallback);

/* One connection over the given credentials: handshake delivered `slice` bytes at a time (0:
 * whole flights), `len` bytes each way checked, then both contexts deleted. Returns
 * SEC_E_OK or the first failure (SEC_E_INTERNAL_ERROR when data arrived wrong). */
SECURITY_STATUS stress_connection(const CredHandle *client_cred, const CredHandle *server_cred,
                                  size_t slice, size_t len, unsigned char fill);

#endif
