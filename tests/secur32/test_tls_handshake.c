/* Client/server handshakes for every TLS version and both key types: statuses, granted
 * attributes, CONNECTION_INFO, CIPHER_INFO, STREAM_SIZES and the record EncryptMessage makes. */
#include "tls_fixture.h"

#include <string.h>

typedef struct expect {
    DWORD protocols;  /* SP_PROT_* for both credentials */
    const char *cert; /* server certificate fixture */
    DWORD client_bit, server_bit;
    DWORD wire;       /* CIPHER_INFO.dwProtocol */
    DWORD suite;      /* IANA number */
    const char *name; /* szCipherSuite */
    ULONG header, trailer;
    const char *signature; /* szCertificate */
} expect;

static void wide_eq(const WCHAR *wide, const char *text)
{
    size_t i;
    for (i = 0; text[i]; i++)
        cr_assert_eq(wide[i], (WCHAR)text[i], "at %zu: expected %s", i, text);
    cr_assert_eq(wide[i], 0, "longer than %s", text);
}

/* Sends a record and checks it is exactly header + data + trailer, with the header right. */
static void check_record_layout(fx_pair *pair, const expect *e)
{
    unsigned char buf[64 + 100];
    SecBuffer bufs[4] = {
        {e->header, SECBUFFER_STREAM_HEADER, buf},
        {100, SECBUFFER_DATA, buf + e->header},
        {e->trailer, SECBUFFER_STREAM_TRAILER, buf + e->header + 100},
        {0, SECBUFFER_EMPTY, NULL},
    };
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    ULONG body;

    cr_assert_leq(e->header + 100 + e->trailer, sizeof(buf));
    memset(buf + e->header, 'x', 100);
    cr_assert_eq(EncryptMessage(&pair->client.ctx, 0, &desc, 0), SEC_E_OK);
    cr_assert_eq(bufs[0].cbBuffer, e->header);
    cr_assert_eq(bufs[1].cbBuffer, 100);
    cr_assert_leq(bufs[2].cbBuffer, e->trailer);
    body = bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer - 5;
    cr_assert_eq(buf[0], 23, "application_data record");
    cr_assert_eq(buf[1] << 8 | buf[2], e->wire >= 0x0303 ? 0x0303 : e->wire);
    cr_assert_eq((ULONG)(buf[3] << 8 | buf[4]), body, "record length covers all three buffers");
    if (e->wire >= 0x0303 && strstr(e->name, "GCM"))
        cr_assert_eq(bufs[2].cbBuffer, e->trailer, "an AEAD trailer has a fixed size");
    /* The peer reads it back. */
    loop_pipe_append(&pair->server.in, buf, bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer);
    {
        loop_pipe got = {0};
        cr_assert_eq(loop_receive(&pair->server, 0, &got), SEC_E_OK);
        cr_assert_eq(got.len, 100);
        unsigned char plain[100];
        memset(plain, 'x', sizeof(plain));
        cr_assert_eq(memcmp(got.data, plain, sizeof(plain)), 0);
        loop_pipe_free(&got);
    }
}

static void check_side(loop_side *side, int server, const expect *e)
{
    SecPkgContext_ConnectionInfo conn;
    SecPkgContext_CipherInfo cipher;
    SecPkgContext_StreamSizes sizes;

    memset(&conn, 0xcc, sizeof(conn));
    cr_assert_eq(QueryContextAttributesA(&side->ctx, SECPKG_ATTR_CONNECTION_INFO, &conn), SEC_E_OK);
    cr_assert_eq(conn.dwProtocol, server ? e->server_bit : e->client_bit);
    cr_assert_eq(conn.aiCipher, CALG_AES_256);
    cr_assert_eq(conn.dwCipherStrength, 256);
    cr_assert(conn.aiExch == CALG_ECDH_EPHEM, "aiExch 0x%x", (unsigned)conn.aiExch);

    memset(&cipher, 0, sizeof(cipher)); /* Qt and .NET pass dwVersion 0 */
    cr_assert_eq(QueryContextAttributesW(&side->ctx, SECPKG_ATTR_CIPHER_INFO, &cipher), SEC_E_OK);
    cr_assert_eq(cipher.dwVersion, SECPKGCONTEXT_CIPHERINFO_V1);
    cr_assert_eq(cipher.dwProtocol, e->wire);
    cr_assert_eq(cipher.dwCipherSuite, e->suite, "suite 0x%04x", (unsigned)cipher.dwCipherSuite);
    wide_eq(cipher.szCipherSuite, e->name);
    wide_eq(cipher.szCipher, "AES");
    cr_assert_eq(cipher.dwCipherLen, 256);
    wide_eq(cipher.szCertificate, e->signature);

    memset(&sizes, 0xcc, sizeof(sizes));
    cr_assert_eq(QueryContextAttributesA(&side->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes), SEC_E_OK);
    cr_assert_eq(sizes.cbHeader, e->header);
    cr_assert_eq(sizes.cbTrailer, e->trailer);
    cr_assert_eq(sizes.cbMaximumMessage, 16384);
    cr_assert_eq(sizes.cBuffers, 4);
    cr_assert_eq(sizes.cbBlockSize, 16);
}

