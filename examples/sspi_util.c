/* Small SSPI helpers shared by the example programs (see sspi_util.h). */
#include "sspi_util.h"
#include "sspi_status_names.h"

#include <stdlib.h>
#include <string.h>

#define STATUS_ENTRY(code) {code, #code},
static const struct {
    SECURITY_STATUS status;
    const char *name;
} status_names[] = {SSPI_STATUS_NAMES(STATUS_ENTRY)};

const char *status_name(SECURITY_STATUS status)
{
    size_t i;
    for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
        if (status_names[i].status == status)
            return status_names[i].name;
    }
    return "unknown status";
}

void print_failure(const char *what, SECURITY_STATUS status)
{
    fprintf(stderr, "%s failed: 0x%08lx (%s)\n", what, (unsigned long)(ULONG)status,
            status_name(status));
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    unsigned char *data = NULL;
    long size;

    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) > 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (data = malloc((size_t)size)) &&
        fread(data, 1, (size_t)size, file) == (size_t)size) {
        *len = (size_t)size;
    } else {
        free(data);
        data = NULL;
    }
    fclose(file);
    return data;
}

PCCERT_CONTEXT load_pfx(const char *path, const char *password, HCERTSTORE *store)
{
    CRYPT_DATA_BLOB blob = {0, NULL};
    PCCERT_CONTEXT cert = NULL, found = NULL;
    WCHAR wide[128];
    size_t len = 0, i;

    *store = NULL;
    blob.pbData = read_file(path, &len);
    if (!blob.pbData) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    blob.cbData = (DWORD)len;
    for (i = 0; password[i] && i + 1 < sizeof(wide) / sizeof(wide[0]); i++)
        wide[i] = (WCHAR)(unsigned char)password[i];
    wide[i] = 0;
    *store = PFXImportCertStore(&blob, wide, CRYPT_USER_KEYSET);
    free(blob.pbData);
    if (!*store) {
        fprintf(stderr, "PFXImportCertStore(%s) failed: 0x%08lx\n", path,
                (unsigned long)GetLastError());
        return NULL;
    }
    /* The certificate that carries the private key is the end entity. */
    while (!found && (cert = CertEnumCertificatesInStore(*store, cert))) {
        HCRYPTPROV_OR_NCRYPT_KEY_HANDLE key = 0;
        DWORD spec = 0;
        BOOL must_free = FALSE;
        if (CryptAcquireCertificatePrivateKey(cert, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL, &key,
                                              &spec, &must_free)) {
            found = CertDuplicateCertificateContext(cert);
            if (must_free && spec == CERT_NCRYPT_KEY_SPEC)
                NCryptFreeObject(key);
            else if (must_free)
                CryptReleaseContext(key, 0);
        }
    }
    if (cert)
        CertFreeCertificateContext(cert);
    if (!found)
        fprintf(stderr, "%s holds no certificate with a private key\n", path);
    return found;
}

size_t alpn_buffer(const char *list, unsigned char *out, size_t cap)
{
    const size_t header = 10; /* ProtocolListsSize, ProtoNegoExt, ProtocolListSize */
    size_t pos = header, total;
    const char *name = list;

    while (*name) {
        size_t n = strcspn(name, ",");
        if (n == 0 || n > 255 || pos + 1 + n > cap)
            return 0;
        out[pos++] = (unsigned char)n;
        memcpy(out + pos, name, n);
        pos += n;
        name += n;
        if (*name == ',')
            name++;
    }
    if (pos == header)
        return 0;
    total = pos - header;
    out[0] = (unsigned char)(total + 6); /* ULONG ProtocolListsSize = 6 + list */
    out[1] = (unsigned char)((total + 6) >> 8);
    out[2] = out[3] = 0;
    out[4] = SecApplicationProtocolNegotiationExt_ALPN; /* ULONG (enum) */
    out[5] = out[6] = out[7] = 0;
    out[8] = (unsigned char)total; /* USHORT ProtocolListSize */
    out[9] = (unsigned char)(total >> 8);
    return pos;
}

