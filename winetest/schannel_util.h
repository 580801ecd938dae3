/* Helpers shared by the Schannel conformance units (schannel_*.c): status names, certificate
 * fixtures from SSPISHIM_CERTS, buffer descriptors, a manual server peer and trust set-up. */
#ifndef SSPISHIM_SCHANNEL_UTIL_H
#define SSPISHIM_SCHANNEL_UTIL_H

#include "test.h"
#include "tls_loop.h"

#include <stddef.h>

#define UNISP_A  ((SEC_CHAR *)UNISP_NAME_A)
#define DEADBEEF 0xdeadbeef

const char *sec_status_name(SECURITY_STATUS status);

/* Evaluates `got` once: it is usually the call under test. */
#define ok_status(got, expected, what)                                                             \
    do {                                                                                           \
        SECURITY_STATUS got_ = (got);                                                              \
        ok(got_ == (SECURITY_STATUS)(expected), "%s: got 0x%08lx (%s), expected %s\n", what,       \
           (unsigned long)got_, sec_status_name(got_), #expected);                                 \
    } while (0)

/* Wine's builtin secur32 (it has no server side and validates nothing). */
int wine_builtin(void);

/* Path of a fixture file in SSPISHIM_CERTS (static buffer); NULL when the variable is unset. */
const char *fixture_path(const char *file);
/* The whole file in a malloc'd buffer. */
unsigned char *read_whole_file(const char *path, size_t *len);
/* A certificate (no key) from NAME.pem; a certificate with its key from NAME.pfx. */
PCCERT_CONTEXT load_fixture_pem(const char *name);
PCCERT_CONTEXT load_fixture_pfx(const char *name);
/* The same with PFXImportCertStore's flags chosen (load_fixture_pfx: exportable, user keyset). */
PCCERT_CONTEXT load_fixture_pfx_with(const char *name, DWORD import_flags);
/* First certificate of a PEM file, as DER (malloc'd). */
unsigned char *pem_to_der(const unsigned char *pem, size_t pem_len, size_t *der_len);
/* Skips the unit's session tests with a message when the fixtures are missing. */
int fixtures_available(void);

/* Checks that the context's peer certificate is fixture NAME's (NULL: that there is none). */
void ok_remote_certificate(CtxtHandle *ctx, const char *name);
/* The same for a certificate attribute of the context (REMOTE_CERT_CONTEXT, LOCAL_CERT_CONTEXT). */
void ok_context_certificate(CtxtHandle *ctx, ULONG attribute, const char *name);

/* Makes ca-rsa.pem trusted: SSPISHIM_CA_FILE natively, the ROOT system store on Windows/Wine. */
int trust_fixture_root(void);

void sha256_digest(const void *data, size_t len, unsigned char out[32]);

/* A descriptor of `count` EMPTY buffers; buffer 0 gets `size` bytes of storage (0: none). */
typedef struct buffers {
    SecBufferDesc desc;
    SecBuffer buf[8];
    unsigned char *storage[8];
} buffers;
void buffers_init(buffers *b, ULONG count, ULONG size);
void buffers_reset(buffers *b); /* every buffer EMPTY, 1..n-1 {0, NULL}; 0 keeps its storage */
void buffers_free(buffers *b);

/* A TLS server driven by hand: feed() runs AcceptSecurityContext on all bytes given so far and
 * appends its output to `out` (the bytes for the client). */
typedef struct server_peer {
    CredHandle cred;
    CtxtHandle ctx;
    int has_cred, has_ctx;
    SECURITY_STATUS status;
    ULONG attrs;
    loop_pipe in, out;
} server_peer;
/* Acquires an inbound credential for fixture NAME (NULL: no certificate) with the protocols
 * given; returns the status of AcquireCredentialsHandle (or SEC_E_NO_CREDENTIALS for a
 * missing fixture). */
SECURITY_STATUS server_peer_init(server_peer *peer, const char *name, DWORD protocols);
SECURITY_STATUS server_peer_feed(server_peer *peer, const void *data, size_t len);
void server_peer_free(server_peer *peer);

/* Client handshake with a server presenting fixture SERVER_CERT: returns the client's final
 * status, with the client's context and credential left open in *client (loop_side). */
SECURITY_STATUS connect_to_fixture(loop_side *client, loop_side *server, CredHandle *ccred,
                                   CredHandle *scred, const char *server_cert, DWORD client_flags,
                                   const char *target);
/* The same with the server's protocols chosen (0: the package's defaults). */
SECURITY_STATUS connect_to_fixture_with(loop_side *client, loop_side *server, CredHandle *ccred,
                                        CredHandle *scred, const char *server_cert,
                                        DWORD server_protocols, DWORD client_flags,
                                        const char *target);

#endif
