/* The private key behind a certificate on native hosts: the one our crypt32 keeps with the
 * certificate (PFXImportCertStore, or attached by the application). */
#include "tls_internal.h"

#include "crypt32_native.h"

SECURITY_STATUS tls_load_private_key(PCCERT_CONTEXT cert, EVP_PKEY **key)
{
    *key = crypt32_native_get_private_key(cert);
    return *key ? SEC_E_OK : SEC_E_NO_CREDENTIALS;
}
