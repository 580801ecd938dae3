/* Client certificates asked for by a server (checklist 33, 61) and server-started renegotiation
 * (checklist 46), against OpenSSL driven directly:
 * - a client credential without a certificate pauses at the server's CertificateRequest with
 *   SEC_I_INCOMPLETE_CREDENTIALS unless ISC_REQ_USE_SUPPLIED_CREDS was given; the issuer list is
 *   readable then; the next ISC goes on without a certificate (curl gives the same bytes again,
 *   Qt an empty token) or with the certificate of a new credential handle;
 * - AcceptSecurityContext without input on an established TLS 1.2 server context sends a
 *   HelloRequest (SEC_E_OK), and with ASC_REQ_MUTUAL_AUTH the new handshake brings the client's
 *   certificate; application data sent around the renegotiation by either side arrives intact;
 *   TLS 1.3 answers SEC_I_NO_RENEGOTIATION unless the client agreed to post-handshake
 *   authentication. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <openssl/pem.h>
#include <string.h>

#define CLIENT_FLAGS (SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS)

typedef struct conn {
    CredHandle cred;
    PCCERT_CONTEXT cert;
    loop_side side;
    ossl_peer peer;
    loop_pipe to_peer;
} conn;

/* The tests look at which certificate arrived, not at whether OpenSSL trusts it. */
static int accept_any(int preverified, X509_STORE_CTX *store)
{
    (void)preverified, (void)store;
    return 1;
}

/* The OpenSSL server asks for a client certificate issued under ca-rsa. */
static void ask_for_certificate(ossl_peer *peer)
{
    char ca[1024];
    STACK_OF(X509_NAME) * names;

    fx_path(ca, sizeof(ca), "ca-rsa", "pem");
    names = SSL_load_client_CA_file(ca);
    cr_assert(names, "%s", ca);
    SSL_set_client_CA_list(peer->ssl, names);
    SSL_set_verify(peer->ssl, SSL_VERIFY_PEER, accept_any);
}

/* Our client (certificate `cert_name` or none) against an OpenSSL server that asks for one;
 * runs the handshake up to the client's call that reads the server's CertificateRequest and
 * returns that call's status. */
static SECURITY_STATUS client_until_request(conn *c, int version, const char *cert_name, ULONG req)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;
    SecBuffer second;

    memset(c, 0, sizeof(*c));
    c->cert = cert_name ? fx_cert(cert_name) : NULL;
    cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_OUTBOUND, c->cert, protocols, CLIENT_FLAGS),
                 SEC_E_OK);
    loop_side_init(&c->side, &c->cred, 0, req, "localhost");
    ossl_peer_open(&c->peer, "server-rsa", version);
    ask_for_certificate(&c->peer);
    cr_assert_eq(fx_step(&c->side, NULL, 0, NULL, &c->to_peer), SEC_I_CONTINUE_NEEDED);
    ossl_peer_take(&c->peer, &c->to_peer);
    cr_assert_eq(SSL_do_handshake(c->peer.ssl), -1);
    ossl_peer_give(&c->peer, &c->side.in);
    return fx_step(&c->side, c->side.in.data, c->side.in.len, &second, &c->to_peer);
}

static void conn_close(conn *c)
{
    loop_side_free(&c->side);
    loop_pipe_free(&c->to_peer);
    ossl_peer_close(&c->peer);
    FreeCredentialsHandle(&c->cred);
    if (c->cert)
        CertFreeCertificateContext(c->cert);
}

/* The certificate the OpenSSL side received from ours, compared with fixture `name` (NULL: none).
 */
static void peer_saw(conn *c, const char *name)
{
    X509 *seen = SSL_get0_peer_certificate(c->peer.ssl);
    PCCERT_CONTEXT expected;
    unsigned char *der = NULL;
    int len;

    if (!name) {
        cr_assert_null(seen, "the client sent no certificate");
        return;
    }
    cr_assert(seen, "the client sent its certificate");
    expected = fx_cert(name);
    len = i2d_X509(seen, &der);
    cr_assert_eq((DWORD)len, expected->cbCertEncoded);
    cr_assert_eq(memcmp(der, expected->pbCertEncoded, (size_t)len), 0);
    OPENSSL_free(der);
    CertFreeCertificateContext(expected);
}

