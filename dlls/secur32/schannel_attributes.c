/* QueryContextAttributes for Schannel contexts: what Windows reports for each attribute
 * (reference §2.12, checklist G), built from the engine's connection facts. */
#include "schannel_context.h"
#include "schannel_dtls.h"

#include <string.h>

/* A short ASCII name into a fixed WCHAR array. */
static void set_wide(WCHAR *dest, size_t capacity, const char *text)
{
    size_t i;
    for (i = 0; i + 1 < capacity && text[i]; i++)
        dest[i] = (WCHAR)(unsigned char)text[i];
    dest[i] = 0;
}

DWORD schannel_protocol_bit(uint16_t wire_version, int is_server)
{
    static const struct {
        uint16_t version;
        DWORD client, server;
    } map[] = {
        {0x0301, SP_PROT_TLS1_0_CLIENT, SP_PROT_TLS1_0_SERVER},
        {0x0302, SP_PROT_TLS1_1_CLIENT, SP_PROT_TLS1_1_SERVER},
        {0x0303, SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER},
        {0x0304, SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER},
        {0xFEFF, SP_PROT_DTLS1_0_CLIENT, SP_PROT_DTLS1_0_SERVER},
        {0xFEFD, SP_PROT_DTLS1_2_CLIENT, SP_PROT_DTLS1_2_SERVER},
    };
    size_t i;
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (map[i].version == wire_version)
            return is_server ? map[i].server : map[i].client;
    }
    return 0;
}

static const char *cipher_name(ALG_ID alg)
{
    switch (alg) {
    case CALG_AES_128:
    case CALG_AES_192:
    case CALG_AES_256:
        return "AES";
    case CALG_3DES:
        return "3DES";
    default:
        return "";
    }
}

static const char *hash_name(ALG_ID alg)
{
    switch (alg) {
    case CALG_MD5:
        return "MD5";
    case CALG_SHA1:
        return "SHA1";
    case CALG_SHA_256:
        return "SHA256";
    case CALG_SHA_384:
        return "SHA384";
    case CALG_SHA_512:
        return "SHA512";
    default:
        return "";
    }
}

static const char *exchange_name(ALG_ID alg)
{
    switch (alg) {
    case CALG_ECDH_EPHEM:
    case CALG_ECDH:
        return "ECDH";
    case CALG_DH_EPHEM:
        return "DH";
    case CALG_RSA_KEYX:
        return "RSA";
    default:
        return "";
    }
}

static const char *signature_name(ALG_ID alg)
{
    return alg == CALG_ECDSA ? "ECDSA" : (alg == CALG_RSA_SIGN ? "RSA" : "");
}

static SECURITY_STATUS stream_sizes(schannel_ctx *ctx, SecPkgContext_StreamSizes *out)
{
    tls_record_sizes sizes;
    SECURITY_STATUS status = tls_session_record_sizes(ctx->session, &sizes);
    if (status != SEC_E_OK)
        return status;
    out->cbHeader = sizes.header;
    out->cbTrailer = sizes.trailer;
    out->cbMaximumMessage = sizes.max_message;
    out->cBuffers = 4;
    out->cbBlockSize = sizes.block_size;
    return SEC_E_OK;
}

/* The reference records no Windows values for Schannel's SIZES (only that some implementations
 * return STREAM_SIZES-like constants), so this assumes: cbMaxToken is the package's cbMaxToken,
 * cbMaxSignature 0 (Schannel has no MakeSignature), cbBlockSize and cbSecurityTrailer the
 * negotiated cipher's STREAM_SIZES cbBlockSize and cbTrailer. Before the cipher is known it fails
 * as STREAM_SIZES does. */
static SECURITY_STATUS context_sizes(schannel_ctx *ctx, SecPkgContext_Sizes *out)
{
    SecPkgContext_StreamSizes stream;
    SECURITY_STATUS status = stream_sizes(ctx, &stream);
    if (status != SEC_E_OK)
        return status;
    out->cbMaxToken = SCHANNEL_MAX_TOKEN;
    out->cbMaxSignature = 0;
    out->cbBlockSize = stream.cbBlockSize;
    out->cbSecurityTrailer = stream.cbTrailer;
    return SEC_E_OK;
}

static SECURITY_STATUS connection_info(schannel_ctx *ctx, SecPkgContext_ConnectionInfo *out)
{
    tls_connection_info info;
    SECURITY_STATUS status = tls_session_connection_info(ctx->session, &info);
    if (status != SEC_E_OK)
        return status;
    out->dwProtocol = schannel_protocol_bit(info.wire_version, ctx->is_server);
    out->aiCipher = info.cipher_alg;
    out->dwCipherStrength = info.cipher_bits;
    out->aiHash = info.hash_alg;
    out->dwHashStrength = info.hash_bits;
    out->aiExch = info.exchange_alg;
    out->dwExchStrength = info.exchange_bits;
    return SEC_E_OK;
}

