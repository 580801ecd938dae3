/* User-mode SSP DLLs listed in HKLM\System\CurrentControlSet\Control\SecurityProviders (the
 * "SecurityProviders" value, comma-separated), as Windows' dispatcher loads them: each DLL's
 * InitSecurityInterfaceW table lists its packages, and every call for them goes through that
 * table with the DLL's own handles kept inside ours. Wine 8 registers none. */
#include "lsa_packages.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SSP_PACKAGES    8
#define MAX_PROVIDERS_VALUE 1024

typedef struct ssp_package {
    sspi_package entry; /* first member */
    PSecurityFunctionTableW table;
    PSecurityFunctionTableA table_a; /* may be NULL */
} ssp_package;

typedef struct ssp_object {
    sspi_object base;
    const ssp_package *package;
    SecHandle handle;
} ssp_object;

static ssp_package ssp_packages[MAX_SSP_PACKAGES];
static size_t ssp_count;

static void free_credential(sspi_object *object)
{
    ssp_object *cred = (ssp_object *)object;
    if (cred->package->table->FreeCredentialsHandle)
        cred->package->table->FreeCredentialsHandle(&cred->handle);
    free(cred);
}

static void free_context(sspi_object *object)
{
    ssp_object *ctx = (ssp_object *)object;
    if (ctx->package->table->DeleteSecurityContext)
        ctx->package->table->DeleteSecurityContext(&ctx->handle);
    free(ctx);
}

static ssp_object *new_object(const ssp_package *package, const SecHandle *handle,
                              void (*destroy)(sspi_object *))
{
    ssp_object *object = calloc(1, sizeof(*object));
    if (!object)
        return NULL;
    sspi_object_init(&object->base, destroy);
    object->package = package;
    object->handle = *handle;
    return object;
}

