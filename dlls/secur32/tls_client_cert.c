/* Which certificate a client answers a CertificateRequest with, and a server asking for one
 * after the handshake. A client credential without a certificate first looks for a default one
 * (unless SCH_CRED_NO_DEFAULT_CREDS; tls_default_cert_win32.c), then pauses the handshake there
 * (SEC_I_INCOMPLETE_CREDENTIALS) unless the caller said to go on without one; the next call may
 * bring a credential that has one. */
#include "tls_internal.h"

#include <openssl/err.h>

/* OpenSSL calls this when a server asked for a certificate (clients) and while it picks its own
 * certificate (servers). Returning -1 pauses the handshake: SSL_ERROR_WANT_X509_LOOKUP. */
static int choose_client_certificate(SSL *ssl, void *arg)
{
    tls_session *session = SSL_get_ex_data(ssl, tls_session_ex_index());

    (void)arg;
    if (!session || session->is_server || SSL_get_certificate(ssl) || session->allow_anonymous)
        return 1;
    /* ISC_REQ_USE_SUPPLIED_CREDS (allow_anonymous) turns the search off too, as Windows does. */
    if (session->cred->default_client_cert && tls_default_client_cert(session))
        return 1;
    session->credentials_needed = 1;
    return -1;
}

void tls_client_cert_install(tls_credential *cred, int default_client_cert)
{
    /* A default certificate's key may sign PKCS#1 v1.5 only (it stays in CryptoAPI), and the
     * signature algorithms a client may use are fixed before it is chosen: this list puts those
     * first for TLS 1.2, and TLS 1.3 skips them for RSA-PSS. */
    static const char pkcs1_first[] =
        "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:ed448:RSA+SHA256:RSA+SHA384:RSA+SHA512:"
        "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pss_pss_sha256:"
        "rsa_pss_pss_sha384:rsa_pss_pss_sha512";

    cred->default_client_cert = default_client_cert && TLS_DEFAULT_CLIENT_CERTS;
    if (cred->default_client_cert && !SSL_CTX_get0_certificate(cred->ctx))
        SSL_CTX_set1_client_sigalgs_list(cred->ctx, pkcs1_first);
    ERR_clear_error();
    SSL_CTX_set_cert_cb(cred->ctx, choose_client_certificate, NULL);
}

void tls_session_allow_anonymous(tls_session *session, int allow)
{
    session->allow_anonymous = allow;
}

SECURITY_STATUS tls_session_adopt_certificate(tls_session *session, tls_credential *cred)
{
    X509 *cert = SSL_CTX_get0_certificate(cred->ctx);
    EVP_PKEY *key = SSL_CTX_get0_privatekey(cred->ctx);
    STACK_OF(X509) *chain = NULL;
    SECURITY_STATUS status = SEC_E_OK;

    if (!cert || !key)
        return SEC_E_OK;
    SSL_CTX_get0_chain_certs(cred->ctx, &chain);
    if (!SSL_use_cert_and_key(session->ssl, cert, key, chain, 1))
        status = SEC_E_INTERNAL_ERROR;
    ERR_clear_error();
    return status;
}

SECURITY_STATUS tls_session_renegotiate(tls_session *session, int request_client_cert,
                                        tls_bytes *out)
{
    SECURITY_STATUS status = SEC_I_NO_RENEGOTIATION;
    SSL *ssl = session->ssl;
    int ret, error;

    ERR_clear_error();
    if (!session->is_server || !SSL_is_init_finished(ssl) || SSL_renegotiate_pending(ssl))
        return SEC_E_OUT_OF_SEQUENCE;
    /* TLS 1.3 has no renegotiation. (Post-handshake authentication is not offered yet.) */
    if (SSL_version(ssl) >= TLS1_3_VERSION)
        goto done;
    /* A certificate asked for now must not be skipped because the first handshake asked already
     * (CLIENT_ONCE), nor by resuming the session. */
    SSL_set_verify(ssl, request_client_cert ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    SSL_set_options(ssl, SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
    if (!SSL_renegotiate(ssl))
        goto done;
    status = SEC_E_INSUFFICIENT_MEMORY;
    if (!tls_session_take_pending(session, out))
        goto done;
    tls_io_attach(&session->io, NULL, 0, out);
    ret = SSL_do_handshake(ssl);
    error = ret == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, ret);
    status = error == SSL_ERROR_NONE || error == SSL_ERROR_WANT_READ
                 ? SEC_E_OK
                 : tls_status_from_ssl(session, error);
    tls_io_detach(&session->io);
done:
    ERR_clear_error();
    return status;
}
