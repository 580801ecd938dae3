/* SECBUFFER_APPLICATION_PROTOCOLS on a context's first call: the ALPN list the client offers
 * or the server accepts (SEC_APPLICATION_PROTOCOLS: ULONG size of the lists, then lists of
 * {ULONG ext, USHORT size, length-prefixed ids}, packed with no alignment). */
#include "schannel_input.h"

#include "sspi_buffers.h"
#include "tls_engine.h"

#include <string.h>

#define LIST_HEADER 6 /* ProtoNegoExt (4) + ProtocolListSize (2) */

/* A well-formed id list: every id non-empty and inside the list. */
static int valid_ids(const unsigned char *ids, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        if (!ids[pos] || ids[pos] > len - pos - 1)
            return 0;
        pos += 1 + (size_t)ids[pos];
    }
    return len > 0;
}

void schannel_apply_alpn(tls_session *session, const SecBufferDesc *input)
{
    int index = sspi_find_buffer(input, SECBUFFER_APPLICATION_PROTOCOLS, 0);
    const unsigned char *data;
    size_t size, pos = sizeof(ULONG);

    if (index < 0 || !input->pBuffers[index].pvBuffer)
        return;
    data = input->pBuffers[index].pvBuffer;
    size = input->pBuffers[index].cbBuffer;
    /* The first ALPN list is used; a malformed one is ignored, as Windows does. */
    while (size >= pos + LIST_HEADER) {
        ULONG ext;
        USHORT list_size;
        memcpy(&ext, data + pos, sizeof(ext));
        memcpy(&list_size, data + pos + sizeof(ext), sizeof(list_size));
        if (size - pos - LIST_HEADER < list_size)
            return;
        if (ext == SecApplicationProtocolNegotiationExt_ALPN) {
            if (valid_ids(data + pos + LIST_HEADER, list_size))
                tls_session_set_alpn(session, data + pos + LIST_HEADER, list_size);
            return;
        }
        pos += LIST_HEADER + (size_t)list_size;
    }
}
