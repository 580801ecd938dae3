/* Certificate contexts: creation from DER, reference counting and lifetime. A context inside a
 * store pins that store for as long as the caller holds it, as on Windows. */
#include "crypt32_private.h"

#include <openssl/err.h>
#include <stdlib.h>
#include <string.h>

/* Standalone contexts point to an empty store that never dies, so hCertStore is always usable. */
static struct crypt32_store empty_store = {
    CRYPT32_STORE_MAGIC, 1, CERT_STORE_READONLY_FLAG, TRUE, 0, NULL};

HCERTSTORE crypt32_empty_store(void)
{
    return &empty_store;
}

struct crypt32_cert *crypt32_cert_from_context(PCCERT_CONTEXT context)
{
    struct crypt32_cert *cert = (struct crypt32_cert *)context;

    if (!cert || !crypt32_registry_has(cert) || cert->magic != CRYPT32_CERT_MAGIC)
        return NULL;
    return cert;
}

void crypt32_cert_destroy(struct crypt32_cert *cert)
{
    if (!cert)
        return;
    crypt32_registry_remove(cert);
    crypt32_props_free(cert);
    crypt32_key_release(cert->key);
    crypt32_key_release(cert->cached_key);
    X509_free(cert->x509);
    crypt32_arena_free(cert->arena);
    cert->magic = 0;
    free(cert);
}

struct crypt32_cert *crypt32_cert_new(DWORD encoding, const BYTE *der, DWORD size)
{
    struct crypt32_cert *cert = NULL;
    const unsigned char *cursor = der;
    DWORD error = 0;

    if (GET_CERT_ENCODING_TYPE(encoding) != X509_ASN_ENCODING) {
        error = (DWORD)E_INVALIDARG;
        goto done;
    }
    cert = calloc(1, sizeof(*cert));
    if (!cert || !(cert->arena = crypt32_arena_new()) || !crypt32_registry_add(cert)) {
        error = ERROR_NOT_ENOUGH_MEMORY;
        goto done;
    }
    cert->magic = CRYPT32_CERT_MAGIC;
    cert->refs = 1;
    if (!der || !size || !(cert->x509 = d2i_X509(NULL, &cursor, (long)size))) {
        ERR_clear_error();
        error = crypt32_der_error(der, size);
        goto done;
    }
    cert->ctx.dwCertEncodingType = encoding;
    cert->ctx.cbCertEncoded = (DWORD)(cursor - der);
    cert->ctx.pbCertEncoded = crypt32_arena_dup(cert->arena, der, cert->ctx.cbCertEncoded);
    cert->ctx.pCertInfo = crypt32_cert_info_build(cert->x509, cert->arena);
    if (!cert->ctx.pbCertEncoded || !cert->ctx.pCertInfo) {
        ERR_clear_error();
        error = CRYPT_E_ASN1_CORRUPT;
        goto done;
    }
    cert->ctx.hCertStore = &empty_store;
done:
    if (error) {
        crypt32_cert_destroy(cert);
        crypt32_fail(error);
        return NULL;
    }
    return cert;
}

void crypt32_cert_addref_locked(struct crypt32_cert *cert)
{
    cert->refs++;
    if (cert->store)
        cert->store->refs++;
}

void crypt32_cert_release_locked(struct crypt32_cert *cert)
{
    struct crypt32_store *store = cert->store;

    cert->refs--;
    if (cert->refs == 0 && !cert->in_store)
        crypt32_cert_destroy(cert);
    if (store)
        crypt32_store_release_locked(store);
}

PCCERT_CONTEXT WINAPI CertCreateCertificateContext(DWORD dwCertEncodingType,
                                                   const BYTE *pbCertEncoded, DWORD cbCertEncoded)
{
    struct crypt32_cert *cert = crypt32_cert_new(dwCertEncodingType, pbCertEncoded, cbCertEncoded);

    return cert ? &cert->ctx : NULL;
}

PCCERT_CONTEXT WINAPI CertDuplicateCertificateContext(PCCERT_CONTEXT pCertContext)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);

    if (!cert)
        return NULL;
    crypt32_lock();
    crypt32_cert_addref_locked(cert);
    crypt32_unlock();
    return pCertContext;
}

BOOL WINAPI CertFreeCertificateContext(PCCERT_CONTEXT pCertContext)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);

    if (cert) {
        crypt32_lock();
        crypt32_cert_release_locked(cert);
        crypt32_unlock();
    }
    return TRUE;
}
