/* A list of allocations freed together: CERT_INFO points into many small buffers. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

struct crypt32_chunk {
    struct crypt32_chunk *next;
    max_align_t data[];
};

struct crypt32_arena {
    struct crypt32_chunk *chunks;
};

struct crypt32_arena *crypt32_arena_new(void)
{
    return calloc(1, sizeof(struct crypt32_arena));
}

void *crypt32_arena_alloc(struct crypt32_arena *arena, size_t size)
{
    struct crypt32_chunk *chunk = calloc(1, sizeof(*chunk) + (size ? size : 1));

    if (!chunk)
        return NULL;
    chunk->next = arena->chunks;
    arena->chunks = chunk;
    return chunk->data;
}

void *crypt32_arena_dup(struct crypt32_arena *arena, const void *data, size_t size)
{
    void *copy = crypt32_arena_alloc(arena, size);

    if (copy && size)
        memcpy(copy, data, size);
    return copy;
}

void crypt32_arena_free(struct crypt32_arena *arena)
{
    struct crypt32_chunk *chunk, *next;

    if (!arena)
        return;
    for (chunk = arena->chunks; chunk; chunk = next) {
        next = chunk->next;
        free(chunk);
    }
    free(arena);
}
