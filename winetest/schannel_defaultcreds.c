/* Default client credentials. A client credential with no certificate meets a server that asks
 * for one (ASC_REQ_MUTUAL_AUTH). Without SCH_CRED_NO_DEFAULT_CREDS, Schannel looks in the current
 * user's MY store for a suitable certificate (private key, valid now, client authentication
 * allowed, under a CA the server named) and sends it without telling the caller; with the flag,
 * or when nothing in MY is suitable, InitializeSecurityContext returns
 * SEC_I_INCOMPLETE_CREDENTIALS. ISC_REQ_USE_SUPPLIED_CREDS also turns the search off.
 *
 * The unit puts fixture certificates into MY (of the test's private Wine prefix under Wine) and
 * takes them out again. Our server names no CAs in its request (nor do Windows servers by
 * default), so any certificate for client authentication matches the issuer rule here. Natively
 * there is no MY store: the client pauses whatever the flag. */
#include "schannel_util.h"

#include <string.h>

#define CLIENT_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM)
#define SERVER_REQ (ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_MUTUAL_AUTH)

typedef struct server_setup {
    PCCERT_CONTEXT cert;
    CredHandle cred;
    int ready;
} server_setup;

/* The server's key is read when its credential is acquired: Wine 8 keeps every imported PFX key
 * in one container, so the certificates MY gets later must not come first. */
static int server_open(server_setup *server, DWORD protocols)
{
    memset(server, 0, sizeof(*server));
    server->cert = load_fixture_pfx("server-rsa");
    server->ready =
        server->cert && loop_acquire(&server->cred, SECPKG_CRED_INBOUND, server->cert, protocols,
                                     SCH_CRED_MANUAL_CRED_VALIDATION) == SEC_E_OK;
    return server->ready;
}

static void server_close(server_setup *server)
{
    if (server->ready)
        FreeCredentialsHandle(&server->cred);
    if (server->cert)
        CertFreeCertificateContext(server->cert);
    memset(server, 0, sizeof(*server));
}

/* One connection from a client credential without a certificate (`flags`, `req`) to the server;
 * returns the client's status and checks which certificate the server got when it completed. */
static SECURITY_STATUS connect_once(server_setup *server, DWORD protocols, DWORD flags, ULONG req,
                                    const char *expect_cert)
{
    loop_side client, side;
    CredHandle ccred;
    SECURITY_STATUS status;
    loop_pipe got = {0};

    status = loop_acquire(&ccred, SECPKG_CRED_OUTBOUND, NULL, protocols,
                          SCH_CRED_MANUAL_CRED_VALIDATION | flags);
    ok_status(status, SEC_E_OK, "client credential without a certificate");
    if (status != SEC_E_OK)
        return status;
    loop_side_init(&client, &ccred, 0, req, "localhost");
    loop_side_init(&side, &server->cred, 1, SERVER_REQ, NULL);
    status = loop_handshake(&client, &side, 0, 20);
    if (status == SEC_E_OK) {
        ok_remote_certificate(&side.ctx, expect_cert);
        /* The client reports the certificate it chose as its own. */
        ok_context_certificate(&client.ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, expect_cert);
        ok_status(loop_send(&client, &side, "hello", 5), SEC_E_OK, "EncryptMessage");
        ok_status(loop_receive(&side, 0, &got), SEC_E_OK, "DecryptMessage");
        ok(got.len == 5 && !memcmp(got.data, "hello", 5), "the data arrives intact\n");
    }
    loop_pipe_free(&got);
    loop_side_free(&client);
    loop_side_free(&side);
    FreeCredentialsHandle(&ccred);
    return status;
}

#ifdef _WIN32
static HCERTSTORE open_my(void)
{
    return CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"MY");
}

/* Takes fixture NAME's certificate out of MY (every copy); its key container stays. */
static void remove_from_my(const char *name)
{
    PCCERT_CONTEXT leaf = load_fixture_pem(name), found;
    HCERTSTORE my = leaf ? open_my() : NULL;

    while (my && (found = CertFindCertificateInStore(my, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING,
                                                     leaf, NULL)))
        CertDeleteCertificateFromStore(found);
    if (my) {
        /* Under Wine 8 a deletion reached the registry only after a commit. */
        CertControlStore(my, 0, CERT_STORE_CTRL_COMMIT, NULL);
        CertCloseStore(my, 0);
    }
    if (leaf)
        CertFreeCertificateContext(leaf);
}

