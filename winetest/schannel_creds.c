/* Schannel credentials: credential attributes (supported protocols and algorithms, cipher
 * strengths) and AcquireCredentialsHandle over credential versions, directions, protocol masks
 * and certificates with and without private keys (generated fixtures, not key containers). */
#include "schannel_util.h"

#include <string.h>

static void init_cred(SCHANNEL_CRED *cred)
{
    memset(cred, 0, sizeof(*cred));
    cred->dwVersion = SCHANNEL_CRED_VERSION;
    cred->dwCredFormat = DEADBEEF; /* Windows' tests leave it uninitialised: it must be ignored */
}

static SECURITY_STATUS acquire(ULONG use, void *auth, CredHandle *cred)
{
    TimeStamp expiry;
    return AcquireCredentialsHandleA(NULL, UNISP_A, use, NULL, auth, NULL, NULL, cred, &expiry);
}

/* Acquires, checks the status, and frees what was acquired. */
static void check_acquire(ULONG use, void *auth, SECURITY_STATUS expected, int todo,
                          const char *what)
{
    CredHandle cred;
    SECURITY_STATUS status = acquire(use, auth, &cred);
    todo_if(todo)
    {
        ok(status == expected, "%s: got 0x%08lx (%s), expected 0x%08lx (%s)\n", what,
           (unsigned long)status, sec_status_name(status), (unsigned long)expected,
           sec_status_name(expected));
    }
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&cred);
}

static void check_strength(CredHandle *cred)
{
    SecPkgCred_CipherStrengths strength;
    strength.dwMinimumCipherStrength = strength.dwMaximumCipherStrength = (DWORD)-1;
    ok_status(QueryCredentialsAttributesA(cred, SECPKG_ATTR_CIPHER_STRENGTHS, &strength), SEC_E_OK,
              "CIPHER_STRENGTHS");
    ok(strength.dwMinimumCipherStrength && strength.dwMinimumCipherStrength != (DWORD)-1,
       "minimum strength %lu\n", (unsigned long)strength.dwMinimumCipherStrength);
    ok(strength.dwMaximumCipherStrength && strength.dwMaximumCipherStrength != (DWORD)-1,
       "maximum strength %lu\n", (unsigned long)strength.dwMaximumCipherStrength);
}

static void check_supported_algs(CredHandle *cred)
{
    SecPkgCred_SupportedAlgs algs;
    SECURITY_STATUS status;

    memset(&algs, 0, sizeof(algs));
    status = QueryCredentialsAttributesA(cred, SECPKG_ATTR_SUPPORTED_ALGS, &algs);
    todo_wine ok_status(status, SEC_E_OK, "SUPPORTED_ALGS");
    if (status == SEC_E_OK) {
        ok(algs.cSupportedAlgs > 0 && algs.palgSupportedAlgs != NULL, "%lu algorithms at %p\n",
           (unsigned long)algs.cSupportedAlgs, (void *)algs.palgSupportedAlgs);
        ok_status(FreeContextBuffer(algs.palgSupportedAlgs), SEC_E_OK, "free algorithm list");
    }
}

static DWORD supported_protocols(CredHandle *cred)
{
    SecPkgCred_SupportedProtocols protocols;
    protocols.grbitProtocol = DEADBEEF;
    ok_status(QueryCredentialsAttributesA(cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
              SEC_E_OK, "SUPPORTED_PROTOCOLS");
    return protocols.grbitProtocol;
}

static void test_credential_attributes(void)
{
    SCHANNEL_CRED sc;
    CredHandle cred;
    DWORD protocols;

    ok_status(acquire(SECPKG_CRED_OUTBOUND, NULL, &cred), SEC_E_OK, "outbound, no auth data");
    protocols = supported_protocols(&cred);
    ok(protocols && protocols != DEADBEEF, "default protocols 0x%08lx\n", (unsigned long)protocols);
    ok(!(protocols & SP_PROT_SERVERS), "outbound credential has server protocols 0x%08lx\n",
       (unsigned long)protocols);
    check_supported_algs(&cred);
    check_strength(&cred);
    ok_status(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL),
              SEC_E_INTERNAL_ERROR, "SUPPORTED_PROTOCOLS into NULL");
    ok_status(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_SUPPORTED_ALGS, NULL),
              SEC_E_INTERNAL_ERROR, "SUPPORTED_ALGS into NULL");
    FreeCredentialsHandle(&cred);

    init_cred(&sc);
    sc.grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &sc, &cred), SEC_E_OK, "outbound TLS 1.0");
    protocols = supported_protocols(&cred);
    ok(protocols == SP_PROT_TLS1_CLIENT, "protocols 0x%08lx, expected 0x80\n",
       (unsigned long)protocols);
    check_supported_algs(&cred);
    FreeCredentialsHandle(&cred);
}

