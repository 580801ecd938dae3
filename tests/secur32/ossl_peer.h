/* A peer written directly against OpenSSL over memory BIOs, for tests that need what no SSPI
 * caller can make a peer do: TLS 1.2 HelloRequest, client-initiated renegotiation, TLS 1.3
 * KeyUpdate. Bytes travel through the same pipes as winetest/tls_loop.c's sides. */
#ifndef SSPISHIM_OSSL_PEER_H
#define SSPISHIM_OSSL_PEER_H

#include "tls_loop.h"

#include <openssl/ssl.h>

typedef struct ossl_peer {
    SSL_CTX *ctx;
    SSL *ssl;
    BIO *in;  /* bytes from our side, for OpenSSL to read */
    BIO *out; /* bytes OpenSSL wrote, for our side */
} ossl_peer;

/* A server with the fixture certificate `cert_name` (<certs>/<name>.pem/.key), or a client when
 * `cert_name` is NULL, limited to exactly `version` (TLS1_2_VERSION, TLS1_3_VERSION). */
void ossl_peer_open(ossl_peer *peer, const char *cert_name, int version);
void ossl_peer_close(ossl_peer *peer);

/* Hands all of `from` to OpenSSL (the pipe is emptied). */
void ossl_peer_take(ossl_peer *peer, loop_pipe *from);
/* Moves what OpenSSL wrote into `to`. */
void ossl_peer_give(ossl_peer *peer, loop_pipe *to);

/* Runs a handshake between our `side` (client or server) and the peer, whole flights at a
 * time; the peer's output reaches side->in. Asserts both complete. */
void ossl_peer_handshake(ossl_peer *peer, loop_side *side);

/* Goes on with a handshake our side has started (its output so far in `to_peer`) until both
 * sides complete. */
void ossl_peer_pump(ossl_peer *peer, loop_side *side, loop_pipe *to_peer);

/* Reads whatever application data the peer has received (after ossl_peer_take) into `got`. */
void ossl_peer_read(ossl_peer *peer, loop_pipe *got);

/* Our side, with a credential of its own, facing an OpenSSL peer. */
typedef struct ossl_conn {
    CredHandle cred;     /* acquired by the caller before ossl_conn_open */
    PCCERT_CONTEXT cert; /* our server's certificate (server-rsa), released on close */
    loop_side side;
    ossl_peer peer;
} ossl_conn;

/* Our client against an OpenSSL server presenting `peer_cert`, or (our_server) our server
 * against an OpenSSL client, both limited to `version`; no handshake yet. */
void ossl_conn_open(ossl_conn *conn, int our_server, int version, const char *peer_cert);
void ossl_conn_close(ossl_conn *conn);

#endif
