/* The handle table: lookups and pins, stale and forged handles, types, generations, threads. */
#include "sspi_handles.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#define PACKAGE ((ULONG_PTR)0x1000)

typedef struct counted {
    sspi_object base;
    int *destroyed;
} counted;

static void destroy_counted(sspi_object *object)
{
    counted *c = (counted *)object;
    if (c->destroyed)
        (*c->destroyed)++;
    free(c);
}

static counted *new_counted(int *destroyed)
{
    counted *c = calloc(1, sizeof(*c));
    cr_assert_not_null(c);
    sspi_object_init(&c->base, destroy_counted);
    c->destroyed = destroyed;
    return c;
}

static sspi_handle_table *table;

static void setup(void)
{
    table = sspi_handle_table_new();
    cr_assert_not_null(table);
}

static void teardown(void)
{
    sspi_handle_table_free(table);
}

TestSuite(handles, .init = setup, .fini = teardown);

Test(handles, insert_lookup_remove)
{
    int destroyed = 0;
    counted *c = new_counted(&destroyed);
    sspi_object *found = NULL;
    SecHandle h;

    cr_assert_eq(sspi_handle_insert(table, SSPI_HANDLE_CREDENTIAL, PACKAGE, &c->base, &h),
                 SEC_E_OK);
    sspi_object_unref(&c->base); /* the table keeps it alive */
    cr_assert_eq(destroyed, 0);
    cr_assert_eq(h.dwUpper, PACKAGE);
    cr_assert_neq(h.dwLower, 0, "a valid handle never looks absent");
    cr_assert_neq(h.dwLower, (ULONG_PTR)-1, "a valid handle never looks invalidated");
    cr_assert_eq(sspi_handle_count(table), 1);

    cr_assert_eq(sspi_handle_lookup(table, &h, SSPI_HANDLE_CREDENTIAL, &found), SEC_E_OK);
    cr_assert_eq(found, &c->base);
    sspi_object_unref(found);

    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CREDENTIAL, &found), SEC_E_OK);
    cr_assert_eq(destroyed, 0, "remove hands the reference to the caller");
    sspi_object_unref(found);
    cr_assert_eq(destroyed, 1);
    cr_assert_eq(sspi_handle_count(table), 0);
}

Test(handles, stale_handle_after_free)
{
    counted *c = new_counted(NULL);
    sspi_object *found = NULL;
    SecHandle h;

    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_OK);
    sspi_object_unref(found);
    cr_assert_eq(sspi_handle_lookup(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE,
                 "double free is detected");
}

Test(handles, reused_slot_gets_new_generation)
{
    counted *a = new_counted(NULL), *b = new_counted(NULL);
    sspi_object *found = NULL;
    SecHandle ha, hb;

    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &a->base, &ha);
    sspi_object_unref(&a->base);
    sspi_handle_remove(table, &ha, SSPI_HANDLE_CONTEXT, &found);
    sspi_object_unref(found);
    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &b->base, &hb);
    sspi_object_unref(&b->base);

    cr_assert_neq(ha.dwLower, hb.dwLower, "same slot, different generation");
    cr_assert_eq(sspi_handle_lookup(table, &ha, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE,
                 "the old handle must not reach the new object");
    cr_assert_eq(sspi_handle_lookup(table, &hb, SSPI_HANDLE_CONTEXT, &found), SEC_E_OK);
    sspi_object_unref(found);
}

