/* QueryContextAttributes on a finished connection, both sides (reference §2.12; checklist G). */
#include "tls_fixture.h"

#include <openssl/sha.h>
#include <string.h>

static void check_cert_is(PCCERT_CONTEXT got, PCCERT_CONTEXT expected)
{
    cr_assert(got);
    cr_assert_eq(got->cbCertEncoded, expected->cbCertEncoded);
    cr_assert_eq(memcmp(got->pbCertEncoded, expected->pbCertEncoded, got->cbCertEncoded), 0);
}

Test(attributes, certificates)
{
    fx_pair pair;
    PCCERT_CONTEXT cert = NULL;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert),
                 SEC_E_OK);
    check_cert_is(cert, pair.cert);
    CertFreeCertificateContext(cert);
    cert = NULL;
    cr_assert_eq(QueryContextAttributesA(&pair.server.ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &cert),
                 SEC_E_OK);
    check_cert_is(cert, pair.cert);
    CertFreeCertificateContext(cert);
    cert = NULL;
    /* No client certificate: an error on both, no crash. */
    cr_assert_neq(QueryContextAttributesA(&pair.server.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert),
                  SEC_E_OK);
    cr_assert_neq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &cert),
                  SEC_E_OK);
    fx_close(&pair);
}

/* RFC 5929 tls-server-end-point: 32-byte header, prefix, SHA-256 of the server certificate. */
static void check_endpoint(CtxtHandle *ctx, PCCERT_CONTEXT server_cert)
{
    static const char prefix[] = "tls-server-end-point:";
    SecPkgContext_Bindings bindings = {0xdeadbeef, (void *)0xdeadbeef};
    SEC_CHANNEL_BINDINGS *b;
    unsigned char hash[32];

    SHA256(server_cert->pbCertEncoded, server_cert->cbCertEncoded, hash);
    cr_assert_eq(QueryContextAttributesW(ctx, SECPKG_ATTR_ENDPOINT_BINDINGS, &bindings), SEC_E_OK);
    cr_assert_eq(bindings.BindingsLength, 32 + 21 + 32);
    b = bindings.Bindings;
    cr_assert_eq(sizeof(*b), 32);
    cr_assert_eq(b->dwInitiatorAddrType | b->cbInitiatorLength | b->dwInitiatorOffset |
                     b->dwAcceptorAddrType | b->cbAcceptorLength | b->dwAcceptorOffset,
                 0);
    cr_assert_eq(b->cbApplicationDataLength, 21 + 32);
    cr_assert_eq(b->dwApplicationDataOffset, 32);
    cr_assert_eq(memcmp((char *)b + 32, prefix, 21), 0);
    cr_assert_eq(memcmp((char *)b + 32 + 21, hash, 32), 0, "SHA-256 of the server certificate");
    cr_assert_eq(FreeContextBuffer(b), SEC_E_OK);
}

Test(attributes, endpoint_bindings)
{
    fx_pair pair;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    check_endpoint(&pair.client.ctx, pair.cert);
    check_endpoint(&pair.server.ctx, pair.cert);
    fx_close(&pair);
}

Test(attributes, unique_bindings_tls12)
{
    fx_pair pair;
    SecPkgContext_Bindings client, server;
    SEC_CHANNEL_BINDINGS *b;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesW(&pair.client.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &client),
                 SEC_E_OK);
    cr_assert_eq(QueryContextAttributesW(&pair.server.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &server),
                 SEC_E_OK);
    cr_assert_eq(client.BindingsLength, 32 + 11 + 12, "tls-unique: and a 12-byte Finished");
    b = client.Bindings;
    cr_assert_eq(b->dwApplicationDataOffset, 32);
    cr_assert_eq(b->cbApplicationDataLength, 11 + 12);
    cr_assert_eq(memcmp((char *)b + 32, "tls-unique:", 11), 0);
    cr_assert_eq(server.BindingsLength, client.BindingsLength);
    cr_assert_eq(memcmp(client.Bindings, server.Bindings, client.BindingsLength), 0,
                 "both ends agree");
    FreeContextBuffer(client.Bindings);
    FreeContextBuffer(server.Bindings);
    fx_close(&pair);
}

