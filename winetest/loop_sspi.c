/* Credentials, descriptors and DTLS records for SSPI calls (see loop_sspi.h). */
#include "loop_sspi.h"

#include <string.h>

static void set_buffer(SecBuffer *buf, ULONG type, void *data, size_t len)
{
    buf->BufferType = type;
    buf->cbBuffer = (ULONG)len;
    buf->pvBuffer = data;
}

SECURITY_STATUS loop_acquire(CredHandle *cred, ULONG use, PCCERT_CONTEXT cert, DWORD protocols,
                             DWORD flags)
{
    SCHANNEL_CRED sc;
    TimeStamp expiry;

    memset(&sc, 0, sizeof(sc));
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.cCreds = cert ? 1 : 0;
    sc.paCred = cert ? &cert : NULL;
    sc.grbitEnabledProtocols = protocols;
    sc.dwFlags = flags;
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, use, NULL, &sc, NULL, NULL,
                                     cred, &expiry);
}

void loop_step_buffers_init(loop_step_buffers *b, void *token, size_t len)
{
    memset(b, 0, sizeof(*b));
    set_buffer(&b->in_buf[0], SECBUFFER_TOKEN, token, len);
    set_buffer(&b->in_buf[1], SECBUFFER_EMPTY, NULL, 0);
    set_buffer(&b->out_buf[0], SECBUFFER_TOKEN, NULL, 0);
    set_buffer(&b->out_buf[1], SECBUFFER_ALERT, NULL, 0);
    b->in.ulVersion = b->out.ulVersion = SECBUFFER_VERSION;
    b->in.cBuffers = b->out.cBuffers = 2;
    b->in.pBuffers = b->in_buf;
    b->out.pBuffers = b->out_buf;
}

void loop_step_buffers_add_mtu(loop_step_buffers *b, WORD *mtu)
{
    set_buffer(&b->in_buf[b->in.cBuffers++], SECBUFFER_DTLS_MTU, mtu, sizeof(*mtu));
}

size_t loop_step_extra(const loop_step_buffers *b)
{
    return b->in_buf[1].BufferType == SECBUFFER_EXTRA ? b->in_buf[1].cbBuffer : 0;
}

void loop_step_buffers_free(loop_step_buffers *b)
{
    FreeContextBuffer(b->out_buf[0].pvBuffer);
    FreeContextBuffer(b->out_buf[1].pvBuffer);
    b->out_buf[0].pvBuffer = b->out_buf[1].pvBuffer = NULL;
}

void loop_encrypt_buffers(SecBuffer bufs[4], unsigned char *record, size_t len,
                          const SecPkgContext_StreamSizes *sizes)
{
    set_buffer(&bufs[0], SECBUFFER_STREAM_HEADER, record, sizes->cbHeader);
    set_buffer(&bufs[1], SECBUFFER_DATA, record + sizes->cbHeader, len);
    set_buffer(&bufs[2], SECBUFFER_STREAM_TRAILER, record + sizes->cbHeader + len,
               sizes->cbTrailer);
    set_buffer(&bufs[3], SECBUFFER_EMPTY, NULL, 0);
}

size_t loop_record_size(const SecBuffer bufs[4])
{
    return (size_t)bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
}

void loop_decrypt_buffers(SecBuffer bufs[4], void *data, size_t len)
{
    int i;
    set_buffer(&bufs[0], SECBUFFER_DATA, data, len);
    for (i = 1; i < 4; i++)
        set_buffer(&bufs[i], SECBUFFER_EMPTY, NULL, 0);
}

int loop_dtls_records(const unsigned char *token, size_t len,
                      int (*each)(void *arg, const unsigned char *record, size_t len), void *arg)
{
    size_t pos = 0, record;

    while (len - pos >= DTLS_LOOP_HEADER) {
        record = DTLS_LOOP_HEADER + ((size_t)token[pos + 11] << 8 | token[pos + 12]);
        if (record > len - pos || !each(arg, token + pos, record))
            return 0;
        pos += record;
    }
    return pos == len;
}
