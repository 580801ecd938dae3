/* Arbitrary SecBufferDesc shapes against the handshake calls, EncryptMessage, DecryptMessage and
 * QueryContextAttributes. The input chooses the call, then for each descriptor its version,
 * count and buffers (type and flags, size, NULL or not, contents: the input's bytes or a real
 * token of the call's kind). Every buffer, the SecBuffer array and each attribute structure is
 * its own allocation of the exact size, so that AddressSanitizer sees any access beyond them.
 * What the package returns must lie inside the caller's buffers or be its own allocation. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BUFFERS 12

enum operation { OP_ISC_FIRST, OP_ISC_NEXT, OP_ASC, OP_ENCRYPT, OP_DECRYPT, OP_QUERY, OP_COUNT };

typedef struct shaped_desc {
    SecBufferDesc desc;
    int present; /* 0: the call gets NULL */
    ULONG count; /* SecBuffers allocated */
    void *memory[MAX_BUFFERS];
    size_t size[MAX_BUFFERS];
} shaped_desc;

static void must(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_buffers: %s\n", what);
        abort();
    }
}

/* Reads every byte so that AddressSanitizer checks the range. */
static void touch(const void *data, size_t len)
{
    const volatile uint8_t *bytes = data;
    size_t i;
    uint8_t sum = 0;
    for (i = 0; i < len; i++)
        sum ^= bytes[i];
    (void)sum;
}

/* Shape byte: low 4 bits the count, then: wrong version, NULL pBuffers, NULL descriptor, and a
 * huge cBuffers (only ever with NULL pBuffers: a count beyond the array is the caller's bug). */
static void shape_desc(shaped_desc *d, fuzz_input *in, const loop_pipe *real)
{
    uint8_t shape = fuzz_byte(in);
    ULONG i;

    memset(d, 0, sizeof(*d));
    d->present = !(shape & 0x40);
    d->desc.ulVersion = shape & 0x10 ? fuzz_byte(in) : SECBUFFER_VERSION;
    d->count = (shape & 0x0f) % (MAX_BUFFERS + 1);
    d->desc.cBuffers = d->count;
    if (shape & 0x20 || !d->count) {
        d->desc.cBuffers = shape & 0x80 ? 0xffffffffu : d->count;
        d->count = 0;
        return;
    }
    d->desc.pBuffers = calloc(d->count, sizeof(SecBuffer));
    must(d->desc.pBuffers != NULL, "out of memory");
    for (i = 0; i < d->count; i++) {
        SecBuffer *b = &d->desc.pBuffers[i];
        uint8_t type = fuzz_byte(in);
        uint16_t size = fuzz_u16(in);
        unsigned source = size >> 14; /* 0, 3: the input's bytes; 1: real token; 2: its start */
        const uint8_t *bytes = NULL;
        size_t len = size & 0x3fff, avail;

        b->BufferType = (ULONG)(type & 0x1f);
        if (type & 0x20)
            b->BufferType |= SECBUFFER_READONLY;
        if (type & 0x40)
            b->BufferType |= SECBUFFER_READONLY_WITH_CHECKSUM;
        if (source == 1 && real->len)
            len = real->len;
        else if (source == 2 && real->len && len > real->len)
            len = real->len;
        b->cbBuffer = (ULONG)len;
        if (type & 0x80)
            continue; /* NULL pvBuffer, with the size */
        d->memory[i] = malloc(len);
        must(d->memory[i] != NULL || !len, "out of memory");
        d->size[i] = len;
        b->pvBuffer = d->memory[i];
        if ((source == 1 || source == 2) && real->len) {
            memcpy(b->pvBuffer, real->data, len);
            continue;
        }
        avail = fuzz_take(in, len, &bytes);
        if (len)
            memset(b->pvBuffer, 0, len);
        if (avail)
            memcpy(b->pvBuffer, bytes, avail);
    }
}

static int inside(const shaped_desc *d, const void *pv, size_t cb)
{
    ULONG i;
    for (i = 0; i < d->count; i++) {
        const uint8_t *start = d->memory[i];
        if (start && (const uint8_t *)pv >= start && (const uint8_t *)pv + cb <= start + d->size[i])
            return 1;
    }
    return 0;
}

static int points_into(const shaped_desc *d, const void *pv)
{
    ULONG i;
    for (i = 0; i < d->count; i++) {
        const uint8_t *start = d->memory[i];
        if (start && (const uint8_t *)pv >= start && (const uint8_t *)pv <= start + d->size[i])
            return 1;
    }
    return 0;
}

