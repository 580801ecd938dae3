/* Memory stores: open, duplicate, close, add, enumerate and delete. A store lives while a handle
 * or a context taken from it is held; its certificates die with it. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct crypt32_store *crypt32_store_from_handle(HCERTSTORE handle)
{
    struct crypt32_store *store = handle;

    if (!store || store->magic != CRYPT32_STORE_MAGIC)
        return NULL;
    return store;
}

void crypt32_store_release_locked(struct crypt32_store *store)
{
    struct crypt32_cert *cert, *next;

    if (store->immortal || --store->refs > 0)
        return;
    for (cert = store->first; cert; cert = next) {
        next = cert->next;
        crypt32_cert_destroy(cert);
    }
    store->magic = 0;
    free(store);
}

static BOOL is_memory_provider(LPCSTR provider)
{
    if ((ULONG_PTR)provider < 0x10000)
        return provider == CERT_STORE_PROV_MEMORY;
    return !strcasecmp(provider, sz_CERT_STORE_PROV_MEMORY);
}

HCERTSTORE WINAPI CertOpenStore(LPCSTR lpszStoreProvider, DWORD dwEncodingType,
                                HCRYPTPROV_LEGACY hCryptProv, DWORD dwFlags, const void *pvPara)
{
    struct crypt32_store *store;

    if (!lpszStoreProvider || !is_memory_provider(lpszStoreProvider)) {
        /* Windows finds no provider DLL for unknown names; natively only memory stores exist. */
        crypt32_fail(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    store = calloc(1, sizeof(*store));
    if (!store) {
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    store->magic = CRYPT32_STORE_MAGIC;
    store->refs = 1;
    store->flags = dwFlags;
    store->next_seq = 1;
    return store;
}

HCERTSTORE WINAPI CertDuplicateStore(HCERTSTORE hCertStore)
{
    struct crypt32_store *store = crypt32_store_from_handle(hCertStore);

    if (!store) {
        crypt32_fail(E_INVALIDARG);
        return NULL;
    }
    crypt32_lock();
    if (!store->immortal)
        store->refs++;
    crypt32_unlock();
    return hCertStore;
}

/* CERT_CLOSE_STORE_FORCE_FLAG is treated as a plain close: contexts still held stay valid
 * instead of being freed under the caller. */
BOOL WINAPI CertCloseStore(HCERTSTORE hCertStore, DWORD dwFlags)
{
    struct crypt32_store *store;
    BOOL pending;

    if (!hCertStore)
        return TRUE;
    store = crypt32_store_from_handle(hCertStore);
    if (!store) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    crypt32_lock();
    pending = !store->immortal && store->refs > 1;
    crypt32_store_release_locked(store);
    crypt32_unlock();
    if (pending && (dwFlags & CERT_CLOSE_STORE_CHECK_FLAG)) {
        crypt32_fail(CRYPT_E_PENDING_CLOSE);
        return FALSE;
    }
    return TRUE;
}

static BOOL read_only(const struct crypt32_store *store)
{
    return store->immortal || (store->flags & CERT_STORE_READONLY_FLAG);
}

static struct crypt32_cert *find_same_locked(struct crypt32_store *store, PCCERT_CONTEXT ctx)
{
    struct crypt32_cert *cert;

    for (cert = store->first; cert; cert = cert->next) {
        if (cert->ctx.cbCertEncoded == ctx->cbCertEncoded &&
            !memcmp(cert->ctx.pbCertEncoded, ctx->pbCertEncoded, ctx->cbCertEncoded))
            return cert;
    }
    return NULL;
}

static void unlink_locked(struct crypt32_store *store, struct crypt32_cert *cert)
{
    struct crypt32_cert **link;

    for (link = &store->first; *link; link = &(*link)->next) {
        if (*link == cert) {
            *link = cert->next;
            break;
        }
    }
    cert->next = NULL;
    cert->in_store = FALSE;
    if (cert->refs == 0)
        crypt32_cert_destroy(cert);
}

static void append_locked(struct crypt32_store *store, struct crypt32_cert *cert)
{
    struct crypt32_cert **link = &store->first;

    while (*link)
        link = &(*link)->next;
    *link = cert;
    cert->next = NULL;
    cert->store = store;
    cert->in_store = TRUE;
    cert->refs = 0;
    cert->seq = store->next_seq++;
    cert->ctx.hCertStore = store;
}

/* A store's own copy of a certificate, with its properties and key. */
static struct crypt32_cert *copy_locked(const struct crypt32_cert *src)
{
    struct crypt32_cert *copy = crypt32_cert_new(src->ctx.dwCertEncodingType,
                                                 src->ctx.pbCertEncoded, src->ctx.cbCertEncoded);

    if (!copy)
        return NULL;
    if (!crypt32_props_copy(copy, src, FALSE)) {
        crypt32_cert_destroy(copy);
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (src->key) {
        crypt32_key_addref(src->key);
        copy->key = src->key;
    }
    return copy;
}

static LONGLONG not_before(const struct crypt32_cert *cert)
{
    const FILETIME *t = &cert->ctx.pCertInfo->NotBefore;

    return (LONGLONG)(((ULONGLONG)t->dwHighDateTime << 32) | t->dwLowDateTime);
}

static BOOL add_locked(struct crypt32_store *store, struct crypt32_cert *src, DWORD disposition,
                       PCCERT_CONTEXT *out)
{
    struct crypt32_cert *existing = NULL, *result = NULL;
    BOOL inherit = FALSE;

    if (disposition != CERT_STORE_ADD_ALWAYS)
        existing = find_same_locked(store, &src->ctx);
    switch (disposition) {
    case CERT_STORE_ADD_NEW:
        if (existing) {
            crypt32_fail(CRYPT_E_EXISTS);
            return FALSE;
        }
        break;
    case CERT_STORE_ADD_USE_EXISTING:
        if (existing) {
            if (!crypt32_props_copy(existing, src, TRUE)) {
                crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
                return FALSE;
            }
            result = existing;
        }
        break;
    case CERT_STORE_ADD_REPLACE_EXISTING:
    case CERT_STORE_ADD_ALWAYS:
        break;
    case CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES:
        inherit = TRUE;
        break;
    case CERT_STORE_ADD_NEWER:
    case CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES:
        if (existing && not_before(existing) >= not_before(src)) {
            crypt32_fail(CRYPT_E_EXISTS);
            return FALSE;
        }
        inherit = disposition == CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES;
        break;
    default:
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    if (!result) {
        result = copy_locked(src);
        if (!result)
            return FALSE;
        if (existing && inherit && !crypt32_props_copy(result, existing, TRUE)) {
            crypt32_cert_destroy(result);
            crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        if (existing)
            unlink_locked(store, existing);
        append_locked(store, result);
    }
    if (out) {
        crypt32_cert_addref_locked(result);
        *out = &result->ctx;
    }
    return TRUE;
}

BOOL WINAPI CertAddCertificateContextToStore(HCERTSTORE hCertStore, PCCERT_CONTEXT pCertContext,
                                             DWORD dwAddDisposition, PCCERT_CONTEXT *ppStoreContext)
{
    struct crypt32_store *store = crypt32_store_from_handle(hCertStore);
    struct crypt32_cert *src = crypt32_cert_from_context(pCertContext);
    BOOL ok = FALSE;

    if (ppStoreContext)
        *ppStoreContext = NULL;
    if (!store || !src) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    if (read_only(store)) {
        crypt32_fail(E_ACCESSDENIED);
        return FALSE;
    }
    crypt32_lock();
    ok = add_locked(store, src, dwAddDisposition, ppStoreContext);
    crypt32_unlock();
    return ok;
}

BOOL WINAPI CertAddEncodedCertificateToStore(HCERTSTORE hCertStore, DWORD dwCertEncodingType,
                                             const BYTE *pbCertEncoded, DWORD cbCertEncoded,
                                             DWORD dwAddDisposition, PCCERT_CONTEXT *ppCertContext)
{
    struct crypt32_cert *cert;
    BOOL ok;

    if (ppCertContext)
        *ppCertContext = NULL;
    if (!crypt32_store_from_handle(hCertStore)) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    cert = crypt32_cert_new(dwCertEncodingType, pbCertEncoded, cbCertEncoded);
    if (!cert)
        return FALSE;
    ok = CertAddCertificateContextToStore(hCertStore, &cert->ctx, dwAddDisposition, ppCertContext);
    crypt32_cert_destroy(cert);
    return ok;
}

/* Shared by enumeration and search: the first certificate after PREV (in insertion order) that
 * MATCH accepts. PREV is always released, as Windows does. */
PCCERT_CONTEXT crypt32_store_next(HCERTSTORE handle, PCCERT_CONTEXT prev,
                                  BOOL (*match)(struct crypt32_cert *, const void *),
                                  const void *param)
{
    struct crypt32_store *store = crypt32_store_from_handle(handle);
    struct crypt32_cert *previous = crypt32_cert_from_context(prev), *cert;
    ULONGLONG after = 0;

    if (!store || (prev && (!previous || previous->store != store))) {
        if (previous)
            CertFreeCertificateContext(prev);
        crypt32_fail(E_INVALIDARG);
        return NULL;
    }
    crypt32_lock();
    if (previous)
        after = previous->seq;
    for (cert = store->first; cert; cert = cert->next) {
        if (cert->seq > after && (!match || match(cert, param)))
            break;
    }
    if (cert)
        crypt32_cert_addref_locked(cert);
    if (previous)
        crypt32_cert_release_locked(previous);
    crypt32_unlock();
    if (!cert)
        crypt32_fail(CRYPT_E_NOT_FOUND);
    return cert ? &cert->ctx : NULL;
}

PCCERT_CONTEXT WINAPI CertEnumCertificatesInStore(HCERTSTORE hCertStore,
                                                  PCCERT_CONTEXT pPrevCertContext)
{
    return crypt32_store_next(hCertStore, pPrevCertContext, NULL, NULL);
}

BOOL WINAPI CertDeleteCertificateFromStore(PCCERT_CONTEXT pCertContext)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    BOOL ok = TRUE;

    if (!cert) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    crypt32_lock();
    if (cert->in_store) {
        if (read_only(cert->store)) {
            crypt32_fail(E_ACCESSDENIED);
            ok = FALSE;
        } else {
            unlink_locked(cert->store, cert); /* the caller's reference keeps it alive */
        }
    }
    /* The caller's reference is consumed whether or not the deletion succeeded. */
    crypt32_cert_release_locked(cert);
    crypt32_unlock();
    return ok;
}
