/* A credential's cipher policy: SCHANNEL_CRED's dwMinimumCipherStrength,
 * dwMaximumCipherStrength and palgSupportedAlgs narrow the suites a client offers, the handshake
 * honours them (CONNECTION_INFO tells what was chosen), QueryCredentialsAttributes reports the
 * limits, and a policy nothing satisfies is refused. */
#include "tls_fixture.h"

#include <string.h>

static SECURITY_STATUS acquire_client(CredHandle *cred, DWORD protocols, DWORD min_bits,
                                      DWORD max_bits, ALG_ID *algs, DWORD alg_count)
{
    SCHANNEL_CRED sc;

    memset(&sc, 0, sizeof(sc));
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.grbitEnabledProtocols = protocols;
    sc.dwMinimumCipherStrength = min_bits;
    sc.dwMaximumCipherStrength = max_bits;
    sc.palgSupportedAlgs = algs;
    sc.cSupportedAlgs = alg_count;
    sc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                     &sc, NULL, NULL, cred, NULL);
}

/* A handshake of a client with this policy against a default server (server-rsa). */
static void connect_with(SecPkgContext_ConnectionInfo *info, DWORD protocols, DWORD min_bits,
                         DWORD max_bits, ALG_ID *algs, DWORD alg_count)
{
    fx_pair pair;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    FreeCredentialsHandle(&pair.client_cred);
    cr_assert_eq(acquire_client(&pair.client_cred, protocols, min_bits, max_bits, algs, alg_count),
                 SEC_E_OK);
    pair.client.cred = pair.client_cred;
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_OK);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_CONNECTION_INFO, info),
                 SEC_E_OK);
    fx_transfer(&pair.client, &pair.server, "policy", 6, 0);
    fx_close(&pair);
}

Test(ciphers, default_is_aes256)
{
    SecPkgContext_ConnectionInfo info;

    connect_with(&info, SP_PROT_TLS1_2, 0, 0, NULL, 0);
    cr_assert_eq(info.aiCipher, CALG_AES_256);
}

Test(ciphers, maximum_strength_128)
{
    SecPkgContext_ConnectionInfo info;

    connect_with(&info, SP_PROT_TLS1_2, 0, 128, NULL, 0);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    cr_assert_eq(info.dwCipherStrength, 128);
    connect_with(&info, SP_PROT_TLS1_3, 0, 128, NULL, 0);
    cr_assert_eq(info.dwProtocol, SP_PROT_TLS1_3_CLIENT);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
}

Test(ciphers, minimum_strength_256)
{
    SecPkgContext_ConnectionInfo info;

    connect_with(&info, SP_PROT_TLS1_2 | SP_PROT_TLS1_3, 256, 0, NULL, 0);
    cr_assert_eq(info.aiCipher, CALG_AES_256);
    cr_assert_eq(info.dwCipherStrength, 256);
}

Test(ciphers, supported_algs_pick_kinds)
{
    SecPkgContext_ConnectionInfo info;
    ALG_ID rsa_aes128[] = {CALG_AES_128, CALG_RSA_KEYX};
    ALG_ID ecdhe[] = {CALG_ECDH_EPHEM, CALG_SHA1};

    connect_with(&info, SP_PROT_TLS1_2, 0, 0, rsa_aes128, 2);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    cr_assert_eq(info.aiExch, CALG_RSA_KEYX, "exchange 0x%x", info.aiExch);
    /* Only a SHA-1 MAC is allowed: a CBC suite with HMAC-SHA1 and ECDHE. */
    connect_with(&info, SP_PROT_TLS1_2, 0, 0, ecdhe, 2);
    cr_assert_eq(info.aiExch, CALG_ECDH_EPHEM);
    cr_assert_eq(info.aiHash, CALG_SHA1);
}

Test(ciphers, impossible_policies_are_refused)
{
    CredHandle cred;
    ALG_ID rc4[] = {CALG_RC4};

    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 512, 0, NULL, 0), SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 256, 128, NULL, 0),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 0, 0, rc4, 1), SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 0, 0, NULL, 2), SEC_E_UNKNOWN_CREDENTIALS);
}

Test(ciphers, strengths_reported)
{
    CredHandle cred;
    SecPkgCred_CipherStrengths strengths;

    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 0, 128, NULL, 0), SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths),
                 SEC_E_OK);
    cr_assert_eq(strengths.dwMinimumCipherStrength, 128);
    cr_assert_eq(strengths.dwMaximumCipherStrength, 128);
    FreeCredentialsHandle(&cred);
    cr_assert_eq(acquire_client(&cred, SP_PROT_TLS1_2, 0, 0, NULL, 0), SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths),
                 SEC_E_OK);
    cr_assert_eq(strengths.dwMinimumCipherStrength, 128);
    cr_assert_eq(strengths.dwMaximumCipherStrength, 256);
    FreeCredentialsHandle(&cred);
}