static int carries_bytes(ULONG type)
{
    switch (type & ~SECBUFFER_ATTRMASK) {
    case SECBUFFER_DATA:
    case SECBUFFER_TOKEN:
    case SECBUFFER_EXTRA:
    case SECBUFFER_STREAM_HEADER:
    case SECBUFFER_STREAM_TRAILER:
    case SECBUFFER_ALERT:
        return 1;
    default:
        return 0;
    }
}

/* How the package may hand out memory in a descriptor: never (input), only in place of a NULL
 * pvBuffer (output; Windows allocates those even unasked), or anywhere (ALLOCATE_MEMORY). */
enum package_memory { NEVER, FOR_NULL, ALLOCATE };

/* Checks what the call left in the descriptor (against both descriptors' memory, since
 * DecryptMessage points into its input), frees what the package allocated, then ours. A
 * handshake call's EXTRA gives only a count (its pointer is left as it was), so it is not
 * checked there. */
static void finish_desc(shaped_desc *d, const shaped_desc *other, enum package_memory memory,
                        int extra_points)
{
    ULONG i;
    for (i = 0; i < d->count; i++) {
        SecBuffer *b = &d->desc.pBuffers[i];
        int ours = points_into(d, b->pvBuffer) || points_into(other, b->pvBuffer);
        if (!b->pvBuffer || !carries_bytes(b->BufferType))
            continue;
        if ((b->BufferType & ~SECBUFFER_ATTRMASK) == SECBUFFER_EXTRA && !extra_points)
            continue;
        if (ours) {
            must(inside(d, b->pvBuffer, b->cbBuffer) || inside(other, b->pvBuffer, b->cbBuffer),
                 "a returned buffer runs past the caller's memory");
            touch(b->pvBuffer, b->cbBuffer);
        } else {
            int allowed = memory == ALLOCATE || (memory == FOR_NULL && !d->memory[i]);
            if (!allowed)
                fprintf(stderr, "buffer %u: type 0x%x, %u bytes at %p\n", (unsigned)i,
                        (unsigned)b->BufferType, (unsigned)b->cbBuffer, b->pvBuffer);
            must(allowed, "a returned buffer points to memory the caller never gave");
            touch(b->pvBuffer, b->cbBuffer);
            FreeContextBuffer(b->pvBuffer);
        }
    }
    for (i = 0; i < d->count; i++)
        free(d->memory[i]);
    free(d->desc.pBuffers);
}

/* ----------------------------------------------------------------- real tokens and contexts */

/* A ClientHello, made once (the server side's real token). */
static const loop_pipe *client_hello(void)
{
    static loop_pipe hello;
    if (!hello.len) {
        loop_side client;
        size_t extra;
        fuzz_client_init(&client, FUZZ_CLIENT_VALIDATE);
        must(fuzz_handshake_call(&client, NULL, 0, &hello, &extra) == SEC_I_CONTINUE_NEEDED,
             "ClientHello");
        loop_side_free(&client);
    }
    return &hello;
}

typedef struct connection {
    int up;
    loop_side client, server;
} connection;

static connection conn;

static connection *get_connection(void)
{
    if (!conn.up) {
        fuzz_connect(&conn.client, &conn.server, FUZZ_CLIENT_TLS13);
        conn.up = 1;
    }
    return &conn;
}

/* After a failed call: keeps the connection only if records still go both ways. */
static void check_connection(void)
{
    static const char ping[] = "ping";
    loop_side *sides[2] = {&conn.client, &conn.server};
    int i, healthy = 1;

    for (i = 0; i < 2 && healthy; i++) {
        loop_pipe got = {0};
        loop_pipe_consume(&sides[1 - i]->in, sides[1 - i]->in.len);
        healthy = loop_send(sides[i], sides[1 - i], ping, sizeof(ping)) == SEC_E_OK &&
                  loop_receive(sides[1 - i], 0, &got) == SEC_E_OK && got.len == sizeof(ping) &&
                  memcmp(got.data, ping, sizeof(ping)) == 0;
        loop_pipe_free(&got);
    }
    if (!healthy) {
        loop_side_free(&conn.client);
        loop_side_free(&conn.server);
        conn.up = 0;
    }
}

/* ----------------------------------------------------------------- the calls */

