/* EncryptMessage and DecryptMessage in stream mode: one record per call, laid out in the
 * caller's buffers exactly as Windows does (reference §2.10, §2.11; checklist E, F). */
#include "schannel_context.h"
#include "schannel_input.h"

#include <string.h>

/* header ‖ data ‖ trailer in one piece of the caller's memory, each of its full size: the
 * record is written there directly. OpenSSL has taken the plaintext into its own buffer
 * before its BIO writes the record over it. */
static int record_in_place(const SecBuffer *header, const SecBuffer *data, const SecBuffer *trailer,
                           const tls_record_sizes *sizes)
{
    const uint8_t *start = header->pvBuffer;
    return header->cbBuffer == sizes->header && trailer->cbBuffer >= sizes->trailer &&
           (const uint8_t *)data->pvBuffer == start + sizes->header &&
           (const uint8_t *)trailer->pvBuffer == start + sizes->header + data->cbBuffer;
}

SECURITY_STATUS schannel_encrypt(schannel_ctx *ctx, PSecBufferDesc message,
                                 const schannel_encrypt_layout *layout)
{
    SECURITY_STATUS status;
    tls_record_sizes sizes;
    tls_bytes record = {0};
    SecBuffer *header, *data, *trailer;
    size_t body;

    if (ctx->failure)
        return ctx->failure;
    if (!ctx->handshake_done)
        return SEC_E_OUT_OF_SEQUENCE;
    if (layout->header < 0 || layout->trailer < 0)
        return SEC_E_INVALID_TOKEN;
    header = &message->pBuffers[layout->header];
    data = &message->pBuffers[layout->data];
    trailer = &message->pBuffers[layout->trailer];
    if ((data->cbBuffer && !data->pvBuffer) || !header->pvBuffer || !trailer->pvBuffer)
        return SEC_E_INVALID_TOKEN;
    status = tls_session_record_sizes(ctx->session, &sizes);
    if (status != SEC_E_OK)
        return status;
    if (data->cbBuffer > sizes.max_message)
        return SEC_E_INVALID_PARAMETER;
    if (header->cbBuffer < sizes.header)
        return SEC_E_BUFFER_TOO_SMALL;
    if (!data->cbBuffer) {
        /* Nothing to protect: no record, nothing to send. */
        header->cbBuffer = 0;
        trailer->cbBuffer = 0;
        return SEC_E_OK;
    }
    if (record_in_place(header, data, trailer, &sizes)) {
        record.data = header->pvBuffer;
        record.cap = sizes.header + data->cbBuffer + trailer->cbBuffer;
        record.fixed = 1;
    }
    status = tls_session_encrypt(ctx->session, data->pvBuffer, data->cbBuffer, &record);
    if (status != SEC_E_OK) {
        if (status != SEC_E_OUT_OF_SEQUENCE) /* that one passes with the renegotiation */
            ctx->failure = status;
        goto done;
    }
    /* header ‖ data ‖ trailer is the wire record, the data's length kept. */
    body = record.len - sizes.header - data->cbBuffer;
    if (record.len < sizes.header + data->cbBuffer || body > trailer->cbBuffer) {
        status = body > trailer->cbBuffer ? SEC_E_BUFFER_TOO_SMALL : SEC_E_INTERNAL_ERROR;
        ctx->failure = SEC_E_INTERNAL_ERROR; /* the record is lost: the stream cannot go on */
        goto done;
    }
    if (!record.fixed) {
        memcpy(header->pvBuffer, record.data, sizes.header);
        memcpy(data->pvBuffer, record.data + sizes.header, data->cbBuffer);
        memcpy(trailer->pvBuffer, record.data + sizes.header + data->cbBuffer, body);
    }
    header->cbBuffer = sizes.header;
    trailer->cbBuffer = (ULONG)body;
done:
    tls_bytes_free(&record);
    return status;
}

static void set_buffer(SecBuffer *buffer, ULONG type, void *memory, size_t size)
{
    buffer->BufferType = type;
    buffer->pvBuffer = memory;
    buffer->cbBuffer = (ULONG)size;
}

SECURITY_STATUS schannel_decrypt(schannel_ctx *ctx, PSecBufferDesc message,
                                 const schannel_decrypt_layout *layout)
{
    SECURITY_STATUS status;
    SecBuffer *data;
    uint8_t *bytes;
    size_t total, record_len, missing, offset = 0, plain = 0;
    const int *slot = layout->empty;

    data = &message->pBuffers[layout->data];
    if (data->cbBuffer && !data->pvBuffer)
        return SEC_E_INVALID_TOKEN;
    if (ctx->failure)
        return ctx->failure;
    if (!ctx->handshake_done)
        return SEC_E_OUT_OF_SEQUENCE;
    bytes = data->pvBuffer;
    total = data->cbBuffer;
    status = schannel_scan_records(bytes, total, ctx->header_size, &record_len, &missing);
    if (status == SEC_E_INCOMPLETE_MESSAGE) {
        /* Windows marks the data buffer; some callers read the second buffer instead. */
        set_buffer(data, SECBUFFER_MISSING, data->pvBuffer, missing);
        set_buffer(&message->pBuffers[slot[0]], SECBUFFER_MISSING,
                   message->pBuffers[slot[0]].pvBuffer, missing);
        return status;
    }
    if (status != SEC_E_OK)
        return status;
    /* Only the first record is processed. */
    record_len = ctx->header_size +
                 (((size_t)bytes[ctx->header_size - 2] << 8) | bytes[ctx->header_size - 1]);
    status = tls_session_decrypt(ctx->session, bytes, record_len, &offset, &plain);
    if (status != SEC_E_OK && status != SEC_I_RENEGOTIATE && status != SEC_I_CONTEXT_EXPIRED) {
        ctx->failure = status;
        return status;
    }
    if (status == SEC_I_RENEGOTIATE)
        ctx->renegotiating = 1;
    set_buffer(data, SECBUFFER_STREAM_HEADER, bytes, offset);
    set_buffer(&message->pBuffers[slot[0]], SECBUFFER_DATA, bytes + offset, plain);
    set_buffer(&message->pBuffers[slot[1]], SECBUFFER_STREAM_TRAILER, bytes + offset + plain,
               record_len - offset - plain);
    if (total > record_len)
        set_buffer(&message->pBuffers[slot[2]], SECBUFFER_EXTRA, bytes + record_len,
                   total - record_len);
    return status;
}
