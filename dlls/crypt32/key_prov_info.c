/* CRYPT_KEY_PROV_INFO as a property: one flat buffer, the structure first, then the parameter
 * array, the strings and the parameter data, every pointer aimed inside the same buffer, which
 * is also the form CertGetCertificateContextProperty hands back. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

static size_t align_up(size_t value)
{
    return (value + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
}

static size_t wide_bytes(const WCHAR *text)
{
    return text ? (crypt32_wcslen(text) + 1) * sizeof(WCHAR) : 0;
}

/* Lays INFO out into OUT (when not NULL) and returns the size it takes. */
DWORD crypt32_key_prov_info_flatten(const CRYPT_KEY_PROV_INFO *info, BYTE *out)
{
    size_t offset = align_up(sizeof(CRYPT_KEY_PROV_INFO));
    size_t container = wide_bytes(info->pwszContainerName);
    size_t provider = wide_bytes(info->pwszProvName);
    CRYPT_KEY_PROV_INFO *copy = (CRYPT_KEY_PROV_INFO *)out;
    DWORD i;

    if (copy)
        *copy = *info;
    if (info->cProvParam) {
        if (copy) {
            copy->rgProvParam = (PCRYPT_KEY_PROV_PARAM)(out + offset);
            memcpy(copy->rgProvParam, info->rgProvParam,
                   info->cProvParam * sizeof(CRYPT_KEY_PROV_PARAM));
        }
        offset += info->cProvParam * sizeof(CRYPT_KEY_PROV_PARAM);
    } else if (copy) {
        copy->rgProvParam = NULL;
    }
    if (copy)
        copy->pwszContainerName = container ? (LPWSTR)(out + offset) : NULL;
    if (copy && container)
        memcpy(out + offset, info->pwszContainerName, container);
    offset += container;
    if (copy)
        copy->pwszProvName = provider ? (LPWSTR)(out + offset) : NULL;
    if (copy && provider)
        memcpy(out + offset, info->pwszProvName, provider);
    offset += provider;
    for (i = 0; i < info->cProvParam; i++) {
        DWORD size = info->rgProvParam[i].cbData;

        if (copy) {
            copy->rgProvParam[i].pbData = size ? out + offset : NULL;
            if (size)
                memcpy(out + offset, info->rgProvParam[i].pbData, size);
        }
        offset += size;
    }
    return (DWORD)offset;
}

BOOL crypt32_set_key_prov_info(struct crypt32_cert *cert, const CRYPT_KEY_PROV_INFO *info)
{
    DWORD size = crypt32_key_prov_info_flatten(info, NULL);
    BYTE *flat = calloc(1, size);
    const struct crypt32_prop *prop;
    BOOL ok = FALSE;

    if (!flat)
        goto done;
    if (!crypt32_prop_set(cert, CERT_KEY_PROV_INFO_PROP_ID, flat, size))
        goto done;
    /* Lay out in the property's own buffer so the internal pointers stay valid. */
    prop = crypt32_prop_find(cert, CERT_KEY_PROV_INFO_PROP_ID);
    crypt32_key_prov_info_flatten(info, prop->data);
    ok = TRUE;
done:
    free(flat);
    return ok;
}
