/* A TLS/HTTPS client written only against SSPI/Schannel and sockets: the same source builds
 * natively (libsecur32 + libcrypt32) and as a Windows .exe. It shows what the handshake gave
 * (protocol, cipher suite, peer certificate, validation, ALPN) and can GET or POST over HTTP/1.1,
 * or exchange raw bytes in both directions at once (--raw).
 * Failures print the Windows status in hex with its name and exit with 1. */
#include "sock_compat.h" /* before win_sspi.h: winsock2.h must precede windows.h */
#include "sspi_util.h"
#include "tls_pipe.h"
#include "tls_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct options {
    const char *host, *port, *connect_addr, *ca, *pfx, *password, *alpn, *get, *output, *send,
        *receive;
    int tls12, tls13, manual, no_name_check, quiet, raw;
} options;

static void usage(FILE *out)
{
    fputs("usage: tls-client --host NAME [options]\n"
          "  --host NAME        server name (SNI and certificate name check)\n"
          "  --port N           port (default 443)\n"
          "  --connect ADDR     connect to ADDR instead of the host name\n"
          "  --tls12, --tls13   allow only this protocol (both: either)\n"
          "  --manual           manual validation: Schannel checks no certificate\n"
          "  --no-name-check    automatic validation without the name check\n"
          "  --ca FILE          trust only the roots in FILE (native builds; ignored on Windows)\n"
          "  --pfx FILE         client certificate and key (PKCS#12)\n"
          "  --password P       password of the PFX file\n"
          "  --alpn LIST        offer these protocols, comma-separated (h2,http/1.1)\n"
          "  --get PATH         send an HTTP/1.1 request for PATH and print the response body\n"
          "  --send FILE        upload FILE as the body of a POST (to --get PATH, or /)\n"
          "  --raw              no HTTP: send the --send FILE as it is while writing what\n"
          "                     arrives to the output, until the server ends the stream\n"
          "  --receive N        with --raw: stop (close_notify) once N bytes arrived\n"
          "  --output FILE      write the response body to FILE instead of stdout\n"
          "  --quiet            print only the body and errors\n"
          "  --help             this text\n",
          out);
}

/* Returns 1 when the command line is usable, 0 (after a message) otherwise, -1 for --help. */
static int parse_options(int argc, char **argv, options *o)
{
    static const struct {
        const char *name;
        size_t offset;
    } valued[] = {
        {"--host", offsetof(options, host)},
        {"--port", offsetof(options, port)},
        {"--connect", offsetof(options, connect_addr)},
        {"--ca", offsetof(options, ca)},
        {"--pfx", offsetof(options, pfx)},
        {"--password", offsetof(options, password)},
        {"--alpn", offsetof(options, alpn)},
        {"--get", offsetof(options, get)},
        {"--output", offsetof(options, output)},
        {"--send", offsetof(options, send)},
        {"--receive", offsetof(options, receive)},
    };
    static const struct {
        const char *name;
        size_t offset;
    } flags[] = {
        {"--tls12", offsetof(options, tls12)},
        {"--tls13", offsetof(options, tls13)},
        {"--manual", offsetof(options, manual)},
        {"--no-name-check", offsetof(options, no_name_check)},
        {"--quiet", offsetof(options, quiet)},
        {"--raw", offsetof(options, raw)},
    };
    int i;
    size_t k;

    memset(o, 0, sizeof(*o));
    o->port = "443";
    o->password = "";
    for (i = 1; i < argc; i++) {
        int known = 0;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return -1;
        for (k = 0; !known && k < sizeof(valued) / sizeof(valued[0]); k++) {
            if (strcmp(argv[i], valued[k].name))
                continue;
            if (i + 1 >= argc) {
                fprintf(stderr, "%s needs a value\n", argv[i]);
                return 0;
            }
            *(const char **)((char *)o + valued[k].offset) = argv[++i];
            known = 1;
        }
        for (k = 0; !known && k < sizeof(flags) / sizeof(flags[0]); k++) {
            if (!strcmp(argv[i], flags[k].name)) {
                *(int *)((char *)o + flags[k].offset) = 1;
                known = 1;
            }
        }
        if (!known) {
            fprintf(stderr, "unknown option %s (try --help)\n", argv[i]);
            return 0;
        }
    }
    if (!o->host) {
        fprintf(stderr, "--host is required (try --help)\n");
        return 0;
    }
    return 1;
}

