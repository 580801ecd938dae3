/* Handles and argument order: every handle-taking entry point with NULL, zeroed, forged, freed
 * and wrong-type handles; AcquireCredentialsHandle's order of checks (no certificates needed);
 * InitializeSecurityContext/AcceptSecurityContext argument checks that precede any TLS. */
#include "test.h"

#include <string.h>

#define UNISP_A ((SEC_CHAR *)"Microsoft Unified Security Protocol Provider")

static const SEC_WCHAR unisp_w[] = {'M', 'i', 'c', 'r', 'o', 's', 'o', 'f', 't', ' ', 'U', 'n',
                                    'i', 'f', 'i', 'e', 'd', ' ', 'S', 'e', 'c', 'u', 'r', 'i',
                                    't', 'y', ' ', 'P', 'r', 'o', 't', 'o', 'c', 'o', 'l', ' ',
                                    'P', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 0};

/* Wine's builtin secur32: its dispatcher dereferences dwUpper and frees handles eagerly, so
 * forged, stale and wrong-type handles crash it, and some exports are stubs that abort. Those
 * calls are only made against sspishim (and on Windows). */
static int wine_builtin(void)
{
    return winetest_on_wine() && winetest_builtin_secur32();
}

typedef SECURITY_STATUS(SEC_ENTRY *sized_attr_fn)(PSecHandle, ULONG, void *, ULONG);

/* Exports that old import libraries lack are looked up at run time. */
#ifdef _WIN32
static void *secur32_export(const char *name)
{
    HMODULE secur32 = GetModuleHandleA("secur32.dll");
    return secur32 ? (void *)GetProcAddress(secur32, name) : NULL;
}
#define OPTIONAL_EXPORT(name) secur32_export(#name)
#else
#define OPTIONAL_EXPORT(name) ((void *)(name))
#endif

static const char *status_name(SECURITY_STATUS status)
{
    switch (status) {
    case SEC_E_OK:
        return "SEC_E_OK";
    case SEC_E_INVALID_HANDLE:
        return "SEC_E_INVALID_HANDLE";
    case SEC_E_UNSUPPORTED_FUNCTION:
        return "SEC_E_UNSUPPORTED_FUNCTION";
    case SEC_E_INVALID_TOKEN:
        return "SEC_E_INVALID_TOKEN";
    case SEC_E_INTERNAL_ERROR:
        return "SEC_E_INTERNAL_ERROR";
    case SEC_E_NO_CREDENTIALS:
        return "SEC_E_NO_CREDENTIALS";
    case SEC_E_UNKNOWN_CREDENTIALS:
        return "SEC_E_UNKNOWN_CREDENTIALS";
    case SEC_E_ALGORITHM_MISMATCH:
        return "SEC_E_ALGORITHM_MISMATCH";
    case SEC_E_SECPKG_NOT_FOUND:
        return "SEC_E_SECPKG_NOT_FOUND";
    case SEC_E_INSUFFICIENT_MEMORY:
        return "SEC_E_INSUFFICIENT_MEMORY";
    case SEC_E_INCOMPLETE_MESSAGE:
        return "SEC_E_INCOMPLETE_MESSAGE";
    default:
        return "other";
    }
}

