/* NTLM and Negotiate through secur32: Windows (and Wine) host these packages outside Schannel;
 * a replacement secur32 must still reach them. The client side runs against a server message
 * built here; the server side runs where the system can check a password (Wine's NTLM asks
 * winbind through ntlm_auth), and is skipped with the reason otherwise. */
#include "test.h"

#include <string.h>

#ifdef _WIN32

#define NTLM_USER     "sspishim-test"
#define NTLM_DOMAIN   "WORKGROUP"
#define NTLM_PASSWORD "Not-A-Real-Secret-1"
#define TOKEN_SIZE    4096
#define REQUEST_FLAGS                                                                              \
    (ISC_REQ_CONNECTION | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |    \
     ISC_REQ_SEQUENCE_DETECT)

static const unsigned char ntlm_signature[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

static void fill_identity(SEC_WINNT_AUTH_IDENTITY_A *id)
{
    memset(id, 0, sizeof(*id));
    id->User = (unsigned char *)NTLM_USER;
    id->UserLength = (unsigned long)strlen(NTLM_USER);
    id->Domain = (unsigned char *)NTLM_DOMAIN;
    id->DomainLength = (unsigned long)strlen(NTLM_DOMAIN);
    id->Password = (unsigned char *)NTLM_PASSWORD;
    id->PasswordLength = (unsigned long)strlen(NTLM_PASSWORD);
    id->Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
}

/* An outbound credential of `package` for the made-up user. */
static SECURITY_STATUS client_credential(const char *package, CredHandle *cred)
{
    SEC_WINNT_AUTH_IDENTITY_A id;
    TimeStamp expiry;

    fill_identity(&id);
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)package, SECPKG_CRED_OUTBOUND, NULL, &id,
                                     NULL, NULL, cred, &expiry);
}

static unsigned long message_type(const SecBuffer *token)
{
    const unsigned char *p = token->pvBuffer;
    if (token->cbBuffer < 12 || memcmp(p, ntlm_signature, 8))
        return 0;
    return (unsigned long)p[8] | (unsigned long)p[9] << 8 | (unsigned long)p[10] << 16 |
           (unsigned long)p[11] << 24;
}

typedef struct token_io {
    unsigned char in[TOKEN_SIZE], out[TOKEN_SIZE];
    SecBuffer in_buf, out_buf;
    SecBufferDesc in_desc, out_desc;
} token_io;

static void reset_output(token_io *io)
{
    io->out_buf.BufferType = SECBUFFER_TOKEN;
    io->out_buf.cbBuffer = TOKEN_SIZE;
    io->out_buf.pvBuffer = io->out;
    io->out_desc.ulVersion = SECBUFFER_VERSION;
    io->out_desc.cBuffers = 1;
    io->out_desc.pBuffers = &io->out_buf;
}

/* The client's first InitializeSecurityContext, its token in io->out_buf. */
static SECURITY_STATUS client_first_leg(CredHandle *cred, CtxtHandle *ctx, token_io *io)
{
    TimeStamp expiry;
    ULONG attrs = 0;

    reset_output(io);
    return InitializeSecurityContextA(cred, NULL, (SEC_CHAR *)"HTTP/server.example", REQUEST_FLAGS,
                                      0, SECURITY_NETWORK_DREP, NULL, 0, ctx, &io->out_desc, &attrs,
                                      &expiry);
}

