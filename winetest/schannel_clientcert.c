/* A client without a certificate meets a server that asks for one (ASC_REQ_MUTUAL_AUTH), in the
 * first handshake and in a renegotiation the server starts:
 * - without ISC_REQ_USE_SUPPLIED_CREDS the client's handshake pauses with
 *   SEC_I_INCOMPLETE_CREDENTIALS (what the Rust schannel crate saw on Windows before it set the
 *   flag, and what Qt and .NET handle); the issuer list can be read then; the next call, given
 *   a new credential holding a certificate and the same bytes again (curl, .NET), sends that
 *   certificate;
 * - with the flag it goes on without a certificate and is never paused;
 * - AcceptSecurityContext with no input on an established TLS 1.2 server context returns
 *   SEC_E_OK and a HelloRequest (.NET's SslStream renegotiation); the client sees
 *   SEC_I_RENEGOTIATE and the new handshake brings its certificate; a TLS 1.3 server answers
 *   SEC_I_NO_RENEGOTIATION and sends nothing. */
#include "schannel_util.h"

#include <string.h>

#define CLIENT_REQ   (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM)
#define SERVER_REQ   (ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM)
#define CLIENT_FLAGS (SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS)

/* One handshake call by `side` with `cred` on what has arrived for it ([TOKEN, EMPTY]); its
 * output goes to `peer`, the bytes it used leave side->in (all of them on a pause). */
static SECURITY_STATUS call(loop_side *side, loop_side *peer, CredHandle *cred)
{
    loop_step_buffers b;
    SECURITY_STATUS status;

    loop_step_buffers_init(&b, side->in.data, side->in.len);
    if (side->is_server)
        status = AcceptSecurityContext(cred, &side->ctx, &b.in, side->req | ASC_REQ_ALLOCATE_MEMORY,
                                       0, &side->ctx, &b.out, &side->attrs, NULL);
    else
        status = InitializeSecurityContextA(cred, &side->ctx, (SEC_CHAR *)side->target,
                                            side->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0, &b.in, 0,
                                            &side->ctx, &b.out, &side->attrs, NULL);
    side->status = status;
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
        loop_pipe_consume(&side->in, side->in.len - loop_step_extra(&b));
    if (b.out_buf[0].cbBuffer)
        loop_pipe_append(&peer->in, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer);
    loop_step_buffers_free(&b);
    return status;
}

/* Both sides take turns until both are done or one stops; the client's status is returned. */
static SECURITY_STATUS run_until_done(loop_side *client, loop_side *server, CredHandle *ccred)
{
    int round;

    for (round = 0; round < 20; round++) {
        if (server->in.len && server->status != SEC_E_OK && call(server, client, &server->cred) < 0)
            break;
        if (client->in.len && client->status != SEC_E_OK &&
            call(client, server, ccred) != SEC_E_OK && client->status != SEC_I_CONTINUE_NEEDED)
            break;
        if (client->status == SEC_E_OK && server->status == SEC_E_OK)
            break;
    }
    return client->status;
}

/* The certificate the server received: client-rsa, or none. */
static void server_sees(loop_side *server, int expect_cert)
{
    ok_remote_certificate(&server->ctx, expect_cert ? "client-rsa" : NULL);
}

/* Data one way after everything: nothing was lost or left in the way. */
static void talk(loop_side *from, loop_side *to)
{
    loop_pipe got = {0};

    ok_status(loop_send(from, to, "after", 5), SEC_E_OK, "EncryptMessage");
    ok_status(loop_receive(to, 0, &got), SEC_E_OK, "DecryptMessage");
    ok(got.len == 5 && !memcmp(got.data, "after", 5), "the data arrives intact\n");
    loop_pipe_free(&got);
}

typedef struct setup {
    PCCERT_CONTEXT server_cert, client_cert;
    CredHandle scred, ccred, ccred_with_cert;
    loop_side client, server;
} setup;

static int setup_open(setup *s, DWORD protocols, ULONG client_req)
{
    memset(s, 0, sizeof(*s));
    s->server_cert = load_fixture_pfx("server-rsa");
    /* Wine 8 keeps every imported PFX key in one container: the server takes its key first. */
    if (!s->server_cert || loop_acquire(&s->scred, SECPKG_CRED_INBOUND, s->server_cert, protocols,
                                        SCH_CRED_MANUAL_CRED_VALIDATION) != SEC_E_OK) {
        skip("no Schannel server credential here\n");
        if (s->server_cert)
            CertFreeCertificateContext(s->server_cert);
        return 0;
    }
    s->client_cert = load_fixture_pfx("client-rsa");
    ok(s->client_cert != NULL, "client-rsa.pfx imports\n");
    ok_status(loop_acquire(&s->ccred, SECPKG_CRED_OUTBOUND, NULL, protocols, CLIENT_FLAGS),
              SEC_E_OK, "client credential without a certificate");
    ok_status(loop_acquire(&s->ccred_with_cert, SECPKG_CRED_OUTBOUND, s->client_cert, protocols,
                           CLIENT_FLAGS),
              SEC_E_OK, "client credential with client-rsa");
    loop_side_init(&s->client, &s->ccred, 0, client_req, "localhost");
    loop_side_init(&s->server, &s->scred, 1, SERVER_REQ | ASC_REQ_MUTUAL_AUTH, NULL);
    return 1;
}

