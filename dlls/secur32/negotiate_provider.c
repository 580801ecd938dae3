/* Negotiate where no DLL supplies it (Wine 8 keeps it inside its secur32): a credential holds
 * one credential of each hosted package that accepted it, Kerberos first, then NTLM; a context
 * is the first of them whose InitializeSecurityContext / AcceptSecurityContext succeeds, and
 * every later call goes to that package. What it lists is what Wine's Negotiate lists. */
#include "lsa_packages.h"

#include <stdlib.h>

/* SecPkgInfo of Negotiate on Windows and Wine (rpc id RPC_C_AUTHN_GSS_NEGOTIATE). */
#define NEGOTIATE_CAPS                                                                             \
    (SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION |                        \
     SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION |         \
     SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_GSS_COMPATIBLE |         \
     SECPKG_FLAG_LOGON | SECPKG_FLAG_RESTRICTED_TOKENS)
#define NEGOTIATE_RPC_ID 9
/* The smallest cbMaxToken Windows (before Windows 8) and Wine report for it. */
#define NEGOTIATE_MIN_MAX_TOKEN 12000
/* Wine's msv1_0: do not fall back to cached (winbind) credentials when none were given. */
#define WINE_NO_CACHED_CREDENTIALS 0x10000000

#define INNER_COUNT 2
static const WCHAR *const inner_names[INNER_COUNT] = {L"Kerberos", L"NTLM"};

typedef struct nego_credential {
    sspi_object base;
    const sspi_package *package[INNER_COUNT];
    sspi_object *inner[INNER_COUNT];
} nego_credential;

typedef struct nego_context {
    sspi_object base;
    const sspi_package *package;
    sspi_object *inner;
} nego_context;

static int running_on_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

static void free_credential(sspi_object *object)
{
    nego_credential *cred = (nego_credential *)object;
    int i;
    for (i = 0; i < INNER_COUNT; i++)
        sspi_object_unref(cred->inner[i]);
    free(cred);
}

static void free_context(sspi_object *object)
{
    nego_context *ctx = (nego_context *)object;
    sspi_object_unref(ctx->inner);
    free(ctx);
}

static SECURITY_STATUS nego_acquire(const sspi_package *package, const sspi_acquire_args *args,
                                    sspi_object **credential, PTimeStamp expiry)
{
    SECURITY_STATUS status = SEC_E_NO_CREDENTIALS;
    nego_credential *cred;
    sspi_acquire_args inner_args;
    const sspi_package *inner;
    int i, found = 0;

    if (!args->handle_given)
        return SEC_E_INVALID_HANDLE;
    cred = calloc(1, sizeof(*cred));
    if (!cred)
        return SEC_E_INSUFFICIENT_MEMORY;
    sspi_object_init(&cred->base, free_credential);
    for (i = 0; i < INNER_COUNT; i++) {
        inner = sspi_package_find(inner_names[i]);
        if (!inner || !inner->provider->acquire_credentials)
            continue;
        inner_args = *args;
        if (i == 1 && !args->auth_data && running_on_wine())
            inner_args.credential_use |= WINE_NO_CACHED_CREDENTIALS;
        status = inner->provider->acquire_credentials(inner, &inner_args, &cred->inner[i], expiry);
        if (status == SEC_E_OK) {
            cred->package[i] = inner;
            found = 1;
        }
    }
    if (!found) {
        sspi_object_unref(&cred->base);
        return status;
    }
    *credential = &cred->base;
    return SEC_E_OK;
}

static sspi_object *first_inner(sspi_object *credential, const sspi_package **package)
{
    nego_credential *cred = (nego_credential *)credential;
    int i;
    for (i = 0; i < INNER_COUNT; i++)
        if (cred->inner[i]) {
            *package = cred->package[i];
            return cred->inner[i];
        }
    return NULL;
}

static SECURITY_STATUS nego_query_credentials(sspi_object *credential, int ansi, ULONG attribute,
                                              void *buffer)
{
    const sspi_package *package = NULL;
    sspi_object *inner = first_inner(credential, &package);

    if (!inner || !package->provider->query_credentials_attributes)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return package->provider->query_credentials_attributes(inner, ansi, attribute, buffer);
}

typedef enum nego_step { NEGO_INITIALIZE, NEGO_ACCEPT } nego_step;

static SECURITY_STATUS inner_step(nego_step step, const sspi_package *package,
                                  const sspi_context_args *args, sspi_object **new_context)
{
    const sspi_provider *p = package->provider;
    if (step == NEGO_INITIALIZE)
        return p->initialize_context ? p->initialize_context(args, new_context)
                                     : SEC_E_UNSUPPORTED_FUNCTION;
    return p->accept_context ? p->accept_context(args, new_context) : SEC_E_UNSUPPORTED_FUNCTION;
}

/* A continuation goes to the package the context chose. */
static SECURITY_STATUS continue_step(nego_step step, const sspi_context_args *args)
{
    nego_context *ctx = (nego_context *)args->context;
    sspi_context_args inner_args = *args;
    sspi_object *replaced = NULL;
    SECURITY_STATUS status;

    inner_args.context = ctx->inner;
    inner_args.credential = NULL;
    status = inner_step(step, ctx->package, &inner_args, &replaced);
    if (replaced) { /* the package made a new context: it replaces the old one */
        sspi_object_unref(ctx->inner);
        ctx->inner = replaced;
    }
    return status;
}

