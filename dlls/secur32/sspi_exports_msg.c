/* Per-message exports: EncryptMessage, DecryptMessage, MakeSignature, VerifySignature. */
#include "sspi_dispatch.h"
#include "sspi_trace.h"

typedef enum msg_call { MSG_ENCRYPT, MSG_DECRYPT, MSG_SIGN, MSG_VERIFY } msg_call;
static const char *const msg_call_names[] = {"EncryptMessage", "DecryptMessage", "MakeSignature",
                                             "VerifySignature"};

static SECURITY_STATUS dispatch_message(msg_call call, PCtxtHandle phContext, ULONG qop,
                                        PSecBufferDesc message, ULONG sequence, ULONG *qop_out)
{
    const sspi_package *package;
    const sspi_provider *p;
    sspi_object *context = NULL;
    sspi_slot *pin;
    SECURITY_STATUS status =
        sspi_resolve_pinned(phContext, SSPI_HANDLE_CONTEXT, &package, &context, &pin);

    if (status != SEC_E_OK)
        return status;
    p = package->provider;
    status = SEC_E_UNSUPPORTED_FUNCTION;
    if (call == MSG_ENCRYPT && p->encrypt)
        status = p->encrypt(context, qop, message, sequence);
    else if (call == MSG_DECRYPT && p->decrypt)
        status = p->decrypt(context, message, sequence, qop_out);
    else if (call == MSG_SIGN && p->make_signature)
        status = p->make_signature(context, qop, message, sequence);
    else if (call == MSG_VERIFY && p->verify_signature)
        status = p->verify_signature(context, message, sequence, qop_out);
    sspi_handle_unpin(sspi_handles(), pin);
    return status;
}

static SECURITY_STATUS message_call(msg_call call, PCtxtHandle phContext, ULONG qop,
                                    PSecBufferDesc message, ULONG sequence, ULONG *qop_out)
{
    sspi_trace_line line;
    SECURITY_STATUS status;

    if (!SSPI_TRACE_ON())
        return dispatch_message(call, phContext, qop, message, sequence, qop_out);
    sspi_trace_message_begin(&line, msg_call_names[call], phContext, qop, message);
    status = dispatch_message(call, phContext, qop, message, sequence, qop_out);
    sspi_trace_message_end(&line, status, message);
    return status;
}

SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
                                         ULONG MessageSeqNo)
{
    return message_call(MSG_ENCRYPT, phContext, fQOP, pMessage, MessageSeqNo, NULL);
}

SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
                                         ULONG MessageSeqNo, ULONG *pfQOP)
{
    return message_call(MSG_DECRYPT, phContext, 0, pMessage, MessageSeqNo, pfQOP);
}

SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
                                        ULONG MessageSeqNo)
{
    return message_call(MSG_SIGN, phContext, fQOP, pMessage, MessageSeqNo, NULL);
}

SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle phContext, PSecBufferDesc pMessage,
                                          ULONG MessageSeqNo, ULONG *pfQOP)
{
    return message_call(MSG_VERIFY, phContext, 0, pMessage, MessageSeqNo, pfQOP);
}

#ifndef _WIN32
/* On Windows the .def file aliases these; a shared object needs real symbols. */
SECURITY_STATUS SEC_ENTRY SealMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
                                      ULONG MessageSeqNo);
SECURITY_STATUS SEC_ENTRY UnsealMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
                                        ULONG MessageSeqNo, ULONG *pfQOP);

SECURITY_STATUS SEC_ENTRY SealMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
                                      ULONG MessageSeqNo)
{
    return EncryptMessage(phContext, fQOP, pMessage, MessageSeqNo);
}

SECURITY_STATUS SEC_ENTRY UnsealMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
                                        ULONG MessageSeqNo, ULONG *pfQOP)
{
    return DecryptMessage(phContext, pMessage, MessageSeqNo, pfQOP);
}
#endif
