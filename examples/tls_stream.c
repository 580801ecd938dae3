/* A TLS connection over a socket, driven the way Windows programs drive Schannel. */
#include "tls_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOCKET_FAILURE SEC_E_INTERNAL_ERROR

void tls_stream_init(tls_stream *s, sock_t sock, CredHandle *cred, int is_server,
                     const char *target, ULONG req)
{
    memset(s, 0, sizeof(*s));
    s->sock = sock;
    s->cred = cred;
    s->is_server = is_server;
    s->target = target;
    s->req = req;
}

void tls_stream_free(tls_stream *s)
{
    if (s->has_ctx)
        DeleteSecurityContext(&s->ctx);
    s->has_ctx = 0;
    free(s->in);
    free(s->plain);
    s->in = s->plain = NULL;
}

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    size_t size = *cap ? *cap : 16384;
    unsigned char *bigger;
    if (need <= *cap)
        return 1;
    while (size < need)
        size *= 2;
    bigger = realloc(*buf, size);
    if (!bigger)
        return 0;
    *buf = bigger;
    *cap = size;
    return 1;
}

/* Appends what the socket delivers to the ciphertext buffer: 1, 0 at end of stream, -1 error. */
static int receive_more(tls_stream *s)
{
    int got;
    if (!grow(&s->in, &s->in_cap, s->in_len + 16384))
        return -1;
    got = sock_recv(s->sock, s->in + s->in_len, s->in_cap - s->in_len);
    if (got < 0)
        return -1;
    s->in_len += (size_t)got;
    return got > 0;
}

/* Keeps the last `extra` bytes of the ciphertext buffer (SECBUFFER_EXTRA), drops the rest. */
static void keep_extra(tls_stream *s, size_t extra)
{
    if (extra > s->in_len)
        extra = s->in_len;
    memmove(s->in, s->in + s->in_len - extra, extra);
    s->in_len = extra;
}

static int send_buffers(tls_stream *s, SecBuffer *bufs, ULONG count)
{
    ULONG i;
    int ok = 1;
    for (i = 0; i < count; i++) {
        if ((bufs[i].BufferType == SECBUFFER_TOKEN || bufs[i].BufferType == SECBUFFER_ALERT) &&
            bufs[i].cbBuffer && bufs[i].pvBuffer)
            ok = ok && sock_send_all(s->sock, bufs[i].pvBuffer, bufs[i].cbBuffer);
    }
    return ok;
}

static void free_buffers(SecBuffer *bufs, ULONG count)
{
    ULONG i;
    for (i = 0; i < count; i++) {
        if (bufs[i].pvBuffer)
            FreeContextBuffer(bufs[i].pvBuffer);
        bufs[i].pvBuffer = NULL;
    }
}

static void set_buffer(SecBuffer *buf, ULONG type, void *data, size_t len)
{
    buf->BufferType = type;
    buf->cbBuffer = (ULONG)len;
    buf->pvBuffer = data;
}

/* One InitializeSecurityContext / AcceptSecurityContext call over the buffered bytes. */
static SECURITY_STATUS handshake_call(tls_stream *s, SecBuffer *out, int first)
{
    SecBuffer in[3];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 3, out};
    SECURITY_STATUS status;

    set_buffer(&in[0], SECBUFFER_TOKEN, s->in, s->in_len);
    set_buffer(&in[1], SECBUFFER_EMPTY, NULL, 0);
    set_buffer(&out[0], SECBUFFER_TOKEN, NULL, 0);
    set_buffer(&out[1], SECBUFFER_ALERT, NULL, 0);
    set_buffer(&out[2], SECBUFFER_EMPTY, NULL, 0);
    if (s->is_server) {
        if (first && s->alpn) {
            set_buffer(&in[2], SECBUFFER_APPLICATION_PROTOCOLS, (void *)s->alpn, s->alpn_len);
            in_desc.cBuffers = 3;
        }
        status = AcceptSecurityContext(s->cred, s->has_ctx ? &s->ctx : NULL, &in_desc, s->req, 0,
                                       &s->ctx, &out_desc, &s->attrs, NULL);
    } else if (first) {
        /* The first call has no peer bytes: only the ALPN list, if any. */
        set_buffer(&in[0], SECBUFFER_APPLICATION_PROTOCOLS, (void *)s->alpn, s->alpn_len);
        in_desc.cBuffers = 1;
        status = InitializeSecurityContextA(s->cred, NULL, (SEC_CHAR *)s->target, s->req, 0, 0,
                                            s->alpn ? &in_desc : NULL, 0, &s->ctx, &out_desc,
                                            &s->attrs, NULL);
    } else {
        status = InitializeSecurityContextA(s->cred, &s->ctx, (SEC_CHAR *)s->target, s->req, 0, 0,
                                            &in_desc, 0, NULL, &out_desc, &s->attrs, NULL);
    }
    if (!first || s->is_server) {
        /* What the call did not consume stays for the next call (or DecryptMessage). */
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
            keep_extra(s, in[1].BufferType == SECBUFFER_EXTRA ? in[1].cbBuffer : 0);
    }
    return status;
}

