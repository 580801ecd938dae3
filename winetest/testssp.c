/* testssp.dll: a made-up security package ("sspishim-test") for the ssp_registered unit. A
 * secur32 that hosts the DLLs registered under SecurityProviders finds it through
 * InitSecurityInterfaceW/A; every call that reaches it leaves a trace the unit can check: its
 * handshake tokens, XORed messages, its signature format and the call counters it exports. */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

#include <string.h>

#include "testssp.h"

/* The exports (testssp.def names the InitSecurityInterface ones). */
void WINAPI TestSspGetCounters(LONG *counts);
PSecurityFunctionTableW SEC_ENTRY testssp_init_w(void);
PSecurityFunctionTableA SEC_ENTRY testssp_init_a(void);

#define MAX_CONTEXTS 16

typedef enum context_state { SLOT_FREE, CLIENT_SENT_HELLO, ESTABLISHED } context_state;

static context_state contexts[MAX_CONTEXTS];
static LONG counters[TESTSSP_COUNTERS];

static void count(testssp_counter which)
{
    InterlockedIncrement(&counters[which]);
}

void WINAPI TestSspGetCounters(LONG *counts)
{
    int i;
    for (i = 0; i < TESTSSP_COUNTERS; i++)
        counts[i] = InterlockedCompareExchange(&counters[i], 0, 0);
}

static void never_expires(PTimeStamp expiry)
{
    if (expiry) {
        expiry->LowPart = 0xffffffff;
        expiry->HighPart = 0x7fffffff;
    }
}

/* One SecPkgInfoW, its strings right after it, in one block FreeContextBuffer releases. */
static SecPkgInfoW *package_info(void)
{
    size_t name_size = sizeof(TESTSSP_NAME), comment_size = sizeof(TESTSSP_COMMENT);
    SecPkgInfoW *info = HeapAlloc(GetProcessHeap(), 0, sizeof(*info) + name_size + comment_size);
    if (!info)
        return NULL;
    info->fCapabilities = TESTSSP_CAPABILITIES;
    info->wVersion = TESTSSP_VERSION;
    info->wRPCID = TESTSSP_RPC_ID;
    info->cbMaxToken = TESTSSP_MAX_TOKEN;
    info->Name = (SEC_WCHAR *)(info + 1);
    info->Comment = (SEC_WCHAR *)((BYTE *)info->Name + name_size);
    memcpy(info->Name, TESTSSP_NAME, name_size);
    memcpy(info->Comment, TESTSSP_COMMENT, comment_size);
    return info;
}

