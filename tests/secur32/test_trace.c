/* SSPISHIM_TRACE: a handshake and a message traced to a file or to stderr, with handles, flags,
 * buffers and status names; nothing at all when the variable is unset or 0. Criterion runs each
 * test in its own process, so each one reads the variable afresh. */
#include "tls_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *read_all(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text = calloc(1, 1 << 20);
    size_t len = 0;

    cr_assert(text);
    if (file) {
        len = fread(text, 1, (1 << 20) - 1, file);
        fclose(file);
    }
    text[len] = 0;
    return text;
}

static void temp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/sspishim-trace-%ld-%s.txt",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), name);
    unlink(out);
}

/* A TLS 1.3 handshake with manual validation and one message each way. Returns the client's
 * context handle as the trace prints it. */
static void traced_session(char *client_ctx, size_t size)
{
    fx_pair pair;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER);
    snprintf(client_ctx, size, "%llx:%llx", (unsigned long long)pair.client.ctx.dwLower,
             (unsigned long long)pair.client.ctx.dwUpper);
    fx_transfer(&pair.client, &pair.server, "ping", 4, 0);
    fx_close(&pair);
}

/* The line of `text` that contains all of `parts`, or NULL. */
static const char *find_line(const char *text, const char *const *parts, size_t count)
{
    const char *line = text;

    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line), i;
        int all = 1;
        for (i = 0; i < count && all; i++) {
            const char *hit = strstr(line, parts[i]);
            all = hit && hit + strlen(parts[i]) <= line + len;
        }
        if (all)
            return line;
        line += len + (end ? 1 : 0);
    }
    return NULL;
}

#define expect_line(text, ...)                                                                     \
    do {                                                                                           \
        const char *const parts_[] = {__VA_ARGS__};                                                \
        cr_assert(find_line(text, parts_, sizeof(parts_) / sizeof(parts_[0])),                     \
                  "no trace line with %s ... in:\n%s", parts_[0], text);                           \
    } while (0)

static int count_lines(const char *text)
{
    int lines = 0;
    for (; *text; text++)
        lines += *text == '\n';
    return lines;
}

Test(trace, file_gets_one_line_per_call)
{
    char path[512], ctx[64], new_ctx[80];
    char *text;

    temp_path(path, sizeof(path), "file");
    setenv("SSPISHIM_TRACE", path, 1);
    traced_session(ctx, sizeof(ctx));
    text = read_all(path);
    snprintf(new_ctx, sizeof(new_ctx), "new=%s", ctx);

    expect_line(text, "sspishim: AcquireCredentialsHandle",
                "package=\"Microsoft Unified Security Protocol Provider\"", "use=0x00000002",
                "-> SEC_E_OK 0x00000000", "new=");
    expect_line(text, "sspishim: AcquireCredentialsHandle", "use=0x00000001", "-> SEC_E_OK");
    /* The client's first call: no input, a ClientHello out, the new handle. */
    expect_line(text, "sspishim: InitializeSecurityContext", "ctx=NULL", "target=\"localhost\"",
                "in=NULL", "-> SEC_I_CONTINUE_NEEDED 0x00090312", new_ctx, "out=[TOKEN ");
    expect_line(text, "sspishim: AcceptSecurityContext", "ctx=NULL", "in=[TOKEN ",
                "-> SEC_I_CONTINUE_NEEDED 0x00090312");
    expect_line(text, "sspishim: InitializeSecurityContext", ctx, "-> SEC_E_OK 0x00000000");
    expect_line(text, "sspishim: AcceptSecurityContext", "-> SEC_E_OK 0x00000000");
    /* The request flags in hex: FX_ISC_REQ plus ISC_REQ_ALLOCATE_MEMORY. */
    {
        char req[32];
        snprintf(req, sizeof(req), "req=0x%08lx",
                 (unsigned long)(FX_ISC_REQ | ISC_REQ_ALLOCATE_MEMORY));
        expect_line(text, "sspishim: InitializeSecurityContext", req);
    }
    expect_line(text, "sspishim: EncryptMessage", ctx,
                "in=[STREAM_HEADER 5, DATA 4, STREAM_TRAILER ", "-> SEC_E_OK", "out=[");
    expect_line(text, "sspishim: DecryptMessage", "in=[DATA ", "-> SEC_E_OK",
                "out=[STREAM_HEADER 5, DATA 4, STREAM_TRAILER ");
    expect_line(text, "sspishim: QueryContextAttributes", ctx, "attribute=0x00000004",
                "-> SEC_E_OK");
    expect_line(text, "sspishim: DeleteSecurityContext", ctx, "-> SEC_E_OK");
    expect_line(text, "sspishim: FreeCredentialsHandle", "-> SEC_E_OK");
    free(text);
    unlink(path);
}

Test(trace, failures_show_the_status_name_and_code)
{
    char path[512], ca[1024];
    fx_pair pair;
    char *text;

    temp_path(path, sizeof(path), "failure");
    setenv("SSPISHIM_TRACE", path, 1);
    fx_path(ca, sizeof(ca), "ca-rsa", "pem");
    setenv("SSPISHIM_CA_FILE", ca, 1);
    fx_open(&pair, "wrong-host", SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER, 0);
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_WRONG_PRINCIPAL);
    fx_close(&pair);
    cr_assert_eq(DeleteSecurityContext(NULL), SEC_E_INVALID_HANDLE);
    text = read_all(path);
    expect_line(text, "sspishim: InitializeSecurityContext", "-> SEC_E_WRONG_PRINCIPAL 0x80090322");
    expect_line(text, "sspishim: DeleteSecurityContext handle=NULL",
                "-> SEC_E_INVALID_HANDLE 0x80090301");
    free(text);
    unlink(path);
}

/* Runs a traced session with stderr sent to a file; returns what reached stderr. */
static char *session_stderr(const char *name)
{
    char path[512], ctx[64];
    int saved = dup(2), fd;

    temp_path(path, sizeof(path), name);
    fflush(stderr);
    cr_assert(freopen(path, "w", stderr));
    traced_session(ctx, sizeof(ctx));
    fflush(stderr);
    fd = dup2(saved, 2);
    cr_assert_eq(fd, 2);
    close(saved);
    {
        char *text = read_all(path);
        unlink(path);
        return text;
    }
}

Test(trace, one_writes_to_stderr)
{
    char *text;

    setenv("SSPISHIM_TRACE", "1", 1);
    text = session_stderr("one");
    expect_line(text, "sspishim: InitializeSecurityContext", "-> SEC_I_CONTINUE_NEEDED");
    expect_line(text, "sspishim: EncryptMessage", "-> SEC_E_OK");
    cr_assert_gt(count_lines(text), 10);
    free(text);
}

Test(trace, unset_is_silent)
{
    char *text;

    unsetenv("SSPISHIM_TRACE");
    text = session_stderr("unset");
    cr_assert_str_empty(text, "the trace wrote while off:\n%s", text);
    free(text);
}

Test(trace, zero_is_silent)
{
    char *text;

    setenv("SSPISHIM_TRACE", "0", 1);
    text = session_stderr("zero");
    cr_assert_str_empty(text, "the trace wrote while off:\n%s", text);
    free(text);
}