SECURITY_STATUS tls_stream_handshake(tls_stream *s)
{
    SecBuffer out[3];
    SECURITY_STATUS status;
    /* A client starts by speaking; a server, or a client renegotiating, starts with what it has. */
    int first = !s->has_ctx;
    int need_read = first && s->is_server && s->in_len == 0;

    for (;;) {
        if (need_read) {
            int got = receive_more(s);
            if (got <= 0) {
                fprintf(stderr, "handshake: connection %s\n", got ? "failed" : "closed by peer");
                status = SOCKET_FAILURE;
                break;
            }
            need_read = 0;
        }
        status = handshake_call(s, out, first);
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
            s->has_ctx = 1;
        if (status == SEC_E_INCOMPLETE_MESSAGE) {
            need_read = 1;
            continue;
        }
        if (status == SEC_I_INCOMPLETE_CREDENTIALS && !s->is_server &&
            !(s->req & ISC_REQ_USE_SUPPLIED_CREDS)) {
            /* curl's answer: go on without a certificate, same input. */
            s->req |= ISC_REQ_USE_SUPPLIED_CREDS;
            free_buffers(out, 3);
            continue;
        }
        /* Tokens go out on success; on failure the alert still tells the peer why. */
        if (!send_buffers(s, out, 3) && (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)) {
            fprintf(stderr, "handshake: sending failed\n");
            status = SOCKET_FAILURE;
        }
        free_buffers(out, 3);
        if (status != SEC_I_CONTINUE_NEEDED)
            break;
        if (first && !s->is_server)
            need_read = 1;
        else
            need_read = s->in_len == 0;
        first = 0;
    }
    s->status = status;
    return status;
}

SECURITY_STATUS tls_stream_write(tls_stream *s, const void *data, size_t len)
{
    const unsigned char *bytes = data;
    unsigned char *record = NULL;
    SECURITY_STATUS status = SEC_E_OK;

    if (!s->have_sizes) {
        status = QueryContextAttributesA(&s->ctx, SECPKG_ATTR_STREAM_SIZES, &s->sizes);
        if (status != SEC_E_OK)
            goto done;
        s->have_sizes = 1;
    }
    record = malloc(s->sizes.cbHeader + s->sizes.cbMaximumMessage + s->sizes.cbTrailer);
    if (!record) {
        status = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    while (len) {
        size_t chunk = len < s->sizes.cbMaximumMessage ? len : s->sizes.cbMaximumMessage;
        SecBuffer bufs[4];
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

        set_buffer(&bufs[0], SECBUFFER_STREAM_HEADER, record, s->sizes.cbHeader);
        set_buffer(&bufs[1], SECBUFFER_DATA, record + s->sizes.cbHeader, chunk);
        set_buffer(&bufs[2], SECBUFFER_STREAM_TRAILER, record + s->sizes.cbHeader + chunk,
                   s->sizes.cbTrailer);
        set_buffer(&bufs[3], SECBUFFER_EMPTY, NULL, 0);
        memcpy(bufs[1].pvBuffer, bytes, chunk);
        status = EncryptMessage(&s->ctx, 0, &desc, 0);
        if (status != SEC_E_OK)
            break;
        /* One record, contiguous from the header pointer. */
        if (!sock_send_all(s->sock, record,
                           bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer)) {
            fprintf(stderr, "send failed\n");
            status = SOCKET_FAILURE;
            break;
        }
        bytes += chunk;
        len -= chunk;
    }
done:
    free(record);
    s->status = status;
    return status;
}

/* Decrypts one record from the ciphertext buffer into the plaintext buffer. */
static SECURITY_STATUS decrypt_one(tls_stream *s)
{
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status;
    size_t extra = 0;
    int i;

    set_buffer(&bufs[0], SECBUFFER_DATA, s->in, s->in_len);
    for (i = 1; i < 4; i++)
        set_buffer(&bufs[i], SECBUFFER_EMPTY, NULL, 0);
    status = DecryptMessage(&s->ctx, &desc, 0, NULL);
    if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE && status != SEC_I_CONTEXT_EXPIRED)
        return status;
    for (i = 1; i < 4; i++) {
        if (bufs[i].BufferType == SECBUFFER_DATA && bufs[i].cbBuffer) {
            if (!grow(&s->plain, &s->plain_cap, s->plain_len + bufs[i].cbBuffer))
                return SEC_E_INSUFFICIENT_MEMORY;
            memcpy(s->plain + s->plain_len, bufs[i].pvBuffer, bufs[i].cbBuffer);
            s->plain_len += bufs[i].cbBuffer;
        }
        if (bufs[i].BufferType == SECBUFFER_EXTRA)
            extra = bufs[i].cbBuffer;
    }
    keep_extra(s, extra);
    return status;
}

