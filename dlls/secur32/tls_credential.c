/* Credentials: one SSL_CTX per credential handle, configured the way Windows Schannel behaves
 * (protocol versions, cipher suites and groups as Windows offers them), not as OpenSSL's
 * defaults or the system's openssl.cnf would. */
#include "tls_internal.h"
#include "tls_keylog.h"
#include "tls_windows_offer.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

static const struct {
    uint32_t bits; /* client | server bit */
    int version;
    uint64_t off; /* the option that switches this version off */
} protocol_versions[] =
    {
        {SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_0_SERVER, TLS1_VERSION, SSL_OP_NO_TLSv1},
        {SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_1_SERVER, TLS1_1_VERSION, SSL_OP_NO_TLSv1_1},
        {SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER, TLS1_2_VERSION, SSL_OP_NO_TLSv1_2},
        {SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER, TLS1_3_VERSION, SSL_OP_NO_TLSv1_3},
},
  datagram_versions[] = {
      {SP_PROT_DTLS1_0_CLIENT | SP_PROT_DTLS1_0_SERVER, DTLS1_VERSION, SSL_OP_NO_DTLSv1},
      {SP_PROT_DTLS1_2_CLIENT | SP_PROT_DTLS1_2_SERVER, DTLS1_2_VERSION, SSL_OP_NO_DTLSv1_2},
};

static int is_datagram(uint32_t protocols)
{
    return (protocols & (SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER)) != 0;
}

/* Sets the version range and switches off any version inside it that was not asked for. */
static int apply_protocols(SSL_CTX *ctx, uint32_t protocols)
{
    int datagram = is_datagram(protocols);
    size_t count = datagram ? 2 : 4, i;
    int min = 0, max = 0;

    for (i = 0; i < count; i++) {
        int version = datagram ? datagram_versions[i].version : protocol_versions[i].version;
        if (!(protocols & (datagram ? datagram_versions[i].bits : protocol_versions[i].bits)))
            continue;
        if (!min)
            min = version;
        max = version;
    }
    if (!min)
        return 0;
    if (!SSL_CTX_set_min_proto_version(ctx, min) || !SSL_CTX_set_max_proto_version(ctx, max))
        return 0;
    for (i = 0; i < count; i++) {
        if (!(protocols & (datagram ? datagram_versions[i].bits : protocol_versions[i].bits)))
            SSL_CTX_set_options(ctx,
                                datagram ? datagram_versions[i].off : protocol_versions[i].off);
    }
    /* OpenSSL 3 runs TLS 1.0/1.1 and DTLS 1.0 only at security level 0 (they sign with SHA-1 or
     * MD5); Windows runs every protocol the caller enables, so lower the level for this
     * credential only. */
    SSL_CTX_set_security_level(ctx,
                               (datagram ? min == DTLS1_VERSION : min < TLS1_2_VERSION) ? 0 : 1);
    return 1;
}

static X509 *x509_from_context(PCCERT_CONTEXT cert)
{
    const unsigned char *der = cert->pbCertEncoded;
    return d2i_X509(NULL, &der, (long)cert->cbCertEncoded);
}

static int is_self_signed(X509 *cert)
{
    return X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
}

/* Adds the issuers found in the certificate's own store, as Windows sends the chain without
 * the root. */
static void add_chain_from_store(SSL_CTX *ctx, PCCERT_CONTEXT leaf, X509 *leaf_x509)
{
    X509 *current = leaf_x509;
    int depth;

    if (!leaf->hCertStore)
        return;
    for (depth = 0; depth < 8 && !is_self_signed(current); depth++) {
        PCCERT_CONTEXT candidate = NULL;
        X509 *issuer = NULL;
        while ((candidate = CertEnumCertificatesInStore(leaf->hCertStore, candidate))) {
            X509 *x = x509_from_context(candidate);
            if (x && X509_check_issued(x, current) == X509_V_OK && X509_cmp(x, current) != 0) {
                issuer = x;
                CertFreeCertificateContext(candidate);
                break;
            }
            X509_free(x);
        }
        if (!issuer || is_self_signed(issuer)) {
            X509_free(issuer);
            break;
        }
        SSL_CTX_add0_chain_cert(ctx, issuer);
        current = issuer;
    }
}

/* OpenSSL's own security check, which allow_sha1_signatures defers to for everything else. */
static int (*default_security_check)(const SSL *, const SSL_CTX *, int, int, int, void *, void *);

/* OpenSSL 3 refuses SHA-1 signatures at every security level above 0; Windows still signs and
 * accepts them in TLS 1.2, and a key whose provider has no SHA-2 has nothing else. */
static int allow_sha1_signatures(const SSL *ssl, const SSL_CTX *ctx, int op, int bits, int nid,
                                 void *other, void *ex)
{
    if ((op & SSL_SECOP_OTHER_TYPE) == SSL_SECOP_OTHER_SIGALG && nid == NID_sha1)
        return 1;
    return default_security_check(ssl, ctx, op, bits, nid, other, ex);
}

/* A key that can only sign RSA PKCS#1 v1.5 (a non-exportable CryptoAPI key on Windows) cannot
 * sign in TLS 1.3, which requires RSA-PSS: such a credential stops at TLS 1.2 when the caller
 * allows TLS 1.2, and offers and uses only PKCS#1 v1.5 and ECDSA signature algorithms there.
 * It signs with SHA-1 only when its provider has no SHA-2 (Wine's Enhanced provider, where
 * PKCS12_NO_PERSIST_KEY imports land). A TLS 1.3-only credential keeps TLS 1.3 and is never
 * downgraded: a client then answers a certificate request with no certificate. */
