/* SCH_CREDENTIALS' CRYPTO_SETTINGS (issue 5): each entry turns off a key exchange, curve,
 * signature, bulk cipher (by chaining mode and bit length) or suite digest. Against an OpenSSL
 * peer that offers only what is turned off the handshake fails with SEC_E_ALGORITHM_MISMATCH (the
 * peer's handshake_failure alert on our client, no shared cipher on our server); when the peer
 * also offers something allowed, the handshake succeeds with it. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <openssl/err.h>
#include <string.h>

#define US(text)                                                                                   \
    {                                                                                              \
        sizeof(text) - sizeof(WCHAR), sizeof(text), (PWSTR)(text)                                  \
    }

typedef struct peer_setup {
    const char *tls12_suites; /* NULL: OpenSSL's defaults */
    const char *tls13_suites;
    const char *groups;
} peer_setup;

static SECURITY_STATUS acquire_v5(CredHandle *cred, ULONG use, PCCERT_CONTEXT cert,
                                  DWORD disabled_protocols, CRYPTO_SETTINGS *settings, DWORD count)
{
    SCH_CREDENTIALS v5;
    TLS_PARAMETERS tls;

    memset(&v5, 0, sizeof(v5));
    memset(&tls, 0, sizeof(tls));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    v5.dwFlags = use == SECPKG_CRED_OUTBOUND
                     ? SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS
                     : 0;
    v5.cCreds = cert ? 1 : 0;
    v5.paCred = cert ? &cert : NULL;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &tls;
    tls.grbitDisabledProtocols = disabled_protocols;
    tls.cDisabledCrypto = count;
    tls.pDisabledCrypto = settings;
    return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, use, NULL, &v5, NULL, NULL,
                                     cred, NULL);
}

/* Our client (our_server 0) against an OpenSSL server with `peer_cert`, or our server
 * (server-rsa) against an OpenSSL client, both at exactly `version`. */
static void open_conn(ossl_conn *c, int our_server, int version, const char *peer_cert,
                      CRYPTO_SETTINGS *settings, DWORD count, const peer_setup *setup)
{
    DWORD keep = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;

    memset(c, 0, sizeof(*c));
    if (our_server) {
        c->cert = fx_cert("server-rsa");
        cr_assert_eq(acquire_v5(&c->cred, SECPKG_CRED_INBOUND, c->cert, ~keep, settings, count),
                     SEC_E_OK);
    } else {
        cr_assert_eq(acquire_v5(&c->cred, SECPKG_CRED_OUTBOUND, NULL, ~keep, settings, count),
                     SEC_E_OK);
    }
    ossl_conn_open(c, our_server, version, peer_cert);
    SSL_set_dh_auto(c->peer.ssl, 1);
    if (setup->tls12_suites)
        cr_assert(SSL_set_cipher_list(c->peer.ssl, setup->tls12_suites));
    if (setup->tls13_suites)
        cr_assert(SSL_set_ciphersuites(c->peer.ssl, setup->tls13_suites));
    if (setup->groups)
        cr_assert(SSL_set1_groups_list(c->peer.ssl, setup->groups));
}

/* Whole flights both ways until our side completes or fails (bounded); returns its status. */
static SECURITY_STATUS run(ossl_conn *c)
{
    loop_pipe to_peer = {0};
    SECURITY_STATUS status = SEC_I_CONTINUE_NEEDED;
    int round;

    if (!c->side.is_server)
        status = fx_step(&c->side, NULL, 0, NULL, &to_peer);
    for (round = 0; round < 10 && status == SEC_I_CONTINUE_NEEDED; round++) {
        SecBuffer second;

        ossl_peer_take(&c->peer, &to_peer);
        SSL_do_handshake(c->peer.ssl);
        ERR_clear_error();
        ossl_peer_give(&c->peer, &c->side.in);
        if (!c->side.in.len)
            break; /* the peer waits for nothing we will send */
        status = fx_step(&c->side, c->side.in.data, c->side.in.len, &second, &to_peer);
        loop_pipe_consume(&c->side.in,
                          c->side.in.len -
                              (second.BufferType == SECBUFFER_EXTRA ? second.cbBuffer : 0));
    }
    loop_pipe_free(&to_peer);
    return status;
}

