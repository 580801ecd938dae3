/* A security package registered under HKLM\System\CurrentControlSet\Control\SecurityProviders
 * is hosted like Windows' dispatcher hosts it: testssp.dll (built beside this unit, its package
 * "sspishim-test" described in testssp.h) is listed once by EnumerateSecurityPackagesW, answers
 * QuerySecurityPackageInfoW, and every call made with its handles reaches it (its tokens, XORed
 * data, signatures and call counters show it), while the handles the caller holds are the
 * dispatcher's. Runs under Wine only (it writes HKLM; tools/wine-run-unit.sh gives it a prefix of
 * its own) and restores the registry value it found. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32

#include "testssp.h"

#define PROVIDERS_KEY   L"System\\CurrentControlSet\\Control\\SecurityProviders"
#define PROVIDERS_VALUE L"SecurityProviders"
#define VALUE_CHARS     1024
#define TARGET          L"testssp-server"

/* The registry as found, and what registering did; set before main() (see register_test_ssp). */
static struct {
    int attempted;
    LONG error;
    int had_value;
    DWORD original_type;
    WCHAR original[VALUE_CHARS];
    DWORD original_size;
    WCHAR dll_path[MAX_PATH];
} reg;

static PSecurityFunctionTableW sspi;
static PSecurityFunctionTableA sspi_a;
static testssp_get_counters_fn get_counters;

