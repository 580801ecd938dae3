/* Native-only bridge from crypt32 contexts to OpenSSL objects, for the Schannel engine. Not
 * installed, not part of any Windows API. Every returned object carries its own reference. */
#ifndef SSPISHIM_CRYPT32_NATIVE_H
#define SSPISHIM_CRYPT32_NATIVE_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "win_sspi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The private key that travels with the certificate (PFX import or set below), up-ref'd;
 * NULL if it has none. Free with EVP_PKEY_free. */
EVP_PKEY *crypt32_native_get_private_key(PCCERT_CONTEXT cert);

/* The certificate as an OpenSSL object, up-ref'd. Free with X509_free. */
X509 *crypt32_native_get_x509(PCCERT_CONTEXT cert);

/* Attaches KEY (the library takes its own reference) as the certificate's private key, as
 * PFXImportCertStore does; it then follows the certificate into stores. */
BOOL crypt32_native_set_private_key(PCCERT_CONTEXT cert, EVP_PKEY *key);

/* The key behind a handle from CryptAcquireCertificatePrivateKey, up-ref'd; NULL if the handle
 * is not one of ours. */
EVP_PKEY *crypt32_native_key_from_handle(HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle);

#ifdef __cplusplus
}
#endif

#endif
