/* Schannel credentials (see schannel_cred.h). */
#include "schannel_cred.h"

#include "platform.h"

#include <stdlib.h>
#include <string.h>

/* SP_PROT_* client bits are the odd positions, server bits the even ones (UNI included). */
#define CLIENT_BITS 0xAAAAAAAAu
#define SERVER_BITS 0x55555555u
#define DTLS_BITS   (SP_PROT_DTLS1_0 | SP_PROT_DTLS1_2)

/* Windows 11's configuration without registry overrides: TLS 1.0 to 1.3 and DTLS 1.0/1.2 can be
 * requested; TLS 1.2 and 1.3 are used when nothing is requested. TLS 1.0/1.1 are "disabled by
 * default", DTLS is used only when asked for, SSL 2/3 and PCT are gone. (Wine's table differs:
 * no TLS 1.3, TLS 1.0/1.1 on by default; Windows is the spec.) */
DWORD schannel_enabled_protocols(void)
{
    return (SP_PROT_TLS1_0 | SP_PROT_TLS1_1 | SP_PROT_TLS1_2 | SP_PROT_TLS1_3 | DTLS_BITS) &
           tls_engine_protocols();
}

DWORD schannel_default_protocols(void)
{
    return (SP_PROT_TLS1_2 | SP_PROT_TLS1_3) & tls_engine_protocols();
}

DWORD schannel_effective_protocols(DWORD requested, DWORD disabled, ULONG credential_use)
{
    DWORD protocols;

    if (requested) {
        protocols = requested & schannel_enabled_protocols();
    } else if (disabled) {
        /* SCH_CREDENTIALS: everything not disabled; DTLS only when nothing but DTLS is left,
         * since a credential never mixes the two. */
        protocols = schannel_enabled_protocols() & ~disabled;
        if (protocols & ~DTLS_BITS)
            protocols &= ~DTLS_BITS;
    } else {
        protocols = schannel_default_protocols();
    }
    if (!(credential_use & SECPKG_CRED_OUTBOUND))
        protocols &= ~CLIENT_BITS;
    if (!(credential_use & SECPKG_CRED_INBOUND))
        protocols &= ~SERVER_BITS;
    return protocols;
}

int schannel_protocols_mixed(DWORD requested)
{
    return (requested & DTLS_BITS) && (requested & ~DTLS_BITS);
}

/* The fields both layouts share, read according to dwVersion. */
typedef struct cred_fields {
    DWORD cert_count;
    PCCERT_CONTEXT *certs;
    DWORD flags;
    DWORD requested; /* grbitEnabledProtocols (v3/v4) */
    DWORD disabled;  /* union of grbitDisabledProtocols (v5) */
    HCERTSTORE root_store;
    tls_cipher_policy ciphers;         /* v3/v4 limits, v5 CRYPTO_SETTINGS */
    tls_disabled_crypto *crypto_store; /* where v5 entries go (SCHANNEL_MAX_DISABLED_CRYPTO) */
    schannel_cred_params *params;      /* where ALPN-scoped TLS_PARAMETERS go */
} cred_fields;

/* A CNG name in ASCII; anything else (or too long) becomes "", which matches nothing. */
static void cng_name(const UNICODE_STRING *name, char *out)
{
    size_t i, len = name->Buffer ? name->Length / sizeof(WCHAR) : 0;

    out[0] = 0;
    if (len >= TLS_CNG_NAME_MAX)
        return;
    for (i = 0; i < len; i++) {
        if (!name->Buffer[i] || name->Buffer[i] > 0x7e) {
            out[0] = 0;
            return;
        }
        out[i] = (char)name->Buffer[i];
    }
    out[len] = 0;
}