Test(handles, wrong_type_and_package)
{
    counted *c = new_counted(NULL);
    sspi_object *found = NULL;
    SecHandle h, other;

    sspi_handle_insert(table, SSPI_HANDLE_CREDENTIAL, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    cr_assert_eq(sspi_handle_lookup(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE);
    other = h;
    other.dwUpper = PACKAGE + 8;
    cr_assert_eq(sspi_handle_lookup(table, &other, SSPI_HANDLE_CREDENTIAL, &found),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_lookup(table, &h, SSPI_HANDLE_CREDENTIAL, &found), SEC_E_OK,
                 "failed lookups leave the handle valid");
    sspi_object_unref(found);
}

Test(handles, forged_and_null)
{
    sspi_object *found = NULL;
    SecHandle forged[] = {{0, 0},
                          {0, PACKAGE},
                          {1, PACKAGE},
                          {(ULONG_PTR)-1, PACKAGE},
                          {(ULONG_PTR)-2, PACKAGE},
                          {0xdeadbeef, PACKAGE},
                          {12345678, PACKAGE}};
    size_t i;
    counted *c = new_counted(NULL);
    SecHandle h;

    sspi_handle_insert(table, SSPI_HANDLE_CREDENTIAL, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    cr_assert_eq(sspi_handle_lookup(table, NULL, SSPI_HANDLE_CREDENTIAL, &found),
                 SEC_E_INVALID_HANDLE);
    for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
        cr_assert_eq(sspi_handle_lookup(table, &forged[i], SSPI_HANDLE_CREDENTIAL, &found),
                     SEC_E_INVALID_HANDLE, "forged handle %zu accepted", i);
    /* Same slot, neighbouring generations. */
    forged[0] = h;
    forged[0].dwLower += (ULONG_PTR)1 << 20;
    cr_assert_eq(sspi_handle_lookup(table, &forged[0], SSPI_HANDLE_CREDENTIAL, &found),
                 SEC_E_INVALID_HANDLE);
}

Test(handles, lookup_reference_outlives_remove)
{
    int destroyed = 0;
    counted *c = new_counted(&destroyed);
    sspi_object *held = NULL, *removed = NULL;
    SecHandle h;

    sspi_handle_insert(table, SSPI_HANDLE_CREDENTIAL, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    sspi_handle_lookup(table, &h, SSPI_HANDLE_CREDENTIAL, &held);
    sspi_handle_remove(table, &h, SSPI_HANDLE_CREDENTIAL, &removed);
    sspi_object_unref(removed);
    cr_assert_eq(destroyed, 0, "a user still holds it");
    sspi_object_unref(held);
    cr_assert_eq(destroyed, 1);
}

Test(handles, pin_outlives_remove)
{
    int destroyed = 0;
    counted *c = new_counted(&destroyed), *d = new_counted(NULL);
    sspi_object *pinned = NULL, *removed = NULL, *found = NULL;
    sspi_slot *pin = NULL, *late = NULL;
    SecHandle h, other;

    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    cr_assert_eq(sspi_handle_pin(table, &h, SSPI_HANDLE_CONTEXT, &pinned, &pin), SEC_E_OK);
    cr_assert_eq(pinned, &c->base);
    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CONTEXT, &removed), SEC_E_OK);
    sspi_object_unref(removed);
    cr_assert_eq(destroyed, 0, "a pinned object lives on after its handle is removed");
    cr_assert_eq(sspi_handle_count(table), 0);
    cr_assert_eq(sspi_handle_pin(table, &h, SSPI_HANDLE_CONTEXT, &found, &late),
                 SEC_E_INVALID_HANDLE, "a removed handle cannot be pinned");
    cr_assert_eq(sspi_handle_lookup(table, &h, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE);
    /* The pinned slot is not handed out again while its pin is held... */
    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &d->base, &other);
    sspi_object_unref(&d->base);
    cr_assert_neq(other.dwLower & 0xfffff, h.dwLower & 0xfffff);
    sspi_handle_unpin(table, pin);
    cr_assert_eq(destroyed, 1, "the last pin releases it");
}

Test(handles, last_pin_frees_the_slot)
{
    counted *a = new_counted(NULL), *b = new_counted(NULL), *c = new_counted(NULL);
    sspi_object *found = NULL;
    sspi_slot *first = NULL, *second = NULL;
    SecHandle ha, hb, hc;

    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &a->base, &ha);
    sspi_object_unref(&a->base);
    cr_assert_eq(sspi_handle_pin(table, &ha, SSPI_HANDLE_CONTEXT, &found, &first), SEC_E_OK);
    cr_assert_eq(sspi_handle_pin(table, &ha, SSPI_HANDLE_CONTEXT, &found, &second), SEC_E_OK);
    sspi_handle_remove(table, &ha, SSPI_HANDLE_CONTEXT, &found);
    sspi_object_unref(found);
    sspi_handle_unpin(table, first);
    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &b->base, &hb);
    sspi_object_unref(&b->base);
    cr_assert_neq(hb.dwLower & 0xfffff, ha.dwLower & 0xfffff, "one pin is still held");
    sspi_handle_unpin(table, second);
    /* ...and is reused, under a new generation, once the last one is given back. */
    sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &c->base, &hc);
    sspi_object_unref(&c->base);
    cr_assert_eq(hc.dwLower & 0xfffff, ha.dwLower & 0xfffff);
    cr_assert_neq(hc.dwLower, ha.dwLower);
    cr_assert_eq(sspi_handle_lookup(table, &ha, SSPI_HANDLE_CONTEXT, &found), SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_count(table), 2);
}

