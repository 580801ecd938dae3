/* Hostile peers after the handshake: records that are oversized, garbage, reordered, replayed
 * or cut short. Each is refused with an error (never taken for data, never an endless wait for
 * more bytes), and a refused session stays refused. */
#include "tls_fixture.h"

#include <string.h>

/* TLSCiphertext.length may not exceed 2^14 + 2048 (RFC 5246 §6.2.3). */
#define MAX_CIPHERTEXT (16384 + 2048)

static void connect12(fx_pair *pair)
{
    fx_connect(pair, "server-rsa", SP_PROT_TLS1_2);
}

/* Delivers `len` bytes to the server, which must refuse them. */
static SECURITY_STATUS server_refuses(fx_pair *pair, const void *bytes, size_t len)
{
    loop_pipe got = {0};
    SECURITY_STATUS status;

    pair->server.in.len = pair->server.in.arrived = 0;
    cr_assert(loop_pipe_append(&pair->server.in, bytes, len));
    status = loop_receive(&pair->server, 0, &got);
    cr_assert(status < 0 && status != SEC_E_INCOMPLETE_MESSAGE, "status 0x%08x", (unsigned)status);
    cr_assert_eq(got.len, 0, "nothing taken for data");
    loop_pipe_free(&got);
    return status;
}

Test(hostile_peers, oversized_record)
{
    static unsigned char record[5 + MAX_CIPHERTEXT + 1];
    fx_pair pair;

    connect12(&pair);
    record[0] = 0x17;
    record[1] = 0x03;
    record[2] = 0x03;
    record[3] = (unsigned char)((MAX_CIPHERTEXT + 1) >> 8);
    record[4] = (unsigned char)((MAX_CIPHERTEXT + 1) & 0xff);
    server_refuses(&pair, record, sizeof(record));
    fx_close(&pair);
}

Test(hostile_peers, garbage_records)
{
    unsigned char record[5 + 64];
    fx_pair pair;
    size_t i;

    connect12(&pair);
    memset(record, 0, sizeof(record));
    record[0] = 0x17;
    record[1] = 0x03;
    record[2] = 0x03;
    record[4] = 64;
    for (i = 5; i < sizeof(record); i++)
        record[i] = (unsigned char)(i * 37);
    server_refuses(&pair, record, sizeof(record));
    fx_close(&pair);

    /* Not even a TLS record type. */
    connect12(&pair);
    record[0] = 0x99;
    server_refuses(&pair, record, sizeof(record));
    fx_close(&pair);
}

/* Two records sent A then B, delivered B then A: B's sequence number is wrong for the first
 * place, so its MAC fails. A replayed record fails the same way. */
Test(hostile_peers, reordered_and_replayed_records)
{
    fx_pair pair;
    loop_pipe flight = {0}, got = {0};
    size_t first;

    connect12(&pair);
    pair.server.in.len = pair.server.in.arrived = 0;
    cr_assert_eq(loop_send(&pair.client, &pair.server, "first", 5), SEC_E_OK);
    first = pair.server.in.len;
    cr_assert_eq(loop_send(&pair.client, &pair.server, "second", 6), SEC_E_OK);
    cr_assert(loop_pipe_append(&flight, pair.server.in.data + first, pair.server.in.len - first));
    cr_assert(loop_pipe_append(&flight, pair.server.in.data, first));
    cr_assert_eq(server_refuses(&pair, flight.data, flight.len), SEC_E_MESSAGE_ALTERED);
    /* The failure sticks: even the right record is refused now. */
    server_refuses(&pair, flight.data + flight.len - first, first);
    fx_close(&pair);

    connect12(&pair);
    pair.server.in.len = pair.server.in.arrived = 0;
    cr_assert_eq(loop_send(&pair.client, &pair.server, "once", 4), SEC_E_OK);
    flight.len = 0;
    cr_assert(loop_pipe_append(&flight, pair.server.in.data, pair.server.in.len));
    cr_assert_eq(loop_receive(&pair.server, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, 4);
    cr_assert_eq(server_refuses(&pair, flight.data, flight.len), SEC_E_MESSAGE_ALTERED);
    loop_pipe_free(&flight);
    loop_pipe_free(&got);
    fx_close(&pair);
}

/* A record cut short asks for exactly the missing bytes, then decrypts once they come. */
Test(hostile_peers, truncated_record_waits_for_the_rest)
{
    fx_pair pair;
    loop_pipe record = {0};
    unsigned char buffer[256];
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    size_t cut;

    connect12(&pair);
    pair.server.in.len = pair.server.in.arrived = 0;
    cr_assert_eq(loop_send(&pair.client, &pair.server, "truncated", 9), SEC_E_OK);
    cr_assert(loop_pipe_append(&record, pair.server.in.data, pair.server.in.len));
    cr_assert_leq(record.len, sizeof(buffer));
    for (cut = 1; cut < record.len; cut += 7) {
        memcpy(buffer, record.data, cut);
        memset(bufs, 0, sizeof(bufs));
        bufs[0].BufferType = SECBUFFER_DATA;
        bufs[0].cbBuffer = (ULONG)cut;
        bufs[0].pvBuffer = buffer;
        bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
        cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_INCOMPLETE_MESSAGE,
                     "cut at %zu", cut);
        if (cut >= 5)
            cr_assert(bufs[0].BufferType == SECBUFFER_MISSING &&
                          bufs[0].cbBuffer == record.len - cut,
                      "cut at %zu: missing %lu", cut, (unsigned long)bufs[0].cbBuffer);
    }
    memcpy(buffer, record.data, record.len);
    memset(bufs, 0, sizeof(bufs));
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = (ULONG)record.len;
    bufs[0].pvBuffer = buffer;
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_E_OK);
    cr_assert(bufs[1].BufferType == SECBUFFER_DATA && bufs[1].cbBuffer == 9 &&
              !memcmp(bufs[1].pvBuffer, "truncated", 9));
    loop_pipe_free(&record);
    fx_close(&pair);
}

