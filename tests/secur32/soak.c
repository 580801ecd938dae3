/* Soak: our SSPI client and our SSPI server over a 127.0.0.1 TCP connection, one thread each,
 * move SOAK_BYTES (default 1 GiB) each way: the client's stream first, then the server's. Each
 * record carries a random amount of plaintext and each recv() asks for a random size (seeded;
 * the seed is printed, SOAK_SEED replays it). The SHA-256 of what was sent and of what arrived
 * must be equal at both ends. TLS 1.2, where no post-handshake message interrupts the stream.
 * Usage: tls_soak [bytes] (default $SOAK_BYTES, else 1 GiB; SSPISHIM_CERTS: the fixtures). */
#include "tls_loop.h"
#include "../../examples/sha256.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct peer {
    int is_server;
    int sock;
    CredHandle cred;
    CtxtHandle ctx;
    uint64_t rng;
    unsigned char *in; /* received, not yet consumed */
    size_t in_len, in_cap;
    char sent_hex[65], received_hex[65];
    const char *failure;
} peer;

static uint64_t soak_bytes;

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static int send_all(int sock, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t n = send(sock, p, len, MSG_NOSIGNAL);
        if (n <= 0)
            return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Appends a random-sized read (1..64 KiB) to p->in; 0 on end of stream or error. */
static int receive_some(peer *p)
{
    size_t want = 1 + (size_t)(next_random(&p->rng) % 65536);
    ssize_t n;

    if (p->in_cap - p->in_len < want) {
        unsigned char *grown = realloc(p->in, p->in_len + want);
        if (!grown)
            return 0;
        p->in = grown;
        p->in_cap = p->in_len + want;
    }
    n = recv(p->sock, p->in + p->in_len, want, 0);
    if (n <= 0)
        return 0;
    p->in_len += (size_t)n;
    return 1;
}

static void consume(peer *p, size_t len)
{
    if (p->in_len > len) /* nothing to move, perhaps no buffer yet */
        memmove(p->in, p->in + len, p->in_len - len);
    p->in_len -= len;
}

static int handshake(peer *p)
{
    SECURITY_STATUS status = SEC_I_CONTINUE_NEEDED;
    int first = 1;

    while (status == SEC_I_CONTINUE_NEEDED || status == SEC_E_INCOMPLETE_MESSAGE) {
        SecBuffer in_buf[2] = {{(ULONG)p->in_len, SECBUFFER_TOKEN, p->in},
                               {0, SECBUFFER_EMPTY, NULL}};
        SecBuffer out_buf[1] = {{0, SECBUFFER_TOKEN, NULL}};
        SecBufferDesc in = {SECBUFFER_VERSION, 2, in_buf}, out = {SECBUFFER_VERSION, 1, out_buf};
        ULONG attrs;

        if (status == SEC_E_INCOMPLETE_MESSAGE || (p->is_server && !p->in_len)) {
            if (!receive_some(p))
                return 0;
            in_buf[0].cbBuffer = (ULONG)p->in_len;
            in_buf[0].pvBuffer = p->in;
        }
        if (p->is_server)
            status = AcceptSecurityContext(&p->cred, first ? NULL : &p->ctx, &in,
                                           ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM |
                                               ASC_REQ_CONFIDENTIALITY,
                                           0, &p->ctx, &out, &attrs, NULL);
        else
            status = InitializeSecurityContextA(
                &p->cred, first ? NULL : &p->ctx, (SEC_CHAR *)"localhost",
                ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_CONFIDENTIALITY, 0, 0,
                first ? NULL : &in, 0, &p->ctx, &out, &attrs, NULL);
        if (status == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        first = 0;
        if (out_buf[0].pvBuffer && out_buf[0].cbBuffer &&
            !send_all(p->sock, out_buf[0].pvBuffer, out_buf[0].cbBuffer))
            status = SEC_E_INTERNAL_ERROR;
        FreeContextBuffer(out_buf[0].pvBuffer);
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
            consume(p, in_buf[1].BufferType == SECBUFFER_EXTRA ? p->in_len - in_buf[1].cbBuffer
                                                               : p->in_len);
        if (status == SEC_I_CONTINUE_NEEDED && !p->in_len && !receive_some(p))
            return 0;
    }
    return status == SEC_E_OK;
}

/* Sends soak_bytes of seeded pseudo-random data in records of random plaintext sizes. */
static int send_stream(peer *p, uint64_t data_seed)
{
    SecPkgContext_StreamSizes sizes;
    unsigned char *record;
    uint64_t left = soak_bytes, data_rng = data_seed;
    sha256_ctx sha;
    int ok = 0;

    if (QueryContextAttributesA(&p->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes) != SEC_E_OK)
        return 0;
    record = malloc(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer);
    if (!record)
        return 0;
    sha256_init(&sha);
    while (left) {
        size_t chunk = 1 + (size_t)(next_random(&p->rng) % sizes.cbMaximumMessage), i;
        unsigned char *data = record + sizes.cbHeader;
        SecBuffer bufs[4] = {{sizes.cbHeader, SECBUFFER_STREAM_HEADER, record},
                             {0, SECBUFFER_DATA, data},
                             {sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, NULL},
                             {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

        if (chunk > left)
            chunk = (size_t)left;
        for (i = 0; i < chunk; i += 8) {
            uint64_t r = next_random(&data_rng);
            memcpy(data + i, &r, chunk - i < 8 ? chunk - i : 8);
        }
        sha256_update(&sha, data, chunk);
        bufs[1].cbBuffer = (ULONG)chunk;
        bufs[2].pvBuffer = data + chunk;
        if (EncryptMessage(&p->ctx, 0, &desc, 0) != SEC_E_OK ||
            !send_all(p->sock, record, bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer))
            goto done;
        left -= chunk;
    }
    ok = 1;
done:
    sha256_final_hex(&sha, p->sent_hex);
    free(record);
    return ok;
}

static int receive_stream(peer *p)
{
    uint64_t received = 0;
    sha256_ctx sha;

    sha256_init(&sha);
    while (received < soak_bytes) {
        SecBuffer bufs[4] = {{(ULONG)p->in_len, SECBUFFER_DATA, p->in},
                             {0, SECBUFFER_EMPTY, NULL},
                             {0, SECBUFFER_EMPTY, NULL},
                             {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
        SECURITY_STATUS status =
            p->in_len ? DecryptMessage(&p->ctx, &desc, 0, NULL) : SEC_E_INCOMPLETE_MESSAGE;
        size_t extra = 0;
        int i;

        if (status == SEC_E_INCOMPLETE_MESSAGE) {
            if (!receive_some(p))
                return 0;
            continue;
        }
        if (status != SEC_E_OK)
            return 0;
        for (i = 0; i < 4; i++) {
            if (bufs[i].BufferType == SECBUFFER_DATA) {
                sha256_update(&sha, bufs[i].pvBuffer, bufs[i].cbBuffer);
                received += bufs[i].cbBuffer;
            } else if (bufs[i].BufferType == SECBUFFER_EXTRA) {
                extra = bufs[i].cbBuffer;
            }
        }
        consume(p, p->in_len - extra);
    }
    sha256_final_hex(&sha, p->received_hex);
    return received == soak_bytes;
}

static void *run(void *arg)
{
    peer *p = arg;

    if (!handshake(p))
        p->failure = "handshake";
    else if (!p->is_server && !send_stream(p, 1))
        p->failure = "client send";
    else if (p->is_server && !receive_stream(p))
        p->failure = "server receive";
    else if (p->is_server && !send_stream(p, 2))
        p->failure = "server send";
    else if (!p->is_server && !receive_stream(p))
        p->failure = "client receive";
    return NULL;
}

static int tcp_pair(int *client, int *server)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int listener = socket(AF_INET, SOCK_STREAM, 0);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
        listen(listener, 1) || getsockname(listener, (struct sockaddr *)&addr, &len))
        return 0;
    *client = socket(AF_INET, SOCK_STREAM, 0);
    if (*client < 0 || connect(*client, (struct sockaddr *)&addr, sizeof(addr)))
        return 0;
    *server = accept(listener, NULL, NULL);
    close(listener);
    return *server >= 0;
}

int main(int argc, char **argv)
{
    const char *certs = getenv("SSPISHIM_CERTS"), *seed_text = getenv("SOAK_SEED");
    uint64_t seed = seed_text ? strtoull(seed_text, NULL, 0) : (uint64_t)time(NULL);
    peer client, server;
    PCCERT_CONTEXT cert;
    pthread_t threads[2];
    struct timespec start, end;
    char path[1024];
    double seconds;
    int failed;

    const char *bytes_text = argc > 1 ? argv[1] : getenv("SOAK_BYTES");

    soak_bytes = bytes_text ? strtoull(bytes_text, NULL, 0) : (uint64_t)1 << 30;
    if (!seed)
        seed = 1;
    printf("soak: %llu bytes each way, seed %llu (SOAK_SEED=%llu replays it)\n",
           (unsigned long long)soak_bytes, (unsigned long long)seed, (unsigned long long)seed);
    snprintf(path, sizeof(path), "%s/server-rsa.pfx", certs ? certs : "certs");
    memset(&client, 0, sizeof(client));
    memset(&server, 0, sizeof(server));
    client.rng = seed * 2 + 1;
    server.rng = seed * 2 + 2;
    server.is_server = 1;
    cert = loop_load_pfx(path, "sspishim");
    if (!cert ||
        loop_acquire(&server.cred, SECPKG_CRED_INBOUND, cert, SP_PROT_TLS1_2, 0) != SEC_E_OK ||
        loop_acquire(&client.cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2,
                     SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS) != SEC_E_OK ||
        !tcp_pair(&client.sock, &server.sock)) {
        fprintf(stderr, "soak: setup failed\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_create(&threads[0], NULL, run, &server);
    pthread_create(&threads[1], NULL, run, &client);
    pthread_join(threads[1], NULL);
    if (client.failure) /* unblock a server waiting for bytes that will not come */
        shutdown(server.sock, SHUT_RDWR);
    pthread_join(threads[0], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    failed = client.failure || server.failure || strcmp(client.sent_hex, server.received_hex) ||
             strcmp(server.sent_hex, client.received_hex);
    printf("client->server sent %s\n               got  %s\n", client.sent_hex,
           server.received_hex);
    printf("server->client sent %s\n               got  %s\n", server.sent_hex,
           client.received_hex);
    printf("soak: %s in %.1f s (%.0f MiB/s each way); failure: %s\n", failed ? "FAIL" : "ok",
           seconds, (double)soak_bytes / 1048576.0 / seconds,
           client.failure   ? client.failure
           : server.failure ? server.failure
                            : "none");
    DeleteSecurityContext(&client.ctx);
    DeleteSecurityContext(&server.ctx);
    FreeCredentialsHandle(&client.cred);
    FreeCredentialsHandle(&server.cred);
    CertFreeCertificateContext(cert);
    close(client.sock);
    close(server.sock);
    free(client.in);
    free(server.in);
    return failed;
}
