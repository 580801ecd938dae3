/* The handle table's lock-free lookups under load: STRESS_THREADS readers (default 4) pin and
 * look up handles drawn from a small shared set while one writer keeps removing them and putting
 * new objects in their place, STRESS_HANDLE_OPS times (default 200,000). Every object a reader
 * reaches must still be alive (its guard intact and not yet destroyed), and at the end every
 * object made must have been destroyed exactly once. Run under ThreadSanitizer in CI
 * (build/tsan), which also checks the memory ordering of the pins. */
#include "sspi_handles.h"
#include "stress_common.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SHARED_HANDLES 8
#define GUARD          0x5a5a5a5aL
#define PACKAGE        ((ULONG_PTR)1)

typedef struct guarded {
    sspi_object base;
    volatile long guard; /* GUARD while alive, cleared by destroy before the memory goes */
} guarded;

static sspi_handle_table *table;
/* dwLower of the live handles (dwUpper is always PACKAGE): the writer replaces them while the
 * readers use them, so a reader often holds a handle that was just removed. */
static volatile ULONG_PTR shared[SHARED_HANDLES];
static volatile long made, destroyed, bad_reads, stop;

static void destroy_guarded(sspi_object *object)
{
    guarded *g = (guarded *)object;
    if (__atomic_exchange_n(&g->guard, 0, __ATOMIC_ACQ_REL) != GUARD)
        __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED); /* destroyed twice */
    __atomic_add_fetch(&destroyed, 1, __ATOMIC_RELAXED);
    free(g);
}

static ULONG_PTR put_new_object(void)
{
    guarded *g = calloc(1, sizeof(*g));
    SecHandle handle = {0, 0};

    if (!g) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    sspi_object_init(&g->base, destroy_guarded);
    g->guard = GUARD;
    __atomic_add_fetch(&made, 1, __ATOMIC_RELAXED);
    if (sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &g->base, &handle) != SEC_E_OK)
        __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
    sspi_object_unref(&g->base);
    return handle.dwLower;
}

static void check_alive(sspi_object *object)
{
    if (__atomic_load_n(&((guarded *)object)->guard, __ATOMIC_ACQUIRE) != GUARD)
        __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
}

static void *reader(void *arg)
{
    unsigned seed = (unsigned)(size_t)arg;
    sspi_object *object;
    sspi_slot *pin;
    SecHandle handle = {0, PACKAGE};
    long pins = 0;

    while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
        seed = seed * 1103515245u + 12345u;
        handle.dwLower = __atomic_load_n(&shared[(seed >> 16) % SHARED_HANDLES], __ATOMIC_RELAXED);
        if (seed & 0x100) {
            if (sspi_handle_pin(table, &handle, SSPI_HANDLE_CONTEXT, &object, &pin) == SEC_E_OK) {
                check_alive(object);
                sspi_handle_unpin(table, pin);
                pins++;
            }
        } else if (sspi_handle_lookup(table, &handle, SSPI_HANDLE_CONTEXT, &object) == SEC_E_OK) {
            check_alive(object);
            sspi_object_unref(object);
        }
    }
    return (void *)pins;
}

int main(void)
{
    long threads = stress_count("STRESS_THREADS", 4);
    long ops = stress_count("STRESS_HANDLE_OPS", 200000), i, pins = 0;
    pthread_t *readers = calloc((size_t)threads, sizeof(*readers));
    sspi_object *removed;
    SecHandle handle = {0, PACKAGE};
    void *result;

    table = sspi_handle_table_new();
    if (!readers || !table)
        return 1;
    for (i = 0; i < SHARED_HANDLES; i++)
        __atomic_store_n(&shared[i], put_new_object(), __ATOMIC_RELAXED);
    for (i = 0; i < threads; i++)
        if (pthread_create(&readers[i], NULL, reader, (void *)(size_t)(i + 1)) != 0)
            return 1;
    for (i = 0; i < ops; i++) {
        handle.dwLower = __atomic_load_n(&shared[i % SHARED_HANDLES], __ATOMIC_RELAXED);
        if (sspi_handle_remove(table, &handle, SSPI_HANDLE_CONTEXT, &removed) != SEC_E_OK)
            __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
        else
            sspi_object_unref(removed);
        __atomic_store_n(&shared[i % SHARED_HANDLES], put_new_object(), __ATOMIC_RELAXED);
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    for (i = 0; i < threads; i++) {
        pthread_join(readers[i], &result);
        pins += (long)result;
    }
    sspi_handle_table_free(table);
    printf("stress_handles: %ld threads, %ld replacements, %ld pins; %ld objects made, %ld "
           "destroyed, %ld bad\n",
           threads, ops, pins, made, destroyed, bad_reads);
    free(readers);
    return bad_reads != 0 || destroyed != made || pins == 0;
}
