/* Security-context exports: InitializeSecurityContext, AcceptSecurityContext, deletion, control
 * tokens, attributes, and the context calls Schannel leaves to other packages. */
#include "sspi_dispatch.h"
#include "sspi_strings.h"
#include "sspi_trace.h"

#include <stdlib.h>

/* Resolves the handles of an ISC/ASC call: the context when one is given (continuation), else
 * the credential. phNewContext is not touched on failure. */
static SECURITY_STATUS resolve_step(PCredHandle phCredential, PCtxtHandle phContext,
                                    const sspi_package **package, sspi_context_args *args)
{
    const sspi_package *cred_package = NULL;
    SECURITY_STATUS status;

    if (phContext) {
        status = sspi_resolve(phContext, SSPI_HANDLE_CONTEXT, package, &args->context);
        /* A credential given on a continuation is optional: one that does not resolve, or
         * belongs to another provider, is ignored. */
        if (status == SEC_E_OK && phCredential &&
            sspi_resolve(phCredential, SSPI_HANDLE_CREDENTIAL, &cred_package,
                         &args->continuation_credential) == SEC_E_OK &&
            cred_package->provider != (*package)->provider) {
            sspi_object_unref(args->continuation_credential);
            args->continuation_credential = NULL;
        }
        return status;
    }
    status = sspi_resolve(phCredential, SSPI_HANDLE_CREDENTIAL, package, &args->credential);
    return status;
}

typedef enum step_kind { STEP_INITIALIZE, STEP_ACCEPT } step_kind;

static SECURITY_STATUS run_step(step_kind kind, PCredHandle phCredential, PCtxtHandle phContext,
                                const WCHAR *target, ULONG req, ULONG data_rep,
                                PSecBufferDesc input, PCtxtHandle phNewContext,
                                PSecBufferDesc output, ULONG *attr, PTimeStamp expiry)
{
    const sspi_package *package = NULL;
    sspi_object *new_context = NULL;
    sspi_context_args args = {0};
    SECURITY_STATUS status, stored;
    CtxtHandle handle;

    status = resolve_step(phCredential, phContext, &package, &args);
    if (status != SEC_E_OK)
        return status;
    args.target = target;
    args.context_req = req;
    args.target_data_rep = data_rep;
    args.input = input;
    args.output = output;
    args.context_attr = attr;
    args.expiry = expiry;
    args.new_context_given = phNewContext != NULL;
    if (kind == STEP_INITIALIZE && package->provider->initialize_context)
        status = package->provider->initialize_context(&args, &new_context);
    else if (kind == STEP_ACCEPT && package->provider->accept_context)
        status = package->provider->accept_context(&args, &new_context);
    else
        status = SEC_E_UNSUPPORTED_FUNCTION;

    if (new_context) {
        /* A new context keeps one handle value for its whole life. */
        stored = sspi_handle_insert(sspi_handles(), SSPI_HANDLE_CONTEXT, sspi_package_tag(package),
                                    new_context, &handle);
        if (stored == SEC_E_OK)
            *phNewContext = handle;
        else
            status = stored;
        sspi_object_unref(new_context);
    } else if (phContext && phNewContext && status >= 0) {
        *phNewContext = *phContext;
    }
    sspi_object_unref(args.context);
    sspi_object_unref(args.credential);
    sspi_object_unref(args.continuation_credential);
    return status;
}

static SECURITY_STATUS context_step(step_kind kind, PCredHandle phCredential, PCtxtHandle phContext,
                                    const WCHAR *target, ULONG req, ULONG data_rep,
                                    PSecBufferDesc input, PCtxtHandle phNewContext,
                                    PSecBufferDesc output, ULONG *attr, PTimeStamp expiry)
{
    sspi_trace_line line;
    SECURITY_STATUS status;

    if (!SSPI_TRACE_ON())
        return run_step(kind, phCredential, phContext, target, req, data_rep, input, phNewContext,
                        output, attr, expiry);
    sspi_trace_begin(&line, kind == STEP_INITIALIZE ? "InitializeSecurityContext"
                                                    : "AcceptSecurityContext");
    sspi_trace_handle(&line, "cred", phCredential);
    sspi_trace_handle(&line, "ctx", phContext);
    if (kind == STEP_INITIALIZE)
        sspi_trace_wtext(&line, "target", target);
    sspi_trace_hex(&line, "req", req);
    sspi_trace_buffers(&line, "in", input);
    status = run_step(kind, phCredential, phContext, target, req, data_rep, input, phNewContext,
                      output, attr, expiry);
    sspi_trace_status(&line, status);
    if (status >= 0) { /* success and SEC_I_*: the handle and attributes are the caller's now */
        sspi_trace_handle(&line, "new", phNewContext);
        if (attr)
            sspi_trace_hex(&line, "attr", *attr);
    }
    sspi_trace_buffers(&line, "in_after", input);
    sspi_trace_buffers(&line, "out", output);
    sspi_trace_end(&line);
    return status;
}

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW(
    PCredHandle phCredential, PCtxtHandle phContext, SEC_WCHAR *pszTargetName, ULONG fContextReq,
    ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
    PCtxtHandle phNewContext, PSecBufferDesc pOutput, ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    return context_step(STEP_INITIALIZE, phCredential, phContext, pszTargetName, fContextReq,
                        TargetDataRep, pInput, phNewContext, pOutput, pfContextAttr, ptsExpiry);
}

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA(
    PCredHandle phCredential, PCtxtHandle phContext, SEC_CHAR *pszTargetName, ULONG fContextReq,
    ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
    PCtxtHandle phNewContext, PSecBufferDesc pOutput, ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    WCHAR *target = NULL;
    SECURITY_STATUS status = sspi_a_to_w(pszTargetName, &target);

    if (status == SEC_E_OK)
        status =
            context_step(STEP_INITIALIZE, phCredential, phContext, target, fContextReq,
                         TargetDataRep, pInput, phNewContext, pOutput, pfContextAttr, ptsExpiry);
    free(target);
    return status;
}

SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
                                                PSecBufferDesc pInput, ULONG fContextReq,
                                                ULONG TargetDataRep, PCtxtHandle phNewContext,
                                                PSecBufferDesc pOutput, ULONG *pfContextAttr,
                                                PTimeStamp ptsExpiry)
{
    return context_step(STEP_ACCEPT, phCredential, phContext, NULL, fContextReq, TargetDataRep,
                        pInput, phNewContext, pOutput, pfContextAttr, ptsExpiry);
}

static SECURITY_STATUS delete_context(PCtxtHandle phContext)
{
    sspi_object *context = NULL;

    if (!phContext || !sspi_package_from_tag(phContext->dwUpper))
        return SEC_E_INVALID_HANDLE;
    if (sspi_handle_remove(sspi_handles(), phContext, SSPI_HANDLE_CONTEXT, &context) != SEC_E_OK)
        return SEC_E_INVALID_HANDLE;
    /* No close_notify is sent: that is ApplyControlToken's job. */
    sspi_object_unref(context);
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext)
{
    SECURITY_STATUS status = delete_context(phContext);

    if (SSPI_TRACE_ON())
        sspi_trace_handle_call("DeleteSecurityContext", phContext, status);
    return status;
}

/* The calls taking only a context handle and a few pass-through arguments. */
typedef enum ctx_call {
    CTX_APPLY_CONTROL_TOKEN,
    CTX_COMPLETE_AUTH_TOKEN,
    CTX_QUERY,
    CTX_QUERY_EX,
    CTX_SET,
    CTX_IMPERSONATE,
    CTX_REVERT,
    CTX_QUERY_TOKEN,
    CTX_EXPORT,
} ctx_call;
static const char *const ctx_call_names[] = {
    "ApplyControlToken",        "CompleteAuthToken",         "QueryContextAttributes",
    "QueryContextAttributesEx", "SetContextAttributes",      "ImpersonateSecurityContext",
    "RevertSecurityContext",    "QuerySecurityContextToken", "ExportSecurityContext",
};

typedef struct ctx_call_args {
    int ansi;
    ULONG attribute;
    void *buffer;
    ULONG size;
    PSecBufferDesc desc;
    PSecBuffer packed;
    void **token;
} ctx_call_args;

static SECURITY_STATUS call_provider(const sspi_provider *p, ctx_call call, sspi_object *ctx,
                                     const ctx_call_args *a)
{
    switch (call) {
    case CTX_APPLY_CONTROL_TOKEN:
        return p->apply_control_token ? p->apply_control_token(ctx, a->desc)
                                      : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_COMPLETE_AUTH_TOKEN:
        return p->complete_auth_token ? p->complete_auth_token(ctx, a->desc)
                                      : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_QUERY:
        return p->query_context_attributes
                   ? p->query_context_attributes(ctx, a->ansi, a->attribute, a->buffer)
                   : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_QUERY_EX:
        return p->query_context_attributes_ex
                   ? p->query_context_attributes_ex(ctx, a->ansi, a->attribute, a->buffer, a->size)
                   : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_SET:
        return p->set_context_attributes
                   ? p->set_context_attributes(ctx, a->ansi, a->attribute, a->buffer, a->size)
                   : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_IMPERSONATE:
        return p->impersonate ? p->impersonate(ctx) : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_REVERT:
        return p->revert ? p->revert(ctx) : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_QUERY_TOKEN:
        return p->query_context_token ? p->query_context_token(ctx, a->token)
                                      : SEC_E_UNSUPPORTED_FUNCTION;
    case CTX_EXPORT:
        return p->export_context ? p->export_context(ctx, a->size, a->packed, a->token)
                                 : SEC_E_UNSUPPORTED_FUNCTION;
    }
    return SEC_E_UNSUPPORTED_FUNCTION;
}

