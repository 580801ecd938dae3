/* ALPN through SECBUFFER_APPLICATION_PROTOCOLS: an in-process client and server offering the
 * same list agree on its first protocol; SECPKG_ATTR_APPLICATION_PROTOCOL reports it. */
#include "schannel_util.h"

#include <string.h>

#define BUF_SIZE 8192

/* SEC_APPLICATION_PROTOCOLS with one ALPN list: "http/1.1", "h2". */
static ULONG alpn_buffer(unsigned char *buf)
{
    static const unsigned char ids[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1', 2, 'h', '2'};
    ULONG lists_size = 4 + 2 + sizeof(ids), ext = 2; /* SecApplicationProtocolNegotiationExt_ALPN */
    unsigned short list_size = sizeof(ids);

    memcpy(buf, &lists_size, 4);
    memcpy(buf + 4, &ext, 4);
    memcpy(buf + 8, &list_size, 2);
    memcpy(buf + 10, ids, sizeof(ids));
    return 10 + sizeof(ids);
}

static void check_protocol(CtxtHandle *ctx, const char *who, const char *expected)
{
    SecPkgContext_ApplicationProtocol proto;
    SECURITY_STATUS status;

    memset(&proto, 0xcc, sizeof(proto));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &proto);
    ok_status(status, SEC_E_OK, who);
    if (status != SEC_E_OK)
        return;
    if (!expected) {
        ok(proto.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_None,
           "%s: status %d, expected none\n", who, (int)proto.ProtoNegoStatus);
        return;
    }
    ok(proto.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success, "%s: status %d\n",
       who, (int)proto.ProtoNegoStatus);
    ok(proto.ProtoNegoExt == SecApplicationProtocolNegotiationExt_ALPN, "%s: ext %d\n", who,
       (int)proto.ProtoNegoExt);
    ok(proto.ProtocolIdSize == strlen(expected) &&
           !memcmp(proto.ProtocolId, expected, strlen(expected)),
       "%s: protocol of %u bytes, expected %s\n", who, (unsigned)proto.ProtocolIdSize, expected);
}

