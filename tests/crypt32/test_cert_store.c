/* Memory stores: open/close, add dispositions, enumeration, search, deletion, lifetimes. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "fixtures.h"

static HCERTSTORE open_memory(void)
{
    HCERTSTORE store =
        CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);

    cr_assert_not_null(store);
    return store;
}

static void add(HCERTSTORE store, const struct fixture_cert *c, PCCERT_CONTEXT *out)
{
    cr_assert(CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, c->der, (DWORD)c->der_len,
                                               CERT_STORE_ADD_ALWAYS, out),
              "add failed: %#x", GetLastError());
}

static int count(HCERTSTORE store)
{
    PCCERT_CONTEXT ctx = NULL;
    int n = 0;

    while ((ctx = CertEnumCertificatesInStore(store, ctx)))
        n++;
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    return n;
}

Test(cert_store, open_and_close)
{
    HCERTSTORE store = CertOpenStore(sz_CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);

    cr_assert_not_null(store, "the provider may be named by string");
    cr_assert_eq(count(store), 0);
    cr_assert(CertCloseStore(store, 0));
    cr_assert(CertCloseStore(NULL, 0));

    SetLastError(0);
    cr_assert_null(CertOpenStore((LPCSTR) "NoSuchProvider", 0, 0, 0, NULL));
    cr_assert_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    cr_assert_null(CertOpenStore(CERT_STORE_PROV_FILE, 0, 0, 0, NULL));
    cr_assert_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
}

Test(cert_store, enumerates_in_insertion_order)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT added, ctx;

    add(store, &set->rsa, &added);
    cr_assert_eq(added->hCertStore, store);
    cr_assert_arr_eq(added->pbCertEncoded, set->rsa.der, set->rsa.der_len);
    add(store, &set->ca, NULL);
    add(store, &set->ec, NULL);

    ctx = CertEnumCertificatesInStore(store, NULL);
    cr_assert_eq(ctx, added, "the store's own context is returned");
    ctx = CertEnumCertificatesInStore(store, ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ca.der_len);
    ctx = CertEnumCertificatesInStore(store, ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ec.der_len);
    cr_assert_null(CertEnumCertificatesInStore(store, ctx), "frees the last one too");
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    CertFreeCertificateContext(added);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

Test(cert_store, add_dispositions)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT first, again,
        ctx =
            CertCreateCertificateContext(X509_ASN_ENCODING, set->rsa.der, (DWORD)set->rsa.der_len);
    CRYPT_DATA_BLOB name = {sizeof(u"new"), (BYTE *)u"new"};
    DWORD size = 0;

    cr_assert(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_NEW, &first));
    cr_assert_neq(first, ctx, "the store holds a copy");
    cr_assert_eq(first->hCertStore, store);

    SetLastError(0);
    cr_assert_not(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_NEW, &again));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_EXISTS);
    cr_assert_null(again);

    CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0, &name);
    cr_assert(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_USE_EXISTING, &again));
    cr_assert_eq(again, first, "the existing context is used");
    cr_assert(CertGetCertificateContextProperty(first, CERT_FRIENDLY_NAME_PROP_ID, NULL, &size),
              "and receives the new properties");
    CertFreeCertificateContext(again);
    cr_assert_eq(count(store), 1);

    cr_assert(
        CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_REPLACE_EXISTING, &again));
    cr_assert_neq(again, first);
    cr_assert_eq(count(store), 1);
    CertFreeCertificateContext(again);

    cr_assert(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_ALWAYS, NULL));
    cr_assert_eq(count(store), 2);

    cr_assert_not(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_NEWER, NULL));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_EXISTS, "not newer than itself");

    cr_assert_not(CertAddCertificateContextToStore(store, ctx, 99, NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    cr_assert_not(CertAddCertificateContextToStore(NULL, ctx, CERT_STORE_ADD_NEW, NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);

    /* "first" was replaced but is still held, so it stays valid */
    cr_assert_eq(first->cbCertEncoded, (DWORD)set->rsa.der_len);
    CertFreeCertificateContext(first);
    CertFreeCertificateContext(ctx);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

Test(cert_store, add_encoded_rejects_garbage)
{
    static const BYTE garbage[] = {0x04, 0x02, 0x00, 0x00};
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT out = (PCCERT_CONTEXT)1;

    cr_assert_not(CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, garbage,
                                                   sizeof(garbage), CERT_STORE_ADD_ALWAYS, &out));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_BADTAG);
    cr_assert_null(out);
    cr_assert_eq(count(store), 0);
    CertCloseStore(store, 0);
}

Test(cert_store, readonly_store_refuses_adds)
{
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_READONLY_FLAG, NULL);
    const struct fixture_cert *ec = &fixtures()->ec;
    PCCERT_CONTEXT ctx =
        CertCreateCertificateContext(X509_ASN_ENCODING, ec->der, (DWORD)ec->der_len);

    cr_assert_not(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_ALWAYS, NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_ACCESSDENIED);
    cr_assert_not(
        CertAddCertificateContextToStore(ctx->hCertStore, ctx, CERT_STORE_ADD_ALWAYS, NULL),
        "nor does the empty store of a standalone context");
    CertFreeCertificateContext(ctx);
    CertCloseStore(store, 0);
}

