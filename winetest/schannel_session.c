/* A TLS 1.2 client session step by step against an in-process Schannel server (in place of a
 * network server): garbage and truncated handshake input, MISSING sizes, context identity,
 * returned attributes, the connection's attributes (certificate, bindings, cipher), and the
 * EncryptMessage / DecryptMessage buffer rules. */
#include "schannel_util.h"

#include <stdlib.h>
#include <string.h>

#define BUF_SIZE   8192
#define CLIENT_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM)

static const char request[] =
    "GET /tests/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

static int same_handle(const CtxtHandle *a, const CtxtHandle *b)
{
    return a->dwLower == b->dwLower && a->dwUpper == b->dwUpper;
}

static void fill_deadbeef(CtxtHandle *ctx)
{
    ctx->dwLower = ctx->dwUpper = (ULONG_PTR)DEADBEEF;
}

static int wide_equals(const WCHAR *got, const char *expected)
{
    size_t i;
    for (i = 0; expected[i]; i++)
        if (got[i] != (WCHAR)(unsigned char)expected[i])
            return 0;
    return got[i] == 0;
}

static const char *narrow(const WCHAR *wide)
{
    static char text[SZ_ALG_MAX_SIZE + 1];
    size_t i;
    for (i = 0; i < SZ_ALG_MAX_SIZE && wide[i]; i++)
        text[i] = wide[i] < 128 ? (char)wide[i] : '?';
    text[i] = 0;
    return text;
}

/* Garbage handshake input on a fresh client context (no server needed). */
static void test_garbage(CredHandle *cred)
{
    buffers in, out;
    CtxtHandle ctx;
    ULONG attrs;
    SECURITY_STATUS status;

    buffers_init(&out, 4, BUF_SIZE);
    buffers_init(&in, 4, BUF_SIZE);
    out.buf[0].BufferType = SECBUFFER_TOKEN;
    status = InitializeSecurityContextA(cred, NULL, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0, NULL,
                                        0, &ctx, &out.desc, &attrs, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "first call");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;

    in.desc.cBuffers = 1;
    in.buf[0].BufferType = SECBUFFER_TOKEN;
    memset(in.storage[0], 0xfa, BUF_SIZE);
    out.buf[0].BufferType = SECBUFFER_TOKEN;
    out.buf[0].cbBuffer = 1;
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, NULL, &out.desc, &attrs, NULL);
    todo_wine ok_status(status, SEC_E_INVALID_TOKEN, "0xfa input");
    todo_wine ok(out.buf[0].cbBuffer == 0, "output size %lu after 0xfa input\n",
                 (unsigned long)out.buf[0].cbBuffer);

    memset(in.storage[0], 0, BUF_SIZE);
    in.buf[0].BufferType = SECBUFFER_TOKEN;
    in.buf[0].cbBuffer = BUF_SIZE;
    out.buf[0].BufferType = SECBUFFER_TOKEN;
    out.buf[0].cbBuffer = 1;
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, NULL, &out.desc, &attrs, NULL);
    ok_status(status, SEC_E_INVALID_TOKEN, "zero input");
    ok(out.buf[0].cbBuffer == 0, "output size %lu after zero input\n",
       (unsigned long)out.buf[0].cbBuffer);

    in.buf[0].BufferType = SECBUFFER_TOKEN;
    in.buf[0].cbBuffer = BUF_SIZE;
    out.buf[0].BufferType = SECBUFFER_TOKEN;
    out.buf[0].cbBuffer = 0;
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, NULL, &out.desc, &attrs, NULL);
    ok(status == SEC_E_INSUFFICIENT_MEMORY || status == SEC_E_INVALID_TOKEN,
       "zero input, empty output: got 0x%08lx (%s)\n", (unsigned long)status,
       sec_status_name(status));
    ok(out.buf[0].cbBuffer == 0, "output size %lu\n", (unsigned long)out.buf[0].cbBuffer);
    DeleteSecurityContext(&ctx);

    status = InitializeSecurityContextA(cred, NULL, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0, NULL,
                                        0, &ctx, NULL, &attrs, NULL);
    ok_status(status, SEC_E_INVALID_TOKEN, "new context, NULL output");
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
        DeleteSecurityContext(&ctx);
done:
    buffers_free(&in);
    buffers_free(&out);
}