long tls_stream_read(tls_stream *s, void *data, size_t len)
{
    int need_read = s->in_len == 0;

    while (s->plain_off == s->plain_len) {
        SECURITY_STATUS status;
        s->plain_off = s->plain_len = 0;
        if (s->closed)
            return 0;
        if (need_read) {
            int got = receive_more(s);
            if (got < 0) {
                fprintf(stderr, "receive failed\n");
                s->status = SOCKET_FAILURE;
                return -1;
            }
            if (got == 0) {
                s->abrupt = 1;
                return 0;
            }
        }
        status = decrypt_one(s);
        s->status = status;
        if (status == SEC_E_INCOMPLETE_MESSAGE) {
            need_read = 1;
            continue;
        }
        if (status == SEC_I_CONTEXT_EXPIRED) {
            s->closed = 1;
        } else if (status == SEC_I_RENEGOTIATE) {
            /* A new handshake round (TLS 1.3: post-handshake messages), fed the kept bytes. */
            s->renegotiations++;
            status = tls_stream_handshake(s);
            if (status != SEC_E_OK)
                return -1;
        } else if (status != SEC_E_OK) {
            return -1;
        }
        need_read = s->in_len == 0;
    }
    if (len > s->plain_len - s->plain_off)
        len = s->plain_len - s->plain_off;
    memcpy(data, s->plain + s->plain_off, len);
    s->plain_off += len;
    return (long)len;
}

int tls_stream_buffered(const tls_stream *s)
{
    return s->plain_off < s->plain_len || s->in_len > 0;
}

SECURITY_STATUS tls_stream_shutdown(tls_stream *s)
{
    DWORD token = SCHANNEL_SHUTDOWN;
    SecBuffer buf, out[1];
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out};
    SECURITY_STATUS status;
    ULONG attrs = 0;

    if (!s->has_ctx)
        return SEC_E_INVALID_HANDLE;
    set_buffer(&buf, SECBUFFER_TOKEN, &token, sizeof(token));
    status = ApplyControlToken(&s->ctx, &desc);
    if (status != SEC_E_OK)
        return status;
    set_buffer(&out[0], SECBUFFER_TOKEN, NULL, 0);
    if (s->is_server)
        status = AcceptSecurityContext(s->cred, &s->ctx, NULL, s->req, 0, &s->ctx, &out_desc,
                                       &attrs, NULL);
    else
        status = InitializeSecurityContextA(s->cred, &s->ctx, (SEC_CHAR *)s->target, s->req, 0, 0,
                                            NULL, 0, &s->ctx, &out_desc, &attrs, NULL);
    if (status == SEC_E_OK || status == SEC_I_CONTEXT_EXPIRED) {
        if (!send_buffers(s, out, 1))
            status = SOCKET_FAILURE;
        else
            status = SEC_E_OK;
    }
    free_buffers(out, 1);
    return status;
}
