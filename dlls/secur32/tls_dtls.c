/* DTLS sessions: datagrams over the caller's buffers, the path MTU, and retransmission as
 * Schannel does it. Windows re-sends the last flight exactly when the caller asks (ISC/ASC with
 * no input) and never on its own, so OpenSSL's retransmission timer is kept short and a flight
 * it re-sends during a call that brought input is dropped; a call without input waits out what
 * is left of the timer (at most TIMER_US) and lets OpenSSL re-send, with fresh record numbers. */
#include "tls_dtls.h"

#include <openssl/err.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <sys/time.h>
#include <time.h>
#endif

#define TIMER_US       50000u /* OpenSSL's retransmission timer, re-armed at each flight */
#define DEFAULT_MTU    1096u  /* Schannel's default DTLS MTU */
#define ENGINE_MIN_MTU 256u   /* OpenSSL's smallest datagram */
#define FIRST_WAIT_MS  1000u  /* the expiry reported after a re-sent flight doubles from here */
#define LAST_WAIT_MS   60000u
#define RECORD_HEADER  13u

typedef struct tls_dtls {
    tls_io *io;
    unsigned int mtu;       /* the caller's, as asked (the engine never goes below 256) */
    int resend_wanted;      /* this call re-sends the last flight */
    int dropping;           /* OpenSSL's own timer is re-sending: not Windows' behaviour */
    unsigned int resends;   /* flights re-sent since the peer last answered */
    uint64_t resend_expiry; /* FILETIME of the next suggested re-send, 0: none this call */
} tls_dtls;

static BIO_METHOD *dtls_method;

static tls_dtls *state_of(SSL *ssl)
{
    return BIO_get_data(SSL_get_rbio(ssl));
}

/* One record per read: the input is whole records back to back, whatever datagrams carried
 * them, and a record is a datagram of its own to OpenSSL. */
static int dtls_read(BIO *bio, char *buf, int len)
{
    tls_dtls *state = BIO_get_data(bio);
    tls_io *io = state->io;
    size_t available = io->in_len - io->in_pos, n;

    BIO_clear_retry_flags(bio);
    state->dropping = 0; /* a re-sent flight ends where OpenSSL goes back to reading */
    if (available == 0) {
        BIO_set_retry_read(bio);
        return -1;
    }
    n = available;
    if (available >= RECORD_HEADER) {
        const uint8_t *header = io->in + io->in_pos;
        size_t record = RECORD_HEADER + ((size_t)header[11] << 8 | header[12]);
        if (record < n)
            n = record;
    }
    if (n > (size_t)len)
        n = (size_t)len;
    memcpy(buf, io->in + io->in_pos, n);
    io->in_pos += n;
    return (int)n;
}

static int dtls_write(BIO *bio, const char *buf, int len)
{
    tls_dtls *state = BIO_get_data(bio);
    tls_io *io = state->io;
    tls_bytes *out = io->out ? io->out : &io->pending;

    BIO_clear_retry_flags(bio);
    if (state->dropping && !state->resend_wanted)
        return len;
    if (!tls_bytes_append(out, buf, (size_t)len))
        return -1;
    return len;
}

static long dtls_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    (void)bio, (void)num, (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
    case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
        return 1;
    default: /* no MTU to query, no overhead, nothing pending */
        return 0;
    }
}

static int dtls_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

static int dtls_destroy(BIO *bio)
{
    free(BIO_get_data(bio));
    BIO_set_data(bio, NULL);
    return 1;
}

/* OpenSSL's timer: a short constant; when it fires on its own (not in a call that asked for a
 * re-send) what it sends is dropped. */
static unsigned int dtls_timer(SSL *ssl, unsigned int previous_us)
{
    tls_dtls *state = state_of(ssl);
    if (previous_us && state && !state->resend_wanted)
        state->dropping = 1;
    return TIMER_US;
}

