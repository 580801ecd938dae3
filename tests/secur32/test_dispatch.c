/* The exported entry points over the global handle table: handle lifetimes, no leaks on failed
 * calls, phNewContext rules, and concurrent use of one credential. */
#include "sspi_dispatch.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#define UNISP ((SEC_CHAR *)"Microsoft Unified Security Protocol Provider")

static CredHandle outbound(void)
{
    CredHandle cred;
    cr_assert_eq(AcquireCredentialsHandleA(NULL, UNISP, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                           NULL, &cred, NULL),
                 SEC_E_OK);
    return cred;
}

Test(dispatch, credential_lifetime)
{
    size_t before = sspi_handle_count(sspi_handles());
    CredHandle cred = outbound();
    SecPkgCred_SupportedProtocols protocols;

    cr_assert_eq(sspi_handle_count(sspi_handles()), before + 1);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_OK);
    cr_assert_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
    cr_assert_eq(FreeCredentialsHandle(&cred), SEC_E_INVALID_HANDLE);
    cr_assert_eq(QueryCredentialsAttributesW(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(sspi_handle_count(sspi_handles()), before);
}

Test(dispatch, failed_acquire_leaves_nothing)
{
    size_t before = sspi_handle_count(sspi_handles());
    CredHandle cred;
    SCHANNEL_CRED sc;

    memset(&cred, 0xab, sizeof(cred));
    memset(&sc, 0, sizeof(sc));
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.grbitEnabledProtocols = SP_PROT_TLS1_2_SERVER;
    cr_assert_eq(AcquireCredentialsHandleA(NULL, UNISP, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL, NULL,
                                           &cred, NULL),
                 SEC_E_ALGORITHM_MISMATCH);
    cr_assert_eq(cred.dwLower, (ULONG_PTR)0xababababababababULL, "handle untouched");
    cr_assert_eq(AcquireCredentialsHandleA(NULL, UNISP, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                           NULL, NULL, NULL),
                 SEC_E_INVALID_HANDLE, "NULL phCredential is refused, not dereferenced");
    cr_assert_eq(sspi_handle_count(sspi_handles()), before);
}

/* Whatever the first ISC returns, a failure leaves no context and a success exactly one. */
Test(dispatch, first_isc_context_accounting)
{
    CredHandle cred = outbound();
    size_t before = sspi_handle_count(sspi_handles());
    CtxtHandle context;
    SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
    ULONG attr = 0;
    TimeStamp expiry = {0x1234, 0x5678};
    SECURITY_STATUS status;

    memset(&context, 0xcd, sizeof(context));
    status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"example.org",
                                        ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY, 0, 0,
                                        NULL, 0, &context, &out_desc, &attr, &expiry);
    cr_assert_eq(expiry.LowPart, 0, "expiry is cleared first");
    if (status < 0) {
        cr_assert_eq(context.dwLower, (ULONG_PTR)0xcdcdcdcdcdcdcdcdULL);
        cr_assert_eq(sspi_handle_count(sspi_handles()), before);
    } else {
        cr_assert_eq(sspi_handle_count(sspi_handles()), before + 1);
        cr_assert_eq(DeleteSecurityContext(&context), SEC_E_OK);
        FreeContextBuffer(out.pvBuffer);
    }
    cr_assert_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
}

Test(dispatch, unsupported_calls_validate_the_handle_first)
{
    CredHandle cred = outbound();
    CtxtHandle none = {0, 0};

    cr_assert_eq(AddCredentialsW(&cred, NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(QueryCredentialsAttributesExW(&cred, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL, 0),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(AddCredentialsW(&none, NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL),
                 SEC_E_INVALID_HANDLE);
    cr_assert_eq(CompleteAuthToken(&none, NULL), SEC_E_INVALID_HANDLE);
    cr_assert_eq(ImportSecurityContextW((SEC_WCHAR *)u"Schannel", NULL, NULL, &none),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(ChangeAccountPasswordA((SEC_CHAR *)"schannel", NULL, NULL, NULL, NULL, 0, 0, NULL),
                 SEC_E_UNSUPPORTED_FUNCTION);
    cr_assert_eq(ChangeAccountPasswordA((SEC_CHAR *)"nope", NULL, NULL, NULL, NULL, 0, 0, NULL),
                 SEC_E_SECPKG_NOT_FOUND);
    cr_assert_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* Threads share one credential while others acquire and free their own. */
#define THREADS 8
#define ROUNDS  2000

static CredHandle shared;

static void *worker(void *arg)
{
    SecPkgCred_SupportedProtocols protocols;
    long failures = 0;
    int i;

    for (i = 0; i < ROUNDS; i++) {
        CredHandle own;
        if (AcquireCredentialsHandleA(NULL, UNISP, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                      &own, NULL) != SEC_E_OK)
            failures++;
        if (QueryCredentialsAttributesA(&shared, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protocols) !=
            SEC_E_OK)
            failures++;
        if (FreeCredentialsHandle(&own) != SEC_E_OK)
            failures++;
        if (FreeCredentialsHandle(&own) != SEC_E_INVALID_HANDLE)
            failures++;
    }
    return (void *)failures;
}

Test(dispatch, concurrent_credentials)
{
    pthread_t threads[THREADS];
    size_t before = sspi_handle_count(sspi_handles());
    long failures = 0;
    void *result;
    int i;

    shared = outbound();
    for (i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_create(&threads[i], NULL, worker, NULL), 0);
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], &result);
        failures += (long)result;
    }
    cr_assert_eq(failures, 0);
    cr_assert_eq(FreeCredentialsHandle(&shared), SEC_E_OK);
    cr_assert_eq(sspi_handle_count(sspi_handles()), before);
}