/* Evaluates `got` once: it is usually the call under test. */
#define ok_status(got, expected, what)                                                             \
    do {                                                                                           \
        SECURITY_STATUS got_ = (got);                                                              \
        ok(got_ == (expected), "%s: got 0x%08lx (%s), expected %s\n", what, (unsigned long)got_,   \
           status_name(got_), #expected);                                                          \
    } while (0)

static void init_cred(SCHANNEL_CRED *cred)
{
    memset(cred, 0, sizeof(*cred));
    cred->dwVersion = SCHANNEL_CRED_VERSION;
}

static SECURITY_STATUS acquire(ULONG use, void *auth, CredHandle *cred)
{
    return AcquireCredentialsHandleA(NULL, UNISP_A, use, NULL, auth, NULL, NULL, cred, NULL);
}

static int handle_looks_set(const SecHandle *h)
{
    return !(h->dwLower == 0 && h->dwUpper == 0) &&
           !(h->dwLower == (ULONG_PTR)-1 && h->dwUpper == (ULONG_PTR)-1);
}

/* ------------------------------------------------------------------ AcquireCredentialsHandle */

static void test_acquire_order(void)
{
    SCHANNEL_CRED cred;
    SCH_CREDENTIALS v5;
    CredHandle handle;
    TimeStamp expiry;
    SECURITY_STATUS status;

    status = AcquireCredentialsHandleA(NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                       &handle, NULL);
    ok_status(status, SEC_E_SECPKG_NOT_FOUND, "NULL package");
    status = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"Winetest", SECPKG_CRED_OUTBOUND, NULL,
                                       NULL, NULL, NULL, &handle, NULL);
    ok_status(status, SEC_E_SECPKG_NOT_FOUND, "unknown package");

    /* No credential structure: only an outbound use works; checked before phCredential. */
    ok_status(acquire(0, NULL, NULL), SEC_E_NO_CREDENTIALS, "use 0");
    ok_status(acquire(SECPKG_CRED_BOTH, NULL, NULL), SEC_E_NO_CREDENTIALS, "BOTH");
    ok_status(acquire(SECPKG_CRED_INBOUND, NULL, NULL), SEC_E_NO_CREDENTIALS, "INBOUND");
    memset(&handle, 0xcc, sizeof(handle));
    ok_status(acquire(SECPKG_CRED_INBOUND, NULL, &handle), SEC_E_NO_CREDENTIALS,
              "INBOUND with handle");

    status = acquire(SECPKG_CRED_OUTBOUND, NULL, &handle);
    ok_status(status, SEC_E_OK, "OUTBOUND");
    if (status == SEC_E_OK) {
        ok(handle_looks_set(&handle), "handle %lx:%lx looks absent or invalid\n",
           (unsigned long)handle.dwLower, (unsigned long)handle.dwUpper);
        ok_status(FreeCredentialsHandle(&handle), SEC_E_OK, "free");
    }
    status = AcquireCredentialsHandleA(NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                       &handle, &expiry);
    ok_status(status, SEC_E_OK, "OUTBOUND with expiry");
    if (status == SEC_E_OK) {
        trace("outbound expiry %08lx%08lx\n", (unsigned long)expiry.HighPart,
              (unsigned long)expiry.LowPart);
        status = QueryCredentialsAttributesA(&handle, SECPKG_CRED_ATTR_NAMES, NULL);
        ok_status(status, SEC_E_NO_CREDENTIALS, "NAMES");
        FreeCredentialsHandle(&handle);
    }
    status = AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)unisp_w, SECPKG_CRED_OUTBOUND, NULL, NULL,
                                       NULL, NULL, &handle, NULL);
    ok_status(status, SEC_E_OK, "W OUTBOUND");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);

    /* Direction filters the requested protocols; nothing left is a mismatch. */
    init_cred(&cred);
    cred.grbitEnabledProtocols = SP_PROT_TLS1_X_SERVER;
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &cred, &handle), SEC_E_ALGORITHM_MISMATCH,
              "server protocols, outbound");
    status = acquire(SECPKG_CRED_INBOUND, &cred, &handle);
    ok_status(status, SEC_E_OK, "server protocols, inbound, no certificate");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);
    cred.grbitEnabledProtocols = SP_PROT_TLS1_X_CLIENT;
    status = acquire(SECPKG_CRED_OUTBOUND, &cred, &handle);
    ok_status(status, SEC_E_OK, "client protocols, outbound");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);
    ok_status(acquire(SECPKG_CRED_INBOUND, &cred, &handle), SEC_E_ALGORITHM_MISMATCH,
              "client protocols, inbound");

    /* DTLS and TLS in one credential, checked before the direction. */
    cred.grbitEnabledProtocols = SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_SERVER;
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &cred, &handle), SEC_E_ALGORITHM_MISMATCH,
              "DTLS/TLS mix");

    /* Structure versions. */
    memset(&cred, 0, sizeof(cred));
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &cred, NULL), SEC_E_UNKNOWN_CREDENTIALS, "version 0");
    ok_status(acquire(SECPKG_CRED_INBOUND, &cred, NULL), SEC_E_UNKNOWN_CREDENTIALS,
              "version 0 inbound");
    cred.dwVersion = SCH_CRED_V1;
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &cred, NULL), SEC_E_UNKNOWN_CREDENTIALS, "version 1");
    cred.dwVersion = SCH_CRED_V2;
    ok_status(acquire(SECPKG_CRED_INBOUND, &cred, NULL), SEC_E_UNKNOWN_CREDENTIALS, "version 2");
    init_cred(&cred);
    cred.dwCredFormat = 0xdeadbeef; /* ignored */
    status = acquire(SECPKG_CRED_OUTBOUND, &cred, &handle);
    ok_status(status, SEC_E_OK, "version 4 outbound");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);
    status = acquire(SECPKG_CRED_INBOUND, &cred, &handle);
    ok_status(status, SEC_E_OK, "version 4 inbound without certificate");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);

    memset(&v5, 0, sizeof(v5));
    v5.dwVersion = SCH_CREDENTIALS_VERSION;
    status = acquire(SECPKG_CRED_OUTBOUND, &v5, &handle);
    ok_status(status, SEC_E_OK, "SCH_CREDENTIALS outbound");
    if (status == SEC_E_OK)
        FreeCredentialsHandle(&handle);

    /* More than one certificate is refused before any certificate is looked at. */
    init_cred(&cred);
    cred.cCreds = 2;
    ok_status(acquire(SECPKG_CRED_OUTBOUND, &cred, NULL), SEC_E_UNKNOWN_CREDENTIALS,
              "two certificates");
}