/* UTF-16 to UTF-8 for the WCHAR fields of CIPHER_INFO. */
static void wide_to_utf8(const WCHAR *in, size_t in_count, char *out, size_t cap)
{
    size_t o = 0, i;
    for (i = 0; i < in_count && in[i] && o + 4 < cap; i++) {
        unsigned c = in[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xc0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3f));
        } else {
            out[o++] = (char)(0xe0 | (c >> 12));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
            out[o++] = (char)(0x80 | (c & 0x3f));
        }
    }
    out[o] = 0;
}

static const char *protocol_name(DWORD protocol)
{
    if (protocol & SP_PROT_TLS1_3)
        return "TLS 1.3";
    if (protocol & SP_PROT_TLS1_2)
        return "TLS 1.2";
    if (protocol & SP_PROT_TLS1_1)
        return "TLS 1.1";
    if (protocol & SP_PROT_TLS1_0)
        return "TLS 1.0";
    return "unknown";
}

static void print_certificate(FILE *out, CtxtHandle *ctx, int is_server)
{
    PCCERT_CONTEXT cert = NULL;
    SECURITY_STATUS status =
        QueryContextAttributesA(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, (void *)&cert);
    char name[512];

    if (status != SEC_E_OK || !cert) {
        fprintf(out, "%s certificate: none (0x%08lx %s)\n", is_server ? "client" : "server",
                (unsigned long)(ULONG)status, status_name(status));
        return;
    }
    CertNameToStrA(X509_ASN_ENCODING, &cert->pCertInfo->Subject, CERT_X500_NAME_STR, name,
                   sizeof(name));
    fprintf(out, "%s certificate subject: %s\n", is_server ? "client" : "server", name);
    CertGetNameStringA(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, CERT_NAME_ISSUER_FLAG, NULL, name,
                       sizeof(name));
    fprintf(out, "%s certificate issuer: %s\n", is_server ? "client" : "server", name);
    CertFreeCertificateContext(cert);
}

void negotiated_alpn(CtxtHandle *ctx, char *out, size_t cap)
{
    SecPkgContext_ApplicationProtocol alpn;

    out[0] = 0;
    memset(&alpn, 0, sizeof(alpn));
    if (QueryContextAttributesA(ctx, SECPKG_ATTR_APPLICATION_PROTOCOL, &alpn) == SEC_E_OK &&
        alpn.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success &&
        alpn.ProtocolIdSize < cap) {
        memcpy(out, alpn.ProtocolId, alpn.ProtocolIdSize);
        out[alpn.ProtocolIdSize] = 0;
    }
}

void print_context_info(FILE *out, CtxtHandle *ctx, int is_server)
{
    SecPkgContext_ConnectionInfo conn;
    SecPkgContext_CipherInfo cipher;
    SECURITY_STATUS status;
    char text[256];

    status = QueryContextAttributesA(ctx, SECPKG_ATTR_CONNECTION_INFO, &conn);
    if (status == SEC_E_OK)
        fprintf(out, "protocol: %s\n", protocol_name(conn.dwProtocol));
    else
        print_failure("QueryContextAttributes(CONNECTION_INFO)", status);
    memset(&cipher, 0, sizeof(cipher));
    status = QueryContextAttributesA(ctx, SECPKG_ATTR_CIPHER_INFO, &cipher);
    if (status == SEC_E_OK) {
        wide_to_utf8(cipher.szCipherSuite, SZ_ALG_MAX_SIZE, text, sizeof(text));
        fprintf(out, "cipher suite: %s\n", text);
    } else {
        print_failure("QueryContextAttributes(CIPHER_INFO)", status);
    }
    print_certificate(out, ctx, is_server);
    negotiated_alpn(ctx, text, sizeof(text));
    fprintf(out, "alpn: %s\n", text[0] ? text : "(none)");
}
