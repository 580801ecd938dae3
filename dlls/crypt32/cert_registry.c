/* The certificates this crypt32 made. A PCCERT_CONTEXT from a caller may be a structure the
 * caller filled in by hand (tests do this, as Windows programs may); looking it up here before
 * reading our private fields behind it keeps such a context from being read past its end. */
#include "crypt32_private.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define BUCKETS 1024

typedef struct entry {
    const struct crypt32_cert *cert;
    struct entry *next;
} entry;

static entry *buckets[BUCKETS];
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static entry **bucket_of(const void *cert)
{
    return &buckets[((uintptr_t)cert >> 4) % BUCKETS];
}

int crypt32_registry_add(const struct crypt32_cert *cert)
{
    entry *e = malloc(sizeof(*e));
    if (!e)
        return 0;
    pthread_mutex_lock(&registry_lock);
    e->cert = cert;
    e->next = *bucket_of(cert);
    *bucket_of(cert) = e;
    pthread_mutex_unlock(&registry_lock);
    return 1;
}

void crypt32_registry_remove(const struct crypt32_cert *cert)
{
    entry **link, *gone = NULL;

    pthread_mutex_lock(&registry_lock);
    for (link = bucket_of(cert); *link; link = &(*link)->next) {
        if ((*link)->cert == cert) {
            gone = *link;
            *link = gone->next;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    free(gone);
}

int crypt32_registry_has(const void *context)
{
    const entry *e;
    int found = 0;

    pthread_mutex_lock(&registry_lock);
    for (e = *bucket_of(context); e && !found; e = e->next)
        found = (const void *)e->cert == context;
    pthread_mutex_unlock(&registry_lock);
    return found;
}