static SECURITY_STATUS read_crypto_setting(const CRYPTO_SETTINGS *in, tls_disabled_crypto *out)
{
    char mode[TLS_CNG_NAME_MAX];
    DWORD i;

    if (in->cChainingModes > SCH_CRED_MAX_SUPPORTED_CHAINING_MODES ||
        (in->cChainingModes && !in->rgstrChainingModes))
        return SEC_E_UNKNOWN_CREDENTIALS;
    memset(out, 0, sizeof(*out));
    out->usage = (int)in->eAlgorithmUsage;
    cng_name(&in->strCngAlgId, out->alg);
    for (i = 0; i < in->cChainingModes; i++) {
        cng_name(&in->rgstrChainingModes[i], mode);
        if (!strcmp(mode, "ChainingModeCBC"))
            out->chaining |= TLS_CHAINING_CBC;
        else if (!strcmp(mode, "ChainingModeGCM"))
            out->chaining |= TLS_CHAINING_GCM;
        else /* a mode no suite uses: the entry turns nothing off */
            out->chaining |= 0x80000000u;
    }
    out->min_bits = in->dwMinBitLength;
    out->max_bits = in->dwMaxBitLength;
    return SEC_E_OK;
}

/* One TLS_PARAMETERS: its limits narrow the credential as a whole when it names no ALPN id. */
static SECURITY_STATUS read_tls_parameters(const TLS_PARAMETERS *params, cred_fields *fields)
{
    SECURITY_STATUS status = SEC_E_UNKNOWN_CREDENTIALS;
    DWORD i;

    if (params->cAlpnIds > SCH_CRED_MAX_SUPPORTED_ALPN_IDS ||
        params->cDisabledCrypto > SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS ||
        (params->cDisabledCrypto && !params->pDisabledCrypto))
        return status;
    if (params->cAlpnIds) {
        fields->params->alpn_parameters[fields->params->alpn_parameter_count++] = params;
        return SEC_E_OK;
    }
    fields->disabled |= params->grbitDisabledProtocols;
    if (fields->ciphers.disabled_count + params->cDisabledCrypto > SCHANNEL_MAX_DISABLED_CRYPTO)
        return status;
    for (i = 0; i < params->cDisabledCrypto; i++) {
        status = read_crypto_setting(&params->pDisabledCrypto[i],
                                     &fields->crypto_store[fields->ciphers.disabled_count]);
        if (status != SEC_E_OK)
            return status;
        fields->ciphers.disabled_count++;
    }
    fields->ciphers.disabled = fields->crypto_store;
    return SEC_E_OK;
}

static SECURITY_STATUS read_fields(const void *auth_data, ULONG version, cred_fields *fields)
{
    const SCHANNEL_CRED *v4 = auth_data;
    const SCH_CREDENTIALS *v5 = auth_data;
    SECURITY_STATUS status;
    DWORD i;

    switch (version) {
    case SCH_CRED_V3:
    case SCHANNEL_CRED_VERSION:
        fields->cert_count = v4->cCreds;
        fields->certs = v4->paCred;
        fields->flags = v4->dwFlags;
        fields->requested = v4->grbitEnabledProtocols;
        fields->root_store = v4->hRootStore;
        if (v4->cSupportedAlgs && !v4->palgSupportedAlgs)
            return SEC_E_UNKNOWN_CREDENTIALS;
        fields->ciphers.min_bits = v4->dwMinimumCipherStrength;
        fields->ciphers.max_bits = v4->dwMaximumCipherStrength;
        fields->ciphers.algs = v4->palgSupportedAlgs;
        fields->ciphers.alg_count = v4->cSupportedAlgs;
        return SEC_E_OK;
    case SCH_CREDENTIALS_VERSION:
        fields->cert_count = v5->cCreds;
        fields->certs = v5->paCred;
        fields->flags = v5->dwFlags;
        fields->root_store = v5->hRootStore;
        if ((v5->cTlsParameters && !v5->pTlsParameters) ||
            v5->cTlsParameters > SCH_CRED_MAX_SUPPORTED_PARAMETERS)
            return SEC_E_UNKNOWN_CREDENTIALS;
        for (i = 0; i < v5->cTlsParameters; i++) {
            status = read_tls_parameters(&v5->pTlsParameters[i], fields);
            if (status != SEC_E_OK)
                return status;
        }
        return SEC_E_OK;
    default:
        /* dwVersion 0, SCH_CRED_V1, SCH_CRED_V2 and anything else. */
        return SEC_E_UNKNOWN_CREDENTIALS;
    }
}

