/* Handle resolution and package lookup for the exports (see sspi_dispatch.h). */
#include "sspi_dispatch.h"

#include "sspi_strings.h"

#include <stdlib.h>

/* A pin when `pin` is given, a reference otherwise. */
static SECURITY_STATUS resolve(const SecHandle *handle, sspi_handle_type type,
                               const sspi_package **package, sspi_object **object, sspi_slot **pin)
{
    const sspi_package *found = handle ? sspi_package_from_tag(handle->dwUpper) : NULL;
    SECURITY_STATUS status = SEC_E_INVALID_HANDLE;

    if (found)
        status = pin ? sspi_handle_pin(sspi_handles(), handle, type, object, pin)
                     : sspi_handle_lookup(sspi_handles(), handle, type, object);
    if (status != SEC_E_OK)
        return SEC_E_INVALID_HANDLE;
    *package = found;
    return SEC_E_OK;
}

SECURITY_STATUS sspi_resolve(const SecHandle *handle, sspi_handle_type type,
                             const sspi_package **package, sspi_object **object)
{
    return resolve(handle, type, package, object, NULL);
}

SECURITY_STATUS sspi_resolve_pinned(const SecHandle *handle, sspi_handle_type type,
                                    const sspi_package **package, sspi_object **object,
                                    sspi_slot **pin)
{
    return resolve(handle, type, package, object, pin);
}

SECURITY_STATUS sspi_find_package_w(const WCHAR *name, const sspi_package **package)
{
    *package = sspi_package_find(name);
    return *package ? SEC_E_OK : SEC_E_SECPKG_NOT_FOUND;
}

SECURITY_STATUS sspi_find_package_a(const char *name, const sspi_package **package)
{
    SECURITY_STATUS status;
    WCHAR *wide = NULL;

    *package = NULL;
    if (!name)
        return SEC_E_SECPKG_NOT_FOUND;
    status = sspi_a_to_w(name, &wide);
    if (status == SEC_E_OK)
        status = sspi_find_package_w(wide, package);
    else if (status == SEC_E_INVALID_TOKEN)
        status = SEC_E_SECPKG_NOT_FOUND; /* no package has an unconvertible name */
    free(wide);
    return status;
}
