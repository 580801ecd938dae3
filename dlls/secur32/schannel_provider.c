/* The Schannel security package: its SecPkgInfo entries and the provider functions behind them.
 * Handles arrive resolved (sspi_provider.h); this file applies Schannel's argument rules in
 * Windows' order and hands the TLS work to the engine (tls_engine.h). */
#include "schannel_context.h"
#include "schannel_dtls.h"
#include "schannel_input.h"
#include "sspi_strings.h"
#include "platform.h"
#include "sspi_buffers.h"
#include "sspi_packages.h"

#include <stdlib.h>
#include <string.h>

#define DTLS_BITS (SP_PROT_DTLS1_0 | SP_PROT_DTLS1_2)

/* ------------------------------------------------------------------ credentials */

static SECURITY_STATUS acquire_credentials(const sspi_package *package,
                                           const sspi_acquire_args *args, sspi_object **credential,
                                           PTimeStamp expiry)
{
    SECURITY_STATUS status;
    schannel_cred_params params;
    schannel_credential *cred = NULL;

    status = schannel_parse_credentials(args->credential_use, args->auth_data, &params);
    if (status != SEC_E_OK)
        goto done;
    /* Windows crashes here on a NULL phCredential; every earlier error still comes first. */
    if (!args->handle_given) {
        status = SEC_E_INVALID_HANDLE;
        goto done;
    }
    status = schannel_credential_new(args->credential_use, &params, &cred);
    if (status != SEC_E_OK)
        goto done;
    if (expiry) {
        /* Outbound credentials do not expire; a server's lasts as long as its certificate. */
        if (args->credential_use == SECPKG_CRED_OUTBOUND) {
            expiry->LowPart = 0;
            expiry->HighPart = 0;
        } else if (cred->certificate && cred->certificate->pCertInfo) {
            expiry->LowPart = cred->certificate->pCertInfo->NotAfter.dwLowDateTime;
            expiry->HighPart = (LONG)cred->certificate->pCertInfo->NotAfter.dwHighDateTime;
        }
    }
    *credential = &cred->base;
done:
    return status;
}

static SECURITY_STATUS query_credentials_attributes(sspi_object *credential, int ansi,
                                                    ULONG attribute, void *buffer)
{
    return schannel_query_credentials((schannel_credential *)credential, ansi, attribute, buffer);
}

static SECURITY_STATUS set_credentials_attributes(sspi_object *credential, int ansi,
                                                  ULONG attribute, void *buffer, ULONG size)
{
    return schannel_set_credentials((schannel_credential *)credential, ansi, attribute, buffer,
                                    size);
}

/* ------------------------------------------------------------------ contexts */

static void destroy_context(sspi_object *object)
{
    schannel_ctx *ctx = (schannel_ctx *)object;
    tls_session_free(ctx->session);
    tls_bytes_free(&ctx->paused_input);
    schannel_keying_request_clear(&ctx->keying);
    if (ctx->credential)
        sspi_object_unref(&ctx->credential->base);
    platform_mutex_free(ctx->lock);
    free(ctx);
}

/* How this context judges its peer: a client validates automatically unless the credential or
 * this first call asks for manual validation. A server asks for a client certificate when told
 * to (ASC_REQ_MUTUAL_AUTH) and validates the one it gets against the credential's hRootStore or
 * the system roots (no name to check), refusing a bad one with Windows' status and alert; a
 * server credential with SCH_CRED_MANUAL_CRED_VALIDATION leaves judging it to the application,
 * as Windows' documentation tells servers to do. */
static void session_params(const schannel_credential *cred, const sspi_context_args *args,
                           int is_server, const char *target, tls_session_params *params)
{
    int manual = (cred->flags & SCH_CRED_MANUAL_CRED_VALIDATION) ||
                 (!is_server && (args->context_req & ISC_REQ_MANUAL_CRED_VALIDATION));

    memset(params, 0, sizeof(*params));
    params->is_server = is_server;
    params->target_name = target;
    params->validation = manual ? TLS_VALIDATE_NONE : TLS_VALIDATE_AUTO;
    params->check_name = !is_server && !(cred->flags & SCH_CRED_NO_SERVERNAME_CHECK);
    params->request_client_cert = is_server && (args->context_req & ASC_REQ_MUTUAL_AUTH);
}

