/* SCH_CREDENTIALS' CRYPTO_SETTINGS (issue 5): each entry turns off a key exchange, curve,
 * signature, bulk cipher (by chaining mode and bit length) or suite digest. Against an OpenSSL
 * peer that offers only what is turned off the handshake fails with SEC_E_ALGORITHM_MISMATCH (the
 * peer's handshake_failure alert on our client, no shared cipher on our server); when the peer
 * also offers something allowed, the handshake succeeds with it. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <criterion/parameterized.h>
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

/* One policy against one peer, and what must come of the handshake. */
typedef enum outcome {
    ALLOWED, /* SEC_E_OK, and CONNECTION_INFO shows the algorithms asked for */
    REFUSED, /* SEC_E_ALGORITHM_MISMATCH */
    FAILS,   /* anything but SEC_E_OK */
} outcome;

typedef struct policy_case {
    const char *name; /* in every failure message */
    int our_server;   /* 0: our client against an OpenSSL server presenting peer_cert */
    int version;      /* both sides exactly at it */
    const char *peer_cert;
    CRYPTO_SETTINGS *settings;
    DWORD count;
    peer_setup peer;
    outcome expect;
    ALG_ID exch, cipher, hash; /* CONNECTION_INFO when allowed; 0: not checked */
    int has_mac;               /* dwHashStrength is not 0 */
} policy_case;

/* Our client against an OpenSSL server presenting `cert`, or our server (server-rsa) against an
 * OpenSSL client. */
#define OUR_CLIENT(tls_version, cert) .version = (tls_version), .peer_cert = (cert)
#define OUR_SERVER(tls_version)       .our_server = 1, .version = (tls_version)
#define POLICY(list)                  .settings = (list), .count = ARRAYSIZE(list)
#define OFF(usage, id)                                                                             \
    {                                                                                              \
        .eAlgorithmUsage = TlsParametersCngAlgUsage##usage, .strCngAlgId = US(id)                  \
    }

static UNICODE_STRING gcm_mode = US(u"ChainingModeGCM"), cfb_mode = US(u"ChainingModeCFB");
static CRYPTO_SETTINGS rsa_exchange[] = {OFF(KeyExchange, u"RSA")};
static CRYPTO_SETTINGS ecdh_exchange[] = {OFF(KeyExchange, u"ECDH")};
static CRYPTO_SETTINGS p256_curve[] = {OFF(KeyExchange, u"ECDH_P256")};
static CRYPTO_SETTINGS curves_from_384[] = {{.eAlgorithmUsage = TlsParametersCngAlgUsageKeyExchange,
                                             .strCngAlgId = US(u"ECDH"),
                                             .dwMinBitLength = 384}};
static CRYPTO_SETTINGS aes_gcm[] = {{.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                                     .strCngAlgId = US(u"AES"),
                                     .cChainingModes = 1,
                                     .rgstrChainingModes = &gcm_mode}};
/* Qt's way of asking for AES-256 only: AES with dwMinBitLength 256. */
static CRYPTO_SETTINGS aes_from_256[] = {{.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                                          .strCngAlgId = US(u"AES"),
                                          .dwMinBitLength = 256}};
static CRYPTO_SETTINGS aes_to_128[] = {{.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
                                        .strCngAlgId = US(u"AES"),
                                        .dwMaxBitLength = 128}};
static CRYPTO_SETTINGS sha384_digest[] = {OFF(Digest, u"SHA384")};
static CRYPTO_SETTINGS ecdsa_signature[] = {OFF(Signature, u"ECDSA")};
static CRYPTO_SETTINGS pss_signature[] = {OFF(Signature, u"SCH_RSA_PSS_PAD")};
/* What .NET and Qt pass and nothing here applies: CertSig entries, names no suite uses, modes
 * no suite has. */
static CRYPTO_SETTINGS without_effect[] = {
    OFF(CertSig, u"SCH_RSA_PKCS_PAD"),
    OFF(CertSig, u"SHA1"),
    OFF(Cipher, u"RC4"),
    OFF(Cipher, u"3DES"),
    OFF(Digest, u"MD5"),
    OFF(Signature, u"DSA"),
    {.eAlgorithmUsage = TlsParametersCngAlgUsageCipher,
     .strCngAlgId = US(u"AES"),
     .cChainingModes = 1,
     .rgstrChainingModes = &cfb_mode},
};

#define RSA_SUITE_ONLY                                                                             \
    {                                                                                              \
        .tls12_suites = "AES128-GCM-SHA256"                                                        \
    }

