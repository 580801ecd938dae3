/* NTLM and Negotiate through secur32: Windows (and Wine) host these packages outside Schannel;
 * a replacement secur32 must still reach them. The client side runs against a server message
 * built here. The round trip (client and server contexts of this process) needs an account the
 * server accepts: SSPISHIM_NTLM_PASSWORD (and optionally SSPISHIM_NTLM_USER and _DOMAIN) names
 * it. Under Wine the test runner sets it and makes ntlm_auth accept that password
 * (tools/ntlm-auth-local.sh); elsewhere the round trip is skipped with the reason. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#ifdef _WIN32

#define NTLM_USER     "sspishim-test"
#define NTLM_DOMAIN   "WORKGROUP"
#define NTLM_PASSWORD "Not-A-Real-Secret-1"
#define NTLM_TARGET   "HTTP/server.example"
#define TOKEN_SIZE    4096
#define REQUEST_FLAGS                                                                              \
    (ISC_REQ_CONNECTION | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |    \
     ISC_REQ_SEQUENCE_DETECT)
#define ACCEPT_FLAGS                                                                               \
    (ASC_REQ_CONNECTION | ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT |    \
     ASC_REQ_SEQUENCE_DETECT)
#define MAX_LEGS 6

static const unsigned char ntlm_signature[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

/* Who the client claims to be; `known` when the server is expected to accept it. */
typedef struct ntlm_account {
    const char *user, *domain, *password;
    int known;
} ntlm_account;

static const char *env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);
    return value && *value ? value : fallback;
}

static ntlm_account test_account(void)
{
    ntlm_account account;

    account.user = env_or("SSPISHIM_NTLM_USER", NTLM_USER);
    account.domain = env_or("SSPISHIM_NTLM_DOMAIN", NTLM_DOMAIN);
    account.password = env_or("SSPISHIM_NTLM_PASSWORD", NULL);
    account.known = account.password != NULL;
    if (!account.known)
        account.password = NTLM_PASSWORD;
    return account;
}

