/* A small HTTPS server over SSPI/Schannel (AcceptSecurityContext), written only against SSPI and
 * sockets: the same source builds natively and as a Windows .exe. It listens on 127.0.0.1 only,
 * serves the files of a directory to GET, and answers a POST with the length and SHA-256 of its
 * body. Connections are handled one after another; --once / --max-connections make it stop. */
#include "sock_compat.h" /* before win_sspi.h: winsock2.h must precede windows.h */
#include "sha256.h"
#include "sspi_util.h"
#include "tls_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct options {
    const char *pfx, *password, *root, *alpn, *ca;
    unsigned short port;
    int tls12, tls13, mutual, quiet;
    long max_connections; /* 0: no limit */
    int timeout;          /* seconds a silent client may hold a connection */
} options;

static void usage(FILE *out)
{
    fputs("usage: tls-server --pfx FILE [options]\n"
          "  --pfx FILE         server certificate and key (PKCS#12)\n"
          "  --password P       password of the PFX file\n"
          "  --port N           port on 127.0.0.1 (default 0: any free port, printed)\n"
          "  --root DIR         directory served to GET (default .)\n"
          "  --tls12, --tls13   allow only this protocol (both: either)\n"
          "  --alpn LIST        protocols the server accepts, comma-separated\n"
          "  --mutual           ask for a client certificate (ASC_REQ_MUTUAL_AUTH)\n"
          "  --ca FILE          trust only the roots in FILE for client certificates (native)\n"
          "  --once             serve one connection, then exit\n"
          "  --max-connections N  serve N connections, then exit\n"
          "  --timeout S        drop a client silent for S seconds (default 30)\n"
          "  --quiet            print only errors and the listening line\n"
          "  --help             this text\n",
          out);
}

static int parse_options(int argc, char **argv, options *o)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->password = "";
    o->root = ".";
    o->timeout = 30;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int takes_value = !strcmp(arg, "--pfx") || !strcmp(arg, "--password") ||
                          !strcmp(arg, "--port") || !strcmp(arg, "--root") ||
                          !strcmp(arg, "--alpn") || !strcmp(arg, "--ca") ||
                          !strcmp(arg, "--max-connections") || !strcmp(arg, "--timeout");
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return -1;
        if (takes_value && !value) {
            fprintf(stderr, "%s needs a value\n", arg);
            return 0;
        }
        if (!strcmp(arg, "--pfx"))
            o->pfx = value;
        else if (!strcmp(arg, "--password"))
            o->password = value;
        else if (!strcmp(arg, "--port"))
            o->port = (unsigned short)atoi(value);
        else if (!strcmp(arg, "--root"))
            o->root = value;
        else if (!strcmp(arg, "--alpn"))
            o->alpn = value;
        else if (!strcmp(arg, "--ca"))
            o->ca = value;
        else if (!strcmp(arg, "--max-connections"))
            o->max_connections = atol(value);
        else if (!strcmp(arg, "--timeout"))
            o->timeout = atoi(value);
        else if (!strcmp(arg, "--tls12"))
            o->tls12 = 1;
        else if (!strcmp(arg, "--tls13"))
            o->tls13 = 1;
        else if (!strcmp(arg, "--mutual"))
            o->mutual = 1;
        else if (!strcmp(arg, "--quiet"))
            o->quiet = 1;
        else if (!strcmp(arg, "--once"))
            o->max_connections = 1;
        else {
            fprintf(stderr, "unknown option %s (try --help)\n", arg);
            return 0;
        }
        i += takes_value;
    }
    if (!o->pfx) {
        fprintf(stderr, "--pfx is required (try --help)\n");
        return 0;
    }
    return 1;
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
        enabled |= SP_PROT_TLS1_2_SERVER;
    if (o->tls13)
        enabled |= SP_PROT_TLS1_3_SERVER;
    tls.grbitDisabledProtocols = enabled ? ~enabled : 0;
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.dwFlags = SCH_USE_STRONG_CRYPTO | SCH_CRED_NO_SYSTEM_MAPPER;
    sc.cCreds = 1;
    sc.paCred = (PCCERT_CONTEXT *)&cert;
    sc.cTlsParameters = 1;
    sc.pTlsParameters = &tls;
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &sc,
                                     NULL, NULL, cred, &expiry);
}

