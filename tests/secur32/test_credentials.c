/* Schannel credential parsing: Windows' order of checks and the effective protocol set. */
#include "schannel_cred.h"

#include <criterion/criterion.h>
#include <string.h>

#define OUT  SECPKG_CRED_OUTBOUND
#define IN   SECPKG_CRED_INBOUND
#define BOTH SECPKG_CRED_BOTH

static SCHANNEL_CRED cred;
static schannel_cred_params params;

static void init_cred(void)
{
    memset(&cred, 0, sizeof(cred));
    cred.dwVersion = SCHANNEL_CRED_VERSION;
    cred.dwCredFormat = 0xdeadbeef; /* Windows' test leaves it uninitialised: must be ignored */
}

TestSuite(credentials, .init = init_cred);

/* A certificate context with just the fields the check reads. */
static CERT_INFO cert_info;
static CERT_CONTEXT cert_context;
static PCCERT_CONTEXT cert_list[2];

static PCCERT_CONTEXT fake_cert(const char *oid)
{
    static BYTE key[4] = {1, 2, 3, 4};
    memset(&cert_info, 0, sizeof(cert_info));
    cert_info.SubjectPublicKeyInfo.Algorithm.pszObjId = (char *)oid;
    cert_info.SubjectPublicKeyInfo.PublicKey.cbData = sizeof(key);
    cert_info.SubjectPublicKeyInfo.PublicKey.pbData = key;
    cert_context.dwCertEncodingType = X509_ASN_ENCODING;
    cert_context.pCertInfo = &cert_info;
    return &cert_context;
}

Test(credentials, no_auth_data)
{
    cr_assert_eq(schannel_parse_credentials(OUT, NULL, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT,
                 "Windows' default client set");
    cr_assert_eq(schannel_parse_credentials(IN, NULL, &params), SEC_E_NO_CREDENTIALS);
    cr_assert_eq(schannel_parse_credentials(BOTH, NULL, &params), SEC_E_NO_CREDENTIALS);
    cr_assert_eq(schannel_parse_credentials(0, NULL, &params), SEC_E_NO_CREDENTIALS);
}

Test(credentials, versions)
{
    ULONG bad[] = {0, SCH_CRED_V1, SCH_CRED_V2, 6, 0xffffffff};
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cred.dwVersion = bad[i];
        cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS,
                     "version %u", (unsigned)bad[i]);
        cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
    }
    cred.dwVersion = SCH_CRED_V3;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cred.dwVersion = SCHANNEL_CRED_VERSION;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_OK,
                 "a structure without certificate is fine inbound too");
}

Test(credentials, sch_credentials_v5)
{
    SCH_CREDENTIALS v5;
    TLS_PARAMETERS tls;

    memset(&v5, 0, sizeof(v5));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    cr_assert_eq(schannel_parse_credentials(OUT, &v5, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);

    /* curl style: disable everything but TLS 1.2 client. */
    memset(&tls, 0, sizeof(tls));
    tls.grbitDisabledProtocols = ~(DWORD)SP_PROT_TLS1_2_CLIENT;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &tls;
    cr_assert_eq(schannel_parse_credentials(OUT, &v5, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_2_CLIENT);

    /* Disabling only TLS 1.0 leaves 1.1-1.3 and never adds DTLS. */
    tls.grbitDisabledProtocols = SP_PROT_TLS1_0;
    cr_assert_eq(schannel_parse_credentials(OUT, &v5, &params), SEC_E_OK);
    cr_assert_eq(params.protocols,
                 SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);

    /* Parameters tied to ALPN ids do not narrow the credential. */
    tls.cAlpnIds = 1;
    tls.grbitDisabledProtocols = ~(DWORD)SP_PROT_TLS1_2_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &v5, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);

    v5.pTlsParameters = NULL;
    cr_assert_eq(schannel_parse_credentials(OUT, &v5, &params), SEC_E_UNKNOWN_CREDENTIALS);
}

Test(credentials, direction_masks_protocols)
{
    cred.grbitEnabledProtocols = SP_PROT_TLS1_X_SERVER;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_X_SERVER);
    cred.grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_ALGORITHM_MISMATCH);
    cred.grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_CLIENT, "explicitly requested TLS 1.0 is kept");
    cred.grbitEnabledProtocols = SP_PROT_SSL2_CLIENT | SP_PROT_PCT1_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_ALGORITHM_MISMATCH,
                 "protocols Windows no longer has");
    cred.grbitEnabledProtocols = SP_PROT_TLS1_2;
    cr_assert_eq(schannel_parse_credentials(BOTH, &cred, &params), SEC_E_OK);
    cr_assert_eq(params.protocols, SP_PROT_TLS1_2);
    cr_assert_eq(schannel_parse_credentials(0, &cred, &params), SEC_E_ALGORITHM_MISMATCH);
}

