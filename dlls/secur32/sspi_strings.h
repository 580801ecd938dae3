/* Strings of the A and W entry points. W strings are UTF-16. A strings are the ANSI code page on
 * Windows (as secur32 does) and UTF-8 elsewhere. */
#ifndef SSPISHIM_SSPI_STRINGS_H
#define SSPISHIM_SSPI_STRINGS_H

#include "win_sspi.h"

#include <stddef.h>

size_t sspi_wcslen(const WCHAR *str);
/* Case-insensitive comparison of ASCII letters (package names are ASCII); 0 when equal. */
int sspi_wcsicmp(const WCHAR *a, const WCHAR *b);

/* A -> W into a malloc'd string (free with free()). A NULL input gives *out = NULL and SEC_E_OK.
 * SEC_E_INSUFFICIENT_MEMORY or SEC_E_INVALID_TOKEN (unconvertible) otherwise. */
SECURITY_STATUS sspi_a_to_w(const char *in, WCHAR **out);

/* Bytes (terminator included) that `in` needs as an A string. */
size_t sspi_w_to_a_size(const WCHAR *in);
/* Converts into `out` of `size` bytes (from sspi_w_to_a_size); returns the bytes written. */
size_t sspi_w_to_a(const WCHAR *in, char *out, size_t size);

#endif
