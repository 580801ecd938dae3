/* Lists the security packages secur32 offers, with their capabilities and limits.
 * Written only against SSPI: the same source runs natively (libsecur32) and as a Windows .exe. */
#include "win_sspi.h"

#include <stdio.h>
#include <string.h>

static const char *secur32_identity(void)
{
#ifdef _WIN32
    typedef const char *(WINAPI * get_version_fn)(void);
    HMODULE secur32 = GetModuleHandleA("secur32.dll");
    get_version_fn get_version =
        secur32 ? (get_version_fn)(void (*)(void))GetProcAddress(secur32, "SspiShimGetVersion")
                : NULL;
    return get_version ? get_version() : "another implementation (not sspishim)";
#else
    extern const char *SEC_ENTRY SspiShimGetVersion(void);
    return SspiShimGetVersion();
#endif
}

static void print_package(const SecPkgInfoA *info)
{
    printf("  %-46s caps 0x%08lx  version %u  rpc id %u  max token %lu\n", info->Name,
           (unsigned long)info->fCapabilities, info->wVersion, info->wRPCID,
           (unsigned long)info->cbMaxToken);
    if (info->Comment && strcmp(info->Comment, info->Name) != 0)
        printf("  %-46s \"%s\"\n", "", info->Comment);
}

int main(void)
{
    ULONG count = 0, i;
    SecPkgInfoA *packages = NULL;
    SECURITY_STATUS status;
    int exit_code = 1;

    printf("secur32: %s\n", secur32_identity());
    status = EnumerateSecurityPackagesA(&count, &packages);
    if (status != SEC_E_OK) {
        printf("EnumerateSecurityPackagesA failed: 0x%08lx\n", (unsigned long)(ULONG)status);
        goto done;
    }
    printf("%lu security packages:\n", (unsigned long)count);
    for (i = 0; i < count; i++)
        print_package(&packages[i]);
    exit_code = 0;
done:
    FreeContextBuffer(packages);
    return exit_code;
}