static void set_input(token_io *io, const void *data, unsigned long size)
{
    memcpy(io->in, data, size);
    io->in_buf.BufferType = SECBUFFER_TOKEN;
    io->in_buf.cbBuffer = size;
    io->in_buf.pvBuffer = io->in;
    io->in_desc.ulVersion = SECBUFFER_VERSION;
    io->in_desc.cBuffers = 1;
    io->in_desc.pBuffers = &io->in_buf;
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

static unsigned put_utf16(unsigned char *p, const char *ascii)
{
    unsigned n = 0;
    for (; *ascii; ascii++, n += 2)
        put16(p + n, (unsigned char)*ascii);
    return n;
}

/* A server's CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) for a stand-alone server "SERVER" in
 * WORKGROUP, with extended session security, 128-bit keys, signing and sealing. */
static unsigned long make_challenge(unsigned char *msg)
{
    static const unsigned char challenge[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const unsigned long flags =
        0x00000001 /* UNICODE */ | 0x00000004 /* REQUEST_TARGET */ | 0x00000010 /* SIGN */ |
        0x00000020 /* SEAL */ | 0x00000200 /* NTLM */ | 0x00008000 /* ALWAYS_SIGN */ |
        0x00010000 /* TARGET_TYPE_DOMAIN */ | 0x00080000 /* EXTENDED_SESSIONSECURITY */ |
        0x00800000 /* TARGET_INFO */ | 0x20000000 /* 128 */ | 0x40000000 /* KEY_EXCH */ |
        0x80000000 /* 56 */;
    unsigned offset = 48, name_len, info_len = 0, n;

    memset(msg, 0, 256);
    memcpy(msg, ntlm_signature, 8);
    put32(msg + 8, 2);
    name_len = put_utf16(msg + offset, NTLM_DOMAIN);
    put16(msg + 12, name_len);
    put16(msg + 14, name_len);
    put32(msg + 16, offset);
    put32(msg + 20, flags);
    memcpy(msg + 24, challenge, 8);
    offset += name_len;
    /* AV pairs: NetBIOS domain (2), NetBIOS computer (1), end (0). */
    n = put_utf16(msg + offset + info_len + 4, NTLM_DOMAIN);
    put16(msg + offset + info_len, 2);
    put16(msg + offset + info_len + 2, n);
    info_len += 4 + n;
    n = put_utf16(msg + offset + info_len + 4, "SERVER");
    put16(msg + offset + info_len, 1);
    put16(msg + offset + info_len + 2, n);
    info_len += 4 + n;
    info_len += 4; /* MsvAvEOL */
    put16(msg + 40, info_len);
    put16(msg + 42, info_len);
    put32(msg + 44, offset);
    return offset + info_len;
}

static int contains_utf16(const SecBuffer *token, const char *ascii)
{
    unsigned char pattern[64];
    unsigned n = put_utf16(pattern, ascii);
    unsigned long i;
    const unsigned char *p = token->pvBuffer;

    for (i = 0; i + n <= token->cbBuffer; i++)
        if (!memcmp(p + i, pattern, n))
            return 1;
    return 0;
}

/* Per-message calls on a client context that finished its handshake. */
static void test_client_messages(CtxtHandle *ctx)
{
    SecPkgContext_Sizes sizes;
    unsigned char data[32] = "sspishim ntlm message", original[32], signature[64];
    SecBuffer buffers[2];
    SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
    SECURITY_STATUS status;

    memset(&sizes, 0, sizeof(sizes));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_SIZES, &sizes);
    ok(status == SEC_E_OK, "SECPKG_ATTR_SIZES: 0x%08lx\n", (unsigned long)status);
    ok(sizes.cbMaxSignature == 16, "cbMaxSignature %lu\n", (unsigned long)sizes.cbMaxSignature);
    ok(sizes.cbMaxToken > 0, "cbMaxToken %lu\n", (unsigned long)sizes.cbMaxToken);

    memcpy(original, data, sizeof(data));
    buffers[0].BufferType = SECBUFFER_DATA;
    buffers[0].cbBuffer = sizeof(data);
    buffers[0].pvBuffer = data;
    buffers[1].BufferType = SECBUFFER_TOKEN;
    buffers[1].cbBuffer = sizeof(signature);
    buffers[1].pvBuffer = signature;
    status = MakeSignature(ctx, 0, &desc, 0);
    ok(status == SEC_E_OK, "MakeSignature: 0x%08lx\n", (unsigned long)status);
    ok(buffers[1].cbBuffer == 16, "signature of %lu bytes\n", (unsigned long)buffers[1].cbBuffer);
    ok(signature[0] == 1 && !signature[1] && !signature[2] && !signature[3],
       "signature version %02x%02x%02x%02x\n", signature[0], signature[1], signature[2],
       signature[3]);
    ok(!memcmp(data, original, sizeof(data)), "MakeSignature changed the data\n");

    buffers[1].cbBuffer = sizeof(signature);
    status = EncryptMessage(ctx, 0, &desc, 1);
    ok(status == SEC_E_OK, "EncryptMessage: 0x%08lx\n", (unsigned long)status);
    ok(memcmp(data, original, sizeof(data)) != 0, "EncryptMessage left the data in clear\n");
    ok(buffers[1].cbBuffer == 16, "seal token of %lu bytes\n", (unsigned long)buffers[1].cbBuffer);
}

/* The server's first leg, where the system can run it: its CHALLENGE_MESSAGE goes to *challenge
 * and the server context stays open for the last leg. */
static int server_challenge(CredHandle *server_cred, CtxtHandle *server_ctx, token_io *io,
                            const SecBuffer *negotiate_msg, unsigned char *challenge,
                            unsigned long *challenge_len)
{
    TimeStamp expiry;
    ULONG attrs = 0;
    SECURITY_STATUS status;

    status = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"NTLM", SECPKG_CRED_INBOUND, NULL, NULL,
                                       NULL, NULL, server_cred, &expiry);
    if (status != SEC_E_OK) {
        skip("no NTLM server credential (0x%08lx)\n", (unsigned long)status);
        return 0;
    }
    set_input(io, negotiate_msg->pvBuffer, negotiate_msg->cbBuffer);
    reset_output(io);
    status = AcceptSecurityContext(server_cred, NULL, &io->in_desc, ASC_REQ_CONNECTION, 0,
                                   server_ctx, &io->out_desc, &attrs, &expiry);
    if (status != SEC_I_CONTINUE_NEEDED) {
        skip("NTLM server side unavailable (0x%08lx)\n", (unsigned long)status);
        FreeCredentialsHandle(server_cred);
        return 0;
    }
    ok(message_type(&io->out_buf) == 2, "server token is not a CHALLENGE_MESSAGE\n");
    memcpy(challenge, io->out, io->out_buf.cbBuffer);
    *challenge_len = io->out_buf.cbBuffer;
    return 1;
}