Test(handles, pin_rejects_what_lookup_rejects)
{
    counted *c = new_counted(NULL);
    sspi_object *found = NULL;
    sspi_slot *pin = NULL;
    SecHandle h, forged;

    sspi_handle_insert(table, SSPI_HANDLE_CREDENTIAL, PACKAGE, &c->base, &h);
    sspi_object_unref(&c->base);
    cr_assert_eq(sspi_handle_pin(table, NULL, SSPI_HANDLE_CREDENTIAL, &found, &pin),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_pin(table, &h, SSPI_HANDLE_CONTEXT, &found, &pin),
                 SEC_E_INVALID_HANDLE, "other type");
    forged = h;
    forged.dwUpper = PACKAGE + 8;
    cr_assert_eq(sspi_handle_pin(table, &forged, SSPI_HANDLE_CREDENTIAL, &found, &pin),
                 SEC_E_INVALID_HANDLE, "other package");
    forged = h;
    forged.dwLower += (ULONG_PTR)1 << 20;
    cr_assert_eq(sspi_handle_pin(table, &forged, SSPI_HANDLE_CREDENTIAL, &found, &pin),
                 SEC_E_INVALID_HANDLE, "other generation");
    forged.dwLower = h.dwLower + 1; /* a slot of the same chunk never handed out */
    cr_assert_eq(sspi_handle_pin(table, &forged, SSPI_HANDLE_CREDENTIAL, &found, &pin),
                 SEC_E_INVALID_HANDLE, "unused slot");
    forged.dwLower = (h.dwLower & ~(ULONG_PTR)0xfffff) | 0xffffe; /* a chunk never made */
    cr_assert_eq(sspi_handle_pin(table, &forged, SSPI_HANDLE_CREDENTIAL, &found, &pin),
                 SEC_E_INVALID_HANDLE, "unallocated chunk");
    /* A failed pin leaves nothing pinned: the handle is removed and its object freed at once. */
    cr_assert_eq(sspi_handle_remove(table, &h, SSPI_HANDLE_CREDENTIAL, &found), SEC_E_OK);
    cr_assert_eq(found->refs, 1, "only the reference the removal handed over");
    sspi_object_unref(found);
}

Test(handles, grows_past_initial_capacity)
{
    enum { N = 1000 };
    SecHandle *h = calloc(N, sizeof(*h));
    sspi_object *found = NULL;
    int i, destroyed = 0;

    for (i = 0; i < N; i++) {
        counted *c = new_counted(&destroyed);
        cr_assert_eq(sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &c->base, &h[i]),
                     SEC_E_OK);
        sspi_object_unref(&c->base);
    }
    for (i = 0; i < N; i++) {
        cr_assert_eq(sspi_handle_lookup(table, &h[i], SSPI_HANDLE_CONTEXT, &found), SEC_E_OK);
        sspi_object_unref(found);
    }
    cr_assert_eq(sspi_handle_count(table), N);
    free(h);
    sspi_handle_table_free(table);
    table = sspi_handle_table_new();
    cr_assert_eq(destroyed, N, "freeing the table releases every object");
}

/* Several threads create, look up, and free handles while trying each other's stale ones. */
#define THREADS    8
#define ITERATIONS 5000

static SecHandle shared_stale[THREADS];

