/* ALPN: the client offers its list; the server picks by its own preference, as Windows does,
 * and refuses the handshake when the lists share nothing. */
#include "tls_internal.h"

#include <stdlib.h>
#include <string.h>

SECURITY_STATUS tls_session_set_alpn(tls_session *session, const uint8_t *wire_list,
                                     size_t wire_len)
{
    uint8_t *copy;

    if (!wire_len || wire_len > 0xffff)
        return SEC_E_INVALID_TOKEN;
    copy = malloc(wire_len);
    if (!copy)
        return SEC_E_INSUFFICIENT_MEMORY;
    memcpy(copy, wire_list, wire_len);
    free(session->alpn);
    session->alpn = copy;
    session->alpn_len = wire_len;
    /* SSL_set_alpn_protos returns 0 on success. */
    if (!session->is_server &&
        SSL_set_alpn_protos(session->ssl, copy, (unsigned int)wire_len) != 0)
        return SEC_E_INTERNAL_ERROR;
    return SEC_E_OK;
}

static int list_contains(const uint8_t *list, size_t len, const uint8_t *proto, size_t proto_len)
{
    size_t pos = 0;
    while (pos < len) {
        size_t item = list[pos];
        if (pos + 1 + item > len)
            return 0;
        if (item == proto_len && memcmp(list + pos + 1, proto, item) == 0)
            return 1;
        pos += 1 + item;
    }
    return 0;
}

static int select_protocol(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                           const unsigned char *in, unsigned int inlen, void *arg)
{
    tls_session *session = SSL_get_ex_data(ssl, tls_session_ex_index());
    size_t pos = 0;

    (void)arg;
    if (!session || !session->alpn)
        return SSL_TLSEXT_ERR_NOACK; /* the server did not ask for ALPN */
    while (pos < session->alpn_len) {
        size_t item = session->alpn[pos];
        if (pos + 1 + item > session->alpn_len)
            break;
        if (list_contains(in, inlen, session->alpn + pos + 1, item)) {
            *out = session->alpn + pos + 1;
            *outlen = (unsigned char)item;
            return SSL_TLSEXT_ERR_OK;
        }
        pos += 1 + item;
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

void tls_alpn_install(tls_credential *cred)
{
    SSL_CTX_set_alpn_select_cb(cred->ctx, select_protocol, NULL);
}

void tls_session_selected_alpn(tls_session *session, const uint8_t **proto, unsigned int *len)
{
    SSL_get0_alpn_selected(session->ssl, proto, len);
}