static void test_credential_attributes(void)
{
    SecPkgCred_SupportedProtocols protocols;
    SecPkgCred_CipherStrengths strengths;
    SecPkgCred_SupportedAlgs algs;
    SCHANNEL_CRED cred;
    CredHandle handle;
    SECURITY_STATUS status;

    if (acquire(SECPKG_CRED_OUTBOUND, NULL, &handle) != SEC_E_OK) {
        skip("no outbound credential\n");
        return;
    }
    memset(&protocols, 0, sizeof(protocols));
    status = QueryCredentialsAttributesA(&handle, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols);
    ok_status(status, SEC_E_OK, "SUPPORTED_PROTOCOLS");
    ok(protocols.grbitProtocol != 0, "no default protocols\n");
    trace("default client protocols 0x%lx\n", (unsigned long)protocols.grbitProtocol);
    ok_status(QueryCredentialsAttributesA(&handle, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL),
              SEC_E_INTERNAL_ERROR, "SUPPORTED_PROTOCOLS NULL");
    ok_status(QueryCredentialsAttributesA(&handle, SECPKG_ATTR_SUPPORTED_ALGS, NULL),
              SEC_E_INTERNAL_ERROR, "SUPPORTED_ALGS NULL");
    memset(&algs, 0, sizeof(algs));
    status = QueryCredentialsAttributesA(&handle, SECPKG_ATTR_SUPPORTED_ALGS, &algs);
    todo_wine ok_status(status, SEC_E_OK, "SUPPORTED_ALGS");
    if (status == SEC_E_OK) {
        ok(algs.cSupportedAlgs > 0 && algs.palgSupportedAlgs, "empty algorithm list\n");
        FreeContextBuffer(algs.palgSupportedAlgs);
    }
    strengths.dwMinimumCipherStrength = strengths.dwMaximumCipherStrength = (DWORD)-1;
    status = QueryCredentialsAttributesW(&handle, SECPKG_ATTR_CIPHER_STRENGTHS, &strengths);
    ok_status(status, SEC_E_OK, "CIPHER_STRENGTHS");
    ok(strengths.dwMinimumCipherStrength && strengths.dwMinimumCipherStrength != (DWORD)-1,
       "minimum strength %lu\n", (unsigned long)strengths.dwMinimumCipherStrength);
    ok(strengths.dwMaximumCipherStrength && strengths.dwMaximumCipherStrength != (DWORD)-1,
       "maximum strength %lu\n", (unsigned long)strengths.dwMaximumCipherStrength);
    FreeCredentialsHandle(&handle);

    init_cred(&cred);
    cred.grbitEnabledProtocols = SP_PROT_TLS1_CLIENT;
    if (acquire(SECPKG_CRED_OUTBOUND, &cred, &handle) != SEC_E_OK) {
        skip("no TLS 1.0 credential\n");
        return;
    }
    memset(&protocols, 0, sizeof(protocols));
    status = QueryCredentialsAttributesA(&handle, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols);
    ok_status(status, SEC_E_OK, "SUPPORTED_PROTOCOLS TLS 1.0");
    ok(protocols.grbitProtocol == SP_PROT_TLS1_CLIENT, "protocols 0x%lx\n",
       (unsigned long)protocols.grbitProtocol);
    FreeCredentialsHandle(&handle);
}

