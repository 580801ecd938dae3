/* Sessions: one SSL per context. Handshake steps, one-record encryption and in-place
 * decryption over the caller's memory, and alerts. */
#include "tls_dtls.h"
#include "tls_internal.h"

#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

/* SNI carries host names only, never IP literals (RFC 6066). */
static int is_ip_literal(const char *name)
{
    ASN1_OCTET_STRING *ip;

    /* Most names have a letter: no IPv4 literal has one, every IPv6 literal has a colon. */
    if (!strchr(name, ':') && name[strspn(name, "0123456789.")])
        return 0;
    ip = a2i_IPADDRESS(name);
    ASN1_OCTET_STRING_free(ip);
    return ip != NULL;
}

/* Counts the peer's handshake messages, so that DecryptMessage can tell a record that carried
 * one (a TLS 1.3 ticket or key update) from one that carried nothing for the caller, and notes
 * whether its last alert was close_notify (see read_failure). */
static void watch_peer_messages(int write_p, int version, int content_type, const void *buf,
                                size_t len, SSL *ssl, void *arg)
{
    tls_session *session;
    (void)version, (void)arg;
    /* Called for every record header too: look the session up only for what is counted. */
    if (write_p || (content_type != SSL3_RT_HANDSHAKE && content_type != SSL3_RT_ALERT))
        return;
    session = SSL_get_ex_data(ssl, tls_session_ex_index());
    if (!session)
        return;
    if (content_type == SSL3_RT_HANDSHAKE)
        session->handshake_msgs_in++;
    else
        session->close_notify_in = len == 2 && ((const uint8_t *)buf)[1] == SSL_AD_CLOSE_NOTIFY;
}

/* OpenSSL keeps a read and a write buffer of a full record (about 17 KiB each) once it has used
 * them. An established context that waits holds neither: they go when the handshake or a
 * post-handshake message is done, and OpenSSL allocates them again for the next record, once
 * for the whole stream (instead of for every record, as SSL_MODE_RELEASE_BUFFERS would). It
 * keeps them while they hold bytes. */
static void release_idle_buffers(tls_session *session)
{
    /* OpenSSL 3.0's DTLS record layer never allocates a freed write buffer again. */
    if (!SSL_is_dtls(session->ssl))
        SSL_free_buffers(session->ssl);
}

SECURITY_STATUS tls_session_new(tls_credential *cred, const tls_session_params *params,
                                tls_session **out)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    tls_session *session = calloc(1, sizeof(*session));
    BIO *bio = NULL;

    *out = NULL;
    if (!session)
        goto done;
    session->cred = cred;
    session->is_server = params->is_server;
    session->validation = params->validation;
    session->check_name = params->check_name;
    tls_credential_ref(cred);
    session->ssl = SSL_new(cred->ctx);
    bio = session->ssl && SSL_is_dtls(session->ssl) ? tls_dtls_bio_new(&session->io)
                                                    : tls_bio_new(&session->io);
    if (!session->ssl || !bio)
        goto done;
    SSL_set_bio(session->ssl, bio, bio);
    BIO_up_ref(bio); /* SSL_set_bio took one reference per direction */
    BIO_free(bio);
    bio = NULL;
    if (SSL_is_dtls(session->ssl) && !tls_dtls_configure(session->ssl))
        goto done;
    SSL_set_ex_data(session->ssl, tls_session_ex_index(), session);
    SSL_set_msg_callback(session->ssl, watch_peer_messages);
    if (params->target_name && *params->target_name) {
        session->target_name = strdup(params->target_name);
        if (!session->target_name)
            goto done;
        if (!params->is_server && !is_ip_literal(params->target_name) &&
            !SSL_set_tlsext_host_name(session->ssl, params->target_name)) {
            status = SEC_E_INTERNAL_ERROR;
            goto done;
        }
    }
    tls_verify_configure(session, params->request_client_cert);
    tls_cache_prepare(session, params->request_client_cert);
    if (params->is_server)
        SSL_set_accept_state(session->ssl);
    else
        SSL_set_connect_state(session->ssl);
    *out = session;
    session = NULL;
    status = SEC_E_OK;
done:
    BIO_free(bio);
    tls_session_free(session);
    tls_errors_clear();
    return status;
}