static SECURITY_STATUS check_certificates(ULONG version, const cred_fields *fields)
{
    if (fields->cert_count == 0)
        return SEC_E_OK; /* allowed in both directions when a structure is given */
    if (fields->cert_count > 1 || !fields->certs || !fields->certs[0])
        return SEC_E_UNKNOWN_CREDENTIALS;
    /* Windows 10 and later refuse a certificate in the old v3 layout this way (Wine accepts). */
    if (version == SCH_CRED_V3)
        return SEC_E_INSUFFICIENT_MEMORY;
    return tls_engine_check_certificate(fields->certs[0]);
}

/* Windows' order: structure version, certificates, DTLS/TLS mix, missing credentials for an
 * inbound use, then the effective protocol set. */
SECURITY_STATUS schannel_parse_credentials(ULONG credential_use, const void *auth_data,
                                           schannel_cred_params *params)
{
    SECURITY_STATUS status = SEC_E_OK;
    cred_fields fields;

    memset(params, 0, sizeof(*params));
    memset(&fields, 0, sizeof(fields));
    fields.crypto_store = params->disabled_crypto;
    fields.params = params;
    if (auth_data) {
        params->version = *(const ULONG *)auth_data;
        status = read_fields(auth_data, params->version, &fields);
        if (status != SEC_E_OK)
            goto done;
        status = check_certificates(params->version, &fields);
        if (status != SEC_E_OK)
            goto done;
        if (schannel_protocols_mixed(fields.requested)) {
            status = SEC_E_ALGORITHM_MISMATCH;
            goto done;
        }
    } else if (!credential_use || (credential_use & SECPKG_CRED_INBOUND)) {
        status = SEC_E_NO_CREDENTIALS;
        goto done;
    }
    params->certificate = fields.cert_count ? fields.certs[0] : NULL;
    params->flags = fields.flags;
    params->root_store = fields.root_store;
    params->ciphers = fields.ciphers;
    /* SCH_CREDENTIALS' SCH_USE_DTLS_ONLY: DTLS 1.2 (Windows' default DTLS set) less what the
     * TLS parameters disable; without it such a structure means TLS. */
    if ((fields.flags & SCH_USE_DTLS_ONLY) && !fields.requested)
        params->protocols = (SP_PROT_DTLS1_2 & ~fields.disabled)
                                ? schannel_effective_protocols(SP_PROT_DTLS1_2 & ~fields.disabled,
                                                               0, credential_use)
                                : 0;
    else
        params->protocols =
            schannel_effective_protocols(fields.requested, fields.disabled, credential_use);
    if (!params->protocols)
        status = SEC_E_ALGORITHM_MISMATCH;
done:
    return status;
}

static void destroy_credential(sspi_object *object)
{
    schannel_credential *credential = (schannel_credential *)object;
    tls_credential_unref(credential->engine);
    platform_mutex_free(credential->lock);
    free(credential->algs);
    if (credential->certificate)
        CertFreeCertificateContext(credential->certificate);
    if (credential->policy.root_store)
        CertCloseStore(credential->policy.root_store, 0);
    schannel_alpn_limits_free(credential);
    free(credential);
}

/* A copy of the caller's algorithm list (NULL for an empty one). */
static SECURITY_STATUS copy_algs(const ALG_ID *algs, size_t count, ALG_ID **copy)
{
    *copy = NULL;
    if (!count)
        return SEC_E_OK;
    *copy = malloc(count * sizeof(*algs));
    if (!*copy)
        return SEC_E_INSUFFICIENT_MEMORY;
    memcpy(*copy, algs, count * sizeof(*algs));
    return SEC_E_OK;
}

