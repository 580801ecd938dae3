/* The SSPI side of the DTLS interop cases: one DTLS 1.2 connection over UDP on 127.0.0.1,
 * handshake with Schannel (ISC/ASC), one line of data each way, then a close_notify.
 *   dtls-peer client PORT LINE [DROP]   sends LINE and a newline, prints the reply on stdout
 *   dtls-peer server PFX PASSWORD [DROP]
 *       prints "listening on PORT", answers the first line L it gets with "sspishim heard: L"
 *       and prints L on stdout
 * DROP n: the n-th datagram received during the handshake is ignored, as if lost, so that the
 * flight it belonged to has to be sent again (by the peer's timer or on our re-sending).
 * Every record of a handshake token goes out as a datagram of its own (winetest/loop_sspi.c
 * splits it); a second without input makes the side call ISC/ASC without
 * input, which re-sends its last flight. Native only (tests/ is built for the host). */
#include "win_sspi.h"

#include "../../examples/sock_compat.h"
#include "../../examples/sspi_util.h"
#include "../../winetest/loop_sspi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATAGRAM_MAX    65536
#define SILENCES_MAX    10 /* one-second silences before a side gives up */
#define HANDSHAKE_CALLS 64
#define PEER_SILENT     SEC_E_INTERNAL_ERROR /* no status of its own: the message says it */

typedef struct dtls_side {
    int is_server;
    sock_t sock;
    CredHandle cred;
    CtxtHandle ctx;
    int has_ctx;
    int drop; /* the handshake datagram (1 = first received) this side ignores; 0: none */
    unsigned char datagram[DATAGRAM_MAX];
} dtls_side;

/* One record as one datagram (for loop_dtls_records). */
static int send_record(void *sock, const unsigned char *record, size_t len)
{
    return send(*(sock_t *)sock, (const char *)record, (int)len, 0) >= 0;
}

/* One ISC/ASC call with `len` bytes of input (none when 0), its output sent. */
static SECURITY_STATUS handshake_call(dtls_side *side, unsigned char *in, size_t len)
{
    loop_step_buffers b;
    ULONG attrs;
    TimeStamp expiry;
    CtxtHandle new_ctx;
    SECURITY_STATUS status;

    loop_step_buffers_init(&b, in, len);
    memset(&new_ctx, 0, sizeof(new_ctx));
    if (side->is_server)
        status = AcceptSecurityContext(
            &side->cred, side->has_ctx ? &side->ctx : NULL, len ? &b.in : NULL,
            ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY |
                ASC_REQ_EXTENDED_ERROR | ASC_REQ_DATAGRAM | ASC_REQ_ALLOCATE_MEMORY,
            0, &new_ctx, &b.out, &attrs, &expiry);
    else
        status = InitializeSecurityContextA(
            &side->cred, side->has_ctx ? &side->ctx : NULL, (SEC_CHAR *)"localhost",
            ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                ISC_REQ_EXTENDED_ERROR | ISC_REQ_DATAGRAM | ISC_REQ_MANUAL_CRED_VALIDATION |
                ISC_REQ_ALLOCATE_MEMORY,
            0, 0, len ? &b.in : NULL, 0, &new_ctx, &b.out, &attrs, &expiry);
    if (!side->has_ctx && status >= 0) {
        side->ctx = new_ctx;
        side->has_ctx = 1;
    }
    if (b.out_buf[0].pvBuffer && b.out_buf[0].cbBuffer &&
        !loop_dtls_records(b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer, send_record,
                           &side->sock)) {
        fprintf(stderr, "handshake output is not whole records or could not be sent\n");
        status = SEC_E_INTERNAL_ERROR;
    }
    loop_step_buffers_free(&b);
    return status;
}

/* The next datagram: its length, 0 after a silence of a second, < 0 on a socket error. */
static int receive(dtls_side *side)
{
    int got = (int)recv(side->sock, (char *)side->datagram, DATAGRAM_MAX, 0);
#ifdef _WIN32
    if (got < 0 && WSAGetLastError() == WSAETIMEDOUT)
        return 0;
#else
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
#endif
    return got;
}

