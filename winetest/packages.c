/* Package-level conformance: EnumerateSecurityPackagesA/W, QuerySecurityPackageInfoA/W and
 * FreeContextBuffer, with the values Windows reports for its Schannel packages. */
#include "test.h"

#include <string.h>

#define UNISP_A "Microsoft Unified Security Protocol Provider"

/* The SecPkgInfo bits Wine and Windows agree on (Windows adds SECPKG_FLAG_MUTUAL_AUTH). */
#define SCHANNEL_BASE_CAPS 0x7B3

static int wide_equals_ascii(const SEC_WCHAR *wide, const char *ascii)
{
    while (*ascii && *wide == (SEC_WCHAR)(unsigned char)*ascii) {
        wide++;
        ascii++;
    }
    return !*ascii && !*wide;
}

static int ascii_casecmp(const char *a, const char *b)
{
    char x, y;
    do {
        x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        a++;
        b++;
    } while (x && x == y);
    return x - y;
}

static const SecPkgInfoA *find_package_a(const SecPkgInfoA *info, ULONG count, const char *name)
{
    ULONG i;
    for (i = 0; i < count; i++)
        if (info[i].Name && !strcmp(info[i].Name, name))
            return &info[i];
    return NULL;
}

static void check_schannel_info_a(const SecPkgInfoA *info, const char *name)
{
    ok(info->wVersion == 1, "%s: wVersion %u\n", name, info->wVersion);
    ok(info->wRPCID == UNISP_RPC_ID, "%s: wRPCID %u\n", name, info->wRPCID);
    ok((info->fCapabilities & SCHANNEL_BASE_CAPS) == SCHANNEL_BASE_CAPS,
       "%s: fCapabilities 0x%lx\n", name, (unsigned long)info->fCapabilities);
    ok(info->cbMaxToken >= 16384, "%s: cbMaxToken %lu\n", name, (unsigned long)info->cbMaxToken);
    ok(info->Comment != NULL, "%s: no comment\n", name);
    trace("%s: caps 0x%lx max token %lu comment \"%s\"\n", name, (unsigned long)info->fCapabilities,
          (unsigned long)info->cbMaxToken, info->Comment ? info->Comment : "(null)");
}

static void test_enumerate_a(void)
{
    PSecPkgInfoA info = NULL;
    ULONG count = 0xdeadbeef;
    const SecPkgInfoA *unisp, *schannel, *default_tls;
    SECURITY_STATUS status;

    status = EnumerateSecurityPackagesA(&count, &info);
    ok(status == SEC_E_OK, "EnumerateSecurityPackagesA returned 0x%08lx\n", (unsigned long)status);
    ok(count > 0 && count != 0xdeadbeef, "got %lu packages\n", (unsigned long)count);
    ok(info != NULL, "no package array\n");
    if (status != SEC_E_OK || !info)
        return;
    unisp = find_package_a(info, count, UNISP_A);
    schannel = find_package_a(info, count, "Schannel");
    default_tls = find_package_a(info, count, "Default TLS SSP");
    ok(unisp != NULL, "UNISP is not listed\n");
    ok(schannel != NULL, "Schannel is not listed\n");
    /* Wine registers only the first two Schannel names. */
    todo_wine ok(default_tls != NULL, "Default TLS SSP is not listed\n");
    if (unisp)
        check_schannel_info_a(unisp, UNISP_A);
    if (schannel)
        check_schannel_info_a(schannel, "Schannel");
    if (default_tls)
        check_schannel_info_a(default_tls, "Default TLS SSP");
    ok(FreeContextBuffer(info) == SEC_E_OK, "FreeContextBuffer failed\n");
}

static void test_enumerate_w(void)
{
    PSecPkgInfoW info = NULL;
    ULONG count = 0xdeadbeef, i;
    int found = 0;
    SECURITY_STATUS status;

    status = EnumerateSecurityPackagesW(&count, &info);
    ok(status == SEC_E_OK, "EnumerateSecurityPackagesW returned 0x%08lx\n", (unsigned long)status);
    ok(count > 0 && count != 0xdeadbeef, "got %lu packages\n", (unsigned long)count);
    if (status != SEC_E_OK || !info)
        return;
    for (i = 0; i < count; i++) {
        ok(info[i].Name != NULL, "package %lu has no name\n", (unsigned long)i);
        if (info[i].Name && wide_equals_ascii(info[i].Name, UNISP_A)) {
            found = 1;
            ok(info[i].wRPCID == UNISP_RPC_ID, "wRPCID %u\n", info[i].wRPCID);
            ok(info[i].wVersion == 1, "wVersion %u\n", info[i].wVersion);
        }
    }
    ok(found, "UNISP is not listed\n");
    ok(FreeContextBuffer(info) == SEC_E_OK, "FreeContextBuffer failed\n");
}

