/* The handle table (see sspi_handles.h).
 *
 * Slots live in chunks that never move, so a lookup reaches its slot without a lock. Each slot
 * has one state word holding its generation, its handle type and the number of lookups in
 * flight ("pins"); a lookup pins the slot with one compare-and-swap that also proves the handle
 * is still live, and a removal retires the generation with another. Insertions, removals and the
 * free list are serialised by a mutex. Objects carry their own reference counts, so destruction
 * happens outside the lock and after the last user. */
#include "sspi_handles.h"

#include "platform.h"

#include <stdint.h>
#include <stdlib.h>

/* dwLower = generation << SLOT_BITS | slot. 20 bits of slot allow a million live handles. */
#define SLOT_BITS 20
#define SLOT_MASK (((ULONG_PTR)1 << SLOT_BITS) - 1)
/* The all-ones slot would let dwLower become ~0, SecInvalidateHandle's value. */
#define MAX_SLOTS    ((size_t)SLOT_MASK)
#define CHUNK_BITS   10
#define CHUNK_SLOTS  ((size_t)1 << CHUNK_BITS)
#define CHUNKS       ((MAX_SLOTS >> CHUNK_BITS) + 1)
#define NO_FREE_SLOT ((size_t)-1)

/* State word: generation << GEN_SHIFT | type << TYPE_SHIFT | pins. The generation gets what is
 * left of the word: 42 bits on 64-bit hosts, 12 on 32-bit ones (all dwLower has room for). */
#define PIN_BITS      (sizeof(size_t) == 8 ? 20 : 18)
#define PIN_MASK      (((size_t)1 << PIN_BITS) - 1)
#define TYPE_SHIFT    PIN_BITS
#define GEN_SHIFT     (PIN_BITS + 2)
#define GEN_MASK      ((size_t)-1 >> GEN_SHIFT)
#define STATE_GEN(s)  ((s) >> GEN_SHIFT)
#define STATE_TYPE(s) (((s) >> TYPE_SHIFT) & 3)
#define STATE(gen, type, pins)                                                                     \
    (((size_t)(gen) << GEN_SHIFT) | ((size_t)(type) << TYPE_SHIFT) | (size_t)(pins))

struct sspi_slot {
    volatile size_t state; /* only ever accessed atomically; type 0: free or removed while pinned */
    ULONG_PTR package;     /* package and object are written before the state makes the slot */
    sspi_object *object;   /* live and stay until its last pin is gone */
    size_t index;
    size_t next_free;
};

struct sspi_handle_table {
    platform_mutex *lock;
    sspi_slot *volatile chunks[CHUNKS];
    size_t used; /* slots handed out at least once (the rest are untouched) */
    size_t free_head;
    size_t live;
};

/* Slot `index`, whose chunk exists: one handed out already (index < used). */
static sspi_slot *slot_at(sspi_handle_table *table, size_t index)
{
    return &table->chunks[index >> CHUNK_BITS][index & (CHUNK_SLOTS - 1)];
}

void sspi_object_init(sspi_object *object, void (*destroy)(sspi_object *object))
{
    object->refs = 1;
    object->destroy = destroy;
}

void sspi_object_ref(sspi_object *object)
{
    platform_atomic_inc(&object->refs);
}

void sspi_object_unref(sspi_object *object)
{
    if (object && platform_atomic_dec(&object->refs) == 0)
        object->destroy(object);
}

sspi_handle_table *sspi_handle_table_new(void)
{
    sspi_handle_table *table = calloc(1, sizeof(*table));
    if (!table)
        return NULL;
    table->lock = platform_mutex_new();
    if (!table->lock) {
        free(table);
        return NULL;
    }
    table->free_head = NO_FREE_SLOT;
    return table;
}

void sspi_handle_table_free(sspi_handle_table *table)
{
    size_t i;
    if (!table)
        return;
    for (i = 0; i < table->used; i++) {
        sspi_slot *entry = slot_at(table, i);
        if (STATE_TYPE(platform_word_load(&entry->state)))
            sspi_object_unref(entry->object);
    }
    for (i = 0; i < CHUNKS; i++)
        free(table->chunks[i]);
    platform_mutex_free(table->lock);
    free(table);
}

static sspi_handle_table *global_table;
static platform_once global_once = PLATFORM_ONCE_INIT;

static void create_global_table(void)
{
    global_table = sspi_handle_table_new();
}

sspi_handle_table *sspi_handles(void)
{
    platform_run_once(&global_once, create_global_table);
    return global_table;
}

/* The slot a handle's index names, if its chunk exists. No lock needed. */
static sspi_slot *slot_of(sspi_handle_table *table, const SecHandle *handle)
{
    size_t index = (size_t)(handle->dwLower & SLOT_MASK);
    sspi_slot *chunk;

    if (index >= MAX_SLOTS)
        return NULL;
    chunk = platform_ptr_load((void *const volatile *)&table->chunks[index >> CHUNK_BITS]);
    return chunk ? &chunk[index & (CHUNK_SLOTS - 1)] : NULL;
}

/* A free slot, from the free list or the next untouched one (adding its chunk when needed);
 * NULL if impossible. Called with the lock held. */