static char *target_utf8(const WCHAR *target)
{
    size_t size;
    char *name;

    if (!target)
        return NULL;
    size = sspi_w_to_a_size(target);
    name = malloc(size);
    if (name)
        sspi_w_to_a(target, name, size);
    return name;
}

static SECURITY_STATUS context_new(schannel_credential *cred, const sspi_context_args *args,
                                   int is_server, schannel_ctx **context)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    schannel_ctx *ctx = calloc(1, sizeof(*ctx));
    tls_session_params params;
    tls_credential *engine;
    char *target = NULL;

    if (!ctx)
        return SEC_E_INSUFFICIENT_MEMORY;
    sspi_object_init(&ctx->base, destroy_context);
    sspi_object_ref(&cred->base);
    ctx->credential = cred;
    ctx->is_server = is_server;
    ctx->header_size = (cred->protocols & DTLS_BITS) ? SCHANNEL_DTLS_HEADER : SCHANNEL_TLS_HEADER;
    ctx->lock = platform_mutex_new();
    target = target_utf8(args->target);
    if (!ctx->lock || (args->target && !target))
        goto fail;
    session_params(cred, args, is_server, target, &params);
    engine = schannel_credential_engine(cred);
    status = tls_session_new(engine, &params, &ctx->session);
    tls_credential_unref(engine);
    if (status != SEC_E_OK)
        goto fail;
    schannel_apply_alpn(ctx->session, args->input);
    schannel_dtls_apply_mtu(ctx->session, args->input);
    free(target);
    *context = ctx;
    return SEC_E_OK;
fail:
    free(target);
    sspi_object_unref(&ctx->base);
    return status;
}

static int succeeded(SECURITY_STATUS status)
{
    return status >= 0;
}

/* Hands engine output to the caller's TOKEN buffer (allocating when asked or needed). */
static SECURITY_STATUS put_records(const sspi_context_args *args, const tls_bytes *records)
{
    unsigned char *copy = NULL;
    int allocated = 0;

    if (records->len) {
        copy = platform_buffer_alloc(records->len);
        if (!copy)
            return SEC_E_INSUFFICIENT_MEMORY;
        memcpy(copy, records->data, records->len);
    }
    return schannel_put_output(args->output, args->context_req & ISC_REQ_ALLOCATE_MEMORY, copy,
                               records->len, &allocated);
}

/* A failed step still tells the peer why: the alert goes to the ALERT buffer when there is one
 * (.NET sends it), else to the token when the caller asked for extended errors. */
static void put_failure_alert(const sspi_context_args *args, int is_server,
                              const tls_bytes *records)
{
    ULONG extended = is_server ? ASC_REQ_EXTENDED_ERROR : ISC_REQ_EXTENDED_ERROR;
    int alert = sspi_find_buffer(args->output, SECBUFFER_ALERT, 0);
    SecBuffer *target = alert >= 0 ? &args->output->pBuffers[alert] : NULL;
    int allocate = (args->context_req & ISC_REQ_ALLOCATE_MEMORY) != 0;

    schannel_clear_alert_buffers(args->output);
    if (!records->len)
        return;
    if (!target && (args->context_req & extended)) {
        put_records(args, records);
        return;
    }
    if (target && (allocate || !target->pvBuffer)) {
        target->pvBuffer = platform_buffer_alloc(records->len);
        if (target->pvBuffer) {
            memcpy(target->pvBuffer, records->data, records->len);
            target->cbBuffer = (ULONG)records->len;
        }
    } else if (target && target->cbBuffer >= records->len) {
        memcpy(target->pvBuffer, records->data, records->len);
        target->cbBuffer = (ULONG)records->len;
    }
}

/* Keeps the input of a step that paused for a client certificate: curl and .NET give the same
 * bytes again, Qt only what was left over (EXTRA), others nothing; none may be read twice or
 * lost. */
static SECURITY_STATUS pause_for_credentials(schannel_ctx *ctx, const BYTE *input, size_t len,
                                             size_t consumed)
{
    ctx->credentials_needed = 1;
    ctx->paused_input.len = 0;
    ctx->paused_consumed = consumed;
    if (len && !tls_bytes_append(&ctx->paused_input, input, len))
        return SEC_E_INSUFFICIENT_MEMORY;
    return SEC_E_OK;
}

/* Runs the engine on `len` bytes at `in` (none on a client's first call or when a renegotiation
 * starts), which start `skip` bytes into the TOKEN input buffer `token` (-1: the bytes are not the
 * caller's), and reports output, leftover input and attributes the way Windows does. A failure
 * sticks to the context. */
