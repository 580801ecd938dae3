/* DTLS: credentials never mix DTLS with TLS; a client's first ISC with SECBUFFER_DTLS_MTU and
 * ISC_REQ_DATAGRAM, then a call without input that re-sends the ClientHello with the next record
 * number (what Windows does, reference §3.8); a whole handshake between two Schannel ends over a
 * network that loses a flight, with the MTU on every datagram and data both ways. */
#include "dtls_loop.h"
#include "schannel_util.h"

#include <string.h>

#define DTLS_REQ                                                                                   \
    (ISC_REQ_MANUAL_CRED_VALIDATION | ISC_REQ_EXTENDED_ERROR | ISC_REQ_DATAGRAM |                  \
     ISC_REQ_USE_SUPPLIED_CREDS | ISC_REQ_CONFIDENTIALITY | ISC_REQ_SEQUENCE_DETECT |              \
     ISC_REQ_REPLAY_DETECT)
#define DTLS_RET (DTLS_REQ | ISC_RET_STREAM)

/* A client credential for `protocols`, as the Windows test makes it. */
static SECURITY_STATUS acquire(CredHandle *cred, DWORD protocols)
{
    return loop_acquire(cred, SECPKG_CRED_OUTBOUND, NULL, protocols, SCH_CRED_NO_DEFAULT_CREDS);
}

static void test_protocol_mix(void)
{
    static const DWORD mixed[] = {
        SP_PROT_DTLS_CLIENT | SP_PROT_DTLS1_2_CLIENT | SP_PROT_TLS1_CLIENT,
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_SERVER,
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_SSL3_SERVER,
    };
    CredHandle cred;
    SECURITY_STATUS status;
    size_t i;

    status = acquire(&cred, SP_PROT_DTLS_CLIENT | SP_PROT_DTLS1_2_CLIENT);
    if (status == SEC_E_ALGORITHM_MISMATCH) {
        win_skip("no DTLS\n");
        return;
    }
    ok_status(status, SEC_E_OK, "DTLS client credential");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&cred);
    for (i = 0; i < sizeof(mixed) / sizeof(mixed[0]); i++) {
        winetest_push_context("0x%08lx", (unsigned long)mixed[i]);
        ok_status(acquire(&cred, mixed[i]), SEC_E_ALGORITHM_MISMATCH, "DTLS with TLS");
        winetest_pop_context();
    }
}

static void init_output(SecBufferDesc *desc, SecBuffer *bufs, BYTE *token, BYTE *alert)
{
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = 2;
    desc->pBuffers = bufs;
    bufs[0].BufferType = SECBUFFER_TOKEN;
    bufs[0].cbBuffer = 1420;
    bufs[0].pvBuffer = token;
    bufs[1].BufferType = SECBUFFER_ALERT;
    bufs[1].cbBuffer = 1024;
    bufs[1].pvBuffer = alert;
}