/* The issuer list holds the server's one CA name, ca-rsa's subject. */
static void issuer_list_names_ca(conn *c)
{
    SecPkgContext_IssuerListInfoEx list = {0};
    char ca[1024];
    unsigned char *der = NULL;
    X509 *x509;
    FILE *file;
    int len;

    cr_assert_eq(QueryContextAttributesA(&c->side.ctx, SECPKG_ATTR_ISSUER_LIST_EX, &list),
                 SEC_E_OK);
    cr_assert_eq(list.cIssuers, 1);
    fx_path(ca, sizeof(ca), "ca-rsa", "pem");
    file = fopen(ca, "r");
    cr_assert(file);
    x509 = PEM_read_X509(file, NULL, NULL, NULL);
    fclose(file);
    cr_assert(x509);
    len = i2d_X509_NAME(X509_get_subject_name(x509), &der);
    cr_assert_eq(list.aIssuers[0].cbData, (DWORD)len);
    cr_assert_eq(memcmp(list.aIssuers[0].pbData, der, (size_t)len), 0);
    OPENSSL_free(der);
    X509_free(x509);
    FreeContextBuffer(list.aIssuers);
}

/* Data flows both ways. */
static void talk(conn *c)
{
    loop_pipe got = {0};
    loop_side sink;

    cr_assert_eq(SSL_write(c->peer.ssl, "hello", 5), 5);
    ossl_peer_give(&c->peer, &c->side.in);
    while (c->side.in.len) {
        SECURITY_STATUS status = loop_receive(&c->side, 0, &got);
        cr_assert(status == SEC_E_OK || status == SEC_I_RENEGOTIATE, "0x%08x", (unsigned)status);
    }
    cr_assert_eq(got.len, 5);
    cr_assert_eq(memcmp(got.data, "hello", 5), 0);
    memset(&sink, 0, sizeof(sink));
    cr_assert_eq(loop_send(&c->side, &sink, "back", 4), SEC_E_OK);
    ossl_peer_take(&c->peer, &sink.in);
    got.len = 0;
    ossl_peer_read(&c->peer, &got);
    cr_assert_eq(got.len, 4);
    loop_pipe_free(&got);
    loop_pipe_free(&sink.in);
}

/* The peer and our side finish the handshake; then data flows both ways. */
static void finish_and_talk(conn *c)
{
    ossl_peer_pump(&c->peer, &c->side, &c->to_peer);
    ossl_peer_take(&c->peer, &c->to_peer);
    talk(c);
}

enum resume_style { SAME_BYTES, EMPTY_TOKEN, NULL_INPUT };

/* The call after SEC_I_INCOMPLETE_CREDENTIALS, the way curl (same bytes), Qt (empty token) or a
 * caller passing no input makes it. */
static SECURITY_STATUS resume(conn *c, enum resume_style style)
{
    SecBuffer second;
    SECURITY_STATUS status;

    if (style == NULL_INPUT) {
        loop_pipe_consume(&c->side.in, c->side.in.len);
        return fx_step(&c->side, NULL, 0, NULL, &c->to_peer);
    }
    if (style == EMPTY_TOKEN)
        loop_pipe_consume(&c->side.in, c->side.in.len);
    status = fx_step(&c->side, c->side.in.data, c->side.in.len, &second, &c->to_peer);
    cr_assert_neq(second.BufferType, SECBUFFER_EXTRA, "nothing is left over");
    loop_pipe_consume(&c->side.in, c->side.in.len);
    return status;
}

static void pause_then_anonymous(int version, enum resume_style style, ULONG resume_req)
{
    SECURITY_STATUS status;
    conn c;

    cr_assert_eq(client_until_request(&c, version, NULL, FX_ISC_REQ), SEC_I_INCOMPLETE_CREDENTIALS);
    cr_assert(c.to_peer.len == 0, "nothing is sent while paused");
    issuer_list_names_ca(&c);
    c.side.req = resume_req;
    status = resume(&c, style);
    cr_assert_eq(status, version == TLS1_3_VERSION ? SEC_E_OK : SEC_I_CONTINUE_NEEDED, "0x%08x",
                 (unsigned)status);
    cr_assert(c.to_peer.len > 0, "the client's flight");
    finish_and_talk(&c);
    peer_saw(&c, NULL);
    conn_close(&c);
}

Test(client_certs, tls12_pause_then_same_bytes_with_supplied_creds)
{
    pause_then_anonymous(TLS1_2_VERSION, SAME_BYTES, FX_ISC_REQ | ISC_REQ_USE_SUPPLIED_CREDS);
}
Test(client_certs, tls12_pause_then_empty_token)
{
    pause_then_anonymous(TLS1_2_VERSION, EMPTY_TOKEN, FX_ISC_REQ);
}
Test(client_certs, tls12_pause_then_null_input)
{
    pause_then_anonymous(TLS1_2_VERSION, NULL_INPUT, FX_ISC_REQ);
}
Test(client_certs, tls13_pause_then_same_bytes)
{
    pause_then_anonymous(TLS1_3_VERSION, SAME_BYTES, FX_ISC_REQ);
}
Test(client_certs, tls13_pause_then_empty_token)
{
    pause_then_anonymous(TLS1_3_VERSION, EMPTY_TOKEN, FX_ISC_REQ);
}