/* A fatal alert in place of the peer's next flight, at every stage of the handshake: after
 * `stage` real flights (the ClientHello is the first), the side due to read gets the alert. */
static void alert_at_stage(DWORD protocols, int stage)
{
    static const unsigned char handshake_failure[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    fx_pair pair;
    loop_side *reader;
    SECURITY_STATUS status;
    int i;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    reader = &pair.server;
    for (i = 0; i < stage; i++) {
        loop_side *writer = reader;
        reader = writer == &pair.server ? &pair.client : &pair.server;
        status = fx_step(writer, writer->in.data, writer->in.len, NULL, &reader->in);
        cr_assert(status == SEC_I_CONTINUE_NEEDED || status == SEC_E_OK, "stage %d: 0x%08x", i,
                  (unsigned)status);
        writer->in.len = writer->in.arrived = 0;
    }
    reader->in.len = reader->in.arrived = 0;
    status = fx_step(reader, handshake_failure, sizeof(handshake_failure), NULL, NULL);
    cr_assert(status < 0 && status != SEC_E_INCOMPLETE_MESSAGE && status != SEC_E_INVALID_HANDLE,
              "%s at stage %d: 0x%08x", reader->is_server ? "server" : "client", stage,
              (unsigned)status);
    /* The failure sticks. */
    cr_assert(fx_step(reader, handshake_failure, sizeof(handshake_failure), NULL, NULL) < 0);
    fx_close(&pair);
}

Test(hostile_peers, alert_at_every_tls12_stage)
{
    int stage;
    for (stage = 0; stage < 4; stage++)
        alert_at_stage(SP_PROT_TLS1_2, stage);
}

Test(hostile_peers, alert_at_every_tls13_stage)
{
    int stage;
    for (stage = 0; stage < 3; stage++)
        alert_at_stage(SP_PROT_TLS1_3, stage);
}

/* An oversized record as the server's first input is refused, not waited for. */
Test(hostile_peers, oversized_client_hello)
{
    static unsigned char record[5 + MAX_CIPHERTEXT + 1];
    fx_pair pair;
    SECURITY_STATUS status;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    record[0] = 0x16;
    record[1] = 0x03;
    record[2] = 0x01;
    record[3] = (unsigned char)((MAX_CIPHERTEXT + 1) >> 8);
    record[4] = (unsigned char)((MAX_CIPHERTEXT + 1) & 0xff);
    record[5] = 0x01;
    status = fx_step(&pair.server, record, sizeof(record), NULL, NULL);
    cr_assert(status < 0 && status != SEC_E_INCOMPLETE_MESSAGE, "0x%08x", (unsigned)status);
    fx_close(&pair);
}