static SECURITY_STATUS connection_info_ex(schannel_ctx *ctx, SecPkgContext_ConnectionInfoEx *out)
{
    tls_connection_info info;
    SECURITY_STATUS status = tls_session_connection_info(ctx->session, &info);
    if (status != SEC_E_OK)
        return status;
    out->dwVersion = SECPKGCONTEXT_CONNECTION_INFO_EX_V1;
    out->dwProtocol = schannel_protocol_bit(info.wire_version, ctx->is_server);
    set_wide(out->szCipher, ARRAYSIZE(out->szCipher), cipher_name(info.cipher_alg));
    out->dwCipherStrength = info.cipher_bits;
    set_wide(out->szHash, ARRAYSIZE(out->szHash), info.aead ? "" : hash_name(info.hash_alg));
    out->dwHashStrength = info.hash_bits;
    set_wide(out->szExchange, ARRAYSIZE(out->szExchange), exchange_name(info.exchange_alg));
    out->dwExchStrength = info.exchange_bits;
    return SEC_E_OK;
}

static SECURITY_STATUS cipher_info(schannel_ctx *ctx, SecPkgContext_CipherInfo *out)
{
    tls_connection_info info;
    SECURITY_STATUS status = tls_session_connection_info(ctx->session, &info);
    if (status != SEC_E_OK)
        return status;
    memset(out, 0, sizeof(*out));
    out->dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
    out->dwProtocol = info.wire_version;
    out->dwCipherSuite = info.cipher_suite;
    out->dwBaseCipherSuite = info.cipher_suite;
    set_wide(out->szCipherSuite, ARRAYSIZE(out->szCipherSuite), info.cipher_suite_name);
    set_wide(out->szCipher, ARRAYSIZE(out->szCipher), cipher_name(info.cipher_alg));
    out->dwCipherLen = info.cipher_bits;
    out->dwCipherBlockLen = info.cipher_block;
    /* Windows names no hash for AEAD suites. */
    set_wide(out->szHash, ARRAYSIZE(out->szHash), info.aead ? "" : hash_name(info.hash_alg));
    out->dwHashLen = info.hash_bits;
    set_wide(out->szExchange, ARRAYSIZE(out->szExchange), exchange_name(info.exchange_alg));
    out->dwMinExchangeLen = 0;
    out->dwMaxExchangeLen = 65536;
    set_wide(out->szCertificate, ARRAYSIZE(out->szCertificate), signature_name(info.signature_alg));
    out->dwKeyType = info.group; /* the named group: 0x1D x25519, 0x17 P-256 (Windows) */
    return SEC_E_OK;
}

static void *copy_string(const char *text, int ansi)
{
    size_t i, len = strlen(text);
    void *copy = platform_buffer_alloc((len + 1) * (ansi ? 1 : sizeof(WCHAR)));
    if (!copy)
        return NULL;
    if (!ansi) {
        for (i = 0; i <= len; i++)
            ((WCHAR *)copy)[i] = (WCHAR)(unsigned char)text[i];
    } else {
        memcpy(copy, text, len + 1);
    }
    return copy;
}

/* KEY_INFO: A and W share the layout but for the string types; names are allocations the
 * caller frees with FreeContextBuffer, as on Windows. */
static SECURITY_STATUS key_info(schannel_ctx *ctx, void *buffer, int ansi)
{
    SecPkgContext_KeyInfoA *out = buffer; /* same offsets as SecPkgContext_KeyInfoW */
    tls_connection_info info;
    SECURITY_STATUS status = tls_session_connection_info(ctx->session, &info);
    void *signature, *cipher;

    if (status != SEC_E_OK)
        return status;
    signature = copy_string(signature_name(info.signature_alg), ansi);
    cipher = copy_string(cipher_name(info.cipher_alg), ansi);
    if (!signature || !cipher) {
        platform_buffer_free(signature);
        platform_buffer_free(cipher);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    out->sSignatureAlgorithmName = signature;
    out->sEncryptAlgorithmName = cipher;
    out->KeySize = info.cipher_bits;
    out->SignatureAlgorithm = info.signature_alg;
    out->EncryptAlgorithm = info.cipher_alg;
    return SEC_E_OK;
}

static SECURITY_STATUS session_info(schannel_ctx *ctx, SecPkgContext_SessionInfo *out)
{
    tls_connection_info info;
    SECURITY_STATUS status = tls_session_connection_info(ctx->session, &info);
    if (status != SEC_E_OK)
        return status;
    memset(out, 0, sizeof(*out));
    out->dwFlags = info.resumed ? SSL_SESSION_RECONNECT : 0;
    out->cbSessionId = info.session_id_len;
    memcpy(out->rgbSessionId, info.session_id, info.session_id_len);
    return SEC_E_OK;
}

/* The peer's leaf, in a new memory store that holds the whole chain the peer sent. */
static SECURITY_STATUS remote_cert(schannel_ctx *ctx, PCCERT_CONTEXT *out)
{
    const uint8_t *const *certs;
    const size_t *lens;
    size_t count = tls_session_peer_chain(ctx->session, &certs, &lens), i;
    HCERTSTORE store;
    PCCERT_CONTEXT leaf = NULL;

    if (!count)
        return SEC_E_NO_CREDENTIALS;
    store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);
    if (!store)
        return SEC_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < count; i++) {
        if (!CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, certs[i], (DWORD)lens[i],
                                              CERT_STORE_ADD_ALWAYS, i == 0 ? &leaf : NULL))
            break;
    }
    CertCloseStore(store, 0); /* the returned context keeps the store alive */
    if (!leaf)
        return SEC_E_INTERNAL_ERROR;
    *out = leaf;
    return SEC_E_OK;
}

