/* The SSPI call trace (see sspi_trace.h): lines are built on the caller's stack and written
 * whole, under a lock, so that threads do not interleave inside a line. */
#include "sspi_trace.h"
#include "platform.h"
#include "sspi_status_names.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

volatile long sspi_trace_state;

static platform_once trace_once = PLATFORM_ONCE_INIT;
static platform_mutex *trace_lock;
static FILE *trace_out;

static void trace_init(void)
{
    char value[1024];
    int on = platform_getenv("SSPISHIM_TRACE", value, sizeof(value)) && strcmp(value, "0") != 0;

    if (on && strcmp(value, "1") != 0)
        trace_out = fopen(value, "a");
    else if (on)
        trace_out = stderr;
    trace_lock = trace_out ? platform_mutex_new() : NULL;
    /* A file that cannot be opened turns the trace off rather than failing the calls. */
    sspi_trace_state = trace_out && trace_lock ? 2 : 1;
}

int sspi_trace_start(void)
{
    platform_run_once(&trace_once, trace_init);
    return sspi_trace_state == 2;
}

static void append(sspi_trace_line *line, const char *format, ...)
{
    size_t room = sizeof(line->text) - line->len;
    va_list args;
    int n;

    va_start(args, format);
    n = vsnprintf(line->text + line->len, room, format, args);
    va_end(args);
    if (n > 0)
        line->len += (size_t)n < room ? (size_t)n : room - 1;
}

void sspi_trace_begin(sspi_trace_line *line, const char *function)
{
    line->len = 0;
    line->text[0] = 0;
    append(line, "sspishim: %s", function);
}

void sspi_trace_handle(sspi_trace_line *line, const char *label, const SecHandle *handle)
{
    if (!handle)
        append(line, " %s=NULL", label);
    else
        append(line, " %s=%llx:%llx", label, (unsigned long long)handle->dwLower,
               (unsigned long long)handle->dwUpper);
}

void sspi_trace_hex(sspi_trace_line *line, const char *label, ULONG value)
{
    append(line, " %s=0x%08lx", label, (unsigned long)value);
}

void sspi_trace_text(sspi_trace_line *line, const char *label, const char *text)
{
    if (!text)
        append(line, " %s=NULL", label);
    else
        append(line, " %s=\"%.200s\"", label, text);
}

void sspi_trace_wtext(sspi_trace_line *line, const char *label, const WCHAR *text)
{
    char ascii[201];
    size_t i;

    if (!text) {
        append(line, " %s=NULL", label);
        return;
    }
    for (i = 0; text[i] && i + 1 < sizeof(ascii); i++)
        ascii[i] = text[i] >= 0x20 && text[i] < 0x7f ? (char)text[i] : '?';
    ascii[i] = 0;
    sspi_trace_text(line, label, ascii);
}

static const char *const buffer_type_names[] = {
    "EMPTY",
    "DATA",
    "TOKEN",
    "PKG_PARAMS",
    "MISSING",
    "EXTRA",
    "STREAM_TRAILER",
    "STREAM_HEADER",
    "NEGOTIATION_INFO",
    "PADDING",
    "STREAM",
    "MECHLIST",
    "MECHLIST_SIGNATURE",
    "TARGET",
    "CHANNEL_BINDINGS",
    "CHANGE_PASS_RESPONSE",
    "TARGET_HOST",
    "ALERT",
    "APPLICATION_PROTOCOLS",
    "SRTP_PROTECTION_PROFILES",
    "SRTP_MASTER_KEY_IDENTIFIER",
    "TOKEN_BINDING",
    "PRESHARED_KEY",
    "PRESHARED_KEY_IDENTITY",
    "DTLS_MTU",
    "SEND_GENERIC_TLS_EXTENSION",
    "SUBSCRIBE_GENERIC_TLS_EXTENSION",
    "FLAGS",
    "TRAFFIC_SECRETS",
    "CERTIFICATE_REQUEST_CONTEXT",
};

void sspi_trace_buffers(sspi_trace_line *line, const char *label, const SecBufferDesc *desc)
{
    ULONG i;

    if (!desc || !desc->pBuffers) {
        append(line, " %s=NULL", label);
        return;
    }
    append(line, " %s=[", label);
    for (i = 0; i < desc->cBuffers && i < 16; i++) {
        ULONG type = desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK;
        ULONG attributes = desc->pBuffers[i].BufferType & SECBUFFER_ATTRMASK;
        if (i)
            append(line, ", ");
        if (type < sizeof(buffer_type_names) / sizeof(buffer_type_names[0]))
            append(line, "%s", buffer_type_names[type]);
        else
            append(line, "TYPE_%lu", (unsigned long)type);
        if (attributes & SECBUFFER_READONLY)
            append(line, "|READONLY");
        if (attributes & SECBUFFER_READONLY_WITH_CHECKSUM)
            append(line, "|READONLY_WITH_CHECKSUM");
        append(line, " %lu", (unsigned long)desc->pBuffers[i].cbBuffer);
    }
    append(line, i < desc->cBuffers ? ", ...]" : "]");
}

#define STATUS_ENTRY(code) {code, #code},
static const struct {
    SECURITY_STATUS status;
    const char *name;
} status_names[] = {SSPI_STATUS_NAMES(STATUS_ENTRY)};

const char *sspi_trace_status_name(SECURITY_STATUS status)
{
    size_t i;

    for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
        if (status_names[i].status == status)
            return status_names[i].name;
    }
    return "?";
}

void sspi_trace_status(sspi_trace_line *line, SECURITY_STATUS status)
{
    append(line, " -> %s 0x%08lx", sspi_trace_status_name(status), (unsigned long)(ULONG)status);
}

void sspi_trace_end(sspi_trace_line *line)
{
    platform_mutex_lock(trace_lock);
    fprintf(trace_out, "%s\n", line->text);
    fflush(trace_out);
    platform_mutex_unlock(trace_lock);
}

void sspi_trace_handle_call(const char *function, const SecHandle *handle, SECURITY_STATUS status)
{
    sspi_trace_line line;

    sspi_trace_begin(&line, function);
    sspi_trace_handle(&line, "handle", handle);
    sspi_trace_status(&line, status);
    sspi_trace_end(&line);
}

void sspi_trace_message_begin(sspi_trace_line *line, const char *function, const SecHandle *context,
                              ULONG qop, const SecBufferDesc *message)
{
    sspi_trace_begin(line, function);
    sspi_trace_handle(line, "ctx", context);
    sspi_trace_hex(line, "qop", qop);
    sspi_trace_buffers(line, "in", message);
}

void sspi_trace_message_end(sspi_trace_line *line, SECURITY_STATUS status,
                            const SecBufferDesc *message)
{
    sspi_trace_status(line, status);
    sspi_trace_buffers(line, "out", message);
    sspi_trace_end(line);
}
