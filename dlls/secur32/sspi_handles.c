/* The handle table (see sspi_handles.h). All slot state is guarded by one mutex; objects carry
 * their own atomic reference counts so that destruction happens outside the lock. */
#include "sspi_handles.h"

#include "platform.h"

#include <stdint.h>
#include <stdlib.h>

/* dwLower = generation << SLOT_BITS | slot. 20 bits of slot allow a million live handles; the
 * rest (12 bits on 32-bit hosts, 44 on 64-bit) holds the generation. */
#define SLOT_BITS 20
#define SLOT_MASK (((ULONG_PTR)1 << SLOT_BITS) - 1)
#define GEN_MASK  ((ULONG_PTR)-1 >> SLOT_BITS)
/* The all-ones slot would let dwLower become ~0, SecInvalidateHandle's value. */
#define MAX_SLOTS     SLOT_MASK
#define INITIAL_SLOTS 64
#define NO_FREE_SLOT  ((size_t)-1)

typedef struct slot {
    ULONG_PTR generation; /* 1..GEN_MASK; bumped whenever the slot is freed */
    int type;             /* 0 = free */
    ULONG_PTR package;
    sspi_object *object;
    size_t next_free;
} slot;

struct sspi_handle_table {
    platform_mutex *lock;
    slot *slots;
    size_t capacity;
    size_t used; /* slots handed out at least once (the rest are untouched) */
    size_t free_head;
    size_t live;
};

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
    for (i = 0; i < table->used; i++)
        if (table->slots[i].type)
            sspi_object_unref(table->slots[i].object);
    free(table->slots);
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

/* Index of a slot to use, growing the array by half when needed; NO_FREE_SLOT if impossible.
 * Called with the lock held. */
static size_t take_slot(sspi_handle_table *table)
{
    size_t index, capacity;
    slot *grown;

    if (table->free_head != NO_FREE_SLOT) {
        index = table->free_head;
        table->free_head = table->slots[index].next_free;
        return index;
    }
    if (table->used == table->capacity) {
        if (table->capacity >= MAX_SLOTS)
            return NO_FREE_SLOT;
        capacity = table->capacity ? table->capacity + table->capacity / 2 : INITIAL_SLOTS;
        if (capacity > MAX_SLOTS)
            capacity = MAX_SLOTS;
        grown = realloc(table->slots, capacity * sizeof(*grown));
        if (!grown)
            return NO_FREE_SLOT;
        table->slots = grown;
        table->capacity = capacity;
    }
    index = table->used++;
    table->slots[index].generation = 1;
    table->slots[index].type = 0;
    return index;
}

SECURITY_STATUS sspi_handle_insert(sspi_handle_table *table, sspi_handle_type type,
                                   ULONG_PTR package, sspi_object *object, SecHandle *handle)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    size_t index;
    slot *entry;

    if (!table)
        return SEC_E_INSUFFICIENT_MEMORY;
    platform_mutex_lock(table->lock);
    index = take_slot(table);
    if (index == NO_FREE_SLOT)
        goto done;
    entry = &table->slots[index];
    entry->type = type;
    entry->package = package;
    entry->object = object;
    sspi_object_ref(object);
    table->live++;
    handle->dwLower = (entry->generation << SLOT_BITS) | (ULONG_PTR)index;
    handle->dwUpper = package;
    status = SEC_E_OK;
done:
    platform_mutex_unlock(table->lock);
    return status;
}

/* The live slot a handle names, or NULL. Called with the lock held. */
static slot *find_slot(sspi_handle_table *table, const SecHandle *handle, sspi_handle_type type)
{
    size_t index = (size_t)(handle->dwLower & SLOT_MASK);
    ULONG_PTR generation = handle->dwLower >> SLOT_BITS;
    slot *entry;

    if (index >= table->used)
        return NULL;
    entry = &table->slots[index];
    if (entry->type != (int)type || entry->generation != generation ||
        entry->package != handle->dwUpper)
        return NULL;
    return entry;
}

SECURITY_STATUS sspi_handle_lookup(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object)
{
    SECURITY_STATUS status = SEC_E_INVALID_HANDLE;
    slot *entry;

    if (!table || !handle)
        return SEC_E_INVALID_HANDLE;
    platform_mutex_lock(table->lock);
    entry = find_slot(table, handle, type);
    if (entry) {
        sspi_object_ref(entry->object);
        *object = entry->object;
        status = SEC_E_OK;
    }
    platform_mutex_unlock(table->lock);
    return status;
}

SECURITY_STATUS sspi_handle_remove(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object)
{
    SECURITY_STATUS status = SEC_E_INVALID_HANDLE;
    size_t index;
    slot *entry;

    if (!table || !handle)
        return SEC_E_INVALID_HANDLE;
    platform_mutex_lock(table->lock);
    entry = find_slot(table, handle, type);
    if (entry) {
        *object = entry->object;
        index = (size_t)(entry - table->slots);
        entry->type = 0;
        entry->object = NULL;
        entry->generation = (entry->generation & GEN_MASK) == GEN_MASK ? 1 : entry->generation + 1;
        entry->next_free = table->free_head;
        table->free_head = index;
        table->live--;
        status = SEC_E_OK;
    }
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