Test(attributes, key_info_a_and_w)
{
    fx_pair pair;
    SecPkgContext_KeyInfoA a;
    SecPkgContext_KeyInfoW w;

    fx_connect(&pair, "server-ecdsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_KEY_INFO, &a), SEC_E_OK);
    cr_assert_eq(a.KeySize, 256);
    cr_assert_eq(a.SignatureAlgorithm, CALG_ECDSA);
    cr_assert_eq(a.EncryptAlgorithm, CALG_AES_256);
    cr_assert_str_eq(a.sSignatureAlgorithmName, "ECDSA");
    cr_assert_str_eq(a.sEncryptAlgorithmName, "AES");
    FreeContextBuffer(a.sSignatureAlgorithmName);
    FreeContextBuffer(a.sEncryptAlgorithmName);
    cr_assert_eq(QueryContextAttributesW(&pair.server.ctx, SECPKG_ATTR_KEY_INFO, &w), SEC_E_OK);
    cr_assert_eq(w.KeySize, 256);
    cr_assert_eq(w.SignatureAlgorithm, CALG_ECDSA);
    cr_assert_eq(memcmp(w.sSignatureAlgorithmName, u"ECDSA", 12), 0);
    cr_assert_eq(memcmp(w.sEncryptAlgorithmName, u"AES", 8), 0);
    FreeContextBuffer(w.sSignatureAlgorithmName);
    FreeContextBuffer(w.sEncryptAlgorithmName);
    fx_close(&pair);
}

Test(attributes, session_and_connection_info_ex)
{
    fx_pair pair;
    SecPkgContext_SessionInfo session;
    SecPkgContext_ConnectionInfoEx ex;
    SecPkgContext_SupportedSignatures sigs;
    DWORD i;
    int has_rsa_pss = 0;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    memset(&session, 0xcc, sizeof(session));
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_SESSION_INFO, &session),
                 SEC_E_OK);
    cr_assert_eq(session.dwFlags, 0, "a first connection is not a reconnect");
    cr_assert_leq(session.cbSessionId, 32);
    memset(&ex, 0, sizeof(ex));
    cr_assert_eq(QueryContextAttributesW(&pair.server.ctx, SECPKG_ATTR_CONNECTION_INFO_EX, &ex),
                 SEC_E_OK);
    cr_assert_eq(ex.dwProtocol, SP_PROT_TLS1_2_SERVER);
    cr_assert_eq(memcmp(ex.szCipher, u"AES", 8), 0);
    cr_assert_eq(ex.dwCipherStrength, 256);
    cr_assert_eq(memcmp(ex.szExchange, u"ECDH", 10), 0);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_SUPPORTED_SIGNATURES, &sigs),
                 SEC_E_OK);
    cr_assert_gt(sigs.cSignatureAndHashAlgorithms, 0);
    for (i = 0; i < sigs.cSignatureAndHashAlgorithms; i++)
        has_rsa_pss |= sigs.pSignatureAndHashAlgorithms[i] == 0x0804;
    cr_assert(has_rsa_pss, "rsa_pss_rsae_sha256 is offered");
    FreeContextBuffer(sigs.pSignatureAndHashAlgorithms);
    fx_close(&pair);
}

/* SIZES (no Windows values recorded; see schannel_attributes.c): the package's cbMaxToken, no
 * signature, and the negotiated cipher's block size and trailer as STREAM_SIZES gives them. */
static void check_sizes_match_stream_sizes(CtxtHandle *ctx)
{
    SecPkgContext_Sizes sizes;
    SecPkgContext_StreamSizes stream;
    PSecPkgInfoA info = NULL;

    memset(&sizes, 0xcc, sizeof(sizes));
    cr_assert_eq(QueryContextAttributesA(ctx, SECPKG_ATTR_STREAM_SIZES, &stream), SEC_E_OK);
    cr_assert_eq(QueryContextAttributesA(ctx, SECPKG_ATTR_SIZES, &sizes), SEC_E_OK);
    cr_assert_eq(QuerySecurityPackageInfoA("Schannel", &info), SEC_E_OK);
    cr_assert_eq(sizes.cbMaxToken, info->cbMaxToken);
    cr_assert_eq(sizes.cbMaxSignature, 0);
    cr_assert_eq(sizes.cbBlockSize, stream.cbBlockSize);
    cr_assert_eq(sizes.cbSecurityTrailer, stream.cbTrailer);
    FreeContextBuffer(info);
    memset(&sizes, 0xcc, sizeof(sizes));
    cr_assert_eq(QueryContextAttributesW(ctx, SECPKG_ATTR_SIZES, &sizes), SEC_E_OK, "W as A");
    cr_assert_eq(sizes.cbSecurityTrailer, stream.cbTrailer);
}

Test(attributes, sizes_tls12_gcm)
{
    fx_pair pair;
    SecPkgContext_StreamSizes stream;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_STREAM_SIZES, &stream),
                 SEC_E_OK);
    cr_assert_eq(stream.cbTrailer, 16, "an AES-GCM suite was negotiated (16-byte tag)");
    check_sizes_match_stream_sizes(&pair.client.ctx);
    check_sizes_match_stream_sizes(&pair.server.ctx);
    fx_close(&pair);
}

Test(attributes, sizes_tls13)
{
    fx_pair pair;

    fx_connect(&pair, "server-ecdsa", SP_PROT_TLS1_3);
    check_sizes_match_stream_sizes(&pair.client.ctx);
    check_sizes_match_stream_sizes(&pair.server.ctx);
    fx_close(&pair);
}

Test(attributes, unsupported_and_deleted)
{
    fx_pair pair;
    unsigned char buf[512];
    CtxtHandle client;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_NEGOTIATION_INFO, buf),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, 0x7777, buf),
                 SEC_E_UNSUPPORTED_FUNCTION);
    client = pair.client.ctx;
    cr_assert_eq(DeleteSecurityContext(&client), SEC_E_OK);
    pair.client.has_ctx = 0;
    cr_assert_eq(QueryContextAttributesW(&client, SECPKG_ATTR_REMOTE_CERT_CONTEXT, buf),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(QueryContextAttributesW(&client, SECPKG_ATTR_STREAM_SIZES, buf),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(DeleteSecurityContext(&client), SEC_E_INVALID_HANDLE);
    fx_close(&pair);
}

/* Mid-handshake (R asks on every step): errors, never a crash. */
Test(attributes, before_the_handshake_completes)
{
    fx_pair pair;
    PCCERT_CONTEXT cert = NULL;
    SecPkgContext_StreamSizes sizes;
    SecPkgContext_Sizes context_sizes;
    SecPkgContext_ApplicationProtocol proto;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_neq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert),
                  SEC_E_OK);
    cr_assert_eq(cert, NULL);
    cr_assert_neq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                  SEC_E_OK);
    /* SIZES fails as STREAM_SIZES does while no cipher is negotiated. */
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_SIZES, &context_sizes),
                 QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes));
    cr_assert_eq(
        QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto),
        SEC_E_OK);
    cr_assert_eq(proto.ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_None);
    fx_close(&pair);
}