/* ------------------------------------------------------------------ bad handles */

typedef struct bad_handle {
    const char *what;
    SecHandle *handle;
} bad_handle;

static SecBuffer one_buffer;
static SecBufferDesc one_desc = {SECBUFFER_VERSION, 1, &one_buffer};
static SecBuffer msg_buffers[4];
static SecBufferDesc msg_desc = {SECBUFFER_VERSION, 4, msg_buffers};

static void reset_buffers(void)
{
    static DWORD shutdown_token = SCHANNEL_SHUTDOWN;
    static char data[64];
    memset(msg_buffers, 0, sizeof(msg_buffers));
    msg_buffers[0].BufferType = SECBUFFER_DATA;
    msg_buffers[0].cbBuffer = sizeof(data);
    msg_buffers[0].pvBuffer = data;
    one_buffer.BufferType = SECBUFFER_TOKEN;
    one_buffer.cbBuffer = sizeof(shutdown_token);
    one_buffer.pvBuffer = &shutdown_token;
}

static void check_context_calls(const char *what, PCtxtHandle h)
{
    SecPkgContext_StreamSizes sizes;
    SecPkgCred_SupportedProtocols protocols;
    CtxtHandle new_context;
    SecBuffer out_buffer;
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buffer};
    char out_data[64];
    ULONG attr = 0, qop = 0;
    HANDLE token = NULL;
    sized_attr_fn sized;
    SECURITY_STATUS status;

    winetest_push_context("%s", what);
    reset_buffers();
    ok_status(QueryContextAttributesA(h, SECPKG_ATTR_STREAM_SIZES, &sizes), SEC_E_INVALID_HANDLE,
              "QueryContextAttributesA");
    ok_status(QueryContextAttributesW(h, SECPKG_ATTR_STREAM_SIZES, &sizes), SEC_E_INVALID_HANDLE,
              "QueryContextAttributesW");
    ok_status(SetContextAttributesA(h, SECPKG_ATTR_STREAM_SIZES, &sizes, sizeof(sizes)),
              SEC_E_INVALID_HANDLE, "SetContextAttributesA");
    ok_status(SetContextAttributesW(h, SECPKG_ATTR_STREAM_SIZES, &sizes, sizeof(sizes)),
              SEC_E_INVALID_HANDLE, "SetContextAttributesW");
    sized = (sized_attr_fn)OPTIONAL_EXPORT(QueryContextAttributesExA);
    if (sized)
        ok_status(sized(h, SECPKG_ATTR_STREAM_SIZES, &sizes, sizeof(sizes)), SEC_E_INVALID_HANDLE,
                  "QueryContextAttributesExA");
    sized = (sized_attr_fn)OPTIONAL_EXPORT(QueryContextAttributesExW);
    if (sized)
        ok_status(sized(h, SECPKG_ATTR_STREAM_SIZES, &sizes, sizeof(sizes)), SEC_E_INVALID_HANDLE,
                  "QueryContextAttributesExW");
    ok_status(ApplyControlToken(h, &one_desc), SEC_E_INVALID_HANDLE, "ApplyControlToken");
    ok_status(CompleteAuthToken(h, &one_desc), SEC_E_INVALID_HANDLE, "CompleteAuthToken");
    ok_status(ImpersonateSecurityContext(h), SEC_E_INVALID_HANDLE, "ImpersonateSecurityContext");
    ok_status(RevertSecurityContext(h), SEC_E_INVALID_HANDLE, "RevertSecurityContext");
    ok_status(QuerySecurityContextToken(h, &token), SEC_E_INVALID_HANDLE,
              "QuerySecurityContextToken");
    ok_status(ExportSecurityContext(h, 0, &one_buffer, (void **)&token), SEC_E_INVALID_HANDLE,
              "ExportSecurityContext");
    ok_status(MakeSignature(h, 0, &msg_desc, 0), SEC_E_INVALID_HANDLE, "MakeSignature");
    ok_status(VerifySignature(h, &msg_desc, 0, &qop), SEC_E_INVALID_HANDLE, "VerifySignature");
    ok_status(EncryptMessage(h, 0, &msg_desc, 0), SEC_E_INVALID_HANDLE, "EncryptMessage");
    ok_status(DecryptMessage(h, &msg_desc, 0, &qop), SEC_E_INVALID_HANDLE, "DecryptMessage");

    /* A continuation on a bad context leaves phNewContext alone. */
    if (h) {
        memset(&new_context, 0xde, sizeof(new_context));
        out_buffer.BufferType = SECBUFFER_TOKEN;
        out_buffer.cbBuffer = sizeof(out_data);
        out_buffer.pvBuffer = out_data;
        status = InitializeSecurityContextA(NULL, h, (SEC_CHAR *)"localhost", 0, 0, 0, NULL, 0,
                                            &new_context, &out_desc, &attr, NULL);
        ok_status(status, SEC_E_INVALID_HANDLE, "InitializeSecurityContextA");
        ok(new_context.dwLower == (ULONG_PTR)0xdedededededededeULL &&
               new_context.dwUpper == (ULONG_PTR)0xdedededededededeULL,
           "phNewContext changed\n");
        status = InitializeSecurityContextW(NULL, h, NULL, 0, 0, 0, NULL, 0, &new_context,
                                            &out_desc, &attr, NULL);
        ok_status(status, SEC_E_INVALID_HANDLE, "InitializeSecurityContextW");
    }
    ok_status(DeleteSecurityContext(h), SEC_E_INVALID_HANDLE, "DeleteSecurityContext");
    (void)protocols;
    winetest_pop_context();
}