/* testssp.dll's full path: beside this program. */
static int find_test_dll(WCHAR *path, DWORD chars)
{
    DWORD length = GetModuleFileNameW(NULL, path, chars);
    WCHAR *slash;
    if (!length || length >= chars)
        return 0;
    slash = wcsrchr(path, L'\\');
    if (!slash || (size_t)(slash + 1 - path) + wcslen(L"testssp.dll") >= chars)
        return 0;
    wcscpy(slash + 1, L"testssp.dll");
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static void restore_registry(void)
{
    HKEY key;
    if (!reg.attempted || reg.error != ERROR_SUCCESS ||
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, PROVIDERS_KEY, 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS)
        return;
    if (reg.had_value)
        RegSetValueExW(key, PROVIDERS_VALUE, 0, reg.original_type, (const BYTE *)reg.original,
                       reg.original_size);
    else
        RegDeleteValueW(key, PROVIDERS_VALUE);
    RegCloseKey(key);
    reg.attempted = 0;
}

/* Runs before main(): a secur32 may read the value when it loads (Wine's builtin does, in
 * DllMain), and main() loads secur32 to tell whose it is. The value lists the dispatcher's own
 * DLLs around the test DLL: a dispatcher must skip those. */
__attribute__((constructor)) static void register_test_ssp(void)
{
    WCHAR value[VALUE_CHARS + MAX_PATH];
    HKEY key;

    if (!winetest_on_wine() || !find_test_dll(reg.dll_path, MAX_PATH))
        return;
    reg.attempted = 1;
    reg.error = RegCreateKeyExW(HKEY_LOCAL_MACHINE, PROVIDERS_KEY, 0, NULL, 0,
                                KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &key, NULL);
    if (reg.error != ERROR_SUCCESS)
        return;
    reg.original_size = sizeof(reg.original) - sizeof(WCHAR);
    reg.had_value = RegQueryValueExW(key, PROVIDERS_VALUE, NULL, &reg.original_type,
                                     (BYTE *)reg.original, &reg.original_size) == ERROR_SUCCESS;
    _snwprintf(value, VALUE_CHARS + MAX_PATH, L"schannel.dll, %ls ,secur32.dll", reg.dll_path);
    value[VALUE_CHARS + MAX_PATH - 1] = 0;
    reg.error = RegSetValueExW(key, PROVIDERS_VALUE, 0, REG_SZ, (const BYTE *)value,
                               (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
    RegCloseKey(key);
    atexit(restore_registry); /* also when the unit ends early */
}

static void read_counters(LONG *counts)
{
    memset(counts, 0, TESTSSP_COUNTERS * sizeof(*counts));
    if (get_counters)
        get_counters(counts);
}

/* How much a counter moved since `before`. */
static LONG moved(const LONG *before, testssp_counter which)
{
    LONG now[TESTSSP_COUNTERS];
    read_counters(now);
    return now[which] - before[which];
}

static int same_info(const SecPkgInfoW *info)
{
    return !wcscmp(info->Comment, TESTSSP_COMMENT) && info->fCapabilities == TESTSSP_CAPABILITIES &&
           info->wVersion == TESTSSP_VERSION && info->wRPCID == TESTSSP_RPC_ID &&
           info->cbMaxToken == TESTSSP_MAX_TOKEN;
}

static void test_enumeration(void)
{
    PSecPkgInfoW info = NULL;
    ULONG count = 0, i, j, found = 0, duplicates = 0;
    SECURITY_STATUS status;

    status = sspi->EnumerateSecurityPackagesW(&count, &info);
    ok(status == SEC_E_OK, "EnumerateSecurityPackagesW: 0x%08lx\n", (unsigned long)status);
    for (i = 0; status == SEC_E_OK && i < count; i++) {
        if (!_wcsicmp(info[i].Name, TESTSSP_NAME)) {
            found++;
            ok(same_info(&info[i]),
               "%ls listed with the DLL's SecPkgInfo (%ls, 0x%lx, %u, 0x%x, %lu)\n", info[i].Name,
               info[i].Comment, (unsigned long)info[i].fCapabilities, info[i].wVersion,
               info[i].wRPCID, (unsigned long)info[i].cbMaxToken);
        }
        for (j = 0; j < i; j++)
            duplicates += !_wcsicmp(info[i].Name, info[j].Name);
    }
    ok(found == 1, "%ls listed %lu times, expected once\n", TESTSSP_NAME, (unsigned long)found);
    ok(duplicates == 0,
       "%lu package names listed twice (the dispatcher's own DLLs in the value "
       "must be skipped)\n",
       (unsigned long)duplicates);
    if (info)
        sspi->FreeContextBuffer(info);

    info = NULL;
    status = sspi->QuerySecurityPackageInfoW((SEC_WCHAR *)TESTSSP_NAME, &info);
    ok(status == SEC_E_OK && info && !wcscmp(info->Name, TESTSSP_NAME) && same_info(info),
       "QuerySecurityPackageInfoW(%ls): 0x%08lx\n", TESTSSP_NAME, (unsigned long)status);
    if (info)
        sspi->FreeContextBuffer(info);
}

static SECURITY_STATUS acquire(ULONG use, CredHandle *credential)
{
    TimeStamp expiry;
    return sspi->AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)TESTSSP_NAME, use, NULL, NULL, NULL,
                                           NULL, credential, &expiry);
}

static void init_token(SecBufferDesc *desc, SecBuffer *buffer, void *data, ULONG size)
{
    buffer->BufferType = SECBUFFER_TOKEN;
    buffer->cbBuffer = size;
    buffer->pvBuffer = data;
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = 1;
    desc->pBuffers = buffer;
}

static int token_equals(const SecBuffer *buffer, const char *text)
{
    return buffer->cbBuffer == strlen(text) && !memcmp(buffer->pvBuffer, text, buffer->cbBuffer);
}

typedef struct session {
    CredHandle client_cred, server_cred;
    CtxtHandle client, server;
    int client_made, server_made;
} session;

/* ISC -> ASC -> ISC through the dispatcher, each step seen by the DLL. Wine's builtin gives the
 * DLL back its credential handle with dwUpper replaced by a pointer of its own, so the DLL does
 * not know it (todo there; Windows hands SSPs their handles as they made them). */
static void test_handshake(session *s)
{
    BYTE out_data[TESTSSP_MAX_TOKEN], in_data[TESTSSP_MAX_TOKEN];
    SecBuffer out_buffer, in_buffer;
    SecBufferDesc out, in;
    ULONG attributes = 0;
    LONG before[TESTSSP_COUNTERS];
    CtxtHandle kept;
    SECURITY_STATUS status;

    read_counters(before);
    init_token(&out, &out_buffer, out_data, sizeof(out_data));
    status = sspi->InitializeSecurityContextW(&s->client_cred, NULL, (SEC_WCHAR *)TARGET,
                                              ISC_REQ_CONFIDENTIALITY, 0, SECURITY_NATIVE_DREP,
                                              NULL, 0, &s->client, &out, &attributes, NULL);
    s->client_made = status == SEC_I_CONTINUE_NEEDED;
    todo_wine
    {
        ok(s->client_made, "first ISC: 0x%08lx\n", (unsigned long)status);
        ok(s->client_made && token_equals(&out_buffer, TESTSSP_HELLO),
           "first ISC gives the DLL's hello (%lu bytes)\n", (unsigned long)out_buffer.cbBuffer);
    }
    ok(moved(before, TESTSSP_INITIALIZE) == 1, "ISC reached the DLL once\n");
    ok(s->client.dwUpper != TESTSSP_HANDLE_MARK, "the context handle is the dispatcher's\n");
    if (!s->client_made)
        return;

    memcpy(in_data, out_data, out_buffer.cbBuffer);
    init_token(&in, &in_buffer, in_data, out_buffer.cbBuffer);
    init_token(&out, &out_buffer, out_data, sizeof(out_data));
    status = sspi->AcceptSecurityContext(&s->server_cred, NULL, &in, ASC_REQ_CONFIDENTIALITY,
                                         SECURITY_NATIVE_DREP, &s->server, &out, &attributes, NULL);
    ok(status == SEC_E_OK, "ASC: 0x%08lx\n", (unsigned long)status);
    s->server_made = status == SEC_E_OK;
    ok(s->server_made && token_equals(&out_buffer, TESTSSP_WELCOME),
       "ASC answers the DLL's welcome\n");
    ok(moved(before, TESTSSP_ACCEPT) == 1, "ASC reached the DLL once\n");
    ok(s->server.dwUpper == s->client.dwUpper,
       "both contexts name the same package in dwUpper (%p, %p)\n", (void *)s->server.dwUpper,
       (void *)s->client.dwUpper);
    if (!s->server_made)
        return;

    memcpy(in_data, out_data, out_buffer.cbBuffer);
    init_token(&in, &in_buffer, in_data, out_buffer.cbBuffer);
    init_token(&out, &out_buffer, out_data, sizeof(out_data));
    kept = s->client;
    status = sspi->InitializeSecurityContextW(&s->client_cred, &s->client, (SEC_WCHAR *)TARGET,
                                              ISC_REQ_CONFIDENTIALITY, 0, SECURITY_NATIVE_DREP, &in,
                                              0, &s->client, &out, &attributes, NULL);
    ok(status == SEC_E_OK, "second ISC: 0x%08lx\n", (unsigned long)status);
    ok(!memcmp(&kept, &s->client, sizeof(kept)), "the context handle stays the same\n");
    ok(moved(before, TESTSSP_INITIALIZE) == 2, "the second ISC reached the DLL\n");
}

static void test_attributes(session *s)
{
    SecPkgContext_Sizes sizes;
    LONG before[TESTSSP_COUNTERS];
    SECURITY_STATUS status;
    void *certificate = NULL;

    read_counters(before);
    memset(&sizes, 0, sizeof(sizes));
    status = sspi->QueryContextAttributesW(&s->client, SECPKG_ATTR_SIZES, &sizes);
    ok(status == SEC_E_OK && sizes.cbMaxSignature == TESTSSP_SIGNATURE_SIZE &&
           sizes.cbMaxToken == TESTSSP_MAX_TOKEN,
       "QueryContextAttributesW(SIZES): 0x%08lx, signature %lu\n", (unsigned long)status,
       (unsigned long)sizes.cbMaxSignature);
    ok(moved(before, TESTSSP_QUERY_CONTEXT_W) == 1, "the W query reached the DLL's W table\n");

    memset(&sizes, 0, sizeof(sizes));
    status = sspi_a ? sspi_a->QueryContextAttributesA(&s->client, SECPKG_ATTR_SIZES, &sizes)
                    : SEC_E_UNSUPPORTED_FUNCTION;
    ok(status == SEC_E_OK && sizes.cbMaxSignature == TESTSSP_SIGNATURE_SIZE,
       "QueryContextAttributesA(SIZES): 0x%08lx\n", (unsigned long)status);
    todo_wine ok(moved(before, TESTSSP_QUERY_CONTEXT_A) == 1,
                 "the A query reached the DLL's A table (W: %ld more)\n",
                 (long)moved(before, TESTSSP_QUERY_CONTEXT_W) - 1);

    /* An attribute only Schannel has: the DLL answers it, Schannel never sees the handle. */
    status =
        sspi->QueryContextAttributesW(&s->client, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &certificate);
    ok(status == SEC_E_UNSUPPORTED_FUNCTION && !certificate,
       "REMOTE_CERT_CONTEXT of a test context: 0x%08lx, expected the DLL's refusal\n",
       (unsigned long)status);
}

static void init_message(SecBufferDesc *desc, SecBuffer *buffers, void *data, ULONG size,
                         void *token, ULONG token_size)
{
    buffers[0].BufferType = SECBUFFER_DATA;
    buffers[0].cbBuffer = size;
    buffers[0].pvBuffer = data;
    buffers[1].BufferType = SECBUFFER_TOKEN;
    buffers[1].cbBuffer = token_size;
    buffers[1].pvBuffer = token;
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = 2;
    desc->pBuffers = buffers;
}

static void test_messages(session *s)
{
    static const char text[] = "registered packages keep working";
    char data[sizeof(text)];
    BYTE token[16];
    ULONG expected_signature = 0, signature = 0, qop, i;
    SecBuffer buffers[2];
    SecBufferDesc message;
    LONG before[TESTSSP_COUNTERS];
    SECURITY_STATUS status;
    int xored = 1;

    read_counters(before);
    for (i = 0; i < sizeof(text) - 1; i++)
        expected_signature += (BYTE)text[i];
    expected_signature ^= 5;
    memcpy(data, text, sizeof(text));
    init_message(&message, buffers, data, sizeof(text) - 1, token, sizeof(token));
    status = sspi->MakeSignature(&s->client, 0, &message, 5);
    if (buffers[1].cbBuffer == TESTSSP_SIGNATURE_SIZE)
        memcpy(&signature, token, sizeof(signature));
    ok(status == SEC_E_OK && signature == expected_signature,
       "MakeSignature: 0x%08lx, signature 0x%lx, expected the DLL's 0x%lx\n", (unsigned long)status,
       (unsigned long)signature, (unsigned long)expected_signature);
    status = sspi->VerifySignature(&s->server, &message, 5, &qop);
    ok(status == SEC_E_OK, "VerifySignature: 0x%08lx\n", (unsigned long)status);
    data[0] ^= 1;
    status = sspi->VerifySignature(&s->server, &message, 5, &qop);
    ok(status == SEC_E_MESSAGE_ALTERED, "altered message: 0x%08lx\n", (unsigned long)status);
    ok(moved(before, TESTSSP_SIGN) == 1 && moved(before, TESTSSP_VERIFY) == 2,
       "signing calls reached the DLL\n");

    memcpy(data, text, sizeof(text));
    init_message(&message, buffers, data, sizeof(text) - 1, token, sizeof(token));
    status = sspi->EncryptMessage(&s->client, 0, &message, 6);
    for (i = 0; i < sizeof(text) - 1; i++)
        xored &= (BYTE)data[i] == ((BYTE)text[i] ^ TESTSSP_XOR);
    ok(status == SEC_E_OK && xored, "EncryptMessage: 0x%08lx, data XORed by the DLL: %d\n",
       (unsigned long)status, xored);
    status = sspi->DecryptMessage(&s->server, &message, 6, &qop);
    ok(status == SEC_E_OK && !memcmp(data, text, sizeof(text) - 1),
       "DecryptMessage: 0x%08lx, data back: %d\n", (unsigned long)status,
       !memcmp(data, text, sizeof(text) - 1));
    ok(moved(before, TESTSSP_ENCRYPT) == 1 && moved(before, TESTSSP_DECRYPT) == 1,
       "message calls reached the DLL\n");
}

/* The test context's dwLower under Schannel's dwUpper: a handle of neither package. Wine's
 * builtin dereferences both halves, so it is only given to sspishim. */
static void test_foreign_handles(session *s)
{
    SCHANNEL_CRED schannel = {0};
    CredHandle tls_cred;
    CtxtHandle forged;
    SecPkgContext_Sizes sizes;
    LONG before[TESTSSP_COUNTERS];
    SECURITY_STATUS status;

    schannel.dwVersion = SCHANNEL_CRED_VERSION;
    status = sspi->AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, SECPKG_CRED_OUTBOUND,
                                             NULL, &schannel, NULL, NULL, &tls_cred, NULL);
    ok(status == SEC_E_OK, "Schannel credential: 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return;
    ok(tls_cred.dwUpper != s->client_cred.dwUpper,
       "Schannel's dwUpper differs from the test package's\n");
    if (winetest_builtin_secur32()) {
        skip("mixed handles: Wine's builtin dereferences dwLower and dwUpper\n");
    } else {
        read_counters(before);
        forged = s->client;
        forged.dwUpper = tls_cred.dwUpper;
        status = sspi->QueryContextAttributesW(&forged, SECPKG_ATTR_SIZES, &sizes);
        ok(status == SEC_E_INVALID_HANDLE, "test context under Schannel's dwUpper: 0x%08lx\n",
           (unsigned long)status);
        forged = s->client_cred;
        forged.dwUpper = tls_cred.dwUpper;
        status = sspi->FreeCredentialsHandle(&forged);
        ok(status == SEC_E_INVALID_HANDLE, "test credential freed as Schannel's: 0x%08lx\n",
           (unsigned long)status);
        forged = tls_cred;
        forged.dwUpper = s->client_cred.dwUpper;
        status = sspi->FreeCredentialsHandle(&forged);
        ok(status == SEC_E_INVALID_HANDLE, "Schannel credential under the test dwUpper: 0x%08lx\n",
           (unsigned long)status);
        ok(moved(before, TESTSSP_QUERY_CONTEXT_W) == 0 &&
               moved(before, TESTSSP_FREE_CREDENTIALS) == 0,
           "no forged handle reached the DLL\n");
    }
    sspi->FreeCredentialsHandle(&tls_cred);
}

static void test_release(session *s)
{
    LONG before[TESTSSP_COUNTERS];
    SecPkgContext_Sizes sizes;
    SECURITY_STATUS status;

    read_counters(before);
    if (s->client_made)
        ok(sspi->DeleteSecurityContext(&s->client) == SEC_E_OK, "client context deleted\n");
    if (s->server_made)
        ok(sspi->DeleteSecurityContext(&s->server) == SEC_E_OK, "server context deleted\n");
    ok(moved(before, TESTSSP_DELETE_CONTEXT) == s->client_made + s->server_made,
       "DeleteSecurityContext reached the DLL %ld times\n",
       (long)moved(before, TESTSSP_DELETE_CONTEXT));
    if (s->client_made && !winetest_builtin_secur32()) {
        status = sspi->QueryContextAttributesW(&s->client, SECPKG_ATTR_SIZES, &sizes);
        ok(status == SEC_E_INVALID_HANDLE, "deleted context: 0x%08lx\n", (unsigned long)status);
    }
    todo_wine
    {
        ok(sspi->FreeCredentialsHandle(&s->client_cred) == SEC_E_OK, "client credential freed\n");
        ok(sspi->FreeCredentialsHandle(&s->server_cred) == SEC_E_OK, "server credential freed\n");
    }
    ok(moved(before, TESTSSP_FREE_CREDENTIALS) == 2,
       "FreeCredentialsHandle reached the DLL %ld "
       "times\n",
       (long)moved(before, TESTSSP_FREE_CREDENTIALS));
    ok(moved(before, TESTSSP_QUERY_CONTEXT_W) == 0, "a deleted context never reaches the DLL\n");
}

static void test_registered_package(void)
{
    session s;
    LONG before[TESTSSP_COUNTERS];
    SECURITY_STATUS status;
    HMODULE test_dll;

    memset(&s, 0, sizeof(s));
    test_enumeration();
    test_dll = GetModuleHandleW(reg.dll_path);
    ok(test_dll != NULL, "the dispatcher loaded %ls\n", reg.dll_path);
    if (!test_dll)
        return;
    get_counters = (testssp_get_counters_fn)(void *)GetProcAddress(test_dll, TESTSSP_GET_COUNTERS);

    read_counters(before);
    status = acquire(SECPKG_CRED_OUTBOUND, &s.client_cred);
    ok(status == SEC_E_OK, "AcquireCredentialsHandleW(outbound): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK)
        return;
    status = acquire(SECPKG_CRED_INBOUND, &s.server_cred);
    ok(status == SEC_E_OK, "AcquireCredentialsHandleW(inbound): 0x%08lx\n", (unsigned long)status);
    if (status != SEC_E_OK) {
        sspi->FreeCredentialsHandle(&s.client_cred);
        return;
    }
    ok(moved(before, TESTSSP_ACQUIRE) == 2, "both acquisitions reached the DLL\n");
    ok(s.client_cred.dwUpper != TESTSSP_HANDLE_MARK &&
           s.server_cred.dwUpper == s.client_cred.dwUpper,
       "credential handles are the dispatcher's, dwUpper naming the package (%p)\n",
       (void *)s.client_cred.dwUpper);

    test_handshake(&s);
    if (s.client_made && s.server_made) {
        test_attributes(&s);
        test_messages(&s);
    }
    test_foreign_handles(&s);
    test_release(&s);
}

static void run(void)
{
    HMODULE secur32;
    WCHAR now[VALUE_CHARS];
    DWORD size = sizeof(now), type;
    LONG error;

    if (winetest_on_windows()) {
        skip("registering an SSP under HKLM changes the whole system: run under Wine only\n");
        return;
    }
    if (!reg.attempted) {
        skip("testssp.dll is not beside this program\n");
        return;
    }
    if (reg.error != ERROR_SUCCESS) {
        skip("could not write the SecurityProviders value (error %ld)\n", (long)reg.error);
        return;
    }
    secur32 = LoadLibraryA("secur32.dll");
    sspi = (PSecurityFunctionTableW)((INIT_SECURITY_INTERFACE_W)(void *)GetProcAddress(
        secur32, "InitSecurityInterfaceW"))();
    sspi_a = (PSecurityFunctionTableA)((INIT_SECURITY_INTERFACE_A)(void *)GetProcAddress(
        secur32, "InitSecurityInterfaceA"))();
    trace("registered as: schannel.dll, %ls ,secur32.dll (previous value %s)\n", reg.dll_path,
          reg.had_value ? "kept" : "absent");
    test_registered_package();

    restore_registry();
    error = RegGetValueW(HKEY_LOCAL_MACHINE, PROVIDERS_KEY, PROVIDERS_VALUE, RRF_RT_ANY, &type, now,
                         &size);
    ok(reg.had_value
           ? error == ERROR_SUCCESS && size == reg.original_size && !memcmp(now, reg.original, size)
           : error == ERROR_FILE_NOT_FOUND,
       "the SecurityProviders value is restored (error %ld)\n", (long)error);
}

#else

static void run(void)
{
    skip("no registry of security providers natively: the unit runs under Wine\n");
}

#endif

START_TEST(ssp_registered)
{
    run();
}