static void check_remote_cert(CtxtHandle *ctx)
{
    PCCERT_CONTEXT cert = NULL, it = NULL;
    SecPkgContext_Bindings bindings;
    unsigned char hash[32];
    SECURITY_STATUS status;
    int count = 0, found = 0;

    status = QueryContextAttributesA(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert);
    ok_status(status, SEC_E_OK, "REMOTE_CERT_CONTEXT");
    if (status != SEC_E_OK || !cert)
        return;
    ok(cert->hCertStore != NULL, "the certificate has no store\n");
    while (cert->hCertStore && (it = CertEnumCertificatesInStore(cert->hCertStore, it))) {
        count++;
        if (it == cert)
            found = 1;
    }
    ok(count >= 1, "%d certificates in the remote store\n", count);
    ok(found, "the leaf context is not one of the store's %d certificates\n", count);

    memset(&bindings, 0xde, sizeof(bindings));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_ENDPOINT_BINDINGS, &bindings);
    ok_status(status, SEC_E_OK, "ENDPOINT_BINDINGS");
    if (status == SEC_E_OK) {
        static const char prefix[] = "tls-server-end-point:";
        const SEC_CHANNEL_BINDINGS *b = bindings.Bindings;
        const unsigned char *data = (const unsigned char *)b + 32;
        ok(bindings.BindingsLength == 32 + 21 + 32, "BindingsLength %lu\n",
           (unsigned long)bindings.BindingsLength);
        ok(!b->dwInitiatorAddrType && !b->cbInitiatorLength && !b->dwInitiatorOffset &&
               !b->dwAcceptorAddrType && !b->cbAcceptorLength && !b->dwAcceptorOffset,
           "initiator/acceptor fields are not zero\n");
        ok(32 + b->cbApplicationDataLength == bindings.BindingsLength,
           "cbApplicationDataLength %lu\n", (unsigned long)b->cbApplicationDataLength);
        ok(b->dwApplicationDataOffset == 32, "dwApplicationDataOffset %lu\n",
           (unsigned long)b->dwApplicationDataOffset);
        sha256_digest(cert->pbCertEncoded, cert->cbCertEncoded, hash);
        ok(bindings.BindingsLength >= 32 + 21 + 32 && !memcmp(data, prefix, 21) &&
               !memcmp(data + 21, hash, 32),
           "endpoint binding is not tls-server-end-point: + SHA-256 of the certificate\n");
        FreeContextBuffer(bindings.Bindings);
    }

    memset(&bindings, 0xde, sizeof(bindings));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &bindings);
    ok_status(status, SEC_E_OK, "UNIQUE_BINDINGS");
    if (status == SEC_E_OK) {
        const SEC_CHANNEL_BINDINGS *b = bindings.Bindings;
        ok(bindings.BindingsLength > 32 + 11, "BindingsLength %lu\n",
           (unsigned long)bindings.BindingsLength);
        ok(!b->dwInitiatorAddrType && !b->cbInitiatorLength && !b->dwInitiatorOffset &&
               !b->dwAcceptorAddrType && !b->cbAcceptorLength && !b->dwAcceptorOffset,
           "initiator/acceptor fields are not zero\n");
        ok(32 + b->cbApplicationDataLength == bindings.BindingsLength,
           "cbApplicationDataLength %lu\n", (unsigned long)b->cbApplicationDataLength);
        ok(b->dwApplicationDataOffset == 32, "dwApplicationDataOffset %lu\n",
           (unsigned long)b->dwApplicationDataOffset);
        ok(!memcmp((const char *)b + 32, "tls-unique:", 11), "unique binding prefix\n");
        FreeContextBuffer(bindings.Bindings);
    }
    CertFreeCertificateContext(cert);
}