static SECURITY_STATUS run_engine(schannel_ctx *ctx, const sspi_context_args *args, const BYTE *in,
                                  size_t len, int token, size_t skip)
{
    SECURITY_STATUS status, put;
    tls_bytes records = {0};
    size_t consumed = 0;

    status = tls_session_handshake(ctx->session, len ? in : NULL, len, &consumed, &records);
    if (!succeeded(status)) {
        put_failure_alert(args, ctx->is_server, &records);
        ctx->failure = status;
        goto done;
    }
    consumed += skip;
    schannel_clear_alert_buffers(args->output);
    put = put_records(args, &records);
    if (put == SEC_E_OK && status == SEC_I_INCOMPLETE_CREDENTIALS && token >= 0)
        put = pause_for_credentials(ctx, args->input->pBuffers[token].pvBuffer,
                                    args->input->pBuffers[token].cbBuffer, consumed);
    else if (put == SEC_E_OK && status == SEC_I_INCOMPLETE_CREDENTIALS)
        put = pause_for_credentials(ctx, in ? in + consumed : NULL, len - consumed, 0);
    if (put == SEC_E_OK && token >= 0)
        put = schannel_report_extra(args->input, token, consumed);
    if (put != SEC_E_OK) {
        status = put;
        ctx->failure = put; /* the records are lost: the connection cannot go on */
        goto done;
    }
    if (status == SEC_E_OK && !ctx->handshake_done)
        status = schannel_check_alpn_limits(ctx);
    if (!succeeded(status)) {
        ctx->failure = status;
        goto done;
    }
    if (status == SEC_E_OK) {
        ctx->handshake_done = 1;
        ctx->renegotiating = 0;
    } else if (status == SEC_I_RENEGOTIATE) {
        /* Application data came first: the caller decrypts it, and the renegotiation goes on
         * through DecryptMessage (SEC_I_RENEGOTIATE again when we have something to send). */
        status = SEC_E_OK;
    }
    if (args->context_attr)
        *args->context_attr = schannel_context_attr(ctx->is_server, args->context_req);
done:
    tls_bytes_free(&records);
    return status;
}

/* The engine on the first `len` bytes of the TOKEN input (`token` -1: no input). */
static SECURITY_STATUS run_handshake(schannel_ctx *ctx, const sspi_context_args *args, int token,
                                     size_t len)
{
    const BYTE *in = token >= 0 ? args->input->pBuffers[token].pvBuffer : NULL;
    return run_engine(ctx, args, in, len, token, 0);
}

/* The alert ApplyControlToken queued replaces the handshake step; its input is ignored. */
static SECURITY_STATUS deliver_alert(schannel_ctx *ctx, const sspi_context_args *args)
{
    SECURITY_STATUS status;
    tls_bytes records = {0};

    ctx->alert_pending = 0;
    status =
        tls_session_alert(ctx->session, (int)ctx->alert_level, (int)ctx->alert_number, &records);
    if (succeeded(status))
        status = put_records(args, &records);
    if (succeeded(status) && args->context_attr)
        *args->context_attr = schannel_context_attr(ctx->is_server, args->context_req);
    tls_bytes_free(&records);
    return status;
}

/* A step on a connection whose handshake is complete. Output the engine queued (the answer to
 * a TLS 1.3 key update) goes out at once, so that a caller told SEC_I_RENEGOTIATE never waits for
 * data that will not come; records given as input (Qt re-feeds what it kept) are all left for
 * DecryptMessage as EXTRA. Without either there is nothing to do (reference §2.14). */
static SECURITY_STATUS step_when_complete(schannel_ctx *ctx, const sspi_context_args *args)
{
    int token = args->input ? sspi_find_buffer(args->input, SECBUFFER_TOKEN, 0) : -1;
    int has_records = token >= 0 && args->input->pBuffers[token].cbBuffer;
    tls_bytes records = {0};
    SECURITY_STATUS status = SEC_E_INCOMPLETE_MESSAGE;

    if (!ctx->renegotiating && !has_records)
        goto done;
    status = SEC_E_INSUFFICIENT_MEMORY;
    if (!tls_session_take_pending(ctx->session, &records))
        goto done;
    status = put_records(args, &records);
    if (status == SEC_E_OK && has_records)
        status = schannel_report_extra(args->input, token, 0);
    if (status != SEC_E_OK)
        goto done;
    ctx->renegotiating = 0;
    if (args->context_attr)
        *args->context_attr = schannel_context_attr(ctx->is_server, args->context_req);
done:
    tls_bytes_free(&records);
    return status;
}

