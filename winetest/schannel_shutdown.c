/* ApplyControlToken: argument checks, then SCHANNEL_SHUTDOWN and SCHANNEL_ALERT tokens delivered
 * by the next InitializeSecurityContext as exact alert records (before any keys exist); and a
 * close_notify after a handshake, which the peer's DecryptMessage reports as CONTEXT_EXPIRED. */
#include "schannel_util.h"

#include <string.h>

static const unsigned char close_notify[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};
static const unsigned char bad_certificate[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x2a};

static SECURITY_STATUS apply(CtxtHandle *ctx, ULONG type, ULONG size, void *data, ULONG count)
{
    SecBuffer bufs[2];
    SecBufferDesc desc = {SECBUFFER_VERSION, count, bufs};
    bufs[0].BufferType = type;
    bufs[0].cbBuffer = size;
    bufs[0].pvBuffer = data;
    bufs[1] = bufs[0];
    return ApplyControlToken(ctx, &desc);
}

static void test_pre_handshake(void)
{
    CredHandle cred;
    CtxtHandle ctx, ctx2;
    unsigned char small[24], out_data[1000];
    SecBuffer in_buf, out_buf, tokens[2];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};
    SecBufferDesc token_desc = {SECBUFFER_VERSION, 2, tokens};
    SCHANNEL_ALERT_TOKEN alert;
    DWORD type;
    ULONG attrs;
    SECURITY_STATUS status;

    status = loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_CLIENT,
                          SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    ok_status(status, SEC_E_OK, "TLS 1.0 client credential");
    if (status != SEC_E_OK)
        return;
    in_buf.BufferType = SECBUFFER_EMPTY;
    in_buf.cbBuffer = sizeof(small);
    in_buf.pvBuffer = small;
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = 1000;
    out_buf.pvBuffer = NULL;
    status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, 0, 0, &in_desc, 0,
                                        &ctx, &out_desc, &attrs, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "first call");
    ok(out_buf.pvBuffer != NULL, "the NULL token was not allocated\n");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;
    FreeContextBuffer(out_buf.pvBuffer);

    type = SCHANNEL_SHUTDOWN;
    memset(small, 0, sizeof(small));
    memcpy(small, &type, sizeof(type));
    tokens[0].BufferType = SECBUFFER_TOKEN;
    tokens[0].cbBuffer = sizeof(type);
    tokens[0].pvBuffer = small;
    tokens[1] = tokens[0];
    ok_status(ApplyControlToken(&ctx, &token_desc), SEC_E_INVALID_TOKEN, "two tokens");
    tokens[1].BufferType = SECBUFFER_EMPTY;
    tokens[1].cbBuffer = 0;
    tokens[1].pvBuffer = NULL;
    ok_status(ApplyControlToken(&ctx, &token_desc), SEC_E_INVALID_TOKEN, "token and EMPTY");

    type = SCHANNEL_RENEGOTIATE;
    memcpy(small, &type, sizeof(type));
    ok_status(apply(&ctx, SECBUFFER_TOKEN, sizeof(type), small, 1), SEC_E_UNSUPPORTED_FUNCTION,
              "SCHANNEL_RENEGOTIATE");
    type = SCHANNEL_SHUTDOWN;
    memcpy(small, &type, sizeof(type));
    token_desc.cBuffers = 1;
    ok_status(ApplyControlToken(NULL, &token_desc), SEC_E_INVALID_HANDLE, "NULL context");
    ok_status(ApplyControlToken(&ctx, NULL), SEC_E_INTERNAL_ERROR, "NULL descriptor");
    ok_status(apply(&ctx, SECBUFFER_ALERT, sizeof(type), small, 1), SEC_E_INVALID_TOKEN,
              "ALERT buffer");
    ok_status(apply(&ctx, SECBUFFER_DATA, sizeof(type), small, 1), SEC_E_INVALID_TOKEN,
              "DATA buffer");
    ok_status(apply(&ctx, SECBUFFER_TOKEN, 2, small, 1), SEC_E_UNSUPPORTED_FUNCTION,
              "two-byte token");
    ok_status(apply(&ctx, SECBUFFER_TOKEN, 5, small, 1), SEC_E_OK, "five-byte shutdown token");
    ok_status(apply(&ctx, SECBUFFER_TOKEN, 5, small, 1), SEC_E_OK, "shutdown token again");

    /* The next call delivers it: output TOKEN declared 1000 bytes on a 1000-byte buffer. */
    in_buf.BufferType = SECBUFFER_TOKEN;
    in_buf.cbBuffer = sizeof(small);
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(out_data);
    out_buf.pvBuffer = out_data;
    ctx2.dwLower = ctx2.dwUpper = (ULONG_PTR)DEADBEEF;
    status = InitializeSecurityContextA(&cred, &ctx, NULL, 0, 0, 0, &in_desc, 0, &ctx2, &out_desc,
                                        &attrs, NULL);
    ok_status(status, SEC_E_OK, "shutdown delivery");
    ok(ctx2.dwLower == ctx.dwLower && ctx2.dwUpper == ctx.dwUpper, "context handle changed\n");
    ok(out_buf.cbBuffer == sizeof(close_notify) &&
           !memcmp(out_data, close_notify, sizeof(close_notify)),
       "close_notify record: %lu bytes\n", (unsigned long)out_buf.cbBuffer);

    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(out_data);
    ctx2.dwLower = ctx2.dwUpper = (ULONG_PTR)DEADBEEF;
    status = InitializeSecurityContextA(&cred, &ctx, NULL, 0, 0, 0, NULL, 0, &ctx2, &out_desc,
                                        &attrs, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "nothing pending, no input");
    ok(out_buf.cbBuffer == sizeof(out_data), "output size %lu\n", (unsigned long)out_buf.cbBuffer);
    ok(ctx2.dwLower == (ULONG_PTR)DEADBEEF && ctx2.dwUpper == (ULONG_PTR)DEADBEEF,
       "the new context handle was written\n");

    ok_status(apply(&ctx, SECBUFFER_TOKEN, sizeof(type), small, 1), SEC_E_OK, "shutdown token");
    status = InitializeSecurityContextA(&cred, &ctx, NULL, 0, 0, 0, NULL, 0, NULL, &out_desc,
                                        &attrs, NULL);
    ok_status(status, SEC_E_OK, "shutdown delivery without input");
    ok(out_buf.cbBuffer == sizeof(close_notify) &&
           !memcmp(out_data, close_notify, sizeof(close_notify)),
       "close_notify record: %lu bytes\n", (unsigned long)out_buf.cbBuffer);

    alert.dwTokenType = SCHANNEL_ALERT;
    alert.dwAlertType = TLS1_ALERT_FATAL;
    alert.dwAlertNumber = TLS1_ALERT_BAD_CERTIFICATE;
    ok_status(apply(&ctx, SECBUFFER_TOKEN, sizeof(alert), &alert, 1), SEC_E_OK, "alert token");
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(out_data);
    status = InitializeSecurityContextA(&cred, &ctx, NULL, 0, 0, 0, NULL, 0, NULL, &out_desc,
                                        &attrs, NULL);
    ok_status(status, SEC_E_OK, "alert delivery");
    ok(out_buf.cbBuffer == sizeof(bad_certificate) &&
           !memcmp(out_data, bad_certificate, sizeof(bad_certificate)),
       "bad_certificate record: %lu bytes\n", (unsigned long)out_buf.cbBuffer);

    DeleteSecurityContext(&ctx);
