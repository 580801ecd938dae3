/* Helpers shared by the Schannel conformance units (see schannel_util.h). */
#include "schannel_util.h"

#include "sha256.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sec_status_name(SECURITY_STATUS status)
{
    switch ((ULONG)status) {
    case SEC_E_OK:
        return "SEC_E_OK";
    case SEC_I_CONTINUE_NEEDED:
        return "SEC_I_CONTINUE_NEEDED";
    case SEC_I_CONTEXT_EXPIRED:
        return "SEC_I_CONTEXT_EXPIRED";
    case SEC_I_INCOMPLETE_CREDENTIALS:
        return "SEC_I_INCOMPLETE_CREDENTIALS";
    case SEC_I_RENEGOTIATE:
        return "SEC_I_RENEGOTIATE";
    case SEC_E_INSUFFICIENT_MEMORY:
        return "SEC_E_INSUFFICIENT_MEMORY";
    case SEC_E_INVALID_HANDLE:
        return "SEC_E_INVALID_HANDLE";
    case SEC_E_UNSUPPORTED_FUNCTION:
        return "SEC_E_UNSUPPORTED_FUNCTION";
    case SEC_E_INTERNAL_ERROR:
        return "SEC_E_INTERNAL_ERROR";
    case SEC_E_SECPKG_NOT_FOUND:
        return "SEC_E_SECPKG_NOT_FOUND";
    case SEC_E_INVALID_TOKEN:
        return "SEC_E_INVALID_TOKEN";
    case SEC_E_UNKNOWN_CREDENTIALS:
        return "SEC_E_UNKNOWN_CREDENTIALS";
    case SEC_E_NO_CREDENTIALS:
        return "SEC_E_NO_CREDENTIALS";
    case SEC_E_MESSAGE_ALTERED:
        return "SEC_E_MESSAGE_ALTERED";
    case SEC_E_INCOMPLETE_MESSAGE:
        return "SEC_E_INCOMPLETE_MESSAGE";
    case SEC_E_WRONG_PRINCIPAL:
        return "SEC_E_WRONG_PRINCIPAL";
    case SEC_E_UNTRUSTED_ROOT:
        return "SEC_E_UNTRUSTED_ROOT";
    case SEC_E_ILLEGAL_MESSAGE:
        return "SEC_E_ILLEGAL_MESSAGE";
    case SEC_E_CERT_UNKNOWN:
        return "SEC_E_CERT_UNKNOWN";
    case SEC_E_CERT_EXPIRED:
        return "SEC_E_CERT_EXPIRED";
    case SEC_E_CERT_WRONG_USAGE:
        return "SEC_E_CERT_WRONG_USAGE";
    case SEC_E_DECRYPT_FAILURE:
        return "SEC_E_DECRYPT_FAILURE";
    case SEC_E_ALGORITHM_MISMATCH:
        return "SEC_E_ALGORITHM_MISMATCH";
    default:
        return "other";
    }
}

int wine_builtin(void)
{
    return winetest_on_wine() && winetest_builtin_secur32();
}

const char *fixture_path(const char *file)
{
    static char path[1024];
    const char *dir = getenv("SSPISHIM_CERTS");
    /* Under Wine a Unix path is reached through drive Z:. */
    const char *drive = winetest_on_wine() && dir && dir[0] == '/' ? "Z:" : "";

    if (!dir || !*dir)
        return NULL;
    snprintf(path, sizeof(path), "%s%s/%s", drive, dir, file);
    return path;
}

int fixtures_available(void)
{
    const char *path = fixture_path("ca-rsa.pem");
    FILE *file = path ? fopen(path, "rb") : NULL;

    if (!file) {
        skip("no certificate fixtures (set SSPISHIM_CERTS)\n");
        return 0;
    }
    fclose(file);
    return 1;
}

unsigned char *read_whole_file(const char *path, size_t *len)
{
    FILE *file = path ? fopen(path, "rb") : NULL;
    unsigned char *data = NULL;
    long size;

    *len = 0;
    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) > 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (data = malloc((size_t)size + 1))) {
        if (fread(data, 1, (size_t)size, file) == (size_t)size) {
            *len = (size_t)size;
            data[size] = 0;
        } else {
            free(data);
            data = NULL;
        }
    }
    fclose(file);
    return data;
}

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