/* An engine for the credential's certificate, flags and CRYPTO_SETTINGS with these protocols
 * and cipher limits. */
static SECURITY_STATUS build_engine(schannel_credential *cred, DWORD protocols, DWORD min_bits,
                                    DWORD max_bits, const ALG_ID *algs, size_t alg_count,
                                    tls_credential **engine)
{
    tls_credential_params engine_params = {0};

    engine_params.protocols = protocols;
    engine_params.ciphers.min_bits = min_bits;
    engine_params.ciphers.max_bits = max_bits;
    engine_params.ciphers.algs = algs;
    engine_params.ciphers.alg_count = alg_count;
    engine_params.ciphers.disabled = cred->disabled_crypto;
    engine_params.ciphers.disabled_count = cred->disabled_count;
    engine_params.no_session_cache = (cred->flags & SCH_CRED_DISABLE_RECONNECTS) != 0;
    engine_params.default_client_cert = !(cred->flags & SCH_CRED_NO_DEFAULT_CREDS);
    engine_params.certificate = cred->certificate;
    engine_params.validator = cert_validate_chain;
    engine_params.validator_context = &cred->policy;
    return tls_credential_new(&engine_params, engine);
}

SECURITY_STATUS schannel_credential_new(ULONG credential_use, const schannel_cred_params *params,
                                        schannel_credential **credential)
{
    SECURITY_STATUS status;
    schannel_credential *cred = calloc(1, sizeof(*cred));

    if (!cred)
        return SEC_E_INSUFFICIENT_MEMORY;
    sspi_object_init(&cred->base, destroy_credential);
    cred->credential_use = credential_use;
    cred->protocols = params->protocols;
    cred->flags = params->flags;
    cred->certificate =
        params->certificate ? CertDuplicateCertificateContext(params->certificate) : NULL;
    cred->policy.flags = params->flags;
    cred->policy.root_store = params->root_store ? CertDuplicateStore(params->root_store) : NULL;

    /* The role is each context's: a credential usable both ways serves either. */
    cred->min_cipher_bits = params->ciphers.min_bits;
    cred->max_cipher_bits = params->ciphers.max_bits;
    cred->alg_count = params->ciphers.alg_count;
    cred->disabled_count = params->ciphers.disabled_count;
    if (cred->disabled_count)
        memcpy(cred->disabled_crypto, params->ciphers.disabled,
               cred->disabled_count * sizeof(*cred->disabled_crypto));
    cred->lock = platform_mutex_new();
    status = cred->lock ? copy_algs(params->ciphers.algs, cred->alg_count, &cred->algs)
                        : SEC_E_INSUFFICIENT_MEMORY;
    if (status == SEC_E_OK)
        status = schannel_alpn_limits_new(params, cred);
    if (status == SEC_E_OK)
        status = build_engine(cred, cred->protocols, cred->min_cipher_bits, cred->max_cipher_bits,
                              cred->algs, cred->alg_count, &cred->engine);
    if (status != SEC_E_OK) {
        sspi_object_unref(&cred->base);
        return status;
    }
    *credential = cred;
    return SEC_E_OK;
}

tls_credential *schannel_credential_engine(schannel_credential *credential)
{
    tls_credential *engine;

    platform_mutex_lock(credential->lock);
    engine = credential->engine;
    tls_credential_ref(engine);
    platform_mutex_unlock(credential->lock);
    return engine;
}

/* The new engine is a fresh SSL_CTX: the one that contexts already use (and that SSL_new may
 * be reading on another thread) is never changed. The lock is held throughout so that two
 * changes made at once both count. */
