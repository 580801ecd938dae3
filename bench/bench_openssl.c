/* The raw OpenSSL side of the benchmark: the same endpoints over memory BIOs, offering the
 * cipher suites and groups sspishim offers, in the same order and preferred by the server as
 * sspishim's server prefers them (so both sides exchange the same handshake and negotiate
 * AES-256-GCM over X25519), with the same certificate, everything else at OpenSSL's
 * defaults. */
#include "bench.h"
#include "tls_windows_offer.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

struct bench_creds {
    SSL_CTX *client, *server;
    SSL_SESSION *session; /* the client's last session, when it resumes */
};

struct bench_peer {
    SSL *ssl;
    BIO *in, *out; /* the peer's bytes, ours */
};

/* Where SSL_read puts plaintext: the benchmark runs one connection at a time. */
static unsigned char plaintext[16384];

static void release(bench_creds *creds)
{
    if (!creds)
        return;
    SSL_CTX_free(creds->client);
    SSL_CTX_free(creds->server);
    SSL_SESSION_free(creds->session);
    free(creds);
}

static SSL_CTX *new_ctx(const bench_scenario *scenario)
{
    int version = scenario->protocol == BENCH_TLS13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    if (ctx && SSL_CTX_set_min_proto_version(ctx, version) &&
        SSL_CTX_set_max_proto_version(ctx, version) &&
        SSL_CTX_set_cipher_list(ctx, TLS_WINDOWS_CIPHER_LIST) &&
        SSL_CTX_set_ciphersuites(ctx, TLS_WINDOWS_TLS13_SUITES) &&
        SSL_CTX_set1_groups_list(ctx, TLS_WINDOWS_GROUPS)) {
        SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
        return ctx;
    }
    SSL_CTX_free(ctx);
    return NULL;
}

/* The client keeps the last session it was given (TLS 1.3 tickets come after the handshake),
 * as sspishim's client credential does. */
static int keep_session(SSL *ssl, SSL_SESSION *session)
{
    bench_creds *creds = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    SSL_SESSION_free(creds->session);
    creds->session = session;
    return 1; /* the reference is ours */
}