static void run_alpn(DWORD client_protocols, DWORD server_protocols, int offer)
{
    unsigned char alpn[128], client_out[BUF_SIZE], server_out[BUF_SIZE];
    SecBuffer cin[4], sin[4], cout[1], sout[1], alpn_buf;
    SecBufferDesc cin_desc = {SECBUFFER_VERSION, 4, cin}, sin_desc = {SECBUFFER_VERSION, 4, sin};
    SecBufferDesc cout_desc = {SECBUFFER_VERSION, 1, cout},
                  sout_desc = {SECBUFFER_VERSION, 1, sout};
    SecBufferDesc alpn_desc = {SECBUFFER_VERSION, 1, &alpn_buf};
    CredHandle ccred, scred;
    CtxtHandle cctx, sctx, ctx2;
    PCCERT_CONTEXT cert = load_fixture_pfx("server-rsa");
    ULONG attrs;
    SECURITY_STATUS status;
    SECURITY_STATUS ss = SEC_I_CONTINUE_NEEDED;
    int has_c = 0, has_s = 0, has_scred = 0, rounds;

    winetest_push_context("client 0x%lx server 0x%lx%s", (unsigned long)client_protocols,
                          (unsigned long)server_protocols, offer ? "" : ", no ALPN");
    ok(cert != NULL, "server-rsa.pfx not loaded\n");
    ok_status(loop_acquire(&ccred, SECPKG_CRED_OUTBOUND, NULL, client_protocols,
                           SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION),
              SEC_E_OK, "client credential");
    status = loop_acquire(&scred, SECPKG_CRED_INBOUND, cert, server_protocols,
                          SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    has_scred = status == SEC_E_OK;
    if (cert)
        CertFreeCertificateContext(cert);
    if (!has_scred) {
        ok(wine_builtin(), "server credential: 0x%08lx\n", (unsigned long)status);
        skip("no Schannel server credential\n");
        goto done;
    }

    alpn_buf.BufferType = SECBUFFER_APPLICATION_PROTOCOLS;
    alpn_buf.cbBuffer = alpn_buffer(alpn);
    alpn_buf.pvBuffer = alpn;
    cout[0].BufferType = SECBUFFER_TOKEN;
    cout[0].cbBuffer = BUF_SIZE;
    cout[0].pvBuffer = client_out;
    status = InitializeSecurityContextA(
        &ccred, NULL, (SEC_CHAR *)"localhost", ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, 0, 0,
        offer ? &alpn_desc : NULL, 0, &cctx, &cout_desc, &attrs, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "client hello");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;
    has_c = 1;

    /* The server gets the ClientHello with the same list beside it. */
    memset(sin, 0, sizeof(sin));
    sin[0].BufferType = SECBUFFER_TOKEN;
    sin[0].cbBuffer = cout[0].cbBuffer;
    sin[0].pvBuffer = client_out;
    if (offer)
        sin[1] = alpn_buf;
    sout[0].BufferType = SECBUFFER_TOKEN;
    sout[0].cbBuffer = BUF_SIZE;
    sout[0].pvBuffer = server_out;
    status =
        AcceptSecurityContext(&scred, NULL, &sin_desc, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0,
                              &sctx, &sout_desc, &attrs, NULL);
    if (status != SEC_I_CONTINUE_NEEDED && wine_builtin()) {
        skip("Schannel has no server side here (0x%08lx)\n", (unsigned long)status);
        goto done;
    }
    ok_status(status, SEC_I_CONTINUE_NEEDED, "server's first call");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;
    has_s = 1;

    for (rounds = 0; rounds < 6; rounds++) {
        SECURITY_STATUS cs;
        memset(cin, 0, sizeof(cin));
        cin[0].BufferType = SECBUFFER_TOKEN;
        cin[0].cbBuffer = sout[0].cbBuffer;
        cin[0].pvBuffer = server_out;
        cout[0].BufferType = SECBUFFER_TOKEN;
        cout[0].cbBuffer = BUF_SIZE;
        cout[0].pvBuffer = client_out;
        ctx2.dwLower = ctx2.dwUpper = (ULONG_PTR)DEADBEEF;
        cs = InitializeSecurityContextA(&ccred, &cctx, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM |
                                            ISC_REQ_USE_SUPPLIED_CREDS,
                                        0, 0, &cin_desc, 0, &ctx2, &cout_desc, &attrs, NULL);
        ok(ctx2.dwLower == cctx.dwLower && ctx2.dwUpper == cctx.dwUpper,
           "client context changed\n");
        if (cs != SEC_E_OK && cs != SEC_I_CONTINUE_NEEDED) {
            ok_status(cs, SEC_E_OK, "client handshake");
            goto done;
        }
        if (cs == SEC_E_OK && ss == SEC_E_OK)
            break;
        memset(sin, 0, sizeof(sin));
        sin[0].BufferType = SECBUFFER_TOKEN;
        sin[0].cbBuffer = cout[0].cbBuffer;
        sin[0].pvBuffer = client_out;
        sout[0].BufferType = SECBUFFER_TOKEN;
        sout[0].cbBuffer = BUF_SIZE;
        sout[0].pvBuffer = server_out;
        ctx2.dwLower = ctx2.dwUpper = (ULONG_PTR)DEADBEEF;
        ss = AcceptSecurityContext(&scred, &sctx, &sin_desc,
                                   ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0, &ctx2, &sout_desc,
                                   &attrs, NULL);
        ok(ctx2.dwLower == sctx.dwLower && ctx2.dwUpper == sctx.dwUpper,
           "server context changed\n");
        if (ss != SEC_E_OK && ss != SEC_I_CONTINUE_NEEDED) {
            ok_status(ss, SEC_E_OK, "server handshake");
            goto done;
        }
        if (cs == SEC_E_OK && ss == SEC_E_OK)
            break;
    }
    ok(rounds < 6, "the handshake did not finish\n");
    check_protocol(&cctx, "client", offer ? "http/1.1" : NULL);
    check_protocol(&sctx, "server", offer ? "http/1.1" : NULL);
done:
    if (has_c)
        DeleteSecurityContext(&cctx);
    if (has_s)
        DeleteSecurityContext(&sctx);
    FreeCredentialsHandle(&ccred);
    if (has_scred)
        FreeCredentialsHandle(&scred);
    winetest_pop_context();
}

START_TEST(schannel_alpn)
{
    if (!fixtures_available())
        return;
    run_alpn(SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER, 1);
    run_alpn(0, 0, 1);
    run_alpn(SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER, 0);
}
