/* DTLS 1.2 through the SSPI API: credentials that mix DTLS with TLS, handshakes over a
 * simulated datagram network that loses and reorders flights (recovered by calls without input,
 * which re-send), the MTU on every datagram, and records lost, replayed and reordered. */
#include "dtls_loop.h"
#include "tls_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dtls_pair {
    PCCERT_CONTEXT cert;
    dtls_peer client, server;
} dtls_pair;

static void open_pair(dtls_pair *pair, WORD mtu)
{
    memset(pair, 0, sizeof(*pair));
    pair->cert = fx_cert("server-rsa");
    cr_assert_eq(dtls_peer_init(&pair->server, 1, pair->cert, mtu), SEC_E_OK);
    cr_assert_eq(dtls_peer_init(&pair->client, 0, NULL, mtu), SEC_E_OK);
}

static void close_pair(dtls_pair *pair)
{
    dtls_peer_free(&pair->client);
    dtls_peer_free(&pair->server);
    CertFreeCertificateContext(pair->cert);
}

/* CIPHER_INFO.dwProtocol is the protocol's wire version, as Windows gives 0x0303 for TLS 1.2
 * (reference §3.5). Wine's 0x202 for DTLS 1.2 is its own numbering (reference §2.8, §4). */
#define DTLS1_2_WIRE_VERSION 0xFEFD

/* The version both attributes report on one side of a DTLS 1.2 connection. */
static void check_protocol(dtls_peer *peer)
{
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_CipherInfo cipher;

    cr_assert_eq(QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_CONNECTION_INFO, &info), SEC_E_OK);
    cr_assert_eq(info.dwProtocol, peer->is_server ? SP_PROT_DTLS1_2_SERVER : SP_PROT_DTLS1_2_CLIENT,
                 "CONNECTION_INFO 0x%x", (unsigned)info.dwProtocol);
    memset(&cipher, 0, sizeof(cipher));
    cr_assert_eq(QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_CIPHER_INFO, &cipher), SEC_E_OK);
    cr_assert_eq(cipher.dwVersion, SECPKGCONTEXT_CIPHERINFO_V1);
    cr_assert_eq(cipher.dwProtocol, DTLS1_2_WIRE_VERSION, "CIPHER_INFO 0x%x",
                 (unsigned)cipher.dwProtocol);
}

static void handshake(dtls_pair *pair, dtls_filter filter, void *arg)
{
    SECURITY_STATUS status = dtls_handshake(&pair->client, &pair->server, filter, arg, 60);
    cr_assert_eq(status, SEC_E_OK, "handshake: 0x%08x (client 0x%08x, server 0x%08x)",
                 (unsigned)status, (unsigned)pair->client.status, (unsigned)pair->server.status);
}

/* Sends `count` messages and delivers them as `order` says (an index may repeat, -1 ends);
 * each delivered datagram must give SEC_E_OK and either its own message or nothing. */
static size_t send_and_deliver(dtls_peer *from, dtls_peer *to, int count, const int *order,
                               int *got)
{
    dtls_datagrams wire = {0};
    char message[64];
    size_t delivered = 0;
    int i;

    for (i = 0; i < count; i++) {
        int len = snprintf(message, sizeof(message), "datagram %d from %s", i,
                           from->is_server ? "the server" : "the client");
        cr_assert_eq(dtls_encrypt(from, message, (size_t)len, &wire), SEC_E_OK);
    }
    for (i = 0; order[i] >= 0; i++) {
        unsigned char copy[2048], *plain;
        size_t plain_len;
        SECURITY_STATUS status;
        int n = order[i];

        cr_assert_lt(wire.len[n], sizeof(copy));
        memcpy(copy, wire.data[n], wire.len[n]);
        status = dtls_decrypt(to, copy, wire.len[n], &plain, &plain_len);
        cr_assert_eq(status, SEC_E_OK, "datagram %d: 0x%08x", n, (unsigned)status);
        got[i] = -1;
        if (plain_len) {
            int len = snprintf(message, sizeof(message), "datagram %d from %s", n,
                               from->is_server ? "the server" : "the client");
            cr_assert_eq(plain_len, (size_t)len);
            cr_assert(memcmp(plain, message, plain_len) == 0, "datagram %d altered", n);
            got[i] = n;
            delivered++;
        }
    }
    dtls_datagrams_free(&wire);
    return delivered;
}

