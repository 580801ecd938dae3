/* Where the unit runs: native host, Wine or Windows; and whose secur32 it is talking to. */
#include "test.h"

#ifdef _WIN32
static FARPROC ntdll_export(const char *name)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll ? GetProcAddress(ntdll, name) : NULL;
}

int winetest_on_wine(void)
{
    return ntdll_export("wine_get_version") != NULL;
}

int winetest_on_windows(void)
{
    return !winetest_on_wine();
}

int winetest_builtin_secur32(void)
{
    /* sspishim's secur32.dll exports SspiShimGetVersion; any other secur32 lacks it. */
    HMODULE secur32 = GetModuleHandleA("secur32.dll");
    if (!secur32)
        secur32 = LoadLibraryA("secur32.dll");
    return !secur32 || !GetProcAddress(secur32, "SspiShimGetVersion");
}
#else
int winetest_on_wine(void)
{
    return 0;
}

int winetest_on_windows(void)
{
    return 0;
}

int winetest_builtin_secur32(void)
{
    return 0; /* natively the program links libsecur32, which is sspishim */
}
#endif