static void check_credential_calls(const char *what, PCredHandle h)
{
    SecPkgCred_SupportedProtocols protocols;
    BYTE policy[64]; /* SecPkgCred_ClientCertPolicy, zeroed */
    CtxtHandle new_context;
    SecBuffer out_buffer;
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buffer};
    char out_data[64];
    ULONG attr = 0;
    sized_attr_fn sized;
    SECURITY_STATUS status;

    winetest_push_context("%s", what);
    memset(policy, 0, sizeof(policy));
    ok_status(QueryCredentialsAttributesA(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
              SEC_E_INVALID_HANDLE, "QueryCredentialsAttributesA");
    ok_status(QueryCredentialsAttributesW(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
              SEC_E_INVALID_HANDLE, "QueryCredentialsAttributesW");
    sized = (sized_attr_fn)OPTIONAL_EXPORT(QueryCredentialsAttributesExA);
    if (sized)
        ok_status(sized(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols, sizeof(protocols)),
                  SEC_E_INVALID_HANDLE, "QueryCredentialsAttributesExA");
    sized = (sized_attr_fn)OPTIONAL_EXPORT(QueryCredentialsAttributesExW);
    if (sized)
        ok_status(sized(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols, sizeof(protocols)),
                  SEC_E_INVALID_HANDLE, "QueryCredentialsAttributesExW");
    if (!wine_builtin()) {
        ok_status(
            SetCredentialsAttributesA(h, SECPKG_ATTR_CLIENT_CERT_POLICY, policy, sizeof(policy)),
            SEC_E_INVALID_HANDLE, "SetCredentialsAttributesA");
        ok_status(
            SetCredentialsAttributesW(h, SECPKG_ATTR_CLIENT_CERT_POLICY, policy, sizeof(policy)),
            SEC_E_INVALID_HANDLE, "SetCredentialsAttributesW");
    }
    ok_status(AddCredentialsA(h, NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL),
              SEC_E_INVALID_HANDLE, "AddCredentialsA");
    ok_status(AddCredentialsW(h, NULL, (SEC_WCHAR *)unisp_w, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                              NULL),
              SEC_E_INVALID_HANDLE, "AddCredentialsW");

    memset(&new_context, 0xde, sizeof(new_context));
    out_buffer.BufferType = SECBUFFER_TOKEN;
    out_buffer.cbBuffer = sizeof(out_data);
    out_buffer.pvBuffer = out_data;
    status = InitializeSecurityContextA(h, NULL, (SEC_CHAR *)"localhost", ISC_REQ_CONFIDENTIALITY,
                                        0, 0, NULL, 0, &new_context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_HANDLE, "InitializeSecurityContextA");
    status = InitializeSecurityContextW(h, NULL, NULL, ISC_REQ_CONFIDENTIALITY, 0, 0, NULL, 0,
                                        &new_context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_HANDLE, "InitializeSecurityContextW");
    ok(new_context.dwLower == (ULONG_PTR)0xdedededededededeULL &&
           new_context.dwUpper == (ULONG_PTR)0xdedededededededeULL,
       "phNewContext changed\n");
    status = AcceptSecurityContext(h, NULL, NULL, 0, 0, &new_context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_HANDLE, "AcceptSecurityContext");
    ok_status(FreeCredentialsHandle(h), SEC_E_INVALID_HANDLE, "FreeCredentialsHandle");
    winetest_pop_context();
}

static void test_bad_handles(void)
{
    CredHandle live, freed, zeroed, forged_lower, forged_upper, invalidated;

    memset(&zeroed, 0, sizeof(zeroed));
    check_credential_calls("NULL", NULL);
    check_context_calls("NULL", NULL);
    check_credential_calls("zeroed", &zeroed);
    check_context_calls("zeroed", &zeroed);

    if (wine_builtin()) {
        skip("forged, stale and wrong-type handles crash Wine's builtin secur32\n");
        return;
    }
    if (acquire(SECPKG_CRED_OUTBOUND, NULL, &live) != SEC_E_OK ||
        acquire(SECPKG_CRED_OUTBOUND, NULL, &freed) != SEC_E_OK) {
        ok(0, "no outbound credential\n");
        return;
    }
    ok_status(FreeCredentialsHandle(&freed), SEC_E_OK, "first free");
    forged_lower = live;
    forged_lower.dwLower ^= 0x5a5a5a;
    forged_upper = live;
    forged_upper.dwUpper ^= 0x10;
    invalidated.dwLower = invalidated.dwUpper = (ULONG_PTR)-1;

    check_credential_calls("freed", &freed);
    check_credential_calls("forged dwLower", &forged_lower);
    check_credential_calls("forged dwUpper", &forged_upper);
    check_credential_calls("invalidated", &invalidated);
    check_context_calls("freed credential", &freed);
    check_context_calls("credential as context", &live);
    check_context_calls("forged dwLower", &forged_lower);
    check_context_calls("invalidated", &invalidated);

    /* None of that disturbed the live handle. */
    ok_status(FreeCredentialsHandle(&live), SEC_E_OK, "free live handle");
}

/* A client context after its first InitializeSecurityContext (a ClientHello; no server needed). */
static int start_client_context(CredHandle *cred, CtxtHandle *ctx)
{
    SecBuffer out_buffer = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buffer};
    ULONG attr = 0;
    SECURITY_STATUS status;

    status = InitializeSecurityContextA(cred, NULL, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY | ISC_REQ_ALLOCATE_MEMORY, 0, 0,
                                        NULL, 0, ctx, &out_desc, &attr, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "first InitializeSecurityContext");
    if (out_buffer.pvBuffer)
        FreeContextBuffer(out_buffer.pvBuffer);
    return status == SEC_I_CONTINUE_NEEDED;
}