static void setup_close(setup *s)
{
    loop_side_free(&s->client);
    loop_side_free(&s->server);
    FreeCredentialsHandle(&s->ccred);
    FreeCredentialsHandle(&s->ccred_with_cert);
    FreeCredentialsHandle(&s->scred);
    CertFreeCertificateContext(s->server_cert);
    if (s->client_cert)
        CertFreeCertificateContext(s->client_cert);
}

static void test_pause_then_new_credential(DWORD protocols, const char *what)
{
    SecPkgContext_IssuerListInfoEx issuers;
    SECURITY_STATUS status;
    setup s;

    winetest_push_context("%s", what);
    if (!setup_open(&s, protocols, CLIENT_REQ))
        goto done;
    status = loop_handshake(&s.client, &s.server, 0, 20);
    ok_status(status, SEC_I_INCOMPLETE_CREDENTIALS, "the client's handshake pauses");
    if (status == SEC_I_INCOMPLETE_CREDENTIALS) {
        memset(&issuers, 0, sizeof(issuers));
        ok_status(QueryContextAttributesA(&s.client.ctx, SECPKG_ATTR_ISSUER_LIST_EX, &issuers),
                  SEC_E_OK, "ISSUER_LIST_EX while paused");
        if (issuers.aIssuers)
            FreeContextBuffer(issuers.aIssuers);
        /* curl and .NET: the same bytes again, here with a credential holding a certificate. */
        status = call(&s.client, &s.server, &s.ccred_with_cert);
        ok(status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK,
           "the next call goes on (0x%08lx)\n", (unsigned long)status);
        ok_status(run_until_done(&s.client, &s.server, &s.ccred), SEC_E_OK, "client");
        ok_status(s.server.status, SEC_E_OK, "server");
        server_sees(&s.server, 1);
        talk(&s.client, &s.server);
    }
    setup_close(&s);
done:
    winetest_pop_context();
}

static void test_supplied_creds(void)
{
    setup s;

    if (!setup_open(&s, SP_PROT_TLS1_2, CLIENT_REQ | ISC_REQ_USE_SUPPLIED_CREDS))
        return;
    ok_status(loop_handshake(&s.client, &s.server, 0, 20), SEC_E_OK,
              "with ISC_REQ_USE_SUPPLIED_CREDS the handshake needs no certificate");
    server_sees(&s.server, 0);
    setup_close(&s);
}

static void test_server_renegotiates(void)
{
    loop_pipe got = {0};
    SECURITY_STATUS status;
    setup s;

    if (!setup_open(&s, SP_PROT_TLS1_2, CLIENT_REQ | ISC_REQ_USE_SUPPLIED_CREDS))
        return;
    s.server.req = SERVER_REQ; /* no certificate in the first handshake */
    ok_status(loop_handshake(&s.client, &s.server, 0, 20), SEC_E_OK, "first handshake");
    server_sees(&s.server, 0);
    s.server.req = SERVER_REQ | ASC_REQ_MUTUAL_AUTH;
    s.client.req = CLIENT_REQ; /* now the client has to be asked */
    s.client.peer = NULL;      /* SEC_I_RENEGOTIATE is answered by hand */
    status = call(&s.server, &s.client, &s.scred);
    ok_status(status, SEC_E_OK, "ASC without input on an established context");
    ok(s.client.in.len > 0, "a HelloRequest goes to the client\n");
    ok_status(loop_receive(&s.client, 0, &got), SEC_I_RENEGOTIATE, "the client's DecryptMessage");
    status = call(&s.client, &s.server, &s.ccred);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "the client's new ClientHello");
    s.server.status = SEC_I_CONTINUE_NEEDED;
    status = run_until_done(&s.client, &s.server, &s.ccred);
    ok_status(status, SEC_I_INCOMPLETE_CREDENTIALS, "the renegotiation pauses for a certificate");
    if (status == SEC_I_INCOMPLETE_CREDENTIALS) {
        call(&s.client, &s.server, &s.ccred_with_cert);
        ok_status(run_until_done(&s.client, &s.server, &s.ccred), SEC_E_OK, "client");
        ok_status(s.server.status, SEC_E_OK, "server");
        server_sees(&s.server, 1);
        talk(&s.client, &s.server);
        talk(&s.server, &s.client);
    }
    loop_pipe_free(&got);
    setup_close(&s);
}

static void test_tls13_no_renegotiation(void)
{
    SECURITY_STATUS status;
    setup s;

    if (!setup_open(&s, SP_PROT_TLS1_3, CLIENT_REQ | ISC_REQ_USE_SUPPLIED_CREDS))
        return;
    s.server.req = SERVER_REQ;
    if (loop_handshake(&s.client, &s.server, 0, 20) != SEC_E_OK) {
        skip("no TLS 1.3 here\n");
        setup_close(&s);
        return;
    }
    s.server.req = SERVER_REQ | ASC_REQ_MUTUAL_AUTH;
    loop_pipe_consume(&s.client.in, s.client.in.len); /* tickets */
    status = call(&s.server, &s.client, &s.scred);
    ok_status(status, SEC_I_NO_RENEGOTIATION, "TLS 1.3 server asked to renegotiate");
    ok(s.client.in.len == 0, "nothing is sent\n");
    setup_close(&s);
}

START_TEST(schannel_clientcert)
{
    if (!fixtures_available())
        return;
    test_pause_then_new_credential(SP_PROT_TLS1_2, "TLS 1.2");
    test_pause_then_new_credential(SP_PROT_TLS1_3, "TLS 1.3");
    test_supplied_creds();
    test_server_renegotiates();
    test_tls13_no_renegotiation();
}
