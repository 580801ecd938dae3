/* Keying material and channel bindings (issue 5): SetContextAttributes(KEYING_MATERIAL_INFO)
 * then QueryContextAttributes(KEYING_MATERIAL) is RFC 5705's exporter, equal at both ends and
 * equal to what an independent OpenSSL peer exports; ENDPOINT and UNIQUE bindings against the
 * same peer; the statuses of SetContextAttributes and SetCredentialsAttributes for what Schannel
 * does not set or what is malformed. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <openssl/sha.h>
#include <string.h>

static const char label[] = "EXPERIMENTAL-sspishim-keying";
static const BYTE app_context[] = {0x01, 0x02, 0x03, 0x04, 0x05};

static SECURITY_STATUS ask(CtxtHandle *ctx, const BYTE *context, WORD context_len, DWORD len)
{
    SecPkgContext_KeyingMaterialInfo info;

    memset(&info, 0, sizeof(info));
    info.cbLabel = sizeof(label); /* the NUL included, as Windows wants */
    info.pszLabel = (LPSTR)label;
    info.cbContextValue = context_len;
    info.pbContextValue = (PBYTE)context;
    info.cbKeyingMaterial = len;
    return SetContextAttributesW(ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info));
}

/* The exported bytes (the caller frees them with FreeContextBuffer). */
static BYTE *export(CtxtHandle *ctx, DWORD len)
{
    SecPkgContext_KeyingMaterial km = {0xdeadbeef, (PBYTE)0xdeadbeef};

    cr_assert_eq(QueryContextAttributesW(ctx, SECPKG_ATTR_KEYING_MATERIAL, &km), SEC_E_OK);
    cr_assert_eq(km.cbKeyingMaterial, len);
    cr_assert(km.pbKeyingMaterial);
    return km.pbKeyingMaterial;
}

static void both_ends_agree(DWORD protocol)
{
    fx_pair pair;
    BYTE *client, *server, *other;

    fx_connect(&pair, "server-rsa", protocol);
    cr_assert_eq(ask(&pair.client.ctx, app_context, sizeof(app_context), 48), SEC_E_OK);
    cr_assert_eq(ask(&pair.server.ctx, app_context, sizeof(app_context), 48), SEC_E_OK);
    client = export(&pair.client.ctx, 48);
    server = export(&pair.server.ctx, 48);
    cr_assert_eq(memcmp(client, server, 48), 0, "both ends export the same bytes");
    /* Without a context value the exporter gives other bytes (RFC 5705 tells them apart). */
    cr_assert_eq(ask(&pair.client.ctx, NULL, 0, 48), SEC_E_OK);
    other = export(&pair.client.ctx, 48);
    cr_assert_neq(memcmp(client, other, 48), 0);
    cr_assert_eq(FreeContextBuffer(client), SEC_E_OK);
    cr_assert_eq(FreeContextBuffer(server), SEC_E_OK);
    cr_assert_eq(FreeContextBuffer(other), SEC_E_OK);
    fx_close(&pair);
}

Test(keying, both_ends_agree_tls12)
{
    both_ends_agree(SP_PROT_TLS1_2);
}

Test(keying, both_ends_agree_tls13)
{
    both_ends_agree(SP_PROT_TLS1_3);
}

/* Our client against an OpenSSL server (server-rsa), or our server against an OpenSSL client,
 * after the handshake. */
static void peer_open(ossl_conn *c, int our_server, int version)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;

    memset(c, 0, sizeof(*c));
    if (our_server) {
        c->cert = fx_cert("server-rsa");
        cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_INBOUND, c->cert, protocols, 0), SEC_E_OK);
    } else {
        cr_assert_eq(loop_acquire(&c->cred, SECPKG_CRED_OUTBOUND, NULL, protocols,
                                  SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS),
                     SEC_E_OK);
    }
    ossl_conn_open(c, our_server, version, "server-rsa");
    ossl_peer_handshake(&c->peer, &c->side);
}