/* The handshake with this policy and peer: its status, and CONNECTION_INFO when it worked. */
static SECURITY_STATUS handshake(int our_server, int version, const char *peer_cert,
                                 CRYPTO_SETTINGS *settings, DWORD count, const peer_setup *setup,
                                 SecPkgContext_ConnectionInfo *info)
{
    ossl_conn c;
    SECURITY_STATUS status;

    open_conn(&c, our_server, version, peer_cert, settings, count, setup);
    status = run(&c);
    if (status == SEC_E_OK && info)
        cr_assert_eq(QueryContextAttributesW(&c.side.ctx, SECPKG_ATTR_CONNECTION_INFO, info),
                     SEC_E_OK);
    ossl_conn_close(&c);
    return status;
}

static void expect_refused(int our_server, int version, const char *peer_cert,
                           CRYPTO_SETTINGS *settings, DWORD count, const peer_setup *setup)
{
    SECURITY_STATUS status =
        handshake(our_server, version, peer_cert, settings, count, setup, NULL);
    cr_assert_eq(status, SEC_E_ALGORITHM_MISMATCH, "%s, version 0x%x: 0x%08x",
                 our_server ? "our server" : "our client", version, (unsigned)status);
}

static void expect_ok(int our_server, int version, const char *peer_cert, CRYPTO_SETTINGS *settings,
                      DWORD count, const peer_setup *setup, SecPkgContext_ConnectionInfo *info)
{
    cr_assert_eq(handshake(our_server, version, peer_cert, settings, count, setup, info), SEC_E_OK);
}

Test(crypto_settings, key_exchange_rsa)
{
    CRYPTO_SETTINGS off = {.eAlgorithmUsage = TlsParametersCngAlgUsageKeyExchange,
                           .strCngAlgId = US(u"RSA")};
    peer_setup rsa_only = {.tls12_suites = "AES128-GCM-SHA256"},
               both = {.tls12_suites = "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"};
    SecPkgContext_ConnectionInfo info;

    expect_ok(0, TLS1_2_VERSION, "server-rsa", NULL, 0, &rsa_only, &info);
    cr_assert_eq(info.aiExch, CALG_RSA_KEYX, "the peer alone decides without settings");
    expect_refused(0, TLS1_2_VERSION, "server-rsa", &off, 1, &rsa_only);
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &off, 1, &both, &info);
    cr_assert_eq(info.aiExch, CALG_ECDH_EPHEM);
    /* Our server refuses a client that offers only RSA key exchange. */
    expect_refused(1, TLS1_2_VERSION, NULL, &off, 1, &rsa_only);
}

Test(crypto_settings, key_exchange_ecdh)
{
    CRYPTO_SETTINGS off = {.eAlgorithmUsage = TlsParametersCngAlgUsageKeyExchange,
                           .strCngAlgId = US(u"ECDH")};
    peer_setup ecdhe = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384"},
               dhe = {.tls12_suites = "DHE-RSA-AES128-GCM-SHA256"};
    peer_setup tls13 = {0};
    SecPkgContext_ConnectionInfo info;

    expect_refused(0, TLS1_2_VERSION, "server-rsa", &off, 1, &ecdhe);
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &off, 1, &dhe, &info);
    cr_assert_eq(info.aiExch, CALG_DH_EPHEM);
    /* TLS 1.3 exchanges keys over the curves only: nothing is left of it. */
    cr_assert_neq(handshake(0, TLS1_3_VERSION, "server-rsa", &off, 1, &tls13, NULL), SEC_E_OK);
}