static int token_is_empty(const sspi_context_args *args)
{
    int token = sspi_find_buffer(args->input, SECBUFFER_TOKEN, 0);
    return token < 0 || !args->input->pBuffers[token].cbBuffer;
}

/* The peer's records at the start of the TOKEN input (schannel_check_handshake_input). Input
 * that is no TLS at all is refused the way Windows refuses it after running it through the
 * handshake: SEC_E_INVALID_TOKEN with an empty output token (reference §3.5). */
static SECURITY_STATUS check_input(const sspi_context_args *args, size_t header_size, int *token,
                                   size_t *complete)
{
    SECURITY_STATUS status =
        schannel_check_handshake_input(args->input, header_size, token, complete);
    int index = sspi_find_buffer(args->input, SECBUFFER_TOKEN, 0);
    size_t whole = 0, missing = 0;

    /* Only bytes that are no TLS records empty the output; a malformed descriptor (an EMPTY
     * buffer with a size) leaves it alone, so the caller can retry with the same buffers. */
    if (status == SEC_E_INVALID_TOKEN && index >= 0 && args->input->pBuffers[index].pvBuffer &&
        schannel_scan_records(args->input->pBuffers[index].pvBuffer,
                              args->input->pBuffers[index].cbBuffer, header_size, &whole,
                              &missing) == SEC_E_INVALID_TOKEN)
        args->output->pBuffers[0].cbBuffer = 0;
    return status;
}

/* The call after SEC_I_INCOMPLETE_CREDENTIALS goes on without a certificate unless its credential
 * brought one. Input that repeats what the paused call consumed is skipped; without input, what
 * it left over is used. */
static SECURITY_STATUS resume_with_credentials(schannel_ctx *ctx, const sspi_context_args *args)
{
    int token = args->input ? sspi_find_buffer(args->input, SECBUFFER_TOKEN, 0) : -1;
    const SecBuffer *in = token >= 0 ? &args->input->pBuffers[token] : NULL;
    const BYTE *bytes = in ? in->pvBuffer : NULL;
    size_t len = in ? in->cbBuffer : 0, skip = 0, complete = 0, missing = 0;
    tls_bytes paused = ctx->paused_input;
    SECURITY_STATUS status;

    if (len && !bytes)
        return SEC_E_INVALID_TOKEN;
    if (ctx->paused_consumed && len >= ctx->paused_consumed &&
        !memcmp(bytes, paused.data, ctx->paused_consumed))
        skip = ctx->paused_consumed;
    if (!len) { /* the left-over bytes are ours to give */
        bytes = paused.data;
        skip = ctx->paused_consumed;
        len = paused.len;
        token = -1;
    }
    if (len > skip && schannel_scan_records(bytes + skip, len - skip, ctx->header_size, &complete,
                                            &missing) == SEC_E_INVALID_TOKEN)
        return SEC_E_INVALID_TOKEN;
    ctx->credentials_needed = 0;
    memset(&ctx->paused_input, 0, sizeof(ctx->paused_input));
    tls_session_allow_anonymous(ctx->session, 1);
    status =
        run_engine(ctx, args, bytes ? bytes + skip : NULL, complete, token, token >= 0 ? skip : 0);
    tls_bytes_free(&paused);
    return status;
}

/* A credential given to a later ISC with a certificate of its own (after
 * SEC_I_INCOMPLETE_CREDENTIALS, or when a server renegotiates to ask for one) becomes the
 * context's: its certificate answers the server from now on. */
static SECURITY_STATUS adopt_credential(schannel_ctx *ctx, sspi_object *object)
{
    schannel_credential *cred = (schannel_credential *)object;
    tls_credential *engine;
    SECURITY_STATUS status;

    if (!cred || cred == ctx->credential || ctx->is_server || !cred->certificate ||
        !(cred->credential_use & SECPKG_CRED_OUTBOUND))
        return SEC_E_OK;
    engine = schannel_credential_engine(cred);
    status = tls_session_adopt_certificate(ctx->session, engine);
    tls_credential_unref(engine);
    if (status != SEC_E_OK)
        return status;
    sspi_object_ref(&cred->base);
    sspi_object_unref(&ctx->credential->base);
    ctx->credential = cred;
    return SEC_E_OK;
}