static void test_no_certificate(void)
{
    SCHANNEL_CRED sc;
    CredHandle cred;
    TimeStamp expiry;
    SecPkgCredentials_NamesA names;

    ok_status(AcquireCredentialsHandleA(NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                        &cred, &expiry),
              SEC_E_SECPKG_NOT_FOUND, "no package name");
    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, 0, NULL, NULL, NULL, NULL, NULL, NULL),
              SEC_E_NO_CREDENTIALS, "use 0, no auth data");
    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_BOTH, NULL, NULL, NULL, NULL,
                                        NULL, NULL),
              SEC_E_NO_CREDENTIALS, "both, no auth data");
    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_INBOUND, NULL, NULL, NULL, NULL,
                                        NULL, NULL),
              SEC_E_NO_CREDENTIALS, "inbound, no auth data, NULL handle");
    check_acquire(SECPKG_CRED_OUTBOUND, NULL, SEC_E_OK, 0, "outbound, no auth data");
    check_acquire(SECPKG_CRED_INBOUND, NULL, SEC_E_NO_CREDENTIALS, 0, "inbound, no auth data");

    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                        &cred, &expiry),
              SEC_E_OK, "outbound with expiry");
    trace("outbound expiry %08lx%08lx\n", (unsigned long)expiry.HighPart,
          (unsigned long)expiry.LowPart);
    ok_status(QueryCredentialsAttributesA(&cred, SECPKG_CRED_ATTR_NAMES, &names),
              SEC_E_NO_CREDENTIALS, "CRED_ATTR_NAMES");
    FreeCredentialsHandle(&cred);

    init_cred(&sc);
    sc.grbitEnabledProtocols = SP_PROT_TLS1_X_SERVER;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_ALGORITHM_MISMATCH, 0,
                  "outbound, server protocols only");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_OK, 0, "inbound, server protocols, no cert");
    sc.grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_OK, 0, "outbound, client protocols");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_ALGORITHM_MISMATCH, 0,
                  "inbound, client protocols only");

    memset(&sc, 0, sizeof(sc));
    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL,
                                        NULL, NULL),
              SEC_E_UNKNOWN_CREDENTIALS, "outbound, version 0");
    ok_status(AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                        NULL, NULL),
              SEC_E_UNKNOWN_CREDENTIALS, "inbound, version 0");

    init_cred(&sc);
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_OK, 0, "outbound, version 4, no cert");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_OK, 0, "inbound, version 4, no cert");
}

static void test_sch_credentials(void)
{
    SCH_CREDENTIALS sch;
    memset(&sch, 0, sizeof(sch));
    sch.dwVersion = SCH_CREDENTIALS_VERSION;
    check_acquire(SECPKG_CRED_OUTBOUND, &sch, SEC_E_OK, 0, "zeroed SCH_CREDENTIALS, outbound");
}

