/* Session resumption: a client credential resumes its last session with the same target (TLS 1.2
 * session ids or tickets, TLS 1.3 tickets), SECPKG_ATTR_SESSION_INFO says so, and nothing is
 * resumed across targets, across validation modes, after SSL_SESSION_DISABLE_RECONNECTS, or with
 * a credential that disables reconnects. */
#include "tls_fixture.h"

#include <string.h>

typedef struct creds {
    PCCERT_CONTEXT cert;
    CredHandle client, server;
} creds;

static void creds_open(creds *c, DWORD protocols, DWORD client_flags)
{
    c->cert = fx_cert("server-rsa");
    cr_assert_eq(loop_acquire(&c->server, SECPKG_CRED_INBOUND, c->cert, protocols, 0), SEC_E_OK);
    cr_assert_eq(
        loop_acquire(&c->client, SECPKG_CRED_OUTBOUND, NULL, protocols,
                     client_flags | SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS),
        SEC_E_OK);
}

static void creds_close(creds *c)
{
    FreeCredentialsHandle(&c->client);
    FreeCredentialsHandle(&c->server);
    CertFreeCertificateContext(c->cert);
}

static int is_resumed(CtxtHandle *ctx)
{
    SecPkgContext_SessionInfo info;
    memset(&info, 0, sizeof(info));
    cr_assert_eq(QueryContextAttributesA(ctx, SECPKG_ATTR_SESSION_INFO, &info), SEC_E_OK);
    return (info.dwFlags & SSL_SESSION_RECONNECT) != 0;
}

/* One connection to `target`; returns whether the client resumed. `before_close` runs on the
 * client context once data went both ways (TLS 1.3 tickets are taken then). */
static int connect_once(creds *c, const char *target, ULONG extra_req,
                        void (*before_close)(CtxtHandle *))
{
    loop_side client, server;
    int resumed;

    loop_side_init(&client, &c->client, 0, FX_ISC_REQ | extra_req, target);
    loop_side_init(&server, &c->server, 1, FX_ASC_REQ, NULL);
    cr_assert_eq(loop_handshake(&client, &server, 0, 20), SEC_E_OK);
    fx_transfer(&server, &client, "hello", 5, 0);
    fx_transfer(&client, &server, "world", 5, 0);
    resumed = is_resumed(&client.ctx);
    cr_assert_eq(is_resumed(&server.ctx), resumed, "both sides agree");
    if (before_close)
        before_close(&client.ctx);
    loop_side_free(&client);
    loop_side_free(&server);
    return resumed;
}

static void resumes(DWORD protocols)
{
    creds c;

    creds_open(&c, protocols, 0);
    cr_assert_not(connect_once(&c, "localhost", 0, NULL), "the first connection is full");
    cr_assert(connect_once(&c, "localhost", 0, NULL), "the second one resumes");
    cr_assert(connect_once(&c, "localhost", 0, NULL), "and the third");
    cr_assert_not(connect_once(&c, "127.0.0.1", 0, NULL), "another target does not");
    creds_close(&c);
}

Test(resume, tls12)
{
    resumes(SP_PROT_TLS1_2);
}
Test(resume, tls13)
{
    resumes(SP_PROT_TLS1_3);
}

static void disable_reconnects(CtxtHandle *ctx)
{
    SCHANNEL_SESSION_TOKEN token = {SCHANNEL_SESSION, SSL_SESSION_DISABLE_RECONNECTS};
    SecBuffer buf = {sizeof(token), SECBUFFER_TOKEN, &token};
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &buf};

    cr_assert_eq(ApplyControlToken(ctx, &desc), SEC_E_OK);
}

Test(resume, session_token_disables_reconnects)
{
    creds c;

    creds_open(&c, SP_PROT_TLS1_2 | SP_PROT_TLS1_3, 0);
    connect_once(&c, "localhost", 0, disable_reconnects);
    cr_assert_not(connect_once(&c, "localhost", 0, NULL), "the session was dropped");
    cr_assert(connect_once(&c, "localhost", 0, NULL), "later sessions are kept again");
    creds_close(&c);
}

Test(resume, credential_disables_reconnects)
{
    creds c;

    creds_open(&c, SP_PROT_TLS1_2 | SP_PROT_TLS1_3, SCH_CRED_DISABLE_RECONNECTS);
    connect_once(&c, "localhost", 0, NULL);
    cr_assert_not(connect_once(&c, "localhost", 0, NULL));
    creds_close(&c);
}

/* A session a context accepted without validating is never resumed by one that validates. */
Test(resume, not_across_validation_modes)
{
    creds c;
    char ca[1024];

    fx_path(ca, sizeof(ca), "ca-rsa", "pem");
    setenv("SSPISHIM_CA_FILE", ca, 1);
    c.cert = fx_cert("server-rsa");
    cr_assert_eq(loop_acquire(&c.server, SECPKG_CRED_INBOUND, c.cert, SP_PROT_TLS1_2, 0), SEC_E_OK);
    cr_assert_eq(loop_acquire(&c.client, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2,
                              SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    connect_once(&c, "localhost", ISC_REQ_MANUAL_CRED_VALIDATION, NULL);
    cr_assert_not(connect_once(&c, "localhost", 0, NULL), "validated afresh");
    cr_assert(connect_once(&c, "localhost", 0, NULL), "then resumed");
    creds_close(&c);
}
