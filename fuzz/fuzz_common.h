/* Shared by the libFuzzer targets: a reader over the fuzz input, and credentials and
 * connections that live for the whole process (made once, through winetest/tls_loop.c). */
#ifndef SSPISHIM_FUZZ_COMMON_H
#define SSPISHIM_FUZZ_COMMON_H

#include "tls_loop.h"

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point, defined by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The unread rest of the fuzz input; reads past the end give zeros. */
typedef struct fuzz_input {
    const uint8_t *data;
    size_t len;
} fuzz_input;

uint8_t fuzz_byte(fuzz_input *in);
uint16_t fuzz_u16(fuzz_input *in);
/* Up to `want` bytes (fewer when the input runs out); returns how many `*out` points to. */
size_t fuzz_take(fuzz_input *in, size_t want, const uint8_t **out);

/* Client credentials the targets choose between. */
enum fuzz_client_kind {
    FUZZ_CLIENT_TLS12,    /* TLS 1.2 only, manual validation */
    FUZZ_CLIENT_TLS13,    /* TLS 1.3 only, manual validation */
    FUZZ_CLIENT_VALIDATE, /* TLS 1.2 and 1.3, the package validates the server */
    FUZZ_CLIENT_KINDS
};

/* Requests of the sides (those of a typical stream client and server). */
#define FUZZ_ISC_REQ                                                                               \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |                   \
     ISC_REQ_EXTENDED_ERROR | ISC_REQ_STREAM)
#define FUZZ_ASC_REQ                                                                               \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY |                   \
     ASC_REQ_EXTENDED_ERROR | ASC_REQ_STREAM)

/* A fresh client or server side over the process's shared credentials (made on first use from
 * <certs>/server-ecdsa.pfx; certs: $SSPISHIM_CERTS or the build tree's fixtures). */
void fuzz_client_init(loop_side *client, enum fuzz_client_kind kind);
void fuzz_server_init(loop_side *server);

/* A client side whose ClientHello was made (and dropped): ready for the server's answer. */
void fuzz_client_started(loop_side *client, enum fuzz_client_kind kind);

/* Connects a fresh pair in process; aborts when the handshake fails (the harness is broken). */
void fuzz_connect(loop_side *client, loop_side *server, enum fuzz_client_kind kind);

/* One ISC or ASC call over `len` bytes (none for a client's first call), appending the output
 * token to `out` when given; `*extra` is what the call left unused (EXTRA). */
SECURITY_STATUS fuzz_handshake_call(loop_side *side, const uint8_t *data, size_t len,
                                    loop_pipe *out, size_t *extra);

/* Feeds `len` bytes to a side's handshake (ISC or ASC) until it stops asking for more: every
 * call gets what the last left over (EXTRA). Output tokens are discarded. Returns the last
 * status. */
SECURITY_STATUS fuzz_handshake_feed(loop_side *side, const uint8_t *data, size_t len);

#endif
