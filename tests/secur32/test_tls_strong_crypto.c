/* SCH_USE_STRONG_CRYPTO ("disables weak suites and protocols", client checklist, credentials
 * point 11). sspishim's suite lists never hold RC4, DES, 3DES, NULL or export suites
 * (tls_credential.c) and it has no SSL 2/3, so the flag takes nothing more away: it is accepted
 * in SCHANNEL_CRED and SCH_CREDENTIALS, both directions; handshakes with it work in TLS 1.2 and
 * 1.3; a client with it offers no weak suite; a server with it picks AES over the 3DES suite a
 * client prefers. */
#include "ossl_peer.h"
#include "tls_fixture.h"

#include <openssl/obj_mac.h>
#include <string.h>

static SECURITY_STATUS acquire_v5(CredHandle *cred, ULONG use, PCCERT_CONTEXT cert, DWORD flags)
{
    SCH_CREDENTIALS v5;

    memset(&v5, 0, sizeof(v5));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    v5.dwFlags = flags;
    v5.cCreds = cert ? 1 : 0;
    v5.paCred = cert ? &cert : NULL;
    return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, use, NULL, &v5, NULL, NULL,
                                     cred, NULL);
}

#define CLIENT_FLAGS                                                                               \
    (SCH_USE_STRONG_CRYPTO | SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS)

static int is_weak_cipher(int nid)
{
    return nid == NID_undef || nid == NID_rc4 || nid == NID_rc4_40 || nid == NID_des_cbc ||
           nid == NID_des_ede3_cbc || nid == NID_rc2_cbc || nid == NID_idea_cbc;
}

Test(strong_crypto, accepted_in_v4_and_v5)
{
    PCCERT_CONTEXT cert = fx_cert("server-rsa");
    CredHandle cred;

    cr_assert_eq(loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, 0, CLIENT_FLAGS), SEC_E_OK);
    FreeCredentialsHandle(&cred);
    cr_assert_eq(loop_acquire(&cred, SECPKG_CRED_INBOUND, cert, 0, SCH_USE_STRONG_CRYPTO),
                 SEC_E_OK);
    FreeCredentialsHandle(&cred);
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_OUTBOUND, NULL, CLIENT_FLAGS), SEC_E_OK);
    FreeCredentialsHandle(&cred);
    cr_assert_eq(acquire_v5(&cred, SECPKG_CRED_INBOUND, cert, SCH_USE_STRONG_CRYPTO), SEC_E_OK);
    FreeCredentialsHandle(&cred);
    CertFreeCertificateContext(cert);
}

/* Both ends carry the flag (client SCH_CREDENTIALS, server SCHANNEL_CRED); data goes through. */
static void handshake_with_flag(DWORD protocols, DWORD expected_protocol)
{
    fx_pair pair;
    SecPkgContext_ConnectionInfo info;
    SECURITY_STATUS status;
    static const char text[] = "strong crypto";

    memset(&pair, 0, sizeof(pair));
    pair.cert = fx_cert("server-rsa");
    cr_assert_eq(loop_acquire(&pair.server_cred, SECPKG_CRED_INBOUND, pair.cert, protocols,
                              SCH_USE_STRONG_CRYPTO),
                 SEC_E_OK);
    cr_assert_eq(acquire_v5(&pair.client_cred, SECPKG_CRED_OUTBOUND, NULL, CLIENT_FLAGS), SEC_E_OK);
    loop_side_init(&pair.client, &pair.client_cred, 0, FX_ISC_REQ, "localhost");
    loop_side_init(&pair.server, &pair.server_cred, 1, FX_ASC_REQ, NULL);
    loop_link(&pair.client, &pair.server);
    status = fx_handshake(&pair, 0);
    cr_assert_eq(status, SEC_E_OK, "handshake: 0x%08x", (unsigned)status);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_CONNECTION_INFO, &info),
                 SEC_E_OK);
    cr_assert_eq(info.dwProtocol, expected_protocol);
    cr_assert(info.aiCipher == CALG_AES_128 || info.aiCipher == CALG_AES_256, "aiCipher 0x%x",
              (unsigned)info.aiCipher);
    fx_transfer(&pair.client, &pair.server, text, sizeof(text), 0);
    fx_transfer(&pair.server, &pair.client, text, sizeof(text), 0);
    fx_close(&pair);
}

Test(strong_crypto, handshake_tls12)
{
    handshake_with_flag(SP_PROT_TLS1_2_SERVER, SP_PROT_TLS1_2_CLIENT);
}

Test(strong_crypto, handshake_tls13)
{
    handshake_with_flag(SP_PROT_TLS1_3_SERVER, SP_PROT_TLS1_3_CLIENT);
}

/* What an OpenSSL server (which knows every suite) saw offered in our client's ClientHello. */
Test(strong_crypto, client_offers_no_weak_suite)
{
    ossl_conn c;
    STACK_OF(SSL_CIPHER) * offered;
    int i, count;

    memset(&c, 0, sizeof(c));
    cr_assert_eq(acquire_v5(&c.cred, SECPKG_CRED_OUTBOUND, NULL, CLIENT_FLAGS), SEC_E_OK);
    ossl_conn_open(&c, 0, TLS1_2_VERSION, "server-rsa");
    ossl_peer_handshake(&c.peer, &c.side);
    offered = SSL_get_client_ciphers(c.peer.ssl);
    cr_assert_not_null(offered);
    count = sk_SSL_CIPHER_num(offered);
    cr_assert_gt(count, 0);
    for (i = 0; i < count; i++) {
        const SSL_CIPHER *cipher = sk_SSL_CIPHER_value(offered, i);
        cr_assert(!is_weak_cipher(SSL_CIPHER_get_cipher_nid(cipher)), "offered %s",
                  SSL_CIPHER_get_name(cipher));
    }
    ossl_conn_close(&c);
}

/* An OpenSSL client that prefers 3DES (at security level 0, where OpenSSL still offers it) and
 * also offers AES: our server with the flag settles on AES. */
Test(strong_crypto, server_prefers_aes_over_3des)
{
    ossl_conn c;
    SecPkgContext_ConnectionInfo info;

    memset(&c, 0, sizeof(c));
    c.cert = fx_cert("server-rsa");
    cr_assert_eq(loop_acquire(&c.cred, SECPKG_CRED_INBOUND, c.cert, SP_PROT_TLS1_2_SERVER,
                              SCH_USE_STRONG_CRYPTO),
                 SEC_E_OK);
    ossl_conn_open(&c, 1, TLS1_2_VERSION, NULL);
    cr_assert(SSL_set_cipher_list(c.peer.ssl, "DES-CBC3-SHA:AES128-SHA:@SECLEVEL=0"));
    ossl_peer_handshake(&c.peer, &c.side);
    cr_assert_eq(SSL_CIPHER_get_cipher_nid(SSL_get_current_cipher(c.peer.ssl)), NID_aes_128_cbc);
    cr_assert_eq(QueryContextAttributesA(&c.side.ctx, SECPKG_ATTR_CONNECTION_INFO, &info),
                 SEC_E_OK);
    cr_assert_eq(info.aiCipher, CALG_AES_128);
    ossl_conn_close(&c);
}