Test(credentials, dtls_mix_checked_before_direction)
{
    cred.grbitEnabledProtocols = SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_SERVER;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_ALGORITHM_MISMATCH);
    cred.grbitEnabledProtocols = SP_PROT_DTLS1_X_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cr_assert_eq(params.protocols & SP_PROT_DTLS1_2_CLIENT, SP_PROT_DTLS1_2_CLIENT);
}

Test(credentials, certificate_count_and_order)
{
    /* Version is checked before certificates, certificates before the protocol mix. */
    cred.cCreds = 2;
    cert_list[0] = fake_cert("1.2.840.113549.1.1.1");
    cert_list[1] = cert_list[0];
    cred.paCred = cert_list;
    cred.grbitEnabledProtocols = SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
    cred.dwVersion = 0;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
    cred.dwVersion = SCHANNEL_CRED_VERSION;
    cred.cCreds = 1;
    cred.paCred = NULL;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
}

Test(credentials, certificate_checks)
{
    cred.cCreds = 1;
    cred.paCred = cert_list;
    cert_list[0] = fake_cert("1.2.3"); /* not a key algorithm Schannel can use */
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
    cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_UNKNOWN_CREDENTIALS);
    cert_list[0] = fake_cert("1.2.840.113549.1.1.1"); /* RSA, but no private key anywhere */
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_NO_CREDENTIALS);
    cr_assert_eq(schannel_parse_credentials(IN, &cred, &params), SEC_E_NO_CREDENTIALS);
    cred.grbitEnabledProtocols = SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_NO_CREDENTIALS,
                 "the certificate is checked before the protocol mix");
    cred.dwVersion = SCH_CRED_V3;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_INSUFFICIENT_MEMORY,
                 "Windows 10+ refuses a certificate in a v3 structure");
}

Test(credentials, effective_protocols)
{
    cr_assert_eq(schannel_effective_protocols(0, 0, OUT),
                 SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT);
    cr_assert_eq(schannel_effective_protocols(0, 0, IN),
                 SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER);
    cr_assert_eq(schannel_effective_protocols(SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_1_CLIENT, 0, OUT),
                 SP_PROT_TLS1_1_CLIENT);
    cr_assert_eq(schannel_effective_protocols(SP_PROT_UNI_CLIENT, 0, OUT), 0);
    cr_assert_eq(schannel_default_protocols() & ~schannel_enabled_protocols(), 0);
}

Test(credentials, credential_object_and_attributes)
{
    schannel_credential *c = NULL;
    SecPkgCred_SupportedProtocols protocols = {0};
    SecPkgCred_CipherStrengths strengths = {0, 0};
    SecPkgCred_SupportedAlgs algs = {0, NULL};

    cred.grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;
    cr_assert_eq(schannel_parse_credentials(OUT, &cred, &params), SEC_E_OK);
    cr_assert_eq(schannel_credential_new(OUT, &params, &c), SEC_E_OK);
    cr_assert_eq(schannel_query_credentials(c, 0, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(protocols.grbitProtocol, SP_PROT_TLS1_CLIENT);
    cr_assert_eq(schannel_query_credentials(c, 0, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL),
                 SEC_E_INTERNAL_ERROR);
    cr_assert_eq(schannel_query_credentials(c, 1, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths),
                 SEC_E_OK);
    cr_assert(strengths.dwMinimumCipherStrength && strengths.dwMaximumCipherStrength);
    cr_assert_eq(schannel_query_credentials(c, 1, SECPKG_ATTR_SUPPORTED_ALGS, &algs), SEC_E_OK);
    cr_assert_gt(algs.cSupportedAlgs, 0);
    FreeContextBuffer(algs.palgSupportedAlgs);
    cr_assert_eq(schannel_query_credentials(c, 1, SECPKG_ATTR_SUPPORTED_ALGS, NULL),
                 SEC_E_INTERNAL_ERROR);
    cr_assert_eq(schannel_query_credentials(c, 1, SECPKG_CRED_ATTR_NAMES, &algs),
                 SEC_E_NO_CREDENTIALS);
    cr_assert_eq(schannel_query_credentials(c, 1, 0x1234, &algs), SEC_E_UNSUPPORTED_FUNCTION);
    sspi_object_unref(&c->base);
}