/* The call after the pause brings a new credential holding client-rsa: it is sent, and the
 * context reports it as its own. */
static void pause_then_new_credential(int version, enum resume_style style)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;
    PCCERT_CONTEXT client = fx_cert("client-rsa"), local = NULL;
    CredHandle with_cert, first;
    conn c;

    cr_assert_eq(client_until_request(&c, version, NULL, FX_ISC_REQ), SEC_I_INCOMPLETE_CREDENTIALS);
    cr_assert_eq(QueryContextAttributesA(&c.side.ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local),
                 SEC_E_NO_CREDENTIALS);
    cr_assert_eq(loop_acquire(&with_cert, SECPKG_CRED_OUTBOUND, client, protocols, CLIENT_FLAGS),
                 SEC_E_OK);
    first = c.side.cred;
    c.side.cred = with_cert;
    cr_assert_eq(resume(&c, style), version == TLS1_3_VERSION ? SEC_E_OK : SEC_I_CONTINUE_NEEDED);
    /* The credential can go: the context keeps its own reference. */
    FreeCredentialsHandle(&with_cert);
    c.side.cred = first;
    finish_and_talk(&c);
    peer_saw(&c, "client-rsa");
    cr_assert_eq(QueryContextAttributesA(&c.side.ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local),
                 SEC_E_OK);
    cr_assert_eq(local->cbCertEncoded, client->cbCertEncoded);
    CertFreeCertificateContext(local);
    CertFreeCertificateContext(client);
    conn_close(&c);
}

Test(client_certs, tls12_pause_then_new_credential_same_bytes)
{
    pause_then_new_credential(TLS1_2_VERSION, SAME_BYTES);
}
Test(client_certs, tls12_pause_then_new_credential_empty_token)
{
    pause_then_new_credential(TLS1_2_VERSION, EMPTY_TOKEN);
}
Test(client_certs, tls13_pause_then_new_credential)
{
    pause_then_new_credential(TLS1_3_VERSION, SAME_BYTES);
}

/* ISC_REQ_USE_SUPPLIED_CREDS from the start: never paused, an empty Certificate message. */
static void supplied_creds_go_on(int version)
{
    conn c;

    cr_assert_eq(client_until_request(&c, version, NULL, FX_ISC_REQ | ISC_REQ_USE_SUPPLIED_CREDS),
                 version == TLS1_3_VERSION ? SEC_E_OK : SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(c.side.attrs & ISC_RET_USED_SUPPLIED_CREDS, ISC_RET_USED_SUPPLIED_CREDS);
    loop_pipe_consume(&c.side.in, c.side.in.len);
    finish_and_talk(&c);
    peer_saw(&c, NULL);
    conn_close(&c);
}

Test(client_certs, tls12_supplied_creds_never_pause)
{
    supplied_creds_go_on(TLS1_2_VERSION);
}
Test(client_certs, tls13_supplied_creds_never_pause)
{
    supplied_creds_go_on(TLS1_3_VERSION);
}

/* A credential with a certificate answers at once, flag or not. */
Test(client_certs, tls12_credential_with_certificate_never_pauses)
{
    conn c;

    cr_assert_eq(client_until_request(&c, TLS1_2_VERSION, "client-rsa", FX_ISC_REQ),
                 SEC_I_CONTINUE_NEEDED);
    loop_pipe_consume(&c.side.in, c.side.in.len);
    finish_and_talk(&c);
    peer_saw(&c, "client-rsa");
    conn_close(&c);
}

/* ------------------------------------------------------------ server-started renegotiation */

/* Our server (server-rsa, no client certificate asked) against an OpenSSL client holding
 * client-rsa, handshake done and the client's tickets (TLS 1.3) taken. */
static void server_open(conn *c, int version, int post_handshake_auth)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;
    char cert[1024], key[1024];

    memset(c, 0, sizeof(*c));
    c->cert = fx_cert("server-rsa");
    /* The application judges the client's certificate (the test root is trusted nowhere). */
    cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_INBOUND, c->cert, protocols,
                              SCH_CRED_MANUAL_CRED_VALIDATION),
                 SEC_E_OK);
    loop_side_init(&c->side, &c->cred, 1, FX_ASC_REQ, NULL);
    ossl_peer_open(&c->peer, NULL, version);
    fx_path(cert, sizeof(cert), "client-rsa", "pem");
    fx_path(key, sizeof(key), "client-rsa", "key");
    cr_assert_eq(SSL_use_certificate_file(c->peer.ssl, cert, SSL_FILETYPE_PEM), 1);
    cr_assert_eq(SSL_use_PrivateKey_file(c->peer.ssl, key, SSL_FILETYPE_PEM), 1);
    if (post_handshake_auth)
        SSL_set_post_handshake_auth(c->peer.ssl, 1);
    ossl_peer_handshake(&c->peer, &c->side);
}

