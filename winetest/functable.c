/* InitSecurityInterfaceA/W: every slot is the exported function of the same name, the reserved
 * slots are what Windows puts there, and the version is the one Windows reports. */
#include "test.h"

#include <stddef.h>

/* The address a caller obtains for an export: GetProcAddress on Windows, the symbol natively. */
#ifdef _WIN32
static void *export_address(const char *name)
{
    HMODULE secur32 = GetModuleHandleA("secur32.dll");
    if (!secur32)
        secur32 = LoadLibraryA("secur32.dll");
    return secur32 ? (void *)GetProcAddress(secur32, name) : NULL;
}
#define EXPORT(name) export_address(#name)
#else
#define EXPORT(name) ((void *)(name))
#endif

#define CHECK_SLOT(table, member, name)                                                            \
    ok((void *)(table)->member == EXPORT(name), #member " is %p, export " #name " is %p\n",        \
       (void *)(table)->member, EXPORT(name))

static void test_table_a(void)
{
    PSecurityFunctionTableA table = InitSecurityInterfaceA();

    ok(table != NULL, "InitSecurityInterfaceA returned NULL\n");
    if (!table)
        return;
    ok(table->dwVersion == SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, "dwVersion %lu\n",
       (unsigned long)table->dwVersion);
    ok(table->Reserved2 == NULL, "Reserved2 is %p\n", table->Reserved2);
    ok(table->Reserved3 == (void *)table->EncryptMessage, "Reserved3 is %p, EncryptMessage %p\n",
       table->Reserved3, (void *)table->EncryptMessage);
    ok(table->Reserved4 == (void *)table->DecryptMessage, "Reserved4 is %p, DecryptMessage %p\n",
       table->Reserved4, (void *)table->DecryptMessage);
    ok(table->Reserved8 == NULL, "Reserved8 is %p\n", table->Reserved8);
    ok(InitSecurityInterfaceA() == table, "not a static table\n");

    CHECK_SLOT(table, EnumerateSecurityPackagesA, EnumerateSecurityPackagesA);
    CHECK_SLOT(table, QueryCredentialsAttributesA, QueryCredentialsAttributesA);
    CHECK_SLOT(table, AcquireCredentialsHandleA, AcquireCredentialsHandleA);
    CHECK_SLOT(table, FreeCredentialHandle, FreeCredentialsHandle);
    CHECK_SLOT(table, InitializeSecurityContextA, InitializeSecurityContextA);
    CHECK_SLOT(table, AcceptSecurityContext, AcceptSecurityContext);
    CHECK_SLOT(table, CompleteAuthToken, CompleteAuthToken);
    CHECK_SLOT(table, DeleteSecurityContext, DeleteSecurityContext);
    CHECK_SLOT(table, ApplyControlToken, ApplyControlToken);
    CHECK_SLOT(table, QueryContextAttributesA, QueryContextAttributesA);
    CHECK_SLOT(table, ImpersonateSecurityContext, ImpersonateSecurityContext);
    CHECK_SLOT(table, RevertSecurityContext, RevertSecurityContext);
    CHECK_SLOT(table, MakeSignature, MakeSignature);
    CHECK_SLOT(table, VerifySignature, VerifySignature);
    CHECK_SLOT(table, FreeContextBuffer, FreeContextBuffer);
    CHECK_SLOT(table, QuerySecurityPackageInfoA, QuerySecurityPackageInfoA);
    CHECK_SLOT(table, ExportSecurityContext, ExportSecurityContext);
    CHECK_SLOT(table, ImportSecurityContextA, ImportSecurityContextA);
    CHECK_SLOT(table, AddCredentialsA, AddCredentialsA);
    CHECK_SLOT(table, QuerySecurityContextToken, QuerySecurityContextToken);
    CHECK_SLOT(table, EncryptMessage, EncryptMessage);
    CHECK_SLOT(table, DecryptMessage, DecryptMessage);

    /* Slots past version 1 are only read from sspishim's table, which fills all of them:
     * another secur32 reporting version 1 need not even have them. */
    if (winetest_builtin_secur32()) {
        skip("table slots beyond version 1\n");
        return;
    }
    CHECK_SLOT(table, SetContextAttributesA, SetContextAttributesA);
    CHECK_SLOT(table, SetCredentialsAttributesA, SetCredentialsAttributesA);
    CHECK_SLOT(table, ChangeAccountPasswordA, ChangeAccountPasswordA);
    CHECK_SLOT(table, QueryContextAttributesExA, QueryContextAttributesExA);
    CHECK_SLOT(table, QueryCredentialsAttributesExA, QueryCredentialsAttributesExA);
}

