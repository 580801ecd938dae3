/* A TLS connection over a socket, driven the way Windows programs drive Schannel (curl's
 * sequence): handshake loops with SECBUFFER_EXTRA / SEC_E_INCOMPLETE_MESSAGE, one record per
 * DecryptMessage, SEC_I_RENEGOTIATE answered by another handshake round, SCHANNEL_SHUTDOWN. */
#ifndef SSPISHIM_EXAMPLES_TLS_STREAM_H
#define SSPISHIM_EXAMPLES_TLS_STREAM_H

#include "sock_compat.h"
#include "win_sspi.h"

#include <stddef.h>

typedef struct tls_stream {
    sock_t sock;
    CredHandle *cred;
    CtxtHandle ctx;
    int has_ctx;
    int is_server;
    const char *target;        /* client: the name the certificate must carry */
    ULONG req;                 /* ISC_REQ_* (client) or ASC_REQ_* (server) */
    ULONG attrs;               /* what the last handshake call returned */
    const unsigned char *alpn; /* SEC_APPLICATION_PROTOCOLS bytes, or NULL */
    size_t alpn_len;
    unsigned char *in; /* ciphertext received and not consumed yet */
    size_t in_len, in_cap;
    unsigned char *plain; /* plaintext decrypted and not delivered yet */
    size_t plain_len, plain_off, plain_cap;
    SecPkgContext_StreamSizes sizes;
    int have_sizes;
    int closed;             /* close_notify seen (SEC_I_CONTEXT_EXPIRED) */
    int abrupt;             /* the transport ended without close_notify */
    int renegotiations;     /* SEC_I_RENEGOTIATE rounds handled */
    SECURITY_STATUS status; /* the status that ended the last operation */
} tls_stream;

void tls_stream_init(tls_stream *s, sock_t sock, CredHandle *cred, int is_server,
                     const char *target, ULONG req);
void tls_stream_free(tls_stream *s);

/* Runs the handshake to SEC_E_OK; returns the failing status otherwise (a socket failure is
 * SEC_E_INTERNAL_ERROR with a message on stderr). */
SECURITY_STATUS tls_stream_handshake(tls_stream *s);

/* Encrypts and sends all of `data`, in records of at most cbMaximumMessage. */
SECURITY_STATUS tls_stream_write(tls_stream *s, const void *data, size_t len);

/* Reads plaintext: > 0 bytes, 0 at the end of the stream (close_notify or transport end:
 * see closed/abrupt), -1 on failure (status). */
long tls_stream_read(tls_stream *s, void *data, size_t len);

/* Received bytes not delivered yet (plaintext or ciphertext): a read needs no socket event. */
int tls_stream_buffered(const tls_stream *s);

/* ApplyControlToken(SCHANNEL_SHUTDOWN) and sends the close_notify that follows. */
SECURITY_STATUS tls_stream_shutdown(tls_stream *s);

#endif
