/* A BIO over the caller's SecBuffers: reads come from the current input slice (so the SSPI
 * layer knows exactly how many bytes were consumed), writes go to the current output. */
#include "tls_internal.h"

#include <string.h>

static BIO_METHOD *bio_method;

void tls_io_attach(tls_io *io, const uint8_t *in, size_t in_len, tls_bytes *out)
{
    io->in = in;
    io->in_len = in_len;
    io->in_pos = 0;
    io->out = out;
}

void tls_io_detach(tls_io *io)
{
    io->in = NULL;
    io->in_len = 0;
    io->in_pos = 0;
    io->out = NULL;
}

static int bio_read(BIO *bio, char *buf, int len)
{
    tls_io *io = BIO_get_data(bio);
    size_t available = io->in_len - io->in_pos;
    size_t n = (size_t)len < available ? (size_t)len : available;

    BIO_clear_retry_flags(bio);
    if (n == 0) {
        BIO_set_retry_read(bio); /* no more input in this call: not an EOF */
        return -1;
    }
    memcpy(buf, io->in + io->in_pos, n);
    io->in_pos += n;
    return (int)n;
}

static int bio_write(BIO *bio, const char *buf, int len)
{
    tls_io *io = BIO_get_data(bio);
    tls_bytes *out = io->out ? io->out : &io->pending;

    BIO_clear_retry_flags(bio);
    if (!tls_bytes_append(out, buf, (size_t)len))
        return -1;
    return len;
}

static long bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    (void)bio;
    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

static int bio_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

/* Created once per process: threads that raced here each made a method, and all but one leaked. */
static CRYPTO_ONCE bio_method_once = CRYPTO_ONCE_STATIC_INIT;

static void create_bio_method(void)
{
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sspishim");
    if (!method || !BIO_meth_set_read(method, bio_read) || !BIO_meth_set_write(method, bio_write) ||
        !BIO_meth_set_ctrl(method, bio_ctrl) || !BIO_meth_set_create(method, bio_create)) {
        BIO_meth_free(method);
        return;
    }
    bio_method = method;
}

BIO *tls_bio_new(tls_io *io)
{
    BIO *bio;

    if (!CRYPTO_THREAD_run_once(&bio_method_once, create_bio_method) || !bio_method)
        return NULL;
    bio = BIO_new(bio_method);
    if (bio)
        BIO_set_data(bio, io);
    return bio;
}