done:
    FreeCredentialsHandle(&cred);
}

/* After a handshake the close_notify is a protected record; the peer sees CONTEXT_EXPIRED. */
static void test_after_handshake(void)
{
    loop_side client, server;
    CredHandle ccred, scred;
    unsigned char out_data[256];
    SecBuffer out_buf = {sizeof(out_data), SECBUFFER_TOKEN, out_data};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};
    DWORD type = SCHANNEL_SHUTDOWN;
    loop_pipe plain = {0};
    ULONG attrs;
    SECURITY_STATUS status;

    if (!fixtures_available())
        return;
    status = connect_to_fixture(&client, &server, &ccred, &scred, "server-rsa",
                                SCH_CRED_MANUAL_CRED_VALIDATION, "localhost");
    if (status != SEC_E_OK && wine_builtin()) {
        skip("no in-process session with this Schannel (0x%08lx)\n", (unsigned long)status);
        goto done;
    }
    ok_status(status, SEC_E_OK, "handshake");
    if (status != SEC_E_OK)
        goto done;
    /* Let the client take whatever the server sent after its last flight (tickets). */
    loop_receive(&client, 0, &plain);

    ok_status(apply(&client.ctx, SECBUFFER_TOKEN, sizeof(type), &type, 1), SEC_E_OK,
              "shutdown token");
    status = InitializeSecurityContextA(&ccred, &client.ctx, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, 0, 0, NULL, 0,
                                        NULL, &out_desc, &attrs, NULL);
    ok_status(status, SEC_E_OK, "close_notify after the handshake");
    ok(out_buf.cbBuffer > 7 && (out_data[0] == 0x15 || out_data[0] == 0x17),
       "close_notify record: %lu bytes of type 0x%02x\n", (unsigned long)out_buf.cbBuffer,
       out_data[0]);
    if (status == SEC_E_OK) {
        loop_pipe_append(&server.in, out_data, out_buf.cbBuffer);
        ok_status(loop_receive(&server, 0, &plain), SEC_I_CONTEXT_EXPIRED,
                  "server reads close_notify");
    }
done:
    loop_pipe_free(&plain);
    loop_side_free(&client);
    loop_side_free(&server);
    if (SecIsValidHandle(&ccred))
        FreeCredentialsHandle(&ccred);
    if (SecIsValidHandle(&scred))
        FreeCredentialsHandle(&scred);
}

START_TEST(schannel_shutdown)
{
    test_pre_handshake();
    test_after_handshake();
}
