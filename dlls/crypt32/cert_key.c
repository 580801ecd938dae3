/* Private keys: the holder shared by certificates and key handles, CryptAcquireCertificate-
 * PrivateKey and the two ways of freeing its handle, and the native accessors. */
#include "crypt32_private.h"
#include "crypt32_native.h"

#include <stdlib.h>

struct crypt32_key *crypt32_key_new(EVP_PKEY *pkey)
{
    struct crypt32_key *key = calloc(1, sizeof(*key));

    if (!key || !EVP_PKEY_up_ref(pkey)) {
        free(key);
        return NULL;
    }
    key->magic = CRYPT32_KEY_MAGIC;
    key->refs = 1;
    key->pkey = pkey;
    return key;
}

void crypt32_key_addref(struct crypt32_key *key)
{
    __atomic_add_fetch(&key->refs, 1, __ATOMIC_SEQ_CST);
}

void crypt32_key_release(struct crypt32_key *key)
{
    if (!key || __atomic_sub_fetch(&key->refs, 1, __ATOMIC_SEQ_CST) > 0)
        return;
    EVP_PKEY_free(key->pkey);
    key->magic = 0;
    free(key);
}

struct crypt32_key *crypt32_key_from_handle(ULONG_PTR handle)
{
    struct crypt32_key *key = (struct crypt32_key *)handle;

    if (!key || key->magic != CRYPT32_KEY_MAGIC)
        return NULL;
    return key;
}

BOOL WINAPI
CryptAcquireCertificatePrivateKey(PCCERT_CONTEXT pCert, DWORD dwFlags, void *pvParameters,
                                  HCRYPTPROV_OR_NCRYPT_KEY_HANDLE *phCryptProvOrNCryptKey,
                                  DWORD *pdwKeySpec, BOOL *pfCallerFreeProvOrNCryptKey)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCert);
    struct crypt32_key *key = NULL;
    const struct crypt32_prop *prop;
    DWORD spec = AT_KEYEXCHANGE;
    BOOL cached = (dwFlags & CRYPT_ACQUIRE_CACHE_FLAG) != 0;
    BOOL ok = FALSE;

    if (!cert || !phCryptProvOrNCryptKey) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    crypt32_lock();
    if (!cert->key) {
        crypt32_fail(CRYPT_E_NO_KEY_PROPERTY);
        goto done;
    }
    if ((prop = crypt32_prop_find(cert, CERT_KEY_PROV_INFO_PROP_ID)))
        spec = ((const CRYPT_KEY_PROV_INFO *)prop->data)->dwKeySpec;
    /* The handle natively is the key holder itself, usable as either kind of handle; callers
     * that accept a CNG key are told they got one. */
    if (dwFlags & CRYPT_ACQUIRE_NCRYPT_KEY_FLAGS_MASK)
        spec = CERT_NCRYPT_KEY_SPEC;
    if (cached) {
        if (!cert->cached_key) {
            crypt32_key_addref(cert->key);
            cert->cached_key = cert->key;
        }
        key = cert->cached_key;
    } else {
        crypt32_key_addref(cert->key);
        key = cert->key;
    }
    *phCryptProvOrNCryptKey = (HCRYPTPROV_OR_NCRYPT_KEY_HANDLE)key;
    if (pdwKeySpec)
        *pdwKeySpec = spec;
    if (pfCallerFreeProvOrNCryptKey)
        *pfCallerFreeProvOrNCryptKey = cached ? FALSE : TRUE;
    ok = TRUE;
done:
    crypt32_unlock();
    return ok;
}

BOOL WINAPI CryptReleaseContext(HCRYPTPROV hProv, DWORD dwFlags)
{
    struct crypt32_key *key = crypt32_key_from_handle(hProv);

    if (!key) {
        crypt32_fail(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (dwFlags) {
        crypt32_fail(NTE_BAD_FLAGS);
        return FALSE;
    }
    crypt32_key_release(key);
    return TRUE;
}

LONG WINAPI NCryptFreeObject(NCRYPT_HANDLE hObject)
{
    struct crypt32_key *key = crypt32_key_from_handle(hObject);

    if (!key)
        return (LONG)NTE_INVALID_HANDLE;
    crypt32_key_release(key);
    return 0;
}

EVP_PKEY *crypt32_native_get_private_key(PCCERT_CONTEXT context)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(context);
    EVP_PKEY *pkey = NULL;

    if (!cert)
        return NULL;
    crypt32_lock();
    if (cert->key && EVP_PKEY_up_ref(cert->key->pkey))
        pkey = cert->key->pkey;
    crypt32_unlock();
    return pkey;
}

X509 *crypt32_native_get_x509(PCCERT_CONTEXT context)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(context);

    if (!cert || !X509_up_ref(cert->x509))
        return NULL;
    return cert->x509;
}

BOOL crypt32_native_set_private_key(PCCERT_CONTEXT context, EVP_PKEY *pkey)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(context);
    struct crypt32_key *key, *old;

    if (!cert || !pkey) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    key = crypt32_key_new(pkey);
    if (!key) {
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    crypt32_lock();
    old = cert->key;
    cert->key = key;
    crypt32_unlock();
    crypt32_key_release(old);
    return TRUE;
}

EVP_PKEY *crypt32_native_key_from_handle(HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle)
{
    struct crypt32_key *key = crypt32_key_from_handle(handle);

    if (!key || !EVP_PKEY_up_ref(key->pkey))
        return NULL;
    return key->pkey;
}
