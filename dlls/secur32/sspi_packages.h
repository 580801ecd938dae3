/* The package registry: every security package this secur32 offers, what SecPkgInfo reports
 * for it, and the provider that implements it. Packages register once, at first use, from the
 * provider modules listed in sspi_packages.c; more providers (e.g. NTLM/Negotiate/Kerberos
 * forwarded to the system's SSPs) are added there, each contributing its own packages. */
#ifndef SSPISHIM_SSPI_PACKAGES_H
#define SSPISHIM_SSPI_PACKAGES_H

#include "sspi_provider.h"

struct sspi_package {
    const WCHAR *name;
    const WCHAR *comment;
    ULONG capabilities;
    USHORT version;
    USHORT rpc_id;
    ULONG max_token;
    const sspi_provider *provider;
};

/* Registered packages, in EnumerateSecurityPackages order. */
size_t sspi_package_count(void);
const sspi_package *sspi_package_at(size_t index);

/* Case-insensitive lookup; NULL for a NULL or unknown name. */
const sspi_package *sspi_package_find(const WCHAR *name);

/* The value stored in a handle's dwUpper for this package, and back (NULL when the value names
 * no package: the dispatcher never dereferences a caller's dwUpper). */
ULONG_PTR sspi_package_tag(const sspi_package *package);
const sspi_package *sspi_package_from_tag(ULONG_PTR tag);

/* SecPkgInfo for `count` packages as one block (the array, then every string), allocated with
 * platform_buffer_alloc so that FreeContextBuffer releases it; NULL when out of memory. */
SecPkgInfoW *sspi_package_info_w(const sspi_package *const *packages, size_t count);
SecPkgInfoA *sspi_package_info_a(const sspi_package *const *packages, size_t count);

/* A provider module: returns the packages it contributes (0 when it cannot work here, e.g. its
 * TLS library failed to initialise). */
typedef size_t (*sspi_provider_module)(const sspi_package *const **packages);

/* schannel_provider.c */
size_t schannel_packages(const sspi_package *const **packages);

#ifdef _WIN32
/* lsa_package_loader.c: the system's LSA packages, Negotiate and registered SSP DLLs. */
size_t lsa_provider_packages(const sspi_package *const **packages);
#endif

#endif
