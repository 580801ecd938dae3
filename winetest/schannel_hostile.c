/* Hostile callers on an established session: malformed message descriptors given to
 * EncryptMessage, DecryptMessage and ApplyControlToken, and a context deleted or swapped for a
 * credential. Each call is refused with Windows' status where the reference gives one, and with
 * sspishim's (named as such) otherwise; none crashes, and the session still carries data
 * afterwards. */
#include "schannel_util.h"

#include <string.h>

static char plain[32] = "hostile callers";

/* Sets four buffers: DATA over `plain` then three EMPTY. */
static void set_message(SecBuffer *bufs, SecBufferDesc *desc)
{
    memset(bufs, 0, 4 * sizeof(*bufs));
    bufs[0].BufferType = SECBUFFER_DATA;
    bufs[0].cbBuffer = sizeof(plain);
    bufs[0].pvBuffer = plain;
    bufs[1].BufferType = bufs[2].BufferType = bufs[3].BufferType = SECBUFFER_EMPTY;
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = 4;
    desc->pBuffers = bufs;
}

static void check_refused(SECURITY_STATUS status, const char *what)
{
    ok(status < 0, "%s: got 0x%08lx (%s), expected a failure\n", what, (unsigned long)status,
       sec_status_name(status));
}

/* More buffers than any caller passes, over a real array of four: refused before any buffer
 * is looked at (nothing past the four may be read; the ASan build checks that). The reference
 * has no code for it; sspishim's is SEC_E_INVALID_TOKEN, as for the other unusable shapes. */
#define HUGE_COUNT 0x10000000

static void test_decrypt_descriptors(CtxtHandle *ctx)
{
    SecBuffer bufs[4];
    SecBufferDesc desc;
    ULONG qop = 0;

    /* Reference §2 DecryptMessage: at least four buffers, exactly one DATA, three EMPTY. */
    set_message(bufs, &desc);
    desc.cBuffers = 3;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "three buffers");
    set_message(bufs, &desc);
    bufs[1].BufferType = SECBUFFER_DATA;
    bufs[1].pvBuffer = plain;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "two DATA buffers");
    set_message(bufs, &desc);
    bufs[0].BufferType = SECBUFFER_EMPTY;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "no DATA buffer");
    set_message(bufs, &desc);
    bufs[2].BufferType = SECBUFFER_EXTRA;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "EXTRA in an EMPTY slot");
    set_message(bufs, &desc);
    bufs[3].BufferType = 0x7777;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "unknown buffer type");
    set_message(bufs, &desc);
    desc.cBuffers = 0;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN, "no buffers");
    set_message(bufs, &desc);
    desc.cBuffers = HUGE_COUNT;
    ok_status(DecryptMessage(ctx, &desc, 0, &qop), SEC_E_INVALID_TOKEN,
              "huge cBuffers over four buffers");
    ok(bufs[0].BufferType == SECBUFFER_DATA && bufs[1].BufferType == SECBUFFER_EMPTY,
       "the buffers changed: types %lu, %lu\n", (unsigned long)bufs[0].BufferType,
       (unsigned long)bufs[1].BufferType);

    /* Shapes the reference does not cover: refused, without touching memory that is not there. */
    set_message(bufs, &desc);
    desc.pBuffers = NULL;
    check_refused(DecryptMessage(ctx, &desc, 0, &qop), "NULL pBuffers");
    set_message(bufs, &desc);
    desc.cBuffers = HUGE_COUNT;
    desc.pBuffers = NULL;
    check_refused(DecryptMessage(ctx, &desc, 0, &qop), "huge cBuffers, NULL pBuffers");
    set_message(bufs, &desc);
    bufs[0].pvBuffer = NULL;
    check_refused(DecryptMessage(ctx, &desc, 0, &qop), "NULL DATA with a size");
    set_message(bufs, &desc);
    desc.ulVersion = 1;
    check_refused(DecryptMessage(ctx, &desc, 0, &qop), "ulVersion 1");
    check_refused(DecryptMessage(ctx, NULL, 0, &qop), "NULL descriptor");
}

/* The stream layout of checklist E over one piece of memory: [HEADER, DATA, TRAILER, EMPTY]. */
typedef struct stream_message {
    SecBuffer bufs[4];
    SecBufferDesc desc;
    unsigned char wire[64 + sizeof(plain) + 128];
} stream_message;