static int limit_to_pkcs1(SSL_CTX *ctx, EVP_PKEY *key)
{
    static const char pkcs1_sigalgs[] = "RSA+SHA256:RSA+SHA384:RSA+SHA512:ECDSA+SHA256:"
                                        "ECDSA+SHA384:ECDSA+SHA512:RSA+SHA1:ECDSA+SHA1";
    int pkcs1_only = TLS_KEY_ANY_PADDING, sha1_only;

    if (!EVP_PKEY_get_int_param(key, TLS_KEY_PARAM_PKCS1_ONLY, &pkcs1_only) ||
        pkcs1_only == TLS_KEY_ANY_PADDING)
        return 1;
    sha1_only = pkcs1_only == TLS_KEY_PKCS1_SHA1;
    if (sha1_only) {
        default_security_check = SSL_CTX_get_security_callback(ctx);
        SSL_CTX_set_security_callback(ctx, allow_sha1_signatures);
    }
    if (!SSL_CTX_set1_client_sigalgs_list(ctx, sha1_only ? "RSA+SHA1" : pkcs1_sigalgs))
        return 0;
    if (SSL_CTX_get_min_proto_version(ctx) >= TLS1_3_VERSION)
        return 1;
    if (SSL_CTX_get_max_proto_version(ctx) == TLS1_3_VERSION &&
        !SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION))
        return 0;
    return SSL_CTX_set1_sigalgs_list(ctx, pkcs1_sigalgs);
}

static SECURITY_STATUS use_certificate(SSL_CTX *ctx, PCCERT_CONTEXT cert)
{
    SECURITY_STATUS status = SEC_E_UNKNOWN_CREDENTIALS;
    EVP_PKEY *key = NULL;
    X509 *x509 = x509_from_context(cert);

    if (!x509)
        goto done;
    status = tls_load_private_key(cert, &key);
    if (status != SEC_E_OK)
        goto done;
    status = SEC_E_UNKNOWN_CREDENTIALS;
    if (!SSL_CTX_use_certificate(ctx, x509) || !SSL_CTX_use_PrivateKey(ctx, key) ||
        !SSL_CTX_check_private_key(ctx))
        goto done;
    if (!limit_to_pkcs1(ctx, key))
        goto done;
    add_chain_from_store(ctx, cert, x509);
    status = SEC_E_OK;
done:
    EVP_PKEY_free(key);
    X509_free(x509);
    ERR_clear_error();
    return status;
}

SECURITY_STATUS tls_credential_new(const tls_credential_params *params, tls_credential **out)
{
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
    tls_credential *cred = calloc(1, sizeof(*cred));

    *out = NULL;
    if (!cred)
        goto done;
    cred->refs = 1;
    cred->validator = params->validator;
    cred->validator_context = params->validator_context;
    /* One SSL_CTX serves both roles: each session picks its own. */
    cred->ctx = SSL_CTX_new(is_datagram(params->protocols) ? DTLS_method() : TLS_method());
    if (!cred->ctx)
        goto done;
    status = SEC_E_ALGORITHM_MISMATCH;
    if (!apply_protocols(cred->ctx, params->protocols))
        goto done;
    status = SEC_E_INTERNAL_ERROR;
    /* One record per EncryptMessage and Windows' record format: no empty CBC fragments, no
     * encrypt-then-MAC (Windows does not negotiate it), no compression. */
    SSL_CTX_set_options(cred->ctx, SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS | SSL_OP_NO_ENCRYPT_THEN_MAC |
                                       SSL_OP_NO_COMPRESSION);
    /* Windows servers accept a client's (secure, RFC 5746) renegotiation unless an
     * administrator disables it (DisableRenegoOnServer); OpenSSL 3 refuses it by default. */
    SSL_CTX_set_options(cred->ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    SSL_CTX_set_read_ahead(cred->ctx, 0);
    if (!SSL_CTX_set_cipher_list(cred->ctx, TLS_WINDOWS_CIPHER_LIST) ||
        !SSL_CTX_set_ciphersuites(cred->ctx, TLS_WINDOWS_TLS13_SUITES) ||
        !SSL_CTX_set1_groups_list(cred->ctx, TLS_WINDOWS_GROUPS))
        goto done;
    SSL_CTX_set_options(cred->ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    status = SEC_E_ALGORITHM_MISMATCH;
    if (!tls_apply_cipher_policy(cred->ctx, &params->ciphers))
        goto done;
    if (params->certificate) {
        status = use_certificate(cred->ctx, params->certificate);
        if (status != SEC_E_OK)
            goto done;
    }
    tls_verify_install(cred);
    tls_client_cert_install(cred, params->default_client_cert);
    tls_alpn_install(cred);
    status = SEC_E_INSUFFICIENT_MEMORY;
    if (!tls_cache_install(cred, !params->no_session_cache))
        goto done;
    tls_keylog_install(cred->ctx);
    status = SEC_E_OK;
    *out = cred;
    cred = NULL;
done:
    if (cred) {
        SSL_CTX_free(cred->ctx);
        free(cred);
    }
    ERR_clear_error();
    return status;
}

void tls_credential_ref(tls_credential *cred)
{
    __atomic_add_fetch(&cred->refs, 1, __ATOMIC_ACQ_REL);
}

void tls_credential_unref(tls_credential *cred)
{
    if (!cred || __atomic_sub_fetch(&cred->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    tls_cache_free(cred);
    SSL_CTX_free(cred->ctx);
    free(cred);
}