static void check_connection(CtxtHandle *ctx, SecPkgContext_StreamSizes *sizes)
{
    SecPkgContext_ConnectionInfo conn;
    SecPkgContext_CipherInfo info;
    SecPkgContext_KeyInfoA key;
    SecPkgContext_NegotiationInfoA nego;
    SecPkgContext_Sizes context_sizes;
    PSecPkgInfoA package = NULL;
    ULONG max_token = 0;
    SECURITY_STATUS status;

    memset(&conn, 0, sizeof(conn));
    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_CONNECTION_INFO, &conn), SEC_E_OK,
              "CONNECTION_INFO");
    ok(conn.dwProtocol == SP_PROT_TLS1_2_CLIENT, "dwProtocol 0x%lx\n",
       (unsigned long)conn.dwProtocol);
    ok(conn.aiCipher == CALG_AES_256, "aiCipher 0x%x\n", (unsigned)conn.aiCipher);
    ok(conn.dwCipherStrength >= 128, "dwCipherStrength %lu\n",
       (unsigned long)conn.dwCipherStrength);
    ok(conn.dwHashStrength == 0, "dwHashStrength %lu\n", (unsigned long)conn.dwHashStrength);

    memset(&info, 0, sizeof(info));
    info.dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_CIPHER_INFO, &info);
    ok_status(status, SEC_E_OK, "CIPHER_INFO");
    if (status == SEC_E_OK) {
        ok(info.dwProtocol == 0x303, "dwProtocol 0x%lx\n", (unsigned long)info.dwProtocol);
        todo_wine ok(info.dwCipherSuite == 0xc030, "dwCipherSuite 0x%lx\n",
                     (unsigned long)info.dwCipherSuite);
        todo_wine ok(info.dwBaseCipherSuite == 0xc030, "dwBaseCipherSuite 0x%lx\n",
                     (unsigned long)info.dwBaseCipherSuite);
        ok(wide_equals(info.szCipherSuite, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
           "szCipherSuite %s\n", narrow(info.szCipherSuite));
        ok(wide_equals(info.szCipher, "AES"), "szCipher %s\n", narrow(info.szCipher));
        ok(info.dwCipherLen == 256, "dwCipherLen %lu\n", (unsigned long)info.dwCipherLen);
        ok(info.dwCipherBlockLen == 16, "dwCipherBlockLen %lu\n",
           (unsigned long)info.dwCipherBlockLen);
        ok(info.szHash[0] == 0, "szHash %s, expected empty\n", narrow(info.szHash));
        ok(info.dwHashLen == 0, "dwHashLen %lu\n", (unsigned long)info.dwHashLen);
        ok(wide_equals(info.szExchange, "ECDH") || wide_equals(info.szExchange, "ECDH_P256"),
           "szExchange %s\n", narrow(info.szExchange));
        ok(info.dwMinExchangeLen == 0 || info.dwMinExchangeLen == 256, "dwMinExchangeLen %lu\n",
           (unsigned long)info.dwMinExchangeLen);
        ok(info.dwMaxExchangeLen == 65536 || info.dwMaxExchangeLen == 256, "dwMaxExchangeLen %lu\n",
           (unsigned long)info.dwMaxExchangeLen);
        ok(wide_equals(info.szCertificate, "RSA"), "szCertificate %s\n",
           narrow(info.szCertificate));
        todo_wine ok(info.dwKeyType == 0x1d || info.dwKeyType == 0x17, "dwKeyType 0x%lx\n",
                     (unsigned long)info.dwKeyType);
    }

    memset(&key, 0, sizeof(key));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_KEY_INFO, &key);
    ok_status(status, SEC_E_OK, "KEY_INFO");
    if (status == SEC_E_OK) {
        ok(key.SignatureAlgorithm == CALG_RSA_SIGN, "SignatureAlgorithm 0x%lx\n",
           (unsigned long)key.SignatureAlgorithm);
        ok(key.sSignatureAlgorithmName && !strcmp(key.sSignatureAlgorithmName, "RSA"),
           "sSignatureAlgorithmName %s\n",
           key.sSignatureAlgorithmName ? key.sSignatureAlgorithmName : "(null)");
        ok(key.KeySize >= 128, "KeySize %lu\n", (unsigned long)key.KeySize);
        FreeContextBuffer(key.sSignatureAlgorithmName);
        FreeContextBuffer(key.sEncryptAlgorithmName);
    }

    if (QuerySecurityPackageInfoA((SEC_CHAR *)UNISP_NAME_A, &package) == SEC_E_OK) {
        max_token = package->cbMaxToken;
        FreeContextBuffer(package);
    }
    memset(sizes, 0, sizeof(*sizes));
    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_STREAM_SIZES, sizes), SEC_E_OK,
              "STREAM_SIZES");
    trace("stream sizes: header %lu trailer %lu max %lu buffers %lu block %lu\n",
          (unsigned long)sizes->cbHeader, (unsigned long)sizes->cbTrailer,
          (unsigned long)sizes->cbMaximumMessage, (unsigned long)sizes->cBuffers,
          (unsigned long)sizes->cbBlockSize);
    ok(sizes->cbMaximumMessage == 16384 && sizes->cBuffers == 4, "max %lu, buffers %lu\n",
       (unsigned long)sizes->cbMaximumMessage, (unsigned long)sizes->cBuffers);

    /* SIZES: the reference records no Windows values; sspishim gives the package's cbMaxToken,
     * no signature, and STREAM_SIZES' block size and trailer. Wine 8's builtin lacks it. */
    memset(&context_sizes, 0xcc, sizeof(context_sizes));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_SIZES, &context_sizes);
    todo_wine ok_status(status, SEC_E_OK, "SIZES");
    if (status == SEC_E_OK) {
        ok(context_sizes.cbMaxToken == max_token, "cbMaxToken %lu, package %lu\n",
           (unsigned long)context_sizes.cbMaxToken, (unsigned long)max_token);
        ok(context_sizes.cbMaxSignature == 0, "cbMaxSignature %lu\n",
           (unsigned long)context_sizes.cbMaxSignature);
        ok(context_sizes.cbBlockSize == sizes->cbBlockSize, "cbBlockSize %lu, stream %lu\n",
           (unsigned long)context_sizes.cbBlockSize, (unsigned long)sizes->cbBlockSize);
        ok(context_sizes.cbSecurityTrailer == sizes->cbTrailer,
           "cbSecurityTrailer %lu, stream trailer %lu\n",
           (unsigned long)context_sizes.cbSecurityTrailer, (unsigned long)sizes->cbTrailer);
    }

    ok_status(QueryContextAttributesA(ctx, SECPKG_ATTR_NEGOTIATION_INFO, &nego),
              SEC_E_UNSUPPORTED_FUNCTION, "NEGOTIATION_INFO");
}

