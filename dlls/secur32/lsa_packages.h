/* LSA-mode security packages (NTLM in msv1_0.dll, Kerberos, ...) hosted in this process, the
 * way Windows' and Wine's dispatchers host them: each DLL's SpLsaModeInitialize and
 * SpUserModeInitialize tables, called with a minimal LSA callback table. Windows builds only;
 * natively there is nothing to load. */
#ifndef SSPISHIM_LSA_PACKAGES_H
#define SSPISHIM_LSA_PACKAGES_H

#include "sspi_packages.h"

#include <ntsecapi.h>
#include <ntsecpkg.h>

/* NTSTATUS values the packages and the Lsa* exports use (ntstatus.h clashes with winnt.h). */
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#endif
#ifndef STATUS_NOT_IMPLEMENTED
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#endif
#ifndef STATUS_NO_SUCH_PACKAGE
#define STATUS_NO_SUCH_PACKAGE ((NTSTATUS)0xC00000FE)
#endif

typedef struct lsa_package {
    sspi_package entry; /* first member: the registry's view, provider = &lsa_provider */
    ULONG package_id;   /* what LsaLookupAuthenticationPackage returns */
    LSA_STRING *auth_name;
    SECPKG_FUNCTION_TABLE *lsa;
    SECPKG_USER_FUNCTION_TABLE *user; /* NULL when the DLL has no user-mode table */
} lsa_package;

/* The packages found, in load order (loads them on first use). */
size_t lsa_loaded_packages(const lsa_package *const **packages);

/* The provider module for sspi_packages.c: the LSA packages, then Negotiate when no DLL
 * supplied one (Wine 8 has no negotiate.dll), then the user-mode SSPs of the registry. */
size_t lsa_provider_packages(const sspi_package *const **packages);

/* lsa_provider.c: routes SSPI calls to an lsa_package. */
extern const sspi_provider lsa_provider;

/* negotiate_provider.c: Negotiate over this process's Kerberos and NTLM packages. */
const sspi_package *negotiate_package(void);

/* ssp_dll_provider.c: packages of the user-mode SSP DLLs listed in the registry's
 * SecurityProviders value; appends up to `max` entries. */
size_t ssp_dll_packages(const sspi_package **packages, size_t max);

/* lsa_callbacks.c: what the packages may call back into (the LSA's side). */
extern LSA_SECPKG_FUNCTION_TABLE lsa_callbacks;
extern SECPKG_DLL_FUNCTIONS lsa_dll_callbacks;
void *lsa_heap_alloc(SIZE_T size);
void lsa_heap_free(void *ptr);
/* A copy on that heap ("" for NULL); NULL when out of memory. */
WCHAR *lsa_heap_wcsdup(const WCHAR *str);

/* lsa_provider.c: the statuses with which ISC/ASC leave a (new or continued) context. */
int sspi_status_keeps_context(SECURITY_STATUS status);

#endif