/* AcceptSecurityContext without input on an established server context asks the client for a
 * new handshake (.NET's renegotiation, with ASC_REQ_MUTUAL_AUTH to get a client certificate):
 * SEC_E_OK with the HelloRequest to send; TLS 1.3 has no renegotiation, only a certificate
 * request a client may have agreed to (else SEC_I_NO_RENEGOTIATION, the session unchanged). */
static SECURITY_STATUS start_renegotiation(schannel_ctx *ctx, const sspi_context_args *args)
{
    tls_bytes records = {0};
    SECURITY_STATUS status = tls_session_renegotiate(
        ctx->session, (args->context_req & ASC_REQ_MUTUAL_AUTH) != 0, &records);

    if (status == SEC_E_OK) {
        schannel_clear_alert_buffers(args->output);
        status = put_records(args, &records);
        if (status == SEC_E_OK)
            ctx->renegotiating = tls_session_in_handshake(ctx->session);
        if (status == SEC_E_OK && args->context_attr)
            *args->context_attr = schannel_context_attr(1, args->context_req);
    }
    if (!succeeded(status))
        ctx->failure = status;
    tls_bytes_free(&records);
    return status;
}

static int wants_renegotiation(schannel_ctx *ctx, const sspi_context_args *args, int accept)
{
    return accept && ctx->is_server && ctx->handshake_done && !ctx->renegotiating &&
           ctx->header_size == SCHANNEL_TLS_HEADER && (!args->input || token_is_empty(args)) &&
           !tls_session_in_handshake(ctx->session);
}

static SECURITY_STATUS continue_context(schannel_ctx *ctx, const sspi_context_args *args,
                                        int accept)
{
    SECURITY_STATUS status;
    size_t complete = 0;
    int token = -1;

    platform_mutex_lock(ctx->lock);
    if (ctx->alert_pending) {
        status = deliver_alert(ctx, args);
        goto done;
    }
    if (ctx->failure) {
        status = ctx->failure;
        goto done;
    }
    status = adopt_credential(ctx, args->continuation_credential);
    if (status != SEC_E_OK)
        goto done;
    if (ctx->credentials_needed) {
        status = resume_with_credentials(ctx, args);
        goto done;
    }
    /* Without a certificate, ISC_REQ_USE_SUPPLIED_CREDS answers a certificate request with none;
     * without the flag the handshake pauses (SEC_I_INCOMPLETE_CREDENTIALS), as on Windows. */
    if (!ctx->is_server)
        tls_session_allow_anonymous(ctx->session,
                                    (args->context_req & ISC_REQ_USE_SUPPLIED_CREDS) != 0);
    if (wants_renegotiation(ctx, args, accept)) {
        status = start_renegotiation(ctx, args);
        goto done;
    }
    /* TLS 1.3's post-handshake messages leave the handshake complete; a TLS 1.2 HelloRequest
     * starts a new one. */
    if (ctx->handshake_done && (!ctx->renegotiating || !tls_session_in_handshake(ctx->session))) {
        status = step_when_complete(ctx, args);
        goto done;
    }
    /* After DecryptMessage said SEC_I_RENEGOTIATE the next step starts without records. Only
     * DTLS may otherwise be called without input: it retransmits its last flight. */
    if ((ctx->renegotiating && (!args->input || token_is_empty(args))) ||
        (!args->input && ctx->header_size == SCHANNEL_DTLS_HEADER)) {
        status = run_handshake(ctx, args, -1, 0);
        schannel_dtls_report_expiry(ctx->session, args->expiry);
        goto done;
    }
    status = check_input(args, ctx->header_size, &token, &complete);
    if (status == SEC_E_OK)
        status = run_handshake(ctx, args, token, complete);
done:
    platform_mutex_unlock(ctx->lock);
    return status;
}

