/* Handle resolution and package lookup for the exports (see sspi_dispatch.h). */
#include "sspi_dispatch.h"

#include "sspi_strings.h"

#include <stdlib.h>

SECURITY_STATUS sspi_resolve(const SecHandle *handle, sspi_handle_type type,
                             const sspi_package **package, sspi_object **object)
{
    const sspi_package *found;

    if (!handle)
        return SEC_E_INVALID_HANDLE;
    found = sspi_package_from_tag(handle->dwUpper);
    if (!found)
        return SEC_E_INVALID_HANDLE;
    if (sspi_handle_lookup(sspi_handles(), handle, type, object) != SEC_E_OK)
        return SEC_E_INVALID_HANDLE;
    *package = found;
    return SEC_E_OK;
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
