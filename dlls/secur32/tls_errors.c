/* The one place where OpenSSL's failures become Windows status codes. */
#include "tls_internal.h"

#include <openssl/err.h>

/* Alerts the peer sent, as OpenSSL reports them (reason = 1000 + alert number). */
static SECURITY_STATUS status_for_received_alert(int alert)
{
    switch (alert) {
    case SSL_AD_HANDSHAKE_FAILURE:
    case SSL_AD_PROTOCOL_VERSION:
    case SSL_AD_INSUFFICIENT_SECURITY:
        return SEC_E_ALGORITHM_MISMATCH;
    case SSL_AD_NO_APPLICATION_PROTOCOL:
        return SEC_E_APPLICATION_PROTOCOL_MISMATCH;
    default:
        return SEC_E_ILLEGAL_MESSAGE;
    }
}

static SECURITY_STATUS status_for_reason(int reason)
{
    if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256)
        return status_for_received_alert(reason - SSL_AD_REASON_OFFSET);
    switch (reason) {
    case SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC:
    case SSL_R_DECRYPTION_FAILED:
        return SEC_E_MESSAGE_ALTERED;
    case SSL_R_NO_SHARED_CIPHER:
    case SSL_R_NO_CIPHERS_AVAILABLE:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_VERSION_TOO_HIGH:
    case SSL_R_NO_SHARED_GROUPS:
    case SSL_R_NO_SUITABLE_KEY_SHARE: /* TLS 1.3 client offering no curve we allow */
    case SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM:
    case SSL_R_WRONG_SSL_VERSION:
        return SEC_E_ALGORITHM_MISMATCH;
    case SSL_R_NO_APPLICATION_PROTOCOL:
        return SEC_E_APPLICATION_PROTOCOL_MISMATCH;
    case SSL_R_CERTIFICATE_VERIFY_FAILED:
        return SEC_E_CERT_UNKNOWN;
    case ERR_R_MALLOC_FAILURE:
        return SEC_E_INSUFFICIENT_MEMORY;
    default:
        return SEC_E_ILLEGAL_MESSAGE;
    }
}

SECURITY_STATUS tls_status_from_ssl(tls_session *session, int ssl_error)
{
    unsigned long err;
    int malloc_failed = 0;

    if (session && session->validation_status != SEC_E_OK)
        return session->validation_status;
    switch (ssl_error) {
    case SSL_ERROR_ZERO_RETURN:
        return SEC_I_CONTEXT_EXPIRED;
    case SSL_ERROR_SSL:
        /* The TLS layer's reason can follow a lower library's (a provider's failed AEAD open
         * comes before "bad record mac"): the first SSL reason decides. */
        while ((err = ERR_get_error()) != 0) {
            if (ERR_GET_LIB(err) == ERR_LIB_SSL)
                return status_for_reason(ERR_GET_REASON(err));
            if (ERR_GET_REASON(err) == ERR_R_MALLOC_FAILURE)
                malloc_failed = 1;
        }
        return malloc_failed ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_INTERNAL_ERROR;
    default:
        return SEC_E_INTERNAL_ERROR;
    }
}

void tls_errors_clear(void)
{
    /* ERR_clear_error walks every slot of the queue even when it is empty. */
    if (ERR_peek_error())
        ERR_clear_error();
}
