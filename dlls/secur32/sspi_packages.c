/* Package registry and SecPkgInfo blocks (see sspi_packages.h). */
#include "sspi_packages.h"

#include "platform.h"
#include "sspi_strings.h"

#include <string.h>

#define MAX_PACKAGES 16

static const sspi_package *registry[MAX_PACKAGES];
static size_t registry_count;
static platform_once registry_once = PLATFORM_ONCE_INIT;

static int registered(const WCHAR *name)
{
    size_t i;
    for (i = 0; i < registry_count; i++)
        if (!sspi_wcsicmp(registry[i]->name, name))
            return 1;
    return 0;
}

/* A name offered twice keeps its first provider (Schannel stays ours). */
static void add_packages(const sspi_package *const *packages, size_t count)
{
    size_t i;
    for (i = 0; i < count && registry_count < MAX_PACKAGES; i++)
        if (!registered(packages[i]->name))
            registry[registry_count++] = packages[i];
}

/* In EnumerateSecurityPackages order: Wine's secur32 lists Schannel, then the LSA packages. */
static const sspi_provider_module modules[] = {
    schannel_packages,
#ifdef _WIN32
    lsa_provider_packages,
#endif
};

static void register_packages(void)
{
    const sspi_package *const *packages;
    size_t i, count;

    for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
        count = modules[i](&packages);
        add_packages(packages, count);
    }
}

size_t sspi_package_count(void)
{
    platform_run_once(&registry_once, register_packages);
    return registry_count;
}

const sspi_package *sspi_package_at(size_t index)
{
    return index < sspi_package_count() ? registry[index] : NULL;
}

const sspi_package *sspi_package_find(const WCHAR *name)
{
    size_t i, count = sspi_package_count();
    if (!name)
        return NULL;
    for (i = 0; i < count; i++)
        if (!sspi_wcsicmp(registry[i]->name, name))
            return registry[i];
    return NULL;
}

ULONG_PTR sspi_package_tag(const sspi_package *package)
{
    return (ULONG_PTR)package;
}

const sspi_package *sspi_package_from_tag(ULONG_PTR tag)
{
    size_t i, count = sspi_package_count();
    for (i = 0; i < count; i++)
        if ((ULONG_PTR)registry[i] == tag)
            return registry[i];
    return NULL;
}

static void fill_info_numbers(const sspi_package *package, ULONG *caps, USHORT *version,
                              USHORT *rpc_id, ULONG *max_token)
{
    *caps = package->capabilities;
    *version = package->version;
    *rpc_id = package->rpc_id;
    *max_token = package->max_token;
}

SecPkgInfoW *sspi_package_info_w(const sspi_package *const *packages, size_t count)
{
    size_t i, size = count * sizeof(SecPkgInfoW), len;
    SecPkgInfoW *info;
    WCHAR *strings;

    for (i = 0; i < count; i++)
        size += (sspi_wcslen(packages[i]->name) + sspi_wcslen(packages[i]->comment) + 2) *
                sizeof(WCHAR);
    info = platform_buffer_alloc(size);
    if (!info)
        return NULL;
    strings = (WCHAR *)(info + count);
    for (i = 0; i < count; i++) {
        fill_info_numbers(packages[i], &info[i].fCapabilities, &info[i].wVersion, &info[i].wRPCID,
                          &info[i].cbMaxToken);
        len = sspi_wcslen(packages[i]->name) + 1;
        memcpy(strings, packages[i]->name, len * sizeof(WCHAR));
        info[i].Name = strings;
        strings += len;
        len = sspi_wcslen(packages[i]->comment) + 1;
        memcpy(strings, packages[i]->comment, len * sizeof(WCHAR));
        info[i].Comment = strings;
        strings += len;
    }
    return info;
}

SecPkgInfoA *sspi_package_info_a(const sspi_package *const *packages, size_t count)
{
    size_t i, size = count * sizeof(SecPkgInfoA), len;
    SecPkgInfoA *info;
    char *strings;

    for (i = 0; i < count; i++)
        size += sspi_w_to_a_size(packages[i]->name) + sspi_w_to_a_size(packages[i]->comment);
    info = platform_buffer_alloc(size);
    if (!info)
        return NULL;
    strings = (char *)(info + count);
    for (i = 0; i < count; i++) {
        fill_info_numbers(packages[i], &info[i].fCapabilities, &info[i].wVersion, &info[i].wRPCID,
                          &info[i].cbMaxToken);
        len = sspi_w_to_a_size(packages[i]->name);
        info[i].Name = strings;
        strings += sspi_w_to_a(packages[i]->name, strings, len);
        len = sspi_w_to_a_size(packages[i]->comment);
        info[i].Comment = strings;
        strings += sspi_w_to_a(packages[i]->comment, strings, len);
    }
    return info;
}
