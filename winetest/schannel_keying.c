/* SetContextAttributes / SetCredentialsAttributes and what they enable: RFC 5705 keying material
 * (SECPKG_ATTR_KEYING_MATERIAL_INFO, then SECPKG_ATTR_KEYING_MATERIAL) equal at both ends, the
 * statuses for what Schannel does not set, and SCH_CREDENTIALS CRYPTO_SETTINGS that leave a
 * client and a server nothing in common. Both ends are Schannel, in process. */
#include "schannel_util.h"

#include <string.h>

#define US(text)                                                                                   \
    {                                                                                              \
        sizeof(text) - sizeof(WCHAR), sizeof(text), (PWSTR)(text)                                  \
    }

static const char label[] = "EXPERIMENTAL-sspishim-conformance";

static SECURITY_STATUS ask_keying(CtxtHandle *ctx, DWORD len)
{
    static BYTE app_context[] = {9, 8, 7};
    SecPkgContext_KeyingMaterialInfo info;

    memset(&info, 0, sizeof(info));
    info.cbLabel = sizeof(label);
    info.pszLabel = (LPSTR)label;
    info.cbContextValue = sizeof(app_context);
    info.pbContextValue = app_context;
    info.cbKeyingMaterial = len;
    return SetContextAttributesA(ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info));
}

static void test_keying_material(void)
{
    loop_side client, server;
    CredHandle ccred, scred;
    SecPkgContext_KeyingMaterial ckm = {0}, skm = {0};
    BYTE blob[32] = {0};
    SECURITY_STATUS status;

    status = connect_to_fixture(&client, &server, &ccred, &scred, "server-rsa",
                                SCH_CRED_MANUAL_CRED_VALIDATION, "localhost");
    if (status != SEC_E_OK) {
        ok(wine_builtin(), "handshake: 0x%08lx\n", (unsigned long)status);
        goto done;
    }
    ok_status(ask_keying(&client.ctx, 32), SEC_E_OK, "client KEYING_MATERIAL_INFO");
    ok_status(ask_keying(&server.ctx, 32), SEC_E_OK, "server KEYING_MATERIAL_INFO");
    ok_status(QueryContextAttributesA(&client.ctx, SECPKG_ATTR_KEYING_MATERIAL, &ckm), SEC_E_OK,
              "client KEYING_MATERIAL");
    ok_status(QueryContextAttributesA(&server.ctx, SECPKG_ATTR_KEYING_MATERIAL, &skm), SEC_E_OK,
              "server KEYING_MATERIAL");
    ok(ckm.cbKeyingMaterial == 32 && skm.cbKeyingMaterial == 32, "lengths %lu %lu\n",
       (unsigned long)ckm.cbKeyingMaterial, (unsigned long)skm.cbKeyingMaterial);
    if (ckm.pbKeyingMaterial && skm.pbKeyingMaterial)
        ok(!memcmp(ckm.pbKeyingMaterial, skm.pbKeyingMaterial, 32), "both ends export alike\n");
    if (ckm.pbKeyingMaterial)
        ok_status(FreeContextBuffer(ckm.pbKeyingMaterial), SEC_E_OK, "FreeContextBuffer");
    if (skm.pbKeyingMaterial)
        FreeContextBuffer(skm.pbKeyingMaterial);

    /* Attributes Schannel never sets, and a query-only one. */
    ok_status(SetContextAttributesW(&client.ctx, SECPKG_ATTR_STREAM_SIZES, blob, sizeof(blob)),
              SEC_E_UNSUPPORTED_FUNCTION, "SetContextAttributes(STREAM_SIZES)");
    ok_status(SetContextAttributesW(&server.ctx, SECPKG_ATTR_KEYING_MATERIAL, blob, sizeof(blob)),
              SEC_E_UNSUPPORTED_FUNCTION, "SetContextAttributes(KEYING_MATERIAL)");
done:
    loop_side_free(&client);
    loop_side_free(&server);
    FreeCredentialsHandle(&ccred);
    FreeCredentialsHandle(&scred);
}

/* .NET's SslCertificateTrust sets a client certificate policy on server credentials and fails
 * when that is refused (client checklist 17). */