static bench_creds *acquire(const bench_scenario *scenario, int with_server)
{
    const char *name = scenario->key == BENCH_RSA ? "server-rsa" : "server-ecdsa";
    char cert[1024], key[1024];
    bench_creds *creds = calloc(1, sizeof(*creds));

    if (!creds || !bench_cert_path(name))
        goto failed;
    snprintf(cert, sizeof(cert), "%s.pem", bench_cert_path(name));
    snprintf(key, sizeof(key), "%s.key", bench_cert_path(name));
    creds->client = new_ctx(scenario);
    if (!creds->client)
        goto failed;
    if (scenario->resume == BENCH_FULL) {
        /* Asks for no ticket, as the SSPI client, which resumes nothing then. */
        SSL_CTX_set_options(creds->client, SSL_OP_NO_TICKET);
    } else {
        SSL_CTX_set_app_data(creds->client, creds);
        SSL_CTX_set_session_cache_mode(creds->client,
                                       SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(creds->client, keep_session);
    }
    /* Without a ticket extension from the client the server resumes by session ID. */
    if (scenario->resume == BENCH_RESUME_SESSION_ID)
        SSL_CTX_set_options(creds->client, SSL_OP_NO_TICKET);
    if (!with_server)
        return creds;
    creds->server = new_ctx(scenario);
    if (creds->server && scenario->resume == BENCH_RESUME_SESSION_ID)
        SSL_CTX_set_options(creds->server, SSL_OP_NO_TICKET);
    if (!creds->server ||
        SSL_CTX_use_certificate_file(creds->server, cert, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(creds->server, key, SSL_FILETYPE_PEM) != 1)
        goto failed;
    return creds;
failed:
    fprintf(stderr, "openssl: cannot set up %s\n", name);
    ERR_print_errors_fp(stderr);
    release(creds);
    return NULL;
}

static bench_peer *open_peer(bench_creds *creds, int is_server)
{
    bench_peer *peer = calloc(1, sizeof(*peer));

    if (!peer)
        return NULL;
    peer->ssl = SSL_new(is_server ? creds->server : creds->client);
    peer->in = BIO_new(BIO_s_mem());
    peer->out = BIO_new(BIO_s_mem());
    if (!peer->ssl || !peer->in || !peer->out) {
        SSL_free(peer->ssl);
        BIO_free(peer->in);
        BIO_free(peer->out);
        free(peer);
        return NULL;
    }
    SSL_set_bio(peer->ssl, peer->in, peer->out);
    if (is_server) {
        SSL_set_accept_state(peer->ssl);
    } else {
        SSL_set_connect_state(peer->ssl);
        SSL_set_tlsext_host_name(peer->ssl, "localhost"); /* the SSPI client sends it too */
        if (creds->session)
            SSL_set_session(peer->ssl, creds->session);
    }
    return peer;
}

static void close_peer(bench_peer *peer)
{
    /* Without this OpenSSL takes a connection freed before a shutdown for a failed one and
     * makes its session unresumable; sspishim keeps a good session when its context goes. */
    if (SSL_is_init_finished(peer->ssl))
        SSL_set_shutdown(peer->ssl, SSL_get_shutdown(peer->ssl) | SSL_SENT_SHUTDOWN);
    SSL_free(peer->ssl); /* frees the BIOs */
    free(peer);
}

/* Moves what OpenSSL wrote to the wire. */
static int flush(bench_peer *peer, bench_wire *out)
{
    size_t pending = BIO_ctrl_pending(peer->out);
    int got;

    if (!pending)
        return 1;
    if (!bench_wire_reserve(out, pending))
        return 0;
    got = BIO_read(peer->out, out->data + out->len, (int)pending);
    if (got != (int)pending)
        return 0;
    out->len += pending;
    return 1;
}

static int step(bench_peer *peer, bench_wire *in, bench_wire *out)
{
    int ret;

    if (in->len && BIO_write(peer->in, in->data, (int)in->len) != (int)in->len)
        return BENCH_FAILED;
    bench_wire_consume(in, in->len);
    ret = SSL_do_handshake(peer->ssl);
    if (!flush(peer, out))
        return BENCH_FAILED;
    if (ret == 1)
        return BENCH_DONE;
    if (SSL_get_error(peer->ssl, ret) == SSL_ERROR_WANT_READ)
        return BENCH_CONTINUE;
    ERR_print_errors_fp(stderr);
    return BENCH_FAILED;
}

static int seal(bench_peer *peer, const void *plain, size_t len, bench_wire *out)
{
    size_t written;
    return SSL_write_ex(peer->ssl, plain, len, &written) == 1 && written == len && flush(peer, out);
}

static int unseal(bench_peer *peer, bench_wire *in, bench_wire *out, const unsigned char **plain,
                  size_t *plain_len, size_t *used)
{
    size_t record;

    *plain = NULL;
    *plain_len = 0;
    if (in->len < 5)
        return 0;
    /* The first record only, as DecryptMessage does. */
    record = 5 + ((size_t)in->data[3] << 8 | in->data[4]);
    if (record > in->len || BIO_write(peer->in, in->data, (int)record) != (int)record)
        return 0;
    *used = record;
    if (SSL_read_ex(peer->ssl, plaintext, sizeof(plaintext), plain_len) == 1) {
        *plain = plaintext;
    } else if (SSL_get_error(peer->ssl, 0) != SSL_ERROR_WANT_READ) {
        ERR_print_errors_fp(stderr);
        return 0;
    }
    return flush(peer, out);
}

static int resumed(bench_peer *peer)
{
    return SSL_session_reused(peer->ssl);
}

static void describe(bench_peer *peer, char *out, size_t size)
{
    const SSL_CIPHER *cipher = SSL_get_current_cipher(peer->ssl);
    snprintf(out, size, "%s", cipher ? SSL_CIPHER_standard_name(cipher) : "?");
}

const char *bench_openssl_version(void)
{
    return OpenSSL_version(OPENSSL_VERSION);
}

const bench_impl bench_openssl = {"OpenSSL",  acquire, release, describe, open_peer,
                                  close_peer, step,    seal,    unseal,   resumed};
