/* Shared steps of the exported entry points: resolving a caller's handle to its package and
 * object, and the A->W conversion of package names. */
#ifndef SSPISHIM_SSPI_DISPATCH_H
#define SSPISHIM_SSPI_DISPATCH_H

#include "sspi_packages.h"

/* SEC_E_OK with the package and a referenced object, or SEC_E_INVALID_HANDLE for a NULL
 * pointer, a dwUpper that names no package, or a dwLower that is stale, forged or of the other
 * handle type. */
SECURITY_STATUS sspi_resolve(const SecHandle *handle, sspi_handle_type type,
                             const sspi_package **package, sspi_object **object);

/* As sspi_resolve, but the object is pinned for the length of one call instead of referenced
 * (see sspi_handle_pin): give it back with sspi_handle_unpin(sspi_handles(), *pin). */
SECURITY_STATUS sspi_resolve_pinned(const SecHandle *handle, sspi_handle_type type,
                                    const sspi_package **package, sspi_object **object,
                                    sspi_slot **pin);

/* Looks up a package by A name. SEC_E_OK or SEC_E_SECPKG_NOT_FOUND (NULL/unknown name) or
 * SEC_E_INSUFFICIENT_MEMORY. */
SECURITY_STATUS sspi_find_package_a(const char *name, const sspi_package **package);
SECURITY_STATUS sspi_find_package_w(const WCHAR *name, const sspi_package **package);

/* sspishim's own export: "sspishim X.Y.Z (OpenSSL ...)"; lets programs and the conformance
 * harness recognise this secur32. */
const char *SEC_ENTRY SspiShimGetVersion(void);

#endif
