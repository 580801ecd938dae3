/* Package-level exports: enumeration, package info, FreeContextBuffer, package management and
 * the shim's version. */
#include "sspi_dispatch.h"
#include "platform.h"
#include "tls_engine.h"

#include <stdlib.h>

/* Our native sspi.h does not declare the package-management calls yet (mingw-w64 does). */
#ifndef SECPKG_OPTIONS_TYPE_UNKNOWN
typedef struct _SECURITY_PACKAGE_OPTIONS *PSECURITY_PACKAGE_OPTIONS;
SECURITY_STATUS SEC_ENTRY AddSecurityPackageA(LPSTR pszPackageName,
                                              PSECURITY_PACKAGE_OPTIONS pOptions);
SECURITY_STATUS SEC_ENTRY AddSecurityPackageW(LPWSTR pszPackageName,
                                              PSECURITY_PACKAGE_OPTIONS pOptions);
SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageA(SEC_CHAR *pszPackageName);
SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageW(SEC_WCHAR *pszPackageName);
#endif

/* Packages in registry order, for the SecPkgInfo builders. */
static size_t all_packages(const sspi_package **list, size_t max)
{
    size_t i, count = sspi_package_count();
    for (i = 0; i < count && i < max; i++)
        list[i] = sspi_package_at(i);
    return i;
}

#define MAX_LISTED 32

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo)
{
    const sspi_package *list[MAX_LISTED];
    size_t count;

    if (!pcPackages || !ppPackageInfo)
        return SEC_E_INVALID_TOKEN;
    *pcPackages = 0;
    count = all_packages(list, MAX_LISTED);
    *ppPackageInfo = count ? sspi_package_info_w(list, count) : NULL;
    if (count && !*ppPackageInfo)
        return SEC_E_INSUFFICIENT_MEMORY;
    *pcPackages = (ULONG)count;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo)
{
    const sspi_package *list[MAX_LISTED];
    size_t count;

    if (!pcPackages || !ppPackageInfo)
        return SEC_E_INVALID_TOKEN;
    *pcPackages = 0;
    count = all_packages(list, MAX_LISTED);
    *ppPackageInfo = count ? sspi_package_info_a(list, count) : NULL;
    if (count && !*ppPackageInfo)
        return SEC_E_INSUFFICIENT_MEMORY;
    *pcPackages = (ULONG)count;
    return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(SEC_WCHAR *pszPackageName,
                                                    PSecPkgInfoW *ppPackageInfo)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_w(pszPackageName, &package);

    /* On failure the caller's pointer is left as it was. */
    if (status != SEC_E_OK)
        return status;
    if (!ppPackageInfo)
        return SEC_E_INVALID_TOKEN;
    *ppPackageInfo = sspi_package_info_w(&package, 1);
    return *ppPackageInfo ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(SEC_CHAR *pszPackageName,
                                                    PSecPkgInfoA *ppPackageInfo)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_a(pszPackageName, &package);

    if (status != SEC_E_OK)
        return status;
    if (!ppPackageInfo)
        return SEC_E_INVALID_TOKEN;
    *ppPackageInfo = sspi_package_info_a(&package, 1);
    return *ppPackageInfo ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(PVOID pvContextBuffer)
{
    /* Always SEC_E_OK, NULL included, as on Windows. */
    platform_buffer_free(pvContextBuffer);
    return SEC_E_OK;
}

/* Packages are built in; loading LSA/SSP DLLs at run time is not offered. */
SECURITY_STATUS SEC_ENTRY AddSecurityPackageW(LPWSTR pszPackageName,
                                              PSECURITY_PACKAGE_OPTIONS pOptions)
{
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SECURITY_STATUS SEC_ENTRY AddSecurityPackageA(LPSTR pszPackageName,
                                              PSECURITY_PACKAGE_OPTIONS pOptions)
{
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageW(SEC_WCHAR *pszPackageName)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_w(pszPackageName, &package);
    return status == SEC_E_OK ? SEC_E_UNSUPPORTED_FUNCTION : status;
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityPackageA(SEC_CHAR *pszPackageName)
{
    const sspi_package *package;
    SECURITY_STATUS status = sspi_find_package_a(pszPackageName, &package);
    return status == SEC_E_OK ? SEC_E_UNSUPPORTED_FUNCTION : status;
}

const char *SEC_ENTRY SspiShimGetVersion(void)
{
    return tls_engine_version();
}