static void *worker(void *arg)
{
    size_t id = (size_t)arg, i;
    long failures = 0;
    sspi_object *found;
    sspi_slot *pin;
    SecHandle h;

    for (i = 0; i < ITERATIONS; i++) {
        counted *c = new_counted(NULL);
        sspi_handle_type type = (i & 1) ? SSPI_HANDLE_CONTEXT : SSPI_HANDLE_CREDENTIAL;
        if (sspi_handle_insert(table, type, PACKAGE, &c->base, &h) != SEC_E_OK)
            failures++;
        sspi_object_unref(&c->base);
        if (sspi_handle_lookup(table, &h, type, &found) != SEC_E_OK || found != &c->base)
            failures++;
        else
            sspi_object_unref(found);
        if (sspi_handle_pin(table, &h, type, &found, &pin) != SEC_E_OK || found != &c->base)
            failures++;
        else
            sspi_handle_unpin(table, pin);
        if (sspi_handle_remove(table, &h, type, &found) != SEC_E_OK)
            failures++;
        else
            sspi_object_unref(found);
        shared_stale[id] = h;
        /* Somebody's freed handle: must never resolve, whatever reused its slot. */
        h = shared_stale[(id + 1) % THREADS];
        if (h.dwUpper && sspi_handle_lookup(table, &h, SSPI_HANDLE_CONTEXT, &found) == SEC_E_OK) {
            sspi_object_unref(found);
            failures++;
        }
        if (h.dwUpper &&
            sspi_handle_pin(table, &h, SSPI_HANDLE_CONTEXT, &found, &pin) == SEC_E_OK) {
            sspi_handle_unpin(table, pin);
            failures++;
        }
    }
    return (void *)failures;
}

Test(handles, concurrent_use)
{
    pthread_t threads[THREADS];
    void *result;
    size_t i;
    long failures = 0;

    for (i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_create(&threads[i], NULL, worker, (void *)i), 0);
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], &result);
        failures += (long)result;
    }
    cr_assert_eq(failures, 0);
    cr_assert_eq(sspi_handle_count(table), 0);
}

/* Threads pin and unpin one handle while it is removed under them: every pin that succeeds
 * sees the live object, none succeeds after the removal returned, and the object is destroyed
 * exactly once, after the last pin. */
#define PINNERS 6

typedef struct pin_race {
    SecHandle handle;
    sspi_object *object;
    volatile int removed;
    volatile long failures;
    volatile long pins;
} pin_race;

static void *pinner(void *arg)
{
    pin_race *race = arg;
    sspi_object *found;
    sspi_slot *pin;
    int removed;

    for (;;) {
        removed = __atomic_load_n(&race->removed, __ATOMIC_ACQUIRE);
        if (sspi_handle_pin(table, &race->handle, SSPI_HANDLE_CONTEXT, &found, &pin) != SEC_E_OK)
            break;
        if (removed || found != race->object || found->refs < 1)
            __atomic_add_fetch(&race->failures, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&race->pins, 1, __ATOMIC_RELAXED);
        sspi_handle_unpin(table, pin);
    }
    return NULL;
}

Test(handles, concurrent_pins_and_remove)
{
    pthread_t threads[PINNERS];
    int round, destroyed = 0;
    size_t i;

    for (round = 0; round < 200; round++) {
        counted *c = new_counted(&destroyed);
        pin_race race = {.object = &c->base};
        sspi_object *removed;

        sspi_handle_insert(table, SSPI_HANDLE_CONTEXT, PACKAGE, &c->base, &race.handle);
        sspi_object_unref(&c->base);
        for (i = 0; i < PINNERS; i++)
            cr_assert_eq(pthread_create(&threads[i], NULL, pinner, &race), 0);
        while (__atomic_load_n(&race.pins, __ATOMIC_RELAXED) < 50)
            sched_yield();
        cr_assert_eq(sspi_handle_remove(table, &race.handle, SSPI_HANDLE_CONTEXT, &removed),
                     SEC_E_OK);
        __atomic_store_n(&race.removed, 1, __ATOMIC_RELEASE);
        sspi_object_unref(removed);
        for (i = 0; i < PINNERS; i++)
            pthread_join(threads[i], NULL);
        cr_assert_eq(race.failures, 0, "round %d", round);
        cr_assert_eq(destroyed, round + 1, "round %d", round);
    }
    cr_assert_eq(sspi_handle_count(table), 0);
}
