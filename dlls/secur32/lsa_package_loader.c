/* Finds and initialises the LSA-mode packages, as the system's dispatcher does: every subkey of
 * HKLM\System\CurrentControlSet\Control\Lsa names a DLL (Wine registers Kerberos and MSV1_0
 * there), then negotiate.dll when it exists. A DLL counts when its SpLsaModeInitialize and
 * each table's LsaApInitializePackage and SpInitialize succeed; Wine's msv1_0 refuses without
 * ntlm_auth, so NTLM is then missing here exactly as it is from Wine's own secur32. */
#include "lsa_packages.h"

#include "platform.h"

#include <string.h>

#define MAX_LSA_PACKAGES 8
#define MAX_DLL_NAME     260

typedef NTSTATUS(NTAPI *lsa_mode_init_fn)(ULONG, PULONG, PSECPKG_FUNCTION_TABLE *, PULONG);
typedef NTSTATUS(NTAPI *user_mode_init_fn)(ULONG, PULONG, PSECPKG_USER_FUNCTION_TABLE *, PULONG);

static lsa_package packages[MAX_LSA_PACKAGES];
static const lsa_package *package_list[MAX_LSA_PACKAGES];
static size_t package_count;
static platform_once load_once = PLATFORM_ONCE_INIT;

static int name_loaded(const WCHAR *name)
{
    size_t i;
    for (i = 0; i < package_count; i++)
        if (!_wcsicmp(packages[i].entry.name, name))
            return 1;
    return 0;
}

/* LsaApInitializePackage then SpInitialize for one table; fills the registry entry. */
static int init_table(lsa_package *package, SECPKG_FUNCTION_TABLE *table, ULONG id)
{
    static SECPKG_PARAMETERS parameters = {
        .Version = 1,
        .MachineState = SECPKG_STATE_STANDALONE | SECPKG_STATE_STRONG_ENCRYPTION_PERMITTED,
    };
    SecPkgInfoW info;

    memset(package, 0, sizeof(*package));
    if (table->InitializePackage &&
        table->InitializePackage(id, (PLSA_DISPATCH_TABLE)&lsa_callbacks, NULL, NULL,
                                 &package->auth_name) != STATUS_SUCCESS)
        return 0;
    if (!table->Initialize || table->Initialize(id, &parameters, &lsa_callbacks) != STATUS_SUCCESS)
        return 0;
    memset(&info, 0, sizeof(info));
    if (!table->GetInfo || table->GetInfo((PSecPkgInfo)&info) != STATUS_SUCCESS || !info.Name)
        return 0;
    if (name_loaded(info.Name))
        return 0;
    package->entry.name = lsa_heap_wcsdup(info.Name);
    package->entry.comment = lsa_heap_wcsdup(info.Comment);
    if (!package->entry.name || !package->entry.comment)
        return 0;
    package->entry.capabilities = info.fCapabilities;
    package->entry.version = info.wVersion;
    package->entry.rpc_id = info.wRPCID;
    package->entry.max_token = info.cbMaxToken;
    package->entry.provider = &lsa_provider;
    package->package_id = id;
    package->lsa = table;
    return 1;
}

static void init_user_mode(HMODULE module, size_t first, size_t count)
{
    user_mode_init_fn init =
        (user_mode_init_fn)(void *)GetProcAddress(module, "SpUserModeInitialize");
    PSECPKG_USER_FUNCTION_TABLE tables = NULL;
    ULONG version = 0, table_count = 0, i;
    void *user_functions = NULL;

    if (!init || init(SECPKG_INTERFACE_VERSION, &version, &tables, &table_count) != STATUS_SUCCESS)
        return;
    for (i = 0; i < table_count && i < count; i++) {
        if (tables[i].InstanceInit &&
            tables[i].InstanceInit(SECPKG_INTERFACE_VERSION, &lsa_dll_callbacks, &user_functions) !=
                STATUS_SUCCESS)
            continue;
        packages[first + i].user = &tables[i];
    }
}

static void load_dll(const WCHAR *name)
{
    HMODULE module = LoadLibraryW(name);
    lsa_mode_init_fn init;
    PSECPKG_FUNCTION_TABLE tables = NULL;
    ULONG version = 0, table_count = 0, i;
    size_t first = package_count;

    if (!module)
        return;
    init = (lsa_mode_init_fn)(void *)GetProcAddress(module, "SpLsaModeInitialize");
    if (init && init(SECPKG_INTERFACE_VERSION, &version, &tables, &table_count) == STATUS_SUCCESS) {
        for (i = 0; i < table_count && package_count < MAX_LSA_PACKAGES; i++)
            if (init_table(&packages[package_count], &tables[i], (ULONG)package_count + 1))
                package_count++;
    }
    if (package_count == first) {
        FreeLibrary(module);
        return;
    }
    init_user_mode(module, first, package_count - first);
}

static void load_registered_dlls(void)
{
    WCHAR name[MAX_DLL_NAME];
    HKEY key;
    DWORD i;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"System\\CurrentControlSet\\Control\\Lsa", 0, KEY_READ,
                      &key) != ERROR_SUCCESS) {
        load_dll(L"kerberos.dll");
        load_dll(L"msv1_0.dll");
        return;
    }
    for (i = 0; RegEnumKeyW(key, i, name, MAX_DLL_NAME) != ERROR_NO_MORE_ITEMS; i++)
        load_dll(name);
    RegCloseKey(key);
}

static void load_packages(void)
{
    size_t i;

    load_registered_dlls();
    if (!name_loaded(L"Negotiate"))
        load_dll(L"negotiate.dll");
    for (i = 0; i < package_count; i++)
        package_list[i] = &packages[i];
}

size_t lsa_loaded_packages(const lsa_package *const **list)
{
    platform_run_once(&load_once, load_packages);
    *list = package_list;
    return package_count;
}

#define MAX_PROVIDED 16

size_t lsa_provider_packages(const sspi_package *const **list)
{
    static const sspi_package *provided[MAX_PROVIDED];
    const lsa_package *const *loaded;
    const sspi_package *negotiate;
    size_t i, count = lsa_loaded_packages(&loaded), total = 0;

    for (i = 0; i < count && total < MAX_PROVIDED; i++)
        provided[total++] = &loaded[i]->entry;
    negotiate = name_loaded(L"Negotiate") ? NULL : negotiate_package();
    if (negotiate && total < MAX_PROVIDED)
        provided[total++] = negotiate;
    total += ssp_dll_packages(provided + total, MAX_PROVIDED - total);
    *list = provided;
    return total;
}
