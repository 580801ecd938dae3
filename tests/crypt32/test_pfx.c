/* PFXIsPFXBlob, PFXImportCertStore and private-key access. */
#include <criterion/criterion.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypt32_native.h"
#include "fixtures.h"

static HCERTSTORE import(const unsigned char *der, int len, const char *password, DWORD flags)
{
    CRYPT_DATA_BLOB blob = {(DWORD)len, (BYTE *)der};

    return PFXImportCertStore(&blob, password ? W(password) : NULL, flags);
}

static PCCERT_CONTEXT find_leaf(HCERTSTORE store, const struct fixture_cert *leaf)
{
    PCCERT_CONTEXT ctx = NULL;

    while ((ctx = CertEnumCertificatesInStore(store, ctx))) {
        if (ctx->cbCertEncoded == (DWORD)leaf->der_len &&
            !memcmp(ctx->pbCertEncoded, leaf->der, ctx->cbCertEncoded))
            return ctx;
    }
    return NULL;
}

Test(pfx, is_pfx_blob)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->rsa, &set->ca, "secret", &len);
    CRYPT_DATA_BLOB blob = {(DWORD)len, der}, cert = {(DWORD)set->rsa.der_len, set->rsa.der};

    cr_assert(PFXIsPFXBlob(&blob));
    cr_assert_not(PFXIsPFXBlob(&cert));
    cr_assert_not(PFXIsPFXBlob(NULL));
    OPENSSL_free(der);
}

Test(pfx, imports_certificates_and_key)
{
    const struct fixture_set *set = fixtures();
    int len, n = 0;
    unsigned char *der = fixture_pfx(&set->rsa, &set->ca, "secret", &len);
    HCERTSTORE store = import(der, len, "secret", CRYPT_EXPORTABLE);
    PCCERT_CONTEXT ctx = NULL, leaf;
    EVP_PKEY *key;
    X509 *x509;
    WCHAR name[32];
    DWORD cb = sizeof(name);

    cr_assert_not_null(store, "import failed: %#x", GetLastError());
    while ((ctx = CertEnumCertificatesInStore(store, ctx)))
        n++;
    cr_assert_eq(n, 2, "the leaf and its CA");

    leaf = find_leaf(store, &set->rsa);
    cr_assert_not_null(leaf);
    cr_assert_eq(leaf->hCertStore, store);
    cr_assert(CertGetCertificateContextProperty(leaf, CERT_FRIENDLY_NAME_PROP_ID, name, &cb));
    cr_assert(wstr_eq(name, "sspishim leaf"));

    key = crypt32_native_get_private_key(leaf);
    cr_assert_not_null(key);
    cr_assert_eq(EVP_PKEY_eq(key, set->rsa.key), 1, "the leaf's own key");
    EVP_PKEY_free(key);
    x509 = crypt32_native_get_x509(leaf);
    cr_assert_eq(X509_cmp(x509, set->rsa.x509), 0);
    X509_free(x509);
    CertFreeCertificateContext(leaf);

    leaf = find_leaf(store, &set->ca);
    cr_assert_not_null(leaf);
    cr_assert_null(crypt32_native_get_private_key(leaf), "the CA came without a key");
    CertFreeCertificateContext(leaf);
    OPENSSL_free(der);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

Test(pfx, key_prov_info_is_plausible)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->rsa, NULL, "secret", &len);
    HCERTSTORE store = import(der, len, "secret", CRYPT_MACHINE_KEYSET);
    PCCERT_CONTEXT leaf = find_leaf(store, &set->rsa);
    CRYPT_KEY_PROV_INFO *info;
    DWORD cb = 0, spec = 0;

    cr_assert(CertGetCertificateContextProperty(leaf, CERT_KEY_PROV_INFO_PROP_ID, NULL, &cb));
    info = malloc(cb);
    cr_assert(CertGetCertificateContextProperty(leaf, CERT_KEY_PROV_INFO_PROP_ID, info, &cb));
    cr_assert(wstr_eq(info->pwszProvName, "Microsoft Enhanced Cryptographic Provider v1.0"));
    cr_assert_eq(info->dwProvType, PROV_RSA_FULL);
    cr_assert_eq(info->dwKeySpec, AT_KEYEXCHANGE);
    cr_assert_eq(info->dwFlags, CRYPT_MACHINE_KEYSET);
    cr_assert_not_null(info->pwszContainerName);
    cb = sizeof(spec);
    cr_assert(CertGetCertificateContextProperty(leaf, CERT_KEY_SPEC_PROP_ID, &spec, &cb));
    cr_assert_eq(spec, AT_KEYEXCHANGE);
    free(info);
    CertFreeCertificateContext(leaf);
    CertCloseStore(store, 0);
    OPENSSL_free(der);
}