static void run(const expect *e)
{
    fx_pair pair;

    fx_open(&pair, e->cert, e->protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_OK);
    cr_assert_eq(pair.client.status, SEC_E_OK);
    cr_assert_eq(pair.server.status, SEC_E_OK);
    /* The four Windows always grants, plus exactly the echoed requests (checklist 31). */
    cr_assert_eq(pair.client.attrs,
                 ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY |
                     ISC_RET_STREAM | ISC_RET_EXTENDED_ERROR | ISC_RET_ALLOCATED_MEMORY,
                 "client attrs 0x%x", (unsigned)pair.client.attrs);
    cr_assert_eq(pair.client.attrs & 0x801C, 0x801C);
    cr_assert_eq(pair.server.attrs,
                 ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY |
                     ASC_RET_STREAM | ASC_RET_EXTENDED_ERROR | ASC_RET_ALLOCATED_MEMORY,
                 "server attrs 0x%x", (unsigned)pair.server.attrs);
    cr_assert_eq(pair.server.attrs & 0x1001C, 0x1001C);
    check_side(&pair.client, 0, e);
    check_side(&pair.server, 1, e);
    check_record_layout(&pair, e);
    fx_close(&pair);
}

#define CBC_SHA_TRAILER (20 + 16) /* HMAC-SHA1 and up to a block of padding */

Test(handshake, tls10_rsa)
{
    expect e = {SP_PROT_TLS1_0,
                "server-rsa",
                SP_PROT_TLS1_0_CLIENT,
                SP_PROT_TLS1_0_SERVER,
                0x0301,
                0xC014,
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                5,
                CBC_SHA_TRAILER,
                "RSA"};
    run(&e);
}

Test(handshake, tls10_ecdsa)
{
    expect e = {SP_PROT_TLS1_0,
                "server-ecdsa",
                SP_PROT_TLS1_0_CLIENT,
                SP_PROT_TLS1_0_SERVER,
                0x0301,
                0xC00A,
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                5,
                CBC_SHA_TRAILER,
                "ECDSA"};
    run(&e);
}

Test(handshake, tls11_rsa)
{
    expect e = {SP_PROT_TLS1_1,
                "server-rsa",
                SP_PROT_TLS1_1_CLIENT,
                SP_PROT_TLS1_1_SERVER,
                0x0302,
                0xC014,
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                5 + 16,
                CBC_SHA_TRAILER,
                "RSA"};
    run(&e);
}

Test(handshake, tls11_ecdsa)
{
    expect e = {SP_PROT_TLS1_1,
                "server-ecdsa",
                SP_PROT_TLS1_1_CLIENT,
                SP_PROT_TLS1_1_SERVER,
                0x0302,
                0xC00A,
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                5 + 16,
                CBC_SHA_TRAILER,
                "ECDSA"};
    run(&e);
}

Test(handshake, tls12_rsa)
{
    expect e = {SP_PROT_TLS1_2,
                "server-rsa",
                SP_PROT_TLS1_2_CLIENT,
                SP_PROT_TLS1_2_SERVER,
                0x0303,
                0xC030,
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                13,
                16,
                "RSA"};
    run(&e);
}

Test(handshake, tls12_ecdsa)
{
    expect e = {SP_PROT_TLS1_2,
                "server-ecdsa",
                SP_PROT_TLS1_2_CLIENT,
                SP_PROT_TLS1_2_SERVER,
                0x0303,
                0xC02C,
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                13,
                16,
                "ECDSA"};
    run(&e);
}

Test(handshake, tls13_rsa)
{
    expect e = {SP_PROT_TLS1_3,
                "server-rsa",
                SP_PROT_TLS1_3_CLIENT,
                SP_PROT_TLS1_3_SERVER,
                0x0304,
                0x1302,
                "TLS_AES_256_GCM_SHA384",
                5,
                17,
                "RSA"};
    run(&e);
}

Test(handshake, tls13_ecdsa)
{
    expect e = {SP_PROT_TLS1_3,
                "server-ecdsa",
                SP_PROT_TLS1_3_CLIENT,
                SP_PROT_TLS1_3_SERVER,
                0x0304,
                0x1302,
                "TLS_AES_256_GCM_SHA384",
                5,
                17,
                "ECDSA"};
    run(&e);
}

/* With TLS 1.2 and 1.3 both enabled, the newest wins. */
Test(handshake, newest_common_version)
{
    expect e = {SP_PROT_TLS1_2 | SP_PROT_TLS1_3,
                "server-rsa",
                SP_PROT_TLS1_3_CLIENT,
                SP_PROT_TLS1_3_SERVER,
                0x0304,
                0x1302,
                "TLS_AES_256_GCM_SHA384",
                5,
                17,
                "RSA"};
    run(&e);
}

/* No version in common: the side that sees it fails with SEC_E_ALGORITHM_MISMATCH. */
Test(handshake, no_common_version)
{
    fx_pair pair;
    PCCERT_CONTEXT cert = fx_cert("server-rsa");

    memset(&pair, 0, sizeof(pair));
    cr_assert_eq(loop_acquire(&pair.server_cred, SECPKG_CRED_INBOUND, cert, SP_PROT_TLS1_3, 0),
                 SEC_E_OK);
    cr_assert_eq(loop_acquire(&pair.client_cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2,
                              SCH_CRED_MANUAL_CRED_VALIDATION),
                 SEC_E_OK);
    loop_side_init(&pair.client, &pair.client_cred, 0, FX_ISC_REQ, "localhost");
    loop_side_init(&pair.server, &pair.server_cred, 1, FX_ASC_REQ, NULL);
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(pair.server.status, SEC_E_ALGORITHM_MISMATCH);
    pair.cert = cert;
    fx_close(&pair);
}
