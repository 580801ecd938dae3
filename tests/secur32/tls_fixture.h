/* Shared setup for the Criterion tests of the Schannel core: certificate fixtures (made by
 * tests/fixtures/make-certs.sh, found through SSPISHIM_CERTS) and a client/server pair driven
 * in process by winetest/tls_loop.c. */
#ifndef SSPISHIM_TLS_FIXTURE_H
#define SSPISHIM_TLS_FIXTURE_H

#include "tls_loop.h"

#include <criterion/criterion.h>

/* Requests a typical client makes (curl's set) and what Windows grants for them. */
#define FX_ISC_REQ                                                                                 \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |                   \
     ISC_REQ_EXTENDED_ERROR | ISC_REQ_STREAM)
#define FX_ASC_REQ                                                                                 \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY |                   \
     ASC_REQ_EXTENDED_ERROR | ASC_REQ_STREAM)

typedef struct fx_pair {
    PCCERT_CONTEXT cert; /* the server's */
    CredHandle client_cred, server_cred;
    loop_side client, server;
} fx_pair;

/* <certs>/<name>.<ext> */
void fx_path(char *out, size_t size, const char *name, const char *ext);
/* The certificate and key of <certs>/<name>.pfx (asserts it loads). */
PCCERT_CONTEXT fx_cert(const char *name);

/* Credentials for both sides (`protocols` given to both; the server certificate by fixture
 * name; `client_flags` SCH_CRED_*) and two fresh sides with the FX_*_REQ requests. */
void fx_open(fx_pair *pair, const char *server_cert, DWORD protocols, DWORD client_flags);
/* Runs the handshake over `slice`-byte deliveries (0: whole flights). */
SECURITY_STATUS fx_handshake(fx_pair *pair, size_t slice);
/* fx_open with manual validation, then a whole-flight handshake that must succeed. */
void fx_connect(fx_pair *pair, const char *server_cert, DWORD protocols);
void fx_close(fx_pair *pair);

/* One ISC (client) or ASC (server) call: input [TOKEN(`len` bytes at `in`), EMPTY] (no input
 * descriptor at all for a client's first call, when `in` is NULL), output [TOKEN] allocated by
 * the package. The output token is appended to `out`, the input descriptor's second buffer as
 * returned is copied to `second` (MISSING/EXTRA) when given. */
SECURITY_STATUS fx_step(loop_side *side, const void *in, size_t len, SecBuffer *second,
                        loop_pipe *out);

/* Goes on with a handshake the client started by hand (its ClientHello in server.in), whole
 * flights at a time, until both sides are done or one fails. */
SECURITY_STATUS fx_finish(fx_pair *pair);

/* Sends `len` bytes one way and checks they arrive intact, delivered `slice` bytes at a time. */
void fx_transfer(loop_side *from, loop_side *to, const void *data, size_t len, size_t slice);

#endif