SECURITY_STATUS schannel_credential_update(schannel_credential *credential,
                                           const schannel_cred_change *change)
{
    DWORD protocols, min_bits, max_bits;
    const ALG_ID *algs;
    size_t alg_count;
    tls_credential *engine = NULL, *old_engine = NULL;
    ALG_ID *copy = NULL;
    SECURITY_STATUS status;

    platform_mutex_lock(credential->lock);
    protocols = change->protocols ? change->protocols : credential->protocols;
    min_bits = change->strengths ? change->strengths->dwMinimumCipherStrength
                                 : credential->min_cipher_bits;
    max_bits = change->strengths ? change->strengths->dwMaximumCipherStrength
                                 : credential->max_cipher_bits;
    algs = change->algs ? change->algs->palgSupportedAlgs : credential->algs;
    alg_count = change->algs ? change->algs->cSupportedAlgs : credential->alg_count;
    status = copy_algs(algs, alg_count, &copy);
    if (status == SEC_E_OK)
        status = build_engine(credential, protocols, min_bits, max_bits, copy, alg_count, &engine);
    if (status == SEC_E_OK) {
        old_engine = credential->engine;
        credential->engine = engine;
        credential->protocols = protocols;
        credential->min_cipher_bits = min_bits;
        credential->max_cipher_bits = max_bits;
        free(credential->algs);
        credential->algs = copy;
        credential->alg_count = alg_count;
        copy = NULL;
    }
    platform_mutex_unlock(credential->lock);
    tls_credential_unref(old_engine);
    free(copy);
    return status;
}

/* Algorithms the engine's cipher suites use, for SECPKG_ATTR_SUPPORTED_ALGS (less those the
 * caller's list leaves out). */
static const ALG_ID supported_algs[] = {
    CALG_AES_128,  CALG_AES_256,  CALG_SHA1,  CALG_SHA_256,  CALG_SHA_384,
    CALG_RSA_KEYX, CALG_RSA_SIGN, CALG_ECDSA, CALG_DH_EPHEM, CALG_ECDH_EPHEM,
};

static SECURITY_STATUS query_supported_algs(schannel_credential *credential,
                                            SecPkgCred_SupportedAlgs *algs)
{
    tls_cipher_policy policy = {0};
    ALG_ID *list = platform_buffer_alloc(sizeof(supported_algs));
    size_t i, count = 0;

    if (!list)
        return SEC_E_INSUFFICIENT_MEMORY;
    platform_mutex_lock(credential->lock);
    policy.algs = credential->algs;
    policy.alg_count = credential->alg_count;
    for (i = 0; i < sizeof(supported_algs) / sizeof(supported_algs[0]); i++)
        if (tls_cipher_policy_allows(&policy, supported_algs[i]))
            list[count++] = supported_algs[i];
    platform_mutex_unlock(credential->lock);
    algs->cSupportedAlgs = (DWORD)count;
    algs->palgSupportedAlgs = list;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_query_credentials(schannel_credential *credential, int ansi,
                                           ULONG attribute, void *buffer)
{
    switch (attribute) {
    case SECPKG_CRED_ATTR_NAMES:
        /* No client name is attached to a Schannel credential. */
        return SEC_E_NO_CREDENTIALS;
    case SECPKG_ATTR_SUPPORTED_ALGS:
        if (!buffer)
            return SEC_E_INTERNAL_ERROR;
        return query_supported_algs(credential, buffer);
    case SECPKG_ATTR_CIPHER_STRENGTHS:
        if (!buffer)
            return SEC_E_INTERNAL_ERROR;
        /* AES-128 .. AES-256, the only bulk ciphers the suites use, within the caller's
         * limits. */
        ((SecPkgCred_CipherStrengths *)buffer)->dwMinimumCipherStrength =
            credential->min_cipher_bits > 128 ? credential->min_cipher_bits : 128;
        ((SecPkgCred_CipherStrengths *)buffer)->dwMaximumCipherStrength =
            credential->max_cipher_bits && credential->max_cipher_bits < 256
                ? credential->max_cipher_bits
                : 256;
        return SEC_E_OK;
    case SECPKG_ATTR_SUPPORTED_PROTOCOLS:
        if (!buffer)
            return SEC_E_INTERNAL_ERROR;
        ((SecPkgCred_SupportedProtocols *)buffer)->grbitProtocol = credential->protocols;
        return SEC_E_OK;
    default:
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
