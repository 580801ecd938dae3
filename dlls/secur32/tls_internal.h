/* Engine internals shared by the tls_*.c files (the only files that include OpenSSL). */
#ifndef SSPISHIM_TLS_INTERNAL_H
#define SSPISHIM_TLS_INTERNAL_H

#include "tls_engine.h"

#include <openssl/ssl.h>

typedef struct tls_session_cache tls_session_cache;

struct tls_credential {
    SSL_CTX *ctx;
    tls_session_cache *cache; /* client sessions by target; NULL when caching is off */
    int refs;
    tls_chain_validator validator;
    void *validator_context;
    int default_client_cert; /* client: may pick a certificate from the MY store */
};

/* Where the custom BIO reads the peer's bytes from and writes ours to, for the current call. */
typedef struct tls_io {
    const uint8_t *in;
    size_t in_len;
    size_t in_pos;
    tls_bytes *out;
    tls_bytes pending; /* output produced when no caller buffer was attached */
} tls_io;

struct tls_session {
    tls_credential *cred;
    SSL *ssl;
    int is_server;
    tls_validation validation;
    int check_name;
    tls_io io;
    char *target_name;
    SECURITY_STATUS validation_status; /* set by the verify callback when it refuses the peer */
    uint8_t *alpn;                     /* our ALPN list, wire format */
    size_t alpn_len;
    int handshake_done;
    int no_resume;                  /* SSL_SESSION_DISABLE_RECONNECTS: this session is not kept */
    unsigned int handshake_msgs_in; /* handshake messages received (msg callback) */
    int close_notify_in;            /* the peer's last alert was close_notify (msg callback) */
    /* The peer's chain, DER, leaf first (filled once the peer's certificate arrived). */
    uint8_t **chain;
    size_t *chain_lens;
    size_t chain_count;
    /* Record sizes of the current cipher (working them out costs a lookup by name). */
    const SSL_CIPHER *sizes_cipher;
    int sizes_version;
    tls_record_sizes sizes;
    /* CA names from the server's CertificateRequest (DER), filled on demand. */
    uint8_t **issuers;
    size_t *issuer_lens;
    size_t issuer_count;
    int allow_anonymous;         /* client: answer a certificate request without a certificate */
    int credentials_needed;      /* client: paused for want of a certificate */
    PCCERT_CONTEXT default_cert; /* client: the certificate taken from the MY store, or NULL */
};

/* tls_bio.c */
BIO *tls_bio_new(tls_io *io);
void tls_io_attach(tls_io *io, const uint8_t *in, size_t in_len, tls_bytes *out);
void tls_io_detach(tls_io *io);

/* tls_errors.c: the status for a failed OpenSSL call (consumes the error queue). */
SECURITY_STATUS tls_status_from_ssl(tls_session *session, int ssl_error);
/* Empties OpenSSL's error queue of this thread, cheaply when it is empty (ERR_clear_error
 * walks every slot, about 900 instructions). */
void tls_errors_clear(void);

/* tls_key.c: the private key behind a certificate context. */
SECURITY_STATUS tls_load_private_key(PCCERT_CONTEXT cert, EVP_PKEY **key);
/* An int key parameter, non-zero when the key can only sign RSA PKCS#1 v1.5 (Windows keys
 * that stay in CryptoAPI); absent (0) for every other key. TLS_KEY_PKCS1_SHA1: and with SHA-1
 * as the best digest (Wine's Enhanced provider, which holds PKCS12_NO_PERSIST_KEY imports). */
#define TLS_KEY_PARAM_PKCS1_ONLY "sspishim-pkcs1-only"
enum { TLS_KEY_ANY_PADDING, TLS_KEY_PKCS1, TLS_KEY_PKCS1_SHA1 };

/* tls_verify.c: installs the peer-verification callback on a credential's SSL_CTX. */
void tls_verify_install(tls_credential *cred);
/* ... and asks for the peer's certificate on a session as its role and settings want. */
void tls_verify_configure(tls_session *session, int request_client_cert);
void tls_session_release_chain(tls_session *session);
void tls_session_release_issuers(tls_session *session);

/* tls_info.c: CryptoAPI ids of a bulk cipher (OpenSSL NID, key bits) and of a digest. */
ALG_ID tls_cipher_alg_id(int nid, int bits);
ALG_ID tls_hash_alg_id(int nid);

/* tls_cipher_policy.c: narrows a credential's suites to the policy (0 when none is left). */
int tls_apply_cipher_policy(SSL_CTX *ctx, const tls_cipher_policy *policy);

/* tls_session_cache.c: resumption. Installs the caches on a credential (0: out of memory). */
int tls_cache_install(tls_credential *cred, int enabled);
void tls_cache_free(tls_credential *cred);
/* Offers a client the session kept for its target; scopes a server's session ids. */
void tls_cache_prepare(tls_session *session, int request_client_cert);
/* Keeps a client's session for its target (after the handshake and each TLS 1.3 ticket). */
void tls_cache_store(tls_session *session);

/* tls_client_cert.c: lets a client without a certificate pause at a certificate request, after
 * looking for a default one when `default_client_cert` (no SCH_CRED_NO_DEFAULT_CREDS). */
void tls_client_cert_install(tls_credential *cred, int default_client_cert);

/* tls_default_cert_win32.c: gives the session a suitable certificate from the current user's MY
 * store for the server's request; 1 when one was found. Natively there is no MY store (the
 * crypt32 subset has none), so a client without a certificate pauses as before. */
#ifdef _WIN32
#define TLS_DEFAULT_CLIENT_CERTS 1
int tls_default_client_cert(tls_session *session);
#else
#define TLS_DEFAULT_CLIENT_CERTS 0
static inline int tls_default_client_cert(tls_session *session)
{
    (void)session;
    return 0;
}
#endif

/* tls_alpn.c: server-side protocol selection by the server's own preference. */
void tls_alpn_install(tls_credential *cred);
int tls_session_ex_index(void);

#endif