/* The certificate our server received, compared with fixture `name` (NULL: none). */
static void server_saw(conn *c, const char *name)
{
    PCCERT_CONTEXT seen = NULL, expected;
    SECURITY_STATUS status =
        QueryContextAttributesA(&c->side.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &seen);

    if (!name) {
        cr_assert_neq(status, SEC_E_OK, "no client certificate yet");
        return;
    }
    cr_assert_eq(status, SEC_E_OK);
    expected = fx_cert(name);
    cr_assert_eq(seen->cbCertEncoded, expected->cbCertEncoded);
    cr_assert_eq(memcmp(seen->pbCertEncoded, expected->pbCertEncoded, seen->cbCertEncoded), 0);
    CertFreeCertificateContext(seen);
    CertFreeCertificateContext(expected);
}

/* Our server asks for a certificate after the handshake. Around it, each side sends data the
 * other receives in the middle of the renegotiation: the server right after its HelloRequest,
 * the client before it read the HelloRequest (so its data reaches our server ahead of the
 * ClientHello, and goes to AcceptSecurityContext first, as .NET's renegotiation loop does). */
Test(server_renegotiation, tls12_asks_for_client_certificate_data_interleaved)
{
    loop_pipe got = {0};
    loop_side sink;
    SecBuffer second;
    SECURITY_STATUS status;
    conn c;

    server_open(&c, TLS1_2_VERSION, 0);
    server_saw(&c, NULL);
    c.side.req |= ASC_REQ_MUTUAL_AUTH;
    cr_assert_eq(fx_step(&c.side, NULL, 0, NULL, &c.to_peer), SEC_E_OK, "HelloRequest");
    cr_assert(c.to_peer.len > 0);
    memset(&sink, 0, sizeof(sink));
    cr_assert_eq(loop_send(&c.side, &sink, "server data", 11), SEC_E_OK,
                 "a server can send until the ClientHello arrives");
    cr_assert(loop_pipe_append(&c.to_peer, sink.in.data, sink.in.len));
    cr_assert_eq(SSL_write(c.peer.ssl, "client data", 11), 11);
    ossl_peer_take(&c.peer, &c.to_peer);
    ossl_peer_read(&c.peer, &got); /* HelloRequest, then the data: a ClientHello goes out */
    cr_assert_eq(got.len, 11);
    cr_assert_eq(memcmp(got.data, "server data", 11), 0);
    ossl_peer_give(&c.peer, &c.side.in);
    /* The client's data comes first: the handshake call leaves all of it to DecryptMessage. */
    status = fx_step(&c.side, c.side.in.data, c.side.in.len, &second, &c.to_peer);
    cr_assert_eq(status, SEC_E_OK, "0x%08x", (unsigned)status);
    cr_assert_eq(second.BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(second.cbBuffer, c.side.in.len);
    got.len = 0;
    cr_assert_eq(loop_receive(&c.side, 0, &got), SEC_I_RENEGOTIATE, "the ClientHello");
    cr_assert_eq(got.len, 11);
    cr_assert_eq(memcmp(got.data, "client data", 11), 0);
    status = fx_step(&c.side, NULL, 0, NULL, &c.to_peer);
    cr_assert_eq(status, SEC_I_CONTINUE_NEEDED, "0x%08x", (unsigned)status);
    cr_assert(c.to_peer.len > 0, "the server's flight");
    ossl_peer_pump(&c.peer, &c.side, &c.to_peer);
    ossl_peer_take(&c.peer, &c.to_peer);
    server_saw(&c, "client-rsa");
    cr_assert_eq(SSL_num_renegotiations(c.peer.ssl), 1);
    talk(&c);
    loop_pipe_free(&got);
    loop_pipe_free(&sink.in);
    conn_close(&c);
}

/* TLS 1.3 has no renegotiation: nothing is sent and the session goes on, even for a client that
 * offered post-handshake authentication (not implemented: .NET takes SEC_I_NO_RENEGOTIATION as
 * "the peer declined"). */
static void tls13_server_asks(int post_handshake_auth)
{
    SECURITY_STATUS status;
    conn c;

    server_open(&c, TLS1_3_VERSION, post_handshake_auth);
    c.side.req |= ASC_REQ_MUTUAL_AUTH;
    status = fx_step(&c.side, NULL, 0, NULL, &c.to_peer);
    cr_assert_eq(status, SEC_I_NO_RENEGOTIATION, "0x%08x", (unsigned)status);
    cr_assert_eq(c.to_peer.len, 0);
    talk(&c);
    server_saw(&c, NULL);
    conn_close(&c);
}

Test(server_renegotiation, tls13_no_renegotiation)
{
    tls13_server_asks(0);
}
Test(server_renegotiation, tls13_no_renegotiation_despite_post_handshake_auth)
{
    tls13_server_asks(1);
}
