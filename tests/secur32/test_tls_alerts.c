/* ApplyControlToken: shutdown and alerts, before and after the handshake (reference §2.14, §3.9;
 * checklist 63-67). */
#include "tls_fixture.h"

#include <openssl/err.h>
#include <openssl/sslerr.h>
#include <string.h>

static const unsigned char close_notify_tls10[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};
static const unsigned char bad_certificate_tls10[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x2A};

static SECURITY_STATUS control(CtxtHandle *ctx, void *token, ULONG size, ULONG type, ULONG count)
{
    SecBuffer bufs[2] = {{size, type, token}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc desc = {SECBUFFER_VERSION, count, bufs};
    return ApplyControlToken(ctx, &desc);
}

static SECURITY_STATUS shutdown(CtxtHandle *ctx)
{
    DWORD token = SCHANNEL_SHUTDOWN;
    return control(ctx, &token, sizeof(token), SECBUFFER_TOKEN, 1);
}

/* The next ISC with no input delivers the pending alert into a caller buffer. */
static SECURITY_STATUS deliver(loop_side *side, unsigned char *out, ULONG *len)
{
    SecBuffer out_buf[1] = {{*len, SECBUFFER_TOKEN, out}};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out_buf};
    SECURITY_STATUS status;
    ULONG attrs;

    if (side->is_server)
        status = AcceptSecurityContext(&side->cred, &side->ctx, NULL, 0, 0, NULL, &out_desc, &attrs,
                                       NULL);
    else
        status = InitializeSecurityContextA(&side->cred, &side->ctx, NULL, 0, 0, 0, NULL, 0, NULL,
                                            &out_desc, &attrs, NULL);
    *len = out_buf[0].cbBuffer;
    return status;
}

/* Windows' test_connection_shutdown, against a TLS 1.0-only client after its first ISC. */
Test(alerts, mid_handshake_tokens)
{
    fx_pair pair;
    unsigned char token[24], out[1000];
    SCHANNEL_ALERT_TOKEN alert = {SCHANNEL_ALERT, TLS1_ALERT_FATAL, TLS1_ALERT_BAD_CERTIFICATE};
    CtxtHandle ctx2;
    ULONG len;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_0, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, NULL), SEC_I_CONTINUE_NEEDED);
    memset(token, 0, sizeof(token));
    *(DWORD *)token = SCHANNEL_SHUTDOWN;
    cr_assert_eq(control(&pair.client.ctx, token, 4, SECBUFFER_TOKEN, 2), SEC_E_INVALID_TOKEN);
    *(DWORD *)token = SCHANNEL_RENEGOTIATE;
    cr_assert_eq(control(&pair.client.ctx, token, 4, SECBUFFER_TOKEN, 1),
                 SEC_E_UNSUPPORTED_FUNCTION);
    *(DWORD *)token = 77;
    cr_assert_eq(control(&pair.client.ctx, token, 4, SECBUFFER_TOKEN, 1),
                 SEC_E_UNSUPPORTED_FUNCTION);
    *(DWORD *)token = SCHANNEL_SHUTDOWN;
    cr_assert_eq(control(NULL, token, 4, SECBUFFER_TOKEN, 1), SEC_E_INVALID_HANDLE);
    cr_assert_eq(ApplyControlToken(&pair.client.ctx, NULL), SEC_E_INTERNAL_ERROR);
    cr_assert_eq(control(&pair.client.ctx, token, 4, SECBUFFER_ALERT, 1), SEC_E_INVALID_TOKEN);
    cr_assert_eq(control(&pair.client.ctx, token, 4, SECBUFFER_DATA, 1), SEC_E_INVALID_TOKEN);
    cr_assert_eq(control(&pair.client.ctx, token, 2, SECBUFFER_TOKEN, 1),
                 SEC_E_UNSUPPORTED_FUNCTION);
    *(DWORD *)token = SCHANNEL_ALERT;
    cr_assert_eq(control(&pair.client.ctx, token, 8, SECBUFFER_TOKEN, 1), SEC_E_INVALID_TOKEN,
                 "an alert token needs 12 bytes");
    *(DWORD *)token = SCHANNEL_SHUTDOWN;
    cr_assert_eq(control(&pair.client.ctx, token, 5, SECBUFFER_TOKEN, 1), SEC_E_OK);
    cr_assert_eq(control(&pair.client.ctx, token, 5, SECBUFFER_TOKEN, 1), SEC_E_OK);

    /* Delivery, whatever the input; phNewContext gets the same handle. */
    {
        SecBuffer in_buf[1] = {{1000, SECBUFFER_TOKEN, out}};
        SecBuffer out_buf[1] = {{sizeof(out), SECBUFFER_TOKEN, out}};
        SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, in_buf};
        SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out_buf};
        ULONG attrs;
        memset(out, 0x55, sizeof(out));
        ctx2.dwLower = ctx2.dwUpper = 0xdeadbeef;
        cr_assert_eq(InitializeSecurityContextA(&pair.client_cred, &pair.client.ctx, NULL, 0, 0, 0,
                                                &in_desc, 0, &ctx2, &out_desc, &attrs, NULL),
                     SEC_E_OK);
        cr_assert_eq(ctx2.dwLower, pair.client.ctx.dwLower);
        cr_assert_eq(ctx2.dwUpper, pair.client.ctx.dwUpper);
        cr_assert_eq(out_buf[0].cbBuffer, sizeof(close_notify_tls10));
        cr_assert_eq(memcmp(out, close_notify_tls10, sizeof(close_notify_tls10)), 0);
    }
    /* Nothing pending: INCOMPLETE_MESSAGE, output untouched. */
    len = sizeof(out);
    cr_assert_eq(deliver(&pair.client, out, &len), SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(len, sizeof(out));
    /* Again, with no input. */
    cr_assert_eq(shutdown(&pair.client.ctx), SEC_E_OK);
    len = sizeof(out);
    cr_assert_eq(deliver(&pair.client, out, &len), SEC_E_OK);
    cr_assert_eq(len, sizeof(close_notify_tls10));
    cr_assert_eq(memcmp(out, close_notify_tls10, sizeof(close_notify_tls10)), 0);
    /* A fatal bad_certificate. */
    cr_assert_eq(control(&pair.client.ctx, &alert, sizeof(alert), SECBUFFER_TOKEN, 1), SEC_E_OK);
    len = sizeof(out);
    cr_assert_eq(deliver(&pair.client, out, &len), SEC_E_OK);
    cr_assert_eq(len, sizeof(bad_certificate_tls10));
    cr_assert_eq(memcmp(out, bad_certificate_tls10, sizeof(bad_certificate_tls10)), 0);
    fx_close(&pair);
}