static const policy_case cases[] = {
    /* Key exchange */
    {.name = "no policy, the peer offers RSA key exchange only: the peer alone decides",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     .peer = RSA_SUITE_ONLY,
     .expect = ALLOWED,
     .exch = CALG_RSA_KEYX},
    {.name = "RSA exchange off, the peer offers it only",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(rsa_exchange),
     .peer = RSA_SUITE_ONLY,
     .expect = REFUSED},
    {.name = "RSA exchange off, the peer offers ECDHE too",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(rsa_exchange),
     .peer = {.tls12_suites = "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"},
     .expect = ALLOWED,
     .exch = CALG_ECDH_EPHEM},
    {.name = "RSA exchange off, our server, a client that offers only RSA exchange",
     OUR_SERVER(TLS1_2_VERSION),
     POLICY(rsa_exchange),
     .peer = RSA_SUITE_ONLY,
     .expect = REFUSED},
    {.name = "ECDH exchange off, the peer offers ECDHE only",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(ecdh_exchange),
     .peer = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384"},
     .expect = REFUSED},
    {.name = "ECDH exchange off, the peer offers DHE",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(ecdh_exchange),
     .peer = {.tls12_suites = "DHE-RSA-AES128-GCM-SHA256"},
     .expect = ALLOWED,
     .exch = CALG_DH_EPHEM},
    /* TLS 1.3 exchanges keys over the curves only: nothing is left of it. */
    {.name = "ECDH exchange off, TLS 1.3",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(ecdh_exchange),
     .expect = FAILS},

    /* Curves */
    {.name = "P-256 off, the peer has P-256 only",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(p256_curve),
     .peer = {.groups = "P-256"},
     .expect = REFUSED},
    {.name = "P-256 off, the peer has P-384",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(p256_curve),
     .peer = {.groups = "P-384"},
     .expect = ALLOWED},
    {.name = "curves from 384 bits, the peer has X25519 and P-256",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(curves_from_384),
     .peer = {.groups = "X25519:P-256"},
     .expect = REFUSED},
    {.name = "curves from 384 bits, the peer has P-384",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(curves_from_384),
     .peer = {.groups = "P-384"},
     .expect = ALLOWED},
    /* The bit lengths narrow the curves, not the ECDHE suites of TLS 1.2. */
    {.name = "curves from 384 bits, TLS 1.2 over P-384",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(curves_from_384),
     .peer = {.groups = "P-384"},
     .expect = ALLOWED},
    {.name = "P-256 off, our server, a client with P-256 only",
     OUR_SERVER(TLS1_3_VERSION),
     POLICY(p256_curve),
     .peer = {.groups = "P-256"},
     .expect = REFUSED},

    /* Bulk ciphers by chaining mode and bit length */
    {.name = "AES-GCM off, the peer offers GCM suites only",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(aes_gcm),
     .peer = {.tls12_suites = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"},
     .expect = REFUSED},
    {.name = "AES-GCM off, the peer offers a CBC suite too",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(aes_gcm),
     .peer = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256"},
     .expect = ALLOWED,
     .cipher = CALG_AES_128,
     .hash = CALG_SHA_256,
     .has_mac = 1},
    {.name = "AES from 256 bits, the peer offers AES-128 only",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(aes_from_256),
     .peer = {.tls13_suites = "TLS_AES_128_GCM_SHA256"},
     .expect = REFUSED},
    {.name = "AES from 256 bits, the peer offers AES-256",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(aes_from_256),
     .peer = {.tls13_suites = "TLS_AES_256_GCM_SHA384"},
     .expect = ALLOWED,
     .cipher = CALG_AES_256},
    {.name = "AES up to 128 bits, the peer offers AES-256 only",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(aes_to_128),
     .peer = {.tls13_suites = "TLS_AES_256_GCM_SHA384"},
     .expect = REFUSED},
    /* Our server, whatever the client prefers, keeps within the lengths. */
    {.name = "AES from 256 bits, our server, a client that offers AES-128 only",
     OUR_SERVER(TLS1_3_VERSION),
     POLICY(aes_from_256),
     .peer = {.tls13_suites = "TLS_AES_128_GCM_SHA256"},
     .expect = REFUSED},
    {.name = "AES up to 128 bits, our server, a client that offers both",
     OUR_SERVER(TLS1_3_VERSION),
     POLICY(aes_to_128),
     .peer = {.tls13_suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"},
     .expect = ALLOWED,
     .cipher = CALG_AES_128},

    /* Suite digests */
    {.name = "SHA384 off, the peer offers SHA-384 suites only",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(sha384_digest),
     .peer = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384"},
     .expect = REFUSED},
    {.name = "SHA384 off, the peer offers a SHA-256 suite too",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(sha384_digest),
     .peer = {.tls12_suites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"},
     .expect = ALLOWED,
     .cipher = CALG_AES_128},
    {.name = "SHA384 off, TLS 1.3 peer with TLS_AES_256_GCM_SHA384 only",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(sha384_digest),
     .peer = {.tls13_suites = "TLS_AES_256_GCM_SHA384"},
     .expect = REFUSED},

    /* Signatures */
    {.name = "ECDSA off, an ECDSA server, TLS 1.2",
     OUR_CLIENT(TLS1_2_VERSION, "server-ecdsa"),
     POLICY(ecdsa_signature),
     .expect = REFUSED},
    {.name = "ECDSA off, an ECDSA server, TLS 1.3",
     OUR_CLIENT(TLS1_3_VERSION, "server-ecdsa"),
     POLICY(ecdsa_signature),
     .expect = REFUSED},
    {.name = "ECDSA off, an RSA server, TLS 1.3",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(ecdsa_signature),
     .expect = ALLOWED},
    /* TLS 1.3 signs with RSA only through PSS; TLS 1.2 still has PKCS #1. */
    {.name = "RSA-PSS off, an RSA server, TLS 1.3",
     OUR_CLIENT(TLS1_3_VERSION, "server-rsa"),
     POLICY(pss_signature),
     .expect = REFUSED},
    {.name = "RSA-PSS off, an RSA server, TLS 1.2",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(pss_signature),
     .expect = ALLOWED},

    /* Entries that apply to nothing are accepted */
    {.name = "entries without effect, our client, TLS 1.2",
     OUR_CLIENT(TLS1_2_VERSION, "server-rsa"),
     POLICY(without_effect),
     .expect = ALLOWED,
     .cipher = CALG_AES_256},
    {.name = "entries without effect, our server, TLS 1.3",
     OUR_SERVER(TLS1_3_VERSION),
     POLICY(without_effect),
     .expect = ALLOWED},
};

/* Our client against an OpenSSL server with the case's certificate, or our server
 * (server-rsa) against an OpenSSL client, both at exactly the case's version. */
static void open_conn(ossl_conn *c, const policy_case *t)
{
    DWORD keep = t->version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;

    memset(c, 0, sizeof(*c));
    if (t->our_server)
        c->cert = fx_cert("server-rsa");
    cr_assert_eq(acquire_v5(&c->cred, t->our_server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
                            c->cert, ~keep, t->settings, t->count),
                 SEC_E_OK, "%s: credential", t->name);
    ossl_conn_open(c, t->our_server, t->version, t->peer_cert);
    SSL_set_dh_auto(c->peer.ssl, 1);
    if (t->peer.tls12_suites)
        cr_assert(SSL_set_cipher_list(c->peer.ssl, t->peer.tls12_suites), "%s: suites", t->name);
    if (t->peer.tls13_suites)
        cr_assert(SSL_set_ciphersuites(c->peer.ssl, t->peer.tls13_suites), "%s: suites", t->name);
    if (t->peer.groups)
        cr_assert(SSL_set1_groups_list(c->peer.ssl, t->peer.groups), "%s: groups", t->name);
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

/* The outcome of one case, then what CONNECTION_INFO shows when the handshake worked. */
static void check_case(const policy_case *t)
{
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;
    ossl_conn c;

    open_conn(&c, t);
    status = run(&c);
    if (t->expect == REFUSED)
        cr_assert_eq(status, SEC_E_ALGORITHM_MISMATCH, "%s: 0x%08x", t->name, (unsigned)status);
    else if (t->expect == FAILS)
        cr_assert_neq(status, SEC_E_OK, "%s: the handshake completed", t->name);
    else
        cr_assert_eq(status, SEC_E_OK, "%s: 0x%08x", t->name, (unsigned)status);
    if (status == SEC_E_OK) {
        cr_assert_eq(QueryContextAttributesW(&c.side.ctx, SECPKG_ATTR_CONNECTION_INFO, &info),
                     SEC_E_OK, "%s: CONNECTION_INFO", t->name);
        if (t->exch)
            cr_assert_eq(info.aiExch, t->exch, "%s: exchange 0x%x", t->name, info.aiExch);
        if (t->cipher)
            cr_assert_eq(info.aiCipher, t->cipher, "%s: cipher 0x%x", t->name, info.aiCipher);
        if (t->hash)
            cr_assert_eq(info.aiHash, t->hash, "%s: hash 0x%x", t->name, info.aiHash);
        if (t->has_mac)
            cr_assert_neq(info.dwHashStrength, 0, "%s: a CBC suite has a MAC", t->name);
    }
    ossl_conn_close(&c);
}

/* Each case runs as a test of its own; the parameter is its index in `cases`. */
ParameterizedTestParameters(crypto_settings, policies)
{
    static size_t index[ARRAYSIZE(cases)];
    size_t i;

    for (i = 0; i < ARRAYSIZE(cases); i++)
        index[i] = i;
    return cr_make_param_array(size_t, index, ARRAYSIZE(cases));
}

ParameterizedTest(size_t *index, crypto_settings, policies)
{
    check_case(&cases[*index]);
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