/* The server's last leg. A made-up user cannot log on: Wine's NTLM asks winbindd, which knows no
 * such account (or is not running), so only a definite refusal is expected. */
static void server_authenticate(CredHandle *server_cred, CtxtHandle *server_ctx, token_io *io,
                                const SecBuffer *authenticate_msg)
{
    TimeStamp expiry;
    ULONG attrs = 0;
    CtxtHandle next = *server_ctx;
    SECURITY_STATUS status;

    set_input(io, authenticate_msg->pvBuffer, authenticate_msg->cbBuffer);
    reset_output(io);
    status = AcceptSecurityContext(server_cred, server_ctx, &io->in_desc, ASC_REQ_CONNECTION, 0,
                                   &next, &io->out_desc, &attrs, &expiry);
    trace("server's last leg for a made-up user: 0x%08lx\n", (unsigned long)status);
    ok(status == SEC_E_LOGON_DENIED || status == SEC_E_INTERNAL_ERROR || status == SEC_E_OK,
       "last ASC: 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        skip("no NTLM logon for a made-up user without a configured domain (0x%08lx)\n",
             (unsigned long)status);
    DeleteSecurityContext(server_ctx);
    ok(FreeCredentialsHandle(server_cred) == SEC_E_OK, "FreeCredentialsHandle (server)\n");
}