/* Real contexts made unusable: deleted, or live with dwLower or dwUpper altered. Every context
 * call refuses them with SEC_E_INVALID_HANDLE, and the live context is not disturbed. */
static void test_bad_context_handles(void)
{
    CredHandle cred;
    CtxtHandle deleted, live, forged_lower, forged_upper;

    if (wine_builtin()) {
        skip("stale and forged context handles crash Wine's builtin secur32\n");
        return;
    }
    if (acquire(SECPKG_CRED_OUTBOUND, NULL, &cred) != SEC_E_OK) {
        ok(0, "no outbound credential\n");
        return;
    }
    if (start_client_context(&cred, &deleted)) {
        ok_status(DeleteSecurityContext(&deleted), SEC_E_OK, "first delete");
        check_context_calls("deleted context", &deleted);
    }
    if (start_client_context(&cred, &live)) {
        forged_lower = live;
        forged_lower.dwLower ^= 0x5a5a5a;
        forged_upper = live;
        forged_upper.dwUpper ^= 0x10;
        check_context_calls("context with forged dwLower", &forged_lower);
        check_context_calls("context with forged dwUpper", &forged_upper);
        /* Still alive: it takes a shutdown request (reference §3.9). */
        reset_buffers();
        ok_status(ApplyControlToken(&live, &one_desc), SEC_E_OK, "live context, SHUTDOWN");
        ok_status(DeleteSecurityContext(&live), SEC_E_OK, "delete the live context");
    }
    FreeCredentialsHandle(&cred);
}