/* Encrypts the request in the documented layout; the server must read it back. */
static void test_encrypt(CtxtHandle *ctx, const SecPkgContext_StreamSizes *sizes,
                         server_peer *server)
{
    unsigned char *wire = malloc(BUF_SIZE);
    ULONG len = (ULONG)strlen(request);
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status;

    bufs[0].BufferType = SECBUFFER_STREAM_HEADER;
    bufs[0].cbBuffer = sizes->cbHeader;
    bufs[0].pvBuffer = wire;
    bufs[1].BufferType = SECBUFFER_DATA;
    bufs[1].cbBuffer = len;
    bufs[1].pvBuffer = wire + sizes->cbHeader;
    memcpy(bufs[1].pvBuffer, request, len);
    bufs[2].BufferType = SECBUFFER_STREAM_TRAILER;
    bufs[2].cbBuffer = sizes->cbTrailer;
    bufs[2].pvBuffer = wire + sizes->cbHeader + len;
    bufs[3].BufferType = SECBUFFER_EMPTY;
    bufs[3].cbBuffer = 0;
    bufs[3].pvBuffer = NULL;
    status = EncryptMessage(ctx, 0, &desc, 0);
    ok_status(status, SEC_E_OK, "EncryptMessage");
    if (status == SEC_E_OK) {
        ULONG total = bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
        loop_side side;
        loop_pipe plain = {0};
        ok(wire[0] == 0x17 && wire[1] == 3 && wire[2] == 3 &&
               (ULONG)((wire[3] << 8 | wire[4]) + 5) == total,
           "header ‖ data ‖ trailer (%lu bytes) is not one application-data record\n",
           (unsigned long)total);
        /* The server decrypts what went over the wire. */
        memset(&side, 0, sizeof(side));
        side.ctx = server->ctx;
        loop_pipe_append(&side.in, wire, total);
        ok_status(loop_receive(&side, 0, &plain), SEC_E_OK, "server decrypts the request");
        ok(plain.len == len && !memcmp(plain.data, request, len), "server read %lu bytes\n",
           (unsigned long)plain.len);
        loop_pipe_free(&plain);
        loop_pipe_free(&side.in);
    }
    free(wire);
}

