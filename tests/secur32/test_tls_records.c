/* The byte stream cut every way: handshakes over small slices, several records in one
 * DecryptMessage, partial records, a large transfer, tampering, and the descriptor rules of
 * EncryptMessage/DecryptMessage (reference §2.10, §2.11; checklist E, F). */
#include "tls_fixture.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sslerr.h>
#include <stdlib.h>
#include <string.h>

static void handshake_in_slices(DWORD protocols, size_t slice)
{
    static const char ping[] = "ping from the client", pong[] = "pong from the server";
    fx_pair pair;
    SECURITY_STATUS status;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    status = fx_handshake(&pair, slice);
    cr_assert_eq(status, SEC_E_OK, "slice %zu: 0x%08x (client 0x%08x, server 0x%08x)", slice,
                 (unsigned)status, (unsigned)pair.client.status, (unsigned)pair.server.status);
    fx_transfer(&pair.client, &pair.server, ping, sizeof(ping), slice);
    fx_transfer(&pair.server, &pair.client, pong, sizeof(pong), slice);
    fx_close(&pair);
}

Test(split, tls13_slices)
{
    static const size_t slices[] = {1, 2, 3, 7, 64, 0};
    size_t i;
    for (i = 0; i < sizeof(slices) / sizeof(slices[0]); i++)
        handshake_in_slices(SP_PROT_TLS1_3, slices[i]);
}

Test(split, tls12_slices)
{
    static const size_t slices[] = {1, 2, 3, 7, 64, 0};
    size_t i;
    for (i = 0; i < sizeof(slices) / sizeof(slices[0]); i++)
        handshake_in_slices(SP_PROT_TLS1_2, slices[i]);
}

Test(split, tls10_slices)
{
    handshake_in_slices(SP_PROT_TLS1_0, 3);
    handshake_in_slices(SP_PROT_TLS1_0, 0);
}

/* Three records in one input: only the first is decrypted, the rest is EXTRA, in place. */
Test(records, coalesced_records_give_extra)
{
    static const char *words[] = {"one", "two!", "three"};
    fx_pair pair;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    unsigned char *start;
    size_t total, first = 13 + 3 + 16, i;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    for (i = 0; i < 3; i++)
        cr_assert_eq(loop_send(&pair.client, &pair.server, words[i], strlen(words[i])), SEC_E_OK);
    start = pair.server.in.data;
    total = pair.server.in.len;
    cr_assert_eq(total, first + (first + 1) + (first + 2));
    loop_decrypt_buffers(bufs, start, total);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert_eq(bufs[0].BufferType, SECBUFFER_STREAM_HEADER);
    cr_assert_eq(bufs[0].pvBuffer, start);
    cr_assert_eq(bufs[0].cbBuffer, 13);
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_DATA);
    cr_assert_eq(bufs[1].pvBuffer, start + 13, "plaintext in place after the header");
    cr_assert_eq(bufs[1].cbBuffer, 3);
    cr_assert_eq(memcmp(bufs[1].pvBuffer, "one", 3), 0);
    cr_assert_eq(bufs[2].BufferType, SECBUFFER_STREAM_TRAILER);
    cr_assert_eq(bufs[2].pvBuffer, start + 16);
    cr_assert_eq(bufs[2].cbBuffer, 16, "the trailer is the tag, not the records after it");
    cr_assert_eq(bufs[3].BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(bufs[3].pvBuffer, start + first);
    cr_assert_eq(bufs[3].cbBuffer, total - first);

    /* The EXTRA bytes are the next records. */
    loop_decrypt_buffers(bufs, start + first, total - first);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert_eq(bufs[1].cbBuffer, 4);
    cr_assert_eq(memcmp(bufs[1].pvBuffer, "two!", 4), 0);
    cr_assert_eq(bufs[3].BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(bufs[3].cbBuffer, first + 2);
    loop_decrypt_buffers(bufs, start + 2 * first + 1, first + 2);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert_eq(bufs[1].cbBuffer, 5);
    cr_assert_eq(memcmp(bufs[1].pvBuffer, "three", 5), 0);
    cr_assert_eq(bufs[3].BufferType, SECBUFFER_EMPTY, "no EXTRA when nothing is left");
    fx_close(&pair);
}

/* A partial record: INCOMPLETE_MESSAGE, buffers [0] and [1] MISSING with the exact count. */
Test(records, partial_record_reports_missing)
{
    static const size_t shorts[] = {5, 1, 16, 17, 1000};
    fx_pair pair;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    unsigned char data[1200];
    size_t len, i;

    memset(data, 'd', sizeof(data));
    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    cr_assert_eq(loop_send(&pair.client, &pair.server, data, sizeof(data)), SEC_E_OK);
    len = pair.server.in.len;
    cr_assert_eq(len, 5 + sizeof(data) + 17);
    for (i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
        loop_decrypt_buffers(bufs, pair.server.in.data, len - shorts[i]);
        cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INCOMPLETE_MESSAGE);
        cr_assert_eq(bufs[0].BufferType, SECBUFFER_MISSING);
        cr_assert_eq(bufs[0].cbBuffer, shorts[i], "short by %zu", shorts[i]);
        cr_assert_eq(bufs[1].BufferType, SECBUFFER_MISSING);
        cr_assert_eq(bufs[1].cbBuffer, shorts[i]);
    }
    /* Not even a whole header: what completes the header. */
    loop_decrypt_buffers(bufs, pair.server.in.data, 3);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(bufs[0].BufferType, SECBUFFER_MISSING);
    cr_assert_eq(bufs[0].cbBuffer, 2);
    /* Nothing was consumed: the whole record still decrypts. */
    loop_decrypt_buffers(bufs, pair.server.in.data, len);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert_eq(bufs[1].cbBuffer, sizeof(data));
    cr_assert_eq(memcmp(bufs[1].pvBuffer, data, sizeof(data)), 0);
    fx_close(&pair);
}

