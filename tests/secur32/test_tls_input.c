/* ISC/ASC input rules on a live handshake: MISSING counts for partial records, EXTRA after the
 * final flight, garbage, and what stays untouched (reference §2.6, §3.5; checklist 27-30, 72). */
#include "tls_fixture.h"

#include <string.h>

/* The first ASC with a partial ClientHello needs more bytes and creates no context. */
Test(input, server_first_call_missing_counts)
{
    fx_pair pair;
    SecBuffer second;
    size_t hello;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    hello = pair.server.in.len;
    cr_assert_eq(hello, 5 + (pair.server.in.data[3] << 8 | pair.server.in.data[4]));
    pair.server.ctx.dwLower = pair.server.ctx.dwUpper = 0xdeadbeef;
    cr_assert_eq(fx_step(&pair.server, pair.server.in.data, 0, &second, NULL),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(second.BufferType, SECBUFFER_MISSING);
    cr_assert_eq(second.cbBuffer, 5);
    cr_assert_eq(fx_step(&pair.server, pair.server.in.data, 4, &second, NULL),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(second.cbBuffer, 1);
    cr_assert_eq(fx_step(&pair.server, pair.server.in.data, 10, &second, NULL),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(second.BufferType, SECBUFFER_MISSING);
    cr_assert_eq(second.cbBuffer, hello - 10);
    cr_assert_eq(pair.server.ctx.dwLower, 0xdeadbeef, "no context before a whole ClientHello");
    cr_assert_eq(pair.server.ctx.dwUpper, 0xdeadbeef);
    cr_assert_eq(fx_step(&pair.server, pair.server.in.data, hello, &second, &pair.client.in),
                 SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(second.BufferType, SECBUFFER_EMPTY);
    loop_pipe_free(&pair.server.in);
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    fx_close(&pair);
}

/* Windows' test_communication steps 8-11 against our own server. */
Test(input, client_continuation_missing_counts)
{
    fx_pair pair;
    unsigned char out_mem[64];
    SecBuffer in_buf[2], out_buf[1];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buf},
                  out_desc = {SECBUFFER_VERSION, 1, out_buf};
    CtxtHandle ctx2;
    ULONG attrs;
    size_t first;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(
        fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, &pair.client.in),
        SEC_I_CONTINUE_NEEDED);
    loop_pipe_free(&pair.server.in);
    first = 5 + (pair.client.in.data[3] << 8 | pair.client.in.data[4]);

    out_buf[0] = (SecBuffer){sizeof(out_mem), SECBUFFER_TOKEN, out_mem};
    ctx2.dwLower = ctx2.dwUpper = 0xdeadbeef;
    /* No input at all. */
    cr_assert_eq(InitializeSecurityContextA(&pair.client_cred, &pair.client.ctx, NULL, FX_ISC_REQ,
                                            0, 0, NULL, 0, &ctx2, &out_desc, &attrs, NULL),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(ctx2.dwLower, 0xdeadbeef, "phNewContext untouched");
    cr_assert_eq(out_buf[0].cbBuffer, sizeof(out_mem), "output untouched");
    cr_assert_eq(out_buf[0].BufferType, SECBUFFER_TOKEN);
    /* 0, 4 and 5 bytes: MISSING 5, 1, and the rest of the record. */
    {
        static const ULONG given[] = {0, 4, 5};
        size_t i;
        for (i = 0; i < 3; i++) {
            in_buf[0] = (SecBuffer){given[i], SECBUFFER_TOKEN, pair.client.in.data};
            in_buf[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
            cr_assert_eq(InitializeSecurityContextA(&pair.client_cred, &pair.client.ctx, NULL,
                                                    FX_ISC_REQ, 0, 0, &in_desc, 0, &ctx2, &out_desc,
                                                    &attrs, NULL),
                         SEC_E_INCOMPLETE_MESSAGE);
            cr_assert_eq(in_buf[1].BufferType, SECBUFFER_MISSING);
            cr_assert_eq(in_buf[1].cbBuffer, i == 0 ? 5 : i == 1 ? 1 : first - 5);
            cr_assert_eq(out_buf[0].cbBuffer, sizeof(out_mem));
            cr_assert_eq(ctx2.dwLower, 0xdeadbeef);
        }
    }
    /* An EMPTY input buffer that claims bytes: INVALID_TOKEN, and the handshake goes on. */
    in_buf[0] = (SecBuffer){(ULONG)pair.client.in.len, SECBUFFER_TOKEN, pair.client.in.data};
    in_buf[1] = (SecBuffer){0xdeadbeef, SECBUFFER_EMPTY, NULL};
    cr_assert_eq(InitializeSecurityContextA(&pair.client_cred, &pair.client.ctx, NULL,
                                            ISC_REQ_USE_SUPPLIED_CREDS, 0, 0, &in_desc, 0, NULL,
                                            &out_desc, &attrs, NULL),
                 SEC_E_INVALID_TOKEN);
    pair.server.status = SEC_I_CONTINUE_NEEDED;
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    fx_close(&pair);
}

/* Application data right behind the server's last flight is EXTRA for the client (TLS 1.2),
 * and the last client call returns SEC_E_OK with an empty token. */
Test(input, extra_after_final_flight)
{
    fx_pair pair;
    loop_pipe sink = {0}, got = {0};
    SecBuffer second;
    size_t flight;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(
        fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, &pair.client.in),
        SEC_I_CONTINUE_NEEDED);
    loop_pipe_free(&pair.server.in);
    cr_assert_eq(
        fx_step(&pair.client, pair.client.in.data, pair.client.in.len, NULL, &pair.server.in),
        SEC_I_CONTINUE_NEEDED);
    loop_pipe_free(&pair.client.in);
    cr_assert_eq(
        fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, &pair.client.in),
        SEC_E_OK);
    loop_pipe_free(&pair.server.in);
    flight = pair.client.in.len;
    cr_assert_eq(loop_send(&pair.server, &pair.client, "early data", 10), SEC_E_OK);
    cr_assert_eq(fx_step(&pair.client, pair.client.in.data, pair.client.in.len, &second, &sink),
                 SEC_E_OK);
    cr_assert_eq(sink.len, 0, "the client's last call sends nothing in TLS 1.2");
    cr_assert_eq(second.BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(second.cbBuffer, pair.client.in.len - flight);
    cr_assert_eq(second.cbBuffer, 13 + 10 + 16);
    loop_pipe_consume(&pair.client.in, flight);
    cr_assert_eq(loop_receive(&pair.client, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, 10);
    cr_assert_eq(memcmp(got.data, "early data", 10), 0);
    loop_pipe_free(&got);
    fx_close(&pair);
}

/* A completed context fed more records takes none of them (checklist 48). */
Test(input, finished_context_reports_all_extra)
{
    fx_pair pair;
    SecBuffer second;
    loop_pipe sink = {0};

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(loop_send(&pair.server, &pair.client, "data", 4), SEC_E_OK);
    cr_assert_eq(fx_step(&pair.client, pair.client.in.data, pair.client.in.len, &second, &sink),
                 SEC_E_OK);
    cr_assert_eq(second.BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(second.cbBuffer, pair.client.in.len);
    cr_assert_eq(sink.len, 0);
    fx_close(&pair);
}

/* Garbage where the server's flight belongs: INVALID_TOKEN and an empty output token, whether
 * or not there is a second input buffer (reference §3.5 steps 3-4). */
static void garbage(unsigned char fill, ULONG in_buffers)
{
    fx_pair pair;
    unsigned char junk[8192], out_mem[16];
    SecBuffer in_buf[2] = {{sizeof(junk), SECBUFFER_TOKEN, junk}, {0, SECBUFFER_EMPTY, NULL}};
    SecBuffer out_buf[1] = {{1, SECBUFFER_TOKEN, out_mem}};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, in_buffers, in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out_buf};
    SECURITY_STATUS status;
    ULONG attrs;

    memset(junk, fill, sizeof(junk));
    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, NULL), SEC_I_CONTINUE_NEEDED);
    status = InitializeSecurityContextA(&pair.client_cred, &pair.client.ctx, NULL, FX_ISC_REQ, 0, 0,
                                        &in_desc, 0, NULL, &out_desc, &attrs, NULL);
    cr_assert_eq(status, SEC_E_INVALID_TOKEN, "fill 0x%02x, %u buffers: 0x%08x", fill,
                 (unsigned)in_buffers, (unsigned)status);
    cr_assert_eq(out_buf[0].cbBuffer, 0, "fill 0x%02x: output cbBuffer", fill);
    fx_close(&pair);
}

Test(input, garbage_is_invalid_token)
{
    garbage(0x00, 1);
    garbage(0xFA, 1);
    garbage(0x00, 2);
    garbage(0xFA, 2);
}

/* Garbage as a first ClientHello: no context, INVALID_TOKEN. */
Test(input, server_garbage_first_call)
{
    fx_pair pair;
    unsigned char junk[512];

    memset(junk, 0xFA, sizeof(junk));
    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, 0);
    cr_assert_eq(fx_step(&pair.server, junk, sizeof(junk), NULL, NULL), SEC_E_INVALID_TOKEN);
    cr_assert_eq(pair.server.has_ctx, 0);
    fx_close(&pair);
}

/* Qt continues a server handshake with InitializeSecurityContext on the context
 * AcceptSecurityContext made (checklist 37): it goes on as the server. */
Test(input, server_continues_with_isc)
{
    fx_pair pair;
    SecBuffer in_buf[2], out_buf[1];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buf},
                  out_desc = {SECBUFFER_VERSION, 1, out_buf};
    SECURITY_STATUS status;
    ULONG attrs;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(
        fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, &pair.client.in),
        SEC_I_CONTINUE_NEEDED);
    loop_pipe_free(&pair.server.in);
    cr_assert_eq(
        fx_step(&pair.client, pair.client.in.data, pair.client.in.len, NULL, &pair.server.in),
        SEC_E_OK);
    loop_pipe_free(&pair.client.in);
    in_buf[0] = (SecBuffer){(ULONG)pair.server.in.len, SECBUFFER_TOKEN, pair.server.in.data};
    in_buf[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    out_buf[0] = (SecBuffer){0, SECBUFFER_TOKEN, NULL};
    status = InitializeSecurityContextW(&pair.server_cred, &pair.server.ctx, NULL,
                                        ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY, 0, 0,
                                        &in_desc, 0, NULL, &out_desc, &attrs, NULL);
    cr_assert_eq(status, SEC_E_OK, "0x%08x", (unsigned)status);
    /* Its output (TLS 1.3 tickets) belongs to the client's record stream. */
    loop_pipe_append(&pair.client.in, out_buf[0].pvBuffer, out_buf[0].cbBuffer);
    FreeContextBuffer(out_buf[0].pvBuffer);
    loop_pipe_free(&pair.server.in);
    fx_transfer(&pair.client, &pair.server, "qt", 2, 0);
    fx_transfer(&pair.server, &pair.client, "qt", 2, 0);
    fx_close(&pair);
}
