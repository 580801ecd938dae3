/* CertGet/Set/EnumCertificateContextProperties: the two-call size protocol, hashes computed on
 * demand, key-provider info relocated into the caller's buffer, key spec derived from it. */
#include "crypt32_private.h"

#include <string.h>

/* NULL buffer: report the size. Short buffer: report it with ERROR_MORE_DATA. */
static BOOL copy_out(const void *data, DWORD size, void *pvData, DWORD *pcbData)
{
    if (!pvData) {
        *pcbData = size;
        return TRUE;
    }
    if (*pcbData < size) {
        *pcbData = size;
        crypt32_fail(ERROR_MORE_DATA);
        return FALSE;
    }
    if (size)
        memcpy(pvData, data, size);
    *pcbData = size;
    return TRUE;
}

static BOOL get_key_prov_info(const struct crypt32_prop *prop, void *pvData, DWORD *pcbData)
{
    const CRYPT_KEY_PROV_INFO *info = (const CRYPT_KEY_PROV_INFO *)prop->data;
    DWORD size = crypt32_key_prov_info_flatten(info, NULL);

    if (!pvData) {
        *pcbData = size;
        return TRUE;
    }
    if (*pcbData < size) {
        *pcbData = size;
        crypt32_fail(ERROR_MORE_DATA);
        return FALSE;
    }
    crypt32_key_prov_info_flatten(info, pvData);
    *pcbData = size;
    return TRUE;
}

static BOOL get_key_spec(struct crypt32_cert *cert, void *pvData, DWORD *pcbData)
{
    const struct crypt32_prop *prop;
    DWORD spec;

    if ((prop = crypt32_prop_find(cert, CERT_KEY_SPEC_PROP_ID)))
        return copy_out(prop->data, prop->size, pvData, pcbData);
    if ((prop = crypt32_prop_find(cert, CERT_KEY_PROV_INFO_PROP_ID)))
        spec = ((const CRYPT_KEY_PROV_INFO *)prop->data)->dwKeySpec;
    else if ((prop = crypt32_prop_find(cert, CERT_KEY_CONTEXT_PROP_ID)) &&
             prop->size >= sizeof(CERT_KEY_CONTEXT))
        spec = ((const CERT_KEY_CONTEXT *)prop->data)->dwKeySpec;
    else {
        crypt32_fail(CRYPT_E_NOT_FOUND);
        return FALSE;
    }
    return copy_out(&spec, sizeof(spec), pvData, pcbData);
}

BOOL WINAPI CertGetCertificateContextProperty(PCCERT_CONTEXT pCertContext, DWORD dwPropId,
                                              void *pvData, DWORD *pcbData)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    const struct crypt32_prop *prop;
    BOOL ok = FALSE;

    if (!cert || !pcbData) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    crypt32_lock();
    switch (dwPropId) {
    case CERT_SHA1_HASH_PROP_ID:
    case CERT_MD5_HASH_PROP_ID:
        prop = crypt32_hash_prop_locked(cert, dwPropId);
        if (!prop) {
            crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
            break;
        }
        ok = copy_out(prop->data, prop->size, pvData, pcbData);
        break;
    case CERT_KEY_SPEC_PROP_ID:
        ok = get_key_spec(cert, pvData, pcbData);
        break;
    case CERT_KEY_PROV_INFO_PROP_ID:
        prop = crypt32_prop_find(cert, dwPropId);
        if (!prop) {
            crypt32_fail(CRYPT_E_NOT_FOUND);
            break;
        }
        ok = get_key_prov_info(prop, pvData, pcbData);
        break;
    default:
        prop = crypt32_prop_find(cert, dwPropId);
        if (!prop) {
            crypt32_fail(CRYPT_E_NOT_FOUND);
            break;
        }
        ok = copy_out(prop->data, prop->size, pvData, pcbData);
        break;
    }
    crypt32_unlock();
    return ok;
}

/* What pvData points to depends on the property, as documented for Windows. */
static BOOL set_locked(struct crypt32_cert *cert, DWORD id, const void *pvData)
{
    const CRYPT_DATA_BLOB *blob = pvData;

    if (!pvData)
        return crypt32_prop_set(cert, id, NULL, 0);
    switch (id) {
    case CERT_KEY_PROV_INFO_PROP_ID:
        return crypt32_set_key_prov_info(cert, pvData);
    case CERT_KEY_PROV_HANDLE_PROP_ID:
    case CERT_NCRYPT_KEY_HANDLE_PROP_ID:
    case CERT_HCRYPTPROV_OR_NCRYPT_KEY_HANDLE_PROP_ID:
        return crypt32_prop_set(cert, id, pvData, sizeof(ULONG_PTR));
    case CERT_KEY_CONTEXT_PROP_ID: {
        const CERT_KEY_CONTEXT *context = pvData;

        if (context->cbSize != sizeof(CERT_KEY_CONTEXT)) {
            crypt32_fail(E_INVALIDARG);
            return FALSE;
        }
        return crypt32_prop_set(cert, id, context, sizeof(*context));
    }
    case CERT_KEY_SPEC_PROP_ID:
        return crypt32_prop_set(cert, id, pvData, sizeof(DWORD));
    case CERT_DATE_STAMP_PROP_ID:
        return crypt32_prop_set(cert, id, pvData, sizeof(FILETIME));
    default:
        return crypt32_prop_set(cert, id, blob->pbData, blob->cbData);
    }
}

BOOL WINAPI CertSetCertificateContextProperty(PCCERT_CONTEXT pCertContext, DWORD dwPropId,
                                              DWORD dwFlags, const void *pvData)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    BOOL ok;

    if (!cert || !dwPropId || dwPropId > CERT_LAST_USER_PROP_ID) {
        crypt32_fail(E_INVALIDARG);
        return FALSE;
    }
    crypt32_lock();
    ok = set_locked(cert, dwPropId, pvData);
    crypt32_unlock();
    if (!ok && GetLastError() != (DWORD)E_INVALIDARG)
        crypt32_fail(ERROR_NOT_ENOUGH_MEMORY);
    return ok;
}

DWORD WINAPI CertEnumCertificateContextProperties(PCCERT_CONTEXT pCertContext, DWORD dwPropId)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    const struct crypt32_prop *prop;
    DWORD next = 0;

    if (!cert)
        return 0;
    crypt32_lock();
    prop = cert->props;
    if (dwPropId) {
        prop = crypt32_prop_find(cert, dwPropId);
        prop = prop ? prop->next : NULL;
    }
    if (prop)
        next = prop->id;
    crypt32_unlock();
    return next;
}
