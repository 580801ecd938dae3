/* Shared setup for the Schannel core tests (see tls_fixture.h). */
#include "tls_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fx_path(char *out, size_t size, const char *name, const char *ext)
{
    const char *dir = getenv("SSPISHIM_CERTS");
    cr_assert(dir && *dir, "SSPISHIM_CERTS is not set");
    snprintf(out, size, "%s/%s.%s", dir, name, ext);
}

PCCERT_CONTEXT fx_cert(const char *name)
{
    char path[1024];
    PCCERT_CONTEXT cert;

    fx_path(path, sizeof(path), name, "pfx");
    cert = loop_load_pfx(path, "sspishim");
    cr_assert(cert, "cannot load %s", path);
    return cert;
}

void fx_open(fx_pair *pair, const char *server_cert, DWORD protocols, DWORD client_flags)
{
    memset(pair, 0, sizeof(*pair));
    pair->cert = fx_cert(server_cert);
    cr_assert_eq(loop_acquire(&pair->server_cred, SECPKG_CRED_INBOUND, pair->cert, protocols, 0),
                 SEC_E_OK);
    cr_assert_eq(loop_acquire(&pair->client_cred, SECPKG_CRED_OUTBOUND, NULL, protocols,
                              client_flags | SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    loop_side_init(&pair->client, &pair->client_cred, 0, FX_ISC_REQ, "localhost");
    loop_side_init(&pair->server, &pair->server_cred, 1, FX_ASC_REQ, NULL);
    loop_link(&pair->client, &pair->server);
}

SECURITY_STATUS fx_handshake(fx_pair *pair, size_t slice)
{
    /* One byte at a time needs a round per byte of the largest flight. */
    return loop_handshake(&pair->client, &pair->server, slice, slice ? 20000 : 20);
}

void fx_connect(fx_pair *pair, const char *server_cert, DWORD protocols)
{
    SECURITY_STATUS status;

    fx_open(pair, server_cert, protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    status = fx_handshake(pair, 0);
    cr_assert_eq(status, SEC_E_OK, "handshake: 0x%08x (client 0x%08x, server 0x%08x)",
                 (unsigned)status, (unsigned)pair->client.status, (unsigned)pair->server.status);
}

void fx_close(fx_pair *pair)
{
    loop_side_free(&pair->client);
    loop_side_free(&pair->server);
    FreeCredentialsHandle(&pair->client_cred);
    FreeCredentialsHandle(&pair->server_cred);
    if (pair->cert)
        CertFreeCertificateContext(pair->cert);
    memset(pair, 0, sizeof(*pair));
}

void fx_transfer(loop_side *from, loop_side *to, const void *data, size_t len, size_t slice)
{
    loop_pipe got = {0};
    SECURITY_STATUS status;

    cr_assert_eq(loop_send(from, to, data, len), SEC_E_OK);
    status = loop_receive(to, slice, &got);
    cr_assert_eq(status, SEC_E_OK, "receive: 0x%08x", (unsigned)status);
    cr_assert_eq(got.len, len);
    cr_assert(len == 0 || memcmp(got.data, data, len) == 0, "plaintext differs");
    cr_assert_eq(to->in.len, 0, "%zu bytes left over", to->in.len);
    loop_pipe_free(&got);
}

SECURITY_STATUS fx_step(loop_side *side, const void *in, size_t len, SecBuffer *second,
                        loop_pipe *out)
{
    SecBuffer in_buf[2] = {{(ULONG)len, SECBUFFER_TOKEN, (void *)in}, {0, SECBUFFER_EMPTY, NULL}};
    SecBuffer out_buf[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out_buf};
    CtxtHandle *ctx = side->has_ctx ? &side->ctx : NULL;
    SECURITY_STATUS status;

    if (side->is_server)
        status =
            AcceptSecurityContext(&side->cred, ctx, &in_desc, side->req | ASC_REQ_ALLOCATE_MEMORY,
                                  0, &side->ctx, &out_desc, &side->attrs, NULL);
    else
        status = InitializeSecurityContextA(
            &side->cred, ctx, (SEC_CHAR *)side->target, side->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0,
            in ? &in_desc : NULL, 0, &side->ctx, &out_desc, &side->attrs, NULL);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
        side->has_ctx = 1;
    side->status = status;
    if (out_buf[0].pvBuffer) {
        if (out)
            loop_pipe_append(out, out_buf[0].pvBuffer, out_buf[0].cbBuffer);
        FreeContextBuffer(out_buf[0].pvBuffer);
    }
    if (second)
        *second = in_buf[1];
    return status;
}

SECURITY_STATUS fx_finish(fx_pair *pair)
{
    loop_side *sides[2] = {&pair->server, &pair->client};
    int round, i;

    for (round = 0; round < 20; round++) {
        for (i = 0; i < 2; i++) {
            loop_side *side = sides[i], *peer = sides[1 - i];
            SecBuffer second;
            SECURITY_STATUS status;
            size_t extra;

            if (side->status == SEC_E_OK || !side->in.len)
                continue;
            status = fx_step(side, side->in.data, side->in.len, &second, &peer->in);
            if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
                return status;
            extra = second.BufferType == SECBUFFER_EXTRA ? second.cbBuffer : 0;
            loop_pipe_consume(&side->in, side->in.len - extra);
        }
        if (pair->client.status == SEC_E_OK && pair->server.status == SEC_E_OK)
            return SEC_E_OK;
    }
    return SEC_E_INTERNAL_ERROR; /* no progress */
}