static void matches_openssl(int our_server, int version)
{
    ossl_conn c;
    BYTE expected[64], expected_plain[64], *ours;

    peer_open(&c, our_server, version);
    cr_assert_eq(SSL_export_keying_material(c.peer.ssl, expected, sizeof(expected), label,
                                            strlen(label), app_context, sizeof(app_context), 1),
                 1);
    cr_assert_eq(ask(&c.side.ctx, app_context, sizeof(app_context), sizeof(expected)), SEC_E_OK);
    ours = export(&c.side.ctx, sizeof(expected));
    cr_assert_eq(memcmp(ours, expected, sizeof(expected)), 0, "RFC 5705 as OpenSSL computes it");
    FreeContextBuffer(ours);

    cr_assert_eq(SSL_export_keying_material(c.peer.ssl, expected_plain, 20, label, strlen(label),
                                            NULL, 0, 0),
                 1);
    cr_assert_eq(ask(&c.side.ctx, NULL, 0, 20), SEC_E_OK);
    ours = export(&c.side.ctx, 20);
    cr_assert_eq(memcmp(ours, expected_plain, 20), 0, "no context value");
    FreeContextBuffer(ours);
    ossl_conn_close(&c);
}

Test(keying, client_matches_openssl_tls13)
{
    matches_openssl(0, TLS1_3_VERSION);
}

Test(keying, client_matches_openssl_tls12)
{
    matches_openssl(0, TLS1_2_VERSION);
}

Test(keying, server_matches_openssl_tls13)
{
    matches_openssl(1, TLS1_3_VERSION);
}

Test(keying, server_matches_openssl_tls12)
{
    matches_openssl(1, TLS1_2_VERSION);
}

/* Asked for before the handshake completes: kept, and served once the keys exist. */
Test(keying, requested_during_handshake)
{
    fx_pair pair;
    SecPkgContext_KeyingMaterial km;
    BYTE *client, *server;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(ask(&pair.client.ctx, app_context, sizeof(app_context), 32), SEC_E_OK);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL, &km),
                 SEC_E_INTERNAL_ERROR, "no keys before the handshake ends");
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    cr_assert_eq(ask(&pair.server.ctx, app_context, sizeof(app_context), 32), SEC_E_OK);
    client = export(&pair.client.ctx, 32);
    server = export(&pair.server.ctx, 32);
    cr_assert_eq(memcmp(client, server, 32), 0);
    FreeContextBuffer(client);
    FreeContextBuffer(server);
    fx_close(&pair);
}

Test(keying, malformed_requests)
{
    fx_pair pair;
    SecPkgContext_KeyingMaterialInfo info;
    SecPkgContext_KeyingMaterial km;
    CtxtHandle bogus = {0x1234, 0x5678};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL, &km),
                 SEC_E_INVALID_PARAMETER, "nothing asked for yet");
    memset(&info, 0, sizeof(info));
    info.cbLabel = sizeof(label);
    info.pszLabel = (LPSTR)label;
    info.cbKeyingMaterial = 16;
    cr_assert_eq(SetContextAttributesW(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, NULL,
                                       sizeof(info)),
                 SEC_E_INVALID_PARAMETER);
    cr_assert_eq(SetContextAttributesW(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info,
                                       sizeof(info) - 1),
                 SEC_E_BUFFER_TOO_SMALL);
    info.cbKeyingMaterial = 0;
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info,
                                       sizeof(info)),
                 SEC_E_INVALID_PARAMETER, "no bytes asked for");
    info.cbKeyingMaterial = 16;
    info.cbContextValue = 4;
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info,
                                       sizeof(info)),
                 SEC_E_INVALID_PARAMETER, "a context length without a context");
    info.cbContextValue = 0;
    info.pszLabel = NULL;
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info,
                                       sizeof(info)),
                 SEC_E_INVALID_PARAMETER, "no label");
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_KEYING_MATERIAL, &km),
                 SEC_E_INVALID_PARAMETER, "refused requests leave nothing behind");
    info.pszLabel = (LPSTR)label;
    cr_assert_eq(
        SetContextAttributesA(&bogus, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info)),
        SEC_E_INVALID_HANDLE);
    cr_assert_eq(SetContextAttributesA(NULL, SECPKG_ATTR_KEYING_MATERIAL_INFO, &info, sizeof(info)),
                 SEC_E_INVALID_HANDLE);
    fx_close(&pair);
}

