/* A trace of SSPI calls for people debugging a program: SSPISHIM_TRACE=1 writes one line per call
 * to stderr, SSPISHIM_TRACE=PATH appends them to a file; unset, empty or 0 is off. The variable
 * is read once; when off, each entry point pays one comparison (SSPI_TRACE_ON). */
#ifndef SSPISHIM_SSPI_TRACE_H
#define SSPISHIM_SSPI_TRACE_H

#include "win_sspi.h"

#include <stddef.h>

/* 0 = not read yet, 1 = off, 2 = on. */
extern volatile long sspi_trace_state;
int sspi_trace_start(void);
#define SSPI_TRACE_ON() (sspi_trace_state != 1 && sspi_trace_start())

/* One line being built by an entry point: the arguments before the call, the results after. */
typedef struct sspi_trace_line {
    char text[1536];
    size_t len;
} sspi_trace_line;

void sspi_trace_begin(sspi_trace_line *line, const char *function);
/* ` label=lower:upper`, or ` label=NULL`. */
void sspi_trace_handle(sspi_trace_line *line, const char *label, const SecHandle *handle);
/* ` label=0x%08lx`. */
void sspi_trace_hex(sspi_trace_line *line, const char *label, ULONG value);
/* ` label="text"` (NULL: ` label=NULL`); UTF-16 shown as ASCII, other characters as '?'. */
void sspi_trace_text(sspi_trace_line *line, const char *label, const char *text);
void sspi_trace_wtext(sspi_trace_line *line, const char *label, const WCHAR *text);
/* ` label=[TOKEN 517, EMPTY 0]`: each buffer's type (attribute bits as |READONLY...) and size. */
void sspi_trace_buffers(sspi_trace_line *line, const char *label, const SecBufferDesc *desc);
/* ` -> NAME 0x%08lx`: what follows it on the line is the call's results. */
void sspi_trace_status(sspi_trace_line *line, SECURITY_STATUS status);
/* Writes the line. */
void sspi_trace_end(sspi_trace_line *line);

/* Lines of a whole call, for entry points whose arguments are all known after it returns. */
void sspi_trace_handle_call(const char *function, const SecHandle *handle, SECURITY_STATUS status);
/* A message call: the buffers before the call (begin) and after it (end). */
void sspi_trace_message_begin(sspi_trace_line *line, const char *function, const SecHandle *context,
                              ULONG qop, const SecBufferDesc *message);
void sspi_trace_message_end(sspi_trace_line *line, SECURITY_STATUS status,
                            const SecBufferDesc *message);

/* The name of a status code ("SEC_E_WRONG_PRINCIPAL"), or "?" when the trace does not know it. */
const char *sspi_trace_status_name(SECURITY_STATUS status);

#endif