static int send_response(tls_stream *s, const char *status, const char *type,
                         unsigned long long length, const void *body)
{
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 %s\r\nServer: sspishim-tls-server\r\nContent-Type: %s\r\n"
                     "Content-Length: %llu\r\nConnection: close\r\n\r\n",
                     status, type, length);
    return tls_stream_write(s, head, (size_t)n) == SEC_E_OK &&
           (!body || tls_stream_write(s, body, (size_t)length) == SEC_E_OK);
}

static int send_text(tls_stream *s, const char *status, const char *text)
{
    return send_response(s, status, "text/plain", strlen(text), text);
}

/* A request path that stays inside the root: no "..", no backslashes, no drive letters. */
static int safe_path(const char *path)
{
    const char *p = path;
    if (path[0] != '/' || strchr(path, '\\') || strchr(path, ':'))
        return 0;
    while ((p = strstr(p, "..")))
        if ((p == path || p[-1] == '/') && (p[2] == '/' || p[2] == 0))
            return 0;
        else
            p += 2;
    return 1;
}

static int serve_file(tls_stream *s, const options *o, const char *path)
{
    char full[4096];
    struct stat st;
    FILE *file;
    unsigned char chunk[65536];
    size_t got;
    int ok;

    if (!safe_path(path))
        return send_text(s, "403 Forbidden", "forbidden\n");
    snprintf(full, sizeof(full), "%s%s%s", o->root, path,
             path[strlen(path) - 1] == '/' ? "index.html" : "");
    if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) || !(file = fopen(full, "rb")))
        return send_text(s, "404 Not Found", "not found\n");
    ok = send_response(s, "200 OK", "application/octet-stream", (unsigned long long)st.st_size,
                       NULL);
    while (ok && (got = fread(chunk, 1, sizeof(chunk), file)) > 0)
        ok = tls_stream_write(s, chunk, got) == SEC_E_OK;
    fclose(file);
    if (!o->quiet)
        fprintf(stderr, "GET %s: %llu bytes\n", path, (unsigned long long)st.st_size);
    return ok;
}

/* Reads the body of a POST through SHA-256 and answers with its length and digest. */
static int answer_post(tls_stream *s, const options *o, const unsigned char *early,
                       size_t early_len, long long length)
{
    sha256_ctx sha;
    unsigned long long total = 0;
    unsigned char chunk[16384];
    char hex[65], text[160];

    if (length < 0)
        return send_text(s, "411 Length Required", "Content-Length required\n");
    sha256_init(&sha);
    if (early_len > (size_t)length)
        early_len = (size_t)length;
    sha256_update(&sha, early, early_len);
    total = early_len;
    while (total < (unsigned long long)length) {
        size_t want = (unsigned long long)length - total < sizeof(chunk)
                          ? (size_t)((unsigned long long)length - total)
                          : sizeof(chunk);
        long got = tls_stream_read(s, chunk, want);
        if (got <= 0) {
            fprintf(stderr, "POST body ended after %llu of %lld bytes\n", total, length);
            return 0;
        }
        sha256_update(&sha, chunk, (size_t)got);
        total += (unsigned long long)got;
    }
    sha256_final_hex(&sha, hex);
    snprintf(text, sizeof(text), "length %llu\nsha256 %s\n", total, hex);
    if (!o->quiet)
        fprintf(stderr, "POST: %llu bytes, sha256 %s\n", total, hex);
    return send_text(s, "200 OK", text);
}

static long long content_length(const char *headers)
{
    const char *p = headers;
    while ((p = strchr(p, '\n'))) {
        p++;
        if (!strncmp(p, "Content-Length:", 15) || !strncmp(p, "content-length:", 15))
            return strtoll(p + 15, NULL, 10);
    }
    return -1;
}

/* Reads one HTTP request and answers it. */
static int serve_request(tls_stream *s, const options *o)
{
    char head[16385], method[16], path[2048];
    size_t len = 0;
    char *end = NULL;

    while (!end) {
        long got;
        if (len == sizeof(head) - 1)
            return send_text(s, "431 Request Header Fields Too Large", "headers too large\n");
        got = tls_stream_read(s, head + len, sizeof(head) - 1 - len);
        if (got <= 0) {
            if (got < 0)
                print_failure("DecryptMessage", s->status);
            else if (!o->quiet)
                fprintf(stderr, "connection ended before a request\n");
            return got == 0 && len == 0;
        }
        len += (size_t)got;
        head[len] = 0;
        end = strstr(head, "\r\n\r\n");
    }
    end += 4;
    if (sscanf(head, "%15s %2047s", method, path) != 2)
        return send_text(s, "400 Bad Request", "bad request\n");
    path[strcspn(path, "?")] = 0;
    if (!strcmp(method, "GET"))
        return serve_file(s, o, path);
    if (!strcmp(method, "POST"))
        return answer_post(s, o, (const unsigned char *)end, len - (size_t)(end - head),
                           content_length(head));
    return send_text(s, "405 Method Not Allowed", "GET or POST only\n");
}

