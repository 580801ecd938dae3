/* DTLS in the Schannel layer (see schannel_dtls.h). */
#include "schannel_dtls.h"

#include "sspi_buffers.h"

#include <string.h>

#define MIN_MTU 200 /* the smallest MTU Windows accepts */

void schannel_dtls_apply_mtu(tls_session *session, const SecBufferDesc *input)
{
    int index = input ? sspi_find_buffer(input, SECBUFFER_DTLS_MTU, 0) : -1;
    WORD mtu;

    if (index < 0 || !tls_session_is_datagram(session) || input->pBuffers[index].cbBuffer < 2 ||
        !input->pBuffers[index].pvBuffer)
        return;
    memcpy(&mtu, input->pBuffers[index].pvBuffer, sizeof(mtu));
    if (mtu >= MIN_MTU)
        tls_session_set_mtu(session, mtu);
}

void schannel_dtls_report_expiry(tls_session *session, PTimeStamp expiry)
{
    uint64_t when = tls_session_resend_expiry(session);

    if (!expiry || !when)
        return;
    expiry->LowPart = (DWORD)when;
    expiry->HighPart = (LONG)(when >> 32);
}

SECURITY_STATUS schannel_dtls_query_mtu(tls_session *session, SEC_DTLS_MTU *out)
{
    if (!tls_session_is_datagram(session))
        return SEC_E_UNSUPPORTED_FUNCTION;
    out->PathMTU = (USHORT)tls_session_mtu(session);
    return SEC_E_OK;
}

SECURITY_STATUS schannel_dtls_set_mtu(tls_session *session, const void *buffer, ULONG size)
{
    SEC_DTLS_MTU mtu;

    if (!tls_session_is_datagram(session))
        return SEC_E_UNSUPPORTED_FUNCTION;
    if (size < sizeof(mtu))
        return SEC_E_BUFFER_TOO_SMALL;
    memcpy(&mtu, buffer, sizeof(mtu));
    if (mtu.PathMTU < MIN_MTU)
        return SEC_E_INVALID_PARAMETER;
    return tls_session_set_mtu(session, mtu.PathMTU);
}
