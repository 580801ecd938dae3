/* OpenSSL-driven peer for the post-handshake tests (see ossl_peer.h). */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <openssl/err.h>
#include <string.h>

void ossl_peer_open(ossl_peer *peer, const char *cert_name, int version)
{
    char cert[1024], key[1024];

    memset(peer, 0, sizeof(*peer));
    peer->ctx = SSL_CTX_new(cert_name ? TLS_server_method() : TLS_client_method());
    cr_assert(peer->ctx);
    cr_assert(SSL_CTX_set_min_proto_version(peer->ctx, version));
    cr_assert(SSL_CTX_set_max_proto_version(peer->ctx, version));
    /* Renegotiation is what these tests are about; OpenSSL 3 refuses a client's by default. */
    SSL_CTX_set_options(peer->ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    if (cert_name) {
        fx_path(cert, sizeof(cert), cert_name, "pem");
        fx_path(key, sizeof(key), cert_name, "key");
        cr_assert(SSL_CTX_use_certificate_chain_file(peer->ctx, cert) == 1, "%s", cert);
        cr_assert(SSL_CTX_use_PrivateKey_file(peer->ctx, key, SSL_FILETYPE_PEM) == 1, "%s", key);
    }
    peer->ssl = SSL_new(peer->ctx);
    peer->in = BIO_new(BIO_s_mem());
    peer->out = BIO_new(BIO_s_mem());
    cr_assert(peer->ssl && peer->in && peer->out);
    SSL_set_bio(peer->ssl, peer->in, peer->out);
    if (cert_name)
        SSL_set_accept_state(peer->ssl);
    else
        SSL_set_connect_state(peer->ssl);
}

void ossl_peer_close(ossl_peer *peer)
{
    SSL_free(peer->ssl); /* frees both BIOs */
    SSL_CTX_free(peer->ctx);
    memset(peer, 0, sizeof(*peer));
}

void ossl_peer_take(ossl_peer *peer, loop_pipe *from)
{
    if (from->len)
        cr_assert_eq(BIO_write(peer->in, from->data, (int)from->len), (int)from->len);
    loop_pipe_consume(from, from->len);
}

void ossl_peer_give(ossl_peer *peer, loop_pipe *to)
{
    char *data;
    long len = BIO_get_mem_data(peer->out, &data);

    if (len > 0)
        cr_assert(loop_pipe_append(to, data, (size_t)len));
    (void)BIO_reset(peer->out);
}

void ossl_peer_pump(ossl_peer *peer, loop_side *side, loop_pipe *to_peer)
{
    int round, done = 0;

    for (round = 0; round < 20 && !(done && side->status == SEC_E_OK); round++) {
        SecBuffer second;
        int ret;

        ossl_peer_take(peer, to_peer);
        ret = SSL_do_handshake(peer->ssl);
        /* A renegotiating server is "finished" once it sent HelloRequest; reads drive it. */
        if (ret == 1) {
            char byte;
            size_t n;
            ret = SSL_read_ex(peer->ssl, &byte, 1, &n);
            cr_assert_eq(ret, 0, "no application data during a handshake");
        }
        cr_assert(ret == 1 || SSL_get_error(peer->ssl, ret) == SSL_ERROR_WANT_READ,
                  "OpenSSL peer: %s", ERR_error_string(ERR_get_error(), NULL));
        done = SSL_is_init_finished(peer->ssl) && !SSL_renegotiate_pending(peer->ssl);
        ossl_peer_give(peer, &side->in);
        if (side->status == SEC_E_OK || !side->in.len)
            continue;
        fx_step(side, side->in.data, side->in.len, &second, to_peer);
        cr_assert(side->status == SEC_E_OK || side->status == SEC_I_CONTINUE_NEEDED,
                  "our side: 0x%08x", (unsigned)side->status);
        loop_pipe_consume(
            &side->in, side->in.len - (second.BufferType == SECBUFFER_EXTRA ? second.cbBuffer : 0));
    }
    cr_assert(done && side->status == SEC_E_OK, "handshake with the OpenSSL peer stalled");
}

void ossl_peer_handshake(ossl_peer *peer, loop_side *side)
{
    loop_pipe to_peer = {0};

    if (!side->is_server)
        cr_assert_eq(fx_step(side, NULL, 0, NULL, &to_peer), SEC_I_CONTINUE_NEEDED);
    ossl_peer_pump(peer, side, &to_peer);
    ossl_peer_take(peer, &to_peer); /* our last records (TLS 1.3 tickets) wait for its reads */
    loop_pipe_free(&to_peer);
}

void ossl_peer_read(ossl_peer *peer, loop_pipe *got)
{
    char buf[4096];
    size_t n;

    while (SSL_read_ex(peer->ssl, buf, sizeof(buf), &n) == 1)
        cr_assert(loop_pipe_append(got, buf, n));
    cr_assert_eq(SSL_get_error(peer->ssl, 0), SSL_ERROR_WANT_READ, "OpenSSL peer: %s",
                 ERR_error_string(ERR_get_error(), NULL));
}

void ossl_conn_open(ossl_conn *conn, int our_server, int version, const char *peer_cert)
{
    if (our_server)
        loop_side_init(&conn->side, &conn->cred, 1, FX_ASC_REQ, NULL);
    else
        loop_side_init(&conn->side, &conn->cred, 0, FX_ISC_REQ, "localhost");
    ossl_peer_open(&conn->peer, our_server ? NULL : peer_cert, version);
}

void ossl_conn_close(ossl_conn *conn)
{
    loop_side_free(&conn->side);
    ossl_peer_close(&conn->peer);
    FreeCredentialsHandle(&conn->cred);
    if (conn->cert)
        CertFreeCertificateContext(conn->cert);
}
