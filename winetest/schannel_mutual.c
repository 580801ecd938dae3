/* Client certificates on the server side: ASC_REQ_MUTUAL_AUTH asks for one, and the server
 * validates what it gets against the credential's hRootStore, or the system roots when it has
 * none, refusing an untrusted chain with SEC_E_UNTRUSTED_ROOT; a server credential with
 * SCH_CRED_MANUAL_CRED_VALIDATION leaves the judgement to the application, which still sees the
 * client's certificate. */
#include "schannel_util.h"

#include <string.h>

#define CLIENT_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_USE_SUPPLIED_CREDS)
#define SERVER_REQ (ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_MUTUAL_AUTH)

static SECURITY_STATUS acquire_server(CredHandle *cred, PCCERT_CONTEXT cert, HCERTSTORE roots,
                                      DWORD flags)
{
    SCHANNEL_CRED sc;

    memset(&sc, 0, sizeof(sc));
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.cCreds = 1;
    sc.paCred = &cert;
    sc.hRootStore = roots;
    sc.grbitEnabledProtocols = SP_PROT_TLS1_2_SERVER;
    sc.dwFlags = flags;
    return AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                     cred, NULL);
}

/* A memory store holding one root. */
static HCERTSTORE root_store(const char *name)
{
    PCCERT_CONTEXT root = load_fixture_pem(name);
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);

    ok(root && store, "test root store\n");
    if (root && store)
        ok(CertAddCertificateContextToStore(store, root, CERT_STORE_ADD_ALWAYS, NULL),
           "CertAddCertificateContextToStore failed\n");
    if (root)
        CertFreeCertificateContext(root);
    return store;
}

/* The server's view of the client certificate after the handshake. */
static void check_client_seen(loop_side *server, const char *client_name)
{
    PCCERT_CONTEXT seen = NULL, expected = load_fixture_pem(client_name);
    SECURITY_STATUS status =
        QueryContextAttributesA(&server->ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &seen);

    ok_status(status, SEC_E_OK, "server: REMOTE_CERT_CONTEXT");
    ok(seen && expected && seen->cbCertEncoded == expected->cbCertEncoded &&
           !memcmp(seen->pbCertEncoded, expected->pbCertEncoded, seen->cbCertEncoded),
       "the server sees the client's certificate\n");
    if (seen)
        CertFreeCertificateContext(seen);
    if (expected)
        CertFreeCertificateContext(expected);
}

/* One mutual handshake: server-rsa with `roots`/`server_flags` against a client presenting
 * `client_name`; returns the server's status (the loop's first failure). */
static void run_case(const char *what, HCERTSTORE roots, DWORD server_flags,
                     const char *client_name, SECURITY_STATUS expected)
{
    PCCERT_CONTEXT server_cert = load_fixture_pfx("server-rsa"), client_cert = NULL;
    CredHandle scred, ccred;
    loop_side client, server;
    SECURITY_STATUS status;

    winetest_push_context("%s", what);
    /* Wine 8 keeps every imported PFX key in one container: the server's credential takes its
     * key before the client's PFX is imported. */
    status = server_cert ? acquire_server(&scred, server_cert, roots, server_flags)
                         : SEC_E_NO_CREDENTIALS;
    if (status != SEC_E_OK) {
        skip("no Schannel server credential here (0x%08lx)\n", (unsigned long)status);
        goto done;
    }
    client_cert = load_fixture_pfx(client_name);
    ok(client_cert != NULL, "%s.pfx imports\n", client_name);
    status = client_cert
                 ? loop_acquire(&ccred, SECPKG_CRED_OUTBOUND, client_cert, SP_PROT_TLS1_2_CLIENT,
                                SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS)
                 : SEC_E_NO_CREDENTIALS;
    ok_status(status, SEC_E_OK, "client credential");
    if (status != SEC_E_OK) {
        FreeCredentialsHandle(&scred);
        goto done;
    }
    loop_side_init(&client, &ccred, 0, CLIENT_REQ, "localhost");
    loop_side_init(&server, &scred, 1, SERVER_REQ, NULL);
    loop_handshake(&client, &server, 0, 32);
    ok(server.status == expected, "server: got 0x%08lx (%s), expected 0x%08lx\n",
       (unsigned long)server.status, sec_status_name(server.status), (unsigned long)expected);
    if (expected == SEC_E_OK) {
        ok_status(client.status, SEC_E_OK, "client");
        if (server.status == SEC_E_OK)
            check_client_seen(&server, client_name);
    } else {
        ok(client.status != SEC_E_OK, "the client is refused too (0x%08lx)\n",
           (unsigned long)client.status);
    }
    loop_side_free(&client);
    loop_side_free(&server);
    FreeCredentialsHandle(&ccred);
    FreeCredentialsHandle(&scred);
done:
    if (server_cert)
        CertFreeCertificateContext(server_cert);
    if (client_cert)
        CertFreeCertificateContext(client_cert);
    winetest_pop_context();
}

START_TEST(schannel_mutual)
{
    HCERTSTORE roots, other_roots;
    int trusted;

    if (!fixtures_available())
        return;
    /* First: Wine's chain engine reads the system roots once per process. */
    trusted = trust_fixture_root();
    roots = root_store("ca-rsa");
    other_roots = root_store("other-ca");
    run_case("root store, trusted client", roots, 0, "client-rsa", SEC_E_OK);
    run_case("root store, untrusted client", roots, 0, "client-untrusted", SEC_E_UNTRUSTED_ROOT);
    /* other-ca is in no system store: only the credential's store can make it trusted. */
    run_case("root store of its own root", other_roots, 0, "client-untrusted", SEC_E_OK);
    run_case("manual validation, untrusted client", NULL, SCH_CRED_MANUAL_CRED_VALIDATION,
             "client-untrusted", SEC_E_OK);
    run_case("system roots, untrusted client", NULL, 0, "client-untrusted", SEC_E_UNTRUSTED_ROOT);
    if (trusted)
        run_case("system roots, trusted client", NULL, 0, "client-rsa", SEC_E_OK);
    else
        skip("cannot make the test root trusted here\n");
    if (roots)
        CertCloseStore(roots, 0);
    if (other_roots)
        CertCloseStore(other_roots, 0);
}
