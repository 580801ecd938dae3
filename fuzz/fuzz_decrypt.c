/* DecryptMessage on arbitrary records of an established connection. The first byte chooses the
 * connection (TLS 1.2 or 1.3), which side receives, and how the records are made:
 *  - raw: the input's bytes, after an optional real record;
 *  - sealed: the input's bytes encrypted by the peer, then one byte changed (or none).
 * The second byte is the delivery slice (0: everything at once). Whatever arrives must be a
 * prefix of what was sent, and all of it when the records were left alone. Connections are made
 * once and replaced only when one stops being usable. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MODE_TLS13 = 1,
    MODE_SEALED = 2,
    MODE_TO_SERVER = 4,
    MODE_REAL_FIRST = 8, /* raw: a real record before the input's bytes */
};

typedef struct connection {
    int up;
    loop_side client, server;
} connection;

static connection connections[2]; /* TLS 1.2, TLS 1.3 */

static connection *get_connection(int tls13)
{
    connection *conn = &connections[tls13];
    if (!conn->up) {
        fuzz_connect(&conn->client, &conn->server, tls13 ? FUZZ_CLIENT_TLS13 : FUZZ_CLIENT_TLS12);
        conn->up = 1;
    }
    return conn;
}

static void drop_connection(connection *conn)
{
    loop_side_free(&conn->client);
    loop_side_free(&conn->server);
    conn->up = 0;
}

static void must(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_decrypt: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char real[] = "a real record first";
    fuzz_input in = {data, size};
    uint8_t mode = fuzz_byte(&in);
    size_t slice = fuzz_byte(&in);
    connection *conn = get_connection(mode & MODE_TLS13);
    loop_side *from = mode & MODE_TO_SERVER ? &conn->client : &conn->server;
    loop_side *to = mode & MODE_TO_SERVER ? &conn->server : &conn->client;
    loop_pipe got = {0};
    const uint8_t *sent = (const uint8_t *)real;
    size_t sent_len = 0, flip_at = 0;
    uint8_t flip = 0;
    SECURITY_STATUS status;

    if (mode & MODE_SEALED) {
        flip_at = fuzz_u16(&in);
        flip = fuzz_byte(&in);
        sent = in.data;
        sent_len = in.len;
        must(loop_send(from, to, sent, sent_len) == SEC_E_OK, "EncryptMessage");
        if (flip && to->in.len)
            to->in.data[flip_at % to->in.len] ^= flip;
    } else {
        if (mode & MODE_REAL_FIRST) {
            sent_len = sizeof(real);
            must(loop_send(from, to, real, sent_len) == SEC_E_OK, "EncryptMessage");
        }
        must(loop_pipe_append(&to->in, in.data, in.len), "out of memory");
    }
    status = loop_receive(to, slice, &got);
    must(got.len <= sent_len && (!got.len || memcmp(got.data, sent, got.len) == 0),
         "plaintext that was never sent");
    if ((mode & MODE_SEALED) && !flip)
        must(status == SEC_E_OK && got.len == sent_len, "untouched records not all received");
    if (status != SEC_E_OK || to->in.len)
        drop_connection(conn);
    loop_pipe_free(&got);
    return 0;
}