Test(dtls_credentials, dtls_mixed_with_tls_is_refused)
{
    static const DWORD mixed[] = {
        SP_PROT_DTLS1_2_CLIENT | SP_PROT_TLS1_2_CLIENT,
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_SERVER, /* even bits of the other direction */
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_SSL3_SERVER,
        SP_PROT_DTLS1_2_SERVER | SP_PROT_TLS1_3_SERVER,
    };
    SecPkgCred_SupportedProtocols protocols;
    CredHandle cred;
    size_t i;

    for (i = 0; i < sizeof(mixed) / sizeof(mixed[0]); i++)
        cr_assert_eq(
            loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, mixed[i], SCH_CRED_NO_DEFAULT_CREDS),
            SEC_E_ALGORITHM_MISMATCH, "0x%08lx", (unsigned long)mixed[i]);
    cr_assert_eq(loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL,
                              SP_PROT_DTLS_CLIENT | SP_PROT_DTLS1_2_CLIENT,
                              SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(protocols.grbitProtocol, SP_PROT_DTLS1_0_CLIENT | SP_PROT_DTLS1_2_CLIENT);
    FreeCredentialsHandle(&cred);
}

Test(dtls_handshake, clean_network_and_attributes)
{
    SecPkgContext_StreamSizes sizes;
    SEC_DTLS_MTU mtu;
    dtls_pair pair;
    int order[] = {0, 1, 2, -1}, got[3];

    open_pair(&pair, 0);
    handshake(&pair, NULL, NULL);
    cr_assert(pair.client.attrs & ISC_RET_DATAGRAM);
    cr_assert(pair.server.attrs & ASC_RET_DATAGRAM);
    check_protocol(&pair.client);
    check_protocol(&pair.server);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                 SEC_E_OK);
    cr_assert_geq(sizes.cbHeader, DTLS_LOOP_HEADER);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu), SEC_E_OK);
    cr_assert_eq(mtu.PathMTU, 1096, "Schannel's default MTU");
    cr_assert_leq(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer, 1096);
    cr_assert_leq(pair.client.largest, 1096);
    cr_assert_leq(pair.server.largest, 1096);
    cr_assert_eq(send_and_deliver(&pair.client, &pair.server, 3, order, got), 3);
    cr_assert_eq(send_and_deliver(&pair.server, &pair.client, 3, order, got), 3);
    close_pair(&pair);
}

/* A call without input re-sends the same flight with the next record sequence number, says
 * SEC_I_CONTINUE_NEEDED and gives an expiry; the handshake then completes. */
