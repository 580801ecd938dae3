/* The Lsa* exports of Windows' secur32 (sspicli.dll holds them on Windows; Wine's sspicli
 * forwards them back to secur32, so they must live here). Authentication-package calls go to
 * the LSA packages this secur32 hosts; logon sessions are the caller's own. */
#include "lsa_packages.h"

#include <stdlib.h>
#include <string.h>

#define LSA_CONNECTION_MAGIC 0x4C534130 /* "LSA0" */

typedef struct lsa_connection {
    ULONG magic;
} lsa_connection;

static NTSTATUS new_connection(PHANDLE handle)
{
    lsa_connection *connection;

    if (!handle)
        return STATUS_INVALID_PARAMETER;
    connection = calloc(1, sizeof(*connection));
    if (!connection)
        return STATUS_NO_MEMORY;
    connection->magic = LSA_CONNECTION_MAGIC;
    *handle = connection;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LsaConnectUntrusted(PHANDLE LsaHandle)
{
    return new_connection(LsaHandle);
}

/* Windows requires the TCB privilege; a hosted LSA has nothing to protect. */
NTSTATUS NTAPI LsaRegisterLogonProcess(PLSA_STRING LogonProcessName, PHANDLE LsaHandle,
                                       PLSA_OPERATIONAL_MODE SecurityMode)
{
    if (SecurityMode)
        *SecurityMode = 0;
    return new_connection(LsaHandle);
}

NTSTATUS NTAPI LsaDeregisterLogonProcess(HANDLE LsaHandle)
{
    lsa_connection *connection = LsaHandle;

    if (!connection || connection->magic != LSA_CONNECTION_MAGIC)
        return STATUS_INVALID_HANDLE;
    connection->magic = 0;
    free(connection);
    return STATUS_SUCCESS;
}

static int lsa_name_equals(const LSA_STRING *a, const char *b, size_t b_length)
{
    return a && a->Length == b_length && !_strnicmp(a->Buffer, b, b_length);
}

static int wide_name_equals(const WCHAR *wide, const LSA_STRING *name)
{
    USHORT i;
    for (i = 0; i < name->Length; i++)
        if (!wide[i] || towlower(wide[i]) != towlower((unsigned char)name->Buffer[i]))
            return 0;
    return !wide[i];
}

static const lsa_package *find_by_id(ULONG id)
{
    const lsa_package *const *packages;
    size_t i, count = lsa_loaded_packages(&packages);
    for (i = 0; i < count; i++)
        if (packages[i]->package_id == id)
            return packages[i];
    return NULL;
}

/* By the name the package registered with the LSA (MICROSOFT_AUTHENTICATION_PACKAGE_V1_0,
 * Kerberos) or by its SSPI name (NTLM). */
NTSTATUS NTAPI LsaLookupAuthenticationPackage(HANDLE LsaHandle, PLSA_STRING PackageName,
                                              PULONG AuthenticationPackage)
{
    const lsa_package *const *packages;
    size_t i, count = lsa_loaded_packages(&packages);

    if (!PackageName || !PackageName->Buffer || !AuthenticationPackage)
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < count; i++) {
        const LSA_STRING *registered = packages[i]->auth_name;
        if ((registered && lsa_name_equals(PackageName, registered->Buffer, registered->Length)) ||
            wide_name_equals(packages[i]->entry.name, PackageName)) {
            *AuthenticationPackage = packages[i]->package_id;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NO_SUCH_PACKAGE;
}

NTSTATUS NTAPI LsaCallAuthenticationPackage(HANDLE LsaHandle, ULONG AuthenticationPackage,
                                            PVOID ProtocolSubmitBuffer, ULONG SubmitBufferLength,
                                            PVOID *ProtocolReturnBuffer, PULONG ReturnBufferLength,
                                            PNTSTATUS ProtocolStatus)
{
    const lsa_package *package = find_by_id(AuthenticationPackage);

    if (!package)
        return STATUS_NO_SUCH_PACKAGE;
    if (!package->lsa->CallPackageUntrusted)
        return STATUS_NOT_IMPLEMENTED;
    /* The submit buffer is already in the "client's" address space: this process. */
    return package->lsa->CallPackageUntrusted(NULL, ProtocolSubmitBuffer, ProtocolSubmitBuffer,
                                              SubmitBufferLength, ProtocolReturnBuffer,
                                              ReturnBufferLength, ProtocolStatus);
}

NTSTATUS NTAPI LsaFreeReturnBuffer(PVOID Buffer)
{
    lsa_heap_free(Buffer);
    return STATUS_SUCCESS;
}

/* Creating logon sessions needs the real LSA. */
NTSTATUS NTAPI LsaLogonUser(HANDLE LsaHandle, PLSA_STRING OriginName, SECURITY_LOGON_TYPE LogonType,
                            ULONG AuthenticationPackage, PVOID AuthenticationInformation,
                            ULONG AuthenticationInformationLength, PTOKEN_GROUPS LocalGroups,
                            PTOKEN_SOURCE SourceContext, PVOID *ProfileBuffer,
                            PULONG ProfileBufferLength, PLUID LogonId, PHANDLE Token,
                            PQUOTA_LIMITS Quotas, PNTSTATUS SubStatus)
{
    return STATUS_NOT_IMPLEMENTED;
}

/* The logon session of this process's token: the one session a hosted LSA knows. */
static int own_logon_id(LUID *id)
{
    HANDLE token;
    TOKEN_STATISTICS stats;
    DWORD size = 0;
    int found;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 0;
    found = GetTokenInformation(token, TokenStatistics, &stats, sizeof(stats), &size);
    CloseHandle(token);
    if (found)
        *id = stats.AuthenticationId;
    return found;
}

NTSTATUS NTAPI LsaEnumerateLogonSessions(PULONG LogonSessionCount, PLUID *LogonSessionList)
{
    LUID *list;

    if (!LogonSessionCount || !LogonSessionList)
        return STATUS_INVALID_PARAMETER;
    *LogonSessionCount = 0;
    *LogonSessionList = NULL;
    list = lsa_heap_alloc(sizeof(*list));
    if (!list)
        return STATUS_NO_MEMORY;
    if (!own_logon_id(list)) {
        lsa_heap_free(list);
        return STATUS_SUCCESS;
    }
    *LogonSessionList = list;
    *LogonSessionCount = 1;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LsaGetLogonSessionData(PLUID LogonId,
                                      PSECURITY_LOGON_SESSION_DATA *ppLogonSessionData)
{
    if (ppLogonSessionData)
        *ppLogonSessionData = NULL;
    return STATUS_NOT_IMPLEMENTED;
}

typedef NTSTATUS(NTAPI *policy_notification_fn)(POLICY_NOTIFICATION_INFORMATION_CLASS, HANDLE);

/* advapi32 implements policy notifications; this secur32 only passes the call on. */
static NTSTATUS call_advapi32(const char *name, POLICY_NOTIFICATION_INFORMATION_CLASS info_class,
                              HANDLE event)
{
    HMODULE advapi32 = GetModuleHandleW(L"advapi32.dll");
    policy_notification_fn call =
        advapi32 ? (policy_notification_fn)(void *)GetProcAddress(advapi32, name) : NULL;
    return call ? call(info_class, event) : STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI LsaRegisterPolicyChangeNotification(
    POLICY_NOTIFICATION_INFORMATION_CLASS InformationClass, HANDLE NotificationEventHandle)
{
    return call_advapi32("LsaRegisterPolicyChangeNotification", InformationClass,
                         NotificationEventHandle);
}

NTSTATUS NTAPI LsaUnregisterPolicyChangeNotification(
    POLICY_NOTIFICATION_INFORMATION_CLASS InformationClass, HANDLE NotificationEventHandle)
{
    return call_advapi32("LsaUnregisterPolicyChangeNotification", InformationClass,
                         NotificationEventHandle);
}