/* ------------------------------------------------------------------ calls Schannel lacks */

static void test_unsupported_with_valid_credential(void)
{
    BYTE policy[64]; /* SecPkgCred_ClientCertPolicy, zeroed */
    SecPkgContext_StreamSizes sizes;
    CredHandle cred;
    SECURITY_STATUS status;

    if (acquire(SECPKG_CRED_OUTBOUND, NULL, &cred) != SEC_E_OK) {
        skip("no outbound credential\n");
        return;
    }
    ok_status(QueryCredentialsAttributesA(&cred, 0x7fff, &sizes), SEC_E_UNSUPPORTED_FUNCTION,
              "unknown credential attribute");
    ok_status(AddCredentialsA(&cred, NULL, UNISP_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL),
              SEC_E_UNSUPPORTED_FUNCTION, "AddCredentialsA");
    memset(policy, 0, sizeof(policy));
    if (wine_builtin()) {
        skip("Wine's SetCredentialsAttributesW is a stub that aborts\n");
    } else {
        status = SetCredentialsAttributesW(&cred, SECPKG_ATTR_CLIENT_CERT_POLICY, policy,
                                           sizeof(policy));
        ok_status(status, SEC_E_OK, "SetCredentialsAttributesW(CLIENT_CERT_POLICY)");
    }
    FreeCredentialsHandle(&cred);

    status = ImportSecurityContextA((SEC_CHAR *)"Winetest", NULL, NULL, NULL);
    ok_status(status, SEC_E_SECPKG_NOT_FOUND, "ImportSecurityContextA unknown package");
    status = ImportSecurityContextA(NULL, NULL, NULL, NULL);
    ok_status(status, SEC_E_SECPKG_NOT_FOUND, "ImportSecurityContextA NULL package");
}

/* ------------------------------------------------------------------ ISC / ASC arguments */

