/* Credential exports: AcquireCredentialsHandle, FreeCredentialsHandle, credential attributes,
 * AddCredentials and ChangeAccountPassword. */
#include "sspi_dispatch.h"
#include "sspi_strings.h"
#include "sspi_trace.h"

#include <stdlib.h>

static SECURITY_STATUS acquire(const sspi_package *package, const WCHAR *principal,
                               ULONG credential_use, void *logon_id, void *auth_data,
                               SEC_GET_KEY_FN get_key, void *get_key_arg, PCredHandle phCredential,
                               PTimeStamp ptsExpiry)
{
    SECURITY_STATUS status;
    sspi_acquire_args args;
    sspi_object *credential = NULL;
    CredHandle handle;
    sspi_trace_line line;
    int trace = SSPI_TRACE_ON();

    if (trace) {
        sspi_trace_begin(&line, "AcquireCredentialsHandle");
        sspi_trace_wtext(&line, "package", package->name);
        sspi_trace_hex(&line, "use", credential_use);
    }
    status = SEC_E_UNSUPPORTED_FUNCTION;
    if (!package->provider->acquire_credentials)
        goto done;
    args.principal = principal;
    args.credential_use = credential_use;
    args.logon_id = logon_id;
    args.auth_data = auth_data;
    args.get_key = get_key;
    args.get_key_arg = get_key_arg;
    args.handle_given = phCredential != NULL;
    status = package->provider->acquire_credentials(package, &args, &credential, ptsExpiry);
    if (status != SEC_E_OK)
        goto done;
    status = sspi_handle_insert(sspi_handles(), SSPI_HANDLE_CREDENTIAL, sspi_package_tag(package),
                                credential, &handle);
    if (status == SEC_E_OK)
        *phCredential = handle;
done:
    sspi_object_unref(credential); /* the table holds its own reference */
    if (trace) {
        sspi_trace_status(&line, status);
        if (status == SEC_E_OK)
            sspi_trace_handle(&line, "new", phCredential);
        sspi_trace_end(&line);
    }
    return status;
}

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW(SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage,
                                                    ULONG fCredentialUse, void *pvLogonId,
                                                    void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                                                    void *pvGetKeyArgument,
                                                    PCredHandle phCredential, PTimeStamp ptsExpiry)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_w(pszPackage, &package);

    if (status != SEC_E_OK)
        return status;
    return acquire(package, pszPrincipal, fCredentialUse, pvLogonId, pAuthData, pGetKeyFn,
                   pvGetKeyArgument, phCredential, ptsExpiry);
}

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA(SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage,
                                                    ULONG fCredentialUse, void *pvLogonId,
                                                    void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                                                    void *pvGetKeyArgument,
                                                    PCredHandle phCredential, PTimeStamp ptsExpiry)
{
    const sspi_package *package;
    WCHAR *principal = NULL;
    SECURITY_STATUS status = sspi_find_package_a(pszPackage, &package);

    if (status != SEC_E_OK)
        return status;
    status = sspi_a_to_w(pszPrincipal, &principal);
    if (status == SEC_E_OK)
        status = acquire(package, principal, fCredentialUse, pvLogonId, pAuthData, pGetKeyFn,
                         pvGetKeyArgument, phCredential, ptsExpiry);
    free(principal);
    return status;
}

static SECURITY_STATUS free_credentials(PCredHandle phCredential)
{
    sspi_object *credential = NULL;

    if (!phCredential || !sspi_package_from_tag(phCredential->dwUpper))
        return SEC_E_INVALID_HANDLE;
    if (sspi_handle_remove(sspi_handles(), phCredential, SSPI_HANDLE_CREDENTIAL, &credential) !=
        SEC_E_OK)
        return SEC_E_INVALID_HANDLE;
    /* Contexts made from it keep their own references. */
    sspi_object_unref(credential);
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential)
{
    SECURITY_STATUS status = free_credentials(phCredential);

    if (SSPI_TRACE_ON())
        sspi_trace_handle_call("FreeCredentialsHandle", phCredential, status);
    return status;
}

static SECURITY_STATUS query_credentials(PCredHandle phCredential, int ansi, ULONG attribute,
                                         void *buffer)
{
    const sspi_package *package;
    sspi_object *credential = NULL;
    SECURITY_STATUS status =
        sspi_resolve(phCredential, SSPI_HANDLE_CREDENTIAL, &package, &credential);

    if (status != SEC_E_OK)
        return status;
    if (package->provider->query_credentials_attributes)
        status =
            package->provider->query_credentials_attributes(credential, ansi, attribute, buffer);
    else
        status = SEC_E_UNSUPPORTED_FUNCTION;
    sspi_object_unref(credential);
    return status;
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
                                                      void *pBuffer)
{
    return query_credentials(phCredential, 0, ulAttribute, pBuffer);
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
                                                      void *pBuffer)
{
    return query_credentials(phCredential, 1, ulAttribute, pBuffer);
}

/* The *Ex query and Set share a shape: (handle, attribute, buffer, size). */
typedef enum cred_sized_call { CRED_QUERY_EX, CRED_SET } cred_sized_call;