/* Trust for automatic validation: natively the engine reads SSPISHIM_CA_FILE; Windows uses the
 * ROOT store and has no such knob. */
static void apply_ca(const options *o)
{
    if (!o->ca)
        return;
#ifdef _WIN32
    fprintf(stderr, "note: --ca is ignored on Windows (trust comes from the ROOT store)\n");
#else
    setenv("SSPISHIM_CA_FILE", o->ca, 1);
#endif
}

static SECURITY_STATUS acquire(const options *o, PCCERT_CONTEXT cert, CredHandle *cred)
{
    SCH_CREDENTIALS sc;
    TLS_PARAMETERS tls;
    DWORD enabled = 0;
    TimeStamp expiry;

    memset(&sc, 0, sizeof(sc));
    memset(&tls, 0, sizeof(tls));
    if (o->tls12)
        enabled |= SP_PROT_TLS1_2_CLIENT;
    if (o->tls13)
        enabled |= SP_PROT_TLS1_3_CLIENT;
    /* Like curl: everything but the wanted versions is disabled; 0 is the system default. */
    tls.grbitDisabledProtocols = enabled ? ~enabled : 0;
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_USE_STRONG_CRYPTO |
                 (o->manual ? SCH_CRED_MANUAL_CRED_VALIDATION : SCH_CRED_AUTO_CRED_VALIDATION) |
                 (o->no_name_check ? SCH_CRED_NO_SERVERNAME_CHECK : 0);
    sc.cCreds = cert ? 1 : 0;
    sc.paCred = cert ? (PCCERT_CONTEXT *)&cert : NULL;
    sc.cTlsParameters = 1;
    sc.pTlsParameters = &tls;
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL,
                                     &sc, NULL, NULL, cred, &expiry);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t cap = 0, got;

    *len = 0;
    if (!file)
        return NULL;
    do {
        unsigned char *bigger;
        if (cap - *len < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            bigger = realloc(data, cap);
            if (!bigger) {
                free(data);
                fclose(file);
                return NULL;
            }
            data = bigger;
        }
        got = fread(data + *len, 1, cap - *len, file);
        *len += got;
    } while (got);
    fclose(file);
    return data ? data : malloc(1);
}

/* Growable byte buffer for the response. */
typedef struct bytes {
    unsigned char *data;
    size_t len, cap;
} bytes;

