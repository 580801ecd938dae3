/* A/W string conversion (see sspi_strings.h). */
#include "sspi_strings.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t sspi_wcslen(const WCHAR *str)
{
    size_t len = 0;
    while (str[len])
        len++;
    return len;
}

static WCHAR fold(WCHAR c)
{
    return (c >= 'A' && c <= 'Z') ? (WCHAR)(c - 'A' + 'a') : c;
}

int sspi_wcsicmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && fold(*a) == fold(*b)) {
        a++;
        b++;
    }
    return (int)fold(*a) - (int)fold(*b);
}

#ifdef _WIN32

SECURITY_STATUS sspi_a_to_w(const char *in, WCHAR **out)
{
    int len;
    *out = NULL;
    if (!in)
        return SEC_E_OK;
    len = MultiByteToWideChar(CP_ACP, 0, in, -1, NULL, 0);
    if (len <= 0)
        return SEC_E_INVALID_TOKEN;
    *out = malloc((size_t)len * sizeof(WCHAR));
    if (!*out)
        return SEC_E_INSUFFICIENT_MEMORY;
    MultiByteToWideChar(CP_ACP, 0, in, -1, *out, len);
    return SEC_E_OK;
}

size_t sspi_w_to_a_size(const WCHAR *in)
{
    int len = WideCharToMultiByte(CP_ACP, 0, in, -1, NULL, 0, NULL, NULL);
    return len > 0 ? (size_t)len : 1;
}

size_t sspi_w_to_a(const WCHAR *in, char *out, size_t size)
{
    int len = WideCharToMultiByte(CP_ACP, 0, in, -1, out, (int)size, NULL, NULL);
    if (len <= 0) {
        out[0] = 0;
        return 1;
    }
    return (size_t)len;
}

#else

/* Decodes one UTF-8 sequence; returns its length, 0 if malformed. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    size_t len, i;
    uint32_t min;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, *cp = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, *cp = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, *cp = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

SECURITY_STATUS sspi_a_to_w(const char *in, WCHAR **out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t pos = 0, step;
    uint32_t cp;
    WCHAR *w;

    *out = NULL;
    if (!in)
        return SEC_E_OK;
    /* UTF-16 never needs more units than UTF-8 has bytes. */
    w = malloc((strlen(in) + 1) * sizeof(WCHAR));
    if (!w)
        return SEC_E_INSUFFICIENT_MEMORY;
    while (*s) {
        step = utf8_decode(s, &cp);
        if (!step) {
            free(w);
            return SEC_E_INVALID_TOKEN;
        }
        s += step;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[pos++] = (WCHAR)(0xD800 | (cp >> 10));
            w[pos++] = (WCHAR)(0xDC00 | (cp & 0x3FF));
        } else {
            w[pos++] = (WCHAR)cp;
        }
    }
    w[pos] = 0;
    *out = w;
    return SEC_E_OK;
}

/* Next code point of a UTF-16 string (lone surrogates become U+FFFD); returns units read. */
static size_t utf16_next(const WCHAR *in, uint32_t *cp)
{
    if (in[0] >= 0xD800 && in[0] <= 0xDBFF && in[1] >= 0xDC00 && in[1] <= 0xDFFF) {
        *cp = 0x10000 + (((uint32_t)in[0] - 0xD800) << 10) + (in[1] - 0xDC00);
        return 2;
    }
    *cp = (in[0] >= 0xD800 && in[0] <= 0xDFFF) ? 0xFFFD : in[0];
    return 1;
}

static size_t utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

size_t sspi_w_to_a_size(const WCHAR *in)
{
    size_t size = 1;
    uint32_t cp;
    while (*in) {
        in += utf16_next(in, &cp);
        size += utf8_len(cp);
    }
    return size;
}

size_t sspi_w_to_a(const WCHAR *in, char *out, size_t size)
{
    size_t pos = 0, len;
    uint32_t cp;
    unsigned char *o = (unsigned char *)out;

    while (*in) {
        in += utf16_next(in, &cp);
        len = utf8_len(cp);
        if (pos + len + 1 > size)
            break;
        if (len == 1) {
            o[pos] = (unsigned char)cp;
        } else if (len == 2) {
            o[pos] = (unsigned char)(0xC0 | (cp >> 6));
            o[pos + 1] = (unsigned char)(0x80 | (cp & 0x3F));
        } else if (len == 3) {
            o[pos] = (unsigned char)(0xE0 | (cp >> 12));
            o[pos + 1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            o[pos + 2] = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            o[pos] = (unsigned char)(0xF0 | (cp >> 18));
            o[pos + 1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            o[pos + 2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            o[pos + 3] = (unsigned char)(0x80 | (cp & 0x3F));
        }
        pos += len;
    }
    o[pos++] = 0;
    return pos;
}

#endif