Test(dtls_handshake, call_without_input_resends_the_flight)
{
    dtls_datagrams first = {0}, again = {0};
    dtls_pair pair;
    size_t i;

    open_pair(&pair, 0);
    cr_assert_eq(dtls_step(&pair.client, NULL, &first), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(pair.client.expiry.LowPart, 0);
    cr_assert_eq(pair.client.expiry.HighPart, 0);
    cr_assert_eq(dtls_step(&pair.client, NULL, &again), SEC_I_CONTINUE_NEEDED);
    cr_assert(pair.client.expiry.LowPart || pair.client.expiry.HighPart);
    cr_assert(pair.client.attrs & ISC_RET_DATAGRAM);
    cr_assert_eq(again.count, first.count);
    for (i = 0; i < first.count; i++) {
        cr_assert_eq(again.len[i], first.len[i]);
        /* bytes 5..10 are the record sequence number: one more */
        cr_assert(memcmp(again.data[i], first.data[i], 10) == 0);
        cr_assert_eq(again.data[i][10], first.data[i][10] + first.count);
        cr_assert(memcmp(again.data[i] + 11, first.data[i] + 11, first.len[i] - 11) == 0);
    }
    /* The server hears the second copy only. */
    dtls_datagrams_move(&pair.server.in, &again);
    dtls_datagrams_free(&first);
    cr_assert_eq(dtls_handshake(&pair.client, &pair.server, NULL, NULL, 60), SEC_E_OK);
    close_pair(&pair);
}

typedef struct lossy {
    int drop_to_server; /* flight number to lose (-1: none) */
    int drop_to_client;
    int reverse_to_server; /* flight number delivered backwards (-1: none) */
    int reverse_to_client;
    int duplicate; /* deliver every datagram twice */
} lossy;

static void network(void *arg, int to_server, int flight, dtls_datagrams *datagrams)
{
    lossy *net = arg;
    dtls_datagrams shuffled = {0};
    size_t i;

    if ((to_server ? net->drop_to_server : net->drop_to_client) == flight) {
        dtls_datagrams_free(datagrams);
        return;
    }
    int reverse = (to_server ? net->reverse_to_server : net->reverse_to_client) == flight;

    for (i = 0; i < datagrams->count; i++) {
        size_t n = reverse ? datagrams->count - 1 - i : i;
        dtls_datagrams_push(&shuffled, datagrams->data[n], datagrams->len[n]);
        if (net->duplicate)
            dtls_datagrams_push(&shuffled, datagrams->data[n], datagrams->len[n]);
    }
    dtls_datagrams_free(datagrams);
    *datagrams = shuffled;
}

static void lossy_handshake(lossy net, WORD mtu)
{
    int order[] = {0, 1, -1}, got[2];
    dtls_pair pair;

    open_pair(&pair, mtu);
    handshake(&pair, network, &net);
    cr_assert_eq(send_and_deliver(&pair.client, &pair.server, 2, order, got), 2);
    cr_assert_eq(send_and_deliver(&pair.server, &pair.client, 2, order, got), 2);
    close_pair(&pair);
}

Test(dtls_handshake, lost_flights_are_sent_again)
{
    /* the ClientHello; the server's first flight; the client's keys and Finished */
    lossy_handshake((lossy){0, -1, -1, -1, 0}, 0);
    lossy_handshake((lossy){-1, 0, -1, -1, 0}, 0);
    lossy_handshake((lossy){1, -1, -1, -1, 0}, 0);
}

Test(dtls_handshake, lost_final_flight_is_sent_again)
{
    /* The server is done; the client re-sends, and the server answers from DecryptMessage. */
    lossy_handshake((lossy){-1, 1, -1, -1, 0}, 0);
}

Test(dtls_handshake, reordered_and_duplicated_datagrams)
{
    /* The server's first flight backwards: its fragments wait for the first. */
    lossy_handshake((lossy){-1, -1, -1, 0, 0}, 300);
    lossy_handshake((lossy){-1, -1, -1, 0, 1}, 300);
    lossy_handshake((lossy){-1, -1, -1, -1, 1}, 300);
    /* A ChangeCipherSpec ahead of the handshake messages before it is dropped, as OpenSSL
     * does, and the flight sent again in order completes the handshake: the server's ticket,
     * ChangeCipherSpec and Finished backwards, then the client's key exchange,
     * ChangeCipherSpec and Finished. */
    lossy_handshake((lossy){-1, -1, -1, 1, 0}, 0);
    lossy_handshake((lossy){-1, -1, 1, -1, 0}, 0);
}

Test(dtls_mtu, every_datagram_fits)
{
    static const WORD mtus[] = {256, 300, 512, 1400};
    SecPkgContext_StreamSizes sizes;
    dtls_datagrams wire = {0};
    unsigned char *big;
    size_t i;

    for (i = 0; i < sizeof(mtus) / sizeof(mtus[0]); i++) {
        dtls_pair pair;
        open_pair(&pair, mtus[i]);
        handshake(&pair, NULL, NULL);
        cr_assert_leq(pair.client.largest, mtus[i], "client sent %zu bytes", pair.client.largest);
        cr_assert_leq(pair.server.largest, mtus[i], "server sent %zu bytes", pair.server.largest);
        cr_assert_eq(QueryContextAttributesA(&pair.server.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                     SEC_E_OK);
        big = calloc(1, sizes.cbMaximumMessage + 1);
        cr_assert_eq(dtls_encrypt(&pair.server, big, sizes.cbMaximumMessage, &wire), SEC_E_OK);
        cr_assert_leq(wire.len[0], mtus[i]);
        cr_assert_eq(dtls_encrypt(&pair.server, big, sizes.cbMaximumMessage + 1, &wire),
                     SEC_E_INVALID_PARAMETER);
        free(big);
        dtls_datagrams_free(&wire);
        close_pair(&pair);
    }
}

Test(dtls_mtu, set_and_query)
{
    SEC_DTLS_MTU mtu = {600}, got;
    SecPkgContext_StreamSizes sizes;
    dtls_datagrams wire = {0};
    dtls_pair pair;
    fx_pair tls;
    unsigned char *big;

    open_pair(&pair, 0);
    handshake(&pair, NULL, NULL);
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu, sizeof(mtu)),
                 SEC_E_OK);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_DTLS_MTU, &got), SEC_E_OK);
    cr_assert_eq(got.PathMTU, 600);
    cr_assert_eq(QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                 SEC_E_OK);
    cr_assert_leq(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer, 600);
    big = calloc(1, sizes.cbMaximumMessage);
    cr_assert_eq(dtls_encrypt(&pair.client, big, sizes.cbMaximumMessage, &wire), SEC_E_OK);
    cr_assert_leq(wire.len[0], 600);
    free(big);
    dtls_datagrams_free(&wire);
    mtu.PathMTU = 199; /* below Windows' range */
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu, sizeof(mtu)),
                 SEC_E_INVALID_PARAMETER);
    cr_assert_eq(SetContextAttributesA(&pair.client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu, 1),
                 SEC_E_BUFFER_TOO_SMALL);
    close_pair(&pair);

    /* A TLS context has no MTU. */
    fx_connect(&tls, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(QueryContextAttributesA(&tls.client.ctx, SECPKG_ATTR_DTLS_MTU, &got),
                 SEC_E_UNSUPPORTED_FUNCTION);
    mtu.PathMTU = 600;
    cr_assert_eq(SetContextAttributesA(&tls.client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu, sizeof(mtu)),
                 SEC_E_UNSUPPORTED_FUNCTION);
    fx_close(&tls);
}

