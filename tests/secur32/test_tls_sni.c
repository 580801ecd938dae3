/* SNI from the target name: our client's ClientHello names the host the caller gave to
 * InitializeSecurityContext, as an OpenSSL server sees it; an IP address literal (which RFC 6066
 * does not allow as a host name) and an absent target send no server_name extension. */
#include "tls_fixture.h"
#include "ossl_peer.h"

#include <string.h>

/* The name an OpenSSL server received from our client, TLS `version`, for `target` (NULL: the
 * caller gave none); "" when the ClientHello carried none. */
static void expect_sni(int version, const char *target, const char *expected)
{
    DWORD protocols = version == TLS1_3_VERSION ? SP_PROT_TLS1_3 : SP_PROT_TLS1_2;
    ossl_conn c;
    const char *seen;

    memset(&c, 0, sizeof(c));
    cr_assert_eq(loop_acquire(&c.cred, SECPKG_CRED_OUTBOUND, NULL, protocols,
                              SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    ossl_conn_open(&c, 0, version, "server-rsa");
    c.side.target = target;
    ossl_peer_handshake(&c.peer, &c.side);
    seen = SSL_get_servername(c.peer.ssl, TLSEXT_NAMETYPE_host_name);
    cr_assert_str_eq(seen ? seen : "", expected, "target %s: the server saw \"%s\"",
                     target ? target : "(none)", seen ? seen : "");
    ossl_conn_close(&c);
}

Test(sni, host_name_is_sent_tls13)
{
    expect_sni(TLS1_3_VERSION, "localhost", "localhost");
    expect_sni(TLS1_3_VERSION, "www.example.test", "www.example.test");
}

Test(sni, host_name_is_sent_tls12)
{
    expect_sni(TLS1_2_VERSION, "localhost", "localhost");
}

Test(sni, ip_literals_send_none)
{
    expect_sni(TLS1_3_VERSION, "127.0.0.1", "");
    expect_sni(TLS1_2_VERSION, "127.0.0.1", "");
    expect_sni(TLS1_3_VERSION, "::1", "");
}

Test(sni, no_target_sends_none)
{
    expect_sni(TLS1_3_VERSION, NULL, "");
    expect_sni(TLS1_3_VERSION, "", "");
}
