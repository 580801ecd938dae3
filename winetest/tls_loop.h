/* An in-process TLS connection between two SSPI contexts: tokens and records travel through
 * memory pipes, delivered in slices of a chosen size so that every split of the byte stream is
 * exercised. Written only against SSPI, so conformance units and native unit tests share it. */
#ifndef SSPISHIM_TLS_LOOP_H
#define SSPISHIM_TLS_LOOP_H

#include "loop_sspi.h"
#include "win_sspi.h"

#include <stddef.h>

/* Bytes in flight toward one side. `arrived` of them have "reached" the receiver so far. */
typedef struct loop_pipe {
    unsigned char *data;
    size_t len;
    size_t cap;
    size_t arrived;
} loop_pipe;

typedef struct loop_side loop_side;
struct loop_side {
    CredHandle cred;
    CtxtHandle ctx;
    int has_ctx;
    int is_server;
    ULONG req;              /* ISC_REQ_* or ASC_REQ_* */
    const char *target;     /* client: the server's name */
    SECURITY_STATUS status; /* latest handshake status */
    ULONG attrs;
    loop_pipe in;       /* bytes the peer sent to this side */
    int calls;          /* handshake calls made */
    int renegotiations; /* SEC_I_RENEGOTIATE answered by a handshake call that completed */
    loop_side *peer;    /* where this side's output goes (set by loop_handshake) */
};

void loop_pipe_free(loop_pipe *pipe);
int loop_pipe_append(loop_pipe *pipe, const void *data, size_t len);
void loop_pipe_consume(loop_pipe *pipe, size_t len);

/* Sets up a side (the credential is the caller's and stays theirs). */
void loop_side_init(loop_side *side, const CredHandle *cred, int is_server, ULONG req,
                    const char *target);
void loop_side_free(loop_side *side);
/* Makes each side the other's peer (loop_handshake does it too). */
void loop_link(loop_side *client, loop_side *server);

/* Runs the handshake until both sides return SEC_E_OK, one fails, or `max_rounds` pass. Each
 * call is given at most `slice` more bytes than the last (0: everything that is in flight).
 * Returns SEC_E_OK or the first failing status (side->status tells whose). */
SECURITY_STATUS loop_handshake(loop_side *client, loop_side *server, size_t slice, int max_rounds);

/* Encrypts `len` bytes from `from` into records in `to->in` (several records when needed). */
SECURITY_STATUS loop_send(loop_side *from, loop_side *to, const void *data, size_t len);

/* Decrypts what has arrived for `side`, `slice` bytes at a time (0: all at once), appending the
 * plaintext to `out`. SEC_I_RENEGOTIATE is answered with a handshake call, as callers must; when
 * that call completes at once (TLS 1.3 tickets and key updates) decryption goes on. Returns
 * SEC_E_OK when every whole record was consumed, or the first other status (SEC_I_CONTEXT_EXPIRED
 * on close_notify, SEC_I_RENEGOTIATE when a new handshake is under way, errors). */
SECURITY_STATUS loop_receive(loop_side *side, size_t slice, loop_pipe *out);

/* A certificate with its private key from a PFX file (password in UTF-8); NULL on failure. */
PCCERT_CONTEXT loop_load_pfx(const char *path, const char *password);

#endif
