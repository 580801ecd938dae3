/* The LSA's side of the package interface, for packages hosted in the caller's process: the
 * "client" is this process, so client buffers are ordinary memory. Logon sessions and the
 * credential store belong to the real LSA and are reported as not implemented. */
#include "lsa_packages.h"

#include <string.h>

/* One heap for LSA, client and private memory: buffers the packages hand to callers are freed
 * by FreeContextBuffer / LsaFreeReturnBuffer, which use the process heap too. */
void *lsa_heap_alloc(SIZE_T size)
{
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size ? size : 1);
}

void lsa_heap_free(void *ptr)
{
    if (ptr)
        HeapFree(GetProcessHeap(), 0, ptr);
}

WCHAR *lsa_heap_wcsdup(const WCHAR *str)
{
    size_t size = (str ? wcslen(str) + 1 : 1) * sizeof(WCHAR);
    WCHAR *copy = lsa_heap_alloc(size);
    if (copy && str)
        memcpy(copy, str, size);
    return copy;
}

static PVOID NTAPI allocate_lsa_heap(ULONG length)
{
    return lsa_heap_alloc(length);
}

static VOID NTAPI free_lsa_heap(PVOID base)
{
    lsa_heap_free(base);
}

static PVOID NTAPI allocate_private_heap(SIZE_T length)
{
    return lsa_heap_alloc(length);
}

static NTSTATUS NTAPI allocate_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length,
                                             PVOID *client_base)
{
    *client_base = lsa_heap_alloc(length);
    return *client_base ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

static NTSTATUS NTAPI free_client_buffer(PLSA_CLIENT_REQUEST request, PVOID client_base)
{
    lsa_heap_free(client_base);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI copy_to_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length,
                                            PVOID client_base, PVOID buffer)
{
    memcpy(client_base, buffer, length);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI copy_from_client_buffer(PLSA_CLIENT_REQUEST request, ULONG length,
                                              PVOID buffer, PVOID client_base)
{
    memcpy(buffer, client_base, length);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI create_logon_session(PLUID logon_id)
{
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI delete_logon_session(PLUID logon_id)
{
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI add_credential(PLUID logon_id, ULONG package, PLSA_STRING key,
                                     PLSA_STRING credentials)
{
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI get_credentials(PLUID logon_id, ULONG package, PULONG query_context,
                                      BOOLEAN all, PLSA_STRING key, PULONG key_length,
                                      PLSA_STRING credentials)
{
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI delete_credential(PLUID logon_id, ULONG package, PLSA_STRING key)
{
    return STATUS_NOT_IMPLEMENTED;
}

/* The caller already runs as the client. */
static NTSTATUS NTAPI impersonate_client(VOID)
{
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI get_client_info(PSECPKG_CLIENT_INFO info)
{
    HANDLE token = NULL;
    TOKEN_STATISTICS stats;
    DWORD size = 0;

    memset(info, 0, sizeof(*info));
    info->ProcessID = GetCurrentProcessId();
    info->ThreadID = GetCurrentThreadId();
    info->ImpersonationLevel = SecurityImpersonation;
    if (OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token))
        info->Impersonating = TRUE;
    else if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        token = NULL;
    if (token && GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &size))
        info->LogonId = stats.AuthenticationId;
    if (token)
        CloseHandle(token);
    return STATUS_SUCCESS;
}

static BOOLEAN NTAPI get_call_info(PSECPKG_CALL_INFO info)
{
    info->ProcessId = GetCurrentProcessId();
    info->ThreadId = GetCurrentThreadId();
    info->Attributes = SECPKG_CALL_IN_PROC;
    info->CallCount = 1;
    return TRUE;
}

static NTSTATUS NTAPI register_callback(ULONG id, PLSA_CALLBACK_FUNCTION callback)
{
    return STATUS_NOT_IMPLEMENTED;
}

/* Its first members are the LSA_DISPATCH_TABLE that LsaApInitializePackage receives. */
LSA_SECPKG_FUNCTION_TABLE lsa_callbacks = {
    .CreateLogonSession = create_logon_session,
    .DeleteLogonSession = delete_logon_session,
    .AddCredential = add_credential,
    .GetCredentials = get_credentials,
    .DeleteCredential = delete_credential,
    .AllocateLsaHeap = allocate_lsa_heap,
    .FreeLsaHeap = free_lsa_heap,
    .AllocateClientBuffer = allocate_client_buffer,
    .FreeClientBuffer = free_client_buffer,
    .CopyToClientBuffer = copy_to_client_buffer,
    .CopyFromClientBuffer = copy_from_client_buffer,
    .ImpersonateClient = impersonate_client,
    .GetClientInfo = get_client_info,
    .FreeReturnBuffer = free_lsa_heap,
    .GetCallInfo = get_call_info,
    .AllocatePrivateHeap = allocate_private_heap,
    .FreePrivateHeap = free_lsa_heap,
};

SECPKG_DLL_FUNCTIONS lsa_dll_callbacks = {
    .AllocateHeap = allocate_lsa_heap,
    .FreeHeap = free_lsa_heap,
    .RegisterCallback = register_callback,
};
