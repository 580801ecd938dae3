/* The package registry: every security package this secur32 offers, what SecPkgInfo reports
 * for it, and the provider that implements it. Packages register once, at first use; more
 * providers (e.g. NTLM/Negotiate/Kerberos forwarded to the system) can be added beside Schannel
 * by appending to the registration list in sspi_packages.c. */
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

/* SecPkgInfo as one block (struct then strings), allocated with platform_buffer_alloc so that
 * FreeContextBuffer releases it. count packages from `first`; NULL when out of memory. */
SecPkgInfoW *sspi_package_info_w(const sspi_package *const *packages, size_t count);
SecPkgInfoA *sspi_package_info_a(const sspi_package *const *packages, size_t count);

/* Packages a provider module contributes (schannel_package.c). */
size_t schannel_packages(const sspi_package *const **packages);

#endif
