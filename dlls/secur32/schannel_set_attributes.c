/* SetContextAttributes and SetCredentialsAttributes for Schannel: the attributes Windows lets a
 * caller set, checked before anything is kept. Everything else is SEC_E_UNSUPPORTED_FUNCTION, the
 * status Windows documents for attributes Schannel does not set.
 *
 * Keying material (RFC 5705): the request may come at any time in the context's life. Windows'
 * documentation does not say when; WebRTC stacks running on Windows (str0m's CNG DTLS) set it
 * after the handshake returned SEC_E_OK and query at once, so the export is made at query time
 * from the finished session, which also serves a request made before the handshake. */
#include "schannel_context.h"
#include "schannel_dtls.h"

#include <stdlib.h>
#include <string.h>

void schannel_keying_request_clear(schannel_keying_request *request)
{
    free(request->label);
    free(request->context);
    memset(request, 0, sizeof(*request));
}

/* SecPkgContext_KeyingMaterialInfo: cbLabel counts the label's NUL, which Schannel drops; a
 * context value is given exactly when cbContextValue is not zero; at least one byte is asked. */
static SECURITY_STATUS set_keying_info(schannel_ctx *ctx, const void *buffer, ULONG size)
{
    const SecPkgContext_KeyingMaterialInfo *info = buffer;
    schannel_keying_request request = {0};
    size_t label_len;

    if (size < sizeof(*info))
        return SEC_E_BUFFER_TOO_SMALL;
    if (!info->cbLabel || !info->pszLabel || !info->cbKeyingMaterial ||
        (info->cbContextValue && !info->pbContextValue))
        return SEC_E_INVALID_PARAMETER;
    label_len = strnlen(info->pszLabel, info->cbLabel);
    request.label = malloc(label_len + 1);
    if (info->cbContextValue)
        request.context = malloc(info->cbContextValue);
    if (!request.label || (info->cbContextValue && !request.context)) {
        schannel_keying_request_clear(&request);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    memcpy(request.label, info->pszLabel, label_len);
    request.label[label_len] = 0;
    if (info->cbContextValue)
        memcpy(request.context, info->pbContextValue, info->cbContextValue);
    request.context_len = info->cbContextValue;
    request.length = info->cbKeyingMaterial;
    schannel_keying_request_clear(&ctx->keying);
    ctx->keying = request;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_set_attribute(schannel_ctx *ctx, int ansi, ULONG attribute,
                                       const void *buffer, ULONG size)
{
    (void)ansi; /* no attribute Schannel sets has A and W forms */
    if (!buffer)
        return SEC_E_INVALID_PARAMETER;
    switch (attribute) {
    case SECPKG_ATTR_KEYING_MATERIAL_INFO:
        return set_keying_info(ctx, buffer, size);
    case SECPKG_ATTR_DTLS_MTU:
        return schannel_dtls_set_mtu(ctx->session, buffer, size);
    /* APP_DATA, EAP_PRF_INFO and EARLY_START are Windows-only features nothing here
     * implements. */
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}

/* SecPkgCred_SupportedProtocols: grbitEnabledProtocols' rules (0: the defaults; a TLS/DTLS mix,
 * or nothing left for the credential's direction, is SEC_E_ALGORITHM_MISMATCH). */
static SECURITY_STATUS set_protocols(schannel_credential *credential, const void *buffer,
                                     ULONG size)
{
    schannel_cred_change change = {0};
    DWORD requested;

    if (size < sizeof(SecPkgCred_SupportedProtocols))
        return SEC_E_BUFFER_TOO_SMALL;
    requested = ((const SecPkgCred_SupportedProtocols *)buffer)->grbitProtocol;
    if (schannel_protocols_mixed(requested))
        return SEC_E_ALGORITHM_MISMATCH;
    change.protocols = schannel_effective_protocols(requested, 0, credential->credential_use);
    if (!change.protocols)
        return SEC_E_ALGORITHM_MISMATCH;
    return schannel_credential_update(credential, &change);
}

/* SecPkgCred_CipherStrengths: dwMinimum/MaximumCipherStrength's rules (0: no limit). */
static SECURITY_STATUS set_strengths(schannel_credential *credential, const void *buffer,
                                     ULONG size)
{
    schannel_cred_change change = {0};

    if (size < sizeof(SecPkgCred_CipherStrengths))
        return SEC_E_BUFFER_TOO_SMALL;
    change.strengths = buffer;
    return schannel_credential_update(credential, &change);
}

/* SecPkgCred_SupportedAlgs: palgSupportedAlgs' rules (a count without a list is refused as
 * AcquireCredentialsHandle refuses it; 0 algorithms: no limit). */
static SECURITY_STATUS set_algs(schannel_credential *credential, const void *buffer, ULONG size)
{
    schannel_cred_change change = {0};

    if (size < sizeof(SecPkgCred_SupportedAlgs))
        return SEC_E_BUFFER_TOO_SMALL;
    change.algs = buffer;
    if (change.algs->cSupportedAlgs && !change.algs->palgSupportedAlgs)
        return SEC_E_UNKNOWN_CREDENTIALS;
    return schannel_credential_update(credential, &change);
}

SECURITY_STATUS schannel_set_credentials(schannel_credential *credential, int ansi, ULONG attribute,
                                         const void *buffer, ULONG size)
{
    (void)ansi;
    switch (attribute) {
    case SECPKG_ATTR_CLIENT_CERT_POLICY:
    case SECPKG_ATTR_SUPPORTED_PROTOCOLS:
    case SECPKG_ATTR_CIPHER_STRENGTHS:
    case SECPKG_ATTR_SUPPORTED_ALGS:
        if (!buffer) /* the status the CLIENT_CERT_POLICY checklist item recorded */
            return SEC_E_INTERNAL_ERROR;
        break;
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
    switch (attribute) {
    case SECPKG_ATTR_SUPPORTED_PROTOCOLS:
        return set_protocols(credential, buffer, size);
    case SECPKG_ATTR_CIPHER_STRENGTHS:
        return set_strengths(credential, buffer, size);
    case SECPKG_ATTR_SUPPORTED_ALGS:
        return set_algs(credential, buffer, size);
    case SECPKG_ATTR_CLIENT_CERT_POLICY:
        /* .NET servers set it before accepting and fail when it is refused (checklist 17).
         * Accepted; the store it names is not yet turned into the CertificateRequest's list. */
        if (size < sizeof(SecPkgCred_ClientCertPolicy))
            return SEC_E_BUFFER_TOO_SMALL;
        return SEC_E_OK;
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
