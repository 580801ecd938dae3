/* SCH_CREDENTIALS' ALPN-scoped TLS_PARAMETERS: "an array of ALPN IDs that the following
 * parameters apply to" (Windows' documentation). Their disabled protocols narrow a connection
 * only when the application protocol negotiated is one of the ids; the credential as a whole
 * keeps every protocol its other parameters allow. The check runs when the first handshake
 * completes, on both sides, and fails it with SEC_E_ALGORITHM_MISMATCH (Windows documents that
 * Schannel may fail handshakes to honour TLS_PARAMETERS). */
#include "schannel_context.h"

#include <stdlib.h>
#include <string.h>

/* The ids of one TLS_PARAMETERS in ALPN wire format; ids that are empty, longer than 255 or not
 * bytes cannot be negotiated and are left out. */
static SECURITY_STATUS wire_ids(const TLS_PARAMETERS *params, schannel_alpn_limit *limit)
{
    size_t total = 0, pos = 0, i, c;

    for (i = 0; i < params->cAlpnIds; i++)
        total += 1 + params->rgstrAlpnIds[i].Length / sizeof(WCHAR);
    limit->ids = malloc(total ? total : 1);
    if (!limit->ids)
        return SEC_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < params->cAlpnIds; i++) {
        const UNICODE_STRING *id = &params->rgstrAlpnIds[i];
        size_t len = id->Buffer ? id->Length / sizeof(WCHAR) : 0;
        int bytes = len > 0 && len <= 255;

        for (c = 0; bytes && c < len; c++)
            bytes = id->Buffer[c] <= 0xff;
        if (!bytes)
            continue;
        limit->ids[pos++] = (uint8_t)len;
        for (c = 0; c < len; c++)
            limit->ids[pos++] = (uint8_t)id->Buffer[c];
    }
    limit->ids_len = pos;
    limit->disabled = params->grbitDisabledProtocols;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_alpn_limits_new(const schannel_cred_params *params,
                                         schannel_credential *credential)
{
    size_t i;

    if (!params->alpn_parameter_count)
        return SEC_E_OK;
    credential->alpn_limits = calloc(params->alpn_parameter_count, sizeof(schannel_alpn_limit));
    if (!credential->alpn_limits)
        return SEC_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < params->alpn_parameter_count; i++) {
        const TLS_PARAMETERS *tls = params->alpn_parameters[i];
        if (!tls->rgstrAlpnIds)
            continue; /* names no id it could apply to */
        if (wire_ids(tls, &credential->alpn_limits[credential->alpn_limit_count]) != SEC_E_OK)
            return SEC_E_INSUFFICIENT_MEMORY;
        credential->alpn_limit_count++;
    }
    return SEC_E_OK;
}

void schannel_alpn_limits_free(schannel_credential *credential)
{
    size_t i;

    for (i = 0; i < credential->alpn_limit_count; i++)
        free(credential->alpn_limits[i].ids);
    free(credential->alpn_limits);
    credential->alpn_limits = NULL;
    credential->alpn_limit_count = 0;
}

static int names(const schannel_alpn_limit *limit, const uint8_t *proto, unsigned int len)
{
    size_t pos = 0;

    while (pos < limit->ids_len) {
        size_t item = limit->ids[pos];
        if (item == len && !memcmp(limit->ids + pos + 1, proto, len))
            return 1;
        pos += 1 + item;
    }
    return 0;
}

SECURITY_STATUS schannel_check_alpn_limits(schannel_ctx *ctx)
{
    const schannel_credential *cred = ctx->credential;
    const uint8_t *proto = NULL;
    unsigned int len = 0;
    tls_connection_info info;
    DWORD bit;
    size_t i;

    if (!cred->alpn_limit_count)
        return SEC_E_OK;
    tls_session_selected_alpn(ctx->session, &proto, &len);
    if (!proto || !len || tls_session_connection_info(ctx->session, &info) != SEC_E_OK)
        return SEC_E_OK;
    bit = schannel_protocol_bit(info.wire_version, ctx->is_server);
    for (i = 0; i < cred->alpn_limit_count; i++)
        if ((cred->alpn_limits[i].disabled & bit) && names(&cred->alpn_limits[i], proto, len))
            return SEC_E_ALGORITHM_MISMATCH;
    return SEC_E_OK;
}
