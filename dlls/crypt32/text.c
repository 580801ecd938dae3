/* UTF-8 <-> UTF-16 conversion and the size protocol shared by the A/W name functions: natively
 * the "ANSI" code page is UTF-8. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence; malformed bytes become U+FFFD. */
static uint32_t next_code_point(const unsigned char *s, size_t size, size_t *pos)
{
    unsigned char c = s[*pos];
    uint32_t cp;
    size_t extra, i;

    if (c < 0x80) {
        (*pos)++;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        extra = 1;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        extra = 2;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        extra = 3;
        cp = c & 0x07;
    } else {
        (*pos)++;
        return 0xFFFD;
    }
    if (*pos + extra >= size) {
        *pos = size;
        return 0xFFFD;
    }
    for (i = 1; i <= extra; i++) {
        if ((s[*pos + i] & 0xC0) != 0x80) {
            *pos += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[*pos + i] & 0x3F);
    }
    *pos += extra + 1;
    return cp > 0x10FFFF ? 0xFFFD : cp;
}

WCHAR *crypt32_utf8_to_utf16(const char *utf8, size_t size, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    WCHAR *out = malloc((size + 1) * sizeof(WCHAR));
    size_t pos = 0, len = 0;

    if (!out)
        return NULL;
    while (pos < size) {
        uint32_t cp = next_code_point(s, size, &pos);

        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[len++] = (WCHAR)(0xD800 | (cp >> 10));
            out[len++] = (WCHAR)(0xDC00 | (cp & 0x3FF));
        } else {
            out[len++] = (WCHAR)cp;
        }
    }
    out[len] = 0;
    if (out_len)
        *out_len = len;
    return out;
}

char *crypt32_utf16_to_utf8(const WCHAR *text, size_t len)
{
    char *out = malloc(len * 3 + 1);
    size_t i, n = 0;

    if (!out)
        return NULL;
    for (i = 0; i < len; i++) {
        uint32_t cp = text[i];

        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < len && text[i + 1] >= 0xDC00 &&
            text[i + 1] < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            i++;
        }
        if (cp < 0x80) {
            out[n++] = (char)cp;
        } else if (cp < 0x800) {
            out[n++] = (char)(0xC0 | (cp >> 6));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[n++] = (char)(0xE0 | (cp >> 12));
            out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[n++] = (char)(0xF0 | (cp >> 18));
            out[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[n] = 0;
    return out;
}

size_t crypt32_wcslen(const WCHAR *text)
{
    size_t len = 0;

    while (text[len])
        len++;
    return len;
}

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Case-insensitive substring test (ASCII folding; other characters compare exactly). */
BOOL crypt32_contains_nocase(const char *haystack, const char *needle)
{
    size_t i, j, hlen = strlen(haystack), nlen = strlen(needle);

    if (nlen > hlen)
        return FALSE;
    for (i = 0; i + nlen <= hlen; i++) {
        for (j = 0; j < nlen; j++) {
            if (fold((unsigned char)haystack[i + j]) != fold((unsigned char)needle[j]))
                break;
        }
        if (j == nlen)
            return TRUE;
    }
    return FALSE;
}

/* Windows' convention: the result counts characters including the terminating NUL; with no
 * buffer it is the size needed; a short buffer receives a truncated, terminated string. */
DWORD crypt32_output_a(const char *text, size_t len, LPSTR out, DWORD cch)
{
    size_t n;

    if (!out || !cch)
        return (DWORD)(len + 1);
    n = len < cch - 1 ? len : cch - 1;
    memcpy(out, text, n);
    out[n] = 0;
    return (DWORD)(n + 1);
}

DWORD crypt32_output_w(const char *text, size_t len, LPWSTR out, DWORD cch)
{
    size_t wlen = 0, n;
    WCHAR *wide = crypt32_utf8_to_utf16(text, len, &wlen);
    DWORD result;

    if (!wide) {
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
        if (out && cch)
            out[0] = 0;
        return out && cch ? 1 : 0;
    }
    if (!out || !cch) {
        result = (DWORD)(wlen + 1);
        goto done;
    }
    n = wlen < cch - 1 ? wlen : cch - 1;
    memcpy(out, wide, n * sizeof(WCHAR));
    out[n] = 0;
    result = (DWORD)(n + 1);
done:
    free(wide);
    return result;
}