typedef struct query_kind {
    ULONG attribute;
    size_t size;
} query_kind;

static const query_kind queries[] = {
    {SECPKG_ATTR_STREAM_SIZES, sizeof(SecPkgContext_StreamSizes)},
    {SECPKG_ATTR_CONNECTION_INFO, sizeof(SecPkgContext_ConnectionInfo)},
    {SECPKG_ATTR_CONNECTION_INFO_EX, sizeof(SecPkgContext_ConnectionInfoEx)},
    {SECPKG_ATTR_CIPHER_INFO, sizeof(SecPkgContext_CipherInfo)},
    {SECPKG_ATTR_KEY_INFO, sizeof(SecPkgContext_KeyInfoA)},
    {SECPKG_ATTR_SESSION_INFO, sizeof(SecPkgContext_SessionInfo)},
    {SECPKG_ATTR_REMOTE_CERT_CONTEXT, sizeof(PCCERT_CONTEXT)},
    {SECPKG_ATTR_LOCAL_CERT_CONTEXT, sizeof(PCCERT_CONTEXT)},
    {SECPKG_ATTR_ENDPOINT_BINDINGS, sizeof(SecPkgContext_Bindings)},
    {SECPKG_ATTR_UNIQUE_BINDINGS, sizeof(SecPkgContext_Bindings)},
    {SECPKG_ATTR_APPLICATION_PROTOCOL, sizeof(SecPkgContext_ApplicationProtocol)},
    {SECPKG_ATTR_ISSUER_LIST_EX, sizeof(SecPkgContext_IssuerListInfoEx)},
    {SECPKG_ATTR_SUPPORTED_SIGNATURES, sizeof(SecPkgContext_SupportedSignatures)},
    {SECPKG_ATTR_SIZES, sizeof(SecPkgContext_Sizes)},
    {SECPKG_ATTR_REMOTE_CERT_CHAIN, sizeof(PCCERT_CONTEXT)},
    {SECPKG_ATTR_KEYING_MATERIAL, sizeof(SecPkgContext_KeyingMaterial)},
    {SECPKG_ATTR_DTLS_MTU, sizeof(SEC_DTLS_MTU)},
};

/* Frees what a successful query allocated. */
static void release_query(ULONG attribute, void *result)
{
    switch (attribute) {
    case SECPKG_ATTR_KEY_INFO: {
        SecPkgContext_KeyInfoA *info = result;
        FreeContextBuffer(info->sSignatureAlgorithmName);
        FreeContextBuffer(info->sEncryptAlgorithmName);
        break;
    }
    case SECPKG_ATTR_REMOTE_CERT_CONTEXT:
    case SECPKG_ATTR_REMOTE_CERT_CHAIN:
    case SECPKG_ATTR_LOCAL_CERT_CONTEXT:
        CertFreeCertificateContext(*(PCCERT_CONTEXT *)result);
        break;
    case SECPKG_ATTR_KEYING_MATERIAL: {
        SecPkgContext_KeyingMaterial *keying = result;
        touch(keying->pbKeyingMaterial, keying->cbKeyingMaterial);
        FreeContextBuffer(keying->pbKeyingMaterial);
        break;
    }
    case SECPKG_ATTR_ENDPOINT_BINDINGS:
    case SECPKG_ATTR_UNIQUE_BINDINGS: {
        SecPkgContext_Bindings *bindings = result;
        touch(bindings->Bindings, bindings->BindingsLength);
        FreeContextBuffer(bindings->Bindings);
        break;
    }
    case SECPKG_ATTR_ISSUER_LIST_EX:
        FreeContextBuffer(((SecPkgContext_IssuerListInfoEx *)result)->aIssuers);
        break;
    case SECPKG_ATTR_SUPPORTED_SIGNATURES:
        FreeContextBuffer(
            ((SecPkgContext_SupportedSignatures *)result)->pSignatureAndHashAlgorithms);
        break;
    default:
        break;
    }
}

/* A known attribute (by index, or by number) into a structure of its exact size, any other
 * number into a one-byte buffer (which it must not write); on either side, A or W entry. */