/* An outbound credential of `package` for the account's user with `password`. */
static SECURITY_STATUS client_credential(const char *package, const ntlm_account *account,
                                         const char *password, CredHandle *cred)
{
    SEC_WINNT_AUTH_IDENTITY_A id;
    TimeStamp expiry;

    memset(&id, 0, sizeof(id));
    id.User = (unsigned char *)account->user;
    id.UserLength = (unsigned long)strlen(account->user);
    id.Domain = (unsigned char *)account->domain;
    id.DomainLength = (unsigned long)strlen(account->domain);
    id.Password = (unsigned char *)password;
    id.PasswordLength = (unsigned long)strlen(password);
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
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

/* One InitializeSecurityContext leg: the first without a context or input, later ones on *ctx
 * with the peer's token in io->in. The output token lands in io->out_buf. */
static SECURITY_STATUS client_leg(CredHandle *cred, CtxtHandle *ctx, int first, token_io *io)
{
    CtxtHandle next = *ctx;
    TimeStamp expiry;
    ULONG attrs = 0;
    SECURITY_STATUS status;

    reset_output(io);
    status = InitializeSecurityContextA(
        cred, first ? NULL : ctx, (SEC_CHAR *)NTLM_TARGET, REQUEST_FLAGS, 0, SECURITY_NETWORK_DREP,
        first ? NULL : &io->in_desc, 0, &next, &io->out_desc, &attrs, &expiry);
    *ctx = next;
    return status;
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
    unsigned char pattern[256];
    unsigned n;
    unsigned long i;
    const unsigned char *p = token->pvBuffer;

    if (strlen(ascii) > sizeof(pattern) / 2)
        return 0;
    n = put_utf16(pattern, ascii);
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

/* A client and a server context of one package in this process, and how their handshake went. */
typedef struct ntlm_pair {
    CredHandle client_cred, server_cred;
    CtxtHandle client, server;
    int have_client_cred, have_server_cred, have_client, have_server;
    SECURITY_STATUS client_status, server_status;
    unsigned long tokens, challenge_type;
} ntlm_pair;

static SECURITY_STATUS server_leg(ntlm_pair *pair, token_io *io)
{
    CtxtHandle next = pair->server;
    TimeStamp expiry;
    ULONG attrs = 0;
    SECURITY_STATUS status;

    reset_output(io);
    status = AcceptSecurityContext(&pair->server_cred, pair->have_server ? &pair->server : NULL,
                                   &io->in_desc, ACCEPT_FLAGS, SECURITY_NETWORK_DREP, &next,
                                   &io->out_desc, &attrs, &expiry);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED || pair->have_server) {
        pair->server = next;
        pair->have_server = 1;
    }
    return status;
}

/* Passes tokens between the two sides until both are done or one fails. Every token is
 * counted; the server's first one is kept by NTLM message type (0 when it is not bare NTLMSSP). */
static void run_handshake(ntlm_pair *pair)
{
    static token_io io;
    int leg;

    pair->client_status = client_leg(&pair->client_cred, &pair->client, 1, &io);
    pair->have_client =
        pair->client_status == SEC_E_OK || pair->client_status == SEC_I_CONTINUE_NEEDED;
    pair->server_status = SEC_I_CONTINUE_NEEDED;
    for (leg = 0; leg < MAX_LEGS && pair->have_client; leg++) {
        if (FAILED(pair->client_status) || !io.out_buf.cbBuffer)
            break;
        pair->tokens++;
        set_input(&io, io.out, io.out_buf.cbBuffer);
        pair->server_status = server_leg(pair, &io);
        if (FAILED(pair->server_status) || !io.out_buf.cbBuffer)
            break;
        pair->tokens++;
        if (pair->tokens == 2)
            pair->challenge_type = message_type(&io.out_buf);
        if (pair->client_status == SEC_E_OK)
            break;
        set_input(&io, io.out, io.out_buf.cbBuffer);
        pair->client_status = client_leg(&pair->client_cred, &pair->client, 0, &io);
    }
}

/* Both credentials of `package`; 0 (with the reason skipped) where the system has no server. */
static int open_pair(ntlm_pair *pair, const char *package, const ntlm_account *account,
                     const char *password)
{
    TimeStamp expiry;
    SECURITY_STATUS status;

    memset(pair, 0, sizeof(*pair));
    status = client_credential(package, account, password, &pair->client_cred);
    ok(status == SEC_E_OK, "%s client credential: 0x%08lx\n", package, (unsigned long)status);
    pair->have_client_cred = status == SEC_E_OK;
    status = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)package, SECPKG_CRED_INBOUND, NULL, NULL,
                                       NULL, NULL, &pair->server_cred, &expiry);
    if (status != SEC_E_OK)
        skip("no %s server credential (0x%08lx)\n", package, (unsigned long)status);
    pair->have_server_cred = status == SEC_E_OK;
    return pair->have_client_cred && pair->have_server_cred;
}

/* A context whose last leg failed may already be gone; only a finished one must delete cleanly. */
static void close_pair(ntlm_pair *pair)
{
    SECURITY_STATUS status;

    if (pair->have_client) {
        status = DeleteSecurityContext(&pair->client);
        if (!FAILED(pair->client_status))
            ok(status == SEC_E_OK, "DeleteSecurityContext (client): 0x%08lx\n",
               (unsigned long)status);
    }
    if (pair->have_server) {
        status = DeleteSecurityContext(&pair->server);
        if (!FAILED(pair->server_status))
            ok(status == SEC_E_OK, "DeleteSecurityContext (server): 0x%08lx\n",
               (unsigned long)status);
    }
    if (pair->have_client_cred)
        ok(FreeCredentialsHandle(&pair->client_cred) == SEC_E_OK, "FreeCredentialsHandle\n");
    if (pair->have_server_cred)
        ok(FreeCredentialsHandle(&pair->server_cred) == SEC_E_OK,
           "FreeCredentialsHandle (server)\n");
}

