/* Both directions of a TLS stream at once: a buffer goes out while what arrives goes to a file,
 * so that neither peer stalls when both send more than the socket buffers hold (an echo server,
 * a server that streams a file while it reads ours). */
#ifndef SSPISHIM_EXAMPLES_TLS_PIPE_H
#define SSPISHIM_EXAMPLES_TLS_PIPE_H

#include "tls_stream.h"

#include <stdio.h>

/* Sends `len` bytes of `data` and writes the received bytes to `out` until all is sent and
 * `expect` bytes arrived (expect < 0: until the peer ends the stream). Waits at most
 * `idle_seconds` for any progress. 1 on success, 0 after a message on stderr. */
int tls_pipe(tls_stream *s, const unsigned char *data, size_t len, long long expect, FILE *out,
             int idle_seconds);

#endif