static void query(fuzz_input *in)
{
    uint8_t choice = fuzz_byte(in);
    connection *c = get_connection();
    CtxtHandle *ctx = choice & 0x80 ? &c->server.ctx : &c->client.ctx;
    size_t known = choice & 0x3f;
    ULONG attribute;
    size_t size = 1;
    void *result;
    SECURITY_STATUS status;

    attribute = known < ARRAYSIZE(queries) ? queries[known].attribute : fuzz_u16(in);
    for (known = 0; known < ARRAYSIZE(queries); known++) {
        if (queries[known].attribute == attribute)
            size = queries[known].size;
    }
    result = calloc(1, size);
    must(result != NULL, "out of memory");
    status = choice & 0x40 ? QueryContextAttributesW(ctx, attribute, result)
                           : QueryContextAttributesA(ctx, attribute, result);
    if (status == SEC_E_OK)
        release_query(attribute, result);
    free(result);
}

static void handshake_call(enum operation op, fuzz_input *in)
{
    uint8_t flags = fuzz_byte(in);
    ULONG alloc = flags & 1 ? ISC_REQ_ALLOCATE_MEMORY : 0; /* = ASC_REQ_ALLOCATE_MEMORY */
    loop_side side, server;
    loop_pipe real = {0};
    shaped_desc input, output;
    size_t extra;
    SECURITY_STATUS status;
    ULONG attrs;

    if (op == OP_ISC_NEXT) {
        /* A server's real answer to this client's hello. */
        loop_pipe hello = {0};
        fuzz_client_init(&side, (enum fuzz_client_kind)(flags >> 1));
        must(fuzz_handshake_call(&side, NULL, 0, &hello, &extra) == SEC_I_CONTINUE_NEEDED,
             "ClientHello");
        fuzz_server_init(&server);
        fuzz_handshake_call(&server, hello.data, hello.len, &real, &extra);
        loop_side_free(&server);
        loop_pipe_free(&hello);
    } else if (op == OP_ISC_FIRST) {
        fuzz_client_init(&side, (enum fuzz_client_kind)(flags >> 1));
    } else {
        fuzz_server_init(&side);
        real = *client_hello();
    }
    shape_desc(&input, in, &real);
    shape_desc(&output, in, &real);
    if (side.is_server)
        status = AcceptSecurityContext(&side.cred, NULL, input.present ? &input.desc : NULL,
                                       side.req | alloc, 0, &side.ctx,
                                       output.present ? &output.desc : NULL, &attrs, NULL);
    else
        status = InitializeSecurityContextA(&side.cred, side.has_ctx ? &side.ctx : NULL,
                                            (SEC_CHAR *)side.target, side.req | alloc, 0, 0,
                                            input.present ? &input.desc : NULL, 0, &side.ctx,
                                            output.present ? &output.desc : NULL, &attrs, NULL);
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
        side.has_ctx = 1;
    finish_desc(&input, &output, NEVER, 0);
    finish_desc(&output, &input, alloc ? ALLOCATE : FOR_NULL, 0);
    loop_side_free(&side);
    if (op != OP_ASC)
        loop_pipe_free(&real);
}

static void message_call(enum operation op, fuzz_input *in)
{
    uint8_t flags = fuzz_byte(in);
    connection *c = get_connection();
    loop_pipe real = {0};
    shaped_desc desc, none;
    SECURITY_STATUS status;
    ULONG qop = 0;

    memset(&none, 0, sizeof(none));
    if (op == OP_DECRYPT) {
        /* A real record from the server, for the client to decrypt. */
        static const char text[] = "one real application record";
        must(loop_send(&c->server, &c->client, text, sizeof(text)) == SEC_E_OK, "EncryptMessage");
        real = c->client.in;
    }
    shape_desc(&desc, in, &real);
    if (op == OP_ENCRYPT)
        status = EncryptMessage(&c->client.ctx, flags & 1 ? SECQOP_WRAP_NO_ENCRYPT : 0,
                                desc.present ? &desc.desc : NULL, 0);
    else
        status = DecryptMessage(&c->client.ctx, desc.present ? &desc.desc : NULL, 0, &qop);
    finish_desc(&desc, &none, NEVER, 1);
    loop_pipe_consume(&c->client.in, c->client.in.len);
    if (status != SEC_E_OK)
        check_connection();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    enum operation op = (enum operation)(fuzz_byte(&in) % OP_COUNT);

    switch (op) {
    case OP_ISC_FIRST:
    case OP_ISC_NEXT:
    case OP_ASC:
        handshake_call(op, &in);
        break;
    case OP_ENCRYPT:
    case OP_DECRYPT:
        message_call(op, &in);
        break;
    default:
        query(&in);
        break;
    }
    return 0;
}
