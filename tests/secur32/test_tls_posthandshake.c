/* Messages after the handshake (reference §2.15, client checklist 46-47): TLS 1.3 tickets and
 * key updates and a TLS 1.2 renegotiation reach the caller as SEC_I_RENEGOTIATE, and the next
 * handshake call either completes at once (TLS 1.3) or runs the new handshake (TLS 1.2),
 * losing no application data. The peer is OpenSSL itself, driven directly. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <malloc.h>
#include <string.h>

typedef struct conn {
    CredHandle cred;
    PCCERT_CONTEXT cert;
    loop_side side;
    ossl_peer peer;
    ULONG first_attrs; /* what the first handshake returned */
} conn;

/* Our client against an OpenSSL server, or our server (server-rsa) against an OpenSSL client. */
static void conn_open(conn *c, int our_server, int version)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;

    memset(c, 0, sizeof(*c));
    if (our_server) {
        c->cert = fx_cert("server-rsa");
        cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_INBOUND, c->cert, protocols, 0), SEC_E_OK);
        loop_side_init(&c->side, &c->cred, 1, FX_ASC_REQ, NULL);
    } else {
        cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_OUTBOUND, NULL, protocols,
                                  SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS),
                     SEC_E_OK);
        loop_side_init(&c->side, &c->cred, 0, FX_ISC_REQ, "localhost");
    }
    ossl_peer_open(&c->peer, our_server ? NULL : "server-rsa", version);
    ossl_peer_handshake(&c->peer, &c->side);
    c->first_attrs = c->side.attrs;
}

static void conn_close(conn *c)
{
    loop_side_free(&c->side);
    ossl_peer_close(&c->peer);
    FreeCredentialsHandle(&c->cred);
    if (c->cert)
        CertFreeCertificateContext(c->cert);
}

/* The peer sends `text`; our side must decrypt exactly that. */
static void peer_says(conn *c, const char *text)
{
    loop_pipe got = {0};

    cr_assert_eq(SSL_write(c->peer.ssl, text, (int)strlen(text)), (int)strlen(text));
    ossl_peer_give(&c->peer, &c->side.in);
    cr_assert_eq(loop_receive(&c->side, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, strlen(text));
    cr_assert_eq(memcmp(got.data, text, got.len), 0);
    loop_pipe_free(&got);
}

/* Our side sends `text`; the peer must read exactly that. */
static void we_say(conn *c, const char *text)
{
    loop_side sink;
    loop_pipe got = {0};

    memset(&sink, 0, sizeof(sink));
    cr_assert_eq(loop_send(&c->side, &sink, text, strlen(text)), SEC_E_OK);
    ossl_peer_take(&c->peer, &sink.in);
    ossl_peer_read(&c->peer, &got);
    cr_assert_eq(got.len, strlen(text));
    cr_assert_eq(memcmp(got.data, text, got.len), 0);
    loop_pipe_free(&got);
    loop_pipe_free(&sink.in);
}

/* The call that answers SEC_I_RENEGOTIATE: input NULL (Qt, Windows' test) or a TOKEN holding the
 * kept bytes, possibly none (curl). */
static SECURITY_STATUS answer(conn *c, int null_input, loop_pipe *to_peer, SecBuffer *second)
{
    second->BufferType = SECBUFFER_EMPTY;
    second->cbBuffer = 0;
    if (null_input && !c->side.is_server)
        return fx_step(&c->side, NULL, 0, NULL, to_peer);
    return fx_step(&c->side, c->side.in.data, c->side.in.len, second, to_peer);
}

Test(posthandshake, tls13_tickets_renegotiate_and_complete_at_once)
{
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;
    int tickets;

    conn_open(&c, 0, TLS1_3_VERSION);
    cr_assert(c.side.in.len > 0, "OpenSSL sends tickets after its handshake");
    for (tickets = 0; c.side.in.len; tickets++) {
        cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE);
        cr_assert_eq(got.len, 0);
        /* Alternate the two caller styles; neither may wait for more data. */
        cr_assert_eq(answer(&c, tickets % 2 == 0, &to_peer, &second), SEC_E_OK);
        cr_assert_eq(to_peer.len, 0, "a ticket needs no answer");
        cr_assert_eq(c.side.attrs, c.first_attrs);
    }
    cr_assert_eq(tickets, 2);
    /* Without a pending message the same call has nothing to do (reference §2.14). */
    cr_assert_eq(fx_step(&c.side, NULL, 0, NULL, &to_peer), SEC_E_INCOMPLETE_MESSAGE);
    peer_says(&c, "after the tickets");
    we_say(&c, "still fine");
    loop_pipe_free(&got);
    conn_close(&c);
}