static sspi_slot *take_slot(sspi_handle_table *table)
{
    size_t chunk = table->used >> CHUNK_BITS;
    sspi_slot *entry, *slots;

    if (table->free_head != NO_FREE_SLOT) {
        entry = slot_at(table, table->free_head);
        table->free_head = entry->next_free;
        return entry;
    }
    if (table->used == MAX_SLOTS)
        return NULL;
    if (!table->chunks[chunk]) {
        slots = calloc(CHUNK_SLOTS, sizeof(*slots));
        if (!slots)
            return NULL;
        platform_ptr_store((void *volatile *)&table->chunks[chunk], slots);
    }
    entry = slot_at(table, table->used);
    entry->index = table->used++; /* its state stays 0 (generation 0) until it is inserted */
    return entry;
}

/* Puts a slot whose handle is gone back on the free list. Called with the lock held. */
static void recycle_slot(sspi_handle_table *table, sspi_slot *entry)
{
    entry->object = NULL;
    entry->next_free = table->free_head;
    table->free_head = entry->index;
}

SECURITY_STATUS sspi_handle_insert(sspi_handle_table *table, sspi_handle_type type,
                                   ULONG_PTR package, sspi_object *object, SecHandle *handle)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    size_t state, generation;
    sspi_slot *entry;

    if (!table)
        return SEC_E_INSUFFICIENT_MEMORY;
    platform_mutex_lock(table->lock);
    entry = take_slot(table);
    if (!entry)
        goto done;
    entry->package = package;
    entry->object = object;
    sspi_object_ref(object);
    /* Lookups only ever read a free slot's state (no pins, no type to match), so this swap
     * cannot fail; it publishes package and object. Generations start at 1. */
    state = platform_word_load(&entry->state);
    generation = STATE_GEN(state) ? STATE_GEN(state) : 1;
    platform_word_cas(&entry->state, state, STATE(generation, type, 0));
    table->live++;
    handle->dwLower = ((ULONG_PTR)generation << SLOT_BITS) | (ULONG_PTR)entry->index;
    handle->dwUpper = package;
    status = SEC_E_OK;
done:
    platform_mutex_unlock(table->lock);
    return status;
}

/* Pins the live slot a handle names, or returns NULL. */
static sspi_slot *pin_slot(sspi_handle_table *table, const SecHandle *handle, sspi_handle_type type)
{
    ULONG_PTR generation = handle->dwLower >> SLOT_BITS;
    sspi_slot *entry = slot_of(table, handle);
    size_t state;

    if (!entry)
        return NULL;
    do {
        state = platform_word_load(&entry->state);
        /* A full pin count would take a million threads in one call on one handle. */
        if (STATE_GEN(state) != generation || STATE_TYPE(state) != (size_t)type ||
            (state & PIN_MASK) == PIN_MASK)
            return NULL;
    } while (!platform_word_cas(&entry->state, state, state + 1));
    if (entry->package != handle->dwUpper) {
        sspi_handle_unpin(table, entry);
        return NULL;
    }
    return entry;
}

void sspi_handle_unpin(sspi_handle_table *table, sspi_slot *pin)
{
    size_t state = platform_word_add(&pin->state, (size_t)-1);
    sspi_object *object;

    if (STATE_TYPE(state) || (state & PIN_MASK))
        return;
    /* The handle was removed while pinned and this was the last pin: drop the reference the
     * removal kept for the pins, and free the slot. */
    object = pin->object;
    platform_mutex_lock(table->lock);
    recycle_slot(table, pin);
    platform_mutex_unlock(table->lock);
    sspi_object_unref(object);
}

SECURITY_STATUS sspi_handle_pin(sspi_handle_table *table, const SecHandle *handle,
                                sspi_handle_type type, sspi_object **object, sspi_slot **pin)
{
    if (!table || !handle || !(*pin = pin_slot(table, handle, type)))
        return SEC_E_INVALID_HANDLE;
    *object = (*pin)->object;
    return SEC_E_OK;
}

SECURITY_STATUS sspi_handle_lookup(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object)
{
    sspi_slot *pin;
    SECURITY_STATUS status = sspi_handle_pin(table, handle, type, object, &pin);

    if (status == SEC_E_OK) {
        sspi_object_ref(*object);
        sspi_handle_unpin(table, pin);
    }
    return status;
}

SECURITY_STATUS sspi_handle_remove(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object)
{
    SECURITY_STATUS status = SEC_E_INVALID_HANDLE;
    ULONG_PTR generation;
    size_t state, next;
    sspi_slot *entry;

    if (!table || !handle)
        return SEC_E_INVALID_HANDLE;
    generation = handle->dwLower >> SLOT_BITS;
    platform_mutex_lock(table->lock);
    entry = slot_of(table, handle);
    if (!entry || entry->package != handle->dwUpper)
        goto done;
    /* Pins come and go meanwhile; the swap retires the generation with whatever count is in
     * flight, and after it no new pin can succeed. */
    do {
        state = platform_word_load(&entry->state);
        if (STATE_GEN(state) != generation || STATE_TYPE(state) != (size_t)type)
            goto done;
        next = STATE(generation == GEN_MASK ? 1 : generation + 1, 0, state & PIN_MASK);
    } while (!platform_word_cas(&entry->state, state, next));
    *object = entry->object; /* the table's reference, now the caller's */
    table->live--;
    if (next & PIN_MASK)
        sspi_object_ref(entry->object); /* for the pins; the last one drops it */
    else
        recycle_slot(table, entry);
    status = SEC_E_OK;
done:
    platform_mutex_unlock(table->lock);
    return status;
}

size_t sspi_handle_count(sspi_handle_table *table)
{
    size_t live;
    if (!table)
        return 0;
    platform_mutex_lock(table->lock);
    live = table->live;
    platform_mutex_unlock(table->lock);
    return live;
}