/* DecryptMessage's descriptor checks and its output layout, on the server's response. */
static void test_decrypt(CtxtHandle *ctx, server_peer *server)
{
    loop_side from, to;
    buffers b;
    ULONG size, record, len = (ULONG)strlen(response);
    unsigned char *data;
    SECURITY_STATUS status;

    memset(&from, 0, sizeof(from));
    memset(&to, 0, sizeof(to));
    from.ctx = server->ctx;
    status = loop_send(&from, &to, response, len);
    ok_status(status, SEC_E_OK, "server EncryptMessage");
    if (status != SEC_E_OK || to.in.len > BUF_SIZE)
        goto done;
    buffers_init(&b, 4, BUF_SIZE);
    data = b.storage[0];
    memcpy(data, to.in.data, to.in.len);
    size = (ULONG)to.in.len;
    record = (ULONG)(data[3] << 8 | data[4]);

    b.buf[0].BufferType = SECBUFFER_DATA;
    b.buf[0].cbBuffer = size;
    b.desc.cBuffers = 3;
    ok_status(DecryptMessage(ctx, &b.desc, 0, NULL), SEC_E_INVALID_TOKEN, "three buffers");
    b.desc.cBuffers = 4;
    buffers_reset(&b);
    ok_status(DecryptMessage(ctx, &b.desc, 0, NULL), SEC_E_INVALID_TOKEN, "no DATA buffer");
    b.buf[0].BufferType = SECBUFFER_DATA;
    b.buf[1].BufferType = SECBUFFER_DATA;
    ok_status(DecryptMessage(ctx, &b.desc, 0, NULL), SEC_E_INVALID_TOKEN, "two DATA buffers");
    b.buf[1].BufferType = SECBUFFER_EXTRA;
    ok_status(DecryptMessage(ctx, &b.desc, 0, NULL), SEC_E_INVALID_TOKEN,
              "EXTRA in place of an EMPTY");
    b.buf[1].BufferType = SECBUFFER_EMPTY;
    b.buf[0].cbBuffer = record;
    status = DecryptMessage(ctx, &b.desc, 0, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "record 5 bytes short");
    ok(b.buf[0].BufferType == SECBUFFER_MISSING && b.buf[0].cbBuffer == 5,
       "buffer 0: type %lu size %lu, expected MISSING 5\n", (unsigned long)b.buf[0].BufferType,
       (unsigned long)b.buf[0].cbBuffer);

    buffers_reset(&b);
    b.buf[0].BufferType = SECBUFFER_DATA;
    b.buf[0].cbBuffer = size;
    status = DecryptMessage(ctx, &b.desc, 0, NULL);
    ok_status(status, SEC_E_OK, "whole record");
    if (status == SEC_E_OK) {
        ok(b.buf[0].BufferType == SECBUFFER_STREAM_HEADER, "buffer 0 type %lu\n",
           (unsigned long)b.buf[0].BufferType);
        ok(b.buf[1].BufferType == SECBUFFER_DATA && b.buf[1].cbBuffer == len &&
               !memcmp(b.buf[1].pvBuffer, response, len),
           "buffer 1: type %lu size %lu, expected the response\n",
           (unsigned long)b.buf[1].BufferType, (unsigned long)b.buf[1].cbBuffer);
        ok(b.buf[2].BufferType == SECBUFFER_STREAM_TRAILER, "buffer 2 type %lu\n",
           (unsigned long)b.buf[2].BufferType);
        ok(b.buf[0].cbBuffer + b.buf[1].cbBuffer + b.buf[2].cbBuffer == size,
           "header %lu + data %lu + trailer %lu != record %lu\n", (unsigned long)b.buf[0].cbBuffer,
           (unsigned long)b.buf[1].cbBuffer, (unsigned long)b.buf[2].cbBuffer, (unsigned long)size);
        ok(b.buf[1].pvBuffer == data + b.buf[0].cbBuffer, "plaintext is not in place\n");
        ok(b.buf[3].BufferType == SECBUFFER_EMPTY, "buffer 3 type %lu\n",
           (unsigned long)b.buf[3].BufferType);
    }
    buffers_free(&b);
done:
    loop_pipe_free(&to.in);
}