/* Attributes Windows documents for Schannel but nothing here implements, and ones that are
 * only queried: SEC_E_UNSUPPORTED_FUNCTION. */
Test(keying, unsupported_context_attributes)
{
    fx_pair pair;
    BYTE blob[64] = {0};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(SetContextAttributesW(&pair.client.ctx, SECPKG_ATTR_APP_DATA, blob, sizeof(blob)),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(
        SetContextAttributesW(&pair.server.ctx, SECPKG_ATTR_STREAM_SIZES, blob, sizeof(blob)),
        SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(
        SetContextAttributesA(&pair.server.ctx, SECPKG_ATTR_KEYING_MATERIAL, blob, sizeof(blob)),
        SEC_E_UNSUPPORTED_FUNCTION);
    fx_close(&pair);
}

Test(keying, credentials_attributes)
{
    CredHandle cred, bogus = {0x1234, 0x5678};
    SecPkgCred_ClientCertPolicy policy;
    SecPkgCred_SupportedProtocols protocols = {SP_PROT_TLS1_2_CLIENT};

    memset(&policy, 0, sizeof(policy));
    policy.pwszSslCtlStoreName = (LPWSTR)u"Root";
    cr_assert_eq(
        loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2, SCH_CRED_NO_DEFAULT_CREDS),
        SEC_E_OK);
    /* .NET servers (SslCertificateTrust) need SEC_E_OK here (client checklist 17). */
    cr_assert_eq(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, &policy, sizeof(policy)),
        SEC_E_OK);
    cr_assert_eq(
        SetCredentialsAttributesA(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, &policy, sizeof(policy)),
        SEC_E_OK);
    cr_assert_eq(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, NULL, sizeof(policy)),
        SEC_E_INTERNAL_ERROR);
    cr_assert_eq(SetCredentialsAttributesW(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, &policy, 8),
                 SEC_E_BUFFER_TOO_SMALL);
    cr_assert_eq(SetCredentialsAttributesW(&cred, SECPKG_ATTR_CONNECTION_INFO, &protocols,
                                           sizeof(protocols)),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(
        SetCredentialsAttributesW(&bogus, SECPKG_ATTR_CLIENT_CERT_POLICY, &policy, sizeof(policy)),
        SEC_E_INVALID_HANDLE);
    FreeCredentialsHandle(&cred);
}

static void check_unique(CtxtHandle *ctx, const BYTE *finished, size_t len)
{
    SecPkgContext_Bindings bindings;
    const BYTE *b;

    cr_assert_eq(QueryContextAttributesW(ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &bindings), SEC_E_OK);
    cr_assert_eq(bindings.BindingsLength, 32 + 11 + len);
    b = (const BYTE *)bindings.Bindings;
    cr_assert_eq(memcmp(b + 32, "tls-unique:", 11), 0);
    cr_assert_eq(memcmp(b + 32 + 11, finished, len), 0, "the first Finished of the handshake");
    FreeContextBuffer(bindings.Bindings);
}

static void check_endpoint(CtxtHandle *ctx, PCCERT_CONTEXT server_cert)
{
    SecPkgContext_Bindings bindings;
    unsigned char hash[32];
    const BYTE *b;

    SHA256(server_cert->pbCertEncoded, server_cert->cbCertEncoded, hash);
    cr_assert_eq(QueryContextAttributesW(ctx, SECPKG_ATTR_ENDPOINT_BINDINGS, &bindings), SEC_E_OK);
    cr_assert_eq(bindings.BindingsLength, 32 + 21 + 32);
    b = (const BYTE *)bindings.Bindings;
    cr_assert_eq(memcmp(b + 32, "tls-server-end-point:", 21), 0);
    cr_assert_eq(memcmp(b + 32 + 21, hash, 32), 0);
    FreeContextBuffer(bindings.Bindings);
}

/* Both sides against the OpenSSL peer: the client's Finished (the first in a full handshake)
 * as the peer knows it, and the hash of server-rsa's certificate. */