/* Application data behind a ticket stays for DecryptMessage, as EXTRA of the answering call. */
Test(posthandshake, tls13_data_behind_ticket_is_extra)
{
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;
    size_t kept;

    conn_open(&c, 0, TLS1_3_VERSION);
    cr_assert_eq(SSL_write(c.peer.ssl, "data", 4), 4);
    ossl_peer_give(&c.peer, &c.side.in);
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE);
    kept = c.side.in.len;
    cr_assert_eq(answer(&c, 0, &to_peer, &second), SEC_E_OK);
    cr_assert_eq(second.BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(second.cbBuffer, kept, "every kept byte is left for DecryptMessage");
    while (c.side.in.len) {
        SECURITY_STATUS status = loop_receive(&c.side, 0, &got);
        if (status == SEC_I_RENEGOTIATE)
            cr_assert_eq(answer(&c, 1, &to_peer, &second), SEC_E_OK);
        else
            cr_assert_eq(status, SEC_E_OK);
    }
    cr_assert_eq(got.len, 4);
    cr_assert_eq(memcmp(got.data, "data", 4), 0);
    loop_pipe_free(&got);
    conn_close(&c);
}

/* Lets our side take every ticket the peer sent after the handshake. */
static void take_tickets(conn *c)
{
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;

    while (c->side.in.len) {
        cr_assert_eq(loop_receive(&c->side, 0, &got), SEC_I_RENEGOTIATE);
        cr_assert_eq(answer(c, 1, &to_peer, &second), SEC_E_OK);
    }
    cr_assert_eq(got.len + to_peer.len, 0);
}

static void key_update(int our_server)
{
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;

    conn_open(&c, our_server, TLS1_3_VERSION);
    take_tickets(&c);
    cr_assert(SSL_key_update(c.peer.ssl, SSL_KEY_UPDATE_REQUESTED));
    cr_assert_eq(SSL_write(c.peer.ssl, "new keys", 8), 8);
    ossl_peer_give(&c.peer, &c.side.in);
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE);
    cr_assert_eq(got.len, 0);
    cr_assert_eq(answer(&c, 0, &to_peer, &second), SEC_E_OK);
    cr_assert(to_peer.len > 0, "the requested key update is answered by the next call");
    cr_assert_eq(second.BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, 8);
    cr_assert_eq(memcmp(got.data, "new keys", 8), 0);
    /* The peer reads our key update, then data under our new keys. */
    ossl_peer_take(&c.peer, &to_peer);
    we_say(&c, "our new keys too");
    peer_says(&c, "and again");
    loop_pipe_free(&got);
    loop_pipe_free(&to_peer);
    conn_close(&c);
}

Test(posthandshake, tls13_key_update_client)
{
    key_update(0);
}
Test(posthandshake, tls13_key_update_server)
{
    key_update(1);
}

/* A TLS 1.2 server's HelloRequest: data sent before it arrives, SEC_I_RENEGOTIATE, and the next
 * ISC starts a new handshake with a ClientHello (reference §2.15, checklist 46). */
