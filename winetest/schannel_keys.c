/* Credentials whose private key refuses export: PFX files imported without CRYPT_EXPORTABLE
 * must still serve handshakes, the key signing where it lives (CNG or CryptoAPI). */
#include "schannel_util.h"
#include "test.h"
#include "tls_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVER_REQ (ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM)
#define CLIENT_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION)

static int has_private_key(PCCERT_CONTEXT cert)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0;
    DWORD spec = 0;
    BOOL must_free = FALSE;

    if (!CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &handle,
                                           &spec, &must_free))
        return 0;
    if (must_free && spec == CERT_NCRYPT_KEY_SPEC)
        NCryptFreeObject(handle);
    else if (must_free)
        CryptReleaseContext(handle, 0);
    return 1;
}

/* A certificate with its key from PFX file `name` of SSPISHIM_CERTS, imported with `flags`. */
static PCCERT_CONTEXT load_pfx_flags(const char *name, DWORD flags)
{
    static const WCHAR password[] = {'s', 's', 'p', 'i', 's', 'h', 'i', 'm', 0};
    const char *dir = getenv("SSPISHIM_CERTS");
    PCCERT_CONTEXT cert = NULL, found = NULL;
    CRYPT_DATA_BLOB blob = {0, NULL};
    HCERTSTORE store = NULL;
    char path[1024];
    FILE *file = NULL;
    long size;

    if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
        !(file = fopen(path, "rb")))
        goto done;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) > 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (blob.pbData = malloc((size_t)size)) &&
        fread(blob.pbData, 1, (size_t)size, file) == (size_t)size)
        blob.cbData = (DWORD)size;
    if (!blob.cbData || !(store = PFXImportCertStore(&blob, password, flags)))
        goto done;
    /* The end entity is the certificate that carries the key. */
    while (!found && (cert = CertEnumCertificatesInStore(store, cert))) {
        if (has_private_key(cert))
            found = CertDuplicateCertificateContext(cert);
    }
    if (cert)
        CertFreeCertificateContext(cert);
done:
    if (store)
        CertCloseStore(store, 0);
    if (file)
        fclose(file);
    free(blob.pbData);
    return found;
}

/* Asks the key's provider for its private half, as an application would to copy it. */
#ifdef _WIN32
static int key_is_exportable(PCCERT_CONTEXT cert)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0;
    DWORD spec = 0, size = 0;
    BOOL must_free = FALSE;
    HCRYPTKEY key = 0;
    int exportable = 0;

    if (!CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &handle,
                                           &spec, &must_free))
        return 0;
    if (spec == CERT_NCRYPT_KEY_SPEC) {
        DWORD policy = 0;
        exportable = NCryptGetProperty(handle, NCRYPT_EXPORT_POLICY_PROPERTY, (BYTE *)&policy,
                                       sizeof(policy), &size, 0) == ERROR_SUCCESS &&
                     (policy & NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG);
    } else if (CryptGetUserKey(handle, AT_KEYEXCHANGE, &key) ||
               CryptGetUserKey(handle, AT_SIGNATURE, &key)) {
        exportable = CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, NULL, &size);
        CryptDestroyKey(key);
    }
    if (must_free && spec == CERT_NCRYPT_KEY_SPEC)
        NCryptFreeObject(handle);
    else if (must_free)
        CryptReleaseContext(handle, 0);
    return exportable;
}
#else
/* Natively the key is an OpenSSL key kept with the certificate: exportability does not apply. */
static int key_is_exportable(PCCERT_CONTEXT cert)
{
    (void)cert;
    return 0;
}
#endif

/* CryptoAPI keys sign PKCS#1 v1.5 only, which TLS 1.3 forbids; Wine 8 imports every PFX RSA
 * key into CryptoAPI, so there such a server does TLS 1.2 at most. */
static int capi_only_rsa(PCCERT_CONTEXT cert)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0;
    DWORD spec = 0;
    BOOL must_free = FALSE;

    if (!winetest_on_wine() ||
        !CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &handle,
                                           &spec, &must_free))
        return 0;
    if (must_free && spec != CERT_NCRYPT_KEY_SPEC)
        CryptReleaseContext(handle, 0);
    else if (must_free)
        NCryptFreeObject(handle);
    return spec != CERT_NCRYPT_KEY_SPEC;
}

/* One handshake and one record each way over the two credentials, which it frees; returns the
 * protocol negotiated (0: failed). */
