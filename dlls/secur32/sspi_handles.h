/* Credential and context handles: a thread-safe table of reference-counted objects.
 *
 * A handle is {dwLower, dwUpper}. dwUpper names the package (sspi_packages.h); dwLower packs a
 * slot index and that slot's generation, so a handle that was freed, or one made up by the
 * caller, no longer matches and is rejected without ever being dereferenced. Each slot is tagged
 * with the handle's type, so a credential handle cannot be used as a context and vice versa.
 * dwLower is never 0 (generations start at 1) and never ~0, so no valid handle looks "absent"
 * or "invalidated" to callers that test for those values. */
#ifndef SSPISHIM_SSPI_HANDLES_H
#define SSPISHIM_SSPI_HANDLES_H

#include "win_sspi.h"

typedef enum sspi_handle_type {
    SSPI_HANDLE_CREDENTIAL = 1,
    SSPI_HANDLE_CONTEXT = 2,
} sspi_handle_type;

/* Header of every object a handle refers to. The table holds one reference; each successful
 * lookup hands out another, so an object outlives a concurrent free until its user is done. */
typedef struct sspi_object {
    volatile long refs;
    void (*destroy)(struct sspi_object *object);
} sspi_object;

void sspi_object_init(sspi_object *object, void (*destroy)(sspi_object *object));
void sspi_object_ref(sspi_object *object);
void sspi_object_unref(sspi_object *object);

typedef struct sspi_handle_table sspi_handle_table;

sspi_handle_table *sspi_handle_table_new(void);
/* Drops every remaining object (process teardown, tests). */
void sspi_handle_table_free(sspi_handle_table *table);

/* The process-wide table used by the exports. */
sspi_handle_table *sspi_handles(void);

/* Stores `object` (taking a reference) under a new handle for `package` (non-zero).
 * SEC_E_OK or SEC_E_INSUFFICIENT_MEMORY; *handle is written only on success. */
SECURITY_STATUS sspi_handle_insert(sspi_handle_table *table, sspi_handle_type type,
                                   ULONG_PTR package, sspi_object *object, SecHandle *handle);

/* SEC_E_OK with a new reference in *object, or SEC_E_INVALID_HANDLE (NULL, forged, stale, other
 * type, other package). */
SECURITY_STATUS sspi_handle_lookup(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object);

/* For calls that use the object only while they run (the message path): the handle's slot is
 * pinned, one atomic operation and no lock, and *object is valid until sspi_handle_unpin(*pin),
 * which every successful pin must be paired with. An object whose handle is removed while pinned
 * lives until its last pin is given back. Fails as sspi_handle_lookup does. */
typedef struct sspi_slot sspi_slot;
SECURITY_STATUS sspi_handle_pin(sspi_handle_table *table, const SecHandle *handle,
                                sspi_handle_type type, sspi_object **object, sspi_slot **pin);
void sspi_handle_unpin(sspi_handle_table *table, sspi_slot *pin);

/* Invalidates the handle and passes the table's reference to *object (the caller unrefs it).
 * SEC_E_OK or SEC_E_INVALID_HANDLE. */
SECURITY_STATUS sspi_handle_remove(sspi_handle_table *table, const SecHandle *handle,
                                   sspi_handle_type type, sspi_object **object);

/* Live handles, for tests and leak checks. */
size_t sspi_handle_count(sspi_handle_table *table);

#endif