static SECURITY_STATUS sized_credentials_call(cred_sized_call call, PCredHandle phCredential,
                                              int ansi, ULONG attribute, void *buffer, ULONG size)
{
    const sspi_package *package;
    sspi_object *credential = NULL;
    SECURITY_STATUS status =
        sspi_resolve(phCredential, SSPI_HANDLE_CREDENTIAL, &package, &credential);

    if (status != SEC_E_OK)
        return status;
    status = SEC_E_UNSUPPORTED_FUNCTION;
    if (call == CRED_QUERY_EX && package->provider->query_credentials_attributes_ex)
        status = package->provider->query_credentials_attributes_ex(credential, ansi, attribute,
                                                                    buffer, size);
    else if (call == CRED_SET && package->provider->set_credentials_attributes)
        status = package->provider->set_credentials_attributes(credential, ansi, attribute, buffer,
                                                               size);
    sspi_object_unref(credential);
    return status;
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW(PCredHandle phCredential, ULONG ulAttribute,
                                                        void *pBuffer, ULONG cbBuffer)
{
    return sized_credentials_call(CRED_QUERY_EX, phCredential, 0, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA(PCredHandle phCredential, ULONG ulAttribute,
                                                        void *pBuffer, ULONG cbBuffer)
{
    return sized_credentials_call(CRED_QUERY_EX, phCredential, 1, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
                                                    void *pBuffer, ULONG cbBuffer)
{
    return sized_credentials_call(CRED_SET, phCredential, 0, ulAttribute, pBuffer, cbBuffer);
}

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
                                                    void *pBuffer, ULONG cbBuffer)
{
    return sized_credentials_call(CRED_SET, phCredential, 1, ulAttribute, pBuffer, cbBuffer);
}

static SECURITY_STATUS add_credentials(PCredHandle hCredentials, const WCHAR *principal,
                                       ULONG credential_use, void *auth_data,
                                       SEC_GET_KEY_FN get_key, void *get_key_arg, PTimeStamp expiry)
{
    const sspi_package *package;
    sspi_object *credential = NULL;
    sspi_acquire_args args;
    SECURITY_STATUS status =
        sspi_resolve(hCredentials, SSPI_HANDLE_CREDENTIAL, &package, &credential);

    if (status != SEC_E_OK)
        return status;
    args.principal = principal;
    args.credential_use = credential_use;
    args.logon_id = NULL;
    args.auth_data = auth_data;
    args.get_key = get_key;
    args.get_key_arg = get_key_arg;
    args.handle_given = 1;
    status = package->provider->add_credentials
                 ? package->provider->add_credentials(credential, &args, expiry)
                 : SEC_E_UNSUPPORTED_FUNCTION;
    sspi_object_unref(credential);
    return status;
}

/* pszPackage is not consulted: the credential's own package decides, as on Windows. */
SECURITY_STATUS SEC_ENTRY AddCredentialsW(PCredHandle hCredentials, SEC_WCHAR *pszPrincipal,
                                          SEC_WCHAR *pszPackage, ULONG fCredentialUse,
                                          void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                                          void *pvGetKeyArgument, PTimeStamp ptsExpiry)
{
    return add_credentials(hCredentials, pszPrincipal, fCredentialUse, pAuthData, pGetKeyFn,
                           pvGetKeyArgument, ptsExpiry);
}

SECURITY_STATUS SEC_ENTRY AddCredentialsA(PCredHandle hCredentials, SEC_CHAR *pszPrincipal,
                                          SEC_CHAR *pszPackage, ULONG fCredentialUse,
                                          void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                                          void *pvGetKeyArgument, PTimeStamp ptsExpiry)
{
    WCHAR *principal = NULL;
    SECURITY_STATUS status = sspi_a_to_w(pszPrincipal, &principal);

    if (status == SEC_E_OK)
        status = add_credentials(hCredentials, principal, fCredentialUse, pAuthData, pGetKeyFn,
                                 pvGetKeyArgument, ptsExpiry);
    free(principal);
    return status;
}

static SECURITY_STATUS change_password(const sspi_package *package, const WCHAR *domain,
                                       const WCHAR *account, const WCHAR *old_password,
                                       const WCHAR *new_password, BOOLEAN impersonating,
                                       PSecBufferDesc output)
{
    if (!package->provider->change_password)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return package->provider->change_password(package, domain, account, old_password, new_password,
                                              impersonating, output);
}

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW(SEC_WCHAR *pszPackageName,
                                                 SEC_WCHAR *pszDomainName,
                                                 SEC_WCHAR *pszAccountName,
                                                 SEC_WCHAR *pszOldPassword,
                                                 SEC_WCHAR *pszNewPassword, BOOLEAN bImpersonating,
                                                 ULONG dwReserved, PSecBufferDesc pOutput)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_w(pszPackageName, &package);

    if (status != SEC_E_OK)
        return status;
    return change_password(package, pszDomainName, pszAccountName, pszOldPassword, pszNewPassword,
                           bImpersonating, pOutput);
}

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA(SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
                                                 SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword,
                                                 SEC_CHAR *pszNewPassword, BOOLEAN bImpersonating,
                                                 ULONG dwReserved, PSecBufferDesc pOutput)
{
    const sspi_package *package;
    WCHAR *strings[4] = {NULL, NULL, NULL, NULL};
    const char *inputs[4] = {pszDomainName, pszAccountName, pszOldPassword, pszNewPassword};
    SECURITY_STATUS status = sspi_find_package_a(pszPackageName, &package);
    int i;

    for (i = 0; i < 4 && status == SEC_E_OK; i++)
        status = sspi_a_to_w(inputs[i], &strings[i]);
    if (status == SEC_E_OK)
        status = change_password(package, strings[0], strings[1], strings[2], strings[3],
                                 bImpersonating, pOutput);
    for (i = 0; i < 4; i++)
        free(strings[i]);
    return status;
}
