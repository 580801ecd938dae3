/* The provider behind every hosted LSA package: credential and context objects wrap the
 * package's LSA_SEC_HANDLE; handshakes go to the LSA-mode table (SpInitLsaModeContext, ...) and
 * per-message calls to the user-mode table (MakeSignature, SealMessage, ...), as in Windows'
 * client dispatcher. A calls reach the packages with W data: an ANSI SEC_WINNT_AUTH_IDENTITY is
 * widened, and the string-bearing attributes are narrowed on the way back. */
#include "lsa_packages.h"

#include "platform.h"
#include "sspi_strings.h"

#include <stdlib.h>
#include <string.h>

typedef struct lsa_object {
    sspi_object base;
    const lsa_package *package;
    LSA_SEC_HANDLE handle;
    int user_mapped; /* InitUserModeContext accepted the packed context */
} lsa_object;

static const lsa_package *package_of(const sspi_package *package)
{
    return (const lsa_package *)package; /* entry is the first member */
}

static void free_credential(sspi_object *object)
{
    lsa_object *cred = (lsa_object *)object;
    if (cred->package->lsa->FreeCredentialsHandle)
        cred->package->lsa->FreeCredentialsHandle(cred->handle);
    free(cred);
}

static void free_context(sspi_object *object)
{
    lsa_object *ctx = (lsa_object *)object;
    const lsa_package *package = ctx->package;

    if (ctx->user_mapped && package->user && package->user->DeleteUserModeContext)
        package->user->DeleteUserModeContext(ctx->handle);
    if (package->lsa->DeleteContext)
        package->lsa->DeleteContext(ctx->handle);
    free(ctx);
}

static lsa_object *new_object(const lsa_package *package, LSA_SEC_HANDLE handle,
                              void (*destroy)(sspi_object *))
{
    lsa_object *object = calloc(1, sizeof(*object));
    if (!object)
        return NULL;
    sspi_object_init(&object->base, destroy);
    object->package = package;
    object->handle = handle;
    return object;
}

static PUNICODE_STRING unicode_string(const WCHAR *str, UNICODE_STRING *us)
{
    size_t len;
    if (!str)
        return NULL;
    len = wcslen(str) * sizeof(WCHAR);
    us->Length = (USHORT)len;
    us->MaximumLength = (USHORT)(len + sizeof(WCHAR));
    us->Buffer = (WCHAR *)str;
    return us;
}

/* ---- ANSI identities --------------------------------------------------------------------- */

typedef struct wide_identity {
    SEC_WINNT_AUTH_IDENTITY_W identity;
    WCHAR *strings[3];
} wide_identity;

static WCHAR *widen(const unsigned char *str, ULONG length, ULONG *wide_length)
{
    int len;
    WCHAR *out;

    *wide_length = 0;
    if (!str)
        return NULL;
    len = length ? MultiByteToWideChar(CP_ACP, 0, (const char *)str, (int)length, NULL, 0) : 0;
    out = calloc((size_t)len + 1, sizeof(WCHAR));
    if (out && len)
        MultiByteToWideChar(CP_ACP, 0, (const char *)str, (int)length, out, len);
    *wide_length = (ULONG)len;
    return out;
}

/* Returns the auth data the package should see: the caller's, or a widened copy in *wide. */
static void *widen_identity(void *auth_data, wide_identity *wide)
{
    SEC_WINNT_AUTH_IDENTITY_A *id = auth_data;

    memset(wide, 0, sizeof(*wide));
    if (!id || id->Flags != SEC_WINNT_AUTH_IDENTITY_ANSI)
        return auth_data;
    wide->strings[0] = widen(id->User, id->UserLength, &wide->identity.UserLength);
    wide->strings[1] = widen(id->Domain, id->DomainLength, &wide->identity.DomainLength);
    wide->strings[2] = widen(id->Password, id->PasswordLength, &wide->identity.PasswordLength);
    wide->identity.User = (unsigned short *)wide->strings[0];
    wide->identity.Domain = (unsigned short *)wide->strings[1];
    wide->identity.Password = (unsigned short *)wide->strings[2];
    wide->identity.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    return &wide->identity;
}

