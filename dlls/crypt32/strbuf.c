/* A growing UTF-8 buffer for the name formatters; a failed allocation sticks. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

void crypt32_strbuf_add(struct crypt32_strbuf *buf, const char *text, size_t len)
{
    if (buf->failed)
        return;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 64;
        char *data;

        while (cap < buf->len + len + 1)
            cap *= 2;
        data = realloc(buf->data, cap);
        if (!data) {
            buf->failed = TRUE;
            return;
        }
        buf->data = data;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = 0;
}

void crypt32_strbuf_adds(struct crypt32_strbuf *buf, const char *text)
{
    crypt32_strbuf_add(buf, text, strlen(text));
}

void crypt32_strbuf_free(struct crypt32_strbuf *buf)
{
    free(buf->data);
    memset(buf, 0, sizeof(*buf));
}