static DWORD handshake_with(CredHandle *server_cred, CredHandle *client_cred, int mutual)
{
    static const char ping[] = "ping through a key that stays put";
    loop_side client, server;
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;
    loop_pipe got = {0};
    DWORD protocol = 0;

    loop_side_init(&client, client_cred, 0, CLIENT_REQ, "localhost");
    loop_side_init(&server, server_cred, 1, SERVER_REQ | (mutual ? ASC_REQ_MUTUAL_AUTH : 0), NULL);
    status = loop_handshake(&client, &server, 0, 32);
    todo_wine ok(status == SEC_E_OK, "handshake returned %08lx (client %08lx, server %08lx)\n",
                 (unsigned long)status, (unsigned long)client.status, (unsigned long)server.status);
    if (status != SEC_E_OK)
        goto done;
    status = loop_send(&server, &client, ping, sizeof(ping));
    ok(status == SEC_E_OK, "EncryptMessage returned %08lx\n", (unsigned long)status);
    status = loop_receive(&client, 0, &got);
    ok(status == SEC_E_OK && got.len == sizeof(ping) && !memcmp(got.data, ping, sizeof(ping)),
       "DecryptMessage returned %08lx, %lu bytes\n", (unsigned long)status, (unsigned long)got.len);
    status = QueryContextAttributesA(&client.ctx, SECPKG_ATTR_CONNECTION_INFO, &info);
    ok(status == SEC_E_OK, "QueryContextAttributes returned %08lx\n", (unsigned long)status);
    if (status == SEC_E_OK)
        protocol = info.dwProtocol;
done:
    loop_pipe_free(&got);
    loop_side_free(&client);
    loop_side_free(&server);
    FreeCredentialsHandle(client_cred);
    FreeCredentialsHandle(server_cred);
    return protocol;
}

static int acquire(CredHandle *cred, int is_server, PCCERT_CONTEXT cert, DWORD protocols)
{
    SECURITY_STATUS status =
        loop_acquire(cred, is_server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND, cert, protocols,
                     is_server ? 0 : SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS);
    ok(status == SEC_E_OK, "%s AcquireCredentialsHandle returned %08lx\n",
       is_server ? "server" : "client", (unsigned long)status);
    return status == SEC_E_OK;
}

static DWORD handshake(PCCERT_CONTEXT server_cert, DWORD server_protocols, DWORD client_protocols)
{
    CredHandle server_cred, client_cred;

    if (!acquire(&server_cred, 1, server_cert, server_protocols))
        return 0;
    if (!acquire(&client_cred, 0, NULL, client_protocols)) {
        FreeCredentialsHandle(&server_cred);
        return 0;
    }
    return handshake_with(&server_cred, &client_cred, 0);
}

static void test_server_key(const char *pfx)
{
    PCCERT_CONTEXT cert = load_pfx_flags(pfx, 0);
    DWORD protocol;

    winetest_push_context("%s", pfx);
    if (!cert) {
        /* Wine 8 cannot import ECDSA keys from PFX files. */
        ok(winetest_on_wine(), "PFXImportCertStore failed: %lu\n", (unsigned long)GetLastError());
        skip("%s does not import here\n", pfx);
        goto done;
    }
    if (winetest_on_windows() || winetest_on_wine())
        ok(!key_is_exportable(cert), "the key was imported exportable\n");

    protocol = handshake(cert, SP_PROT_TLS1_2_SERVER, SP_PROT_TLS1_2_CLIENT);
    todo_wine ok(protocol == SP_PROT_TLS1_2_CLIENT, "TLS 1.2: protocol %lx\n",
                 (unsigned long)protocol);

    protocol = handshake(cert, SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER,
                         SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);
    if (capi_only_rsa(cert))
        todo_wine ok(protocol == SP_PROT_TLS1_2_CLIENT,
                     "PKCS#1-only key: protocol %lx, expected TLS 1.2\n", (unsigned long)protocol);
    else
        todo_wine ok(protocol == SP_PROT_TLS1_3_CLIENT, "TLS 1.3: protocol %lx\n",
                     (unsigned long)protocol);
    CertFreeCertificateContext(cert);
done:
    winetest_pop_context();
}

/* The client signs CertificateVerify with its own non-exportable key. Wine 8 puts every PFX key
 * in the same key container, so the server's credential is made (its exportable key copied)
 * before the client's PFX replaces it. */
static void test_client_key(void)
{
    PCCERT_CONTEXT server = load_pfx_flags("server-rsa.pfx", CRYPT_EXPORTABLE), client = NULL;
    CredHandle server_cred, client_cred;
    DWORD protocol;

    ok(server != NULL, "PFXImportCertStore failed\n");
    /* The server validates the client's certificate, which chains to the test root. */
    ok(trust_fixture_root(), "cannot make the test root trusted\n");
    if (!server || !acquire(&server_cred, 1, server, SP_PROT_TLS1_2_SERVER))
        goto done;
    client = load_pfx_flags("client-rsa.pfx", 0);
    ok(client != NULL, "PFXImportCertStore failed\n");
    if (!client || !acquire(&client_cred, 0, client, SP_PROT_TLS1_2_CLIENT)) {
        FreeCredentialsHandle(&server_cred);
        goto done;
    }
    protocol = handshake_with(&server_cred, &client_cred, 1);
    todo_wine ok(protocol == SP_PROT_TLS1_2_CLIENT, "mutual TLS 1.2: protocol %lx\n",
                 (unsigned long)protocol);
done:
    if (server)
        CertFreeCertificateContext(server);
    if (client)
        CertFreeCertificateContext(client);
}

START_TEST(schannel_keys)
{
    if (!getenv("SSPISHIM_CERTS")) {
        skip("SSPISHIM_CERTS is not set\n");
        return;
    }
    test_server_key("server-rsa.pfx");
    test_server_key("server-ecdsa.pfx");
    test_client_key();
}
