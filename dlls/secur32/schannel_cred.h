/* Schannel credentials: parsing AcquireCredentialsHandle's pAuthData (SCHANNEL_CRED v3/v4,
 * SCH_CREDENTIALS v5) in Windows' order, the effective protocol set, and the credential object a
 * credential handle refers to. No OpenSSL here: the TLS side lives in the engine credential. */
#ifndef SSPISHIM_SCHANNEL_CRED_H
#define SSPISHIM_SCHANNEL_CRED_H

#include "cert_validate.h"
#include "platform.h"
#include "sspi_handles.h"
#include "tls_engine.h"

/* CRYPTO_SETTINGS entries kept from the TLS_PARAMETERS that apply whatever the ALPN id. */
#define SCHANNEL_MAX_DISABLED_CRYPTO (4 * SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS)

/* What AcquireCredentialsHandle keeps from the caller's structure. */
typedef struct schannel_cred_params {
    ULONG version;              /* 0 when pAuthData was NULL */
    PCCERT_CONTEXT certificate; /* the caller's, not duplicated; NULL: none */
    DWORD flags;                /* SCH_CRED_* */
    DWORD protocols;            /* effective SP_PROT_* set, filtered by direction */
    HCERTSTORE root_store;      /* the caller's, not duplicated; NULL: system roots */
    tls_cipher_policy ciphers;  /* its list is the caller's, read during the call only */
    tls_disabled_crypto disabled_crypto[SCHANNEL_MAX_DISABLED_CRYPTO]; /* ciphers.disabled */
    /* The caller's TLS_PARAMETERS that name ALPN ids, read during the call only. */
    const TLS_PARAMETERS *alpn_parameters[SCH_CRED_MAX_SUPPORTED_PARAMETERS];
    size_t alpn_parameter_count;
} schannel_cred_params;

/* TLS_PARAMETERS naming ALPN ids: the protocols they disable when one of the ids is negotiated. */
typedef struct schannel_alpn_limit {
    uint8_t *ids; /* wire format: each id after its length byte */
    size_t ids_len;
    DWORD disabled; /* SP_PROT_* */
} schannel_alpn_limit;

/* Protocols Schannel may negotiate when asked explicitly, and those it uses when the caller
 * asks for nothing (grbitEnabledProtocols 0 or no structure). Both are ANDed with what the
 * engine supports. */
DWORD schannel_enabled_protocols(void);
DWORD schannel_default_protocols(void);

/* The protocol set for a request: `requested` is grbitEnabledProtocols (v3/v4), or for v5 the
 * complement of grbitDisabledProtocols; 0 means "system defaults". Bits of a direction the
 * credential is not used for are dropped. */
DWORD schannel_effective_protocols(DWORD requested, DWORD disabled, ULONG credential_use);

/* Whether a requested set mixes DTLS and TLS, which a credential never does. */
int schannel_protocols_mixed(DWORD requested);

/* Steps 1-5 of AcquireCredentialsHandle (see schannel_cred.c); *params is valid on SEC_E_OK. */
SECURITY_STATUS schannel_parse_credentials(ULONG credential_use, const void *auth_data,
                                           schannel_cred_params *params);

typedef struct schannel_credential {
    sspi_object base;
    ULONG credential_use;
    DWORD protocols;
    DWORD flags;
    PCCERT_CONTEXT certificate;             /* our own reference, or NULL */
    cert_validation_policy policy;          /* how peers' certificates are judged */
    DWORD min_cipher_bits, max_cipher_bits; /* the caller's limits, 0: none */
    ALG_ID *algs;                           /* palgSupportedAlgs, our copy; NULL: none */
    size_t alg_count;
    tls_disabled_crypto disabled_crypto[SCHANNEL_MAX_DISABLED_CRYPTO]; /* v5 CRYPTO_SETTINGS */
    size_t disabled_count;
    schannel_alpn_limit *alpn_limits;
    size_t alpn_limit_count;
    /* SetCredentialsAttributes replaces the engine (and protocols, cipher limits) while other
     * threads may be creating contexts: the lock guards the swap and every read of `engine`. */
    platform_mutex *lock;
    tls_credential *engine;
} schannel_credential;

/* Creates the credential object (one reference) from parsed parameters. */
SECURITY_STATUS schannel_credential_new(ULONG credential_use, const schannel_cred_params *params,
                                        schannel_credential **credential);

/* The engine contexts created now use, with a reference the caller drops. */
tls_credential *schannel_credential_engine(schannel_credential *credential);

/* SetCredentialsAttributes' protocol and cipher changes; what is 0/NULL stays as it is. */
typedef struct schannel_cred_change {
    DWORD protocols; /* effective set, already filtered by direction */
    const SecPkgCred_CipherStrengths *strengths;
    const SecPkgCred_SupportedAlgs *algs;
} schannel_cred_change;

/* A new engine is built with the change applied and replaces the old one for contexts created
 * afterwards; contexts that exist keep theirs. On failure (SEC_E_ALGORITHM_MISMATCH when
 * nothing is left, as at AcquireCredentialsHandle) the credential is unchanged. */
SECURITY_STATUS schannel_credential_update(schannel_credential *credential,
                                           const schannel_cred_change *change);

/* The credential's copy of the ALPN-scoped limits (schannel_alpn_limits.c). */
SECURITY_STATUS schannel_alpn_limits_new(const schannel_cred_params *params,
                                         schannel_credential *credential);
void schannel_alpn_limits_free(schannel_credential *credential);

/* QueryCredentialsAttributes for Schannel. */
SECURITY_STATUS schannel_query_credentials(schannel_credential *credential, int ansi,
                                           ULONG attribute, void *buffer);

/* SetCredentialsAttributes for Schannel (schannel_set_attributes.c). */
SECURITY_STATUS schannel_set_credentials(schannel_credential *credential, int ansi, ULONG attribute,
                                         const void *buffer, ULONG size);

#endif