static SECURITY_STATUS ssp_acquire(const sspi_package *entry, const sspi_acquire_args *args,
                                   sspi_object **credential, PTimeStamp expiry)
{
    const ssp_package *package = (const ssp_package *)entry;
    CredHandle handle;
    ssp_object *object;
    SECURITY_STATUS status;

    if (!args->handle_given)
        return SEC_E_INVALID_HANDLE;
    if (!package->table->AcquireCredentialsHandleW)
        return SEC_E_UNSUPPORTED_FUNCTION;
    status = package->table->AcquireCredentialsHandleW(
        (SEC_WCHAR *)args->principal, (SEC_WCHAR *)entry->name, args->credential_use,
        args->logon_id, args->auth_data, args->get_key, args->get_key_arg, &handle, expiry);
    if (status != SEC_E_OK)
        return status;
    object = new_object(package, &handle, free_credential);
    if (!object) {
        package->table->FreeCredentialsHandle(&handle);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    *credential = &object->base;
    return SEC_E_OK;
}

static SECURITY_STATUS ssp_query_credentials(sspi_object *credential, int ansi, ULONG attribute,
                                             void *buffer)
{
    ssp_object *cred = (ssp_object *)credential;
    if (ansi && cred->package->table_a && cred->package->table_a->QueryCredentialsAttributesA)
        return cred->package->table_a->QueryCredentialsAttributesA(&cred->handle, attribute,
                                                                   buffer);
    if (!cred->package->table->QueryCredentialsAttributesW)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return cred->package->table->QueryCredentialsAttributesW(&cred->handle, attribute, buffer);
}

typedef enum ssp_step { SSP_INITIALIZE, SSP_ACCEPT } ssp_step;

static SECURITY_STATUS ssp_context_step(ssp_step step, const sspi_context_args *args,
                                        sspi_object **new_context)
{
    ssp_object *cred = (ssp_object *)args->credential, *ctx = (ssp_object *)args->context;
    const ssp_package *package = ctx ? ctx->package : cred->package;
    PSecurityFunctionTableW table = package->table;
    CtxtHandle new_handle = {0, 0};
    SECURITY_STATUS status;

    if (!ctx && !args->new_context_given)
        return SEC_E_INVALID_HANDLE;
    /* On a later call an SSP may leave phNewContext alone (callers often pass phContext there). */
    if (ctx)
        new_handle = ctx->handle;
    if (step == SSP_INITIALIZE && table->InitializeSecurityContextW)
        status = table->InitializeSecurityContextW(
            cred ? &cred->handle : NULL, ctx ? &ctx->handle : NULL, (SEC_WCHAR *)args->target,
            args->context_req, 0, args->target_data_rep, args->input, 0, &new_handle, args->output,
            args->context_attr, args->expiry);
    else if (step == SSP_ACCEPT && table->AcceptSecurityContext)
        status = table->AcceptSecurityContext(
            cred ? &cred->handle : NULL, ctx ? &ctx->handle : NULL, args->input, args->context_req,
            args->target_data_rep, &new_handle, args->output, args->context_attr, args->expiry);
    else
        return SEC_E_UNSUPPORTED_FUNCTION;
    if (!sspi_status_keeps_context(status))
        return status;
    if (ctx) {
        ctx->handle = new_handle;
        return status;
    }
    ctx = new_object(package, &new_handle, free_context);
    if (!ctx) {
        table->DeleteSecurityContext(&new_handle);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    *new_context = &ctx->base;
    return status;
}

static SECURITY_STATUS ssp_initialize(const sspi_context_args *args, sspi_object **new_context)
{
    return ssp_context_step(SSP_INITIALIZE, args, new_context);
}

static SECURITY_STATUS ssp_accept(const sspi_context_args *args, sspi_object **new_context)
{
    return ssp_context_step(SSP_ACCEPT, args, new_context);
}

#define TABLE(object)     (((ssp_object *)(object))->package->table)
#define HANDLE_OF(object) (&((ssp_object *)(object))->handle)

static SECURITY_STATUS ssp_query_context(sspi_object *context, int ansi, ULONG attribute,
                                         void *buffer)
{
    const ssp_package *package = ((ssp_object *)context)->package;
    if (ansi && package->table_a && package->table_a->QueryContextAttributesA)
        return package->table_a->QueryContextAttributesA(HANDLE_OF(context), attribute, buffer);
    if (!TABLE(context)->QueryContextAttributesW)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->QueryContextAttributesW(HANDLE_OF(context), attribute, buffer);
}

static SECURITY_STATUS ssp_complete(sspi_object *context, PSecBufferDesc token)
{
    if (!TABLE(context)->CompleteAuthToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->CompleteAuthToken(HANDLE_OF(context), token);
}

static SECURITY_STATUS ssp_apply_control(sspi_object *context, PSecBufferDesc input)
{
    if (!TABLE(context)->ApplyControlToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->ApplyControlToken(HANDLE_OF(context), input);
}

static SECURITY_STATUS ssp_sign(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                ULONG sequence)
{
    if (!TABLE(context)->MakeSignature)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->MakeSignature(HANDLE_OF(context), qop, message, sequence);
}

static SECURITY_STATUS ssp_verify(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                  ULONG *qop)
{
    if (!TABLE(context)->VerifySignature)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->VerifySignature(HANDLE_OF(context), message, sequence, qop);
}

static SECURITY_STATUS ssp_encrypt(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                   ULONG sequence)
{
    if (!TABLE(context)->EncryptMessage)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->EncryptMessage(HANDLE_OF(context), qop, message, sequence);
}

static SECURITY_STATUS ssp_decrypt(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                   ULONG *qop)
{
    if (!TABLE(context)->DecryptMessage)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->DecryptMessage(HANDLE_OF(context), message, sequence, qop);
}

static SECURITY_STATUS ssp_impersonate(sspi_object *context)
{
    if (!TABLE(context)->ImpersonateSecurityContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->ImpersonateSecurityContext(HANDLE_OF(context));
}

static SECURITY_STATUS ssp_revert(sspi_object *context)
{
    if (!TABLE(context)->RevertSecurityContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->RevertSecurityContext(HANDLE_OF(context));
}

static SECURITY_STATUS ssp_context_token(sspi_object *context, void **token)
{
    if (!TABLE(context)->QuerySecurityContextToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return TABLE(context)->QuerySecurityContextToken(HANDLE_OF(context), token);
}

static const sspi_provider ssp_dll_provider = {
    .acquire_credentials = ssp_acquire,
    .query_credentials_attributes = ssp_query_credentials,
    .initialize_context = ssp_initialize,
    .accept_context = ssp_accept,
    .complete_auth_token = ssp_complete,
    .apply_control_token = ssp_apply_control,
    .query_context_attributes = ssp_query_context,
    .impersonate = ssp_impersonate,
    .revert = ssp_revert,
    .query_context_token = ssp_context_token,
    .make_signature = ssp_sign,
    .verify_signature = ssp_verify,
    .encrypt = ssp_encrypt,
    .decrypt = ssp_decrypt,
};

static void load_ssp_dll(const WCHAR *name)
{
    HMODULE module = LoadLibraryW(name);
    INIT_SECURITY_INTERFACE_W init_w;
    INIT_SECURITY_INTERFACE_A init_a;
    PSecurityFunctionTableW table;
    PSecPkgInfoW info = NULL;
    ULONG count = 0, i;
    size_t first = ssp_count;

    if (!module)
        return;
    init_w = (INIT_SECURITY_INTERFACE_W)(void *)GetProcAddress(module, "InitSecurityInterfaceW");
    init_a = (INIT_SECURITY_INTERFACE_A)(void *)GetProcAddress(module, "InitSecurityInterfaceA");
    table = init_w ? init_w() : NULL;
    if (table && table->EnumerateSecurityPackagesW &&
        table->EnumerateSecurityPackagesW(&count, &info) == SEC_E_OK && info) {
        for (i = 0; i < count && ssp_count < MAX_SSP_PACKAGES; i++) {
            ssp_package *package = &ssp_packages[ssp_count];
            package->entry.name = lsa_heap_wcsdup(info[i].Name);
            package->entry.comment = lsa_heap_wcsdup(info[i].Comment);
            if (!package->entry.name || !package->entry.comment)
                continue;
            package->entry.capabilities = info[i].fCapabilities;
            package->entry.version = info[i].wVersion;
            package->entry.rpc_id = info[i].wRPCID;
            package->entry.max_token = info[i].cbMaxToken;
            package->entry.provider = &ssp_dll_provider;
            package->table = table;
            package->table_a = init_a ? init_a() : NULL;
            ssp_count++;
        }
        if (table->FreeContextBuffer)
            table->FreeContextBuffer(info);
    }
    if (ssp_count == first)
        FreeLibrary(module);
}

/* DLLs whose SSPI table is this secur32's own (security.dll and Wine's sspicli forward to it;
 * schannel.dll is ours here): loading them would ask this registry while it is being built. */
static int is_this_dispatcher(const WCHAR *name)
{
    static const WCHAR *const own[] = {L"secur32.dll",  L"security.dll", L"sspicli.dll",
                                       L"schannel.dll", L"secur32",      L"security",
                                       L"sspicli",      L"schannel"};
    size_t i;
    for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (!_wcsicmp(name, own[i]))
            return 1;
    return 0;
}

/* The value's DLL names, separated by commas and spaces. */
static void load_listed_dlls(WCHAR *value)
{
    WCHAR *name = value, *end;

    while (*name) {
        while (*name == L',' || *name == L' ')
            name++;
        for (end = name; *end && *end != L','; end++)
            ;
        if (end > name) {
            WCHAR saved = *end;
            WCHAR *last = end;
            while (last > name && last[-1] == L' ')
                last--;
            *end = 0;
            *last = 0;
            if (!is_this_dispatcher(name))
                load_ssp_dll(name);
            *end = saved;
        }
        name = end;
    }
}

size_t ssp_dll_packages(const sspi_package **packages, size_t max)
{
    WCHAR value[MAX_PROVIDERS_VALUE];
    DWORD size = sizeof(value) - sizeof(WCHAR), type = 0;
    HKEY key;
    size_t i;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"System\\CurrentControlSet\\Control\\SecurityProviders",
                      0, KEY_READ, &key) != ERROR_SUCCESS)
        return 0;
    memset(value, 0, sizeof(value));
    if (RegQueryValueExW(key, L"SecurityProviders", NULL, &type, (BYTE *)value, &size) ==
            ERROR_SUCCESS &&
        (type == REG_SZ || type == REG_EXPAND_SZ))
        load_listed_dlls(value);
    RegCloseKey(key);
    for (i = 0; i < ssp_count && i < max; i++)
        packages[i] = &ssp_packages[i].entry;
    return i;
}