unsigned char *pem_to_der(const unsigned char *pem, size_t pem_len, size_t *der_len)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    const char *start = strstr((const char *)pem, begin);
    const unsigned char *p, *end = pem + pem_len;
    unsigned char *der;
    unsigned bits = 0, acc = 0;
    size_t n = 0;

    *der_len = 0;
    if (!start)
        return NULL;
    der = malloc(pem_len);
    if (!der)
        return NULL;
    for (p = (const unsigned char *)start + sizeof(begin) - 1; p < end && *p != '-'; p++) {
        int v = base64_value(*p);
        if (v < 0)
            continue; /* line breaks; '=' padding ends in the check below */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            der[n++] = (unsigned char)(acc >> bits);
        }
    }
    *der_len = n;
    return der;
}

PCCERT_CONTEXT load_fixture_pem(const char *name)
{
    char file[256];
    size_t len = 0, der_len = 0;
    unsigned char *pem, *der = NULL;
    PCCERT_CONTEXT cert = NULL;

    snprintf(file, sizeof(file), "%s.pem", name);
    pem = read_whole_file(fixture_path(file), &len);
    if (pem)
        der = pem_to_der(pem, len, &der_len);
    if (der)
        cert = CertCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)der_len);
    free(pem);
    free(der);
    return cert;
}

/* The PFX's end entity is NAME.pem: picking it by content does not depend on which
 * certificate of the file the importer attached the key to. */
PCCERT_CONTEXT load_fixture_pfx(const char *name)
{
    return load_fixture_pfx_with(name, CRYPT_EXPORTABLE | CRYPT_USER_KEYSET);
}

PCCERT_CONTEXT load_fixture_pfx_with(const char *name, DWORD import_flags)
{
    static WCHAR password[] = {'s', 's', 'p', 'i', 's', 'h', 'i', 'm', 0};
    char file[256];
    CRYPT_DATA_BLOB blob = {0, NULL};
    size_t len = 0;
    PCCERT_CONTEXT leaf = load_fixture_pem(name), found = NULL;
    HCERTSTORE store = NULL;

    snprintf(file, sizeof(file), "%s.pfx", name);
    blob.pbData = read_whole_file(fixture_path(file), &len);
    blob.cbData = (DWORD)len;
    if (leaf && blob.pbData)
        store = PFXImportCertStore(&blob, password, import_flags);
    if (store) {
        found =
            CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, leaf, NULL);
        CertCloseStore(store, 0);
    }
    if (leaf)
        CertFreeCertificateContext(leaf);
    free(blob.pbData);
    return found;
}

void ok_remote_certificate(CtxtHandle *ctx, const char *name)
{
    ok_context_certificate(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, name);
}

void ok_context_certificate(CtxtHandle *ctx, ULONG attribute, const char *name)
{
    PCCERT_CONTEXT seen = NULL, expected = name ? load_fixture_pem(name) : NULL;
    SECURITY_STATUS status = QueryContextAttributesA(ctx, attribute, &seen);
    const char *whose = attribute == SECPKG_ATTR_REMOTE_CERT_CONTEXT ? "the peer's" : "our own";

    if (name)
        ok(status == SEC_E_OK && seen && expected &&
               seen->cbCertEncoded == expected->cbCertEncoded &&
               !memcmp(seen->pbCertEncoded, expected->pbCertEncoded, seen->cbCertEncoded),
           "%s certificate is %s's (0x%08lx)\n", whose, name, (unsigned long)status);
    else
        ok(status != SEC_E_OK, "%s certificate: none (0x%08lx)\n", whose, (unsigned long)status);
    if (seen)
        CertFreeCertificateContext(seen);
    if (expected)
        CertFreeCertificateContext(expected);
}

int trust_fixture_root(void)
{
    const char *path = fixture_path("ca-rsa.pem");
    int done = 0;
#ifdef _WIN32
    size_t len = 0, der_len = 0;
    unsigned char *pem = read_whole_file(path, &len);
    unsigned char *der = pem ? pem_to_der(pem, len, &der_len) : NULL;
    HCERTSTORE root = der ? CertOpenSystemStoreA(0, "ROOT") : NULL;

    if (root) {
        done = CertAddEncodedCertificateToStore(root, X509_ASN_ENCODING, der, (DWORD)der_len,
                                                CERT_STORE_ADD_REPLACE_EXISTING, NULL);
        CertCloseStore(root, 0);
    }
    free(pem);
    free(der);
#else
    if (path)
        done = setenv("SSPISHIM_CA_FILE", path, 1) == 0;
#endif
    return done;
}

/* SHA-256 of a buffer, for the tls-server-end-point binding (examples/sha256.c). */
void sha256_digest(const void *data, size_t len, unsigned char out[32])
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, out);
}