/* Runs the handshake from the first call on (a server has its first datagram in hand). */
static SECURITY_STATUS handshake(dtls_side *side, size_t first_len)
{
    SECURITY_STATUS status = handshake_call(side, side->datagram, first_len);
    int silences = 0, calls = 1, received = first_len ? 1 : 0, got;

    while (status == SEC_I_CONTINUE_NEEDED && calls++ < HANDSHAKE_CALLS) {
        got = receive(side);
        if (got < 0)
            return SEC_E_INTERNAL_ERROR;
        if (got == 0 && ++silences > SILENCES_MAX) {
            fprintf(stderr, "handshake: the peer stays silent\n");
            return PEER_SILENT;
        }
        if (got > 0 && ++received == side->drop) {
            fprintf(stderr, "handshake: datagram %d dropped as asked\n", received);
            continue;
        }
        if (got == 0)
            fprintf(stderr, "handshake: silence, re-sending the last flight\n");
        status = handshake_call(side, side->datagram, (size_t)got);
    }
    if (status != SEC_E_OK)
        print_failure(side->is_server ? "AcceptSecurityContext" : "InitializeSecurityContext",
                      status);
    return status;
}

static SECURITY_STATUS send_data(dtls_side *side, const char *text)
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    size_t len = strlen(text);
    SECURITY_STATUS status;

    status = QueryContextAttributesA(&side->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    if (status != SEC_E_OK)
        return status;
    if (sizes.cbHeader + len + sizes.cbTrailer > DATAGRAM_MAX || len > sizes.cbMaximumMessage)
        return SEC_E_BUFFER_TOO_SMALL;
    loop_encrypt_buffers(bufs, side->datagram, len, &sizes);
    memcpy(bufs[1].pvBuffer, text, len);
    status = EncryptMessage(&side->ctx, 0, &desc, 0);
    if (status == SEC_E_OK && !send_record(&side->sock, side->datagram, loop_record_size(bufs)))
        status = SEC_E_INTERNAL_ERROR;
    return status;
}

/* Waits for application data (a record in one datagram) and copies it to `out` as a string.
 * Records that bring nothing (a dropped duplicate, a late handshake message answered here)
 * are skipped. */
static SECURITY_STATUS receive_data(dtls_side *side, char *out, size_t cap)
{
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status = PEER_SILENT;
    int silences = 0, got, i;

    *out = 0;
    while (!*out && silences <= SILENCES_MAX) {
        got = receive(side);
        if (got < 0)
            return SEC_E_INTERNAL_ERROR;
        if (got == 0) {
            silences++;
            continue;
        }
        loop_decrypt_buffers(bufs, side->datagram, (size_t)got);
        status = DecryptMessage(&side->ctx, &desc, 0, NULL);
        if (status == SEC_I_RENEGOTIATE) /* the peer re-sent its last flight */
            status = handshake_call(side, NULL, 0);
        if (status < 0 || status == SEC_I_CONTEXT_EXPIRED)
            break;
        for (i = 0; i < 4; i++)
            if (bufs[i].BufferType == SECBUFFER_DATA && bufs[i].cbBuffer && !*out) {
                size_t len = bufs[i].cbBuffer < cap - 1 ? bufs[i].cbBuffer : cap - 1;
                memcpy(out, bufs[i].pvBuffer, len);
                out[len] = 0;
            }
    }
    if (!*out && status >= 0) {
        fprintf(stderr, "no application data from the peer\n");
        return PEER_SILENT;
    }
    if (status < 0 || status == SEC_I_CONTEXT_EXPIRED)
        print_failure("DecryptMessage", status);
    return *out ? SEC_E_OK : status;
}

/* close_notify: ApplyControlToken(SCHANNEL_SHUTDOWN), then one handshake call makes the alert. */
static void send_close_notify(dtls_side *side)
{
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer buf = {sizeof(type), SECBUFFER_TOKEN, &type};
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &buf};

    if (ApplyControlToken(&side->ctx, &desc) == SEC_E_OK)
        handshake_call(side, NULL, 0);
}