/* More than a MiB in records of random sizes, received in random-looking slices. */
static void big_transfer(DWORD protocols)
{
    size_t total = (1 << 20) + 12345, pos = 0, chunk;
    unsigned char *data = malloc(total);
    unsigned int seed = 4242;
    loop_pipe got = {0};
    fx_pair pair;
    size_t i;

    cr_assert(data);
    for (i = 0; i < total; i++)
        data[i] = (unsigned char)(rand_r(&seed) >> 7);
    fx_connect(&pair, "server-ecdsa", protocols);
    while (pos < total) {
        chunk = 1 + (size_t)rand_r(&seed) % 16384;
        if (chunk > total - pos)
            chunk = total - pos;
        cr_assert_eq(loop_send(&pair.server, &pair.client, data + pos, chunk), SEC_E_OK);
        pos += chunk;
        /* Now and then let the receiver catch up, in odd slices. */
        if (rand_r(&seed) % 4 == 0)
            cr_assert_eq(loop_receive(&pair.client, 1 + (size_t)rand_r(&seed) % 5000, &got),
                         SEC_E_OK);
    }
    cr_assert_eq(loop_receive(&pair.client, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, total);
    cr_assert_eq(memcmp(got.data, data, total), 0, "plaintext differs");
    loop_pipe_free(&got);
    fx_close(&pair);
    free(data);
}

Test(records, big_transfer_tls13, .timeout = 60)
{
    big_transfer(SP_PROT_TLS1_3);
}

Test(records, big_transfer_tls12, .timeout = 60)
{
    big_transfer(SP_PROT_TLS1_2);
}

/* A full 16 KiB record and an empty message both encrypt. */
Test(records, message_sizes)
{
    static unsigned char big[16384];
    fx_pair pair;
    unsigned char buf[5 + 17 + 8];
    SecBuffer bufs[4] = {{5, SECBUFFER_STREAM_HEADER, buf},
                         {0, SECBUFFER_DATA, buf + 5},
                         {17, SECBUFFER_STREAM_TRAILER, buf + 5},
                         {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

    memset(big, 'b', sizeof(big));
    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    fx_transfer(&pair.client, &pair.server, big, sizeof(big), 0);
    cr_assert_eq(EncryptMessage(&pair.client.ctx, 0, &desc, 0), SEC_E_OK);
    cr_assert_eq(bufs[1].cbBuffer, 0);
    fx_close(&pair);
}

/* A flipped bit: SEC_E_MESSAGE_ALTERED, and the context stays failed. */
Test(records, tampered_record_is_altered_and_sticky)
{
    fx_pair pair;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status;
    size_t len;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(loop_send(&pair.client, &pair.server, "secret", 6), SEC_E_OK);
    len = pair.server.in.len;
    cr_assert_eq(loop_send(&pair.client, &pair.server, "second", 6), SEC_E_OK);
    pair.server.in.data[len - 20] ^= 0x01;
    loop_decrypt_buffers(bufs, pair.server.in.data, len);
    status = DecryptMessage(&pair.server.ctx, &desc, 0, NULL);
    cr_assert_eq(status, SEC_E_MESSAGE_ALTERED, "0x%08x", (unsigned)status);
    loop_decrypt_buffers(bufs, pair.server.in.data + len, pair.server.in.len - len);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_MESSAGE_ALTERED);
    fx_close(&pair);
}

Test(records, tampered_tls13_record)
{
    fx_pair pair;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    cr_assert_eq(loop_send(&pair.client, &pair.server, "secret", 6), SEC_E_OK);
    pair.server.in.data[7] ^= 0x80;
    loop_decrypt_buffers(bufs, pair.server.in.data, pair.server.in.len);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_MESSAGE_ALTERED);
    fx_close(&pair);
}

/* DecryptMessage does not clear OpenSSL's error queue before it reads (natively the application
 * shares that queue): errors the application left there change no outcome, and stay there
 * while records go through. */
static void stale_errors_change_nothing(DWORD protocols)
{
    fx_pair pair;
    loop_pipe got = {0};
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

    fx_connect(&pair, "server-rsa", protocols);
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_RECORD_TYPE); /* an SSL reason, as a failed read leaves */
    /* TLS 1.3 tickets: records without data, "want more input" to OpenSSL (the ISC after
     * SEC_I_RENEGOTIATE starts with an empty queue, as every handshake step). */
    cr_assert_eq(loop_receive(&pair.client, 0, &got), SEC_E_OK);
    ERR_clear_error();
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_RECORD_TYPE);
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE);
    cr_assert_eq(loop_send(&pair.client, &pair.server, "through", 7), SEC_E_OK);
    cr_assert_eq(loop_receive(&pair.server, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, 7);
    cr_assert_eq(memcmp(got.data, "through", 7), 0);
    cr_assert_eq(ERR_GET_LIB(ERR_peek_error()), ERR_LIB_SSL, "the application's errors are kept");
    cr_assert_eq(ERR_GET_LIB(ERR_peek_last_error()), ERR_LIB_PEM);
    /* A real failure is still told by its own reason (the PEM error is no SSL reason). */
    ERR_clear_error();
    ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE);
    cr_assert_eq(loop_send(&pair.client, &pair.server, "tampered", 8), SEC_E_OK);
    pair.server.in.data[pair.server.in.len - 1] ^= 0x01;
    loop_decrypt_buffers(bufs, pair.server.in.data, pair.server.in.len);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_MESSAGE_ALTERED);
    cr_assert_eq(ERR_peek_error(), 0, "a failure leaves the queue empty");
    loop_pipe_free(&got);
    fx_close(&pair);
}