Test(pfx, ecdsa_key_goes_to_cng)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->ec, NULL, "pw", &len);
    HCERTSTORE store = import(der, len, "pw", 0);
    PCCERT_CONTEXT leaf = find_leaf(store, &set->ec);
    BYTE buffer[512];
    CRYPT_KEY_PROV_INFO *info = (CRYPT_KEY_PROV_INFO *)buffer;
    DWORD cb = sizeof(buffer);
    EVP_PKEY *key;

    cr_assert_not_null(leaf);
    cr_assert(CertGetCertificateContextProperty(leaf, CERT_KEY_PROV_INFO_PROP_ID, info, &cb));
    cr_assert(wstr_eq(info->pwszProvName, "Microsoft Software Key Storage Provider"));
    cr_assert_eq(info->dwProvType, 0);
    key = crypt32_native_get_private_key(leaf);
    cr_assert_eq(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
    EVP_PKEY_free(key);
    CertFreeCertificateContext(leaf);
    CertCloseStore(store, 0);
    OPENSSL_free(der);
}

Test(pfx, wrong_password)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->ec, NULL, "right", &len);

    SetLastError(0);
    cr_assert_null(import(der, len, "wrong", 0));
    cr_assert_eq(GetLastError(), ERROR_INVALID_PASSWORD);
    cr_assert_eq(GetLastError(), 0x56);
    cr_assert_null(import(der, len, NULL, 0));
    cr_assert_eq(GetLastError(), ERROR_INVALID_PASSWORD);
    cr_assert_null(import(der, len, "", 0));
    cr_assert_eq(GetLastError(), ERROR_INVALID_PASSWORD);
    OPENSSL_free(der);
}

Test(pfx, empty_password_matches_null_and_empty)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->ec, NULL, "", &len);
    HCERTSTORE store;

    store = import(der, len, NULL, 0);
    cr_assert_not_null(store, "NULL password: %#x", GetLastError());
    CertCloseStore(store, 0);
    store = import(der, len, "", 0);
    cr_assert_not_null(store);
    CertCloseStore(store, 0);
    cr_assert_null(import(der, len, "x", 0));
    cr_assert_eq(GetLastError(), ERROR_INVALID_PASSWORD);
    OPENSSL_free(der);
}

Test(pfx, bad_input)
{
    static const BYTE garbage[] = {0x02, 0x01, 0x00};
    const struct fixture_cert *rsa = &fixtures()->rsa;

    cr_assert_null(PFXImportCertStore(NULL, W("x"), 0));
    cr_assert_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    cr_assert_null(import(garbage, sizeof(garbage), "x", 0));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_BADTAG);
    cr_assert_null(import(rsa->der, rsa->der_len, "x", 0), "a certificate is not a PFX");
    cr_assert_neq(GetLastError(), 0);
}

Test(pfx, only_certificates)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->rsa, NULL, "pw", &len);
    HCERTSTORE store = import(der, len, "pw", PKCS12_ONLY_CERTIFICATES);
    PCCERT_CONTEXT leaf = find_leaf(store, &set->rsa);
    DWORD cb = 0;

    cr_assert_not_null(leaf);
    cr_assert_null(crypt32_native_get_private_key(leaf));
    cr_assert_not(CertGetCertificateContextProperty(leaf, CERT_KEY_PROV_INFO_PROP_ID, NULL, &cb));
    CertFreeCertificateContext(leaf);
    CertCloseStore(store, 0);
    OPENSSL_free(der);
}