/* Wine 8's NTLM server context (msv1_0, which sspishim's DLL hosts as the builtin does) never
 * derives its signing and sealing keys after the last leg: it signs with an all-zero HMAC key and
 * an all-zero RC4 state (so EncryptMessage leaves the data in clear) and cannot check the
 * client's signatures. Nor does that msv1_0 answer SECPKG_ATTR_NAMES or SECPKG_ATTR_SESSION_KEY.
 * Windows does all of this; a Wine that fixes it turns these todos into failures to notice. */
#define todo_msv1_0 todo_if(winetest_on_wine())

typedef struct message {
    unsigned char data[48], token[64];
    SecBuffer buffers[2];
    SecBufferDesc desc;
} message;

static void init_message(message *msg, const char *text)
{
    memset(msg, 0, sizeof(*msg));
    strncpy((char *)msg->data, text, sizeof(msg->data) - 1);
    msg->buffers[0].BufferType = SECBUFFER_TOKEN;
    msg->buffers[0].cbBuffer = sizeof(msg->token);
    msg->buffers[0].pvBuffer = msg->token;
    msg->buffers[1].BufferType = SECBUFFER_DATA;
    msg->buffers[1].cbBuffer = sizeof(msg->data);
    msg->buffers[1].pvBuffer = msg->data;
    msg->desc.ulVersion = SECBUFFER_VERSION;
    msg->desc.cBuffers = 2;
    msg->desc.pBuffers = msg->buffers;
}

/* A signed message from one context checked by the other: accepted, or refused when `altered`
 * on the way. A refusal comes last: the receiver's state after it is not the sender's any more. */
static void check_signed(CtxtHandle *from, CtxtHandle *to, int altered, const char *text)
{
    message msg;
    ULONG qop = 0;
    SECURITY_STATUS status;

    init_message(&msg, text);
    status = MakeSignature(from, 0, &msg.desc, 0);
    ok(status == SEC_E_OK, "%s: MakeSignature 0x%08lx\n", text, (unsigned long)status);
    ok(msg.buffers[0].cbBuffer == 16, "%s: signature of %lu bytes\n", text,
       (unsigned long)msg.buffers[0].cbBuffer);
    if (altered)
        msg.data[0] ^= 1;
    status = VerifySignature(to, &msg.desc, 0, &qop);
    todo_if(winetest_on_wine() && !altered)
        ok(status == (altered ? SEC_E_MESSAGE_ALTERED : SEC_E_OK), "%s: VerifySignature 0x%08lx\n",
           text, (unsigned long)status);
}

/* A sealed message from one context opened by the other. */
static void check_sealed(CtxtHandle *from, CtxtHandle *to, int from_server, const char *text)
{
    message msg;
    ULONG qop = 0;
    SECURITY_STATUS status;

    init_message(&msg, text);
    status = EncryptMessage(from, 0, &msg.desc, 0);
    ok(status == SEC_E_OK, "%s: EncryptMessage 0x%08lx\n", text, (unsigned long)status);
    todo_if(winetest_on_wine() && from_server)
        ok(strcmp((char *)msg.data, text) != 0, "%s: sealed data still in clear\n", text);
    status = DecryptMessage(to, &msg.desc, 0, &qop);
    todo_msv1_0
    {
        ok(status == SEC_E_OK, "%s: DecryptMessage 0x%08lx\n", text, (unsigned long)status);
        ok(!strcmp((char *)msg.data, text), "%s: not opened to the text sent\n", text);
    }
}