static void set_stream(stream_message *m, const SecPkgContext_StreamSizes *sizes)
{
    set_message(m->bufs, &m->desc);
    memcpy(m->wire + sizes->cbHeader, plain, sizeof(plain));
    m->bufs[0].BufferType = SECBUFFER_STREAM_HEADER;
    m->bufs[0].cbBuffer = sizes->cbHeader;
    m->bufs[0].pvBuffer = m->wire;
    m->bufs[1].BufferType = SECBUFFER_DATA;
    m->bufs[1].cbBuffer = sizeof(plain);
    m->bufs[1].pvBuffer = m->wire + sizes->cbHeader;
    m->bufs[2].BufferType = SECBUFFER_STREAM_TRAILER;
    m->bufs[2].cbBuffer = sizes->cbTrailer;
    m->bufs[2].pvBuffer = m->wire + sizes->cbHeader + sizeof(plain);
}

/* A record EncryptMessage made: the server must read `plain` back from it, so the stream stays
 * in step for what follows. */
static void deliver(const stream_message *m, loop_side *server, const char *what)
{
    loop_pipe got = {0};
    size_t len = m->bufs[0].cbBuffer + m->bufs[1].cbBuffer + m->bufs[2].cbBuffer;

    ok(loop_pipe_append(&server->in, m->wire, len), "%s: no memory\n", what);
    ok_status(loop_receive(server, 0, &got), SEC_E_OK, what);
    ok(got.len == sizeof(plain) && !memcmp(got.data, plain, sizeof(plain)),
       "%s: the server read %lu bytes, not the DATA buffer\n", what, (unsigned long)got.len);
    loop_pipe_free(&got);
}

static void test_encrypt_descriptors(loop_side *client, loop_side *server)
{
    CtxtHandle *ctx = &client->ctx;
    SecPkgContext_StreamSizes sizes;
    stream_message m;
    char second[sizeof(plain)];
    SecBuffer bufs[4];
    SecBufferDesc desc;

    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_STREAM_SIZES, &sizes), SEC_E_OK,
              "stream sizes");
    if (sizes.cbHeader > 64 || sizes.cbTrailer > 128) {
        ok(0, "stream sizes %lu/%lu beyond this test's buffers\n", (unsigned long)sizes.cbHeader,
           (unsigned long)sizes.cbTrailer);
        return;
    }
    /* Reference §4 (Wine's gaps): no DATA buffer is SEC_E_INVALID_TOKEN on Windows. */
    set_message(bufs, &desc);
    bufs[0].BufferType = SECBUFFER_EMPTY;
    ok_status(EncryptMessage(ctx, 0, &desc, 0), SEC_E_INVALID_TOKEN, "no DATA buffer");

    /* The reference gives no code for these; sspishim refuses each as a malformed descriptor. */
    set_message(bufs, &desc);
    desc.pBuffers = NULL;
    ok_status(EncryptMessage(ctx, 0, &desc, 0), SEC_E_INVALID_TOKEN, "NULL pBuffers");
    set_message(bufs, &desc);
    desc.cBuffers = HUGE_COUNT;
    desc.pBuffers = NULL;
    ok_status(EncryptMessage(ctx, 0, &desc, 0), SEC_E_INVALID_TOKEN,
              "huge cBuffers, NULL pBuffers");
    set_message(bufs, &desc);
    desc.cBuffers = 0;
    ok_status(EncryptMessage(ctx, 0, &desc, 0), SEC_E_INVALID_TOKEN, "no buffers");
    ok_status(EncryptMessage(ctx, 0, NULL, 0), SEC_E_INVALID_TOKEN, "NULL descriptor");
    set_stream(&m, &sizes);
    m.desc.cBuffers = HUGE_COUNT;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_INVALID_TOKEN,
              "huge cBuffers over the stream layout");

    /* A complete stream layout except for one defect each time. */
    set_stream(&m, &sizes);
    m.bufs[1].pvBuffer = NULL;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_INVALID_TOKEN, "NULL DATA with a size");
    set_stream(&m, &sizes);
    m.bufs[0].cbBuffer = sizes.cbHeader - 1;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_BUFFER_TOO_SMALL, "header one byte short");
    set_stream(&m, &sizes);
    m.bufs[1].cbBuffer = sizes.cbMaximumMessage + 1;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_INVALID_PARAMETER,
              "more than one record of data");

    /* Accepted shapes (the reference is silent; Wine's provider behaves the same): ulVersion is
     * not looked at, and the first of two DATA buffers is the one encrypted. */
    set_stream(&m, &sizes);
    m.desc.ulVersion = 1;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_OK, "ulVersion 1");
    deliver(&m, server, "ulVersion 1");
    set_stream(&m, &sizes);
    memset(second, 'x', sizeof(second));
    m.bufs[3].BufferType = SECBUFFER_DATA;
    m.bufs[3].cbBuffer = sizeof(second);
    m.bufs[3].pvBuffer = second;
    ok_status(EncryptMessage(ctx, 0, &m.desc, 0), SEC_E_OK, "two DATA buffers");
    deliver(&m, server, "two DATA buffers");
    ok(m.bufs[3].BufferType == SECBUFFER_DATA && m.bufs[3].cbBuffer == sizeof(second) &&
           second[0] == 'x' && second[sizeof(second) - 1] == 'x',
       "the second DATA buffer was touched\n");
}

