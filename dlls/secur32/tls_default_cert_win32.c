/* A client's default credentials (Windows and Wine): asked for a certificate it does not have,
 * and not told SCH_CRED_NO_DEFAULT_CREDS, Schannel looks in the current user's MY store for one
 * and sends it without telling the caller. A suitable certificate has a private key, is within
 * its validity period, allows client authentication (or names no extended usage), and has one of
 * the CAs the server named in its chain; when the server names none, any such certificate does.
 * The first suitable one in the store's order is used (Windows documents no order). */
#include "tls_internal.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

static int has_private_key(PCCERT_CONTEXT cert)
{
    static const DWORD key_properties[] = {CERT_KEY_PROV_INFO_PROP_ID, CERT_KEY_CONTEXT_PROP_ID,
                                           CERT_NCRYPT_KEY_HANDLE_PROP_ID};
    size_t i;

    for (i = 0; i < sizeof(key_properties) / sizeof(key_properties[0]); i++) {
        DWORD size = 0;
        if (CertGetCertificateContextProperty(cert, key_properties[i], NULL, &size))
            return 1;
    }
    return 0;
}

/* Both the extension and the CERT_ENHKEY_USAGE_PROP_ID property count; neither means every
 * usage. */
static int allows_client_auth(PCCERT_CONTEXT cert)
{
    CERT_ENHKEY_USAGE *usage = NULL;
    DWORD size = 0, i;
    int allowed = 0;

    if (!CertGetEnhancedKeyUsage(cert, 0, NULL, &size))
        return GetLastError() == (DWORD)CRYPT_E_NOT_FOUND;
    usage = malloc(size);
    if (!usage || !CertGetEnhancedKeyUsage(cert, 0, usage, &size))
        goto done;
    allowed = usage->cUsageIdentifier == 0 && GetLastError() == (DWORD)CRYPT_E_NOT_FOUND;
    for (i = 0; !allowed && i < usage->cUsageIdentifier; i++)
        allowed = !strcmp(usage->rgpszUsageIdentifier[i], szOID_PKIX_KP_CLIENT_AUTH) ||
                  !strcmp(usage->rgpszUsageIdentifier[i], szOID_ANY_ENHANCED_KEY_USAGE);
done:
    free(usage);
    return allowed;
}

static int is_named(const CERT_NAME_BLOB *name, const uint8_t *const *names, const size_t *lens,
                    size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        if (lens[i] == name->cbData && !memcmp(names[i], name->pbData, lens[i]))
            return 1;
    }
    return 0;
}

/* The certificate's chain as crypt32 builds it from MY and the system stores; NULL when none
 * of its certificates was issued by a CA the server named. */
static PCCERT_CHAIN_CONTEXT chain_to_named_ca(PCCERT_CONTEXT cert, HCERTSTORE store,
                                              const uint8_t *const *names, const size_t *lens,
                                              size_t count)
{
    CERT_CHAIN_PARA para;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    const CERT_SIMPLE_CHAIN *simple;
    DWORD i;

    memset(&para, 0, sizeof(para));
    para.cbSize = sizeof(para);
    if (!CertGetCertificateChain(NULL, cert, NULL, store, &para, 0, NULL, &chain))
        return NULL;
    if (!count)
        return chain;
    simple = chain->cChain ? chain->rgpChain[0] : NULL;
    for (i = 0; simple && i < simple->cElement; i++) {
        if (is_named(&simple->rgpElement[i]->pCertContext->pCertInfo->Issuer, names, lens, count))
            return chain;
    }
    CertFreeCertificateChain(chain);
    return NULL;
}

/* The issuers to send after the leaf: Windows leaves the root out. */
static STACK_OF(X509) * intermediates(PCCERT_CHAIN_CONTEXT chain)
{
    const CERT_SIMPLE_CHAIN *simple = chain->cChain ? chain->rgpChain[0] : NULL;
    STACK_OF(X509) *stack = sk_X509_new_null();
    DWORD i;

    for (i = 1; stack && simple && i < simple->cElement; i++) {
        PCCERT_CONTEXT issuer = simple->rgpElement[i]->pCertContext;
        const unsigned char *der = issuer->pbCertEncoded;
        X509 *x509;
        if (CertCompareCertificateName(X509_ASN_ENCODING, &issuer->pCertInfo->Subject,
                                       &issuer->pCertInfo->Issuer))
            break;
        x509 = d2i_X509(NULL, &der, (long)issuer->cbCertEncoded);
        if (!x509 || !sk_X509_push(stack, x509)) {
            X509_free(x509);
            break;
        }
    }
    return stack;
}

/* A key that stays in CryptoAPI signs PKCS#1 v1.5 only: never in TLS 1.3 (RSA-PSS there), and in
 * TLS 1.2 only with SHA-2 (tls_client_cert.c puts those signature algorithms first). */
static int key_can_sign_here(SSL *ssl, EVP_PKEY *key)
{
    int pkcs1_only = TLS_KEY_ANY_PADDING;

    if (!EVP_PKEY_get_int_param(key, TLS_KEY_PARAM_PKCS1_ONLY, &pkcs1_only))
        return 1;
    return pkcs1_only == TLS_KEY_ANY_PADDING ||
           (pkcs1_only == TLS_KEY_PKCS1 && SSL_version(ssl) < TLS1_3_VERSION);
}

static int use_certificate(SSL *ssl, PCCERT_CONTEXT cert, PCCERT_CHAIN_CONTEXT chain)
{
    const unsigned char *der = cert->pbCertEncoded;
    X509 *x509 = d2i_X509(NULL, &der, (long)cert->cbCertEncoded);
    STACK_OF(X509) *issuers = NULL;
    EVP_PKEY *key = NULL;
    int used = 0;

    if (!x509 || tls_load_private_key(cert, &key) != SEC_E_OK || !key_can_sign_here(ssl, key))
        goto done;
    issuers = intermediates(chain);
    used = issuers && SSL_use_cert_and_key(ssl, x509, key, issuers, 1) == 1;
done:
    sk_X509_pop_free(issuers, X509_free);
    EVP_PKEY_free(key);
    X509_free(x509);
    ERR_clear_error();
    return used;
}

int tls_default_client_cert(tls_session *session)
{
    const uint8_t *const *names = NULL;
    const size_t *lens = NULL;
    size_t count = tls_session_issuer_names(session, &names, &lens);
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                                     CERT_SYSTEM_STORE_CURRENT_USER |
                                         CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG,
                                     L"MY");
    PCCERT_CONTEXT cert = NULL;
    int used = 0;

    if (!store)
        return 0;
    while (!used && (cert = CertEnumCertificatesInStore(store, cert))) {
        PCCERT_CHAIN_CONTEXT chain;
        if (!has_private_key(cert) || CertVerifyTimeValidity(NULL, cert->pCertInfo) != 0 ||
            !allows_client_auth(cert))
            continue;
        chain = chain_to_named_ca(cert, store, names, lens, count);
        if (!chain)
            continue;
        used = use_certificate(session->ssl, cert, chain);
        if (used && !session->default_cert)
            session->default_cert = CertDuplicateCertificateContext(cert);
        CertFreeCertificateChain(chain);
    }
    if (cert)
        CertFreeCertificateContext(cert);
    CertCloseStore(store, 0);
    return used;
}
