/* POSIX primitives behind platform.h. */
#include "platform.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

struct platform_mutex {
    pthread_mutex_t mutex;
};

platform_mutex *platform_mutex_new(void)
{
    platform_mutex *mutex = malloc(sizeof(*mutex));
    if (mutex && pthread_mutex_init(&mutex->mutex, NULL) != 0) {
        free(mutex);
        mutex = NULL;
    }
    return mutex;
}

void platform_mutex_free(platform_mutex *mutex)
{
    if (!mutex)
        return;
    pthread_mutex_destroy(&mutex->mutex);
    free(mutex);
}

void platform_mutex_lock(platform_mutex *mutex)
{
    pthread_mutex_lock(&mutex->mutex);
}

void platform_mutex_unlock(platform_mutex *mutex)
{
    pthread_mutex_unlock(&mutex->mutex);
}

/* pthread_once cannot take a per-call function with a shared control, so use a small state
 * machine: 0 = not started, 1 = running, 2 = done. */
void platform_run_once(platform_once *once, void (*init)(void))
{
    long expected = 0;
    if (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE) == 2)
        return;
    if (__atomic_compare_exchange_n(&once->state, &expected, 1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        init();
        __atomic_store_n(&once->state, 2, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE) != 2)
        sched_yield();
}

long platform_atomic_inc(volatile long *value)
{
    return __atomic_add_fetch(value, 1, __ATOMIC_ACQ_REL);
}

long platform_atomic_dec(volatile long *value)
{
    return __atomic_sub_fetch(value, 1, __ATOMIC_ACQ_REL);
}

size_t platform_word_load(const volatile size_t *word)
{
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

int platform_word_cas(volatile size_t *word, size_t expected, size_t desired)
{
    return __atomic_compare_exchange_n(word, &expected, desired, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_ACQUIRE);
}

size_t platform_word_add(volatile size_t *word, size_t delta)
{
    return __atomic_add_fetch(word, delta, __ATOMIC_SEQ_CST);
}

void *platform_ptr_load(void *const volatile *ptr)
{
    return __atomic_load_n(ptr, __ATOMIC_ACQUIRE);
}

void platform_ptr_store(void *volatile *ptr, void *value)
{
    __atomic_store_n(ptr, value, __ATOMIC_RELEASE);
}

void *platform_buffer_alloc(size_t size)
{
    return malloc(size ? size : 1);
}

void platform_buffer_free(void *ptr)
{
    free(ptr);
}

int platform_getenv(const char *name, char *out, size_t size)
{
    const char *value = getenv(name);
    size_t len = value ? strlen(value) : 0;

    if (!len || len >= size)
        return 0;
    memcpy(out, value, len + 1);
    return 1;
}
