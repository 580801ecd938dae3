/* The internal interface between the SSPI dispatcher (sspi_exports_*.c) and a security package.
 *
 * The dispatcher resolves and validates every handle, converts A strings to W and owns the
 * handle table; a provider only sees objects. A NULL slot means the package does not implement
 * the call: the dispatcher then returns SEC_E_UNSUPPORTED_FUNCTION, as Windows' dispatcher does.
 * `ansi` tells attribute calls which string flavour the caller expects. */
#ifndef SSPISHIM_SSPI_PROVIDER_H
#define SSPISHIM_SSPI_PROVIDER_H

#include "sspi_handles.h"

typedef struct sspi_package sspi_package;

typedef struct sspi_acquire_args {
    const WCHAR *principal;
    ULONG credential_use;
    void *logon_id;
    void *auth_data;
    SEC_GET_KEY_FN get_key;
    void *get_key_arg;
    int handle_given; /* phCredential != NULL (checked by the provider in Windows' order) */
} sspi_acquire_args;

/* One InitializeSecurityContext / AcceptSecurityContext call. The dispatcher found `context`
 * (NULL on a first call) or else `credential`. A provider that creates a context returns it in
 * *new_context with status SEC_E_OK or an SEC_I_* status; the dispatcher then stores it. */
typedef struct sspi_context_args {
    sspi_object *credential; /* may be NULL on continuation calls */
    sspi_object *context;
    const WCHAR *target; /* ISC only; may be NULL */
    ULONG context_req;
    ULONG target_data_rep;
    PSecBufferDesc input;
    PSecBufferDesc output;
    ULONG *context_attr;
    PTimeStamp expiry;
    int new_context_given; /* phNewContext != NULL */
    /* A continuation's phCredential when it names a credential of the context's provider
     * (Schannel takes a client certificate from it); NULL otherwise. */
    sspi_object *continuation_credential;
} sspi_context_args;

typedef struct sspi_provider {
    SECURITY_STATUS(*acquire_credentials)
    (const sspi_package *package, const sspi_acquire_args *args, sspi_object **credential,
     PTimeStamp expiry);
    SECURITY_STATUS(*query_credentials_attributes)
    (sspi_object *credential, int ansi, ULONG attribute, void *buffer);
    SECURITY_STATUS(*query_credentials_attributes_ex)
    (sspi_object *credential, int ansi, ULONG attribute, void *buffer, ULONG size);
    SECURITY_STATUS(*set_credentials_attributes)
    (sspi_object *credential, int ansi, ULONG attribute, void *buffer, ULONG size);
    SECURITY_STATUS(*add_credentials)
    (sspi_object *credential, const sspi_acquire_args *args, PTimeStamp expiry);
    SECURITY_STATUS (*initialize_context)(const sspi_context_args *args, sspi_object **new_context);
    SECURITY_STATUS (*accept_context)(const sspi_context_args *args, sspi_object **new_context);
    SECURITY_STATUS (*complete_auth_token)(sspi_object *context, PSecBufferDesc token);
    SECURITY_STATUS (*apply_control_token)(sspi_object *context, PSecBufferDesc input);
    SECURITY_STATUS(*query_context_attributes)
    (sspi_object *context, int ansi, ULONG attribute, void *buffer);
    SECURITY_STATUS(*query_context_attributes_ex)
    (sspi_object *context, int ansi, ULONG attribute, void *buffer, ULONG size);
    SECURITY_STATUS(*set_context_attributes)
    (sspi_object *context, int ansi, ULONG attribute, void *buffer, ULONG size);
    SECURITY_STATUS (*impersonate)(sspi_object *context);
    SECURITY_STATUS (*revert)(sspi_object *context);
    SECURITY_STATUS (*query_context_token)(sspi_object *context, void **token);
    SECURITY_STATUS(*make_signature)
    (sspi_object *context, ULONG qop, PSecBufferDesc message, ULONG sequence);
    SECURITY_STATUS(*verify_signature)
    (sspi_object *context, PSecBufferDesc message, ULONG sequence, ULONG *qop);
    SECURITY_STATUS(*encrypt)
    (sspi_object *context, ULONG qop, PSecBufferDesc message, ULONG sequence);
    SECURITY_STATUS(*decrypt)
    (sspi_object *context, PSecBufferDesc message, ULONG sequence, ULONG *qop);
    SECURITY_STATUS(*export_context)
    (sspi_object *context, ULONG flags, PSecBuffer packed, void **token);
    SECURITY_STATUS(*import_context)
    (const sspi_package *package, PSecBuffer packed, void *token, sspi_object **context);
    SECURITY_STATUS(*change_password)
    (const sspi_package *package, const WCHAR *domain, const WCHAR *account,
     const WCHAR *old_password, const WCHAR *new_password, BOOLEAN impersonating,
     PSecBufferDesc output);
} sspi_provider;

#endif