static void test_session(CredHandle *cred)
{
    server_peer server;
    buffers in, out;
    CtxtHandle ctx, ctx2;
    ULONG attrs;
    SecPkgCredentials_NamesA names;
    SecPkgContext_StreamSizes sizes;
    SECURITY_STATUS status;
    int has_ctx = 0, rounds = 0;

    buffers_init(&out, 4, BUF_SIZE);
    buffers_init(&in, 4, BUF_SIZE);
    status = server_peer_init(&server, "server-rsa", SP_PROT_TLS1_2_SERVER);
    if (status != SEC_E_OK) {
        ok(wine_builtin(), "server credential: 0x%08lx\n", (unsigned long)status);
        skip("no Schannel server credential (0x%08lx)\n", (unsigned long)status);
        goto done;
    }

    out.buf[0].BufferType = SECBUFFER_TOKEN;
    status = InitializeSecurityContextA(cred, NULL, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0, NULL,
                                        0, &ctx, &out.desc, &attrs, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "ClientHello");
    if (status != SEC_I_CONTINUE_NEEDED)
        goto done;
    has_ctx = 1;
    status = server_peer_feed(&server, out.storage[0], out.buf[0].cbBuffer);
    if (status != SEC_I_CONTINUE_NEEDED) {
        ok(wine_builtin(), "server's first call: 0x%08lx\n", (unsigned long)status);
        skip("Schannel has no server side here (0x%08lx)\n", (unsigned long)status);
        goto done;
    }
    out.buf[0].cbBuffer = BUF_SIZE;

    fill_deadbeef(&ctx2);
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0, NULL,
                                        0, &ctx2, &out.desc, &attrs, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "no input");
    ok(out.buf[0].cbBuffer == BUF_SIZE && out.buf[0].BufferType == SECBUFFER_TOKEN,
       "output changed: type %lu size %lu\n", (unsigned long)out.buf[0].BufferType,
       (unsigned long)out.buf[0].cbBuffer);
    ok(ctx2.dwLower == (ULONG_PTR)DEADBEEF && ctx2.dwUpper == (ULONG_PTR)DEADBEEF,
       "the new context handle was written\n");

    in.desc.cBuffers = 2;
    in.buf[0].BufferType = SECBUFFER_TOKEN;
    in.buf[0].cbBuffer = 0;
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, NULL, &out.desc, &attrs, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "empty token");
    ok(out.buf[0].cbBuffer == BUF_SIZE && out.buf[0].BufferType == SECBUFFER_TOKEN,
       "output changed\n");
    ok(in.buf[1].BufferType == SECBUFFER_MISSING && in.buf[1].cbBuffer == 5,
       "input 1: type %lu size %lu, expected MISSING 5\n", (unsigned long)in.buf[1].BufferType,
       (unsigned long)in.buf[1].cbBuffer);

    ok(server.out.len > 5 && server.out.len <= BUF_SIZE, "server flight of %lu bytes\n",
       (unsigned long)server.out.len);
    memcpy(in.storage[0], server.out.data, server.out.len);
    in.buf[0].cbBuffer = 4;
    in.buf[1].BufferType = SECBUFFER_EMPTY;
    in.buf[1].cbBuffer = 0;
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, NULL, &out.desc, &attrs, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "4 bytes");
    ok(out.buf[0].cbBuffer == BUF_SIZE, "output changed\n");
    ok(in.buf[1].BufferType == SECBUFFER_MISSING && in.buf[1].cbBuffer == 1,
       "input 1: type %lu size %lu, expected MISSING 1\n", (unsigned long)in.buf[1].BufferType,
       (unsigned long)in.buf[1].cbBuffer);

    in.buf[0].cbBuffer = 5;
    in.buf[1].BufferType = SECBUFFER_EMPTY;
    in.buf[1].cbBuffer = 0;
    fill_deadbeef(&ctx2);
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost", CLIENT_REQ, 0, 0,
                                        &in.desc, 0, &ctx2, &out.desc, &attrs, NULL);
    ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "a record header only");
    ok(out.buf[0].cbBuffer == BUF_SIZE, "output changed\n");
    ok(in.buf[1].BufferType == SECBUFFER_MISSING && in.buf[1].cbBuffer > 5,
       "input 1: type %lu size %lu, expected MISSING > 5\n", (unsigned long)in.buf[1].BufferType,
       (unsigned long)in.buf[1].cbBuffer);
    ok(ctx2.dwLower == (ULONG_PTR)DEADBEEF && ctx2.dwUpper == (ULONG_PTR)DEADBEEF,
       "the new context handle was written\n");

    in.desc.cBuffers = 1;
    in.buf[0].cbBuffer = (ULONG)server.out.len;
    loop_pipe_consume(&server.out, server.out.len);
    status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost",
                                        CLIENT_REQ | ISC_REQ_USE_SUPPLIED_CREDS, 0, 0, &in.desc, 0,
                                        &ctx2, &out.desc, &attrs, NULL);
    while (status == SEC_I_CONTINUE_NEEDED && rounds++ < 8) {
        SECURITY_STATUS server_status =
            server_peer_feed(&server, out.storage[0], out.buf[0].cbBuffer);
        ok(server_status == SEC_E_OK || server_status == SEC_I_CONTINUE_NEEDED,
           "server: 0x%08lx (%s)\n", (unsigned long)server_status, sec_status_name(server_status));
        out.buf[0].BufferType = SECBUFFER_TOKEN;
        out.buf[0].cbBuffer = BUF_SIZE;
        ok(same_handle(&ctx, &ctx2), "the context handle changed during the handshake\n");
        if (server.out.len > BUF_SIZE)
            break;
        memcpy(in.storage[0], server.out.data, server.out.len);
        in.buf[0].cbBuffer = (ULONG)server.out.len;
        loop_pipe_consume(&server.out, server.out.len);

        fill_deadbeef(&ctx2);
        in.buf[0].BufferType = SECBUFFER_TOKEN;
        in.desc.cBuffers = 2;
        in.buf[1].BufferType = SECBUFFER_EMPTY;
        in.buf[1].cbBuffer = DEADBEEF;
        in.buf[1].pvBuffer = NULL;
        status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost",
                                            ISC_REQ_USE_SUPPLIED_CREDS, 0, 0, &in.desc, 0, NULL,
                                            &out.desc, &attrs, NULL);
        ok_status(status, SEC_E_INVALID_TOKEN, "EMPTY input buffer with a size");
        in.desc.cBuffers = 1;
        status = InitializeSecurityContextA(cred, &ctx, (SEC_CHAR *)"localhost",
                                            ISC_REQ_USE_SUPPLIED_CREDS, 0, 0, &in.desc, 0, &ctx2,
                                            &out.desc, &attrs, NULL);
    }
    ok(out.buf[0].cbBuffer == 0, "final output size %lu\n", (unsigned long)out.buf[0].cbBuffer);
    ok_status(status, SEC_E_OK, "handshake");
    if (status != SEC_E_OK) {
        skip("handshake failed\n");
        goto done;
    }
    ok(attrs == (ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY |
                 ISC_RET_STREAM | ISC_RET_USED_SUPPLIED_CREDS),
       "attrs 0x%08lx, expected 0x809c\n", (unsigned long)attrs);
    ok(server.status == SEC_E_OK, "server status 0x%08lx\n", (unsigned long)server.status);

    ok_status(QueryCredentialsAttributesA(cred, SECPKG_CRED_ATTR_NAMES, &names),
              SEC_E_NO_CREDENTIALS, "CRED_ATTR_NAMES");
    check_remote_cert(&ctx);
    check_connection(&ctx, &sizes);
    test_encrypt(&ctx, &sizes, &server);
    test_decrypt(&ctx, &server);

    ok_status(DeleteSecurityContext(&ctx), SEC_E_OK, "DeleteSecurityContext");
    has_ctx = 0;
    {
        PCCERT_CONTEXT cert = NULL;
        ok_status(QueryContextAttributesW(&ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert),
                  SEC_E_INVALID_HANDLE, "query after delete");
    }
done:
    if (has_ctx)
        DeleteSecurityContext(&ctx);
    server_peer_free(&server);
    buffers_free(&in);
    buffers_free(&out);
}

START_TEST(schannel_session)
{
    CredHandle cred;
    SECURITY_STATUS status;

    status = loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2_CLIENT,
                          SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    ok_status(status, SEC_E_OK, "TLS 1.2 client credential");
    if (status != SEC_E_OK)
        return;
    test_garbage(&cred);
    if (fixtures_available())
        test_session(&cred);
    FreeCredentialsHandle(&cred);
}
