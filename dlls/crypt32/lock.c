/* One lock for all stores, contexts and properties: the objects are small and shared across
 * stores through references, so a single lock keeps reference counting simple and correct. */
#include "crypt32_private.h"

#include <pthread.h>

static pthread_mutex_t crypt32_mutex = PTHREAD_MUTEX_INITIALIZER;

void crypt32_lock(void)
{
    pthread_mutex_lock(&crypt32_mutex);
}

void crypt32_unlock(void)
{
    pthread_mutex_unlock(&crypt32_mutex);
}