Test(pfx, acquire_private_key)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->rsa, &set->ca, "pw", &len);
    HCERTSTORE store = import(der, len, "pw", 0);
    PCCERT_CONTEXT leaf = find_leaf(store, &set->rsa), ca = find_leaf(store, &set->ca);
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0, cached = 0, again = 0;
    DWORD spec = 0;
    BOOL free_it = FALSE;
    EVP_PKEY *key;

    cr_assert(CryptAcquireCertificatePrivateKey(leaf, 0, NULL, &handle, &spec, &free_it));
    cr_assert_neq(handle, 0);
    cr_assert_eq(spec, AT_KEYEXCHANGE);
    cr_assert(free_it);
    key = crypt32_native_key_from_handle(handle);
    cr_assert_eq(EVP_PKEY_eq(key, set->rsa.key), 1);
    EVP_PKEY_free(key);
    cr_assert(CryptReleaseContext(handle, 0));

    cr_assert(CryptAcquireCertificatePrivateKey(leaf, CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, NULL,
                                                &handle, &spec, &free_it));
    cr_assert_eq(spec, CERT_NCRYPT_KEY_SPEC);
    cr_assert(free_it);
    cr_assert_eq(NCryptFreeObject(handle), 0);

    cr_assert(CryptAcquireCertificatePrivateKey(leaf, CRYPT_ACQUIRE_CACHE_FLAG, NULL, &cached,
                                                &spec, &free_it));
    cr_assert_not(free_it, "a cached handle belongs to the certificate");
    cr_assert(CryptAcquireCertificatePrivateKey(leaf, CRYPT_ACQUIRE_CACHE_FLAG, NULL, &again, &spec,
                                                &free_it));
    cr_assert_eq(again, cached);

    SetLastError(0);
    cr_assert_not(CryptAcquireCertificatePrivateKey(ca, 0, NULL, &handle, &spec, &free_it));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NO_KEY_PROPERTY);
    cr_assert_not(CryptAcquireCertificatePrivateKey(NULL, 0, NULL, &handle, &spec, &free_it));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    cr_assert_not(CryptReleaseContext(0, 0));

    CertFreeCertificateContext(leaf);
    CertFreeCertificateContext(ca);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
    OPENSSL_free(der);
}

Test(pfx, key_follows_the_certificate_into_other_stores)
{
    const struct fixture_set *set = fixtures();
    int len;
    unsigned char *der = fixture_pfx(&set->ec, NULL, "pw", &len);
    HCERTSTORE store = import(der, len, "pw", 0),
               other = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    PCCERT_CONTEXT leaf = find_leaf(store, &set->ec), copy;
    EVP_PKEY *key;

    cr_assert(CertAddCertificateContextToStore(other, leaf, CERT_STORE_ADD_NEW, &copy));
    CertFreeCertificateContext(leaf);
    CertCloseStore(store, 0);
    key = crypt32_native_get_private_key(copy);
    cr_assert_not_null(key);
    cr_assert_eq(EVP_PKEY_eq(key, set->ec.key), 1);
    EVP_PKEY_free(key);
    CertFreeCertificateContext(copy);
    cr_assert(CertCloseStore(other, CERT_CLOSE_STORE_CHECK_FLAG));
    OPENSSL_free(der);
}

static void write_pem(const char *path, const struct fixture_cert *c, int key)
{
    FILE *f = fopen(path, "w");

    cr_assert_not_null(f);
    if (key)
        PEM_write_PrivateKey(f, c->key, NULL, NULL, 0, NULL, NULL);
    else
        PEM_write_X509(f, c->x509);
    fclose(f);
}

/* A PFX written by the openssl command, as users make them. */
Test(pfx, imports_openssl_command_output)
{
    const struct fixture_set *set = fixtures();
    const char *dir = fixture_tmpdir();
    char cmd[1024], path[256];
    unsigned char *der;
    long len = 0;
    HCERTSTORE store;
    PCCERT_CONTEXT leaf;
    EVP_PKEY *key;

    cr_assert_not_null(dir);
    snprintf(path, sizeof(path), "%s/leaf.pem", dir);
    write_pem(path, &set->rsa, 0);
    snprintf(path, sizeof(path), "%s/leaf.key", dir);
    write_pem(path, &set->rsa, 1);
    snprintf(path, sizeof(path), "%s/ca.pem", dir);
    write_pem(path, &set->ca, 0);
    snprintf(cmd, sizeof(cmd),
             "cd %s && openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile ca.pem "
             "-name 'from cli' -passout pass:cli-pass -out cli.pfx",
             dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/cli.pfx", dir);
    der = fixture_read_file(path, &len);
    cr_assert_not_null(der);

    store = import(der, (int)len, "cli-pass", 0);
    cr_assert_not_null(store, "import failed: %#x", GetLastError());
    leaf = find_leaf(store, &set->rsa);
    cr_assert_not_null(leaf);
    key = crypt32_native_get_private_key(leaf);
    cr_assert_eq(EVP_PKEY_eq(key, set->rsa.key), 1);
    EVP_PKEY_free(key);
    CertFreeCertificateContext(leaf);
    CertCloseStore(store, 0);
    free(der);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
