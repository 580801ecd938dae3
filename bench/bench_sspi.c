/* The SSPI side of the benchmark: Schannel through AcquireCredentialsHandle,
 * InitializeSecurityContext/AcceptSecurityContext and EncryptMessage/DecryptMessage, used the
 * way a Windows program does (records built and decrypted in its own buffers). */
#include "bench.h"
#include "test.h"
#include "tls_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENT_REQ                                                                                 \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM |  \
     ISC_REQ_MANUAL_CRED_VALIDATION)
#define SERVER_REQ                                                                                 \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM)

struct bench_creds {
    CredHandle client, server;
    int has_client, has_server;
    PCCERT_CONTEXT cert;
};

struct bench_peer {
    CredHandle *cred;
    CtxtHandle ctx;
    int has_ctx;
    int is_server;
    SecPkgContext_StreamSizes sizes; /* cbHeader 0 until first asked */
};

static void release(bench_creds *creds)
{
    if (!creds)
        return;
    if (creds->has_client)
        FreeCredentialsHandle(&creds->client);
    if (creds->has_server)
        FreeCredentialsHandle(&creds->server);
    if (creds->cert)
        CertFreeCertificateContext(creds->cert);
    free(creds);
}

static bench_creds *acquire(const bench_scenario *scenario, int with_server)
{
    int tls13 = scenario->protocol == BENCH_TLS13;
    const char *pfx =
        bench_cert_path(scenario->key == BENCH_RSA ? "server-rsa.pfx" : "server-ecdsa.pfx");
    bench_creds *creds = calloc(1, sizeof(*creds));
    SECURITY_STATUS status;

    if (!creds || !pfx)
        goto failed;
    /* The client credential resumes its last session with the target by itself, unless
     * reconnects are off: then every handshake is a full one. */
    status = loop_acquire(&creds->client, SECPKG_CRED_OUTBOUND, NULL,
                          tls13 ? SP_PROT_TLS1_3_CLIENT : SP_PROT_TLS1_2_CLIENT,
                          SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS |
                              (scenario->resume == BENCH_FULL ? SCH_CRED_DISABLE_RECONNECTS : 0));
    if (status != SEC_E_OK) {
        fprintf(stderr, "sspi: client credential: 0x%08lx\n", (unsigned long)status);
        goto failed;
    }
    creds->has_client = 1;
    if (!with_server)
        return creds;
    /* A Schannel server credential cannot turn session tickets off (bench_main.c says so). */
    if (scenario->resume == BENCH_RESUME_SESSION_ID)
        goto failed;
    creds->cert = loop_load_pfx(pfx, "sspishim");
    if (!creds->cert) {
        fprintf(stderr, "sspi: cannot import %s\n", pfx);
        goto failed;
    }
    status = loop_acquire(&creds->server, SECPKG_CRED_INBOUND, creds->cert,
                          tls13 ? SP_PROT_TLS1_3_SERVER : SP_PROT_TLS1_2_SERVER, 0);
    if (status != SEC_E_OK) {
        fprintf(stderr, "sspi: server credential: 0x%08lx\n", (unsigned long)status);
        goto failed;
    }
    creds->has_server = 1;
    return creds;
failed:
    release(creds);
    return NULL;
}

static bench_peer *open_peer(bench_creds *creds, int is_server)
{
    bench_peer *peer = calloc(1, sizeof(*peer));

    if (peer) {
        peer->cred = is_server ? &creds->server : &creds->client;
        peer->is_server = is_server;
    }
    return peer;
}

static void close_peer(bench_peer *peer)
{
    if (peer->has_ctx)
        DeleteSecurityContext(&peer->ctx);
    free(peer);
}

static int step(bench_peer *peer, bench_wire *in, bench_wire *out)
{
    loop_step_buffers b;
    SECURITY_STATUS status;
    ULONG attrs;
    CtxtHandle *ctx = peer->has_ctx ? &peer->ctx : NULL;
    int result = BENCH_FAILED;

    loop_step_buffers_init(&b, in->data, in->len);
    if (peer->is_server)
        status = AcceptSecurityContext(peer->cred, ctx, &b.in, SERVER_REQ | ASC_REQ_ALLOCATE_MEMORY,
                                       0, &peer->ctx, &b.out, &attrs, NULL);
    else
        status = InitializeSecurityContextA(
            peer->cred, ctx, (SEC_CHAR *)"localhost", CLIENT_REQ | ISC_REQ_ALLOCATE_MEMORY, 0, 0,
            ctx ? &b.in : NULL, 0, &peer->ctx, &b.out, &attrs, NULL);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
        if (ctx || peer->is_server)
            bench_wire_consume(in, in->len - loop_step_extra(&b));
        peer->has_ctx = 1;
        if (bench_wire_append(out, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer))
            result = status == SEC_E_OK ? BENCH_DONE : BENCH_CONTINUE;
    } else if (status == SEC_E_INCOMPLETE_MESSAGE) {
        result = BENCH_CONTINUE;
    } else {
        fprintf(stderr, "sspi: %s: 0x%08lx\n",
                peer->is_server ? "AcceptSecurityContext" : "InitializeSecurityContext",
                (unsigned long)status);
    }
    loop_step_buffers_free(&b);
    return result;
}