static void free_wide_identity(wide_identity *wide)
{
    int i;
    for (i = 0; i < 3; i++) {
        if (wide->strings[i])
            SecureZeroMemory(wide->strings[i], (wcslen(wide->strings[i]) + 1) * sizeof(WCHAR));
        free(wide->strings[i]);
    }
}

/* ---- credentials ------------------------------------------------------------------------- */

static SECURITY_STATUS lsa_acquire(const sspi_package *entry, const sspi_acquire_args *args,
                                   sspi_object **credential, PTimeStamp expiry)
{
    const lsa_package *package = package_of(entry);
    LSA_SEC_HANDLE handle = 0;
    UNICODE_STRING principal;
    wide_identity wide;
    lsa_object *object;
    void *auth_data;
    SECURITY_STATUS status;

    if (!args->handle_given)
        return SEC_E_INVALID_HANDLE;
    if (!package->lsa->AcquireCredentialsHandle)
        return SEC_E_UNSUPPORTED_FUNCTION;
    auth_data = widen_identity(args->auth_data, &wide);
    status = package->lsa->AcquireCredentialsHandle(
        unicode_string(args->principal, &principal), args->credential_use, args->logon_id,
        auth_data, (void *)args->get_key, args->get_key_arg, &handle, expiry);
    free_wide_identity(&wide);
    if (status != SEC_E_OK)
        return status;
    object = new_object(package, handle, free_credential);
    if (!object) {
        if (package->lsa->FreeCredentialsHandle)
            package->lsa->FreeCredentialsHandle(handle);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    *credential = &object->base;
    return SEC_E_OK;
}

static SECURITY_STATUS lsa_add_credentials(sspi_object *credential, const sspi_acquire_args *args,
                                           PTimeStamp expiry)
{
    lsa_object *cred = (lsa_object *)credential;
    UNICODE_STRING principal, package_name;
    wide_identity wide;
    void *auth_data;
    SECURITY_STATUS status;

    if (!cred->package->lsa->AddCredentials)
        return SEC_E_UNSUPPORTED_FUNCTION;
    auth_data = widen_identity(args->auth_data, &wide);
    status = cred->package->lsa->AddCredentials(
        cred->handle, unicode_string(args->principal, &principal),
        unicode_string(cred->package->entry.name, &package_name), args->credential_use, auth_data,
        (void *)args->get_key, args->get_key_arg, expiry);
    free_wide_identity(&wide);
    return status;
}

/* A strings the A entry points return: one platform buffer (FreeContextBuffer frees it). */
static SECURITY_STATUS narrow_string(WCHAR *wide, char **out)
{
    size_t size;

    *out = NULL;
    if (!wide)
        return SEC_E_OK;
    size = sspi_w_to_a_size(wide);
    *out = platform_buffer_alloc(size);
    if (*out)
        sspi_w_to_a(wide, *out, size);
    platform_buffer_free(wide); /* the package allocated it on the process heap */
    return *out ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

static SECURITY_STATUS narrow_package_info(SecPkgInfoW *wide, SecPkgInfoA **out)
{
    sspi_package view = {0};
    const sspi_package *list = &view;

    *out = NULL;
    if (!wide)
        return SEC_E_OK;
    view.name = wide->Name;
    view.comment = wide->Comment ? wide->Comment : (const WCHAR *)L"";
    view.capabilities = wide->fCapabilities;
    view.version = wide->wVersion;
    view.rpc_id = wide->wRPCID;
    view.max_token = wide->cbMaxToken;
    *out = wide->Name ? sspi_package_info_a(&list, 1) : NULL;
    platform_buffer_free(wide);
    return *out || !view.name ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* Narrows, in place, the W strings of attributes that carry them; others pass unchanged. */
static SECURITY_STATUS narrow_attribute(ULONG attribute, void *buffer)
{
    switch (attribute) {
    case SECPKG_ATTR_NAMES:
    case SECPKG_ATTR_AUTHORITY: /* SECPKG_ATTR_NAMES is also SECPKG_CRED_ATTR_NAMES */
        return narrow_string(*(WCHAR **)buffer, (char **)buffer);
    case SECPKG_ATTR_NATIVE_NAMES: {
        SecPkgContext_NativeNamesW *names = buffer;
        WCHAR *server = names->sServerName;
        SECURITY_STATUS status = narrow_string(names->sClientName, (char **)&names->sClientName);
        SECURITY_STATUS second = narrow_string(server, (char **)&names->sServerName);
        return status != SEC_E_OK ? status : second;
    }
    case SECPKG_ATTR_KEY_INFO: {
        SecPkgContext_KeyInfoW *info = buffer;
        WCHAR *encrypt = info->sEncryptAlgorithmName;
        SECURITY_STATUS status =
            narrow_string(info->sSignatureAlgorithmName, (char **)&info->sSignatureAlgorithmName);
        SECURITY_STATUS second = narrow_string(encrypt, (char **)&info->sEncryptAlgorithmName);
        return status != SEC_E_OK ? status : second;
    }
    case SECPKG_ATTR_PACKAGE_INFO:
        return narrow_package_info(*(SecPkgInfoW **)buffer, (SecPkgInfoA **)buffer);
    case SECPKG_ATTR_NEGOTIATION_INFO: {
        SecPkgContext_NegotiationInfoW *info = buffer;
        return narrow_package_info(info->PackageInfo, (SecPkgInfoA **)&info->PackageInfo);
    }
    default:
        return SEC_E_OK;
    }
}

static SECURITY_STATUS lsa_query_credentials(sspi_object *credential, int ansi, ULONG attribute,
                                             void *buffer)
{
    lsa_object *cred = (lsa_object *)credential;
    SECURITY_STATUS status;

    if (!cred->package->lsa->QueryCredentialsAttributes)
        return SEC_E_UNSUPPORTED_FUNCTION;
    status = cred->package->lsa->QueryCredentialsAttributes(cred->handle, attribute, buffer);
    if (status == SEC_E_OK && ansi && attribute == SECPKG_CRED_ATTR_NAMES)
        status = narrow_attribute(attribute, buffer);
    return status;
}

static SECURITY_STATUS lsa_set_credentials(sspi_object *credential, int ansi, ULONG attribute,
                                           void *buffer, ULONG size)
{
    lsa_object *cred = (lsa_object *)credential;
    if (!cred->package->lsa->SetCredentialsAttributes)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return cred->package->lsa->SetCredentialsAttributes(cred->handle, attribute, buffer, size);
}

/* ---- security contexts ------------------------------------------------------------------- */

int sspi_status_keeps_context(SECURITY_STATUS status)
{
    return status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED ||
           status == SEC_I_COMPLETE_NEEDED || status == SEC_I_COMPLETE_AND_CONTINUE;
}

/* Hands a context the LSA side marked as mapped to the user-mode side, as the client
 * dispatcher does before per-message calls. */
static void map_to_user_mode(lsa_object *ctx, BOOLEAN mapped, SecBuffer *context_data)
{
    const SECPKG_USER_FUNCTION_TABLE *user = ctx->package->user;

    if (mapped && !ctx->user_mapped && user && user->InitUserModeContext &&
        user->InitUserModeContext(ctx->handle, context_data) == STATUS_SUCCESS)
        ctx->user_mapped = 1;
    lsa_heap_free(context_data->pvBuffer);
}

typedef enum lsa_step { LSA_INITIALIZE, LSA_ACCEPT } lsa_step;

static SECURITY_STATUS lsa_context_step(lsa_step step, const sspi_context_args *args,
                                        sspi_object **new_context)
{
    lsa_object *cred = (lsa_object *)args->credential, *ctx = (lsa_object *)args->context;
    const lsa_package *package = ctx ? ctx->package : cred ? cred->package : NULL;
    LSA_SEC_HANDLE new_handle = 0;
    SecBuffer context_data = {0, SECBUFFER_EMPTY, NULL};
    UNICODE_STRING target;
    BOOLEAN mapped = FALSE;
    ULONG attributes = 0;
    TimeStamp expiry = {0};
    SECURITY_STATUS status;

    if (!package)
        return SEC_E_INVALID_HANDLE;
    if (!ctx && !args->new_context_given)
        return SEC_E_INVALID_HANDLE;
    if (step == LSA_INITIALIZE && !package->lsa->InitLsaModeContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    if (step == LSA_ACCEPT && !package->lsa->AcceptLsaModeContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    if (step == LSA_INITIALIZE)
        status = package->lsa->InitLsaModeContext(
            cred ? cred->handle : 0, ctx ? ctx->handle : 0, unicode_string(args->target, &target),
            args->context_req, args->target_data_rep, args->input, &new_handle, args->output,
            &attributes, &expiry, &mapped, &context_data);
    else
        status = package->lsa->AcceptLsaModeContext(
            cred ? cred->handle : 0, ctx ? ctx->handle : 0, args->input, args->context_req,
            args->target_data_rep, &new_handle, args->output, &attributes, &expiry, &mapped,
            &context_data);
    if (args->context_attr)
        *args->context_attr = attributes;
    if (args->expiry && sspi_status_keeps_context(status))
        *args->expiry = expiry;
    if (!sspi_status_keeps_context(status)) {
        lsa_heap_free(context_data.pvBuffer);
        return status;
    }
    if (ctx) {
        ctx->handle = new_handle ? new_handle : ctx->handle;
    } else {
        ctx = new_object(package, new_handle, free_context);
        if (!ctx) {
            if (package->lsa->DeleteContext)
                package->lsa->DeleteContext(new_handle);
            lsa_heap_free(context_data.pvBuffer);
            return SEC_E_INSUFFICIENT_MEMORY;
        }
        *new_context = &ctx->base;
    }
    map_to_user_mode(ctx, mapped, &context_data);
    return status;
}

static SECURITY_STATUS lsa_initialize(const sspi_context_args *args, sspi_object **new_context)
{
    return lsa_context_step(LSA_INITIALIZE, args, new_context);
}

static SECURITY_STATUS lsa_accept(const sspi_context_args *args, sspi_object **new_context)
{
    return lsa_context_step(LSA_ACCEPT, args, new_context);
}

static SECURITY_STATUS lsa_query_context(sspi_object *context, int ansi, ULONG attribute,
                                         void *buffer)
{
    lsa_object *ctx = (lsa_object *)context;
    const lsa_package *package = ctx->package;
    SECURITY_STATUS status;

    /* Wine's packages answer in their LSA-mode table; a user-mode one is the fallback. */
    if (package->lsa->QueryContextAttributes)
        status = package->lsa->QueryContextAttributes(ctx->handle, attribute, buffer);
    else if (package->user && package->user->QueryContextAttributes)
        status = package->user->QueryContextAttributes(ctx->handle, attribute, buffer);
    else
        return SEC_E_UNSUPPORTED_FUNCTION;
    if (status == SEC_E_OK && ansi)
        status = narrow_attribute(attribute, buffer);
    return status;
}

static SECURITY_STATUS lsa_set_context(sspi_object *context, int ansi, ULONG attribute,
                                       void *buffer, ULONG size)
{
    lsa_object *ctx = (lsa_object *)context;
    if (!ctx->package->lsa->SetContextAttributes)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return ctx->package->lsa->SetContextAttributes(ctx->handle, attribute, buffer, size);
}

static SECURITY_STATUS lsa_apply_control(sspi_object *context, PSecBufferDesc input)
{
    lsa_object *ctx = (lsa_object *)context;
    if (!ctx->package->lsa->ApplyControlToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return ctx->package->lsa->ApplyControlToken(ctx->handle, input);
}

static const SECPKG_USER_FUNCTION_TABLE *user_table(sspi_object *context)
{
    return ((lsa_object *)context)->package->user;
}

static LSA_SEC_HANDLE handle_of(sspi_object *context)
{
    return ((lsa_object *)context)->handle;
}

static SECURITY_STATUS lsa_complete(sspi_object *context, PSecBufferDesc token)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->CompleteAuthToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->CompleteAuthToken(handle_of(context), token);
}

static SECURITY_STATUS lsa_sign(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                ULONG sequence)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->MakeSignature)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->MakeSignature(handle_of(context), qop, message, sequence);
}

static SECURITY_STATUS lsa_verify(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                  ULONG *qop)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->VerifySignature)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->VerifySignature(handle_of(context), message, sequence, qop);
}

static SECURITY_STATUS lsa_encrypt(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                   ULONG sequence)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->SealMessage)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->SealMessage(handle_of(context), qop, message, sequence);
}

