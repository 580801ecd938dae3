/* Both directions of a TLS stream at once, driven by select(): one record out whenever the
 * socket takes more, everything readable in. */
#include "tls_pipe.h"
#include "sspi_util.h"

int tls_pipe(tls_stream *s, const unsigned char *data, size_t len, long long expect, FILE *out,
             int idle_seconds)
{
    unsigned char chunk[16384];
    size_t sent = 0;
    long long received = 0;
    int peer_ended = 0, ok = 0;

    for (;;) {
        int want_read = expect < 0 ? !peer_ended : received < expect;
        int want_write = sent < len, readable = 0, writable = 0;
        long got;
        size_t room = sizeof(chunk);

        if (!want_read && !want_write) {
            ok = 1;
            break;
        }
        if (want_read && tls_stream_buffered(s))
            readable = 1;
        else if (!sock_wait(s->sock, want_read, want_write, idle_seconds, &readable, &writable)) {
            fprintf(stderr, "no progress for %d s: %lu of %lu bytes sent, %lld received\n",
                    idle_seconds, (unsigned long)sent, (unsigned long)len, received);
            break;
        }
        if (writable) {
            /* One plaintext record at a time, so that reading is never held up for long. */
            size_t record = len - sent < sizeof(chunk) ? len - sent : sizeof(chunk);
            if (tls_stream_write(s, data + sent, record) != SEC_E_OK) {
                print_failure("EncryptMessage", s->status);
                break;
            }
            sent += record;
        }
        if (!readable)
            continue;
        if (expect >= 0 && (unsigned long long)(expect - received) < room)
            room = (size_t)(expect - received);
        got = tls_stream_read(s, chunk, room);
        if (got < 0) {
            print_failure("DecryptMessage", s->status);
            break;
        }
        if (got == 0 && expect >= 0) {
            fprintf(stderr, "the peer ended the stream after %lld of %lld bytes\n", received,
                    expect);
            break;
        }
        peer_ended = got == 0;
        if (fwrite(chunk, 1, (size_t)got, out) != (size_t)got) {
            fprintf(stderr, "cannot write the received bytes\n");
            break;
        }
        received += got;
    }
    return ok;
}