static void test_ntlm(void)
{
    CredHandle cred, server_cred;
    CtxtHandle ctx, next, server_ctx;
    TimeStamp expiry;
    PSecPkgInfoA info = NULL;
    static token_io io;
    SecBuffer client_token;
    static unsigned char client_token_copy[TOKEN_SIZE];
    unsigned char challenge[256];
    unsigned long challenge_len;
    ULONG attrs = 0;
    int have_server;
    SECURITY_STATUS status;

    status = QuerySecurityPackageInfoA((SEC_CHAR *)"NTLM", &info);
    if (status == SEC_E_SECPKG_NOT_FOUND) {
        skip("no NTLM package: Wine's msv1_0 needs ntlm_auth (Debian package winbind)\n");
        return;
    }
    ok(status == SEC_E_OK, "QuerySecurityPackageInfoA(NTLM): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return;
    ok(info->wRPCID == RPC_C_AUTHN_WINNT, "NTLM rpc id %u\n", info->wRPCID);
    ok(!strcmp(info->Name, "NTLM"), "name %s\n", info->Name);
    FreeContextBuffer(info);

    status = client_credential("NTLM", &cred);
    ok(status == SEC_E_OK, "AcquireCredentialsHandleA(NTLM): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return;

    status = client_first_leg(&cred, &ctx, &io);
    ok(status == SEC_I_CONTINUE_NEEDED, "first ISC: 0x%08lx\n", (unsigned long)status);
    if (status != SEC_I_CONTINUE_NEEDED) {
        FreeCredentialsHandle(&cred);
        return;
    }
    ok(message_type(&io.out_buf) == 1, "first token is not an NTLMSSP NEGOTIATE_MESSAGE\n");
    memcpy(client_token_copy, io.out, io.out_buf.cbBuffer);
    client_token.cbBuffer = io.out_buf.cbBuffer;
    client_token.pvBuffer = client_token_copy;
    client_token.BufferType = SECBUFFER_TOKEN;

    /* The server's challenge where it has a server side, else one made here. */
    have_server =
        server_challenge(&server_cred, &server_ctx, &io, &client_token, challenge, &challenge_len);
    if (!have_server)
        challenge_len = make_challenge(challenge);
    set_input(&io, challenge, challenge_len);
    reset_output(&io);
    next = ctx;
    status = InitializeSecurityContextA(&cred, &ctx, (SEC_CHAR *)"HTTP/server.example",
                                        REQUEST_FLAGS, 0, SECURITY_NETWORK_DREP, &io.in_desc, 0,
                                        &next, &io.out_desc, &attrs, &expiry);
    ok(status == SEC_E_OK, "second ISC: 0x%08lx\n", (unsigned long)status);
    /* Wine's builtin hands out a new handle on every leg. */
    todo_wine ok(next.dwLower == ctx.dwLower && next.dwUpper == ctx.dwUpper,
                 "the context handle changed on the second leg\n");
    ctx = next;
    if (status == SEC_E_OK) {
        ok(message_type(&io.out_buf) == 3, "second token is not an AUTHENTICATE_MESSAGE\n");
        ok(contains_utf16(&io.out_buf, NTLM_USER), "AUTHENTICATE_MESSAGE lacks the user name\n");
        client_token.cbBuffer = io.out_buf.cbBuffer;
        memcpy(client_token_copy, io.out, io.out_buf.cbBuffer);
        test_client_messages(&ctx);
        if (have_server)
            server_authenticate(&server_cred, &server_ctx, &io, &client_token);
    } else if (have_server) {
        DeleteSecurityContext(&server_ctx);
        FreeCredentialsHandle(&server_cred);
    }
    ok(DeleteSecurityContext(&ctx) == SEC_E_OK, "DeleteSecurityContext\n");
    ok(FreeCredentialsHandle(&cred) == SEC_E_OK, "FreeCredentialsHandle\n");
    if (!winetest_builtin_secur32()) { /* Wine's builtin reads freed memory here */
        ok(DeleteSecurityContext(&ctx) == SEC_E_INVALID_HANDLE, "deleted context still valid\n");
        ok(FreeCredentialsHandle(&cred) == SEC_E_INVALID_HANDLE, "freed credential still valid\n");
    }
}

/* Negotiate picks Kerberos or NTLM; without a KDC the first token is NTLM's (Wine sends it
 * bare, Windows inside SPNEGO). */
static void test_negotiate(void)
{
    CredHandle cred;
    CtxtHandle ctx;
    static token_io io;
    const unsigned char *token;
    SECURITY_STATUS status;

    status = client_credential("Negotiate", &cred);
    if (status == SEC_E_SECPKG_NOT_FOUND) {
        skip("no Negotiate package\n");
        return;
    }
    ok(status == SEC_E_OK, "AcquireCredentialsHandleA(Negotiate): 0x%08lx\n",
       (unsigned long)status);
    if (status != SEC_E_OK)
        return;
    status = client_first_leg(&cred, &ctx, &io);
    ok(status == SEC_I_CONTINUE_NEEDED, "Negotiate ISC: 0x%08lx\n", (unsigned long)status);
    if (status == SEC_I_CONTINUE_NEEDED) {
        token = io.out;
        ok(io.out_buf.cbBuffer > 0, "empty Negotiate token\n");
        ok(message_type(&io.out_buf) == 1 || token[0] == 0x60,
           "Negotiate token is neither NTLMSSP nor SPNEGO (%02x)\n", token[0]);
        ok(DeleteSecurityContext(&ctx) == SEC_E_OK, "DeleteSecurityContext (Negotiate)\n");
    }
    ok(FreeCredentialsHandle(&cred) == SEC_E_OK, "FreeCredentialsHandle (Negotiate)\n");
}

START_TEST(ntlm)
{
    test_ntlm();
    test_negotiate();
}

#else

START_TEST(ntlm)
{
    skip("NTLM and Negotiate are the system's packages: none natively\n");
}

#endif
