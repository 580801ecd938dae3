/* In-process TLS connection between two SSPI contexts (see tls_loop.h). */
#include "tls_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void loop_pipe_free(loop_pipe *pipe)
{
    free(pipe->data);
    memset(pipe, 0, sizeof(*pipe));
}

int loop_pipe_append(loop_pipe *pipe, const void *data, size_t len)
{
    if (pipe->cap - pipe->len < len) {
        size_t cap = pipe->cap ? pipe->cap : 4096;
        unsigned char *grown;
        while (cap - pipe->len < len)
            cap *= 2;
        grown = realloc(pipe->data, cap);
        if (!grown)
            return 0;
        pipe->data = grown;
        pipe->cap = cap;
    }
    if (len)
        memcpy(pipe->data + pipe->len, data, len);
    pipe->len += len;
    return 1;
}

void loop_pipe_consume(loop_pipe *pipe, size_t len)
{
    if (len > pipe->len)
        len = pipe->len;
    if (len && len < pipe->len) /* an empty pipe may have no buffer: memmove(NULL) is undefined */
        memmove(pipe->data, pipe->data + len, pipe->len - len);
    pipe->len -= len;
    pipe->arrived = pipe->arrived > len ? pipe->arrived - len : 0;
}

/* Lets `slice` more bytes arrive (all of them for 0). */
static void pipe_arrive(loop_pipe *pipe, size_t slice)
{
    pipe->arrived = slice ? pipe->arrived + slice : pipe->len;
    if (pipe->arrived > pipe->len)
        pipe->arrived = pipe->len;
}

void loop_side_init(loop_side *side, const CredHandle *cred, int is_server, ULONG req,
                    const char *target)
{
    memset(side, 0, sizeof(*side));
    side->cred = *cred;
    side->is_server = is_server;
    side->req = req;
    side->target = target;
    side->status = SEC_I_CONTINUE_NEEDED;
}

void loop_link(loop_side *client, loop_side *server)
{
    client->peer = server;
    server->peer = client;
}

void loop_side_free(loop_side *side)
{
    if (side->has_ctx)
        DeleteSecurityContext(&side->ctx);
    side->has_ctx = 0;
    loop_pipe_free(&side->in);
}

/* One ISC or ASC call over what has arrived; sends its output to the peer. */
static SECURITY_STATUS step(loop_side *side, loop_side *peer)
{
    loop_step_buffers b;
    SECURITY_STATUS status;
    int first = !side->has_ctx;
    CtxtHandle *ctx = first ? NULL : &side->ctx;

    loop_step_buffers_init(&b, side->in.data, side->in.arrived);
    side->calls++;
    if (side->is_server)
        status = AcceptSecurityContext(&side->cred, ctx, &b.in, side->req | ASC_REQ_ALLOCATE_MEMORY,
                                       0, &side->ctx, &b.out, &side->attrs, NULL);
    else
        status = InitializeSecurityContextA(
            &side->cred, ctx, (SEC_CHAR *)side->target, side->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0,
            first ? NULL : &b.in, 0, &side->ctx, &b.out, &side->attrs, NULL);
    side->status = status;
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
        side->has_ctx = 1;
        if (!first || side->is_server)
            loop_pipe_consume(&side->in, side->in.arrived - loop_step_extra(&b));
        if (b.out_buf[0].cbBuffer &&
            !loop_pipe_append(&peer->in, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer))
            status = SEC_E_INSUFFICIENT_MEMORY;
    } else if (status != SEC_E_INCOMPLETE_MESSAGE) {
        /* A failure's alert still reaches the peer. */
        if (b.out_buf[1].cbBuffer)
            loop_pipe_append(&peer->in, b.out_buf[1].pvBuffer, b.out_buf[1].cbBuffer);
    }
    loop_step_buffers_free(&b);
    return status;
}

static int done_with(const loop_side *side)
{
    return side->status == SEC_E_OK;
}

SECURITY_STATUS loop_handshake(loop_side *client, loop_side *server, size_t slice, int max_rounds)
{
    SECURITY_STATUS status;
    int round;

    loop_link(client, server);
    status = step(client, server);

    if (status != SEC_I_CONTINUE_NEEDED)
        return status;
    for (round = 0; round < max_rounds; round++) {
        loop_side *sides[2] = {server, client};
        int i;
        for (i = 0; i < 2; i++) {
            loop_side *side = sides[i], *peer = sides[1 - i];
            if (done_with(side) || !side->in.len)
                continue;
            pipe_arrive(&side->in, slice);
            status = step(side, peer);
            if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED &&
                status != SEC_E_INCOMPLETE_MESSAGE)
                return status;
        }
        if (done_with(client) && done_with(server))
            return SEC_E_OK;
    }
    return SEC_E_INTERNAL_ERROR; /* no progress: a test failure, not a Windows status */
}

