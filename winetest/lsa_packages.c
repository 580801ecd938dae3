/* Replacing secur32 loses no package: under Wine, EnumerateSecurityPackages lists every package
 * Wine's builtin secur32 lists (asked in a child process started with secur32=b), in the same
 * order and with the same SecPkgInfo, and adds only Schannel names. The Lsa* and name exports
 * a program may import are there and answer. Natively there are no system packages. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32

#include <ntsecapi.h>
#define SECURITY_WIN32_NAMES
#include <secext.h>

#define CHILD_ENV  "SSPISHIM_LIST_PACKAGES"
#define MAX_LISTED 32
#define LINE_CHARS 512

/* One package as a line: the fields SecPkgInfo has, in a fixed order. */
static void describe(const SecPkgInfoA *info, char *line, size_t size)
{
    snprintf(line, size, "%s|%s|0x%lx|%u|%u|%lu", info->Name, info->Comment,
             (unsigned long)info->fCapabilities, info->wVersion, info->wRPCID,
             (unsigned long)info->cbMaxToken);
}

/* Child mode: prints "pkg:<line>" for every package of the secur32 it runs against. */
static void print_packages(void)
{
    PSecPkgInfoA info = NULL;
    ULONG count = 0, i;
    char line[LINE_CHARS];

    if (EnumerateSecurityPackagesA(&count, &info) != SEC_E_OK)
        return;
    for (i = 0; i < count; i++) {
        describe(&info[i], line, sizeof(line));
        printf("pkg:%s\n", line);
    }
    FreeContextBuffer(info);
}

typedef struct package_list {
    char lines[MAX_LISTED][LINE_CHARS];
    int count;
} package_list;

/* Runs this program again with Wine's builtin secur32 and collects its package lines. */
static int builtin_packages(package_list *list)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE read_end, write_end;
    char path[MAX_PATH], command[MAX_PATH + 2], output[16384], *line, *next;
    DWORD got, total = 0;
    BOOL started;

    list->count = 0;
    if (!GetModuleFileNameA(NULL, path, sizeof(path)) || !CreatePipe(&read_end, &write_end, &sa, 0))
        return 0;
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = write_end;
    si.hStdError = write_end;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    snprintf(command, sizeof(command), "\"%s\"", path);
    SetEnvironmentVariableA(CHILD_ENV, "1");
    SetEnvironmentVariableA("WINEDLLOVERRIDES", "secur32=b;mscoree,mshtml=");
    started = CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    SetEnvironmentVariableA(CHILD_ENV, NULL);
    CloseHandle(write_end);
    while (started && total < sizeof(output) - 1 &&
           ReadFile(read_end, output + total, (DWORD)(sizeof(output) - 1 - total), &got, NULL) &&
           got)
        total += got;
    output[total] = 0;
    CloseHandle(read_end);
    if (!started)
        return 0;
    WaitForSingleObject(pi.hProcess, 60000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    for (line = output; line && *line && list->count < MAX_LISTED; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (strncmp(line, "pkg:", 4))
            continue;
        line[strcspn(line, "\r")] = 0;
        snprintf(list->lines[list->count++], LINE_CHARS, "%s", line + 4);
    }
    return 1;
}

static int is_schannel(const char *line)
{
    const char *field = line;
    int i;
    for (i = 0; i < 4 && field; i++) /* name|comment|caps|version|rpc id|max token */
        field = strchr(field, '|') ? strchr(field, '|') + 1 : NULL;
    return field && atoi(field) == UNISP_RPC_ID;
}

static int has_name(const package_list *list, const char *line)
{
    size_t name_len = strcspn(line, "|");
    int i;
    for (i = 0; i < list->count; i++)
        if (!strncmp(list->lines[i], line, name_len + 1))
            return 1;
    return 0;
}

static void own_packages(package_list *list)
{
    PSecPkgInfoA info = NULL;
    ULONG count = 0, i;

    list->count = 0;
    ok(EnumerateSecurityPackagesA(&count, &info) == SEC_E_OK, "EnumerateSecurityPackagesA\n");
    for (i = 0; info && i < count && list->count < MAX_LISTED; i++)
        describe(&info[i], list->lines[list->count++], LINE_CHARS);
    FreeContextBuffer(info);
}

/* Schannel is ours (its numbers follow Windows, not Wine): the builtin's Schannel names must be
 * there; every other package must be the builtin's, in its order, with its SecPkgInfo. */
