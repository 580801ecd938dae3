/* ALPN through SECBUFFER_APPLICATION_PROTOCOLS on both first calls: the server's preference
 * wins, the result is in SECPKG_ATTR_APPLICATION_PROTOCOL, and no overlap fails the handshake
 * (reference §2.7; checklist 23, 58, 70, 73). */
#include "tls_fixture.h"

#include <string.h>

/* SEC_APPLICATION_PROTOCOLS with one ALPN list of the given ids (NULL-terminated). */
static ULONG alpn_buffer(unsigned char *buf, const char *const *ids)
{
    ULONG list = 0, lists, ext = SecApplicationProtocolNegotiationExt_ALPN;
    USHORT list_size;
    size_t i;

    for (i = 0; ids[i]; i++) {
        buf[10 + list] = (unsigned char)strlen(ids[i]);
        memcpy(buf + 10 + list + 1, ids[i], strlen(ids[i]));
        list += 1 + (ULONG)strlen(ids[i]);
    }
    list_size = (USHORT)list;
    lists = 4 + 2 + list;
    memcpy(buf, &lists, 4);
    memcpy(buf + 4, &ext, 4);
    memcpy(buf + 8, &list_size, 2);
    return 10 + list;
}

/* A first call with [TOKEN, EMPTY, APPLICATION_PROTOCOLS]. */
static SECURITY_STATUS first_call(loop_side *side, const char *const *ids, loop_pipe *out)
{
    unsigned char alpn[256];
    SecBuffer in_buf[3] = {{(ULONG)side->in.len, SECBUFFER_TOKEN, side->in.data},
                           {0, SECBUFFER_EMPTY, NULL},
                           {alpn_buffer(alpn, ids), SECBUFFER_APPLICATION_PROTOCOLS, alpn}};
    SecBuffer out_buf[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 3, in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out_buf};
    SECURITY_STATUS status;

    if (side->is_server)
        status =
            AcceptSecurityContext(&side->cred, NULL, &in_desc, side->req | ASC_REQ_ALLOCATE_MEMORY,
                                  0, &side->ctx, &out_desc, &side->attrs, NULL);
    else
        status = InitializeSecurityContextA(&side->cred, NULL, (SEC_CHAR *)side->target,
                                            side->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0, &in_desc, 0,
                                            &side->ctx, &out_desc, &side->attrs, NULL);
    side->status = status;
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
        side->has_ctx = 1;
        loop_pipe_free(&side->in);
    }
    if (out_buf[0].pvBuffer) {
        loop_pipe_append(out, out_buf[0].pvBuffer, out_buf[0].cbBuffer);
        FreeContextBuffer(out_buf[0].pvBuffer);
    }
    return status;
}

static void selected(loop_side *side, const char *expected)
{
    SecPkgContext_ApplicationProtocol proto;

    memset(&proto, 0xcc, sizeof(proto));
    cr_assert_eq(QueryContextAttributesA(&side->ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto),
                 SEC_E_OK);
    if (!expected) {
        cr_assert_eq(proto.ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_None);
        cr_assert_eq(proto.ProtocolIdSize, 0);
        return;
    }
    cr_assert_eq(proto.ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_Success);
    cr_assert_eq(proto.ProtoNegoExt, SecApplicationProtocolNegotiationExt_ALPN);
    cr_assert_eq(proto.ProtocolIdSize, strlen(expected));
    cr_assert_eq(memcmp(proto.ProtocolId, expected, strlen(expected)), 0);
}