Test(crypto_settings, curves)
{
    CRYPTO_SETTINGS p256 = {.eAlgorithmUsage = TlsParametersCngAlgUsageKeyExchange,
                            .strCngAlgId = US(u"ECDH_P256")};
    CRYPTO_SETTINGS from384 = {.eAlgorithmUsage = TlsParametersCngAlgUsageKeyExchange,
                               .strCngAlgId = US(u"ECDH"),
                               .dwMinBitLength = 384};
    peer_setup only_p256 = {.groups = "P-256"}, only_p384 = {.groups = "P-384"};
    peer_setup small = {.groups = "X25519:P-256"};

    expect_refused(0, TLS1_3_VERSION, "server-rsa", &p256, 1, &only_p256);
    expect_ok(0, TLS1_3_VERSION, "server-rsa", &p256, 1, &only_p384, NULL);
    expect_refused(0, TLS1_3_VERSION, "server-rsa", &from384, 1, &small);
    expect_ok(0, TLS1_3_VERSION, "server-rsa", &from384, 1, &only_p384, NULL);
    /* The bit lengths narrow the curves, not the ECDHE suites of TLS 1.2. */
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &from384, 1, &only_p384, NULL);
    expect_refused(1, TLS1_3_VERSION, NULL, &p256, 1, &only_p256);
}

Test(crypto_settings, cipher_chaining_modes)
{
    UNICODE_STRING gcm = US(u"ChainingModeGCM");
    CRYPTO_SETTINGS off = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                           .strCngAlgId = US(u"AES"),
                           .cChainingModes = 1,
                           .rgstrChainingModes = &gcm};
    peer_setup gcm_only = {.tls12_suites =
                               "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"};
    peer_setup with_cbc = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256"};
    SecPkgContext_ConnectionInfo info;

    expect_refused(0, TLS1_2_VERSION, "server-rsa", &off, 1, &gcm_only);
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &off, 1, &with_cbc, &info);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    cr_assert_eq(info.aiHash, CALG_SHA_256);
    cr_assert_neq(info.dwHashStrength, 0, "a CBC suite has a MAC");
}

/* Qt's way of asking for AES-256 only: AES with dwMinBitLength 256. */
Test(crypto_settings, cipher_bit_lengths)
{
    CRYPTO_SETTINGS min256 = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                              .strCngAlgId = US(u"AES"),
                              .dwMinBitLength = 256};
    CRYPTO_SETTINGS max128 = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                              .strCngAlgId = US(u"AES"),
                              .dwMaxBitLength = 128};
    peer_setup aes128 = {.tls13_suites = "TLS_AES_128_GCM_SHA256"};
    peer_setup aes256 = {.tls13_suites = "TLS_AES_256_GCM_SHA384"};
    peer_setup both = {.tls13_suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"};
    SecPkgContext_ConnectionInfo info;

    expect_refused(0, TLS1_3_VERSION, "server-rsa", &min256, 1, &aes128);
    expect_ok(0, TLS1_3_VERSION, "server-rsa", &min256, 1, &aes256, &info);
    cr_assert_eq(info.aiCipher, CALG_AES_256);
    expect_refused(0, TLS1_3_VERSION, "server-rsa", &max128, 1, &aes256);
    /* Our server, whatever the client prefers, keeps within the lengths. */
    expect_refused(1, TLS1_3_VERSION, NULL, &min256, 1, &aes128);
    expect_ok(1, TLS1_3_VERSION, NULL, &max128, 1, &both, &info);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
}

Test(crypto_settings, digest)
{
    CRYPTO_SETTINGS off = {.eAlgorithmUsage = TlsParametersCngAlgUsageDigest,
                           .strCngAlgId = US(u"SHA384")};
    peer_setup sha384 = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384"};
    peer_setup both = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"};
    peer_setup tls13_384 = {.tls13_suites = "TLS_AES_256_GCM_SHA384"};
    SecPkgContext_ConnectionInfo info;

    expect_refused(0, TLS1_2_VERSION, "server-rsa", &off, 1, &sha384);
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &off, 1, &both, &info);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    expect_refused(0, TLS1_3_VERSION, "server-rsa", &off, 1, &tls13_384);
}