static void test_context_arguments(void)
{
    SCHANNEL_CRED server_cred;
    CredHandle outbound, inbound;
    CtxtHandle context;
    SecBuffer out_buffers[2], in_buffers[2];
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 2, out_buffers};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buffers};
    unsigned char hello[4] = {0x16, 0x03, 0x01, 0x00};
    char out_data[64];
    ULONG attr;
    SECURITY_STATUS status;

    if (acquire(SECPKG_CRED_OUTBOUND, NULL, &outbound) != SEC_E_OK) {
        skip("no outbound credential\n");
        return;
    }
    memset(&context, 0xde, sizeof(context));
    status = InitializeSecurityContextA(&outbound, NULL, (SEC_CHAR *)"localhost", 0, 0, 0, NULL, 0,
                                        &context, NULL, &attr, NULL);
    ok_status(status, SEC_E_INVALID_TOKEN, "ISC without output");
    out_desc.cBuffers = 0;
    status = InitializeSecurityContextA(&outbound, NULL, (SEC_CHAR *)"localhost", 0, 0, 0, NULL, 0,
                                        &context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_TOKEN, "ISC with no output buffers");
    ok(context.dwLower == (ULONG_PTR)0xdedededededededeULL, "phNewContext changed\n");

    /* A zero-sized token buffer without ISC_REQ_ALLOCATE_MEMORY. */
    out_desc.cBuffers = 2;
    memset(out_buffers, 0, sizeof(out_buffers));
    out_buffers[0].BufferType = SECBUFFER_TOKEN;
    attr = 0;
    status = InitializeSecurityContextA(&outbound, NULL, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY, 0, 0, NULL, 0, &context, &out_desc,
                                        &attr, NULL);
    ok_status(status, SEC_E_INSUFFICIENT_MEMORY, "ISC with an empty token buffer");
    todo_wine ok(attr ==
                     (ISC_RET_CONFIDENTIALITY | ISC_RET_SEQUENCE_DETECT | ISC_RET_REPLAY_DETECT),
                 "attributes 0x%lx\n", (unsigned long)attr);
    ok(context.dwLower == (ULONG_PTR)0xdedededededededeULL, "phNewContext changed\n");

    /* ISC with neither a credential nor a context. */
    out_buffers[0].cbBuffer = sizeof(out_data);
    out_buffers[0].pvBuffer = out_data;
    status = InitializeSecurityContextA(NULL, NULL, (SEC_CHAR *)"localhost", 0, 0, 0, NULL, 0,
                                        &context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_HANDLE, "ISC without handles");

    /* A credential for the other direction. */
    init_cred(&server_cred);
    if (acquire(SECPKG_CRED_INBOUND, &server_cred, &inbound) != SEC_E_OK) {
        ok(0, "no inbound credential\n");
        FreeCredentialsHandle(&outbound);
        return;
    }
    status = InitializeSecurityContextA(&inbound, NULL, (SEC_CHAR *)"localhost", 0, 0, 0, NULL, 0,
                                        &context, &out_desc, &attr, NULL);
    ok_status(status, SEC_E_INVALID_HANDLE, "ISC with an inbound credential");
    ok(context.dwLower == (ULONG_PTR)0xdedededededededeULL, "phNewContext changed\n");

    /* Wine 8.0's Schannel has no AcceptSecurityContext at all. */
    status = AcceptSecurityContext(&outbound, NULL, NULL, 0, 0, &context, &out_desc, &attr, NULL);
    todo_wine ok_status(status, SEC_E_INVALID_HANDLE, "ASC with an outbound credential");
    status = AcceptSecurityContext(&inbound, NULL, NULL, 0, 0, &context, &out_desc, &attr, NULL);
    todo_wine ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "ASC without input");
    ok(context.dwLower == (ULONG_PTR)0xdedededededededeULL, "a context was created\n");

    /* A partial ClientHello header: MISSING tells how many bytes are still needed. */
    memset(in_buffers, 0, sizeof(in_buffers));
    in_buffers[0].BufferType = SECBUFFER_TOKEN;
    in_buffers[0].cbBuffer = sizeof(hello);
    in_buffers[0].pvBuffer = hello;
    in_buffers[1].BufferType = SECBUFFER_EMPTY;
    status =
        AcceptSecurityContext(&inbound, NULL, &in_desc, 0, 0, &context, &out_desc, &attr, NULL);
    todo_wine ok_status(status, SEC_E_INCOMPLETE_MESSAGE, "ASC with 4 bytes");
    todo_wine ok(in_buffers[1].BufferType == SECBUFFER_MISSING && in_buffers[1].cbBuffer == 1,
                 "input[1] type %lu size %lu\n", (unsigned long)in_buffers[1].BufferType,
                 (unsigned long)in_buffers[1].cbBuffer);
    ok(context.dwLower == (ULONG_PTR)0xdedededededededeULL, "a context was created\n");

    FreeCredentialsHandle(&inbound);
    FreeCredentialsHandle(&outbound);
}

START_TEST(handles)
{
    test_acquire_order();
    test_credential_attributes();
    test_bad_handles();
    test_bad_context_handles();
    test_unsupported_with_valid_credential();
    test_context_arguments();
}
