/* Schannel descriptor rules (see schannel_input.h). */
#include "schannel_input.h"

#include "platform.h"
#include "sspi_buffers.h"

#include <string.h>

SECURITY_STATUS schannel_check_output(const SecBufferDesc *output, int allocate)
{
    ULONG i, type;

    if (!sspi_desc_usable(output) || !output->cBuffers)
        return SEC_E_INVALID_TOKEN;
    for (i = 0; i < output->cBuffers; i++) {
        type = sspi_buffer_type(&output->pBuffers[i]);
        if ((type == SECBUFFER_TOKEN || type == SECBUFFER_ALERT) && !output->pBuffers[i].cbBuffer &&
            !allocate)
            return SEC_E_INSUFFICIENT_MEMORY;
    }
    return SEC_E_OK;
}

/* The largest record body TLS allows: 2^14 plus expansion (RFC 5246 §6.2.3). */
#define MAX_RECORD_BODY (16384 + 2048)

static size_t record_size(const unsigned char *record, size_t header_size)
{
    return header_size + ((size_t)record[header_size - 2] << 8 | record[header_size - 1]);
}

/* change_cipher_spec, alert, handshake, application_data, heartbeat; SSL 3.0 and later (DTLS:
 * 0xFE). Anything else is not a TLS record at all. */
static int plausible_header(const unsigned char *header, size_t header_size)
{
    return header[0] >= 20 && header[0] <= 24 &&
           header[1] == (header_size == SCHANNEL_DTLS_HEADER ? 0xFE : 3) &&
           record_size(header, header_size) - header_size <= MAX_RECORD_BODY;
}

SECURITY_STATUS schannel_scan_records(const unsigned char *data, size_t len, size_t header_size,
                                      size_t *complete, size_t *missing)
{
    size_t total = 0, size;

    *complete = 0;
    *missing = 0;
    while (len - total >= header_size) {
        if (!plausible_header(data + total, header_size))
            return SEC_E_INVALID_TOKEN;
        size = record_size(data + total, header_size);
        if (size > len - total)
            break;
        total += size;
    }
    *complete = total;
    if (total)
        return SEC_E_OK;
    *missing = len < header_size ? header_size - len : record_size(data, header_size) - len;
    return SEC_E_INCOMPLETE_MESSAGE;
}

/* The input buffer that reports MISSING or EXTRA: the first EMPTY one, else the ALPN buffer's
 * slot (a Qt server passes [TOKEN, APPLICATION_PROTOCOLS] and reads EXTRA there), else none. */
static int spare_slot(SecBufferDesc *input)
{
    int slot = sspi_find_buffer(input, SECBUFFER_EMPTY, 0);
    return slot >= 0 ? slot : sspi_find_buffer(input, SECBUFFER_APPLICATION_PROTOCOLS, 0);
}

/* The first EMPTY input buffer tells the caller how many more bytes are needed. */
static SECURITY_STATUS need_more(SecBufferDesc *input, size_t missing)
{
    int empty = sspi_find_buffer(input, SECBUFFER_EMPTY, 0);
    if (empty >= 0) {
        input->pBuffers[empty].BufferType = SECBUFFER_MISSING;
        input->pBuffers[empty].cbBuffer = (ULONG)missing;
    }
    return SEC_E_INCOMPLETE_MESSAGE;
}