void tls_session_free(tls_session *session)
{
    if (!session)
        return;
    /* OpenSSL drops the session of a connection freed without a shutdown as if it had failed;
     * Windows keeps a good session when the context is deleted. A failed one is already
     * unusable. */
    if (session->ssl && SSL_is_init_finished(session->ssl))
        SSL_set_shutdown(session->ssl, SSL_get_shutdown(session->ssl) | SSL_SENT_SHUTDOWN);
    SSL_free(session->ssl);
    tls_session_release_chain(session);
    tls_session_release_issuers(session);
    tls_bytes_free(&session->io.pending);
    free(session->target_name);
    free(session->alpn);
    tls_credential_unref(session->cred);
    if (session->default_cert)
        CertFreeCertificateContext(session->default_cert);
    free(session);
}

PCCERT_CONTEXT tls_session_default_certificate(tls_session *session)
{
    return session->default_cert ? CertDuplicateCertificateContext(session->default_cert) : NULL;
}

/* Output produced earlier without a caller buffer goes first. */
static int flush_pending(tls_session *session, tls_bytes *out)
{
    int ok = 1;
    if (session->io.pending.len && out) {
        ok = tls_bytes_append(out, session->io.pending.data, session->io.pending.len);
        session->io.pending.len = 0;
    }
    return ok;
}

int tls_session_in_handshake(tls_session *session)
{
    return !SSL_is_init_finished(session->ssl) || SSL_renegotiate_pending(session->ssl);
}

int tls_session_take_pending(tls_session *session, tls_bytes *out)
{
    return flush_pending(session, out);
}

/* One handshake step over `in`: SEC_E_OK when the handshake is complete, SEC_I_CONTINUE_NEEDED when
 * it waits for the peer, SEC_I_INCOMPLETE_CREDENTIALS when it waits for a client certificate. */
static SECURITY_STATUS drive_handshake(tls_session *session, const uint8_t *in, size_t in_len,
                                       size_t *consumed, tls_bytes *out)
{
    SECURITY_STATUS status;
    int ret, error;

    tls_io_attach(&session->io, in, in_len, out);
    if (SSL_is_dtls(session->ssl))
        tls_dtls_before_step(session, in_len);
    ret = SSL_do_handshake(session->ssl);
    *consumed = session->io.in_pos;
    if (ret == 1) {
        session->handshake_done = 1;
        tls_cache_store(session);
        release_idle_buffers(session);
        status = SEC_E_OK;
    } else {
        error = SSL_get_error(session->ssl, ret);
        if (error == SSL_ERROR_WANT_READ)
            status = SEC_I_CONTINUE_NEEDED;
        else if (error == SSL_ERROR_WANT_X509_LOOKUP && session->credentials_needed)
            status = SEC_I_INCOMPLETE_CREDENTIALS;
        else
            status = tls_status_from_ssl(session, error);
    }
    session->credentials_needed = 0;
    tls_io_detach(&session->io);
    return status;
}

/* A server that sent HelloRequest is in no handshake until it reads the ClientHello, and only a
 * read takes that in. Exactly the first record is offered, so that nothing behind it is read as
 * application data here. */
static SECURITY_STATUS read_client_hello(tls_session *session, const uint8_t *in, size_t *consumed,
                                         tls_bytes *out)
{
    size_t record = 5 + (((size_t)in[3] << 8) | in[4]), got = 0;
    SECURITY_STATUS status = SEC_E_OK;
    uint8_t byte;
    int error;

    tls_io_attach(&session->io, in, record, out);
    if (SSL_read_ex(session->ssl, &byte, 1, &got) != 1) {
        error = SSL_get_error(session->ssl, 0);
        if (error != SSL_ERROR_WANT_READ)
            status = tls_status_from_ssl(session, error);
    }
    *consumed = session->io.in_pos;
    tls_io_detach(&session->io);
    return status;
}