/* The credential's certificate, or the default one a client took from the MY store. */
static SECURITY_STATUS local_cert(schannel_ctx *ctx, PCCERT_CONTEXT *out)
{
    if (ctx->credential->certificate)
        *out = CertDuplicateCertificateContext(ctx->credential->certificate);
    else if (!ctx->session || !(*out = tls_session_default_certificate(ctx->session)))
        return SEC_E_NO_CREDENTIALS;
    return SEC_E_OK;
}

/* SEC_CHANNEL_BINDINGS header, then "prefix" and the binding value, in one allocation. */
static SECURITY_STATUS make_bindings(const char *prefix, const uint8_t *value, size_t value_len,
                                     SecPkgContext_Bindings *out)
{
    size_t prefix_len = strlen(prefix);
    size_t total = sizeof(SEC_CHANNEL_BINDINGS) + prefix_len + value_len;
    SEC_CHANNEL_BINDINGS *bindings = platform_buffer_alloc(total);

    if (!bindings)
        return SEC_E_INSUFFICIENT_MEMORY;
    memset(bindings, 0, sizeof(*bindings));
    bindings->cbApplicationDataLength = (ULONG)(prefix_len + value_len);
    bindings->dwApplicationDataOffset = sizeof(*bindings);
    memcpy((uint8_t *)bindings + sizeof(*bindings), prefix, prefix_len);
    memcpy((uint8_t *)bindings + sizeof(*bindings) + prefix_len, value, value_len);
    out->BindingsLength = (ULONG)total;
    out->Bindings = bindings;
    return SEC_E_OK;
}

static SECURITY_STATUS endpoint_bindings(schannel_ctx *ctx, SecPkgContext_Bindings *out)
{
    uint8_t hash[64];
    size_t hash_len = 0;

    if (ctx->is_server) {
        PCCERT_CONTEXT own = ctx->credential->certificate;
        if (own)
            hash_len = tls_endpoint_hash(own->pbCertEncoded, own->cbCertEncoded, hash);
    } else {
        const uint8_t *const *certs;
        const size_t *lens;
        if (tls_session_peer_chain(ctx->session, &certs, &lens))
            hash_len = tls_endpoint_hash(certs[0], lens[0], hash);
    }
    if (!hash_len)
        return SEC_E_INTERNAL_ERROR;
    return make_bindings("tls-server-end-point:", hash, hash_len, out);
}

static SECURITY_STATUS unique_bindings(schannel_ctx *ctx, SecPkgContext_Bindings *out)
{
    uint8_t finished[64];
    size_t len = tls_session_tls_unique(ctx->session, finished, sizeof(finished));
    if (!len)
        return SEC_E_UNSUPPORTED_FUNCTION;
    return make_bindings("tls-unique:", finished, len, out);
}

/* RFC 5705 export for what SetContextAttributes(KEYING_MATERIAL_INFO) asked; the bytes are
 * the caller's to free with FreeContextBuffer. */
static SECURITY_STATUS keying_material(schannel_ctx *ctx, SecPkgContext_KeyingMaterial *out)
{
    const schannel_keying_request *request = &ctx->keying;
    SECURITY_STATUS status;
    uint8_t *bytes;

    if (!request->label)
        return SEC_E_INVALID_PARAMETER; /* nothing was asked for */
    if (!ctx->handshake_done)
        return SEC_E_INTERNAL_ERROR; /* no keys yet, as for the other connection facts */
    bytes = platform_buffer_alloc(request->length);
    if (!bytes)
        return SEC_E_INSUFFICIENT_MEMORY;
    status = tls_session_export_keying_material(ctx->session, request->label, request->context,
                                                request->context_len, bytes, request->length);
    if (status != SEC_E_OK) {
        platform_buffer_free(bytes);
        return status;
    }
    out->cbKeyingMaterial = request->length;
    out->pbKeyingMaterial = bytes;
    return SEC_E_OK;
}