/* Shutdown after the handshake: an encrypted close_notify the peer reads as
 * SEC_I_CONTEXT_EXPIRED, from either side. */
static void shutdown_after_handshake(DWORD protocols, int from_server)
{
    fx_pair pair;
    loop_side *from, *to;
    unsigned char out[256];
    ULONG len = sizeof(out);
    loop_pipe got = {0};

    fx_connect(&pair, "server-rsa", protocols);
    from = from_server ? &pair.server : &pair.client;
    to = from_server ? &pair.client : &pair.server;
    cr_assert_eq(loop_receive(&pair.client, 0, &got), SEC_E_OK); /* TLS 1.3 tickets */
    cr_assert_eq(shutdown(&from->ctx), SEC_E_OK);
    cr_assert_eq(deliver(from, out, &len), SEC_E_OK);
    cr_assert_geq(len, 7);
    cr_assert_eq(out[0], protocols == SP_PROT_TLS1_3 ? 23 : 21, "record type 0x%02x", out[0]);
    cr_assert_eq((ULONG)(out[3] << 8 | out[4]) + 5, len, "one record");
    cr_assert_gt(len, 7, "encrypted, not plaintext");
    loop_pipe_append(&to->in, out, len);
    /* An error the application left in OpenSSL's queue (natively it shares it) must not turn
     * the close_notify into a failure: DecryptMessage reads without clearing the queue. */
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_RECORD_TYPE);
    cr_assert_eq(loop_receive(to, 0, &got), SEC_I_CONTEXT_EXPIRED);
    cr_assert_eq(got.len, 0);
    ERR_clear_error();
    loop_pipe_free(&got);
    fx_close(&pair);
}

Test(alerts, client_shutdown_tls13)
{
    shutdown_after_handshake(SP_PROT_TLS1_3, 0);
}

Test(alerts, server_shutdown_tls13)
{
    shutdown_after_handshake(SP_PROT_TLS1_3, 1);
}

Test(alerts, client_shutdown_tls12)
{
    shutdown_after_handshake(SP_PROT_TLS1_2, 0);
}

Test(alerts, server_shutdown_tls12)
{
    shutdown_after_handshake(SP_PROT_TLS1_2, 1);
}

/* close_notify followed by more bytes: EXPIRED, DATA empty, the rest EXTRA. */
Test(alerts, close_notify_then_extra)
{
    fx_pair pair;
    unsigned char out[256];
    ULONG len = sizeof(out);
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    int i;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    cr_assert_eq(shutdown(&pair.client.ctx), SEC_E_OK);
    cr_assert_eq(deliver(&pair.client, out, &len), SEC_E_OK);
    memcpy(out + len, "tail", 4);
    bufs[0] = (SecBuffer){len + 4, SECBUFFER_DATA, out};
    for (i = 1; i < 4; i++)
        bufs[i] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    cr_assert_eq(DecryptMessage(&pair.server.ctx, &desc, 0, NULL), SEC_I_CONTEXT_EXPIRED);
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_DATA);
    cr_assert_eq(bufs[1].cbBuffer, 0);
    cr_assert_eq(bufs[3].BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(bufs[3].cbBuffer, 4);
    cr_assert_eq(bufs[3].pvBuffer, out + len);
    fx_close(&pair);
}

/* The server's shutdown mid-handshake is a plaintext close_notify in the version it chose. */
Test(alerts, server_mid_handshake_shutdown)
{
    fx_pair pair;
    unsigned char out[64];
    ULONG len = sizeof(out);

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, NULL),
                 SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(shutdown(&pair.server.ctx), SEC_E_OK);
    cr_assert_eq(deliver(&pair.server, out, &len), SEC_E_OK);
    cr_assert_eq(len, 7);
    cr_assert_eq(out[0], 0x15);
    cr_assert_eq(out[1] << 8 | out[2], 0x0303);
    cr_assert_eq(out[5], 1);
    cr_assert_eq(out[6], 0);
    fx_close(&pair);
}

/* A fatal alert from the peer during the handshake fails the handshake. */
Test(alerts, peer_alert_fails_handshake)
{
    fx_pair pair;
    SECURITY_STATUS status;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_2, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    loop_pipe_free(&pair.server.in);
    loop_pipe_append(&pair.server.in, bad_certificate_tls10, sizeof(bad_certificate_tls10));
    status = fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, NULL);
    cr_assert(status < 0, "0x%08x", (unsigned)status);
    cr_assert_neq(status, SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_neq(status, SEC_E_INVALID_HANDLE);
    fx_close(&pair);
}