static int seal(bench_peer *peer, const void *plain, size_t len, bench_wire *out)
{
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    unsigned char *record;

    if (!peer->sizes.cbHeader &&
        QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_STREAM_SIZES, &peer->sizes) != SEC_E_OK)
        return 0;
    if (!bench_wire_reserve(out, peer->sizes.cbHeader + len + peer->sizes.cbTrailer))
        return 0;
    /* header ‖ data ‖ trailer at the end of the wire: the record is sent from where it is. */
    record = out->data + out->len;
    bufs[0].BufferType = SECBUFFER_STREAM_HEADER;
    bufs[0].cbBuffer = peer->sizes.cbHeader;
    bufs[0].pvBuffer = record;
    bufs[1].BufferType = SECBUFFER_DATA;
    bufs[1].cbBuffer = (ULONG)len;
    bufs[1].pvBuffer = record + peer->sizes.cbHeader;
    bufs[2].BufferType = SECBUFFER_STREAM_TRAILER;
    bufs[2].cbBuffer = peer->sizes.cbTrailer;
    bufs[2].pvBuffer = record + peer->sizes.cbHeader + len;
    bufs[3].BufferType = SECBUFFER_EMPTY;
    bufs[3].cbBuffer = 0;
    bufs[3].pvBuffer = NULL;
    memcpy(bufs[1].pvBuffer, plain, len);
    if (EncryptMessage(&peer->ctx, 0, &desc, 0) != SEC_E_OK)
        return 0;
    out->len += bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
    return 1;
}

/* After SEC_I_RENEGOTIATE (a TLS 1.3 ticket or key update) a program calls the handshake
 * function again; it answers at once. */
static int continue_after_renegotiate(bench_peer *peer, bench_wire *out)
{
    bench_wire none = {0};
    int result = step(peer, &none, out);
    bench_wire_free(&none);
    return result == BENCH_DONE;
}

static int unseal(bench_peer *peer, bench_wire *in, bench_wire *out, const unsigned char **plain,
                  size_t *plain_len, size_t *used)
{
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status;
    int i;

    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = (ULONG)in->len;
    bufs[0].pvBuffer = in->data;
    for (i = 1; i < 4; i++) {
        bufs[i].BufferType = SECBUFFER_EMPTY;
        bufs[i].cbBuffer = 0;
        bufs[i].pvBuffer = NULL;
    }
    *plain = NULL;
    *plain_len = 0;
    *used = in->len;
    status = DecryptMessage(&peer->ctx, &desc, 0, NULL);
    if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE) {
        fprintf(stderr, "sspi: DecryptMessage: 0x%08lx\n", (unsigned long)status);
        return 0;
    }
    for (i = 0; i < 4; i++) {
        if (bufs[i].BufferType == SECBUFFER_DATA && bufs[i].cbBuffer) {
            *plain = bufs[i].pvBuffer;
            *plain_len = bufs[i].cbBuffer;
        } else if (bufs[i].BufferType == SECBUFFER_EXTRA) {
            *used -= bufs[i].cbBuffer;
        }
    }
    return status == SEC_E_OK || continue_after_renegotiate(peer, out);
}

static int resumed(bench_peer *peer)
{
    SecPkgContext_SessionInfo info;

    memset(&info, 0, sizeof(info));
    return QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_SESSION_INFO, &info) == SEC_E_OK &&
           (info.dwFlags & SSL_SESSION_RECONNECT);
}

static void describe(bench_peer *peer, char *out, size_t size)
{
    SecPkgContext_CipherInfo info;
    size_t i;

    memset(&info, 0, sizeof(info));
    snprintf(out, size, "?");
    if (QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_CIPHER_INFO, &info) != SEC_E_OK)
        return;
    for (i = 0; i + 1 < size && info.szCipherSuite[i]; i++)
        out[i] = (char)info.szCipherSuite[i];
    out[i] = 0;
}

const char *bench_sspi_provider(void)
{
    return winetest_builtin_secur32() ? "Wine builtin secur32" : "sspishim secur32";
}

const bench_impl bench_sspi = {"SSPI",     acquire, release, describe, open_peer,
                               close_peer, step,    seal,    unseal,   resumed};