static void test_table_w(void)
{
    PSecurityFunctionTableW table = InitSecurityInterfaceW();

    ok(table != NULL, "InitSecurityInterfaceW returned NULL\n");
    if (!table)
        return;
    ok(table->dwVersion == SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, "dwVersion %lu\n",
       (unsigned long)table->dwVersion);
    ok(table->Reserved2 == NULL, "Reserved2 is %p\n", table->Reserved2);
    ok(table->Reserved3 == (void *)table->EncryptMessage, "Reserved3 is %p, EncryptMessage %p\n",
       table->Reserved3, (void *)table->EncryptMessage);
    ok(table->Reserved4 == (void *)table->DecryptMessage, "Reserved4 is %p, DecryptMessage %p\n",
       table->Reserved4, (void *)table->DecryptMessage);
    ok(table->Reserved8 == NULL, "Reserved8 is %p\n", table->Reserved8);
    ok(InitSecurityInterfaceW() == table, "not a static table\n");

    CHECK_SLOT(table, EnumerateSecurityPackagesW, EnumerateSecurityPackagesW);
    CHECK_SLOT(table, QueryCredentialsAttributesW, QueryCredentialsAttributesW);
    CHECK_SLOT(table, AcquireCredentialsHandleW, AcquireCredentialsHandleW);
    CHECK_SLOT(table, FreeCredentialsHandle, FreeCredentialsHandle);
    CHECK_SLOT(table, InitializeSecurityContextW, InitializeSecurityContextW);
    CHECK_SLOT(table, AcceptSecurityContext, AcceptSecurityContext);
    CHECK_SLOT(table, CompleteAuthToken, CompleteAuthToken);
    CHECK_SLOT(table, DeleteSecurityContext, DeleteSecurityContext);
    CHECK_SLOT(table, ApplyControlToken, ApplyControlToken);
    CHECK_SLOT(table, QueryContextAttributesW, QueryContextAttributesW);
    CHECK_SLOT(table, ImpersonateSecurityContext, ImpersonateSecurityContext);
    CHECK_SLOT(table, RevertSecurityContext, RevertSecurityContext);
    CHECK_SLOT(table, MakeSignature, MakeSignature);
    CHECK_SLOT(table, VerifySignature, VerifySignature);
    CHECK_SLOT(table, FreeContextBuffer, FreeContextBuffer);
    CHECK_SLOT(table, QuerySecurityPackageInfoW, QuerySecurityPackageInfoW);
    CHECK_SLOT(table, ExportSecurityContext, ExportSecurityContext);
    CHECK_SLOT(table, ImportSecurityContextW, ImportSecurityContextW);
    CHECK_SLOT(table, AddCredentialsW, AddCredentialsW);
    CHECK_SLOT(table, QuerySecurityContextToken, QuerySecurityContextToken);
    CHECK_SLOT(table, EncryptMessage, EncryptMessage);
    CHECK_SLOT(table, DecryptMessage, DecryptMessage);

    if (winetest_builtin_secur32()) {
        skip("table slots beyond version 1\n");
        return;
    }
    CHECK_SLOT(table, SetContextAttributesW, SetContextAttributesW);
    CHECK_SLOT(table, SetCredentialsAttributesW, SetCredentialsAttributesW);
    CHECK_SLOT(table, ChangeAccountPasswordW, ChangeAccountPasswordW);
    CHECK_SLOT(table, QueryContextAttributesExW, QueryContextAttributesExW);
    CHECK_SLOT(table, QueryCredentialsAttributesExW, QueryCredentialsAttributesExW);
}

/* The historical names are the same functions. */
static void test_aliases(void)
{
#ifdef _WIN32
    ok(EXPORT(SealMessage) == EXPORT(EncryptMessage), "SealMessage is not EncryptMessage\n");
    ok(EXPORT(UnsealMessage) == EXPORT(DecryptMessage), "UnsealMessage is not DecryptMessage\n");
#else
    skip("export aliases are a PE notion\n");
#endif
}

START_TEST(functable)
{
    test_table_a();
    test_table_w();
    test_aliases();
}