/* InitializeSecurityContext and AcceptSecurityContext, in Windows' order of checks. */
static SECURITY_STATUS context_step(const sspi_context_args *args, int is_server,
                                    sspi_object **new_context)
{
    SECURITY_STATUS status;
    schannel_credential *cred = (schannel_credential *)args->credential;
    schannel_ctx *ctx = NULL;
    ULONG direction = is_server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND;
    size_t complete = 0;
    int token = -1;

    if (args->expiry) {
        args->expiry->LowPart = 0;
        args->expiry->HighPart = 0;
    }
    /* ISC_REQ_ALLOCATE_MEMORY and ASC_REQ_ALLOCATE_MEMORY are the same bit. */
    status = schannel_check_output(args->output, args->context_req & ISC_REQ_ALLOCATE_MEMORY);
    if (status == SEC_E_INSUFFICIENT_MEMORY && args->context_attr)
        *args->context_attr =
            ISC_RET_CONFIDENTIALITY | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT;
    if (status != SEC_E_OK)
        return status;
    if (args->context)
        return continue_context((schannel_ctx *)args->context, args, is_server);

    if (!cred || !(cred->credential_use & direction) || !args->new_context_given)
        return SEC_E_INVALID_HANDLE;
    if (is_server) {
        /* A server's first call needs a complete ClientHello; no context exists until then. */
        status = check_input(
            args, (cred->protocols & DTLS_BITS) ? SCHANNEL_DTLS_HEADER : SCHANNEL_TLS_HEADER,
            &token, &complete);
        if (status != SEC_E_OK)
            return status;
    }
    status = context_new(cred, args, is_server, &ctx);
    if (status != SEC_E_OK)
        return status;
    platform_mutex_lock(ctx->lock);
    status = run_handshake(ctx, args, token, complete);
    platform_mutex_unlock(ctx->lock);
    if (succeeded(status))
        *new_context = &ctx->base;
    else
        sspi_object_unref(&ctx->base); /* a failed first call leaves no context behind */
    return status;
}

static SECURITY_STATUS initialize_context(const sspi_context_args *args, sspi_object **new_context)
{
    return context_step(args, 0, new_context);
}

static SECURITY_STATUS accept_context(const sspi_context_args *args, sspi_object **new_context)
{
    return context_step(args, 1, new_context);
}

static SECURITY_STATUS apply_control_token(sspi_object *context, PSecBufferDesc input)
{
    schannel_ctx *ctx = (schannel_ctx *)context;
    const SecBuffer *token = NULL;
    SCHANNEL_ALERT_TOKEN alert;
    SCHANNEL_SESSION_TOKEN session;
    SECURITY_STATUS status;
    DWORD type = 0;

    status = schannel_parse_control_token(input, &type, &token);
    if (status != SEC_E_OK)
        return status;
    platform_mutex_lock(ctx->lock);
    switch (type) {
    case SCHANNEL_SHUTDOWN:
        ctx->alert_pending = 1;
        ctx->alert_level = TLS1_ALERT_WARNING;
        ctx->alert_number = TLS1_ALERT_CLOSE_NOTIFY;
        break;
    case SCHANNEL_ALERT:
        if (token->cbBuffer < sizeof(alert)) {
            status = SEC_E_INVALID_TOKEN;
            break;
        }
        memcpy(&alert, token->pvBuffer, sizeof(alert));
        ctx->alert_pending = 1;
        ctx->alert_level = alert.dwAlertType;
        ctx->alert_number = alert.dwAlertNumber;
        break;
    case SCHANNEL_SESSION:
        /* .NET disables reconnects right after its first ISC and requires SEC_E_OK. */
        if (token->cbBuffer >= sizeof(session)) {
            memcpy(&session, token->pvBuffer, sizeof(session));
            ctx->no_reconnect = (session.dwFlags & SSL_SESSION_DISABLE_RECONNECTS) != 0;
            if (ctx->no_reconnect)
                tls_session_forget(ctx->session);
        }
        break;
    default: /* SCHANNEL_RENEGOTIATE and unknown tokens */
        status = SEC_E_UNSUPPORTED_FUNCTION;
        break;
    }
    platform_mutex_unlock(ctx->lock);
    return status;
}

static SECURITY_STATUS query_context_attributes(sspi_object *context, int ansi, ULONG attribute,
                                                void *buffer)
{
    schannel_ctx *ctx = (schannel_ctx *)context;
    SECURITY_STATUS status;

    platform_mutex_lock(ctx->lock);
    status = schannel_query_attribute(ctx, ansi, attribute, buffer);
    platform_mutex_unlock(ctx->lock);
    return status;
}