Test(keying, bindings_both_sides_against_openssl)
{
    ossl_conn c;
    BYTE finished[64];
    size_t len;
    PCCERT_CONTEXT server_cert = fx_cert("server-rsa");

    peer_open(&c, 0, TLS1_2_VERSION);
    len = SSL_get_peer_finished(c.peer.ssl, finished, sizeof(finished)); /* ours, as it got it */
    cr_assert_gt(len, 0);
    check_unique(&c.side.ctx, finished, len);
    check_endpoint(&c.side.ctx, server_cert);
    ossl_conn_close(&c);

    peer_open(&c, 1, TLS1_2_VERSION);
    len = SSL_get_finished(c.peer.ssl, finished, sizeof(finished)); /* the OpenSSL client's */
    cr_assert_gt(len, 0);
    check_unique(&c.side.ctx, finished, len);
    check_endpoint(&c.side.ctx, server_cert);
    ossl_conn_close(&c);
    CertFreeCertificateContext(server_cert);
}

/* TLS 1.3 defines no tls-unique (RFC 8446 C.5): the query fails on both sides; end-point
 * bindings are still there. */
Test(keying, no_unique_bindings_in_tls13)
{
    fx_pair pair;
    SecPkgContext_Bindings bindings;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &bindings),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(QueryContextAttributesW(&pair.server.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &bindings),
                 SEC_E_UNSUPPORTED_FUNCTION);
    check_endpoint(&pair.client.ctx, pair.cert);
    check_endpoint(&pair.server.ctx, pair.cert);
    fx_close(&pair);
}

/* SetCredentialsAttributes(SUPPORTED_PROTOCOLS, CIPHER_STRENGTHS, SUPPORTED_ALGS) on the client's
 * credential, then a handshake against our server (defaults: TLS 1.2 and 1.3, AES-256 first):
 * what the connection reports. */
static SecPkgContext_ConnectionInfo set_then_connect(ULONG attribute, void *value, ULONG size)
{
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;
    fx_pair pair;

    fx_open(&pair, "server-rsa", 0, SCH_CRED_MANUAL_CRED_VALIDATION);
    if (value)
        cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, attribute, value, size),
                     SEC_E_OK);
    status = fx_handshake(&pair, 0);
    cr_assert_eq(status, SEC_E_OK, "handshake: 0x%08x", (unsigned)status);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_CONNECTION_INFO, &info),
                 SEC_E_OK);
    fx_close(&pair);
    return info;
}

Test(keying, set_supported_protocols)
{
    SecPkgCred_SupportedProtocols tls12 = {SP_PROT_TLS1_2_CLIENT};

    cr_assert_eq(set_then_connect(0, NULL, 0).dwProtocol, SP_PROT_TLS1_3_CLIENT);
    cr_assert_eq(
        set_then_connect(SECPKG_ATTR_SUPPORTED_PROTOCOLS, &tls12, sizeof(tls12)).dwProtocol,
        SP_PROT_TLS1_2_CLIENT);
}

Test(keying, set_cipher_strengths)
{
    SecPkgCred_CipherStrengths at_most_128 = {0, 128}, at_least_256 = {256, 0};
    SecPkgContext_ConnectionInfo info;

    info = set_then_connect(SECPKG_ATTR_CIPHER_STRENGTHS, &at_most_128, sizeof(at_most_128));
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    cr_assert_eq(info.dwCipherStrength, 128);
    info = set_then_connect(SECPKG_ATTR_CIPHER_STRENGTHS, &at_least_256, sizeof(at_least_256));
    cr_assert_eq(info.aiCipher, CALG_AES_256);
    cr_assert_eq(info.dwCipherStrength, 256);
}

Test(keying, set_supported_algs)
{
    ALG_ID aes128 = CALG_AES_128;
    SecPkgCred_SupportedAlgs only_aes128 = {1, &aes128};

    cr_assert_eq(set_then_connect(0, NULL, 0).aiCipher, CALG_AES_256);
    cr_assert_eq(
        set_then_connect(SECPKG_ATTR_SUPPORTED_ALGS, &only_aes128, sizeof(only_aes128)).aiCipher,
        CALG_AES_128);
}

/* The new values are what QueryCredentialsAttributes reports, and a later change replaces an
 * earlier one (an empty list lifts the limit again). */