/* The client's first call, an output descriptor Windows refuses, then a re-send. */
static void test_client_resend(void)
{
    static BYTE token[2048], alert[1024], first[2048];
    CredHandle cred;
    CtxtHandle ctx, ctx2, untouched;
    SecBuffer in_buf, out_bufs[2];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in_buf}, out_desc;
    TimeStamp expiry;
    ULONG attrs;
    WORD mtu = 1024;
    size_t first_len;
    SECURITY_STATUS status;

    if (acquire(&cred, SP_PROT_DTLS_CLIENT | SP_PROT_DTLS1_2_CLIENT) != SEC_E_OK) {
        win_skip("no DTLS\n");
        return;
    }
    in_buf.BufferType = SECBUFFER_DTLS_MTU;
    in_buf.cbBuffer = sizeof(mtu);
    in_buf.pvBuffer = &mtu;
    init_output(&out_desc, out_bufs, token, alert);
    expiry.LowPart = expiry.HighPart = DEADBEEF;
    status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"winetest", DTLS_REQ, 0, 16,
                                        &in_desc, 0, &ctx, &out_desc, &attrs, &expiry);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "first ISC");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;
    ok(attrs == DTLS_RET, "attrs 0x%08lx\n", (unsigned long)attrs);
    ok(!expiry.LowPart && !expiry.HighPart, "expiry %08lx%08lx\n", (unsigned long)expiry.HighPart,
       (unsigned long)expiry.LowPart);
    ok(out_bufs[1].BufferType == SECBUFFER_ALERT && !out_bufs[1].cbBuffer, "alert %lu bytes\n",
       (unsigned long)out_bufs[1].cbBuffer);
    ok(out_bufs[0].cbBuffer > DTLS_LOOP_HEADER, "token %lu bytes\n",
       (unsigned long)out_bufs[0].cbBuffer);
    ok(token[0] == 22 && token[1] == 0xfe, "a DTLS handshake record\n");
    ok(token[10] == 0, "record number %u\n", token[10]);
    first_len = out_bufs[0].cbBuffer;
    memcpy(first, token, first_len);

    /* The ALERT buffer left at 0 bytes from the last call. */
    out_bufs[0].cbBuffer = 1420;
    memset(&ctx2, 0xde, sizeof(ctx2));
    untouched = ctx2;
    attrs = 0;
    status = InitializeSecurityContextA(&cred, &ctx, (SEC_CHAR *)"winetest", DTLS_REQ, 0, 16, NULL,
                                        0, &ctx2, &out_desc, &attrs, &expiry);
    ok_status(status, SEC_E_INSUFFICIENT_MEMORY, "ISC with an empty ALERT buffer");
    todo_wine ok(attrs ==
                     (ISC_RET_CONFIDENTIALITY | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT),
                 "attrs 0x%08lx\n", (unsigned long)attrs);
    ok(!expiry.LowPart && !expiry.HighPart, "expiry cleared\n");
    ok(!memcmp(&ctx2, &untouched, sizeof(ctx2)), "new context untouched\n");

    init_output(&out_desc, out_bufs, token, alert);
    status = InitializeSecurityContextA(&cred, &ctx, (SEC_CHAR *)"winetest", DTLS_REQ, 0, 16, NULL,
                                        0, &ctx2, &out_desc, &attrs, &expiry);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "ISC without input: re-send");
    ok(attrs == DTLS_RET, "attrs 0x%08lx\n", (unsigned long)attrs);
    todo_wine ok(expiry.LowPart || expiry.HighPart, "an expiry for the next try\n");
    ok(out_bufs[1].BufferType == SECBUFFER_ALERT && !out_bufs[1].cbBuffer, "alert %lu bytes\n",
       (unsigned long)out_bufs[1].cbBuffer);
    ok(ctx2.dwLower == ctx.dwLower && ctx2.dwUpper == ctx.dwUpper, "same context\n");
    ok(out_bufs[0].cbBuffer == first_len, "%lu bytes, first time %lu\n",
       (unsigned long)out_bufs[0].cbBuffer, (unsigned long)first_len);
    if (out_bufs[0].cbBuffer == first_len) {
        ok(token[10] == 1, "record number %u\n", token[10]);
        ok(!memcmp(token, first, 10) && !memcmp(token + 11, first + 11, first_len - 11),
           "the same ClientHello\n");
    }
    DeleteSecurityContext(&ctx);
done:
    FreeCredentialsHandle(&cred);
}

/* CONNECTION_INFO gives the side's SP_PROT_DTLS1_2 bit; CIPHER_INFO the wire version, as it
 * gives 0x303 for TLS 1.2 (Wine numbers DTLS 1.2 0x202 there, its own numbering). */
static void check_protocol(const char *side, CtxtHandle *ctx, DWORD bit)
{
    SecPkgContext_ConnectionInfo info;
    SecPkgContext_CipherInfo cipher;

    winetest_push_context("%s", side);
    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_CONNECTION_INFO, &info), SEC_E_OK,
              "CONNECTION_INFO");
    ok(info.dwProtocol == bit, "protocol 0x%lx\n", (unsigned long)info.dwProtocol);
    memset(&cipher, 0, sizeof(cipher));
    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_CIPHER_INFO, &cipher), SEC_E_OK,
              "CIPHER_INFO");
    ok(cipher.dwProtocol == 0xfefd, "CIPHER_INFO protocol 0x%lx\n",
       (unsigned long)cipher.dwProtocol);
    winetest_pop_context();
}

