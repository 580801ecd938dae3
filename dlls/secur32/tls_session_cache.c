/* Session resumption. A server credential resumes through OpenSSL's own cache and tickets; a
 * client credential keeps the last session per target name, as Windows' client cache does per
 * credential and target. The key also holds how the context judged the server, so a session
 * that was accepted without validation is never resumed by a context that validates. */
#include "tls_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 64 /* per client credential; the least recently stored is replaced */

typedef struct cache_slot {
    char *key;
    SSL_SESSION *session;
    unsigned long stamp;
} cache_slot;

struct tls_session_cache {
    CRYPTO_RWLOCK *lock;
    cache_slot slots[CACHE_SLOTS];
    unsigned long clock;
};

/* Server sessions resume only under the same requirements: a session made without a client
 * certificate is not resumed by a context that asks for one. */
static const unsigned char plain_context[] = "sspishim";
static const unsigned char mutual_context[] = "sspishim mutual";

static char *cache_key(const tls_session *session)
{
    size_t len = strlen(session->target_name) + 4;
    char *key = malloc(len);
    if (key)
        snprintf(key, len, "%d%d:%s", session->validation == TLS_VALIDATE_AUTO, session->check_name,
                 session->target_name);
    return key;
}

static cache_slot *find_slot(tls_session_cache *cache, const char *key)
{
    size_t i;
    for (i = 0; i < CACHE_SLOTS; i++) {
        if (cache->slots[i].key && !strcmp(cache->slots[i].key, key))
            return &cache->slots[i];
    }
    return NULL;
}

static cache_slot *free_or_oldest_slot(tls_session_cache *cache)
{
    cache_slot *best = &cache->slots[0];
    size_t i;
    for (i = 0; i < CACHE_SLOTS; i++) {
        if (!cache->slots[i].key)
            return &cache->slots[i];
        if (cache->slots[i].stamp < best->stamp)
            best = &cache->slots[i];
    }
    return best;
}

static void clear_slot(cache_slot *slot)
{
    free(slot->key);
    SSL_SESSION_free(slot->session);
    memset(slot, 0, sizeof(*slot));
}

/* Keeps a client's current session for its target, once the handshake or a TLS 1.3 ticket made
 * it resumable. The cache shares the connection's session object, as OpenSSL's own client cache
 * does: OpenSSL treats a session as immutable once a handshake has made it, replacing it with a
 * copy before it records anything new (a ticket, a changed group), so no copy is needed here, and
 * a resumed handshake, which hands back the very session it was given, stores nothing. */
void tls_cache_store(tls_session *session)
{
    tls_session_cache *cache = session->cred->cache;
    SSL_SESSION *current = SSL_get_session(session->ssl);
    cache_slot *slot;
    char *key = NULL;

    if (!cache || session->is_server || session->no_resume || !session->target_name || !current ||
        !SSL_SESSION_is_resumable(current) || !(key = cache_key(session)))
        goto done;
    CRYPTO_THREAD_write_lock(cache->lock);
    slot = find_slot(cache, key);
    if (!slot || slot->session != current) {
        if (!slot)
            slot = free_or_oldest_slot(cache);
        clear_slot(slot);
        SSL_SESSION_up_ref(current);
        slot->key = key;
        slot->session = current;
        key = NULL;
    }
    slot->stamp = ++cache->clock;
    CRYPTO_THREAD_unlock(cache->lock);
done:
    free(key);
}

int tls_cache_install(tls_credential *cred, int enabled)
{
    SSL_CTX_set_session_id_context(cred->ctx, plain_context, sizeof(plain_context) - 1);
    if (!enabled) {
        SSL_CTX_set_session_cache_mode(cred->ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(cred->ctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(cred->ctx, 0);
        return 1;
    }
    cred->cache = calloc(1, sizeof(*cred->cache));
    if (!cred->cache || !(cred->cache->lock = CRYPTO_THREAD_lock_new())) {
        free(cred->cache);
        cred->cache = NULL;
        return 0;
    }
    /* Servers look sessions up in OpenSSL's internal cache; clients in ours only. OpenSSL's
     * client mode would also keep every client session of the credential in its internal cache
     * until it expires (up to 20480), never looked up. */
    SSL_CTX_set_session_cache_mode(cred->ctx, SSL_SESS_CACHE_SERVER);
    return 1;
}

void tls_cache_free(tls_credential *cred)
{
    size_t i;
    if (!cred->cache)
        return;
    for (i = 0; i < CACHE_SLOTS; i++)
        clear_slot(&cred->cache->slots[i]);
    CRYPTO_THREAD_lock_free(cred->cache->lock);
    free(cred->cache);
    cred->cache = NULL;
}

void tls_cache_prepare(tls_session *session, int request_client_cert)
{
    tls_session_cache *cache = session->cred->cache;
    cache_slot *slot;
    char *key;

    if (session->is_server) {
        if (request_client_cert)
            SSL_set_session_id_context(session->ssl, mutual_context, sizeof(mutual_context) - 1);
        return;
    }
    if (!cache || !session->target_name || !(key = cache_key(session)))
        return;
    /* SSL_set_session takes its own reference while the lock keeps the slot's alive. */
    CRYPTO_THREAD_read_lock(cache->lock);
    slot = find_slot(cache, key);
    if (slot)
        SSL_set_session(session->ssl, slot->session);
    CRYPTO_THREAD_unlock(cache->lock);
    free(key);
}

void tls_session_forget(tls_session *session)
{
    tls_session_cache *cache = session->cred->cache;
    cache_slot *slot;
    char *key;

    session->no_resume = 1;
    if (session->is_server) {
        SSL_CTX_remove_session(session->cred->ctx, SSL_get0_session(session->ssl));
        return;
    }
    if (!cache || !session->target_name || !(key = cache_key(session)))
        return;
    CRYPTO_THREAD_write_lock(cache->lock);
    slot = find_slot(cache, key);
    if (slot)
        clear_slot(slot);
    CRYPTO_THREAD_unlock(cache->lock);
    free(key);
}