static SECURITY_STATUS first_step(nego_step step, const sspi_context_args *args,
                                  sspi_object **new_context)
{
    nego_credential *cred = (nego_credential *)args->credential;
    sspi_context_args inner_args = *args;
    SECURITY_STATUS status = SEC_E_INVALID_HANDLE;
    sspi_object *inner = NULL;
    nego_context *ctx;
    int i;

    if (!args->new_context_given)
        return SEC_E_INVALID_HANDLE;
    for (i = 0; i < INNER_COUNT; i++) {
        if (!cred->inner[i])
            continue;
        inner_args.credential = cred->inner[i];
        inner = NULL;
        status = inner_step(step, cred->package[i], &inner_args, &inner);
        if (sspi_status_keeps_context(status) && inner)
            break;
        sspi_object_unref(inner);
        inner = NULL;
    }
    if (!inner)
        return status;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx) {
        sspi_object_unref(inner);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    sspi_object_init(&ctx->base, free_context);
    ctx->package = cred->package[i];
    ctx->inner = inner;
    *new_context = &ctx->base;
    return status;
}

static SECURITY_STATUS nego_initialize(const sspi_context_args *args, sspi_object **new_context)
{
    return args->context ? continue_step(NEGO_INITIALIZE, args)
                         : first_step(NEGO_INITIALIZE, args, new_context);
}

static SECURITY_STATUS nego_accept(const sspi_context_args *args, sspi_object **new_context)
{
    return args->context ? continue_step(NEGO_ACCEPT, args)
                         : first_step(NEGO_ACCEPT, args, new_context);
}

/* Every per-context call is the chosen package's. */
#define CHOSEN(context) (((nego_context *)(context))->package->provider)
#define INNER(context)  (((nego_context *)(context))->inner)

static SECURITY_STATUS nego_complete(sspi_object *context, PSecBufferDesc token)
{
    const sspi_provider *p = CHOSEN(context);
    return p->complete_auth_token ? p->complete_auth_token(INNER(context), token)
                                  : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_apply_control(sspi_object *context, PSecBufferDesc input)
{
    const sspi_provider *p = CHOSEN(context);
    return p->apply_control_token ? p->apply_control_token(INNER(context), input)
                                  : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_query_context(sspi_object *context, int ansi, ULONG attribute,
                                          void *buffer)
{
    const sspi_provider *p = CHOSEN(context);
    return p->query_context_attributes
               ? p->query_context_attributes(INNER(context), ansi, attribute, buffer)
               : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_set_context(sspi_object *context, int ansi, ULONG attribute,
                                        void *buffer, ULONG size)
{
    const sspi_provider *p = CHOSEN(context);
    return p->set_context_attributes
               ? p->set_context_attributes(INNER(context), ansi, attribute, buffer, size)
               : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_impersonate(sspi_object *context)
{
    const sspi_provider *p = CHOSEN(context);
    return p->impersonate ? p->impersonate(INNER(context)) : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_revert(sspi_object *context)
{
    const sspi_provider *p = CHOSEN(context);
    return p->revert ? p->revert(INNER(context)) : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_context_token(sspi_object *context, void **token)
{
    const sspi_provider *p = CHOSEN(context);
    return p->query_context_token ? p->query_context_token(INNER(context), token)
                                  : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_sign(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                 ULONG sequence)
{
    const sspi_provider *p = CHOSEN(context);
    return p->make_signature ? p->make_signature(INNER(context), qop, message, sequence)
                             : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_verify(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                   ULONG *qop)
{
    const sspi_provider *p = CHOSEN(context);
    return p->verify_signature ? p->verify_signature(INNER(context), message, sequence, qop)
                               : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_encrypt(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                    ULONG sequence)
{
    const sspi_provider *p = CHOSEN(context);
    return p->encrypt ? p->encrypt(INNER(context), qop, message, sequence)
                      : SEC_E_UNSUPPORTED_FUNCTION;
}

static SECURITY_STATUS nego_decrypt(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                    ULONG *qop)
{
    const sspi_provider *p = CHOSEN(context);
    return p->decrypt ? p->decrypt(INNER(context), message, sequence, qop)
                      : SEC_E_UNSUPPORTED_FUNCTION;
}

static const sspi_provider negotiate_provider = {
    .acquire_credentials = nego_acquire,
    .query_credentials_attributes = nego_query_credentials,
    .initialize_context = nego_initialize,
    .accept_context = nego_accept,
    .complete_auth_token = nego_complete,
    .apply_control_token = nego_apply_control,
    .query_context_attributes = nego_query_context,
    .set_context_attributes = nego_set_context,
    .impersonate = nego_impersonate,
    .revert = nego_revert,
    .query_context_token = nego_context_token,
    .make_signature = nego_sign,
    .verify_signature = nego_verify,
    .encrypt = nego_encrypt,
    .decrypt = nego_decrypt,
};

static sspi_package negotiate = {
    L"Negotiate",     L"Microsoft Package Negotiator", NEGOTIATE_CAPS,      1,
    NEGOTIATE_RPC_ID, NEGOTIATE_MIN_MAX_TOKEN,         &negotiate_provider,
};

/* Its cbMaxToken covers the largest token of the packages it may choose. */
const sspi_package *negotiate_package(void)
{
    const lsa_package *const *loaded;
    size_t i, count = lsa_loaded_packages(&loaded);
    int j;

    for (i = 0; i < count; i++)
        for (j = 0; j < INNER_COUNT; j++)
            if (!_wcsicmp(loaded[i]->entry.name, inner_names[j]) &&
                loaded[i]->entry.max_token > negotiate.max_token)
                negotiate.max_token = loaded[i]->entry.max_token;
    return &negotiate;
}
