/* Counts heap allocations of the whole process (this program, libsecur32, OpenSSL) on glibc,
 * whose allocator a program may replace by defining malloc and friends: these forward to it.
 * Elsewhere nothing is counted. */
#include "bench.h"

#include <stdlib.h>

#if defined(__GLIBC__) && !defined(_WIN32)
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *block, size_t size);
void __libc_free(void *block);

static long allocations;

static void count(void)
{
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t size)
{
    count();
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size)
{
    count();
    return __libc_calloc(count_, size);
}

/* A realloc may move the block: it counts as an allocation. */
void *realloc(void *block, size_t size)
{
    count();
    return __libc_realloc(block, size);
}

void free(void *block)
{
    __libc_free(block);
}

long bench_allocations(void)
{
    return __atomic_load_n(&allocations, __ATOMIC_RELAXED);
}
#else
long bench_allocations(void)
{
    return -1;
}
#endif