static sock_t udp_socket(void)
{
    struct sockaddr_in addr;
    sock_t sock = socket(AF_INET, SOCK_DGRAM, 0);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (sock != SOCK_INVALID &&
        (bind(sock, (struct sockaddr *)&addr, sizeof(addr)) != 0 || !sock_set_timeout(sock, 1))) {
        sock_close(sock);
        sock = SOCK_INVALID;
    }
    return sock;
}

static int run_client(dtls_side *side, const char *port, const char *line)
{
    struct sockaddr_in peer;
    char reply[2048], text[1024];

    snprintf(text, sizeof(text), "%s\n", line); /* OpenSSL's peers print lines */
    memset(&peer, 0, sizeof(peer));
    peer.sin_family = AF_INET;
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    peer.sin_port = htons((unsigned short)atoi(port));
    if (connect(side->sock, (struct sockaddr *)&peer, sizeof(peer)) != 0 ||
        handshake(side, 0) != SEC_E_OK || send_data(side, text) != SEC_E_OK ||
        receive_data(side, reply, sizeof(reply)) != SEC_E_OK)
        return 1;
    printf("%s", reply);
    send_close_notify(side);
    return 0;
}

static int run_server(dtls_side *side)
{
    struct sockaddr_in addr, peer;
    socklen_t addr_len = sizeof(addr), peer_len = sizeof(peer);
    char line[1024], reply[1200];
    int got = 0, silences = 0;

    if (getsockname(side->sock, (struct sockaddr *)&addr, &addr_len) != 0)
        return 1;
    printf("listening on %u\n", ntohs(addr.sin_port));
    fflush(stdout);
    while (got <= 0 && silences++ < 3 * SILENCES_MAX)
        got = (int)recvfrom(side->sock, (char *)side->datagram, DATAGRAM_MAX, 0,
                            (struct sockaddr *)&peer, &peer_len);
    if (got <= 0 || connect(side->sock, (struct sockaddr *)&peer, peer_len) != 0 ||
        handshake(side, (size_t)got) != SEC_E_OK ||
        receive_data(side, line, sizeof(line)) != SEC_E_OK)
        return 1;
    printf("%s", line);
    snprintf(reply, sizeof(reply), "sspishim heard: %s", line);
    if (send_data(side, reply) != SEC_E_OK)
        return 1;
    send_close_notify(side);
    return 0;
}

int main(int argc, char **argv)
{
    dtls_side *side = calloc(1, sizeof(*side));
    PCCERT_CONTEXT cert = NULL;
    HCERTSTORE store = NULL;
    SECURITY_STATUS status;
    int result = 2;

    if (argc < 4 || (strcmp(argv[1], "client") && strcmp(argv[1], "server"))) {
        fputs("usage: dtls-peer client PORT LINE [DROP] | dtls-peer server PFX PASSWORD [DROP]\n",
              stderr);
        goto done;
    }
    if (!side || !sock_startup())
        goto done;
    side->is_server = !strcmp(argv[1], "server");
    side->drop = argc > 4 ? atoi(argv[4]) : 0;
    side->sock = udp_socket();
    if (side->sock == SOCK_INVALID) {
        fprintf(stderr, "no UDP socket on 127.0.0.1\n");
        goto done;
    }
    if (side->is_server && !(cert = load_pfx(argv[2], argv[3], &store)))
        goto done;
    status = loop_acquire(
        &side->cred, side->is_server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND, cert,
        side->is_server ? SP_PROT_DTLS1_2_SERVER : SP_PROT_DTLS1_2_CLIENT,
        side->is_server ? 0 : SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    if (status != SEC_E_OK) {
        print_failure("AcquireCredentialsHandle", status);
        goto done;
    }
    result = side->is_server ? run_server(side) : run_client(side, argv[2], argv[3]);
    if (side->has_ctx)
        DeleteSecurityContext(&side->ctx);
    FreeCredentialsHandle(&side->cred);
done:
    if (side && side->sock != SOCK_INVALID && side->sock)
        sock_close(side->sock);
    if (cert)
        CertFreeCertificateContext(cert);
    if (store)
        CertCloseStore(store, 0);
    free(side);
    return result;
}