BIO *tls_dtls_bio_new(tls_io *io)
{
    tls_dtls *state;
    BIO *bio;

    if (!dtls_method) {
        /* Created once per process; a race creates a second identical method, harmlessly leaked. */
        BIO_METHOD *method =
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sspishim-dtls");
        if (!method || !BIO_meth_set_read(method, dtls_read) ||
            !BIO_meth_set_write(method, dtls_write) || !BIO_meth_set_ctrl(method, dtls_ctrl) ||
            !BIO_meth_set_create(method, dtls_create) ||
            !BIO_meth_set_destroy(method, dtls_destroy)) {
            BIO_meth_free(method);
            return NULL;
        }
        dtls_method = method;
    }
    state = calloc(1, sizeof(*state));
    bio = state ? BIO_new(dtls_method) : NULL;
    if (!bio) {
        free(state);
        return NULL;
    }
    state->io = io;
    state->mtu = DEFAULT_MTU;
    BIO_set_data(bio, state);
    return bio;
}

int tls_dtls_configure(SSL *ssl)
{
    SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
    DTLS_set_timer_cb(ssl, dtls_timer);
    return SSL_set_mtu(ssl, DEFAULT_MTU) > 0;
}

int tls_session_is_datagram(tls_session *session)
{
    return SSL_is_dtls(session->ssl);
}

SECURITY_STATUS tls_session_set_mtu(tls_session *session, unsigned int mtu)
{
    tls_dtls *state;

    if (!SSL_is_dtls(session->ssl))
        return SEC_E_UNSUPPORTED_FUNCTION;
    state = state_of(session->ssl);
    if (!SSL_set_mtu(session->ssl, mtu < ENGINE_MIN_MTU ? ENGINE_MIN_MTU : mtu)) {
        ERR_clear_error();
        return SEC_E_INVALID_PARAMETER;
    }
    state->mtu = mtu;
    return SEC_E_OK;
}

unsigned int tls_session_mtu(tls_session *session)
{
    return SSL_is_dtls(session->ssl) ? state_of(session->ssl)->mtu : 0;
}

void tls_dtls_record_sizes(tls_session *session, tls_record_sizes *sizes)
{
    size_t data_mtu = DTLS_get_data_mtu(session->ssl);

    sizes->header += RECORD_HEADER - SSL3_RT_HEADER_LENGTH;
    if (data_mtu && data_mtu < sizes->max_message)
        sizes->max_message = (ULONG)data_mtu;
}

/* Now as a FILETIME (100 ns units since 1601), for the expiry of a re-sending call. */
static uint64_t filetime_now(void)
{
#ifdef _WIN32
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    return (uint64_t)now.dwHighDateTime << 32 | now.dwLowDateTime;
#else
    struct timeval now;
    gettimeofday(&now, NULL);
    return ((uint64_t)now.tv_sec + 11644473600u) * 10000000u + (uint64_t)now.tv_usec * 10u;
#endif
}

static void sleep_us(long us)
{
#ifdef _WIN32
    Sleep((DWORD)((us + 999) / 1000));
#else
    struct timespec wait = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&wait, NULL);
#endif
}

void tls_dtls_before_step(tls_session *session, size_t in_len)
{
    tls_dtls *state = state_of(session->ssl);
    struct timeval left;
    unsigned int wait_ms;

    state->resend_expiry = 0;
    if (in_len) {
        state->resends = 0; /* the peer answered */
        return;
    }
    /* No input: re-send the last flight, if one waits for an answer. */
    if (DTLSv1_get_timeout(session->ssl, &left) != 1)
        return;
    if (left.tv_sec || left.tv_usec)
        sleep_us((long)left.tv_sec * 1000000 + left.tv_usec);
    state->resend_wanted = 1;
    if (DTLSv1_handle_timeout(session->ssl) > 0) {
        wait_ms = state->resends < 6 ? FIRST_WAIT_MS << state->resends : LAST_WAIT_MS;
        if (wait_ms > LAST_WAIT_MS)
            wait_ms = LAST_WAIT_MS;
        state->resends++;
        state->resend_expiry = filetime_now() + (uint64_t)wait_ms * 10000u;
    }
    state->resend_wanted = 0;
}

uint64_t tls_session_resend_expiry(tls_session *session)
{
    return SSL_is_dtls(session->ssl) ? state_of(session->ssl)->resend_expiry : 0;
}
