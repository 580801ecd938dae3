/* Exports of Windows' secur32 whose implementation lives in sspicli.dll (on Windows and in
 * Wine): the Sasl* profile calls, the Sspi* auth-identity helpers and the user-mode context
 * hooks. Each call goes to sspicli's function, found at first use; without sspicli the call
 * fails as unsupported. The few internal exports sspicli lacks answer "not implemented". */
#include "lsa_packages.h"

static FARPROC sspicli_proc(const char *name)
{
    static HMODULE sspicli;
    HMODULE module = sspicli;

    if (!module) {
        module = LoadLibraryW(L"sspicli.dll");
        if (!module)
            return NULL;
        sspicli = module; /* racing threads load the same module; the count only grows */
    }
    return GetProcAddress(module, name);
}

/* Returns sspicli's `name` called with the arguments, or `fallback` when it has none. */
#define CALL_SSPICLI(fn_type, name, fallback, ...)                                                 \
    do {                                                                                           \
        fn_type call_ = (fn_type)(void *)sspicli_proc(#name);                                      \
        return call_ ? call_(__VA_ARGS__) : (fallback);                                            \
    } while (0)

/* Same for functions without a result. */
#define CALL_SSPICLI_VOID(fn_type, name, ...)                                                      \
    do {                                                                                           \
        fn_type call_ = (fn_type)(void *)sspicli_proc(#name);                                      \
        if (call_)                                                                                 \
            call_(__VA_ARGS__);                                                                    \
    } while (0)

typedef PSEC_WINNT_AUTH_IDENTITY_OPAQUE opaque_identity;

/* ---- SASL ---------------------------------------------------------------------------------- */

typedef SECURITY_STATUS(WINAPI *profiles_a_fn)(LPSTR *, ULONG *);
typedef SECURITY_STATUS(WINAPI *profiles_w_fn)(LPWSTR *, ULONG *);
typedef SECURITY_STATUS(WINAPI *profile_package_a_fn)(LPSTR, PSecPkgInfoA *);
typedef SECURITY_STATUS(WINAPI *profile_package_w_fn)(LPWSTR, PSecPkgInfoW *);
typedef SECURITY_STATUS(WINAPI *identify_a_fn)(PSecBufferDesc, PSecPkgInfoA *);
typedef SECURITY_STATUS(WINAPI *identify_w_fn)(PSecBufferDesc, PSecPkgInfoW *);
typedef SECURITY_STATUS(WINAPI *sasl_isc_a_fn)(PCredHandle, PCtxtHandle, LPSTR, ULONG, ULONG, ULONG,
                                               PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc,
                                               ULONG *, PTimeStamp);
typedef SECURITY_STATUS(WINAPI *sasl_isc_w_fn)(PCredHandle, PCtxtHandle, LPWSTR, ULONG, ULONG,
                                               ULONG, PSecBufferDesc, ULONG, PCtxtHandle,
                                               PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS(WINAPI *sasl_asc_fn)(PCredHandle, PCtxtHandle, PSecBufferDesc, ULONG, ULONG,
                                             PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS(WINAPI *sasl_set_option_fn)(PCtxtHandle, ULONG, PVOID, ULONG);
typedef SECURITY_STATUS(WINAPI *sasl_get_option_fn)(PCtxtHandle, ULONG, PVOID, ULONG, PULONG);

SECURITY_STATUS WINAPI SaslEnumerateProfilesA(LPSTR *ProfileList, ULONG *ProfileCount)
{
    CALL_SSPICLI(profiles_a_fn, SaslEnumerateProfilesA, SEC_E_UNSUPPORTED_FUNCTION, ProfileList,
                 ProfileCount);
}

SECURITY_STATUS WINAPI SaslEnumerateProfilesW(LPWSTR *ProfileList, ULONG *ProfileCount)
{
    CALL_SSPICLI(profiles_w_fn, SaslEnumerateProfilesW, SEC_E_UNSUPPORTED_FUNCTION, ProfileList,
                 ProfileCount);
}

SECURITY_STATUS WINAPI SaslGetProfilePackageA(LPSTR ProfileName, PSecPkgInfoA *PackageInfo)
{
    CALL_SSPICLI(profile_package_a_fn, SaslGetProfilePackageA, SEC_E_UNSUPPORTED_FUNCTION,
                 ProfileName, PackageInfo);
}

SECURITY_STATUS WINAPI SaslGetProfilePackageW(LPWSTR ProfileName, PSecPkgInfoW *PackageInfo)
{
    CALL_SSPICLI(profile_package_w_fn, SaslGetProfilePackageW, SEC_E_UNSUPPORTED_FUNCTION,
                 ProfileName, PackageInfo);
}

SECURITY_STATUS WINAPI SaslIdentifyPackageA(PSecBufferDesc pInput, PSecPkgInfoA *PackageInfo)
{
    CALL_SSPICLI(identify_a_fn, SaslIdentifyPackageA, SEC_E_UNSUPPORTED_FUNCTION, pInput,
                 PackageInfo);
}

SECURITY_STATUS WINAPI SaslIdentifyPackageW(PSecBufferDesc pInput, PSecPkgInfoW *PackageInfo)
{
    CALL_SSPICLI(identify_w_fn, SaslIdentifyPackageW, SEC_E_UNSUPPORTED_FUNCTION, pInput,
                 PackageInfo);
}

SECURITY_STATUS WINAPI SaslInitializeSecurityContextA(
    PCredHandle phCredential, PCtxtHandle phContext, LPSTR pszTargetName, ULONG fContextReq,
    ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
    PCtxtHandle phNewContext, PSecBufferDesc pOutput, ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    CALL_SSPICLI(sasl_isc_a_fn, SaslInitializeSecurityContextA, SEC_E_UNSUPPORTED_FUNCTION,
                 phCredential, phContext, pszTargetName, fContextReq, Reserved1, TargetDataRep,
                 pInput, Reserved2, phNewContext, pOutput, pfContextAttr, ptsExpiry);
}

SECURITY_STATUS WINAPI SaslInitializeSecurityContextW(
    PCredHandle phCredential, PCtxtHandle phContext, LPWSTR pszTargetName, ULONG fContextReq,
    ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
    PCtxtHandle phNewContext, PSecBufferDesc pOutput, ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    CALL_SSPICLI(sasl_isc_w_fn, SaslInitializeSecurityContextW, SEC_E_UNSUPPORTED_FUNCTION,
                 phCredential, phContext, pszTargetName, fContextReq, Reserved1, TargetDataRep,
                 pInput, Reserved2, phNewContext, pOutput, pfContextAttr, ptsExpiry);
}

SECURITY_STATUS WINAPI SaslAcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
                                                 PSecBufferDesc pInput, ULONG fContextReq,
                                                 ULONG TargetDataRep, PCtxtHandle phNewContext,
                                                 PSecBufferDesc pOutput, ULONG *pfContextAttr,
                                                 PTimeStamp ptsExpiry)
{
    CALL_SSPICLI(sasl_asc_fn, SaslAcceptSecurityContext, SEC_E_UNSUPPORTED_FUNCTION, phCredential,
                 phContext, pInput, fContextReq, TargetDataRep, phNewContext, pOutput,
                 pfContextAttr, ptsExpiry);
}

SECURITY_STATUS WINAPI SaslSetContextOption(PCtxtHandle ContextHandle, ULONG Option, PVOID Value,
                                            ULONG Size)
{
    CALL_SSPICLI(sasl_set_option_fn, SaslSetContextOption, SEC_E_UNSUPPORTED_FUNCTION,
                 ContextHandle, Option, Value, Size);
}

SECURITY_STATUS WINAPI SaslGetContextOption(PCtxtHandle ContextHandle, ULONG Option, PVOID Value,
                                            ULONG Size, PULONG Needed)
{
    CALL_SSPICLI(sasl_get_option_fn, SaslGetContextOption, SEC_E_UNSUPPORTED_FUNCTION,
                 ContextHandle, Option, Value, Size, Needed);
}

/* ---- auth identities ----------------------------------------------------------------------- */

typedef SECURITY_STATUS(SEC_ENTRY *identity_as_strings_fn)(opaque_identity, PCWSTR *, PCWSTR *,
                                                           PCWSTR *);
typedef SECURITY_STATUS(SEC_ENTRY *strings_as_identity_fn)(PCWSTR, PCWSTR, PCWSTR,
                                                           opaque_identity *);
typedef VOID(SEC_ENTRY *identity_void_fn)(opaque_identity);
typedef VOID(SEC_ENTRY *local_free_fn)(PVOID);
typedef SECURITY_STATUS(SEC_ENTRY *cred_write_fn)(opaque_identity, PCWSTR, PULONG, PCWSTR *,
                                                  PCWSTR *, PUCHAR *, PULONG);
typedef SECURITY_STATUS(SEC_ENTRY *cred_read_fn)(opaque_identity, PCWSTR, PULONG, PCWSTR *);
typedef SECURITY_STATUS(SEC_ENTRY *identity_status_fn)(opaque_identity);
typedef BOOLEAN(SEC_ENTRY *identity_bool_fn)(opaque_identity);
typedef SECURITY_STATUS(SEC_ENTRY *identity_copy_fn)(opaque_identity, opaque_identity *);
typedef SECURITY_STATUS(SEC_ENTRY *identity_compare_fn)(opaque_identity, opaque_identity, PBOOLEAN,
                                                        PBOOLEAN);
typedef SECURITY_STATUS(SEC_ENTRY *identity_marshal_fn)(opaque_identity, unsigned long *, char **);
typedef SECURITY_STATUS(SEC_ENTRY *identity_unmarshal_fn)(unsigned long, char *, opaque_identity *);
typedef SECURITY_STATUS(SEC_ENTRY *target_host_fn)(PCWSTR, PWSTR *);
typedef SECURITY_STATUS(SEC_ENTRY *exclude_package_fn)(opaque_identity, PCWSTR, opaque_identity *);

SECURITY_STATUS SEC_ENTRY SspiEncodeAuthIdentityAsStrings(opaque_identity pAuthIdentity,
                                                          PCWSTR *ppszUserName,
                                                          PCWSTR *ppszDomainName,
                                                          PCWSTR *ppszPackedCredentialsString)
{
    CALL_SSPICLI(identity_as_strings_fn, SspiEncodeAuthIdentityAsStrings,
                 SEC_E_UNSUPPORTED_FUNCTION, pAuthIdentity, ppszUserName, ppszDomainName,
                 ppszPackedCredentialsString);
}

SECURITY_STATUS SEC_ENTRY SspiEncodeStringsAsAuthIdentity(PCWSTR pszUserName, PCWSTR pszDomainName,
                                                          PCWSTR pszPackedCredentialsString,
                                                          opaque_identity *ppAuthIdentity)
{
    CALL_SSPICLI(strings_as_identity_fn, SspiEncodeStringsAsAuthIdentity,
                 SEC_E_UNSUPPORTED_FUNCTION, pszUserName, pszDomainName, pszPackedCredentialsString,
                 ppAuthIdentity);
}

VOID SEC_ENTRY SspiFreeAuthIdentity(opaque_identity AuthData)
{
    CALL_SSPICLI_VOID(identity_void_fn, SspiFreeAuthIdentity, AuthData);
}

VOID SEC_ENTRY SspiZeroAuthIdentity(opaque_identity AuthData)
{
    CALL_SSPICLI_VOID(identity_void_fn, SspiZeroAuthIdentity, AuthData);
}

VOID SEC_ENTRY SspiLocalFree(PVOID DataBuffer)
{
    CALL_SSPICLI_VOID(local_free_fn, SspiLocalFree, DataBuffer);
}

SECURITY_STATUS SEC_ENTRY SspiPrepareForCredWrite(
    opaque_identity AuthIdentity, PCWSTR pszTargetName, PULONG pCredmanCredentialType,
    PCWSTR *ppszCredmanTargetName, PCWSTR *ppszCredmanUserName, PUCHAR *ppCredentialBlob,
    PULONG pCredentialBlobSize)
{
    CALL_SSPICLI(cred_write_fn, SspiPrepareForCredWrite, SEC_E_UNSUPPORTED_FUNCTION, AuthIdentity,
                 pszTargetName, pCredmanCredentialType, ppszCredmanTargetName, ppszCredmanUserName,
                 ppCredentialBlob, pCredentialBlobSize);
}

SECURITY_STATUS SEC_ENTRY SspiPrepareForCredRead(opaque_identity AuthIdentity, PCWSTR pszTargetName,
                                                 PULONG pCredmanCredentialType,
                                                 PCWSTR *ppszCredmanTargetName)
{
    CALL_SSPICLI(cred_read_fn, SspiPrepareForCredRead, SEC_E_UNSUPPORTED_FUNCTION, AuthIdentity,
                 pszTargetName, pCredmanCredentialType, ppszCredmanTargetName);
}

SECURITY_STATUS SEC_ENTRY SspiValidateAuthIdentity(opaque_identity AuthData)
{
    CALL_SSPICLI(identity_status_fn, SspiValidateAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION,
                 AuthData);
}

SECURITY_STATUS SEC_ENTRY SspiEncryptAuthIdentity(opaque_identity AuthData)
{
    CALL_SSPICLI(identity_status_fn, SspiEncryptAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION, AuthData);
}

SECURITY_STATUS SEC_ENTRY SspiDecryptAuthIdentity(opaque_identity EncryptedAuthData)
{
    CALL_SSPICLI(identity_status_fn, SspiDecryptAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION,
                 EncryptedAuthData);
}

BOOLEAN SEC_ENTRY SspiIsAuthIdentityEncrypted(opaque_identity EncryptedAuthData)
{
    CALL_SSPICLI(identity_bool_fn, SspiIsAuthIdentityEncrypted, FALSE, EncryptedAuthData);
}

SECURITY_STATUS SEC_ENTRY SspiCopyAuthIdentity(opaque_identity AuthData,
                                               opaque_identity *AuthDataCopy)
{
    CALL_SSPICLI(identity_copy_fn, SspiCopyAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION, AuthData,
                 AuthDataCopy);
}

SECURITY_STATUS SEC_ENTRY SspiCompareAuthIdentities(opaque_identity AuthIdentity1,
                                                    opaque_identity AuthIdentity2,
                                                    PBOOLEAN SameSuppliedUser,
                                                    PBOOLEAN SameSuppliedIdentity)
{
    CALL_SSPICLI(identity_compare_fn, SspiCompareAuthIdentities, SEC_E_UNSUPPORTED_FUNCTION,
                 AuthIdentity1, AuthIdentity2, SameSuppliedUser, SameSuppliedIdentity);
}

SECURITY_STATUS SEC_ENTRY SspiMarshalAuthIdentity(opaque_identity AuthIdentity,
                                                  unsigned long *AuthIdentityLength,
                                                  char **AuthIdentityByteArray)
{
    CALL_SSPICLI(identity_marshal_fn, SspiMarshalAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION,
                 AuthIdentity, AuthIdentityLength, AuthIdentityByteArray);
}

SECURITY_STATUS SEC_ENTRY SspiUnmarshalAuthIdentity(unsigned long AuthIdentityLength,
                                                    char *AuthIdentityByteArray,
                                                    opaque_identity *ppAuthIdentity)
{
    CALL_SSPICLI(identity_unmarshal_fn, SspiUnmarshalAuthIdentity, SEC_E_UNSUPPORTED_FUNCTION,
                 AuthIdentityLength, AuthIdentityByteArray, ppAuthIdentity);
}

SECURITY_STATUS SEC_ENTRY SspiGetTargetHostName(PCWSTR pszTargetName, PWSTR *pszHostName)
{
    CALL_SSPICLI(target_host_fn, SspiGetTargetHostName, SEC_E_UNSUPPORTED_FUNCTION, pszTargetName,
                 pszHostName);
}

SECURITY_STATUS SEC_ENTRY SspiExcludePackage(opaque_identity AuthIdentity, PCWSTR pszPackageName,
                                             opaque_identity *ppNewAuthIdentity)
{
    CALL_SSPICLI(exclude_package_fn, SspiExcludePackage, SEC_E_UNSUPPORTED_FUNCTION, AuthIdentity,
                 pszPackageName, ppNewAuthIdentity);
}

/* ---- user-mode context hooks and internal exports ------------------------------------------ */

SECURITY_STATUS SEC_ENTRY SecCacheSspiPackages(void);
NTSTATUS SEC_ENTRY SecInitUserModeContext(PVOID ContextData, PVOID Reserved);
NTSTATUS SEC_ENTRY SecDeleteUserModeContext(PVOID Context);
HRESULT SEC_ENTRY GetSecurityUserInfo(PLUID LogonId, ULONG Flags,
                                      PSecurityUserData *UserInformation);
BOOLEAN SEC_ENTRY SecGetLocaleSpecificEncryptionRules(BOOLEAN *Permitted);
NTSTATUS SEC_ENTRY SecpFreeMemory(PVOID Memory);
/* Six arguments, as mingw-w64's x86 import library says (@24); their meaning is undocumented. */
NTSTATUS SEC_ENTRY SecpTranslateName(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                     ULONG_PTR);
NTSTATUS SEC_ENTRY SecpTranslateNameEx(ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR,
                                       ULONG_PTR);

typedef SECURITY_STATUS(SEC_ENTRY *no_argument_fn)(void);
typedef NTSTATUS(SEC_ENTRY *init_user_context_fn)(PVOID, PVOID);
typedef NTSTATUS(SEC_ENTRY *delete_user_context_fn)(PVOID);

SECURITY_STATUS SEC_ENTRY SecCacheSspiPackages(void)
{
    CALL_SSPICLI(no_argument_fn, SecCacheSspiPackages, SEC_E_OK);
}

NTSTATUS SEC_ENTRY SecInitUserModeContext(PVOID ContextData, PVOID Reserved)
{
    CALL_SSPICLI(init_user_context_fn, SecInitUserModeContext, STATUS_NOT_IMPLEMENTED, ContextData,
                 Reserved);
}

NTSTATUS SEC_ENTRY SecDeleteUserModeContext(PVOID Context)
{
    CALL_SSPICLI(delete_user_context_fn, SecDeleteUserModeContext, STATUS_NOT_IMPLEMENTED, Context);
}

/* User data belongs to the real LSA's logon sessions. */
HRESULT SEC_ENTRY GetSecurityUserInfo(PLUID LogonId, ULONG Flags,
                                      PSecurityUserData *UserInformation)
{
    if (UserInformation)
        *UserInformation = NULL;
    return STATUS_NOT_IMPLEMENTED;
}

/* Encryption is permitted everywhere nowadays. */
BOOLEAN SEC_ENTRY SecGetLocaleSpecificEncryptionRules(BOOLEAN *Permitted)
{
    if (Permitted)
        *Permitted = TRUE;
    return TRUE;
}

NTSTATUS SEC_ENTRY SecpFreeMemory(PVOID Memory)
{
    lsa_heap_free(Memory);
    return STATUS_SUCCESS;
}

/* Undocumented; Wine exports them as stubs too. Present so that importers load. */
NTSTATUS SEC_ENTRY SecpTranslateName(ULONG_PTR a1, ULONG_PTR a2, ULONG_PTR a3, ULONG_PTR a4,
                                     ULONG_PTR a5, ULONG_PTR a6)
{
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS SEC_ENTRY SecpTranslateNameEx(ULONG_PTR a1, ULONG_PTR a2, ULONG_PTR a3, ULONG_PTR a4,
                                       ULONG_PTR a5, ULONG_PTR a6)
{
    return STATUS_NOT_IMPLEMENTED;
}
