/* Shared by the libFuzzer targets (see fuzz_common.h). */
#include "fuzz_common.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t fuzz_byte(fuzz_input *in)
{
    uint8_t value = 0;
    if (in->len) {
        value = in->data[0];
        in->data++;
        in->len--;
    }
    return value;
}

uint16_t fuzz_u16(fuzz_input *in)
{
    uint16_t high = fuzz_byte(in);
    return (uint16_t)(high << 8 | fuzz_byte(in));
}

size_t fuzz_take(fuzz_input *in, size_t want, const uint8_t **out)
{
    size_t got = want < in->len ? want : in->len;
    *out = in->data;
    in->data += got;
    in->len -= got;
    return got;
}

static struct {
    CredHandle server;
    CredHandle client[FUZZ_CLIENT_KINDS];
} creds;
static pthread_once_t creds_once = PTHREAD_ONCE_INIT;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    abort();
}

/* Lives as long as the process: the targets share one set. */
static void make_credentials(void)
{
    static const DWORD client_protocols[FUZZ_CLIENT_KINDS] = {SP_PROT_TLS1_2, SP_PROT_TLS1_3,
                                                              SP_PROT_TLS1_2 | SP_PROT_TLS1_3};
    const char *dir = getenv("SSPISHIM_CERTS");
    char path[1024];
    PCCERT_CONTEXT cert;
    int kind;

    snprintf(path, sizeof(path), "%s/server-ecdsa.pfx", dir && *dir ? dir : FUZZ_CERTS_DIR);
    cert = loop_load_pfx(path, "sspishim");
    if (!cert)
        fail("cannot load server-ecdsa.pfx (set SSPISHIM_CERTS)");
    if (loop_acquire(&creds.server, SECPKG_CRED_INBOUND, cert, SP_PROT_TLS1_2 | SP_PROT_TLS1_3,
                     0) != SEC_E_OK)
        fail("server credentials");
    CertFreeCertificateContext(cert);
    for (kind = 0; kind < FUZZ_CLIENT_KINDS; kind++) {
        DWORD flags = SCH_CRED_NO_DEFAULT_CREDS;
        if (kind != FUZZ_CLIENT_VALIDATE)
            flags |= SCH_CRED_MANUAL_CRED_VALIDATION;
        if (loop_acquire(&creds.client[kind], SECPKG_CRED_OUTBOUND, NULL, client_protocols[kind],
                         flags) != SEC_E_OK)
            fail("client credentials");
    }
}

void fuzz_client_init(loop_side *client, enum fuzz_client_kind kind)
{
    pthread_once(&creds_once, make_credentials);
    loop_side_init(client, &creds.client[kind % FUZZ_CLIENT_KINDS], 0, FUZZ_ISC_REQ, "localhost");
}

void fuzz_server_init(loop_side *server)
{
    pthread_once(&creds_once, make_credentials);
    loop_side_init(server, &creds.server, 1, FUZZ_ASC_REQ, NULL);
}

SECURITY_STATUS fuzz_handshake_call(loop_side *side, const uint8_t *data, size_t len,
                                    loop_pipe *out, size_t *extra)
{
    loop_step_buffers b;
    CtxtHandle *ctx = side->has_ctx ? &side->ctx : NULL;
    int no_input = !side->is_server && !side->has_ctx;
    SECURITY_STATUS status;

    loop_step_buffers_init(&b, (void *)data, len);
    if (side->is_server)
        status = AcceptSecurityContext(&side->cred, ctx, &b.in, side->req | ASC_REQ_ALLOCATE_MEMORY,
                                       0, &side->ctx, &b.out, &side->attrs, NULL);
    else
        status = InitializeSecurityContextA(
            &side->cred, ctx, (SEC_CHAR *)side->target, side->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0,
            no_input ? NULL : &b.in, 0, &side->ctx, &b.out, &side->attrs, NULL);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
        side->has_ctx = 1;
    side->status = status;
    *extra = no_input ? 0 : loop_step_extra(&b);
    if (*extra > len)
        fail("EXTRA larger than the input");
    if (out && !loop_pipe_append(out, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer))
        fail("out of memory");
    loop_step_buffers_free(&b);
    return status;
}

void fuzz_client_started(loop_side *client, enum fuzz_client_kind kind)
{
    size_t extra;
    fuzz_client_init(client, kind);
    if (fuzz_handshake_call(client, NULL, 0, NULL, &extra) != SEC_I_CONTINUE_NEEDED)
        fail("the client's first call");
}

SECURITY_STATUS fuzz_handshake_feed(loop_side *side, const uint8_t *data, size_t len)
{
    SECURITY_STATUS status;
    size_t extra;

    for (;;) {
        status = fuzz_handshake_call(side, data, len, NULL, &extra);
        /* Stops when nothing is left, or nothing was used (the side waits for its peer). */
        if (status != SEC_I_CONTINUE_NEEDED || !extra || extra == len)
            break;
        data += len - extra;
        len = extra;
    }
    return status;
}

void fuzz_connect(loop_side *client, loop_side *server, enum fuzz_client_kind kind)
{
    fuzz_client_init(client, kind);
    fuzz_server_init(server);
    if (loop_handshake(client, server, 0, 20) != SEC_E_OK)
        fail("in-process handshake");
}