static SECURITY_STATUS lsa_decrypt(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                   ULONG *qop)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->UnsealMessage)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->UnsealMessage(handle_of(context), message, sequence, qop);
}

static SECURITY_STATUS lsa_context_token(sspi_object *context, void **token)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->GetContextToken)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->GetContextToken(handle_of(context), (PHANDLE)token);
}

/* The client-side impersonation of Windows: the context's token on this thread. */
static SECURITY_STATUS lsa_impersonate(sspi_object *context)
{
    HANDLE token = NULL;
    SECURITY_STATUS status = lsa_context_token(context, (void **)&token);

    if (status != SEC_E_OK)
        return status;
    return SetThreadToken(NULL, token) ? SEC_E_OK : SEC_E_NO_IMPERSONATION;
}

static SECURITY_STATUS lsa_revert(sspi_object *context)
{
    return RevertToSelf() ? SEC_E_OK : SEC_E_NO_IMPERSONATION;
}

static SECURITY_STATUS lsa_export(sspi_object *context, ULONG flags, PSecBuffer packed,
                                  void **token)
{
    const SECPKG_USER_FUNCTION_TABLE *user = user_table(context);
    if (!user || !user->ExportContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return user->ExportContext(handle_of(context), flags, packed, (PHANDLE)token);
}

static SECURITY_STATUS lsa_import(const sspi_package *entry, PSecBuffer packed, void *token,
                                  sspi_object **context)
{
    const lsa_package *package = package_of(entry);
    LSA_SEC_HANDLE handle = 0;
    lsa_object *object;
    SECURITY_STATUS status;

    if (!package->user || !package->user->ImportContext)
        return SEC_E_UNSUPPORTED_FUNCTION;
    status = package->user->ImportContext(packed, token, &handle);
    if (status != SEC_E_OK)
        return status;
    object = new_object(package, handle, free_context);
    if (!object)
        return SEC_E_INSUFFICIENT_MEMORY;
    object->user_mapped = 1;
    *context = &object->base;
    return SEC_E_OK;
}

const sspi_provider lsa_provider = {
    .acquire_credentials = lsa_acquire,
    .query_credentials_attributes = lsa_query_credentials,
    .set_credentials_attributes = lsa_set_credentials,
    .add_credentials = lsa_add_credentials,
    .initialize_context = lsa_initialize,
    .accept_context = lsa_accept,
    .complete_auth_token = lsa_complete,
    .apply_control_token = lsa_apply_control,
    .query_context_attributes = lsa_query_context,
    .set_context_attributes = lsa_set_context,
    .impersonate = lsa_impersonate,
    .revert = lsa_revert,
    .query_context_token = lsa_context_token,
    .make_signature = lsa_sign,
    .verify_signature = lsa_verify,
    .encrypt = lsa_encrypt,
    .decrypt = lsa_decrypt,
    .export_context = lsa_export,
    .import_context = lsa_import,
};
