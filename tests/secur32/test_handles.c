/* The handle table: lookups, stale and forged handles, types, generations, threads. */
#include "sspi_handles.h"

#include <criterion/criterion.h>
#include <pthread.h>
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