/* The server knows who logged on, and both sides hold the same session key. */
static void check_server_view(ntlm_pair *pair, const ntlm_account *account)
{
    SecPkgContext_NamesA names = {0};
    SecPkgContext_SessionKey client_key = {0}, server_key = {0};
    const char *user;
    SECURITY_STATUS status;

    status = QueryContextAttributesA(&pair->server, SECPKG_ATTR_NAMES, &names);
    todo_msv1_0 ok(status == SEC_E_OK, "server SECPKG_ATTR_NAMES: 0x%08lx\n",
                   (unsigned long)status);
    if (status == SEC_E_OK) {
        user = strrchr(names.sUserName, '\\');
        ok(user && !_stricmp(user + 1, account->user), "server sees user %s\n", names.sUserName);
        FreeContextBuffer(names.sUserName);
    }
    status = QueryContextAttributesA(&pair->client, SECPKG_ATTR_SESSION_KEY, &client_key);
    todo_msv1_0 ok(status == SEC_E_OK, "client SECPKG_ATTR_SESSION_KEY: 0x%08lx\n",
                   (unsigned long)status);
    if (status == SEC_E_OK) {
        status = QueryContextAttributesA(&pair->server, SECPKG_ATTR_SESSION_KEY, &server_key);
        ok(status == SEC_E_OK, "server SECPKG_ATTR_SESSION_KEY: 0x%08lx\n", (unsigned long)status);
        ok(client_key.SessionKeyLength == 16 && server_key.SessionKeyLength == 16 &&
               !memcmp(client_key.SessionKey, server_key.SessionKey, 16),
           "session keys of %lu and %lu bytes differ\n", (unsigned long)client_key.SessionKeyLength,
           (unsigned long)server_key.SessionKeyLength);
        FreeContextBuffer(client_key.SessionKey);
        if (server_key.SessionKey)
            FreeContextBuffer(server_key.SessionKey);
    }
}

/* The whole exchange through secur32 with the account's password: accepted, then messages
 * signed and sealed each way. */
static void test_round_trip(const char *package, const ntlm_account *account)
{
    ntlm_pair pair;

    winetest_push_context("%s", package);
    if (open_pair(&pair, package, account, account->password)) {
        run_handshake(&pair);
        ok(pair.client_status == SEC_E_OK, "client's last leg: 0x%08lx\n",
           (unsigned long)pair.client_status);
        ok(pair.server_status == SEC_E_OK, "server's last leg: 0x%08lx\n",
           (unsigned long)pair.server_status);
        if (!strcmp(package, "NTLM"))
            ok(pair.tokens == 3 && pair.challenge_type == 2,
               "%lu tokens, the server's of type %lu\n", pair.tokens, pair.challenge_type);
        if (pair.client_status == SEC_E_OK && pair.server_status == SEC_E_OK) {
            check_server_view(&pair, account);
            check_signed(&pair.client, &pair.server, 0, "signed by the client");
            check_signed(&pair.server, &pair.client, 0, "signed by the server");
            check_sealed(&pair.client, &pair.server, 0, "sealed by the client");
            check_sealed(&pair.server, &pair.client, 1, "sealed by the server");
            check_signed(&pair.client, &pair.server, 0, "signed by the client again");
            check_signed(&pair.client, &pair.server, 1, "altered on the way");
        }
    }
    close_pair(&pair);
    winetest_pop_context();
}

/* A wrong password: the client cannot tell (Windows' Negotiate client still waits for the
 * server's last SPNEGO token), the server refuses the last leg. */
static void test_wrong_password(const char *package, const ntlm_account *account)
{
    char wrong[128];
    ntlm_pair pair;

    winetest_push_context("%s, wrong password", package);
    strncpy(wrong, account->password, sizeof(wrong) - 2);
    wrong[sizeof(wrong) - 2] = 0;
    strcat(wrong, "x");
    if (open_pair(&pair, package, account, wrong)) {
        run_handshake(&pair);
        ok(pair.client_status == SEC_E_OK || pair.client_status == SEC_I_CONTINUE_NEEDED,
           "client's last leg: 0x%08lx\n", (unsigned long)pair.client_status);
        ok(pair.server_status == SEC_E_LOGON_DENIED, "server's last leg: 0x%08lx\n",
           (unsigned long)pair.server_status);
    }
    close_pair(&pair);
    winetest_pop_context();
}

/* The client side alone, against the CHALLENGE_MESSAGE built here. 0 when there is no NTLM
 * package (Wine without ntlm_auth), which Wine's Negotiate needs as well. */
