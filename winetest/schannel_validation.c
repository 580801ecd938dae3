/* Automatic server certificate validation (no SCH_CRED_MANUAL_CRED_VALIDATION): a client
 * connecting to in-process servers that present each certificate fixture gets Windows' status
 * for it. The fixtures' root (ca-rsa.pem) is made trusted first. */
#include "schannel_util.h"

static const struct {
    const char *cert;
    DWORD flags;
    SECURITY_STATUS expected;
} matrix[] = {
    {"server-rsa", 0, SEC_E_OK},
    {"server-ecdsa", 0, SEC_E_OK},
    {"server-chain", 0, SEC_E_OK},
    {"untrusted", 0, SEC_E_UNTRUSTED_ROOT},
    {"self-signed", 0, SEC_E_UNTRUSTED_ROOT},
    {"wrong-host", 0, SEC_E_WRONG_PRINCIPAL},
    {"wrong-host", SCH_CRED_NO_SERVERNAME_CHECK, SEC_E_OK},
    {"expired", 0, SEC_E_CERT_EXPIRED},
    {"not-yet-valid", 0, SEC_E_CERT_EXPIRED},
    {"wrong-eku", 0, SEC_E_CERT_WRONG_USAGE},
    {"self-signed", SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK},
    {"expired", SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK},
};

static int fixture_loads(const char *name)
{
    PCCERT_CONTEXT cert = load_fixture_pfx(name);
    if (cert)
        CertFreeCertificateContext(cert);
    return cert != NULL;
}

START_TEST(schannel_validation)
{
    size_t i;

    if (!fixtures_available())
        return;
    ok(trust_fixture_root(), "could not trust ca-rsa.pem\n");
    for (i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
        loop_side client, server;
        CredHandle ccred, scred;
        SECURITY_STATUS status;

        winetest_push_context("%s, flags 0x%lx", matrix[i].cert, (unsigned long)matrix[i].flags);
        if (winetest_on_wine() && !fixture_loads(matrix[i].cert)) {
            skip("Wine's crypt32 cannot import %s.pfx\n", matrix[i].cert);
            winetest_pop_context();
            continue;
        }
        status = connect_to_fixture(&client, &server, &ccred, &scred, matrix[i].cert,
                                    matrix[i].flags, "localhost");
        if (wine_builtin() && (server.calls == 0 || server.status == SEC_E_UNSUPPORTED_FUNCTION)) {
            skip("no in-process server with this Schannel (0x%08lx)\n", (unsigned long)status);
        } else {
            /* Wine's builtin validates nothing (reference §2.9). */
            todo_if(wine_builtin() && matrix[i].expected != SEC_E_OK)
            {
                ok(status == matrix[i].expected, "got 0x%08lx (%s), expected 0x%08lx (%s)\n",
                   (unsigned long)status, sec_status_name(status),
                   (unsigned long)matrix[i].expected, sec_status_name(matrix[i].expected));
            }
            if (status != SEC_E_OK)
                ok(client.status == status, "the failure was the server's (client 0x%08lx)\n",
                   (unsigned long)client.status);
        }
        loop_side_free(&client);
        loop_side_free(&server);
        if (SecIsValidHandle(&ccred))
            FreeCredentialsHandle(&ccred);
        if (SecIsValidHandle(&scred))
            FreeCredentialsHandle(&scred);
        winetest_pop_context();
    }
}