static SECURITY_STATUS application_protocol(schannel_ctx *ctx,
                                            SecPkgContext_ApplicationProtocol *out)
{
    const uint8_t *proto = NULL;
    unsigned int len = 0;

    memset(out, 0, sizeof(*out));
    tls_session_selected_alpn(ctx->session, &proto, &len);
    if (proto && len) {
        out->ProtoNegoStatus = SecApplicationProtocolNegotiationStatus_Success;
        out->ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
        out->ProtocolIdSize = (unsigned char)len;
        memcpy(out->ProtocolId, proto, len);
    }
    return SEC_E_OK;
}

/* Issuer names as an array of CERT_NAME_BLOBs followed by the DER names, one allocation. */
static SECURITY_STATUS issuer_list(schannel_ctx *ctx, SecPkgContext_IssuerListInfoEx *out)
{
    const uint8_t *const *names;
    const size_t *lens;
    size_t count = tls_session_issuer_names(ctx->session, &names, &lens), i, total, pos;
    CERT_NAME_BLOB *blobs;

    out->aIssuers = NULL;
    out->cIssuers = 0;
    if (!count)
        return SEC_E_OK;
    total = count * sizeof(CERT_NAME_BLOB);
    for (i = 0; i < count; i++)
        total += lens[i];
    blobs = platform_buffer_alloc(total);
    if (!blobs)
        return SEC_E_INSUFFICIENT_MEMORY;
    pos = count * sizeof(CERT_NAME_BLOB);
    for (i = 0; i < count; i++) {
        blobs[i].cbData = (DWORD)lens[i];
        blobs[i].pbData = (BYTE *)blobs + pos;
        memcpy(blobs[i].pbData, names[i], lens[i]);
        pos += lens[i];
    }
    out->aIssuers = blobs;
    out->cIssuers = (DWORD)count;
    return SEC_E_OK;
}

/* TLS SignatureScheme values the engine can sign and verify. */
static SECURITY_STATUS supported_signatures(SecPkgContext_SupportedSignatures *out)
{
    static const WORD schemes[] = {0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                   0x0403, 0x0503, 0x0603, 0x0201, 0x0203};
    WORD *copy = platform_buffer_alloc(sizeof(schemes));
    if (!copy)
        return SEC_E_INSUFFICIENT_MEMORY;
    memcpy(copy, schemes, sizeof(schemes));
    out->cSignatureAndHashAlgorithms = ARRAYSIZE(schemes);
    out->pSignatureAndHashAlgorithms = copy;
    return SEC_E_OK;
}

SECURITY_STATUS schannel_query_attribute(schannel_ctx *ctx, int ansi, ULONG attribute, void *buffer)
{
    if (!buffer)
        return SEC_E_INTERNAL_ERROR;
    switch (attribute) {
    case SECPKG_ATTR_STREAM_SIZES:
        return stream_sizes(ctx, buffer);
    case SECPKG_ATTR_SIZES:
        return context_sizes(ctx, buffer);
    case SECPKG_ATTR_CONNECTION_INFO:
        return connection_info(ctx, buffer);
    case SECPKG_ATTR_CONNECTION_INFO_EX:
        return connection_info_ex(ctx, buffer);
    case SECPKG_ATTR_CIPHER_INFO:
        return cipher_info(ctx, buffer);
    case SECPKG_ATTR_KEY_INFO:
        return key_info(ctx, buffer, ansi);
    case SECPKG_ATTR_SESSION_INFO:
        return session_info(ctx, buffer);
    case SECPKG_ATTR_REMOTE_CERT_CONTEXT:
    case SECPKG_ATTR_REMOTE_CERT_CHAIN:
        return remote_cert(ctx, buffer);
    case SECPKG_ATTR_LOCAL_CERT_CONTEXT:
        return local_cert(ctx, buffer);
    case SECPKG_ATTR_ENDPOINT_BINDINGS:
        return endpoint_bindings(ctx, buffer);
    case SECPKG_ATTR_UNIQUE_BINDINGS:
        return unique_bindings(ctx, buffer);
    case SECPKG_ATTR_APPLICATION_PROTOCOL:
        return application_protocol(ctx, buffer);
    case SECPKG_ATTR_KEYING_MATERIAL:
        return keying_material(ctx, buffer);
    case SECPKG_ATTR_ISSUER_LIST_EX:
        return issuer_list(ctx, buffer);
    case SECPKG_ATTR_SUPPORTED_SIGNATURES:
        return supported_signatures(buffer);
    case SECPKG_ATTR_DTLS_MTU:
        return schannel_dtls_query_mtu(ctx->session, buffer);
    default: /* NEGOTIATION_INFO included, as on Windows */
        return SEC_E_UNSUPPORTED_FUNCTION;
    }
}