static void negotiate(DWORD protocols, const char *const *client_ids, const char *const *server_ids,
                      const char *expected)
{
    fx_pair pair;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(first_call(&pair.client, client_ids, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(first_call(&pair.server, server_ids, &pair.client.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    selected(&pair.client, expected);
    selected(&pair.server, expected);
    fx_close(&pair);
}

Test(alpn, server_preference_wins)
{
    static const char *const client[] = {"http/1.1", "h2", NULL};
    static const char *const server[] = {"h2", "http/1.1", NULL};
    negotiate(SP_PROT_TLS1_3, client, server, "h2");
    negotiate(SP_PROT_TLS1_2, client, server, "h2");
}

Test(alpn, single_common_protocol)
{
    static const char *const client[] = {"imap", "x-custom", NULL};
    static const char *const server[] = {"h2", "x-custom", NULL};
    negotiate(SP_PROT_TLS1_3, client, server, "x-custom");
}

/* Only one side speaks ALPN: nothing selected, status None. */
Test(alpn, one_sided_selects_nothing)
{
    static const char *const ids[] = {"h2", NULL};
    fx_pair pair;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(first_call(&pair.client, ids, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    selected(&pair.client, NULL);
    selected(&pair.server, NULL);
    fx_close(&pair);
}

/* No overlap: the server fails with SEC_E_APPLICATION_PROTOCOL_MISMATCH and its
 * no_application_protocol alert makes the client fail the same way. */
static void mismatch(DWORD protocols)
{
    static const char *const client[] = {"h2", NULL};
    static const char *const server[] = {"imap", NULL};
    fx_pair pair;
    unsigned char alpn[64];
    SecBuffer in_buf[3], out_buf[2];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 3, in_buf},
                  out_desc = {SECBUFFER_VERSION, 2, out_buf};
    SECURITY_STATUS status;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(first_call(&pair.client, client, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    in_buf[0] = (SecBuffer){(ULONG)pair.server.in.len, SECBUFFER_TOKEN, pair.server.in.data};
    in_buf[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    in_buf[2] = (SecBuffer){alpn_buffer(alpn, server), SECBUFFER_APPLICATION_PROTOCOLS, alpn};
    out_buf[0] = (SecBuffer){0, SECBUFFER_TOKEN, NULL};
    out_buf[1] = (SecBuffer){0, SECBUFFER_ALERT, NULL};
    status = AcceptSecurityContext(&pair.server_cred, NULL, &in_desc,
                                   FX_ASC_REQ | ASC_REQ_ALLOCATE_MEMORY, 0, &pair.server.ctx,
                                   &out_desc, &pair.server.attrs, NULL);
    cr_assert_eq(status, SEC_E_APPLICATION_PROTOCOL_MISMATCH, "server: 0x%08x", (unsigned)status);
    cr_assert_eq(out_buf[1].BufferType, SECBUFFER_ALERT);
    cr_assert_eq(out_buf[1].cbBuffer, 7, "the alert for the peer is in the ALERT buffer");
    cr_assert_eq(((unsigned char *)out_buf[1].pvBuffer)[6], 120, "no_application_protocol");
    status = fx_step(&pair.client, out_buf[1].pvBuffer, out_buf[1].cbBuffer, NULL, NULL);
    cr_assert_eq(status, SEC_E_APPLICATION_PROTOCOL_MISMATCH, "client: 0x%08x", (unsigned)status);
    FreeContextBuffer(out_buf[0].pvBuffer);
    FreeContextBuffer(out_buf[1].pvBuffer);
    fx_close(&pair);
}

Test(alpn, no_overlap_tls13)
{
    mismatch(SP_PROT_TLS1_3);
}

Test(alpn, no_overlap_tls12)
{
    mismatch(SP_PROT_TLS1_2);
}

/* SCH_CREDENTIALS TLS_PARAMETERS tied to ALPN ids: their disabled protocols count only when one
 * of the ids is negotiated (issue 5). */
static SECURITY_STATUS acquire_alpn_limited(CredHandle *cred, ULONG use, PCCERT_CONTEXT cert,
                                            DWORD disabled)
{
    UNICODE_STRING h2 = {4, 6, (PWSTR)u"h2"};
    TLS_PARAMETERS tls;
    SCH_CREDENTIALS v5;

    memset(&v5, 0, sizeof(v5));
    memset(&tls, 0, sizeof(tls));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    v5.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    v5.cCreds = cert ? 1 : 0;
    v5.paCred = cert ? &cert : NULL;
    v5.cTlsParameters = 1;
    v5.pTlsParameters = &tls;
    tls.cAlpnIds = 1;
    tls.rgstrAlpnIds = &h2;
    tls.grbitDisabledProtocols = disabled;
    return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, use, NULL, &v5, NULL, NULL,
                                     cred, NULL);
}

/* A handshake where one side's credential disables TLS 1.2 for h2 (`limited_server`: the
 * server's, else the client's); the other side allows only `protocols`. */
static SECURITY_STATUS alpn_limited(int limited_server, DWORD protocols,
                                    const char *const *client_ids)
{
    static const char *const server_ids[] = {"h2", "http/1.1", NULL};
    fx_pair pair;
    SECURITY_STATUS status;

    fx_open(&pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    if (limited_server) {
        FreeCredentialsHandle(&pair.server_cred);
        cr_assert_eq(acquire_alpn_limited(&pair.server_cred, SECPKG_CRED_INBOUND, pair.cert,
                                          SP_PROT_TLS1_2),
                     SEC_E_OK);
        pair.server.cred = pair.server_cred;
    } else {
        FreeCredentialsHandle(&pair.client_cred);
        cr_assert_eq(acquire_alpn_limited(&pair.client_cred, SECPKG_CRED_OUTBOUND, NULL,
                                          SP_PROT_TLS1_2),
                     SEC_E_OK);
        pair.client.cred = pair.client_cred;
    }
    cr_assert_eq(first_call(&pair.client, client_ids, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    status = first_call(&pair.server, server_ids, &pair.client.in);
    if (status == SEC_I_CONTINUE_NEEDED)
        status = fx_finish(&pair);
    fx_close(&pair);
    return status;
}

Test(alpn, limits_tied_to_alpn_ids)
{
    static const char *const h2[] = {"h2", NULL};
    static const char *const http11[] = {"http/1.1", NULL};
    int side;

    for (side = 0; side < 2; side++) {
        cr_assert_eq(alpn_limited(side, SP_PROT_TLS1_2, h2), SEC_E_ALGORITHM_MISMATCH,
                     "TLS 1.2 is off for h2 (%s)", side ? "server" : "client");
        cr_assert_eq(alpn_limited(side, SP_PROT_TLS1_2, http11), SEC_E_OK,
                     "another id is not limited");
        cr_assert_eq(alpn_limited(side, SP_PROT_TLS1_3, h2), SEC_E_OK, "TLS 1.3 stays on for h2");
    }
}
