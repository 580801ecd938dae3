/* Growable byte buffer for engine output. */
#include "tls_engine.h"

#include <stdlib.h>
#include <string.h>

void tls_bytes_free(tls_bytes *bytes)
{
    if (!bytes->fixed)
        free(bytes->data);
    bytes->data = NULL;
    bytes->len = bytes->cap = 0;
    bytes->fixed = 0;
}

static int grow(tls_bytes *bytes, size_t len)
{
    size_t cap = bytes->cap ? bytes->cap : 1024;
    uint8_t *grown;

    while (cap - bytes->len < len)
        cap *= 2;
    grown = realloc(bytes->data, cap);
    if (!grown)
        return 0;
    bytes->data = grown;
    bytes->cap = cap;
    return 1;
}

int tls_bytes_append(tls_bytes *bytes, const void *data, size_t len)
{
    if (bytes->cap - bytes->len < len && (bytes->fixed || !grow(bytes, len)))
        return 0;
    memcpy(bytes->data + bytes->len, data, len);
    bytes->len += len;
    return 1;
}