static void trace_context_call(ctx_call call, const CtxtHandle *handle, const ctx_call_args *a,
                               SECURITY_STATUS status)
{
    sspi_trace_line line;

    sspi_trace_begin(&line, ctx_call_names[call]);
    sspi_trace_handle(&line, "ctx", handle);
    if (call == CTX_QUERY || call == CTX_QUERY_EX || call == CTX_SET)
        sspi_trace_hex(&line, "attribute", a->attribute);
    if (a->desc)
        sspi_trace_buffers(&line, "buffers", a->desc);
    sspi_trace_status(&line, status);
    sspi_trace_end(&line);
}

static SECURITY_STATUS context_call(ctx_call call, PCtxtHandle phContext, const ctx_call_args *a)
{
    const sspi_package *package;
    sspi_object *context = NULL;
    SECURITY_STATUS status = sspi_resolve(phContext, SSPI_HANDLE_CONTEXT, &package, &context);

    if (status == SEC_E_OK) {
        status = call_provider(package->provider, call, context, a);
        sspi_object_unref(context);
    }
    if (SSPI_TRACE_ON())
        trace_context_call(call, phContext, a, status);
    return status;
}

SECURITY_STATUS SEC_ENTRY ApplyControlToken(PCtxtHandle phContext, PSecBufferDesc pInput)
{
    ctx_call_args a = {0};
    a.desc = pInput;
    return context_call(CTX_APPLY_CONTROL_TOKEN, phContext, &a);
}

SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
    ctx_call_args a = {0};
    a.desc = pToken;
    return context_call(CTX_COMPLETE_AUTH_TOKEN, phContext, &a);
}

static SECURITY_STATUS query_context(ctx_call call, PCtxtHandle phContext, int ansi,
                                     ULONG attribute, void *buffer, ULONG size)
{
    ctx_call_args a = {0};
    a.ansi = ansi;
    a.attribute = attribute;
    a.buffer = buffer;
    a.size = size;
    return context_call(call, phContext, &a);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
                                                  void *pBuffer)
{
    return query_context(CTX_QUERY, phContext, 0, ulAttribute, pBuffer, 0);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
                                                  void *pBuffer)
{
    return query_context(CTX_QUERY, phContext, 1, ulAttribute, pBuffer, 0);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW(PCtxtHandle phContext, ULONG ulAttribute,
                                                    void *pBuffer, ULONG cbBuffer)
{
    return query_context(CTX_QUERY_EX, phContext, 0, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA(PCtxtHandle phContext, ULONG ulAttribute,
                                                    void *pBuffer, ULONG cbBuffer)
{
    return query_context(CTX_QUERY_EX, phContext, 1, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY SetContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
                                                void *pBuffer, ULONG cbBuffer)
{
    return query_context(CTX_SET, phContext, 0, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY SetContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
                                                void *pBuffer, ULONG cbBuffer)
{
    return query_context(CTX_SET, phContext, 1, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle phContext)
{
    ctx_call_args a = {0};
    return context_call(CTX_IMPERSONATE, phContext, &a);
}

SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle phContext)
{
    ctx_call_args a = {0};
    return context_call(CTX_REVERT, phContext, &a);
}

SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(PCtxtHandle phContext, HANDLE *Token)
{
    ctx_call_args a = {0};
    a.token = Token;
    return context_call(CTX_QUERY_TOKEN, phContext, &a);
}

SECURITY_STATUS SEC_ENTRY ExportSecurityContext(PCtxtHandle phContext, ULONG fFlags,
                                                PSecBuffer pPackedContext, void **pToken)
{
    ctx_call_args a = {0};
    a.size = fFlags;
    a.packed = pPackedContext;
    a.token = pToken;
    return context_call(CTX_EXPORT, phContext, &a);
}

static SECURITY_STATUS import_context(const sspi_package *package, PSecBuffer packed, void *token,
                                      PCtxtHandle phContext)
{
    SECURITY_STATUS status;
    sspi_object *context = NULL;
    CtxtHandle handle;

    if (!package->provider->import_context)
        return SEC_E_UNSUPPORTED_FUNCTION;
    status = package->provider->import_context(package, packed, token, &context);
    if (status != SEC_E_OK)
        return status;
    status = phContext ? sspi_handle_insert(sspi_handles(), SSPI_HANDLE_CONTEXT,
                                            sspi_package_tag(package), context, &handle)
                       : SEC_E_INVALID_HANDLE;
    if (status == SEC_E_OK)
        *phContext = handle;
    sspi_object_unref(context);
    return status;
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(SEC_WCHAR *pszPackage, PSecBuffer pPackedContext,
                                                 void *Token, PCtxtHandle phContext)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_w(pszPackage, &package);

    if (status != SEC_E_OK)
        return status;
    return import_context(package, pPackedContext, Token, phContext);
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(SEC_CHAR *pszPackage, PSecBuffer pPackedContext,
                                                 void *Token, PCtxtHandle phContext)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_a(pszPackage, &package);

    if (status != SEC_E_OK)
        return status;
    return import_context(package, pPackedContext, Token, phContext);
}
