/* The property list of a context: raw byte values in the order they were set. */
#include "crypt32_private.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

const struct crypt32_prop *crypt32_prop_find(const struct crypt32_cert *cert, DWORD id)
{
    const struct crypt32_prop *prop;

    for (prop = cert->props; prop; prop = prop->next) {
        if (prop->id == id)
            return prop;
    }
    return NULL;
}

static void prop_delete(struct crypt32_cert *cert, DWORD id)
{
    struct crypt32_prop **link, *prop;

    for (link = &cert->props; (prop = *link); link = &prop->next) {
        if (prop->id == id) {
            *link = prop->next;
            free(prop->data);
            free(prop);
            return;
        }
    }
}

/* Sets (or, with DATA NULL, deletes) a property; an existing value is replaced in place. */
BOOL crypt32_prop_set(struct crypt32_cert *cert, DWORD id, const void *data, DWORD size)
{
    struct crypt32_prop **link, *prop;
    BYTE *copy;

    if (!data) {
        prop_delete(cert, id);
        return TRUE;
    }
    copy = malloc(size ? size : 1);
    if (!copy)
        return FALSE;
    if (size)
        memcpy(copy, data, size);
    for (link = &cert->props; (prop = *link); link = &prop->next) {
        if (prop->id == id) {
            free(prop->data);
            prop->data = copy;
            prop->size = size;
            return TRUE;
        }
    }
    prop = calloc(1, sizeof(*prop));
    if (!prop) {
        free(copy);
        return FALSE;
    }
    prop->id = id;
    prop->data = copy;
    prop->size = size;
    *link = prop;
    return TRUE;
}

void crypt32_props_free(struct crypt32_cert *cert)
{
    struct crypt32_prop *prop, *next;

    for (prop = cert->props; prop; prop = next) {
        next = prop->next;
        free(prop->data);
        free(prop);
    }
    cert->props = NULL;
}

/* Copies every property of SRC to DST; with KEEP, values DST already has win. Key-provider
 * info holds pointers into its own bytes, so it is re-flattened rather than copied raw. */
BOOL crypt32_props_copy(struct crypt32_cert *dst, const struct crypt32_cert *src, BOOL keep)
{
    const struct crypt32_prop *prop;

    for (prop = src->props; prop; prop = prop->next) {
        if (keep && crypt32_prop_find(dst, prop->id))
            continue;
        if (prop->id == CERT_KEY_PROV_INFO_PROP_ID) {
            if (!crypt32_set_key_prov_info(dst, (const CRYPT_KEY_PROV_INFO *)prop->data))
                return FALSE;
        } else if (!crypt32_prop_set(dst, prop->id, prop->data, prop->size)) {
            return FALSE;
        }
    }
    return TRUE;
}

const struct crypt32_prop *crypt32_hash_prop_locked(struct crypt32_cert *cert, DWORD id)
{
    const struct crypt32_prop *prop = crypt32_prop_find(cert, id);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const EVP_MD *md;

    if (prop)
        return prop;
    md = id == CERT_MD5_HASH_PROP_ID ? EVP_md5() : EVP_sha1();
    if (!EVP_Digest(cert->ctx.pbCertEncoded, cert->ctx.cbCertEncoded, digest, &len, md, NULL))
        return NULL;
    if (!crypt32_prop_set(cert, id, digest, len))
        return NULL;
    return crypt32_prop_find(cert, id);
}
