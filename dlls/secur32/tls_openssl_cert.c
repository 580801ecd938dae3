/* Engine side of AcquireCredentialsHandle's certificate check: is the certificate one a TLS
 * endpoint can use, and can its private key be reached? */
#include "tls_engine.h"

#include <string.h>
#ifndef _WIN32
#include "crypt32_native.h"
#endif

/* Public-key algorithms Schannel signs with. A certificate with any other key (or a malformed
 * one) is rejected as SEC_E_UNKNOWN_CREDENTIALS, as Windows does for such certificates, while a
 * usable certificate whose key cannot be acquired gives SEC_E_NO_CREDENTIALS. */
static const char *const known_key_oids[] = {
    "1.2.840.113549.1.1.1",  /* rsaEncryption */
    "1.2.840.113549.1.1.10", /* RSASSA-PSS */
    "1.2.840.10045.2.1",     /* id-ecPublicKey */
    "1.2.840.10040.4.1",     /* id-dsa */
};

static int has_known_key(PCCERT_CONTEXT certificate)
{
    const char *oid;
    size_t i;

    if (!certificate->pCertInfo)
        return 0;
    oid = certificate->pCertInfo->SubjectPublicKeyInfo.Algorithm.pszObjId;
    if (!oid || !certificate->pCertInfo->SubjectPublicKeyInfo.PublicKey.cbData)
        return 0;
    for (i = 0; i < sizeof(known_key_oids) / sizeof(known_key_oids[0]); i++)
        if (!strcmp(oid, known_key_oids[i]))
            return 1;
    return 0;
}

#ifdef _WIN32
static int private_key_reachable(PCCERT_CONTEXT certificate)
{
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE key = 0;
    DWORD spec = 0;
    BOOL must_free = FALSE;

    /* The cache flag leaves the handle with the certificate: nothing to free here. */
    return CryptAcquireCertificatePrivateKey(certificate,
                                             CRYPT_ACQUIRE_CACHE_FLAG | CRYPT_ACQUIRE_SILENT_FLAG |
                                                 CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
                                             NULL, &key, &spec, &must_free) != FALSE;
}
#else
static int private_key_reachable(PCCERT_CONTEXT certificate)
{
    EVP_PKEY *key = crypt32_native_get_private_key(certificate);
    EVP_PKEY_free(key);
    return key != NULL;
}
#endif

SECURITY_STATUS tls_engine_check_certificate(PCCERT_CONTEXT certificate)
{
    if (!certificate || !has_known_key(certificate))
        return SEC_E_UNKNOWN_CREDENTIALS;
    if (!private_key_reachable(certificate))
        return SEC_E_NO_CREDENTIALS;
    return SEC_E_OK;
}
