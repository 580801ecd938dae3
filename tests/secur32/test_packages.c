/* Package registry and the package-level exports. */
#include "sspi_dispatch.h"
#include "sspi_strings.h"

#include <criterion/criterion.h>
#include <string.h>

#define W(s) ((SEC_WCHAR *)u##s)

Test(packages, registry_has_the_schannel_names)
{
    cr_assert_eq(sspi_package_count(), 3);
    cr_assert_not_null(sspi_package_find(W("Schannel")));
    cr_assert_not_null(sspi_package_find(W("Microsoft Unified Security Protocol Provider")));
    cr_assert_not_null(sspi_package_find(W("Default TLS SSP")));
    cr_assert_eq(sspi_package_find(W("schANNEL")), sspi_package_find(W("Schannel")));
    cr_assert_null(sspi_package_find(W("Schannel ")));
    cr_assert_null(sspi_package_find(W("NTLM")));
    cr_assert_null(sspi_package_find(NULL));
}

Test(packages, tags_round_trip_and_reject_strangers)
{
    const sspi_package *p = sspi_package_at(0);
    cr_assert_eq(sspi_package_from_tag(sspi_package_tag(p)), p);
    cr_assert_null(sspi_package_from_tag(0));
    cr_assert_null(sspi_package_from_tag(sspi_package_tag(p) + 1));
    cr_assert_null(sspi_package_from_tag((ULONG_PTR)-1));
}

Test(packages, enumerate_w_is_one_block)
{
    ULONG count = 99, i;
    PSecPkgInfoW info = NULL;
    char *start, *end;

    cr_assert_eq(EnumerateSecurityPackagesW(&count, &info), SEC_E_OK);
    cr_assert_eq(count, 3);
    start = (char *)info;
    end = start + count * sizeof(*info) + 1024;
    for (i = 0; i < count; i++) {
        cr_assert_eq(info[i].wVersion, 1);
        cr_assert_eq(info[i].wRPCID, 14);
        cr_assert_eq(info[i].fCapabilities, 0x107B3);
        cr_assert_eq(info[i].cbMaxToken, 0x6000);
        cr_assert((char *)info[i].Name > start && (char *)info[i].Name < end,
                  "strings live in the same block");
        cr_assert_eq(sspi_wcsicmp(info[i].Comment, W("Schannel Security Package")), 0);
    }
    cr_assert_eq(FreeContextBuffer(info), SEC_E_OK);
}

Test(packages, enumerate_a_matches_w)
{
    ULONG count = 0, i;
    PSecPkgInfoA info = NULL;
    const char *names[] = {"Schannel", "Microsoft Unified Security Protocol Provider",
                           "Default TLS SSP"};

    cr_assert_eq(EnumerateSecurityPackagesA(&count, &info), SEC_E_OK);
    cr_assert_eq(count, 3);
    for (i = 0; i < count; i++)
        cr_assert_str_eq(info[i].Name, names[i]);
    FreeContextBuffer(info);
}

Test(packages, query_info)
{
    PSecPkgInfoA a = (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef;
    PSecPkgInfoW w = NULL;

    cr_assert_eq(QuerySecurityPackageInfoA("Winetest", &a), SEC_E_SECPKG_NOT_FOUND);
    cr_assert_eq(a, (PSecPkgInfoA)(ULONG_PTR)0xdeadbeef, "untouched on failure");
    cr_assert_eq(QuerySecurityPackageInfoA(NULL, &a), SEC_E_SECPKG_NOT_FOUND);
    cr_assert_eq(QuerySecurityPackageInfoA("microsoft unified security protocol provider", &a),
                 SEC_E_OK);
    cr_assert_str_eq(a->Name, "Microsoft Unified Security Protocol Provider");
    cr_assert_str_eq(a->Comment, "Schannel Security Package");
    cr_assert_eq((char *)a->Name, (char *)(a + 1), "name follows the struct");
    FreeContextBuffer(a);
    cr_assert_eq(QuerySecurityPackageInfoW(W("SCHANNEL"), &w), SEC_E_OK);
    cr_assert_eq(sspi_wcsicmp(w->Name, W("Schannel")), 0);
    FreeContextBuffer(w);
    cr_assert_eq(QuerySecurityPackageInfoW(NULL, &w), SEC_E_SECPKG_NOT_FOUND);
}

Test(packages, free_context_buffer_null)
{
    cr_assert_eq(FreeContextBuffer(NULL), SEC_E_OK);
}

Test(packages, version_names_sspishim)
{
    cr_assert_not_null(strstr(SspiShimGetVersion(), "sspishim"));
    cr_assert_not_null(strstr(SspiShimGetVersion(), "OpenSSL"));
}

Test(packages, strings_round_trip)
{
    const char *utf8 = "h\xc3\xa9llo \xf0\x9f\x98\x80";
    WCHAR *w = NULL;
    char back[32];

    cr_assert_eq(sspi_a_to_w(utf8, &w), SEC_E_OK);
    cr_assert_eq(sspi_wcslen(w), 8, "é is one unit, the emoji two");
    cr_assert_eq(sspi_w_to_a_size(w), strlen(utf8) + 1);
    sspi_w_to_a(w, back, sizeof(back));
    cr_assert_str_eq(back, utf8);
    free(w);
    cr_assert_eq(sspi_a_to_w("\xff", &w), SEC_E_INVALID_TOKEN);
    cr_assert_eq(sspi_a_to_w(NULL, &w), SEC_E_OK);
    cr_assert_null(w);
}