Test(records, stale_errors_tls13)
{
    stale_errors_change_nothing(SP_PROT_TLS1_3);
}

Test(records, stale_errors_tls12)
{
    stale_errors_change_nothing(SP_PROT_TLS1_2);
}

/* Windows rejects DecryptMessage descriptors without 1 DATA and 3 EMPTY (reference §3.5). */
Test(records, decrypt_descriptor_rules)
{
    fx_pair pair;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(loop_send(&pair.client, &pair.server, "x", 1), SEC_E_OK);
    loop_decrypt_buffers(bufs, pair.server.in.data, pair.server.in.len);
    desc.cBuffers = 3;
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INVALID_TOKEN);
    desc.cBuffers = 4;
    bufs[0].BufferType = SECBUFFER_EMPTY;
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INVALID_TOKEN);
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[1].BufferType = SECBUFFER_DATA;
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INVALID_TOKEN);
    bufs[1].BufferType = SECBUFFER_EXTRA;
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INVALID_TOKEN);
    cr_assert_eq(DecryptMessage(NULL, &desc, 0, NULL), SEC_E_INVALID_HANDLE);
    /* None of that disturbed the connection. */
    loop_decrypt_buffers(bufs, pair.server.in.data, pair.server.in.len);
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert_eq(bufs[1].cbBuffer, 1);
    cr_assert_eq(*(char *)bufs[1].pvBuffer, 'x');
    fx_close(&pair);
}

Test(records, encrypt_descriptor_rules)
{
    fx_pair pair;
    unsigned char buf[64];
    SecBuffer bufs[4] = {{13, SECBUFFER_STREAM_HEADER, buf},
                         {4, SECBUFFER_EMPTY, buf + 13},
                         {16, SECBUFFER_STREAM_TRAILER, buf + 17},
                         {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_neq(EncryptMessage(&pair.client.ctx, 0, &desc, 0), SEC_E_OK, "no DATA buffer");
    bufs[1].BufferType = SECBUFFER_DATA;
    cr_assert_eq(EncryptMessage(NULL, 0, &desc, 0), SEC_E_INVALID_HANDLE);
    memcpy(buf + 13, "data", 4);
    cr_assert_eq(EncryptMessage(&pair.client.ctx, 0, &desc, 0), SEC_E_OK);
    cr_assert_eq(bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer, 13 + 4 + 16);
    fx_close(&pair);
}

/* Before the handshake completes there are no keys to protect or check records with. */
Test(records, messages_before_handshake)
{
    fx_pair pair;
    unsigned char buf[64] = {23, 3, 3, 0, 10};
    SecBuffer in[4], out[4] = {{5, SECBUFFER_STREAM_HEADER, buf},
                               {4, SECBUFFER_DATA, buf + 5},
                               {32, SECBUFFER_STREAM_TRAILER, buf + 9},
                               {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 4, in}, out_desc = {SECBUFFER_VERSION, 4, out};

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(EncryptMessage(&pair.client.ctx, 0, &out_desc, 0), SEC_E_OUT_OF_SEQUENCE);
    loop_decrypt_buffers(in, buf, 15);
    cr_assert_eq(DecryptMessage(&pair.client.ctx, &in_desc, 0, NULL), SEC_E_OUT_OF_SEQUENCE);
    /* The handshake still completes. */
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    fx_close(&pair);
}