Test(cert_store, delete_while_enumerating)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT ctx = NULL;
    int seen = 0;

    add(store, &set->rsa, NULL);
    add(store, &set->ca, NULL);
    add(store, &set->ec, NULL);
    while ((ctx = CertEnumCertificatesInStore(store, ctx))) {
        seen++;
        cr_assert(CertDeleteCertificateFromStore(CertDuplicateCertificateContext(ctx)));
    }
    cr_assert_eq(seen, 3, "enumeration continues past deleted contexts");
    cr_assert_eq(count(store), 0);
    cr_assert(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

Test(cert_store, delete_middle_keeps_order)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT middle, ctx;

    add(store, &set->rsa, NULL);
    add(store, &set->ca, &middle);
    add(store, &set->ec, NULL);
    cr_assert(CertDeleteCertificateFromStore(middle));
    ctx = CertEnumCertificatesInStore(store, NULL);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->rsa.der_len);
    ctx = CertEnumCertificatesInStore(store, ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ec.der_len);
    CertFreeCertificateContext(ctx);
    cr_assert_not(CertDeleteCertificateFromStore(NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    CertCloseStore(store, 0);
}

Test(cert_store, context_keeps_store_alive)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();
    PCCERT_CONTEXT held, ctx;

    add(store, &set->rsa, &held);
    add(store, &set->ec, NULL);
    SetLastError(0);
    cr_assert_not(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_PENDING_CLOSE);
    /* the store is closed for the caller but lives on through the context */
    ctx = CertEnumCertificatesInStore(held->hCertStore, NULL);
    cr_assert_eq(ctx, held);
    ctx = CertEnumCertificatesInStore(held->hCertStore, ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ec.der_len);
    CertFreeCertificateContext(ctx);
    CertFreeCertificateContext(held);
}

Test(cert_store, duplicate_store)
{
    HCERTSTORE store = open_memory(), dup;

    dup = CertDuplicateStore(store);
    cr_assert_eq(dup, store);
    cr_assert_not(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
    add(dup, &fixtures()->ec, NULL);
    cr_assert_eq(count(dup), 1);
    cr_assert(CertCloseStore(dup, CERT_CLOSE_STORE_CHECK_FLAG));
    cr_assert_null(CertDuplicateStore(NULL));
}

static HCERTSTORE filled(void)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = open_memory();

    add(store, &set->ca, NULL);
    add(store, &set->rsa, NULL);
    add(store, &set->ec, NULL);
    return store;
}

Test(cert_store, find_any_walks_everything)
{
    HCERTSTORE store = filled();
    PCCERT_CONTEXT ctx = NULL;
    int n = 0;

    while (
        (ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_ANY, NULL, ctx)))
        n++;
    cr_assert_eq(n, 3);
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    CertCloseStore(store, 0);
}

Test(cert_store, find_by_sha1_hash)
{
    const struct fixture_cert *ec = &fixtures()->ec;
    HCERTSTORE store = filled();
    BYTE digest[20];
    unsigned int len = 0;
    CRYPT_HASH_BLOB hash = {sizeof(digest), digest};
    PCCERT_CONTEXT ctx;

    EVP_Digest(ec->der, (size_t)ec->der_len, digest, &len, EVP_sha1(), NULL);
    ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &hash, NULL);
    cr_assert_not_null(ctx);
    cr_assert_arr_eq(ctx->pbCertEncoded, ec->der, ec->der_len);
    cr_assert_null(
        CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_HASH, &hash, ctx),
        "only one match");
    digest[0] ^= 1;
    cr_assert_null(
        CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_HASH, &hash, NULL));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
    CertCloseStore(store, 0);
}

Test(cert_store, find_by_subject_string)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = filled();
    PCCERT_CONTEXT ctx;
    int n = 0;

    ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_A,
                                     "RSA.Example", NULL);
    cr_assert_not_null(ctx, "case-insensitive substring");
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->rsa.der_len);
    CertFreeCertificateContext(ctx);

    ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_W,
                                     W("EC.EXAMPLE.TEST"), NULL);
    cr_assert_not_null(ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ec.der_len);
    CertFreeCertificateContext(ctx);

    ctx = NULL;
    while ((ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_W,
                                             W("sspishim tests"), ctx)))
        n++;
    cr_assert_eq(n, 2, "the CA and the EC certificate");

    cr_assert_null(CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_A,
                                              "nobody", NULL));
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);

    ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_ISSUER_STR_A, "test ca",
                                     NULL);
    cr_assert_not_null(ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->ca.der_len, "the CA issued itself first");
    ctx = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_ISSUER_STR_A, "test ca",
                                     ctx);
    cr_assert_eq(ctx->cbCertEncoded, (DWORD)set->rsa.der_len);
    CertFreeCertificateContext(ctx);
    CertCloseStore(store, 0);
}

Test(cert_store, find_existing_and_issuer)
{
    const struct fixture_set *set = fixtures();
    HCERTSTORE store = filled();
    PCCERT_CONTEXT rsa =
        CertCreateCertificateContext(X509_ASN_ENCODING, set->rsa.der, (DWORD)set->rsa.der_len);
    PCCERT_CONTEXT found;

    found = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, rsa, NULL);
    cr_assert_not_null(found);
    cr_assert_neq(found, rsa);
    cr_assert_eq(found->hCertStore, store);
    CertFreeCertificateContext(found);

    found = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_ISSUER_OF, rsa, NULL);
    cr_assert_not_null(found);
    cr_assert_eq(found->cbCertEncoded, (DWORD)set->ca.der_len);
    CertFreeCertificateContext(found);

    found = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_NAME,
                                       &rsa->pCertInfo->Subject, NULL);
    cr_assert_not_null(found);
    CertFreeCertificateContext(found);

    found = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_CERT,
                                       rsa->pCertInfo, NULL);
    cr_assert_not_null(found);
    cr_assert_eq(found->cbCertEncoded, (DWORD)set->rsa.der_len);
    CertFreeCertificateContext(found);

    cr_assert_null(
        CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, NULL, NULL));
    cr_assert_eq(GetLastError(), (DWORD)E_INVALIDARG);
    CertFreeCertificateContext(rsa);
    CertCloseStore(store, 0);
}