Test(crypto_settings, signatures)
{
    CRYPTO_SETTINGS ecdsa = {.eAlgorithmUsage = TlsParametersCngAlgUsageSignature,
                             .strCngAlgId = US(u"ECDSA")};
    CRYPTO_SETTINGS pss = {.eAlgorithmUsage = TlsParametersCngAlgUsageSignature,
                           .strCngAlgId = US(u"SCH_RSA_PSS_PAD")};
    peer_setup any = {0};
    SecPkgContext_ConnectionInfo info;

    expect_refused(0, TLS1_2_VERSION, "server-ecdsa", &ecdsa, 1, &any);
    expect_refused(0, TLS1_3_VERSION, "server-ecdsa", &ecdsa, 1, &any);
    expect_ok(0, TLS1_3_VERSION, "server-rsa", &ecdsa, 1, &any, &info);
    /* TLS 1.3 signs with RSA only through PSS; TLS 1.2 still has PKCS #1. */
    expect_refused(0, TLS1_3_VERSION, "server-rsa", &pss, 1, &any);
    expect_ok(0, TLS1_2_VERSION, "server-rsa", &pss, 1, &any, &info);
}

/* What .NET and Qt pass and nothing here applies is accepted: CertSig entries, names no suite
 * uses, modes no suite has. */
Test(crypto_settings, accepted_without_effect)
{
    UNICODE_STRING cfb = US(u"ChainingModeCFB");
    CRYPTO_SETTINGS list[] = {
        {.eAlgorithmUsage = TlsParametersCngAlgUsageCertSig,
         .strCngAlgId = US(u"SCH_RSA_PKCS_PAD")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageCertSig, .strCngAlgId = US(u"SHA1")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher, .strCngAlgId = US(u"RC4")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher, .strCngAlgId = US(u"3DES")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageDigest, .strCngAlgId = US(u"MD5")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageSignature, .strCngAlgId = US(u"DSA")},
        {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
         .strCngAlgId = US(u"AES"),
         .cChainingModes = 1,
         .rgstrChainingModes = &cfb},
    };
    peer_setup any = {0};
    SecPkgContext_ConnectionInfo info;

    expect_ok(0, TLS1_2_VERSION, "server-rsa", list, ARRAYSIZE(list), &any, &info);
    cr_assert_eq(info.aiCipher, CALG_AES_256);
    expect_ok(1, TLS1_3_VERSION, NULL, list, ARRAYSIZE(list), &any, NULL);
}

Test(crypto_settings, malformed)
{
    CRYPTO_SETTINGS many[SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS + 1];
    UNICODE_STRING modes[SCH_CRED_MAX_SUPPORTED_CHAINING_MODES + 1];
    CRYPTO_SETTINGS one = {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                           .strCngAlgId = US(u"AES")};
    CredHandle cred;
    size_t i;

    memset(many, 0, sizeof(many));
    for (i = 0; i < ARRAYSIZE(modes); i++)
        modes[i] = (UNICODE_STRING)US(u"ChainingModeGCM");
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, many, ARRAYSIZE(many)),
                 SEC_E_UNKNOWN_CREDENTIALS, "more than SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS");
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, NULL, 1),
                 SEC_E_UNKNOWN_CREDENTIALS, "a count without entries");
    one.cChainingModes = ARRAYSIZE(modes);
    one.rgstrChainingModes = modes;
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, &one, 1),
                 SEC_E_UNKNOWN_CREDENTIALS, "more than SCH_CRED_MAX_SUPPORTED_CHAINING_MODES");
    /* .NET passes an array with a zero count. */
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, many, 0), SEC_E_OK);
    FreeCredentialsHandle(&cred);
}
