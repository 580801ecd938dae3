/* DTLS inside the engine (tls_dtls.c): the datagram BIO and the hooks tls_session.c and
 * tls_info.c call for a DTLS session. */
#ifndef SSPISHIM_TLS_DTLS_H
#define SSPISHIM_TLS_DTLS_H

#include "tls_internal.h"

/* A BIO over `io` that hands OpenSSL one record per read (its datagram) and keeps the DTLS
 * state of the session (freed with the BIO). */
BIO *tls_dtls_bio_new(tls_io *io);

/* Schannel's settings on a new DTLS connection: the default MTU, no MTU discovery, the
 * retransmission timer. 0 on failure. */
int tls_dtls_configure(SSL *ssl);

/* Before a handshake step with its input attached: a step without input re-sends the last
 * flight. */
void tls_dtls_before_step(tls_session *session, size_t in_len);

/* DTLS record sizes from the TLS 1.2 ones: the longer header, a message bound by the MTU. */
void tls_dtls_record_sizes(tls_session *session, tls_record_sizes *sizes);

#endif