static int bytes_append(bytes *b, const void *data, size_t len)
{
    if (b->cap - b->len < len) {
        size_t cap = b->cap ? b->cap : 65536;
        unsigned char *bigger;
        while (cap - b->len < len)
            cap *= 2;
        if (!(bigger = realloc(b->data, cap)))
            return 0;
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 1;
}

/* Length of the header block including its blank line; 0 while incomplete. */
static size_t find_header_end(const bytes *b)
{
    size_t i;
    for (i = 0; i + 3 < b->len; i++) {
        if (!memcmp(b->data + i, "\r\n\r\n", 4))
            return i + 4;
    }
    return 0;
}

/* Case-insensitive search for a header's value inside the header block; -1 when absent. */
static long long header_number(const char *headers, size_t len, const char *name)
{
    size_t n = strlen(name), i;
    for (i = 0; i + n < len; i++) {
        size_t k;
        if (i && headers[i - 1] != '\n')
            continue;
        for (k = 0; k < n && (headers[i + k] | 0x20) == (name[k] | 0x20); k++)
            ;
        if (k == n && headers[i + n] == ':')
            return strtoll(headers + i + n + 1, NULL, 10);
    }
    return -1;
}

static int header_has(const char *headers, size_t len, const char *text)
{
    size_t n = strlen(text), i, k;
    for (i = 0; i + n <= len; i++) {
        for (k = 0; k < n && (headers[i + k] | 0x20) == (text[k] | 0x20); k++)
            ;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Decodes a chunked body in place; returns its length, or (size_t)-1 if malformed. */
static size_t dechunk(unsigned char *body, size_t len)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end;
        unsigned long size;
        size_t line_end = in;
        while (line_end + 1 < len && memcmp(body + line_end, "\r\n", 2))
            line_end++;
        if (line_end + 1 >= len)
            return (size_t)-1;
        size = strtoul((const char *)body + in, &end, 16);
        in = line_end + 2;
        if (size == 0)
            return out;
        if (in + size > len)
            return (size_t)-1;
        memmove(body + out, body + in, size);
        out += size;
        in += size + 2;
    }
}

/* --raw: the file out and the received bytes to the output, both directions at once. */
static int raw_exchange(const options *o, tls_stream *s)
{
    unsigned char *upload = NULL;
    size_t upload_len = 0;
    long long expect = -1;
    FILE *out = stdout;
    int ok = 0;

    if (o->receive) {
        char *end;
        expect = strtoll(o->receive, &end, 10);
        if (end == o->receive || *end || expect < 0) {
            fprintf(stderr, "bad --receive count: %s\n", o->receive);
            goto done;
        }
    }
    if (o->send && !(upload = slurp(o->send, &upload_len))) {
        fprintf(stderr, "cannot read %s\n", o->send);
        goto done;
    }
    if (o->output && !(out = fopen(o->output, "wb"))) {
        fprintf(stderr, "cannot write %s\n", o->output);
        goto done;
    }
    ok = tls_pipe(s, upload, upload_len, expect, out, 30);
    if (ok && !o->quiet)
        fprintf(stderr, "raw: %lu bytes sent, %s\n", (unsigned long)upload_len,
                expect < 0 ? "received until the end of the stream"
                           : "all expected bytes received");
done:
    if (out != stdout && out && fclose(out) != 0)
        ok = 0;
    else if (out == stdout)
        fflush(out);
    free(upload);
    return ok;
}

/* Sends the request, reads the response until its length is complete or the peer closes. */
static int http_exchange(const options *o, tls_stream *s)
{
    const char *path = o->get ? o->get : "/";
    unsigned char *upload = NULL;
    size_t upload_len = 0;
    char request[2048];
    bytes response = {NULL, 0, 0};
    size_t head_len = 0; /* the body starts there once known (the buffer may move) */
    long long content_length = -1;
    unsigned char chunk[16384];
    FILE *out = stdout;
    int ok = 0, n;

    if (o->send && !(upload = slurp(o->send, &upload_len))) {
        fprintf(stderr, "cannot read %s\n", o->send);
        goto done;
    }
    if (upload)
        n = snprintf(request, sizeof(request),
                     "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/octet-stream\r\n"
                     "Content-Length: %lu\r\nConnection: close\r\n\r\n",
                     path, o->host, (unsigned long)upload_len);
    else
        n = snprintf(request, sizeof(request),
                     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: sspishim-tls-client\r\n"
                     "Accept: */*\r\nConnection: close\r\n\r\n",
                     path, o->host);
    if (n < 0 || (size_t)n >= sizeof(request)) {
        fprintf(stderr, "request too long\n");
        goto done;
    }
    if (tls_stream_write(s, request, (size_t)n) != SEC_E_OK ||
        (upload_len && tls_stream_write(s, upload, upload_len) != SEC_E_OK)) {
        print_failure("EncryptMessage", s->status);
        goto done;
    }
    for (;;) {
        long got;
        if (head_len && content_length >= 0 && response.len - head_len >= (size_t)content_length)
            break;
        got = tls_stream_read(s, chunk, sizeof(chunk));
        if (got < 0) {
            print_failure("DecryptMessage", s->status);
            goto done;
        }
        if (got == 0)
            break;
        if (!bytes_append(&response, chunk, (size_t)got)) {
            fprintf(stderr, "out of memory\n");
            goto done;
        }
        if (!head_len && (head_len = find_header_end(&response)))
            content_length = header_number((const char *)response.data, head_len, "Content-Length");
    }
    if (s->abrupt && !o->quiet)
        fprintf(stderr, "note: the server closed the connection without close_notify\n");
    if (!head_len) {
        fprintf(stderr, "no complete HTTP response (%lu bytes)\n", (unsigned long)response.len);
        goto done;
    }
    {
        const unsigned char *body = response.data + head_len;
        size_t body_len = response.len - head_len;
        const char *line_end = memchr(response.data, '\r', head_len);
        if (content_length >= 0 && body_len > (size_t)content_length)
            body_len = (size_t)content_length;
        if (content_length >= 0 && body_len < (size_t)content_length) {
            fprintf(stderr, "response body truncated: %lu of %lld bytes\n", (unsigned long)body_len,
                    content_length);
            goto done;
        }
        if (header_has((const char *)response.data, head_len, "transfer-encoding: chunked")) {
            body_len = dechunk(response.data + head_len, body_len);
            if (body_len == (size_t)-1) {
                fprintf(stderr, "malformed chunked body\n");
                goto done;
            }
        }
        if (!o->quiet)
            fprintf(stderr, "response: %.*s (%lu body bytes)\n",
                    (int)((const unsigned char *)line_end - response.data), response.data,
                    (unsigned long)body_len);
        if (o->output && !(out = fopen(o->output, "wb"))) {
            fprintf(stderr, "cannot write %s\n", o->output);
            goto done;
        }
        ok = fwrite(body, 1, body_len, out) == body_len;
        if (out != stdout)
            ok = (fclose(out) == 0) && ok;
        else
            fflush(out);
    }
done:
    free(upload);
    free(response.data);
    return ok;
}

int main(int argc, char **argv)
{
    options o;
    CredHandle cred;
    int have_cred = 0, exit_code = 1, parsed;
    HCERTSTORE pfx_store = NULL;
    PCCERT_CONTEXT client_cert = NULL;
    unsigned char alpn[256];
    sock_t sock = SOCK_INVALID;
    tls_stream s;
    SECURITY_STATUS status;
    const ULONG req = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                      ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_USE_SUPPLIED_CREDS;

    tls_stream_init(&s, SOCK_INVALID, &cred, 0, NULL, req);
    parsed = parse_options(argc, argv, &o);
    if (parsed <= 0) {
        usage(parsed < 0 ? stdout : stderr);
        return parsed < 0 ? 0 : 2;
    }
    apply_ca(&o);
    if (!sock_startup()) {
        fprintf(stderr, "socket layer unavailable\n");
        return 1;
    }
    if (o.pfx && !(client_cert = load_pfx(o.pfx, o.password, &pfx_store)))
        goto done;
    status = acquire(&o, client_cert, &cred);
    if (status != SEC_E_OK) {
        print_failure("AcquireCredentialsHandle", status);
        goto done;
    }
    have_cred = 1;
    sock = sock_connect(o.connect_addr ? o.connect_addr : o.host, o.port, 30);
    if (sock == SOCK_INVALID) {
        fprintf(stderr, "cannot connect to %s port %s\n", o.connect_addr ? o.connect_addr : o.host,
                o.port);
        goto done;
    }
    tls_stream_init(&s, sock, &cred, 0, o.host, req);
    if (o.alpn) {
        s.alpn_len = alpn_buffer(o.alpn, alpn, sizeof(alpn));
        if (!s.alpn_len) {
            fprintf(stderr, "bad --alpn list: %s\n", o.alpn);
            goto done;
        }
        s.alpn = alpn;
    }
    status = tls_stream_handshake(&s);
    if (status != SEC_E_OK) {
        print_failure("handshake", status);
        goto done;
    }
    /* curl's check: the context must grant exactly what was asked for. */
    if (s.attrs != req)
        fprintf(stderr, "warning: context attributes 0x%08lx differ from the request 0x%08lx\n",
                (unsigned long)s.attrs, (unsigned long)req);
    if (!o.quiet) {
        print_context_info(stderr, &s.ctx, 0);
        fprintf(stderr, "validation: %s\n",
                o.manual          ? "none by Schannel (manual validation requested)"
                : o.no_name_check ? "chain verified by Schannel (name not checked)"
                                  : "verified by Schannel (chain and name)");
    }
    if (o.raw ? !raw_exchange(&o, &s) : (o.get || o.send) && !http_exchange(&o, &s))
        goto done;
    if (s.renegotiations && !o.quiet)
        fprintf(stderr, "renegotiation rounds (SEC_I_RENEGOTIATE): %d\n", s.renegotiations);
    if (!s.closed) {
        status = tls_stream_shutdown(&s);
        if (status != SEC_E_OK && !s.abrupt) {
            print_failure("shutdown", status);
            goto done;
        }
    }
    exit_code = 0;
done:
    tls_stream_free(&s);
    if (sock != SOCK_INVALID)
        sock_close(sock);
    if (have_cred)
        FreeCredentialsHandle(&cred);
    if (client_cert)
        CertFreeCertificateContext(client_cert);
    if (pfx_store)
        CertCloseStore(pfx_store, 0);
    sock_cleanup();
    return exit_code;
}