static void lose_first_server_flight(void *arg, int to_server, int flight, dtls_datagrams *d)
{
    (void)arg;
    if (!to_server && flight == 0)
        dtls_datagrams_free(d);
}

/* Two Schannel ends: the server's first flight is lost and sent again; 512-byte datagrams. */
static void test_session(void)
{
    static const char ping[] = "ping over DTLS", pong[] = "pong over DTLS";
    PCCERT_CONTEXT cert = load_fixture_pfx("server-rsa");
    SecPkgContext_StreamSizes sizes;
    SEC_DTLS_MTU mtu;
    dtls_datagrams wire = {0};
    dtls_peer client, server;
    unsigned char *plain;
    size_t plain_len;
    SECURITY_STATUS status;

    if (!cert) {
        skip("no server certificate\n");
        return;
    }
    memset(&client, 0, sizeof(client));
    memset(&server, 0, sizeof(server));
    status = dtls_peer_init(&server, 1, cert, 512);
    if (status != SEC_E_OK) {
        ok(wine_builtin(), "server credential: 0x%08lx\n", (unsigned long)status);
        goto done;
    }
    ok_status(dtls_peer_init(&client, 0, NULL, 512), SEC_E_OK, "client credential");
    status = dtls_handshake(&client, &server, lose_first_server_flight, NULL, 60);
    if (status != SEC_E_OK) {
        ok(wine_builtin(), "handshake: 0x%08lx (client 0x%08lx, server 0x%08lx)\n",
           (unsigned long)status, (unsigned long)client.status, (unsigned long)server.status);
        goto done;
    }
    ok(server.resends > 0, "the server sent its flight again\n");
    ok(client.attrs & ISC_RET_DATAGRAM, "client attrs 0x%08lx\n", (unsigned long)client.attrs);
    ok(server.attrs & ASC_RET_DATAGRAM, "server attrs 0x%08lx\n", (unsigned long)server.attrs);
    ok(client.largest <= 512 && server.largest <= 512, "datagrams of %lu and %lu bytes\n",
       (unsigned long)client.largest, (unsigned long)server.largest);
    check_protocol("client", &client.ctx, SP_PROT_DTLS1_2_CLIENT);
    check_protocol("server", &server.ctx, SP_PROT_DTLS1_2_SERVER);
    ok_status(QueryContextAttributesA(&client.ctx, SECPKG_ATTR_DTLS_MTU, &mtu), SEC_E_OK,
              "DTLS_MTU");
    ok(mtu.PathMTU == 512, "MTU %u\n", mtu.PathMTU);
    ok_status(QueryContextAttributesA(&client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes), SEC_E_OK,
              "STREAM_SIZES");
    ok(sizes.cbHeader >= DTLS_LOOP_HEADER, "header %lu\n", (unsigned long)sizes.cbHeader);
    ok(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer <= 512, "a record fits\n");

    ok_status(dtls_encrypt(&client, ping, sizeof(ping), &wire), SEC_E_OK, "client encrypts");
    ok_status(dtls_encrypt(&server, pong, sizeof(pong), &wire), SEC_E_OK, "server encrypts");
    if (wire.count == 2) {
        ok_status(dtls_decrypt(&server, wire.data[0], wire.len[0], &plain, &plain_len), SEC_E_OK,
                  "server decrypts");
        ok(plain_len == sizeof(ping) && !memcmp(plain, ping, plain_len), "ping arrives\n");
        ok_status(dtls_decrypt(&client, wire.data[1], wire.len[1], &plain, &plain_len), SEC_E_OK,
                  "client decrypts");
        ok(plain_len == sizeof(pong) && !memcmp(plain, pong, plain_len), "pong arrives\n");
    }
done:
    dtls_datagrams_free(&wire);
    if (client.has_ctx || client.cred.dwLower || client.cred.dwUpper)
        dtls_peer_free(&client);
    if (server.has_ctx || server.cred.dwLower || server.cred.dwUpper)
        dtls_peer_free(&server);
    CertFreeCertificateContext(cert);
}

START_TEST(schannel_dtls)
{
    test_protocol_mix();
    test_client_resend();
    if (!fixtures_available())
        return;
    test_session();
}