/* A certificate whose key prov info names a container that does not exist. */
static void test_missing_container(PCCERT_CONTEXT cert)
{
    static WCHAR container[] = {'s', 's', 'p', 'i', 's', 'h', 'i', 'm', '-', 'n', 'o', 'n', 'e', 0};
    CRYPT_KEY_PROV_INFO info;
    SCHANNEL_CRED sc;
    CredHandle cred;
    SECURITY_STATUS status;
    int i;

    memset(&info, 0, sizeof(info));
    info.pwszContainerName = container;
    info.dwProvType = PROV_RSA_FULL;
    info.dwKeySpec = AT_SIGNATURE;
    if (!CertSetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, 0, &info)) {
        skip("cannot set key prov info\n");
        return;
    }
    init_cred(&sc);
    sc.dwVersion = SCH_CRED_V3;
    sc.cCreds = 1;
    sc.paCred = &cert;
    for (i = 0; i < 2; i++) {
        ULONG use = i ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND;
        status = acquire(use, &sc, &cred);
        ok(status == SEC_E_UNKNOWN_CREDENTIALS || status == SEC_E_INSUFFICIENT_MEMORY,
           "%s, key container missing: got 0x%08lx (%s)\n", i ? "inbound" : "outbound",
           (unsigned long)status, sec_status_name(status));
        if (status == SEC_E_OK)
            FreeCredentialsHandle(&cred);
    }
    CertSetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, 0, NULL);
}

static void test_certificates(void)
{
    PCCERT_CONTEXT keyless, with_key, ecdsa, pair[2];
    SCHANNEL_CRED sc;
    CredHandle cred;
    SECURITY_STATUS status;

    if (!fixtures_available())
        return;
    keyless = load_fixture_pem("self-signed");
    with_key = load_fixture_pfx("server-rsa");
    ok(keyless != NULL, "self-signed.pem not loaded\n");
    ok(with_key != NULL, "server-rsa.pfx not loaded (with its key)\n");
    if (!keyless || !with_key)
        goto done;

    /* A good certificate with no private key. */
    init_cred(&sc);
    sc.cCreds = 1;
    sc.paCred = &keyless;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_NO_CREDENTIALS, winetest_builtin_secur32(),
                  "outbound, certificate without key");
    status = AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                       NULL, NULL);
    todo_wine ok_status(status, SEC_E_NO_CREDENTIALS, "inbound, certificate without key");

    test_missing_container(keyless);

    /* The same kind of certificate with its key, through every credential version. */
    sc.paCred = &with_key;
    sc.dwVersion = SCH_CRED_V1;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "outbound, V1");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "inbound, V1");
    sc.dwVersion = SCH_CRED_V2;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "outbound, V2");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "inbound, V2");
    sc.dwVersion = SCH_CRED_V3;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_INSUFFICIENT_MEMORY, winetest_builtin_secur32(),
                  "outbound, V3");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_INSUFFICIENT_MEMORY, winetest_builtin_secur32(),
                  "inbound, V3");
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_OK, 0, "outbound, version 4, with key");
    status = acquire(SECPKG_CRED_INBOUND, &sc, &cred);
    ok_status(status, SEC_E_OK, "inbound, version 4, with key");
    if (status == SEC_E_OK) {
        check_strength(&cred);
        FreeCredentialsHandle(&cred);
    }

    /* Two certificates are refused, in either order. */
    pair[0] = keyless;
    pair[1] = with_key;
    sc.cCreds = 2;
    sc.paCred = pair;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "outbound, two certs");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0, "inbound, two certs");
    pair[0] = with_key;
    pair[1] = keyless;
    check_acquire(SECPKG_CRED_OUTBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0,
                  "outbound, two certs swapped");
    check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_UNKNOWN_CREDENTIALS, 0,
                  "inbound, two certs swapped");

    /* Windows serves ECDSA certificates too; Wine's builtin takes RSA keys only. */
    ecdsa = load_fixture_pfx("server-ecdsa");
    if (!ecdsa && winetest_on_wine())
        skip("Wine's crypt32 cannot import server-ecdsa.pfx (EC key)\n");
    else
        ok(ecdsa != NULL, "server-ecdsa.pfx not loaded\n");
    if (ecdsa) {
        sc.cCreds = 1;
        sc.paCred = &ecdsa;
        check_acquire(SECPKG_CRED_INBOUND, &sc, SEC_E_OK, winetest_builtin_secur32(),
                      "inbound, ECDSA certificate");
        CertFreeCertificateContext(ecdsa);
    }

done:
    if (keyless)
        CertFreeCertificateContext(keyless);
    if (with_key)
        CertFreeCertificateContext(with_key);
}

START_TEST(schannel_creds)
{
    test_credential_attributes();
    test_no_certificate();
    test_sch_credentials();
    test_certificates();
}