SECURITY_STATUS tls_session_handshake(tls_session *session, const uint8_t *in, size_t in_len,
                                      size_t *consumed, tls_bytes *out)
{
    SECURITY_STATUS status = SEC_E_OK;
    size_t used = 0;
    int renegotiating = session->handshake_done && !SSL_is_dtls(session->ssl);

    tls_errors_clear();
    *consumed = 0;
    if (!flush_pending(session, out))
        return SEC_E_INSUFFICIENT_MEMORY;
    if (renegotiating && in_len >= 5 && in[0] == SSL3_RT_APPLICATION_DATA) {
        /* Data the peer sent before it saw our part of the renegotiation: a read
         * (DecryptMessage) takes it in; what we have to send goes now. */
        status = drive_handshake(session, NULL, 0, &used, out);
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
            status = SEC_I_RENEGOTIATE;
        goto done;
    }
    if (renegotiating && session->is_server && !SSL_in_init(session->ssl) &&
        SSL_renegotiate_pending(session->ssl)) {
        if (in_len < 5) {
            status = SEC_I_CONTINUE_NEEDED; /* still waiting for the ClientHello */
            goto done;
        }
        status = read_client_hello(session, in, consumed, out);
        if (status != SEC_E_OK)
            goto done;
    }
    status = drive_handshake(session, in ? in + *consumed : NULL, in_len - *consumed, &used, out);
    *consumed += used;
done:
    tls_errors_clear();
    return status;
}

SECURITY_STATUS tls_session_encrypt(tls_session *session, const uint8_t *data, size_t len,
                                    tls_bytes *out)
{
    SECURITY_STATUS status = SEC_E_OK;
    size_t written = 0;

    /* No clearing of the error queue first: a write that succeeds never reads the queue, and
     * every failure clears it (DecryptMessage tells its ordinary outcomes without it). */
    if (!flush_pending(session, out))
        return SEC_E_INSUFFICIENT_MEMORY;
    if (!len)
        return SEC_E_OK;
    /* OpenSSL writes no data while its side of a renegotiation is under way, and would start a
     * pending one (a client's ClientHello) inside this record. */
    if (SSL_in_init(session->ssl) || (!session->is_server && SSL_renegotiate_pending(session->ssl)))
        return SEC_E_OUT_OF_SEQUENCE;
    tls_io_attach(&session->io, NULL, 0, out);
    if (SSL_write_ex(session->ssl, data, len, &written) != 1 || written != len)
        status = tls_status_from_ssl(session, SSL_get_error(session->ssl, 0));
    tls_io_detach(&session->io);
    /* A record that went through left nothing to clear (and the next call clears first). */
    if (status != SEC_E_OK)
        tls_errors_clear();
    return status;
}

/* Why SSL_read_ex failed: SSL_get_error's answer, but the outcomes the connection's own state
 * tells (no more input, a client certificate wanted, the peer's close_notify) are told without
 * the error queue. The queue is not cleared before each read (about 3% of a 1 KiB record's
 * DecryptMessage), so it may hold errors that the application's own use of OpenSSL left on
 * this thread, which SSL_get_error would take for this read's. A failed read leaves the last
 * BIO read a successful one, so only a starved read looks like one that wants input. */
static int read_failure(tls_session *session)
{
    SSL *ssl = session->ssl;

    if (SSL_want_read(ssl) && BIO_should_read(SSL_get_rbio(ssl)))
        return SSL_ERROR_WANT_READ;
    if (SSL_want_x509_lookup(ssl))
        return SSL_ERROR_WANT_X509_LOOKUP;
    if (session->close_notify_in && (SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN))
        return SSL_ERROR_ZERO_RETURN;
    return SSL_get_error(ssl, 0);
}

/* SSL_read_ex gave no data: a record without any for the caller (a post-handshake message or
 * an empty record), the peer's close_notify, or a failure. */