static void server_renegotiates(int null_input)
{
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;
    SECURITY_STATUS status;

    conn_open(&c, 0, TLS1_2_VERSION);
    cr_assert_eq(SSL_write(c.peer.ssl, "before", 6), 6);
    cr_assert(SSL_renegotiate(c.peer.ssl));
    cr_assert(SSL_do_handshake(c.peer.ssl) <= 1);
    ossl_peer_give(&c.peer, &c.side.in);
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE);
    cr_assert_eq(got.len, 6, "data before the HelloRequest is not lost");
    status = answer(&c, null_input, &to_peer, &second);
    cr_assert_eq(status, SEC_I_CONTINUE_NEEDED, "0x%08x", (unsigned)status);
    cr_assert(to_peer.len > 0, "a new ClientHello");
    ossl_peer_pump(&c.peer, &c.side, &to_peer);
    cr_assert_eq(c.side.attrs, c.first_attrs, "the same flags as the first handshake (curl)");
    cr_assert_eq(SSL_num_renegotiations(c.peer.ssl), 1);
    peer_says(&c, "after");
    we_say(&c, "renegotiated");
    loop_pipe_free(&got);
    loop_pipe_free(&to_peer);
    conn_close(&c);
}

Test(posthandshake, tls12_hello_request_null_input)
{
    server_renegotiates(1);
}
Test(posthandshake, tls12_hello_request_empty_token)
{
    server_renegotiates(0);
}

/* An OpenSSL client renegotiates with our TLS 1.2 server, as Windows servers allow. */
Test(posthandshake, tls12_client_renegotiates_with_our_server)
{
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;
    SECURITY_STATUS status;

    conn_open(&c, 1, TLS1_2_VERSION);
    cr_assert(SSL_renegotiate(c.peer.ssl));
    cr_assert(SSL_do_handshake(c.peer.ssl) <= 1);
    ossl_peer_give(&c.peer, &c.side.in);
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE);
    status = answer(&c, 0, &to_peer, &second);
    cr_assert_eq(status, SEC_I_CONTINUE_NEEDED, "0x%08x", (unsigned)status);
    cr_assert(to_peer.len > 0, "the server's new flight");
    ossl_peer_pump(&c.peer, &c.side, &to_peer);
    cr_assert_eq(c.side.attrs, c.first_attrs);
    peer_says(&c, "after");
    we_say(&c, "renegotiated");
    loop_pipe_free(&got);
    loop_pipe_free(&to_peer);
    conn_close(&c);
}

/* A renegotiation flood: an OpenSSL peer renegotiates again as soon as each renegotiation ends,
 * from either side. Every one is answered in a bounded number of calls, the heap does not grow
 * with the rounds (glibc's count of bytes in use, after a warm-up), and the session still
 * carries data at the end. */
static void renegotiation_flood(int our_server)
{
    enum { ROUNDS = 60, WARM_UP = 10 };
    conn c;
    loop_pipe got = {0}, to_peer = {0};
    SecBuffer second;
    size_t in_use = 0;
    int round;

    conn_open(&c, our_server, TLS1_2_VERSION);
    for (round = 0; round < ROUNDS; round++) {
        cr_assert(SSL_renegotiate(c.peer.ssl), "round %d", round);
        cr_assert(SSL_do_handshake(c.peer.ssl) <= 1);
        ossl_peer_give(&c.peer, &c.side.in);
        got.len = 0;
        cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE, "round %d", round);
        to_peer.len = 0;
        cr_assert_eq(answer(&c, 0, &to_peer, &second), SEC_I_CONTINUE_NEEDED, "round %d", round);
        ossl_peer_pump(&c.peer, &c.side, &to_peer);
        if (round == WARM_UP)
            in_use = mallinfo2().uordblks;
    }
    cr_assert_lt(mallinfo2().uordblks, in_use + 256 * 1024, "heap grew from %zu to %zu bytes",
                 in_use, mallinfo2().uordblks);
    cr_assert_eq(SSL_num_renegotiations(c.peer.ssl), ROUNDS);
    peer_says(&c, "after the flood");
    we_say(&c, "still here");
    loop_pipe_free(&got);
    loop_pipe_free(&to_peer);
    conn_close(&c);
}

Test(posthandshake, tls12_renegotiation_flood_from_server, .timeout = 120)
{
    renegotiation_flood(0);
}

Test(posthandshake, tls12_renegotiation_flood_from_client, .timeout = 120)
{
    renegotiation_flood(1);
}