static int test_ntlm_client(const ntlm_account *account)
{
    CredHandle cred;
    CtxtHandle ctx, first;
    PSecPkgInfoA info = NULL;
    static token_io io;
    unsigned char challenge[256];
    SECURITY_STATUS status;

    status = QuerySecurityPackageInfoA((SEC_CHAR *)"NTLM", &info);
    if (status == SEC_E_SECPKG_NOT_FOUND) {
        skip("no NTLM package: Wine's msv1_0 needs ntlm_auth (Debian package winbind)\n");
        return 0;
    }
    ok(status == SEC_E_OK, "QuerySecurityPackageInfoA(NTLM): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return 0;
    ok(info->wRPCID == RPC_C_AUTHN_WINNT, "NTLM rpc id %u\n", info->wRPCID);
    ok(!strcmp(info->Name, "NTLM"), "name %s\n", info->Name);
    FreeContextBuffer(info);

    status = client_credential("NTLM", account, account->password, &cred);
    ok(status == SEC_E_OK, "AcquireCredentialsHandleA(NTLM): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return 1;

    memset(&ctx, 0, sizeof(ctx));
    status = client_leg(&cred, &ctx, 1, &io);
    ok(status == SEC_I_CONTINUE_NEEDED, "first ISC: 0x%08lx\n", (unsigned long)status);
    if (status != SEC_I_CONTINUE_NEEDED) {
        FreeCredentialsHandle(&cred);
        return 1;
    }
    ok(message_type(&io.out_buf) == 1, "first token is not an NTLMSSP NEGOTIATE_MESSAGE\n");

    set_input(&io, challenge, make_challenge(challenge));
    first = ctx;
    status = client_leg(&cred, &ctx, 0, &io);
    ok(status == SEC_E_OK, "second ISC: 0x%08lx\n", (unsigned long)status);
    /* Wine's builtin hands out a new handle on every leg. */
    todo_wine ok(first.dwLower == ctx.dwLower && first.dwUpper == ctx.dwUpper,
                 "the context handle changed on the second leg\n");
    if (status == SEC_E_OK) {
        ok(message_type(&io.out_buf) == 3, "second token is not an AUTHENTICATE_MESSAGE\n");
        ok(contains_utf16(&io.out_buf, account->user),
           "AUTHENTICATE_MESSAGE lacks the user name\n");
        test_client_messages(&ctx);
    }
    ok(DeleteSecurityContext(&ctx) == SEC_E_OK, "DeleteSecurityContext\n");
    ok(FreeCredentialsHandle(&cred) == SEC_E_OK, "FreeCredentialsHandle\n");
    if (!winetest_builtin_secur32()) { /* Wine's builtin reads freed memory here */
        ok(DeleteSecurityContext(&ctx) == SEC_E_INVALID_HANDLE, "deleted context still valid\n");
        ok(FreeCredentialsHandle(&cred) == SEC_E_INVALID_HANDLE, "freed credential still valid\n");
    }
    return 1;
}

/* Negotiate picks Kerberos or NTLM; without a KDC the first token is NTLM's (Wine sends it
 * bare, Windows inside SPNEGO). */
static void test_negotiate(const ntlm_account *account)
{
    CredHandle cred;
    CtxtHandle ctx;
    static token_io io;
    const unsigned char *token;
    SECURITY_STATUS status;

    status = client_credential("Negotiate", account, account->password, &cred);
    if (status == SEC_E_SECPKG_NOT_FOUND) {
        skip("no Negotiate package\n");
        return;
    }
    ok(status == SEC_E_OK, "AcquireCredentialsHandleA(Negotiate): 0x%08lx\n",
       (unsigned long)status);
    if (status != SEC_E_OK)
        return;
    memset(&ctx, 0, sizeof(ctx));
    status = client_leg(&cred, &ctx, 1, &io);
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
    ntlm_account account = test_account();

    if (!test_ntlm_client(&account))
        return;
    test_negotiate(&account);
    if (!account.known) {
        skip("round trips: no account the NTLM server accepts (set SSPISHIM_NTLM_PASSWORD)\n");
        return;
    }
    test_round_trip("NTLM", &account);
    test_wrong_password("NTLM", &account);
    test_round_trip("Negotiate", &account);
    test_wrong_password("Negotiate", &account);
}

#else

START_TEST(ntlm)
{
    skip("NTLM and Negotiate are the system's packages: none natively\n");
}

#endif
