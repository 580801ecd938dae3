/* PFXImportCertStore and PFXIsPFXBlob on OpenSSL's PKCS#12: the certificates go into a new
 * memory store, the private key rides on the certificate it belongs to. */
#include "crypt32_private.h"
#include "crypt32_native.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;
static OSSL_PROVIDER *legacy_provider; /* kept for the life of the process */

/* Before OpenSSL's own cleanup (registered earlier, so run later): left loaded, the provider's
 * child library context is lost when OpenSSL unloads the module at exit. */
static void unload_legacy_provider(void)
{
    OSSL_PROVIDER_unload(legacy_provider);
    legacy_provider = NULL;
}

/* Older PFX files (RC2-40, as Windows long wrote them) need OpenSSL's legacy provider; loading it
 * with fallbacks retained keeps the default provider in place. Missing it is not fatal. */
static void load_legacy_provider(void)
{
    legacy_provider = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
    ERR_clear_error();
    if (legacy_provider)
        atexit(unload_legacy_provider);
}

static PKCS12 *decode(const CRYPT_DATA_BLOB *blob)
{
    const unsigned char *cursor = blob->pbData;

    if (!blob->pbData || !blob->cbData)
        return NULL;
    return d2i_PKCS12(NULL, &cursor, (long)blob->cbData);
}

BOOL WINAPI PFXIsPFXBlob(CRYPT_DATA_BLOB *pPFX)
{
    PKCS12 *p12 = pPFX ? decode(pPFX) : NULL;

    ERR_clear_error();
    PKCS12_free(p12);
    return p12 != NULL;
}

/* Windows distinguishes NULL from "" only in name: PKCS#12 encodes both ways, so both are tried
 * for an empty password. Returns the working password, or sets *found to FALSE. */
static const char *pick_password(PKCS12 *p12, const char *utf8, BOOL *found)
{
    *found = TRUE;
    if (utf8 && *utf8) {
        if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, utf8, -1))
            return utf8;
    } else {
        if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, "", 0))
            return "";
        if (PKCS12_verify_mac(p12, NULL, 0))
            return NULL;
    }
    *found = FALSE;
    return NULL;
}

static BOOL set_friendly_name(PCCERT_CONTEXT ctx, X509 *x509)
{
    int len = 0;
    const unsigned char *alias = X509_alias_get0(x509, &len);
    CRYPT_DATA_BLOB blob;
    size_t wlen = 0;
    WCHAR *wide;
    BOOL ok;

    if (!alias || len <= 0)
        return TRUE;
    wide = crypt32_utf8_to_utf16((const char *)alias, (size_t)len, &wlen);
    if (!wide)
        return FALSE;
    blob.cbData = (DWORD)((wlen + 1) * sizeof(WCHAR));
    blob.pbData = (BYTE *)wide;
    ok = CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0, &blob);
    free(wide);
    return ok;
}

/* A plausible key-provider description: a random container name and the provider Windows
 * would import into (the CNG key storage provider for EC keys or when asked for). */
static BOOL set_key_prov_info(PCCERT_CONTEXT ctx, EVP_PKEY *pkey, DWORD flags)
{
    static const char cng[] = "Microsoft Software Key Storage Provider";
    static const char capi[] = "Microsoft Enhanced Cryptographic Provider v1.0";
    BOOL use_cng = (flags & (PKCS12_PREFER_CNG_KSP | PKCS12_ALWAYS_CNG_KSP)) ||
                   EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA;
    CRYPT_KEY_PROV_INFO info = {0};
    unsigned char id[16];
    char container[48];
    WCHAR *wcontainer = NULL, *wprovider = NULL;
    BOOL ok = FALSE;

    if (RAND_bytes(id, sizeof(id)) != 1)
        goto done;
    snprintf(container, sizeof(container),
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", id[0], id[1],
             id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
             id[14], id[15]);
    wcontainer = crypt32_utf8_to_utf16(container, strlen(container), NULL);
    wprovider = use_cng ? crypt32_utf8_to_utf16(cng, sizeof(cng) - 1, NULL)
                        : crypt32_utf8_to_utf16(capi, sizeof(capi) - 1, NULL);
    if (!wcontainer || !wprovider)
        goto done;
    info.pwszContainerName = wcontainer;
    info.pwszProvName = wprovider;
    info.dwProvType = use_cng ? 0 : PROV_RSA_FULL;
    info.dwFlags = flags & CRYPT_MACHINE_KEYSET;
    info.dwKeySpec = AT_KEYEXCHANGE;
    ok = CertSetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, 0, &info);
done:
    free(wcontainer);
    free(wprovider);
    return ok;
}

static BOOL add_cert(HCERTSTORE store, X509 *x509, EVP_PKEY *pkey, DWORD flags)
{
    unsigned char *der = NULL;
    int len = i2d_X509(x509, &der);
    PCCERT_CONTEXT ctx = NULL;
    BOOL ok = FALSE;

    if (len <= 0)
        goto done;
    if (!CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, (DWORD)len,
                                          CERT_STORE_ADD_ALWAYS, &ctx))
        goto done;
    if (!set_friendly_name(ctx, x509))
        goto done;
    if (pkey &&
        (!crypt32_native_set_private_key(ctx, pkey) || !set_key_prov_info(ctx, pkey, flags)))
        goto done;
    ok = TRUE;
done:
    CertFreeCertificateContext(ctx);
    OPENSSL_free(der);
    return ok;
}

HCERTSTORE WINAPI PFXImportCertStore(CRYPT_DATA_BLOB *pPFX, LPCWSTR szPassword, DWORD dwFlags)
{
    PKCS12 *p12 = NULL;
    EVP_PKEY *pkey = NULL;
    X509 *leaf = NULL;
    STACK_OF(X509) *others = NULL;
    HCERTSTORE store = NULL;
    char *utf8 = NULL;
    const char *password;
    DWORD error = 0;
    BOOL found;
    int i;

    if (!pPFX) {
        error = ERROR_INVALID_PARAMETER;
        goto done;
    }
    pthread_once(&legacy_once, load_legacy_provider);
    p12 = decode(pPFX);
    if (!p12) {
        error = crypt32_der_error(pPFX->pbData, pPFX->cbData);
        goto done;
    }
    if (szPassword && !(utf8 = crypt32_utf16_to_utf8(szPassword, crypt32_wcslen(szPassword)))) {
        error = ERROR_NOT_ENOUGH_MEMORY;
        goto done;
    }
    password = pick_password(p12, utf8, &found);
    if (!found || !PKCS12_parse(p12, password, &pkey, &leaf, &others)) {
        error = ERROR_INVALID_PASSWORD;
        goto done;
    }
    if (dwFlags & PKCS12_ONLY_CERTIFICATES) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);
    if (!store) {
        error = GetLastError();
        goto done;
    }
    if (leaf && !add_cert(store, leaf, pkey, dwFlags)) {
        error = GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < sk_X509_num(others); i++) {
        if (!add_cert(store, sk_X509_value(others, i), NULL, dwFlags)) {
            error = GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
            goto done;
        }
    }
done:
    ERR_clear_error();
    if (utf8) {
        OPENSSL_cleanse(utf8, strlen(utf8));
        free(utf8);
    }
    EVP_PKEY_free(pkey);
    X509_free(leaf);
    sk_X509_pop_free(others, X509_free);
    PKCS12_free(p12);
    if (error) {
        CertCloseStore(store, 0);
        crypt32_fail(error);
        return NULL;
    }
    return store;
}