static SECURITY_STATUS set_context_attributes(sspi_object *context, int ansi, ULONG attribute,
                                              void *buffer, ULONG size)
{
    schannel_ctx *ctx = (schannel_ctx *)context;
    SECURITY_STATUS status;

    platform_mutex_lock(ctx->lock);
    status = schannel_set_attribute(ctx, ansi, attribute, buffer, size);
    platform_mutex_unlock(ctx->lock);
    return status;
}

static SECURITY_STATUS encrypt_message(sspi_object *context, ULONG qop, PSecBufferDesc message,
                                       ULONG sequence)
{
    schannel_ctx *ctx = (schannel_ctx *)context;
    schannel_encrypt_layout layout;
    SECURITY_STATUS status = schannel_check_encrypt_desc(message, &layout);

    if (status != SEC_E_OK)
        return status;
    platform_mutex_lock(ctx->lock);
    status = schannel_encrypt(ctx, message, &layout);
    platform_mutex_unlock(ctx->lock);
    return status;
}

static SECURITY_STATUS decrypt_message(sspi_object *context, PSecBufferDesc message, ULONG sequence,
                                       ULONG *qop)
{
    schannel_ctx *ctx = (schannel_ctx *)context;
    schannel_decrypt_layout layout;
    SECURITY_STATUS status = schannel_check_decrypt_desc(message, &layout);

    if (status != SEC_E_OK)
        return status;
    platform_mutex_lock(ctx->lock);
    status = schannel_decrypt(ctx, message, &layout);
    platform_mutex_unlock(ctx->lock);
    return status;
}

/* NULL slots are calls Schannel does not implement (SEC_E_UNSUPPORTED_FUNCTION from the
 * dispatcher): CompleteAuthToken, Impersonate/Revert, Make/VerifySignature, Export/Import,
 * AddCredentials, QuerySecurityContextToken and the *Ex queries. */
static const sspi_provider schannel_provider = {
    .acquire_credentials = acquire_credentials,
    .query_credentials_attributes = query_credentials_attributes,
    .set_credentials_attributes = set_credentials_attributes,
    .initialize_context = initialize_context,
    .accept_context = accept_context,
    .apply_control_token = apply_control_token,
    .query_context_attributes = query_context_attributes,
    .set_context_attributes = set_context_attributes,
    .encrypt = encrypt_message,
    .decrypt = decrypt_message,
};

/* What Windows 10/11 report for its three Schannel names (all one provider, all commented
 * "Schannel Security Package"): capabilities 0x107B3 (Wine's 0x7B3 plus MUTUAL_AUTH),
 * version 1, RPC id 14 (UNISP_RPC_ID), cbMaxToken SCHANNEL_MAX_TOKEN (schannel_context.h). The
 * conformance tests assert only wVersion and wRPCID, so the Windows numbers win. */
#define SCHANNEL_CAPS                                                                              \
    (SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY | SECPKG_FLAG_CONNECTION |                        \
     SECPKG_FLAG_MULTI_REQUIRED | SECPKG_FLAG_EXTENDED_ERROR | SECPKG_FLAG_IMPERSONATION |         \
     SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_STREAM | SECPKG_FLAG_MUTUAL_AUTH)
#define SCHANNEL_COMMENT ((const WCHAR *)u"Schannel Security Package")

static const sspi_package schannel_package = {
    (const WCHAR *)u"Schannel", SCHANNEL_COMMENT,   SCHANNEL_CAPS, 1, UNISP_RPC_ID,
    SCHANNEL_MAX_TOKEN,         &schannel_provider,
};
static const sspi_package unisp_package = {
    (const WCHAR *)u"Microsoft Unified Security Protocol Provider",
    SCHANNEL_COMMENT,
    SCHANNEL_CAPS,
    1,
    UNISP_RPC_ID,
    SCHANNEL_MAX_TOKEN,
    &schannel_provider,
};
static const sspi_package default_tls_package = {
    (const WCHAR *)u"Default TLS SSP",
    SCHANNEL_COMMENT,
    SCHANNEL_CAPS,
    1,
    UNISP_RPC_ID,
    SCHANNEL_MAX_TOKEN,
    &schannel_provider,
};

static const sspi_package *const schannel_list[] = {
    &schannel_package,
    &unisp_package,
    &default_tls_package,
};

size_t schannel_packages(const sspi_package *const **packages)
{
    /* Without a working TLS library there is no Schannel to offer. */
    if (tls_engine_init() != SEC_E_OK)
        return 0;
    *packages = schannel_list;
    return sizeof(schannel_list) / sizeof(schannel_list[0]);
}