/* Imports fixture NAME's PFX and adds its certificate, with the link to its key, to MY. */
static int add_to_my(const char *name, DWORD import_flags)
{
    PCCERT_CONTEXT cert = load_fixture_pfx_with(name, import_flags);
    HCERTSTORE my = cert ? open_my() : NULL;
    int added =
        my && CertAddCertificateContextToStore(my, cert, CERT_STORE_ADD_REPLACE_EXISTING, NULL);

    ok(added, "%s goes into the current user's MY store\n", name);
    if (my)
        CertCloseStore(my, 0);
    if (cert)
        CertFreeCertificateContext(cert);
    return added;
}

static void test_protocol(DWORD protocols, const char *what)
{
    server_setup server;

    winetest_push_context("%s", what);
    if (!server_open(&server, protocols)) {
        skip("no Schannel server credential here\n");
        goto done;
    }
    if (!add_to_my("client-rsa", CRYPT_EXPORTABLE | CRYPT_USER_KEYSET))
        goto done;
    ok_status(connect_once(&server, protocols, 0, CLIENT_REQ, "client-rsa"), SEC_E_OK,
              "no SCH_CRED_NO_DEFAULT_CREDS: the certificate in MY answers");
    ok_status(
        connect_once(&server, protocols, SCH_CRED_USE_DEFAULT_CREDS, CLIENT_REQ, "client-rsa"),
        SEC_E_OK, "SCH_CRED_USE_DEFAULT_CREDS: the certificate in MY answers");
    ok_status(connect_once(&server, protocols, SCH_CRED_NO_DEFAULT_CREDS, CLIENT_REQ, NULL),
              SEC_I_INCOMPLETE_CREDENTIALS, "SCH_CRED_NO_DEFAULT_CREDS: the client pauses");
    ok_status(connect_once(&server, protocols, 0, CLIENT_REQ | ISC_REQ_USE_SUPPLIED_CREDS, NULL),
              SEC_E_OK, "ISC_REQ_USE_SUPPLIED_CREDS: no certificate from MY is sent");
done:
    remove_from_my("client-rsa");
    server_close(&server);
    winetest_pop_context();
}

/* A key that stays in CryptoAPI (not exportable) signs PKCS#1 v1.5 only; TLS 1.2 allows it. */
static void test_non_exportable_key(void)
{
    server_setup server;

    if (!server_open(&server, SP_PROT_TLS1_2)) {
        skip("no Schannel server credential here\n");
        return;
    }
    if (add_to_my("client-rsa", CRYPT_USER_KEYSET))
        ok_status(connect_once(&server, SP_PROT_TLS1_2, 0, CLIENT_REQ, "client-rsa"), SEC_E_OK,
                  "a non-exportable key in MY answers in TLS 1.2");
    remove_from_my("client-rsa");
    server_close(&server);
}

/* server-rsa has a key but is for server authentication only: nothing in MY will do. */
static void test_nothing_suitable(void)
{
    server_setup server;

    if (!server_open(&server, SP_PROT_TLS1_2)) {
        skip("no Schannel server credential here\n");
        return;
    }
    if (add_to_my("server-rsa", CRYPT_EXPORTABLE | CRYPT_USER_KEYSET))
        ok_status(connect_once(&server, SP_PROT_TLS1_2, 0, CLIENT_REQ, NULL),
                  SEC_I_INCOMPLETE_CREDENTIALS,
                  "only a server-authentication certificate in MY: the client pauses");
    remove_from_my("server-rsa");
    server_close(&server);
}
#endif

START_TEST(schannel_defaultcreds)
{
    if (!fixtures_available())
        return;
#ifdef _WIN32
    /* Leftovers of an interrupted run would change what MY offers. */
    remove_from_my("client-rsa");
    remove_from_my("server-rsa");
    test_protocol(SP_PROT_TLS1_2, "TLS 1.2");
    test_protocol(SP_PROT_TLS1_3, "TLS 1.3");
    test_non_exportable_key();
    test_nothing_suitable();
#else
    {
        server_setup server;
        if (server_open(&server, SP_PROT_TLS1_2))
            ok_status(connect_once(&server, SP_PROT_TLS1_2, 0, CLIENT_REQ, NULL),
                      SEC_I_INCOMPLETE_CREDENTIALS,
                      "natively (no MY store) a client without a certificate pauses");
        server_close(&server);
        skip("no MY system store natively (crypt32 subset): default credentials are Windows "
             "and Wine only\n");
    }
#endif
}