static int serve_connection(sock_t sock, CredHandle *cred, const options *o,
                            const unsigned char *alpn, size_t alpn_len)
{
    ULONG req = ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY |
                ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM | ASC_REQ_EXTENDED_ERROR |
                (o->mutual ? ASC_REQ_MUTUAL_AUTH : 0);
    tls_stream s;
    SECURITY_STATUS status;
    int ok = 0;

    tls_stream_init(&s, sock, cred, 1, NULL, req);
    s.alpn = alpn;
    s.alpn_len = alpn_len;
    status = tls_stream_handshake(&s);
    if (status != SEC_E_OK) {
        print_failure("AcceptSecurityContext", status);
        goto done;
    }
    if (!o->quiet)
        print_context_info(stderr, &s.ctx, 1);
    ok = serve_request(&s, o);
    if (!s.closed) {
        status = tls_stream_shutdown(&s);
        if (status != SEC_E_OK)
            print_failure("shutdown", status);
    }
done:
    tls_stream_free(&s);
    return ok;
}

int main(int argc, char **argv)
{
    options o;
    CredHandle cred;
    HCERTSTORE store = NULL;
    PCCERT_CONTEXT cert = NULL;
    unsigned char alpn[256];
    size_t alpn_len = 0;
    sock_t listener = SOCK_INVALID;
    unsigned short port = 0;
    long served = 0, failed = 0;
    int have_cred = 0, exit_code = 1, parsed;
    SECURITY_STATUS status;

    parsed = parse_options(argc, argv, &o);
    if (parsed <= 0) {
        usage(parsed < 0 ? stdout : stderr);
        return parsed < 0 ? 0 : 2;
    }
#ifdef _WIN32
    if (o.ca)
        fprintf(stderr, "note: --ca is ignored on Windows (trust comes from the ROOT store)\n");
#else
    if (o.ca)
        setenv("SSPISHIM_CA_FILE", o.ca, 1);
#endif
    if (!sock_startup()) {
        fprintf(stderr, "socket layer unavailable\n");
        return 1;
    }
    if (o.alpn && !(alpn_len = alpn_buffer(o.alpn, alpn, sizeof(alpn)))) {
        fprintf(stderr, "bad --alpn list: %s\n", o.alpn);
        goto done;
    }
    if (!(cert = load_pfx(o.pfx, o.password, &store)))
        goto done;
    status = acquire(&o, cert, &cred);
    if (status != SEC_E_OK) {
        print_failure("AcquireCredentialsHandle", status);
        goto done;
    }
    have_cred = 1;
    listener = sock_listen_loopback(o.port, &port);
    if (listener == SOCK_INVALID) {
        fprintf(stderr, "cannot listen on 127.0.0.1:%u\n", o.port);
        goto done;
    }
    printf("listening on 127.0.0.1:%u\n", port);
    fflush(stdout);
    while (!o.max_connections || served < o.max_connections) {
        sock_t client = accept(listener, NULL, NULL);
        if (client == SOCK_INVALID) {
            fprintf(stderr, "accept failed\n");
            goto done;
        }
        sock_set_timeout(client, o.timeout);
        served++;
        if (!serve_connection(client, &cred, &o, alpn_len ? alpn : NULL, alpn_len))
            failed++;
        sock_graceful_close(client);
    }
    if (!o.quiet)
        fprintf(stderr, "served %ld connection(s), %ld failed\n", served, failed);
    exit_code = failed ? 1 : 0;
done:
    if (listener != SOCK_INVALID)
        sock_close(listener);
    if (have_cred)
        FreeCredentialsHandle(&cred);
    if (cert)
        CertFreeCertificateContext(cert);
    if (store)
        CertCloseStore(store, 0);
    sock_cleanup();
    return exit_code;
}
