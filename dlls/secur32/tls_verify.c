/* Peer certificate checks during the handshake. OpenSSL's own chain building is replaced by the
 * platform validator (crypt32 on Windows, an OpenSSL store natively) so that the verdict and
 * the status code are Windows'; refusing here makes OpenSSL send the matching alert. */
#include "tls_internal.h"

#include "platform.h"

#include <openssl/x509.h>
#include <stdlib.h>

static platform_once index_once = PLATFORM_ONCE_INIT;
static int session_index = -1;

static void make_index(void)
{
    session_index = SSL_get_ex_new_index(0, "sspishim session", NULL, NULL, NULL);
}

/* Made once for all threads: two first callers racing would each get an index of their own,
 * and a session stored under one would not be found under the other. */
int tls_session_ex_index(void)
{
    platform_run_once(&index_once, make_index);
    return session_index;
}

static void free_chain(tls_session *session)
{
    size_t i;
    for (i = 0; i < session->chain_count; i++)
        OPENSSL_free(session->chain[i]);
    free(session->chain);
    free(session->chain_lens);
    session->chain = NULL;
    session->chain_lens = NULL;
    session->chain_count = 0;
}

static int append_der(tls_session *session, X509 *cert)
{
    unsigned char *der = NULL;
    int len = i2d_X509(cert, &der);
    if (len <= 0)
        return 0;
    session->chain[session->chain_count] = der;
    session->chain_lens[session->chain_count] = (size_t)len;
    session->chain_count++;
    return 1;
}

/* Keeps the peer's certificates as sent: leaf first, then the others in the peer's order. */
static int capture_chain(tls_session *session, X509 *leaf, STACK_OF(X509) *sent)
{
    int i, count = sent ? sk_X509_num(sent) : 0;

    free_chain(session);
    session->chain = calloc((size_t)count + 1, sizeof(*session->chain));
    session->chain_lens = calloc((size_t)count + 1, sizeof(*session->chain_lens));
    if (!session->chain || !session->chain_lens)
        return 0;
    if (leaf && !append_der(session, leaf))
        return 0;
    for (i = 0; i < count; i++) {
        X509 *cert = sk_X509_value(sent, i);
        if (leaf && X509_cmp(cert, leaf) == 0)
            continue;
        if (!append_der(session, cert))
            return 0;
    }
    return 1;
}

void tls_session_release_chain(tls_session *session)
{
    free_chain(session);
}

size_t tls_session_peer_chain(tls_session *session, const uint8_t *const **certs,
                              const size_t **lens)
{
    if (!session->chain_count) {
        X509 *leaf = SSL_get0_peer_certificate(session->ssl);
        if (leaf)
            capture_chain(session, leaf, SSL_get_peer_cert_chain(session->ssl));
    }
    *certs = (const uint8_t *const *)session->chain;
    *lens = session->chain_lens;
    return session->chain_count;
}

/* The X509 error whose alert OpenSSL sends for the alert the validator asked for. */
static int x509_error_for_alert(int alert)
{
    switch (alert) {
    case SSL_AD_CERTIFICATE_EXPIRED:
        return X509_V_ERR_CERT_HAS_EXPIRED;
    case SSL_AD_UNKNOWN_CA:
        return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    case SSL_AD_CERTIFICATE_REVOKED:
        return X509_V_ERR_CERT_REVOKED;
    case SSL_AD_UNSUPPORTED_CERTIFICATE:
        return X509_V_ERR_INVALID_PURPOSE;
    case SSL_AD_BAD_CERTIFICATE:
        return X509_V_ERR_HOSTNAME_MISMATCH;
    default:
        return X509_V_ERR_UNSPECIFIED;
    }
}

static int verify_peer(X509_STORE_CTX *store_ctx, void *arg)
{
    tls_credential *cred = arg;
    SSL *ssl = X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx());
    tls_session *session = ssl ? SSL_get_ex_data(ssl, tls_session_ex_index()) : NULL;
    int alert = SSL_AD_CERTIFICATE_UNKNOWN;
    SECURITY_STATUS status;

    if (!session)
        return 0;
    if (!capture_chain(session, X509_STORE_CTX_get0_cert(store_ctx),
                       X509_STORE_CTX_get0_untrusted(store_ctx))) {
        session->validation_status = SEC_E_INSUFFICIENT_MEMORY;
        X509_STORE_CTX_set_error(store_ctx, X509_V_ERR_OUT_OF_MEM);
        return 0;
    }
    if (session->validation == TLS_VALIDATE_NONE || !cred->validator)
        return 1;
    status = cred->validator(cred->validator_context, (const uint8_t *const *)session->chain,
                             session->chain_lens, session->chain_count,
                             session->check_name ? session->target_name : NULL,
                             !session->is_server, &alert);
    if (status == SEC_E_OK)
        return 1;
    session->validation_status = status;
    X509_STORE_CTX_set_error(store_ctx, x509_error_for_alert(alert));
    return 0;
}

void tls_verify_install(tls_credential *cred)
{
    SSL_CTX_set_cert_verify_callback(cred->ctx, verify_peer, cred);
}

void tls_verify_configure(tls_session *session, int request_client_cert)
{
    /* A client always looks at the server's chain (to keep it, and to judge it when validation
     * is automatic); a server asks for the client's only when told to. */
    if (!session->is_server)
        SSL_set_verify(session->ssl, SSL_VERIFY_PEER, NULL);
    else if (request_client_cert)
        SSL_set_verify(session->ssl, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, NULL);
    else
        SSL_set_verify(session->ssl, SSL_VERIFY_NONE, NULL);
}