static void test_control_tokens(CtxtHandle *ctx)
{
    DWORD token[4] = {0x7777, 0, 0, 0};
    SecBuffer buf = {sizeof(token), SECBUFFER_TOKEN, token};
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &buf};

    ok_status(ApplyControlToken(ctx, &desc), SEC_E_UNSUPPORTED_FUNCTION, "unknown token type");
    buf.cbBuffer = 3;
    ok_status(ApplyControlToken(ctx, &desc), SEC_E_UNSUPPORTED_FUNCTION, "token under 4 bytes");
    buf.cbBuffer = sizeof(token);
    desc.cBuffers = 2;
    ok_status(ApplyControlToken(ctx, &desc), SEC_E_INVALID_TOKEN, "two buffers");
    desc.cBuffers = 1;
    buf.BufferType = SECBUFFER_DATA;
    ok_status(ApplyControlToken(ctx, &desc), SEC_E_INVALID_TOKEN, "DATA buffer");
    ok_status(ApplyControlToken(ctx, NULL), SEC_E_INTERNAL_ERROR, "no descriptor");
}

/* A credential handle used as a context and the other way round, and a deleted context. */
static void test_swapped_handles(loop_side *client, CredHandle *ccred)
{
    SecPkgContext_StreamSizes sizes;
    SecPkgCred_SupportedProtocols protocols;
    SecBuffer bufs[4];
    SecBufferDesc desc;
    CtxtHandle deleted = client->ctx;

    ok_status(QueryContextAttributesA(ccred, SECPKG_ATTR_STREAM_SIZES, &sizes),
              SEC_E_INVALID_HANDLE, "credential as context");
    set_message(bufs, &desc);
    ok_status(EncryptMessage(ccred, 0, &desc, 0), SEC_E_INVALID_HANDLE,
              "credential as context, EncryptMessage");
    ok_status(
        QueryCredentialsAttributesA(&client->ctx, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
        SEC_E_INVALID_HANDLE, "context as credential");
    ok_status(FreeCredentialsHandle(&client->ctx), SEC_E_INVALID_HANDLE,
              "FreeCredentialsHandle on a context");
    ok_status(DeleteSecurityContext(ccred), SEC_E_INVALID_HANDLE,
              "DeleteSecurityContext on a credential");

    ok_status(DeleteSecurityContext(&deleted), SEC_E_OK, "delete the context");
    client->has_ctx = 0;
    set_message(bufs, &desc);
    ok_status(EncryptMessage(&deleted, 0, &desc, 0), SEC_E_INVALID_HANDLE, "deleted, Encrypt");
    ok_status(DecryptMessage(&deleted, &desc, 0, NULL), SEC_E_INVALID_HANDLE, "deleted, Decrypt");
    ok_status(DeleteSecurityContext(&deleted), SEC_E_INVALID_HANDLE, "deleted twice");
}

START_TEST(schannel_hostile)
{
    loop_side client, server;
    CredHandle ccred, scred;
    loop_pipe received = {0};
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
    loop_receive(&client, 0, &received); /* tickets */

    test_decrypt_descriptors(&client.ctx);
    test_encrypt_descriptors(&client, &server);
    test_control_tokens(&server.ctx);

    /* The session survived: data still goes through both ways. */
    ok_status(loop_send(&client, &server, plain, sizeof(plain)), SEC_E_OK, "send after abuse");
    received.len = 0;
    ok_status(loop_receive(&server, 0, &received), SEC_E_OK, "receive after abuse");
    ok(received.len == sizeof(plain) && !memcmp(received.data, plain, sizeof(plain)),
       "the data arrived intact (%lu bytes)\n", (unsigned long)received.len);

    test_swapped_handles(&client, &ccred);
done:
    loop_pipe_free(&received);
    loop_side_free(&client);
    loop_side_free(&server);
    if (SecIsValidHandle(&ccred))
        FreeCredentialsHandle(&ccred);
    if (SecIsValidHandle(&scred))
        FreeCredentialsHandle(&scred);
}