SECURITY_STATUS schannel_check_handshake_input(SecBufferDesc *input, size_t header_size, int *token,
                                               size_t *complete)
{
    const unsigned char *data;
    size_t len, total = 0, missing = 0;
    SECURITY_STATUS status;
    ULONG i;
    int index;

    if (!input)
        return SEC_E_INCOMPLETE_MESSAGE; /* nothing received yet */
    if (!sspi_desc_usable(input))
        return SEC_E_INVALID_TOKEN;
    for (i = 0; i < input->cBuffers; i++)
        if (sspi_buffer_type(&input->pBuffers[i]) == SECBUFFER_EMPTY && input->pBuffers[i].cbBuffer)
            return SEC_E_INVALID_TOKEN;
    index = sspi_find_buffer(input, SECBUFFER_TOKEN, 0);
    if (index < 0)
        return SEC_E_INCOMPLETE_MESSAGE;
    len = input->pBuffers[index].cbBuffer;
    data = input->pBuffers[index].pvBuffer;
    if (len && !data)
        return SEC_E_INVALID_TOKEN;
    /* Only whole records are handed to TLS; a partial tail is reported as EXTRA later. */
    status = schannel_scan_records(data, len, header_size, &total, &missing);
    if (status == SEC_E_INCOMPLETE_MESSAGE)
        return need_more(input, missing);
    if (status != SEC_E_OK)
        return status;
    *token = index;
    *complete = total;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_put_output(SecBufferDesc *output, int allocate, unsigned char *data,
                                    size_t len, int *allocated)
{
    SECURITY_STATUS status = SEC_E_OK;
    SecBuffer *target;
    int index = sspi_find_buffer(output, SECBUFFER_TOKEN, 0);

    *allocated = 0;
    if (index < 0)
        index = sspi_find_buffer(output, SECBUFFER_EMPTY, 0);
    if (index < 0) {
        status = len ? SEC_E_INVALID_TOKEN : SEC_E_OK;
        goto done;
    }
    target = &output->pBuffers[index];
    if (!len) {
        /* Nothing to send: an empty token, and no memory handed out. */
        target->BufferType = SECBUFFER_TOKEN;
        target->cbBuffer = 0;
        goto done;
    }
    if (allocate || !target->pvBuffer) {
        target->pvBuffer = data;
        data = NULL;
        *allocated = 1;
    } else if (target->cbBuffer >= len) {
        memcpy(target->pvBuffer, data, len);
    } else {
        status = SEC_E_BUFFER_TOO_SMALL;
        goto done;
    }
    target->BufferType = SECBUFFER_TOKEN;
    target->cbBuffer = (ULONG)len;
done:
    platform_buffer_free(data);
    return status;
}

SECURITY_STATUS schannel_report_extra(SecBufferDesc *input, int token, size_t consumed)
{
    size_t total = input->pBuffers[token].cbBuffer;
    int slot;

    if (consumed >= total)
        return SEC_E_OK;
    slot = spare_slot(input);
    if (slot < 0)
        return SEC_E_INVALID_TOKEN;
    input->pBuffers[slot].BufferType = SECBUFFER_EXTRA;
    input->pBuffers[slot].cbBuffer = (ULONG)(total - consumed);
    return SEC_E_OK;
}

void schannel_clear_alert_buffers(SecBufferDesc *output)
{
    int slot = -1;
    while ((slot = sspi_find_buffer(output, SECBUFFER_ALERT, (ULONG)(slot + 1))) >= 0)
        output->pBuffers[slot].cbBuffer = 0;
}

ULONG schannel_context_attr(int is_server, ULONG context_req)
{
    if (is_server)
        return ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY |
               ASC_RET_STREAM |
               (context_req & (ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR | ASC_REQ_DATAGRAM |
                               ASC_REQ_MUTUAL_AUTH));
    /* Windows grants these four whatever was asked, plus exactly the echoed requests below. */
    return ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY |
           ISC_RET_STREAM |
           (context_req &
            (ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_EXTENDED_ERROR | ISC_REQ_DATAGRAM |
             ISC_REQ_USE_SUPPLIED_CREDS | ISC_REQ_MANUAL_CRED_VALIDATION | ISC_REQ_MUTUAL_AUTH));
}

SECURITY_STATUS schannel_parse_control_token(const SecBufferDesc *input, DWORD *type,
                                             const SecBuffer **buffer)
{
    const SecBuffer *token;

    if (!input)
        return SEC_E_INTERNAL_ERROR;
    if (input->cBuffers != 1 || !input->pBuffers)
        return SEC_E_INVALID_TOKEN;
    token = &input->pBuffers[0];
    if (sspi_buffer_type(token) != SECBUFFER_TOKEN)
        return SEC_E_INVALID_TOKEN;
    if (token->cbBuffer < sizeof(DWORD) || !token->pvBuffer)
        return SEC_E_UNSUPPORTED_FUNCTION;
    memcpy(type, token->pvBuffer, sizeof(DWORD));
    *buffer = token;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_check_encrypt_desc(const SecBufferDesc *message,
                                            schannel_encrypt_layout *layout)
{
    ULONG i;

    layout->header = layout->data = layout->trailer = -1;
    if (!sspi_desc_usable(message))
        return SEC_E_INVALID_TOKEN;
    for (i = message->cBuffers; i-- > 0;) { /* backwards: the first of each type is kept */
        switch (sspi_buffer_type(&message->pBuffers[i])) {
        case SECBUFFER_STREAM_HEADER:
            layout->header = (int)i;
            break;
        case SECBUFFER_DATA:
            layout->data = (int)i;
            break;
        case SECBUFFER_STREAM_TRAILER:
            layout->trailer = (int)i;
            break;
        }
    }
    return layout->data < 0 ? SEC_E_INVALID_TOKEN : SEC_E_OK;
}

SECURITY_STATUS schannel_check_decrypt_desc(const SecBufferDesc *message,
                                            schannel_decrypt_layout *layout)
{
    ULONG i, type, data = 0, empty = 0;

    if (!sspi_desc_usable(message) || message->cBuffers < 4)
        return SEC_E_INVALID_TOKEN;
    for (i = 0; i < message->cBuffers; i++) {
        type = sspi_buffer_type(&message->pBuffers[i]);
        if (type == SECBUFFER_DATA && data++ == 0)
            layout->data = (int)i;
        else if (type == SECBUFFER_EMPTY && empty < 3)
            layout->empty[empty++] = (int)i;
    }
    return data == 1 && empty == 3 ? SEC_E_OK : SEC_E_INVALID_TOKEN;
}