static void test_same_packages_as_builtin(void)
{
    static package_list builtin, ours;
    int i, j = 0;

    if (!winetest_on_wine()) {
        skip("the builtin secur32 to compare with is Wine's\n");
        return;
    }
    ok(builtin_packages(&builtin), "could not run the builtin child\n");
    ok(builtin.count > 0, "the builtin child listed no package\n");
    own_packages(&ours);
    for (i = 0; i < ours.count; i++)
        trace("package %d: %s\n", i, ours.lines[i]);
    for (i = 0; i < builtin.count; i++)
        if (is_schannel(builtin.lines[i]))
            ok(has_name(&ours, builtin.lines[i]), "Schannel name of %s missing\n",
               builtin.lines[i]);
    for (i = 0; i < ours.count; i++) {
        if (is_schannel(ours.lines[i]))
            continue;
        while (j < builtin.count && is_schannel(builtin.lines[j]))
            j++;
        ok(j < builtin.count && !strcmp(ours.lines[i], builtin.lines[j]),
           "package %s where the builtin lists %s\n", ours.lines[i],
           j < builtin.count ? builtin.lines[j] : "nothing");
        j++;
    }
    while (j < builtin.count && is_schannel(builtin.lines[j]))
        j++;
    ok(j >= builtin.count, "the builtin's %s is missing\n",
       j < builtin.count ? builtin.lines[j] : "");
}

/* Every enumerated package answers QuerySecurityPackageInfo with the same SecPkgInfo. */
static void test_query_each(void)
{
    PSecPkgInfoA info = NULL, one;
    ULONG count = 0, i;
    char listed[LINE_CHARS], queried[LINE_CHARS];

    ok(EnumerateSecurityPackagesA(&count, &info) == SEC_E_OK, "EnumerateSecurityPackagesA\n");
    for (i = 0; info && i < count; i++) {
        one = NULL;
        ok(QuerySecurityPackageInfoA(info[i].Name, &one) == SEC_E_OK, "query %s\n", info[i].Name);
        if (!one)
            continue;
        describe(&info[i], listed, sizeof(listed));
        describe(one, queried, sizeof(queried));
        ok(!strcmp(listed, queried), "%s listed, %s queried\n", listed, queried);
        FreeContextBuffer(one);
    }
    FreeContextBuffer(info);
}

static void test_lsa_exports(void)
{
    HANDLE lsa = NULL;
    LSA_STRING name;
    ULONG id = 0xdeadbeef;
    ULONG count = 0;
    PLUID sessions = NULL;
    NTSTATUS status;

    status = LsaConnectUntrusted(&lsa);
    ok(status == 0, "LsaConnectUntrusted: 0x%08lx\n", (unsigned long)status);
    if (status)
        return;
    name.Buffer = (char *)"Kerberos";
    name.Length = name.MaximumLength = 8;
    status = LsaLookupAuthenticationPackage(lsa, &name, &id);
    ok(status == 0, "LsaLookupAuthenticationPackage(Kerberos): 0x%08lx\n", (unsigned long)status);
    ok(id != 0xdeadbeef, "no package id\n");
    name.Buffer = (char *)"NoSuchPackage";
    name.Length = name.MaximumLength = 13;
    id = 0xdeadbeef;
    status = LsaLookupAuthenticationPackage(lsa, &name, &id);
    ok(status != 0, "an unknown package was found\n");
    ok(id == 0xdeadbeef, "id written for an unknown package\n");
    ok(LsaDeregisterLogonProcess(lsa) == 0, "LsaDeregisterLogonProcess\n");
    status = LsaEnumerateLogonSessions(&count, &sessions);
    ok(status == 0, "LsaEnumerateLogonSessions: 0x%08lx\n", (unsigned long)status);
    if (!status && sessions)
        ok(LsaFreeReturnBuffer(sessions) == 0, "LsaFreeReturnBuffer\n");
}

static void test_user_name(void)
{
    WCHAR sam[512], user[256];
    ULONG size = 0;
    DWORD user_chars = 256;
    size_t sam_len, user_len;

    ok(!GetUserNameExW(NameSamCompatible, NULL, &size), "NULL buffer accepted\n");
    ok(GetLastError() == ERROR_MORE_DATA, "error %lu\n", (unsigned long)GetLastError());
    ok(size > 1, "needed size %lu\n", (unsigned long)size);
    size = 512;
    ok(GetUserNameExW(NameSamCompatible, sam, &size), "GetUserNameExW(NameSamCompatible)\n");
    ok(GetUserNameW(user, &user_chars), "GetUserNameW\n");
    sam_len = wcslen(sam);
    user_len = wcslen(user);
    ok(size == sam_len, "size %lu for %lu characters\n", (unsigned long)size,
       (unsigned long)sam_len);
    ok(sam_len > user_len && sam[sam_len - user_len - 1] == L'\\' &&
           !wcscmp(sam + sam_len - user_len, user),
       "NameSamCompatible is not DOMAIN\\user\n");
}

START_TEST(lsa_packages)
{
    if (getenv(CHILD_ENV)) {
        print_packages();
        return;
    }
    test_same_packages_as_builtin();
    test_query_each();
    test_lsa_exports();
    test_user_name();
}

#else

START_TEST(lsa_packages)
{
    skip("the system's LSA packages exist only on Windows and Wine\n");
}

#endif