static SECURITY_STATUS read_gave_no_data(tls_session *session, unsigned int messages, size_t offset,
                                         size_t *plain_offset)
{
    SECURITY_STATUS status = SEC_E_OK;
    int error = read_failure(session);

    /* A renegotiation that waits for a client certificate goes on in the next ISC. */
    if (error == SSL_ERROR_WANT_X509_LOOKUP) {
        session->credentials_needed = 0;
        error = SSL_ERROR_WANT_READ;
    }
    if (error == SSL_ERROR_WANT_READ) {
        /* A non-data record was processed. A key update the peer asked for is answered now, so
         * that it never rides along with the next EncryptMessage record. */
        *plain_offset = offset;
        if (SSL_get_key_update_type(session->ssl) != SSL_KEY_UPDATE_NONE &&
            SSL_key_update(session->ssl, SSL_KEY_UPDATE_NOT_REQUESTED))
            SSL_do_handshake(session->ssl);
        /* Windows reports every post-handshake message (TLS 1.3 tickets and key updates, a TLS
         * 1.2 HelloRequest) as SEC_I_RENEGOTIATE; the next ISC/ASC then returns what must be
         * sent back, at once. */
        if (session->handshake_msgs_in != messages || session->io.pending.len ||
            SSL_renegotiate_pending(session->ssl) || !SSL_is_init_finished(session->ssl))
            status = SEC_I_RENEGOTIATE;
        if (session->handshake_msgs_in != messages) { /* a ticket makes a session resumable */
            tls_cache_store(session);
            release_idle_buffers(session);
        }
    } else if (error == SSL_ERROR_ZERO_RETURN) {
        *plain_offset = offset;
        status = SEC_I_CONTEXT_EXPIRED;
    } else {
        status = tls_status_from_ssl(session, error);
    }
    return status;
}

SECURITY_STATUS tls_session_decrypt(tls_session *session, uint8_t *record, size_t record_len,
                                    size_t *plain_offset, size_t *plain_len)
{
    SECURITY_STATUS status = SEC_E_OK;
    tls_record_sizes sizes;
    size_t offset, got = 0;
    unsigned int messages;
    int ret;

    *plain_offset = 0;
    *plain_len = 0;
    if (tls_session_record_sizes(session, &sizes) != SEC_E_OK)
        return SEC_E_INTERNAL_ERROR;
    offset = sizes.header < record_len ? sizes.header : record_len;
    messages = session->handshake_msgs_in;
    /* OpenSSL reads the whole record into its own buffer before it writes any plaintext, so the
     * plaintext can land in the same memory, after the header, as Windows leaves it. The BIO
     * holds exactly this record: read ahead, OpenSSL takes it in one read instead of header and
     * body apart (handshake steps read without, to consume exactly what they process). */
    tls_io_attach(&session->io, record, record_len, NULL);
    SSL_set_read_ahead(session->ssl, 1);
    ret = SSL_read_ex(session->ssl, record + offset, record_len - offset, &got);
    SSL_set_read_ahead(session->ssl, 0);
    if (ret == 1) {
        *plain_offset = offset;
        *plain_len = got;
    } else {
        status = read_gave_no_data(session, messages, offset, plain_offset);
    }
    tls_io_detach(&session->io);
    if (status != SEC_E_OK)
        tls_errors_clear();
    return status;
}

/* An alert as a plaintext record, for when no keys protect the connection yet. */
static int append_plain_alert(tls_session *session, int level, int number, tls_bytes *out)
{
    int version = SSL_version(session->ssl);
    uint8_t record[7] = {21, 3, 1, 0, 2, (uint8_t)level, (uint8_t)number};

    /* Before the server chose a version, records carry TLS 1.0's number, as the ClientHello. */
    if (SSL_get_state(session->ssl) != TLS_ST_BEFORE && session->handshake_done == 0 &&
        SSL_get_state(session->ssl) != TLS_ST_CW_CLNT_HELLO &&
        SSL_get_state(session->ssl) != TLS_ST_CR_SRVR_HELLO && version < TLS1_3_VERSION) {
        record[1] = (uint8_t)(version >> 8);
        record[2] = (uint8_t)version;
    }
    return tls_bytes_append(out, record, sizeof(record));
}

SECURITY_STATUS tls_session_alert(tls_session *session, int level, int number, tls_bytes *out)
{
    SECURITY_STATUS status = SEC_E_OK;

    tls_errors_clear();
    if (level != SSL3_AL_WARNING && level != SSL3_AL_FATAL)
        return SEC_E_INTERNAL_ERROR;
    if (!session->handshake_done) {
        if (!append_plain_alert(session, level, number, out))
            status = SEC_E_INSUFFICIENT_MEMORY;
        return status;
    }
    /* With keys in place OpenSSL can only send close_notify; it also ends the connection
     * for any other alert the caller asks for. */
    tls_io_attach(&session->io, NULL, 0, out);
    if (SSL_shutdown(session->ssl) < 0)
        status = SEC_E_INTERNAL_ERROR;
    tls_io_detach(&session->io);
    tls_errors_clear();
    return status;
}