SECURITY_STATUS loop_send(loop_side *from, loop_side *to, const void *data, size_t len)
{
    SecPkgContext_StreamSizes sizes;
    SECURITY_STATUS status = QueryContextAttributesA(&from->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    const unsigned char *bytes = data;
    unsigned char *record = NULL;

    if (status != SEC_E_OK)
        return status;
    record = malloc(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer);
    if (!record)
        return SEC_E_INSUFFICIENT_MEMORY;
    do {
        size_t chunk = len < sizes.cbMaximumMessage ? len : sizes.cbMaximumMessage;
        SecBuffer bufs[4];
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
        loop_encrypt_buffers(bufs, record, chunk, &sizes);
        memcpy(bufs[1].pvBuffer, bytes, chunk);
        status = EncryptMessage(&from->ctx, 0, &desc, 0);
        if (status != SEC_E_OK)
            break;
        if (!loop_pipe_append(&to->in, record, loop_record_size(bufs))) {
            status = SEC_E_INSUFFICIENT_MEMORY;
            break;
        }
        bytes += chunk;
        len -= chunk;
    } while (len);
    free(record);
    return status;
}

SECURITY_STATUS loop_receive(loop_side *side, size_t slice, loop_pipe *out)
{
    SECURITY_STATUS status = SEC_E_OK;

    side->in.arrived = 0;
    while (side->in.len) {
        SecBuffer bufs[4];
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
        size_t used;
        int i;

        if (side->in.arrived == 0 || status == SEC_E_INCOMPLETE_MESSAGE)
            pipe_arrive(&side->in, slice);
        loop_decrypt_buffers(bufs, side->in.data, side->in.arrived);
        status = DecryptMessage(&side->ctx, &desc, 0, NULL);
        if (status == SEC_E_INCOMPLETE_MESSAGE) {
            if (side->in.arrived == side->in.len)
                return status; /* the rest never came */
            continue;
        }
        if (status != SEC_E_OK && status != SEC_I_CONTEXT_EXPIRED && status != SEC_I_RENEGOTIATE)
            return status;
        for (i = 1; i < 4; i++) {
            if (bufs[i].BufferType == SECBUFFER_DATA &&
                !loop_pipe_append(out, bufs[i].pvBuffer, bufs[i].cbBuffer))
                return SEC_E_INSUFFICIENT_MEMORY;
        }
        used = side->in.arrived;
        for (i = 1; i < 4; i++) {
            if (bufs[i].BufferType == SECBUFFER_EXTRA)
                used -= bufs[i].cbBuffer;
        }
        loop_pipe_consume(&side->in, used);
        if (status == SEC_I_RENEGOTIATE && side->peer) {
            if (step(side, side->peer) == SEC_E_OK) {
                side->renegotiations++;
                status = SEC_E_OK;
                continue;
            }
        }
        if (status != SEC_E_OK)
            return status;
    }
    return SEC_E_OK;
}

PCCERT_CONTEXT loop_load_pfx(const char *path, const char *password)
{
    PCCERT_CONTEXT cert = NULL, found = NULL;
    CRYPT_DATA_BLOB blob = {0, NULL};
    WCHAR wide[64];
    HCERTSTORE store = NULL;
    FILE *file = fopen(path, "rb");
    long size;
    size_t i;

    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) > 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (blob.pbData = malloc((size_t)size)) &&
        fread(blob.pbData, 1, (size_t)size, file) == (size_t)size)
        blob.cbData = (DWORD)size;
    fclose(file);
    for (i = 0; password[i] && i + 1 < sizeof(wide) / sizeof(wide[0]); i++)
        wide[i] = (WCHAR)(unsigned char)password[i];
    wide[i] = 0;
    if (blob.cbData)
        store = PFXImportCertStore(&blob, wide, CRYPT_EXPORTABLE | CRYPT_USER_KEYSET);
    free(blob.pbData);
    if (!store)
        return NULL;
    /* The certificate that carries the key is the end entity. */
    while (!found && (cert = CertEnumCertificatesInStore(store, cert))) {
        HCRYPTPROV_OR_NCRYPT_KEY_HANDLE key = 0;
        DWORD spec = 0;
        BOOL must_free = FALSE;
        if (CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &key,
                                              &spec, &must_free)) {
            found = CertDuplicateCertificateContext(cert);
            if (must_free && spec == CERT_NCRYPT_KEY_SPEC)
                NCryptFreeObject(key);
            else if (must_free)
                CryptReleaseContext(key, 0);
        }
    }
    if (cert)
        CertFreeCertificateContext(cert);
    CertCloseStore(store, 0);
    return found;
}
