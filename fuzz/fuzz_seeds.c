/* Writes the seed corpus of the fuzz targets into DIR/<target>/: real handshake messages
 * captured from an in-process connection, and inputs in the targets' own formats for the
 * message and descriptor targets (see each target's header comment).
 * Usage: fuzz_seeds DIR   (certificates: $SSPISHIM_CERTS or the build tree's fixtures) */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *out_dir;

static void save(const char *target, const char *name, const loop_pipe *bytes)
{
    char path[1024];
    FILE *file;

    snprintf(path, sizeof(path), "%s/%s", out_dir, target);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
    file = fopen(path, "wb");
    if (!file || fwrite(bytes->data, 1, bytes->len, file) != bytes->len || fclose(file) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

static void put(loop_pipe *p, const void *data, size_t len)
{
    if (!loop_pipe_append(p, data, len))
        exit(1);
}

static void put_byte(loop_pipe *p, uint8_t value)
{
    put(p, &value, 1);
}

static void put_u16(loop_pipe *p, uint16_t value)
{
    put_byte(p, (uint8_t)(value >> 8));
    put_byte(p, (uint8_t)value);
}

/* A fuzz_buffers buffer: type byte, size (top bits: 1 = the call's real token), contents. */
static void put_buffer(loop_pipe *p, uint8_t type, uint16_t size, const void *contents)
{
    put_byte(p, type);
    put_u16(p, size);
    if (contents)
        put(p, contents, size);
}

#define REAL_TOKEN 0x4000
#define NULL_PV    0x80

/* The ClientHello of a client of `kind` (fuzz_accept), and the server's answer to it after the
 * byte that chooses the client (fuzz_initialize). */
static void handshake_seeds(enum fuzz_client_kind kind, const char *name)
{
    loop_side client, server;
    loop_pipe hello = {0}, answer = {0};
    size_t extra;

    fuzz_client_init(&client, kind);
    fuzz_server_init(&server);
    put_byte(&answer, (uint8_t)kind);
    if (fuzz_handshake_call(&client, NULL, 0, &hello, &extra) != SEC_I_CONTINUE_NEEDED ||
        fuzz_handshake_call(&server, hello.data, hello.len, &answer, &extra) !=
            SEC_I_CONTINUE_NEEDED) {
        fprintf(stderr, "handshake failed\n");
        exit(1);
    }
    save("fuzz_accept", name, &hello);
    save("fuzz_initialize", name, &answer);
    loop_pipe_free(&hello);
    loop_pipe_free(&answer);
    loop_side_free(&client);
    loop_side_free(&server);
}

/* fuzz_decrypt: mode, slice, then for sealed records the byte to change and its mask. */
static void decrypt_seed(const char *name, uint8_t mode, uint8_t slice, uint16_t flip_at,
                         uint8_t flip, const char *text)
{
    loop_pipe seed = {0};
    put_byte(&seed, mode);
    put_byte(&seed, slice);
    if (mode & 2) {
        put_u16(&seed, flip_at);
        put_byte(&seed, flip);
    }
    put(&seed, text, strlen(text));
    save("fuzz_decrypt", name, &seed);
    loop_pipe_free(&seed);
}

static void decrypt_seeds(void)
{
    static const char text[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    decrypt_seed("sealed-tls12", 2, 0, 0, 0, text);
    decrypt_seed("sealed-tls13", 3, 0, 0, 0, text);
    decrypt_seed("sealed-tls13-to-server-sliced", 7, 5, 0, 0, text);
    decrypt_seed("sealed-tls12-changed", 2, 1, 12, 0x40, text);
    decrypt_seed("raw-after-real-tls13", 9, 0, 0, 0, "\x17\x03\x03\x00\x05hello");
    decrypt_seed("raw-tls12", 0, 3, 0, 0, "\x15\x03\x03\x00\x02\x01\x00");
}

/* fuzz_buffers: operation byte, flags byte, then descriptors (shape byte: the count, 0x40 for
 * a NULL descriptor) of buffers (type, size, contents). */
static void buffer_seeds(void)
{
    static const char data[] = "application data";
    SecPkgContext_StreamSizes sizes;
    loop_side client, server;
    loop_pipe seed = {0};
    uint8_t zeros[64] = {0};
    int op, attribute;

    fuzz_connect(&client, &server, FUZZ_CLIENT_TLS13);
    if (QueryContextAttributesA(&client.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes) != SEC_E_OK ||
        sizes.cbHeader > sizeof(zeros) || sizes.cbTrailer > sizeof(zeros))
        exit(1);
    loop_side_free(&client);
    loop_side_free(&server);

    /* EncryptMessage: [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]. */
    put_byte(&seed, 3);
    put_byte(&seed, 0);
    put_byte(&seed, 4);
    put_buffer(&seed, SECBUFFER_STREAM_HEADER, (uint16_t)sizes.cbHeader, zeros);
    put_buffer(&seed, SECBUFFER_DATA, sizeof(data) - 1, data);
    put_buffer(&seed, SECBUFFER_STREAM_TRAILER, (uint16_t)sizes.cbTrailer, zeros);
    put_buffer(&seed, SECBUFFER_EMPTY, 0, NULL);
    save("fuzz_buffers", "encrypt", &seed);
    seed.len = 0;

    /* DecryptMessage: [DATA (a real record), EMPTY, EMPTY, EMPTY]. */
    put_byte(&seed, 4);
    put_byte(&seed, 0);
    put_byte(&seed, 4);
    put_buffer(&seed, SECBUFFER_DATA, REAL_TOKEN, NULL);
    put_buffer(&seed, SECBUFFER_EMPTY, 0, NULL);
    put_buffer(&seed, SECBUFFER_EMPTY, 0, NULL);
    put_buffer(&seed, SECBUFFER_EMPTY, 0, NULL);
    save("fuzz_buffers", "decrypt", &seed);
    seed.len = 0;

    /* Handshake calls: input [TOKEN (real), EMPTY] (none for a client's first call), output
     * [TOKEN, ALERT] for the package to allocate. */
    for (op = 0; op < 3; op++) {
        static const char *const names[] = {"isc-first", "isc-next", "asc"};
        put_byte(&seed, (uint8_t)op);
        put_byte(&seed, 1 | (uint8_t)(FUZZ_CLIENT_TLS13 << 1));
        if (op == 0) {
            put_byte(&seed, 0x40);
        } else {
            put_byte(&seed, 2);
            put_buffer(&seed, SECBUFFER_TOKEN, REAL_TOKEN, NULL);
            put_buffer(&seed, SECBUFFER_EMPTY, 0, NULL);
        }
        put_byte(&seed, 2);
        put_buffer(&seed, NULL_PV | SECBUFFER_TOKEN, 0, NULL);
        put_buffer(&seed, NULL_PV | SECBUFFER_ALERT, 0, NULL);
        save("fuzz_buffers", names[op], &seed);
        seed.len = 0;
    }

    /* QueryContextAttributes: each known attribute, on the client (A) and the server (W). */
    for (attribute = 0; attribute < 13; attribute++) {
        char name[32];
        put_byte(&seed, 5);
        put_byte(&seed, (uint8_t)attribute);
        snprintf(name, sizeof(name), "query-client-%d", attribute);
        save("fuzz_buffers", name, &seed);
        seed.len = 0;
        put_byte(&seed, 5);
        put_byte(&seed, (uint8_t)(0xc0 | attribute));
        snprintf(name, sizeof(name), "query-server-%d", attribute);
        save("fuzz_buffers", name, &seed);
        seed.len = 0;
    }
    loop_pipe_free(&seed);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    out_dir = argv[1];
    mkdir(out_dir, 0755);
    handshake_seeds(FUZZ_CLIENT_TLS12, "tls12");
    handshake_seeds(FUZZ_CLIENT_TLS13, "tls13");
    handshake_seeds(FUZZ_CLIENT_VALIDATE, "validating");
    decrypt_seeds();
    buffer_seeds();
    return 0;
}