void buffers_init(buffers *b, ULONG count, ULONG size)
{
    memset(b, 0, sizeof(*b));
    b->desc.ulVersion = SECBUFFER_VERSION;
    b->desc.cBuffers = count;
    b->desc.pBuffers = b->buf;
    if (size) {
        b->storage[0] = calloc(1, size);
        b->buf[0].pvBuffer = b->storage[0];
        b->buf[0].cbBuffer = size;
    }
}

void buffers_reset(buffers *b)
{
    ULONG i;
    for (i = 0; i < b->desc.cBuffers; i++) {
        b->buf[i].BufferType = SECBUFFER_EMPTY;
        if (i) {
            b->buf[i].cbBuffer = 0;
            b->buf[i].pvBuffer = NULL;
        }
    }
}

void buffers_free(buffers *b)
{
    size_t i;
    for (i = 0; i < sizeof(b->storage) / sizeof(b->storage[0]); i++)
        free(b->storage[i]);
    memset(b, 0, sizeof(*b));
}

SECURITY_STATUS server_peer_init(server_peer *peer, const char *name, DWORD protocols)
{
    PCCERT_CONTEXT cert = NULL;
    SECURITY_STATUS status;

    memset(peer, 0, sizeof(*peer));
    peer->status = SEC_I_CONTINUE_NEEDED;
    if (name && !(cert = load_fixture_pfx(name)))
        return SEC_E_NO_CREDENTIALS;
    status = loop_acquire(&peer->cred, SECPKG_CRED_INBOUND, cert, protocols, 0);
    peer->has_cred = status == SEC_E_OK;
    if (cert)
        CertFreeCertificateContext(cert);
    return status;
}

SECURITY_STATUS server_peer_feed(server_peer *peer, const void *data, size_t len)
{
    loop_step_buffers b;
    SECURITY_STATUS status;

    if (!loop_pipe_append(&peer->in, data, len))
        return SEC_E_INSUFFICIENT_MEMORY;
    loop_step_buffers_init(&b, peer->in.data, peer->in.len);
    status =
        AcceptSecurityContext(&peer->cred, peer->has_ctx ? &peer->ctx : NULL, &b.in,
                              ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_ALLOCATE_MEMORY, 0,
                              &peer->ctx, &b.out, &peer->attrs, NULL);
    peer->status = status;
    if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
        peer->has_ctx = 1;
        loop_pipe_consume(&peer->in, peer->in.len - loop_step_extra(&b));
        if (b.out_buf[0].cbBuffer)
            loop_pipe_append(&peer->out, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer);
    }
    loop_step_buffers_free(&b);
    return status;
}

void server_peer_free(server_peer *peer)
{
    if (peer->has_ctx)
        DeleteSecurityContext(&peer->ctx);
    if (peer->has_cred)
        FreeCredentialsHandle(&peer->cred);
    loop_pipe_free(&peer->in);
    loop_pipe_free(&peer->out);
    memset(peer, 0, sizeof(*peer));
}

SECURITY_STATUS connect_to_fixture(loop_side *client, loop_side *server, CredHandle *ccred,
                                   CredHandle *scred, const char *server_cert, DWORD client_flags,
                                   const char *target)
{
    return connect_to_fixture_with(client, server, ccred, scred, server_cert, 0, client_flags,
                                   target);
}

SECURITY_STATUS connect_to_fixture_with(loop_side *client, loop_side *server, CredHandle *ccred,
                                        CredHandle *scred, const char *server_cert,
                                        DWORD server_protocols, DWORD client_flags,
                                        const char *target)
{
    PCCERT_CONTEXT cert = load_fixture_pfx(server_cert);
    SECURITY_STATUS status;

    memset(client, 0, sizeof(*client));
    memset(server, 0, sizeof(*server));
    SecInvalidateHandle(ccred);
    SecInvalidateHandle(scred);
    if (!cert)
        return SEC_E_NO_CREDENTIALS;
    status = loop_acquire(scred, SECPKG_CRED_INBOUND, cert, server_protocols, 0);
    CertFreeCertificateContext(cert);
    if (status != SEC_E_OK)
        return status;
    status = loop_acquire(ccred, SECPKG_CRED_OUTBOUND, NULL, 0, client_flags);
    if (status != SEC_E_OK)
        return status;
    loop_side_init(client, ccred, 0, ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, target);
    loop_side_init(server, scred, 1, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, NULL);
    /* The first failure is the client's when it rejects the server's certificate. */
    return loop_handshake(client, server, 0, 16);
}