Test(keying, set_credentials_then_query)
{
    ALG_ID aes128 = CALG_AES_128;
    SecPkgCred_SupportedAlgs only_aes128 = {1, &aes128}, no_list = {0, NULL}, algs;
    SecPkgCred_SupportedProtocols tls12 = {SP_PROT_TLS1_2_CLIENT}, protocols;
    SecPkgCred_CipherStrengths limits = {0, 128}, strengths;
    int has128 = 0, has256 = 0;
    CredHandle cred;
    DWORD i;

    cr_assert_eq(loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    cr_assert_eq(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &tls12, sizeof(tls12)),
        SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(protocols.grbitProtocol, SP_PROT_TLS1_2_CLIENT);
    cr_assert_eq(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_CIPHER_STRENGTHS, &limits, sizeof(limits)),
        SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths),
                 SEC_E_OK);
    cr_assert_eq(strengths.dwMaximumCipherStrength, 128);
    cr_assert_eq(SetCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_ALGS, &only_aes128,
                                           sizeof(only_aes128)),
                 SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_ALGS, &algs), SEC_E_OK);
    for (i = 0; i < algs.cSupportedAlgs; i++) {
        has128 |= algs.palgSupportedAlgs[i] == CALG_AES_128;
        has256 |= algs.palgSupportedAlgs[i] == CALG_AES_256;
    }
    cr_assert(has128 && !has256);
    FreeContextBuffer(algs.palgSupportedAlgs);
    cr_assert_eq(
        SetCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_ALGS, &no_list, sizeof(no_list)),
        SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_ALGS, &algs), SEC_E_OK);
    for (i = 0, has256 = 0; i < algs.cSupportedAlgs; i++)
        has256 |= algs.palgSupportedAlgs[i] == CALG_AES_256;
    cr_assert(has256);
    FreeContextBuffer(algs.palgSupportedAlgs);
    FreeCredentialsHandle(&cred);
}

/* Refusals leave the credential as it was: its next handshake is still TLS 1.2 with AES-128. */
Test(keying, set_credentials_refused)
{
    ALG_ID aes128 = CALG_AES_128, des = CALG_3DES;
    SecPkgCred_SupportedAlgs only_des = {1, &des}, no_list = {1, NULL}, only_aes128 = {1, &aes128};
    SecPkgCred_SupportedProtocols server = {SP_PROT_TLS1_2_SERVER},
                                  mixed = {SP_PROT_TLS1_2_CLIENT | SP_PROT_DTLS1_2_CLIENT},
                                  tls12 = {SP_PROT_TLS1_2_CLIENT};
    SecPkgCred_CipherStrengths too_strong = {512, 0};
    SecPkgContext_ConnectionInfo info;
    fx_pair pair;

    fx_open(&pair, "server-rsa", 0, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS,
                                           &tls12, sizeof(tls12)),
                 SEC_E_OK);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_ALGS,
                                           &only_aes128, sizeof(only_aes128)),
                 SEC_E_OK);
    /* The same statuses as AcquireCredentialsHandle gives for these fields. */
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS,
                                           &server, sizeof(server)),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS,
                                           &mixed, sizeof(mixed)),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_CIPHER_STRENGTHS,
                                           &too_strong, sizeof(too_strong)),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_ALGS, &only_des,
                                           sizeof(only_des)),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_ALGS, &no_list,
                                           sizeof(no_list)),
                 SEC_E_UNKNOWN_CREDENTIALS);
    /* Malformed buffers, as for CLIENT_CERT_POLICY. */
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL,
                                           sizeof(tls12)),
                 SEC_E_INTERNAL_ERROR);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_CIPHER_STRENGTHS,
                                           &too_strong, sizeof(DWORD)),
                 SEC_E_BUFFER_TOO_SMALL);
    cr_assert_eq(SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_ALGS, &only_des,
                                           sizeof(DWORD)),
                 SEC_E_BUFFER_TOO_SMALL);
    cr_assert_eq(
        SetCredentialsAttributesW(&pair.client_cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &server, 2),
        SEC_E_BUFFER_TOO_SMALL);
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_OK);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_CONNECTION_INFO, &info),
                 SEC_E_OK);
    cr_assert_eq(info.dwProtocol, SP_PROT_TLS1_2_CLIENT);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    fx_close(&pair);
}