static void test_client_cert_policy(void)
{
    SecPkgCred_ClientCertPolicy policy;
    PCCERT_CONTEXT cert = load_fixture_pfx("server-rsa");
    CredHandle cred;
    SECURITY_STATUS status;

    if (!cert)
        return;
    if (wine_builtin()) {
        /* Wine 8 exports SetCredentialsAttributesW as a stub that raises an exception. */
        skip("Wine's builtin secur32 has no SetCredentialsAttributes\n");
        CertFreeCertificateContext(cert);
        return;
    }
    status = loop_acquire(&cred, SECPKG_CRED_INBOUND, cert, 0, 0);
    CertFreeCertificateContext(cert);
    ok_status(status, SEC_E_OK, "server credential");
    if (status != SEC_E_OK)
        return;
    memset(&policy, 0, sizeof(policy));
    policy.pwszSslCtlStoreName = (LPWSTR)u"Root";
    ok_status(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, &policy, sizeof(policy)),
        SEC_E_OK, "CLIENT_CERT_POLICY");
    ok_status(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_CONNECTION_INFO, &policy, sizeof(policy)),
        SEC_E_UNSUPPORTED_FUNCTION, "a context attribute");
    FreeCredentialsHandle(&cred);
}

/* A client credential whose only TLS_PARAMETERS turns `off` off, against a server. */
static SECURITY_STATUS crypto_handshake(CRYPTO_SETTINGS *off, DWORD client_keep,
                                        DWORD server_protocols, SecPkgContext_ConnectionInfo *info)
{
    PCCERT_CONTEXT cert = load_fixture_pfx("server-rsa");
    SCH_CREDENTIALS v5;
    TLS_PARAMETERS tls;
    CredHandle ccred, scred;
    loop_side client, server;
    SECURITY_STATUS status;

    memset(&client, 0, sizeof(client));
    memset(&server, 0, sizeof(server));
    SecInvalidateHandle(&ccred);
    SecInvalidateHandle(&scred);
    if (!cert)
        return SEC_E_NO_CREDENTIALS;
    status = loop_acquire(&scred, SECPKG_CRED_INBOUND, cert, server_protocols, 0);
    CertFreeCertificateContext(cert);
    if (status != SEC_E_OK)
        goto done;
    memset(&v5, 0, sizeof(v5));
    memset(&tls, 0, sizeof(tls));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    v5.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &tls;
    tls.grbitDisabledProtocols = ~client_keep;
    tls.cDisabledCrypto = 1;
    tls.pDisabledCrypto = off;
    status = AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, &v5, NULL, NULL,
                                       &ccred, NULL);
    if (status != SEC_E_OK)
        goto done;
    loop_side_init(&client, &ccred, 0, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, "localhost");
    loop_side_init(&server, &scred, 1, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, NULL);
    status = loop_handshake(&client, &server, 0, 16);
    if (status == SEC_E_OK)
        status = QueryContextAttributesA(&client.ctx, SECPKG_ATTR_CONNECTION_INFO, info);
done:
    loop_side_free(&client);
    loop_side_free(&server);
    FreeCredentialsHandle(&ccred);
    FreeCredentialsHandle(&scred);
    return status;
}

static void test_crypto_settings(void)
{
    UNICODE_STRING gcm = US(u"ChainingModeGCM");
    CRYPTO_SETTINGS aes_min256 = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                                  .strCngAlgId = US(u"AES"),
                                  .dwMinBitLength = 256};
    CRYPTO_SETTINGS aes_gcm = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                               .strCngAlgId = US(u"AES"),
                               .cChainingModes = 1,
                               .rgstrChainingModes = &gcm};
    CRYPTO_SETTINGS aes = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                           .strCngAlgId = US(u"AES")};
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;

    if (wine_builtin()) {
        skip("Wine's builtin secur32 has no server side\n");
        return;
    }
    status = crypto_handshake(&aes_min256, SP_PROT_TLS1_2_CLIENT, 0, &info);
    ok_status(status, SEC_E_OK, "AES-256 only");
    if (status == SEC_E_OK)
        ok(info.aiCipher == CALG_AES_256, "cipher 0x%04x\n", info.aiCipher);
    status = crypto_handshake(&aes_gcm, SP_PROT_TLS1_2_CLIENT, 0, &info);
    ok_status(status, SEC_E_OK, "AES-CBC only");
    if (status == SEC_E_OK)
        ok(info.dwHashStrength != 0, "a CBC suite has a MAC\n");
    /* TLS 1.3 has only AES-GCM suites here: nothing left to offer that server. */
    status = crypto_handshake(&aes_gcm, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT,
                              SP_PROT_TLS1_3_SERVER, &info);
    ok(status != SEC_E_OK, "a TLS 1.3 server with AES-GCM off: 0x%08lx\n", (unsigned long)status);
    /* No bulk cipher at all is left. */
    status = crypto_handshake(&aes, SP_PROT_TLS1_2_CLIENT, 0, &info);
    ok(status != SEC_E_OK, "AES off: 0x%08lx\n", (unsigned long)status);
}

START_TEST(schannel_keying)
{
    if (!fixtures_available())
        return;
    test_keying_material();
    test_client_cert_policy();
    test_crypto_settings();
}