static SECURITY_STATUS SEC_ENTRY enumerate_packages(ULONG *count_out, PSecPkgInfoW *info)
{
    *info = package_info();
    *count_out = *info ? 1 : 0;
    return *info ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

static SECURITY_STATUS SEC_ENTRY query_package(SEC_WCHAR *name, PSecPkgInfoW *info)
{
    if (!name || lstrcmpiW(name, TESTSSP_NAME))
        return SEC_E_SECPKG_NOT_FOUND;
    *info = package_info();
    return *info ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

static SECURITY_STATUS SEC_ENTRY free_buffer(void *buffer)
{
    HeapFree(GetProcessHeap(), 0, buffer);
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY acquire(SEC_WCHAR *principal, SEC_WCHAR *package, ULONG use,
                                         void *logon_id, void *auth_data, SEC_GET_KEY_FN get_key,
                                         void *get_key_arg, PCredHandle credential,
                                         PTimeStamp expiry)
{
    (void)principal, (void)logon_id, (void)auth_data, (void)get_key, (void)get_key_arg;
    count(TESTSSP_ACQUIRE);
    if (!package || lstrcmpiW(package, TESTSSP_NAME))
        return SEC_E_SECPKG_NOT_FOUND;
    credential->dwLower = use;
    credential->dwUpper = TESTSSP_HANDLE_MARK;
    never_expires(expiry);
    return SEC_E_OK;
}

static int is_credential(const CredHandle *credential)
{
    return credential && credential->dwUpper == TESTSSP_HANDLE_MARK &&
           (credential->dwLower == SECPKG_CRED_INBOUND ||
            credential->dwLower == SECPKG_CRED_OUTBOUND || credential->dwLower == SECPKG_CRED_BOTH);
}

static SECURITY_STATUS SEC_ENTRY free_credentials(PCredHandle credential)
{
    count(TESTSSP_FREE_CREDENTIALS);
    return is_credential(credential) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

/* The slot a context handle names, or NULL. */
static context_state *context_of(const CtxtHandle *context)
{
    if (!context || context->dwUpper != TESTSSP_HANDLE_MARK || context->dwLower < 1 ||
        context->dwLower > MAX_CONTEXTS || contexts[context->dwLower - 1] == SLOT_FREE)
        return NULL;
    return &contexts[context->dwLower - 1];
}

static SECURITY_STATUS new_context(context_state state, PCtxtHandle handle)
{
    ULONG_PTR i;
    for (i = 0; i < MAX_CONTEXTS; i++)
        if (InterlockedCompareExchange((LONG *)&contexts[i], state, SLOT_FREE) == SLOT_FREE) {
            handle->dwLower = i + 1;
            handle->dwUpper = TESTSSP_HANDLE_MARK;
            return SEC_E_OK;
        }
    return SEC_E_INSUFFICIENT_MEMORY;
}

static SecBuffer *find_buffer(PSecBufferDesc desc, ULONG type)
{
    ULONG i;
    for (i = 0; desc && i < desc->cBuffers; i++)
        if ((desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type)
            return &desc->pBuffers[i];
    return NULL;
}

static int token_is(PSecBufferDesc input, const char *expected)
{
    SecBuffer *token = find_buffer(input, SECBUFFER_TOKEN);
    return token && token->cbBuffer == strlen(expected) &&
           !memcmp(token->pvBuffer, expected, token->cbBuffer);
}

static SECURITY_STATUS put_token(PSecBufferDesc output, const char *text)
{
    SecBuffer *token = find_buffer(output, SECBUFFER_TOKEN);
    ULONG size = (ULONG)strlen(text);
    if (!token || token->cbBuffer < size)
        return SEC_E_BUFFER_TOO_SMALL;
    memcpy(token->pvBuffer, text, size);
    token->cbBuffer = size;
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY initialize_context(PCredHandle credential, PCtxtHandle context,
                                                    SEC_WCHAR *target, ULONG request,
                                                    ULONG reserved1, ULONG data_rep,
                                                    PSecBufferDesc input, ULONG reserved2,
                                                    PCtxtHandle new_handle, PSecBufferDesc output,
                                                    ULONG *attributes, PTimeStamp expiry)
{
    context_state *state = context_of(context);
    SECURITY_STATUS status;

    (void)target, (void)reserved1, (void)data_rep, (void)reserved2;
    count(TESTSSP_INITIALIZE);
    if (attributes)
        *attributes = request;
    never_expires(expiry);
    if (!context) {
        if (!is_credential(credential) || credential->dwLower == SECPKG_CRED_INBOUND)
            return SEC_E_INVALID_HANDLE;
        status = put_token(output, TESTSSP_HELLO);
        if (status == SEC_E_OK)
            status = new_context(CLIENT_SENT_HELLO, new_handle);
        return status == SEC_E_OK ? SEC_I_CONTINUE_NEEDED : status;
    }
    if (!state || *state != CLIENT_SENT_HELLO)
        return SEC_E_INVALID_HANDLE;
    if (!token_is(input, TESTSSP_WELCOME))
        return SEC_E_INVALID_TOKEN;
    /* phNewContext is left as it is: callers commonly pass phContext there on later calls, and
     * SSPs need not write it again (a dispatcher must not lose the context then). */
    (void)new_handle;
    *state = ESTABLISHED;
    if (find_buffer(output, SECBUFFER_TOKEN))
        find_buffer(output, SECBUFFER_TOKEN)->cbBuffer = 0;
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY accept_context(PCredHandle credential, PCtxtHandle context,
                                                PSecBufferDesc input, ULONG request, ULONG data_rep,
                                                PCtxtHandle new_handle, PSecBufferDesc output,
                                                ULONG *attributes, PTimeStamp expiry)
{
    SECURITY_STATUS status;

    (void)data_rep;
    count(TESTSSP_ACCEPT);
    if (context || !is_credential(credential) || credential->dwLower == SECPKG_CRED_OUTBOUND)
        return SEC_E_INVALID_HANDLE;
    if (!token_is(input, TESTSSP_HELLO))
        return SEC_E_INVALID_TOKEN;
    if (attributes)
        *attributes = request;
    never_expires(expiry);
    status = put_token(output, TESTSSP_WELCOME);
    if (status == SEC_E_OK)
        status = new_context(ESTABLISHED, new_handle);
    return status;
}

static SECURITY_STATUS SEC_ENTRY delete_context(PCtxtHandle context)
{
    context_state *state = context_of(context);
    count(TESTSSP_DELETE_CONTEXT);
    if (!state)
        return SEC_E_INVALID_HANDLE;
    *state = SLOT_FREE;
    return SEC_E_OK;
}

static SECURITY_STATUS query_sizes(PCtxtHandle context, ULONG attribute, void *buffer)
{
    SecPkgContext_Sizes *sizes = buffer;
    if (!context_of(context))
        return SEC_E_INVALID_HANDLE;
    if (attribute != SECPKG_ATTR_SIZES)
        return SEC_E_UNSUPPORTED_FUNCTION;
    sizes->cbMaxToken = TESTSSP_MAX_TOKEN;
    sizes->cbMaxSignature = TESTSSP_SIGNATURE_SIZE;
    sizes->cbBlockSize = 1;
    sizes->cbSecurityTrailer = 0;
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY query_context_w(PCtxtHandle context, ULONG attribute, void *buffer)
{
    count(TESTSSP_QUERY_CONTEXT_W);
    return query_sizes(context, attribute, buffer);
}

static SECURITY_STATUS SEC_ENTRY query_context_a(PCtxtHandle context, ULONG attribute, void *buffer)
{
    count(TESTSSP_QUERY_CONTEXT_A);
    return query_sizes(context, attribute, buffer);
}

static ULONG message_signature(PSecBufferDesc message, ULONG sequence)
{
    ULONG sum = 0, i, j;
    for (i = 0; i < message->cBuffers; i++) {
        const SecBuffer *buffer = &message->pBuffers[i];
        if ((buffer->BufferType & ~SECBUFFER_ATTRMASK) != SECBUFFER_DATA)
            continue;
        for (j = 0; j < buffer->cbBuffer; j++)
            sum += ((const BYTE *)buffer->pvBuffer)[j];
    }
    return sum ^ sequence;
}

/* The established context's signature buffer, or NULL. */
static SecBuffer *signature_buffer(PCtxtHandle context, PSecBufferDesc message)
{
    context_state *state = context_of(context);
    SecBuffer *token = find_buffer(message, SECBUFFER_TOKEN);
    if (!state || *state != ESTABLISHED || !token || token->cbBuffer < TESTSSP_SIGNATURE_SIZE)
        return NULL;
    return token;
}

static SECURITY_STATUS SEC_ENTRY sign(PCtxtHandle context, ULONG qop, PSecBufferDesc message,
                                      ULONG sequence)
{
    SecBuffer *token = signature_buffer(context, message);
    ULONG signature;
    (void)qop;
    count(TESTSSP_SIGN);
    if (!token)
        return SEC_E_INVALID_TOKEN;
    signature = message_signature(message, sequence);
    memcpy(token->pvBuffer, &signature, TESTSSP_SIGNATURE_SIZE);
    token->cbBuffer = TESTSSP_SIGNATURE_SIZE;
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY verify(PCtxtHandle context, PSecBufferDesc message, ULONG sequence,
                                        ULONG *qop)
{
    SecBuffer *token = signature_buffer(context, message);
    ULONG signature;
    count(TESTSSP_VERIFY);
    if (!token)
        return SEC_E_INVALID_TOKEN;
    if (qop)
        *qop = 0;
    signature = message_signature(message, sequence);
    return memcmp(token->pvBuffer, &signature, TESTSSP_SIGNATURE_SIZE) ? SEC_E_MESSAGE_ALTERED
                                                                       : SEC_E_OK;
}

static SECURITY_STATUS xor_data(PCtxtHandle context, PSecBufferDesc message)
{
    context_state *state = context_of(context);
    ULONG i, j;
    if (!state || *state != ESTABLISHED)
        return SEC_E_INVALID_HANDLE;
    for (i = 0; i < message->cBuffers; i++) {
        SecBuffer *buffer = &message->pBuffers[i];
        if ((buffer->BufferType & ~SECBUFFER_ATTRMASK) != SECBUFFER_DATA)
            continue;
        for (j = 0; j < buffer->cbBuffer; j++)
            ((BYTE *)buffer->pvBuffer)[j] ^= TESTSSP_XOR;
    }
    return SEC_E_OK;
}

static SECURITY_STATUS SEC_ENTRY encrypt(PCtxtHandle context, ULONG qop, PSecBufferDesc message,
                                         ULONG sequence)
{
    (void)qop, (void)sequence;
    count(TESTSSP_ENCRYPT);
    return xor_data(context, message);
}

static SECURITY_STATUS SEC_ENTRY decrypt(PCtxtHandle context, PSecBufferDesc message,
                                         ULONG sequence, ULONG *qop)
{
    (void)sequence;
    count(TESTSSP_DECRYPT);
    if (qop)
        *qop = 0;
    return xor_data(context, message);
}

static SecurityFunctionTableW table_w = {
    .dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION,
    .EnumerateSecurityPackagesW = enumerate_packages,
    .AcquireCredentialsHandleW = acquire,
    .FreeCredentialsHandle = free_credentials,
    .InitializeSecurityContextW = initialize_context,
    .AcceptSecurityContext = accept_context,
    .DeleteSecurityContext = delete_context,
    .QueryContextAttributesW = query_context_w,
    .MakeSignature = sign,
    .VerifySignature = verify,
    .FreeContextBuffer = free_buffer,
    .QuerySecurityPackageInfoW = query_package,
    .EncryptMessage = encrypt,
    .DecryptMessage = decrypt,
};

/* The ANSI table only answers QueryContextAttributesA: what a dispatcher takes from it. */
static SecurityFunctionTableA table_a = {
    .dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION,
    .FreeCredentialsHandle = free_credentials,
    .AcceptSecurityContext = accept_context,
    .DeleteSecurityContext = delete_context,
    .QueryContextAttributesA = query_context_a,
    .MakeSignature = sign,
    .VerifySignature = verify,
    .FreeContextBuffer = free_buffer,
    .EncryptMessage = encrypt,
    .DecryptMessage = decrypt,
};

PSecurityFunctionTableW SEC_ENTRY testssp_init_w(void)
{
    return &table_w;
}

PSecurityFunctionTableA SEC_ENTRY testssp_init_a(void)
{
    return &table_a;
}