static void test_query_info_a(void)
{
    static const char *const names[] = {UNISP_A, "microsoft unified security protocol provider",
                                        "Schannel", "SCHANNEL", "schannel"};
    PSecPkgInfoA info;
    SECURITY_STATUS status;
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        info = NULL;
        status = QuerySecurityPackageInfoA((SEC_CHAR *)names[i], &info);
        ok(status == SEC_E_OK, "%s: status 0x%08lx\n", names[i], (unsigned long)status);
        if (status != SEC_E_OK || !info)
            continue;
        ok(info->Name && !ascii_casecmp(info->Name, names[i]), "%s: name \"%s\"\n", names[i],
           info->Name ? info->Name : "(null)");
        check_schannel_info_a(info, names[i]);
        ok(FreeContextBuffer(info) == SEC_E_OK, "FreeContextBuffer failed\n");
    }

    info = (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef;
    status = QuerySecurityPackageInfoA((SEC_CHAR *)"Winetest", &info);
    ok(status == SEC_E_SECPKG_NOT_FOUND, "unknown package: status 0x%08lx\n",
       (unsigned long)status);
    ok(info == (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef, "output changed on failure\n");

    info = (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef;
    status = QuerySecurityPackageInfoA(NULL, &info);
    ok(status == SEC_E_SECPKG_NOT_FOUND, "NULL name: status 0x%08lx\n", (unsigned long)status);
    ok(info == (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef, "output changed on failure\n");

    /* NTLM may or may not be there; when it is, it is a version-1 package too. */
    info = NULL;
    status = QuerySecurityPackageInfoA((SEC_CHAR *)"NTLM", &info);
    ok(status == SEC_E_OK || status == SEC_E_SECPKG_NOT_FOUND, "NTLM: status 0x%08lx\n",
       (unsigned long)status);
    if (status == SEC_E_OK) {
        ok(info != NULL && info->wVersion == 1, "NTLM: bad info\n");
        ok(FreeContextBuffer(info) == SEC_E_OK, "FreeContextBuffer failed\n");
    }
}

static void test_query_info_w(void)
{
    static const SEC_WCHAR unisp_lower[] = {
        'm', 'i', 'c', 'r', 'o', 's', 'o', 'f', 't', ' ', 'u', 'n', 'i', 'f', 'i',
        'e', 'd', ' ', 's', 'e', 'c', 'u', 'r', 'i', 't', 'y', ' ', 'p', 'r', 'o',
        't', 'o', 'c', 'o', 'l', ' ', 'p', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 0};
    static const SEC_WCHAR schannel_upper[] = {'S', 'C', 'H', 'A', 'N', 'N', 'E', 'L', 0};
    static const SEC_WCHAR unknown[] = {'W', 'i', 'n', 'e', 't', 'e', 's', 't', 0};
    PSecPkgInfoW info = NULL;
    SECURITY_STATUS status;

    status = QuerySecurityPackageInfoW((SEC_WCHAR *)unisp_lower, &info);
    ok(status == SEC_E_OK, "UNISP (lower case): status 0x%08lx\n", (unsigned long)status);
    if (status == SEC_E_OK && info) {
        ok(wide_equals_ascii(info->Name, UNISP_A), "wrong name\n");
        ok(info->wRPCID == UNISP_RPC_ID && info->wVersion == 1, "wrong numbers\n");
        FreeContextBuffer(info);
    }
    info = NULL;
    status = QuerySecurityPackageInfoW((SEC_WCHAR *)schannel_upper, &info);
    ok(status == SEC_E_OK, "SCHANNEL: status 0x%08lx\n", (unsigned long)status);
    if (status == SEC_E_OK && info) {
        ok(wide_equals_ascii(info->Name, "Schannel"), "wrong name\n");
        FreeContextBuffer(info);
    }
    info = (PSecPkgInfoW)(ULONG_PTR)0xdeadbeef;
    status = QuerySecurityPackageInfoW((SEC_WCHAR *)unknown, &info);
    ok(status == SEC_E_SECPKG_NOT_FOUND, "unknown package: status 0x%08lx\n",
       (unsigned long)status);
    ok(info == (PSecPkgInfoW)(ULONG_PTR)0xdeadbeef, "output changed on failure\n");
    status = QuerySecurityPackageInfoW(NULL, &info);
    ok(status == SEC_E_SECPKG_NOT_FOUND, "NULL name: status 0x%08lx\n", (unsigned long)status);
}

static void test_free_context_buffer(void)
{
    ok(FreeContextBuffer(NULL) == SEC_E_OK, "FreeContextBuffer(NULL) failed\n");
}

START_TEST(packages)
{
    test_enumerate_a();
    test_enumerate_w();
    test_query_info_a();
    test_query_info_w();
    test_free_context_buffer();
}
