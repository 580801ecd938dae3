/* Automatic server certificate validation (no SCH_CRED_MANUAL_CRED_VALIDATION): a client
 * connecting to in-process servers that present each certificate fixture gets Windows' status
 * for it. The fixtures' root (ca-rsa.pem) is made trusted first. */
#include "schannel_util.h"

static const struct {
    const char *cert;
    const char *target;
    DWORD flags;
    SECURITY_STATUS expected;
    int todo_on_wine; /* fails under Wine for a reason outside validation */
} matrix[] = {
    {"server-rsa", "localhost", 0, SEC_E_OK, 0},
    {"server-ecdsa", "localhost", 0, SEC_E_OK, 0},
    {"server-chain", "localhost", 0, SEC_E_OK, 0},
    {"untrusted", "localhost", 0, SEC_E_UNTRUSTED_ROOT, 0},
    {"self-signed", "localhost", 0, SEC_E_UNTRUSTED_ROOT, 0},
    /* CERT_E_CHAINING: the chain stops short of any root. */
    {"missing-inter", "localhost", 0, SEC_E_UNTRUSTED_ROOT, 0},
    {"wrong-host", "localhost", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"wrong-host", "localhost", SCH_CRED_NO_SERVERNAME_CHECK, SEC_E_OK, 0},
    {"wrong-host", "other.example", 0, SEC_E_OK, 0},
    /* The CN counts only when there is no SAN. */
    {"cn-only", "localhost", 0, SEC_E_OK, 0},
    {"cn-only", "other.example", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"san-mismatch", "localhost", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"server-rsa", "127.0.0.1", 0, SEC_E_OK, 0},
    {"server-rsa", "127.0.0.2", 0, SEC_E_WRONG_PRINCIPAL, 0},
    /* A wildcard is one whole leftmost label, never right under a top-level domain. */
    {"wildcard", "a.example.test", 0, SEC_E_OK, 0},
    {"wildcard", "a.b.example.test", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"wildcard", "example.test", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"wildcard-tld", "example.com", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"wildcard-middle", "a.b.example", 0, SEC_E_WRONG_PRINCIPAL, 0},
    {"expired", "localhost", 0, SEC_E_CERT_EXPIRED, 0},
    {"not-yet-valid", "localhost", 0, SEC_E_CERT_EXPIRED, 0},
    {"wrong-eku", "localhost", 0, SEC_E_CERT_WRONG_USAGE, 0},
    /* TRUST_E_BASIC_CONSTRAINTS and CERT_E_INVALID_NAME have no SEC_E code of their own. */
    {"signed-by-notca", "localhost", 0, SEC_E_CERT_UNKNOWN, 0},
    {"nc-violation", "localhost", 0, SEC_E_CERT_UNKNOWN, 0},
    {"nc-permitted", "www.allowed.example", 0, SEC_E_OK, 0},
    /* Weak signatures and keys (TRUST_E_CERT_SIGNATURE): MD5 and RSA under 1024 bits anywhere;
     * SHA-1 and RSA-1024 are refused only under roots of Microsoft's public root program. */
    {"sig-md5", "localhost", 0, SEC_E_CERT_UNKNOWN, 0},
    {"rsa-512", "localhost", 0, SEC_E_CERT_UNKNOWN, 0},
    {"sig-sha1", "localhost", 0, SEC_E_OK, 0},
    {"rsa-1024", "localhost", 0, SEC_E_OK, 0},
    /* The server's key has a private component that starts with a zero byte: Wine 8's PFX import
     * keeps such a key wrong, and the server only signs correctly because sspishim rebuilds the
     * exported key from p and q. */
    {"short-crt", "localhost", 0, SEC_E_OK, 0},
    /* A revocation check nothing can make: server-rsa names no CRL or OCSP source ("no
     * check"); crl-dp names a CRL at 127.0.0.1:9, where nothing answers ("offline"). Each
     * SCH_CRED_IGNORE_* flag ignores its own case only. */
    {"server-rsa", "localhost", SCH_CRED_REVOCATION_CHECK_CHAIN, CRYPT_E_NO_REVOCATION_CHECK, 0},
    {"server-rsa", "localhost",
     SCH_CRED_REVOCATION_CHECK_CHAIN | SCH_CRED_IGNORE_NO_REVOCATION_CHECK |
         SCH_CRED_IGNORE_REVOCATION_OFFLINE,
     SEC_E_OK, 0},
    {"server-rsa", "localhost",
     SCH_CRED_REVOCATION_CHECK_CHAIN | SCH_CRED_IGNORE_NO_REVOCATION_CHECK, SEC_E_OK, 0},
    {"server-rsa", "localhost",
     SCH_CRED_REVOCATION_CHECK_CHAIN | SCH_CRED_IGNORE_REVOCATION_OFFLINE,
     CRYPT_E_NO_REVOCATION_CHECK, 0},
    {"crl-dp", "localhost", SCH_CRED_REVOCATION_CHECK_END_CERT, CRYPT_E_REVOCATION_OFFLINE, 0},
    {"crl-dp", "localhost", SCH_CRED_REVOCATION_CHECK_END_CERT | SCH_CRED_IGNORE_REVOCATION_OFFLINE,
     SEC_E_OK, 0},
    {"crl-dp", "localhost",
     SCH_CRED_REVOCATION_CHECK_END_CERT | SCH_CRED_IGNORE_NO_REVOCATION_CHECK,
     CRYPT_E_REVOCATION_OFFLINE, 0},
    {"self-signed", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK, 0},
    {"expired", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK, 0},
    {"sig-md5", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK, 0},
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

        winetest_push_context("%s as %s, flags 0x%lx", matrix[i].cert, matrix[i].target,
                              (unsigned long)matrix[i].flags);
        if (winetest_on_wine() && !fixture_loads(matrix[i].cert)) {
            skip("Wine's crypt32 cannot import %s.pfx\n", matrix[i].cert);
            winetest_pop_context();
            continue;
        }
        /* A server that also enables TLS 1.0 presents weak certificates (OpenSSL's security
         * level 0 for that credential); the client negotiates TLS 1.2 and judges them. */
        status = connect_to_fixture_with(&client, &server, &ccred, &scred, matrix[i].cert,
                                         SP_PROT_TLS1_0_SERVER | SP_PROT_TLS1_2_SERVER,
                                         matrix[i].flags, matrix[i].target);
        if (wine_builtin() && (server.calls == 0 || server.status == SEC_E_UNSUPPORTED_FUNCTION)) {
            skip("no in-process server with this Schannel (0x%08lx)\n", (unsigned long)status);
        } else {
            /* Wine's builtin validates nothing (reference §2.9). */
            todo_if((wine_builtin() && matrix[i].expected != SEC_E_OK) ||
                    (winetest_on_wine() && matrix[i].todo_on_wine))
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