Test(dtls_records, lost_replayed_and_reordered)
{
    dtls_pair pair;
    int got[8];
    /* 1 is lost, 0 comes again, 3 arrives before 2, 2 twice */
    int order[] = {0, 0, 3, 2, 2, 4, -1};

    open_pair(&pair, 0);
    handshake(&pair, NULL, NULL);
    cr_assert_eq(send_and_deliver(&pair.client, &pair.server, 5, order, got), 4);
    cr_assert_eq(got[0], 0);
    cr_assert_eq(got[1], -1, "a replayed record is dropped");
    cr_assert_eq(got[2], 3, "a record may arrive early");
    cr_assert_eq(got[3], 2);
    cr_assert_eq(got[4], -1);
    cr_assert_eq(got[5], 4);
    /* The connection goes on both ways. */
    {
        int in_order[] = {0, 1, 2, -1};
        cr_assert_eq(send_and_deliver(&pair.server, &pair.client, 3, in_order, got), 3);
        cr_assert_eq(send_and_deliver(&pair.client, &pair.server, 3, in_order, got), 3);
    }
    close_pair(&pair);
}

Test(dtls_records, tampered_record_is_dropped)
{
    dtls_datagrams wire = {0};
    unsigned char *plain;
    size_t plain_len;
    dtls_pair pair;
    int in_order[] = {0, 1, -1}, got[2];

    open_pair(&pair, 0);
    handshake(&pair, NULL, NULL);
    cr_assert_eq(dtls_encrypt(&pair.client, "secret", 6, &wire), SEC_E_OK);
    wire.data[0][wire.len[0] - 1] ^= 1;
    cr_assert_eq(dtls_decrypt(&pair.server, wire.data[0], wire.len[0], &plain, &plain_len),
                 SEC_E_OK);
    cr_assert_eq(plain_len, 0, "an altered datagram is discarded, as DTLS does");
    dtls_datagrams_free(&wire);
    cr_assert_eq(send_and_deliver(&pair.client, &pair.server, 2, in_order, got), 2);
    close_pair(&pair);
}

static SECURITY_STATUS acquire_v5(CredHandle *cred, DWORD flags, DWORD disabled)
{
    TLS_PARAMETERS params;
    SCH_CREDENTIALS sc;
    TimeStamp expiry;

    memset(&params, 0, sizeof(params));
    params.grbitDisabledProtocols = disabled;
    memset(&sc, 0, sizeof(sc));
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.dwFlags = flags | SCH_CRED_NO_DEFAULT_CREDS;
    sc.cTlsParameters = disabled ? 1 : 0;
    sc.pTlsParameters = disabled ? &params : NULL;
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                     &sc, NULL, NULL, cred, &expiry);
}

/* SCH_CREDENTIALS asks for DTLS with SCH_USE_DTLS_ONLY: DTLS 1.2, less what its parameters
 * disable; without the flag the structure means TLS. */
Test(dtls_credentials, sch_use_dtls_only)
{
    SecPkgCred_SupportedProtocols protocols;
    CredHandle cred;

    cr_assert_eq(acquire_v5(&cred, SCH_USE_DTLS_ONLY, 0), SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(protocols.grbitProtocol, SP_PROT_DTLS1_2_CLIENT);
    FreeCredentialsHandle(&cred);
    cr_assert_eq(acquire_v5(&cred, SCH_USE_DTLS_ONLY, SP_PROT_DTLS1_2), SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(acquire_v5(&cred, 0, 0), SEC_E_OK);
    cr_assert_eq(QueryCredentialsAttributesA(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(protocols.grbitProtocol & (SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER), 0);
    FreeCredentialsHandle(&cred);
}
