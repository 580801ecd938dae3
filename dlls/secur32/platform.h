/* The few operating-system services the SSPI layer needs: a mutex, atomic reference counts and
 * the allocator behind FreeContextBuffer. One implementation per platform (platform_win32.c,
 * platform_posix.c); nothing else in the library calls the OS for these. */
#ifndef SSPISHIM_PLATFORM_H
#define SSPISHIM_PLATFORM_H

#include <stddef.h>

typedef struct platform_mutex platform_mutex;

/* Returns NULL when out of memory. */
platform_mutex *platform_mutex_new(void);
void platform_mutex_free(platform_mutex *mutex);
void platform_mutex_lock(platform_mutex *mutex);
void platform_mutex_unlock(platform_mutex *mutex);

/* Runs init exactly once, however many threads race here. */
typedef struct platform_once {
    volatile long state;
} platform_once;
#define PLATFORM_ONCE_INIT                                                                         \
    {                                                                                              \
        0                                                                                          \
    }
void platform_run_once(platform_once *once, void (*init)(void));

/* Atomic counters; both return the new value. */
long platform_atomic_inc(volatile long *value);
long platform_atomic_dec(volatile long *value);

/* Pointer-sized atomic words and pointers, for the handle table's lock-free lookups. The
 * compare-and-swap and the add are full barriers; loads acquire, stores release. */
size_t platform_word_load(const volatile size_t *word);
/* Replaces *word by `desired` if it still holds `expected`; returns whether it did. */
int platform_word_cas(volatile size_t *word, size_t expected, size_t desired);
/* Adds `delta` (modulo the word's size, so (size_t)-1 subtracts one); returns the new value. */
size_t platform_word_add(volatile size_t *word, size_t delta);
void *platform_ptr_load(void *const volatile *ptr);
void platform_ptr_store(void *volatile *ptr, void *value);

/* Copies environment variable `name` into `out` (the process environment: GetEnvironmentVariable
 * on Windows). Returns 0 when it is unset, empty or longer than `size` - 1. */
int platform_getenv(const char *name, char *out, size_t size);

/* Memory handed to callers, released by FreeContextBuffer: the process heap on Windows (as
 * Windows' secur32 does, so a buffer from any SSP can be freed), malloc elsewhere. */
void *platform_buffer_alloc(size_t size);
void platform_buffer_free(void *ptr);

#endif
