/* The narrow interface between the SSPI layer (sspi_*.c, schannel_*.c, cert_*.c) and the TLS
 * engine (tls_*.c, the only files that include OpenSSL): credentials (one per credential handle)
 * and sessions (one per context). Nothing here exposes OpenSSL; the SSPI layer owns every
 * Windows rule about handles, descriptors and argument order, the engine owns the protocol and
 * reports plain facts. Functions return Windows status codes so that the TLS library's errors
 * are mapped in one place, inside the engine. */
#ifndef SSPISHIM_TLS_ENGINE_H
#define SSPISHIM_TLS_ENGINE_H

#include "win_sspi.h"

#include <stddef.h>
#include <stdint.h>

/* Initialises the TLS library once; SEC_E_OK or SEC_E_INTERNAL_ERROR. */
SECURITY_STATUS tls_engine_init(void);

/* Releases the calling thread's TLS-library state (DllMain, DLL_THREAD_DETACH). */
void tls_engine_thread_exit(void);

/* "sspishim X.Y.Z (OpenSSL A.B.C ...)": identifies this secur32 (SspiShimGetVersion). */
const char *tls_engine_version(void);

/* SP_PROT_* bits (client and server) the engine can negotiate. */
DWORD tls_engine_protocols(void);

/* Whether a certificate given to AcquireCredentialsHandle can be used: SEC_E_OK,
 * SEC_E_UNKNOWN_CREDENTIALS (unusable certificate) or SEC_E_NO_CREDENTIALS (no private key). */
SECURITY_STATUS tls_engine_check_certificate(PCCERT_CONTEXT certificate);

typedef struct tls_credential tls_credential;
typedef struct tls_session tls_session;

/* A growable byte buffer the engine appends output records to. A `fixed` one is the caller's
 * memory: appending past `cap` fails instead of growing it, and it is never freed. */
typedef struct tls_bytes {
    uint8_t *data;
    size_t len;
    size_t cap;
    int fixed;
} tls_bytes;

void tls_bytes_free(tls_bytes *bytes);
int tls_bytes_append(tls_bytes *bytes, const void *data, size_t len);

/* How a client checks the server's certificate (and a server a client's). */
typedef enum tls_validation {
    TLS_VALIDATE_NONE, /* manual validation: the caller inspects the peer's chain */
    TLS_VALIDATE_AUTO, /* chain to a trusted root, name, validity and usage checks */
} tls_validation;

/* Checks a peer chain (DER, leaf first) and returns SEC_E_OK or the Windows status for the first
 * problem found; `alert` receives the TLS alert to send. Implemented per platform. */
typedef SECURITY_STATUS (*tls_chain_validator)(void *context, const uint8_t *const *certs,
                                               const size_t *cert_lens, size_t count,
                                               const char *target_name, int peer_is_server,
                                               int *alert);

/* One CRYPTO_SETTINGS entry of SCH_CREDENTIALS, its CNG names in ASCII ("" when not ASCII). */
#define TLS_CHAINING_CBC 1u
#define TLS_CHAINING_GCM 2u
#define TLS_CNG_NAME_MAX 40
typedef struct tls_disabled_crypto {
    int usage;                  /* eTlsAlgorithmUsage */
    char alg[TLS_CNG_NAME_MAX]; /* strCngAlgId: "RSA", "ECDH", "ECDH_P256", "AES", "SHA1", ... */
    unsigned chaining;          /* TLS_CHAINING_* named; 0: the entry names no mode */
    DWORD min_bits, max_bits;   /* both 0: the algorithm is off; else lengths outside are */
} tls_disabled_crypto;

/* Which cipher suites a credential may use (SCHANNEL_CRED's dwMinimumCipherStrength,
 * dwMaximumCipherStrength and palgSupportedAlgs, SCH_CREDENTIALS' pDisabledCrypto); zeros and
 * empty lists leave the defaults. */
typedef struct tls_cipher_policy {
    DWORD min_bits; /* bulk cipher key bits; (DWORD)-1 asks for NULL ciphers, which we lack */
    DWORD max_bits;
    const ALG_ID *algs;
    size_t alg_count;
    const tls_disabled_crypto *disabled;
    size_t disabled_count;
} tls_cipher_policy;

/* Whether the policy's algorithm list lets `alg` be used (a kind it does not name is open). */
int tls_cipher_policy_allows(const tls_cipher_policy *policy, ALG_ID alg);

typedef struct tls_credential_params {
    uint32_t protocols; /* SP_PROT_* bits, already filtered by direction */
    tls_cipher_policy ciphers;
    PCCERT_CONTEXT certificate;    /* NULL: no certificate of our own */
    tls_chain_validator validator; /* for automatic validation; may be NULL */
    void *validator_context;
    int no_session_cache; /* SCH_CRED_DISABLE_RECONNECTS: never resume */
    /* No SCH_CRED_NO_DEFAULT_CREDS: a client asked for a certificate it lacks looks for one of
     * the user's (Windows and Wine only). */
    int default_client_cert;
} tls_credential_params;

/* Status: SEC_E_OK, SEC_E_NO_CREDENTIALS (no usable private key), SEC_E_UNKNOWN_CREDENTIALS,
 * SEC_E_ALGORITHM_MISMATCH (no protocol the engine can do), SEC_E_INSUFFICIENT_MEMORY. */
SECURITY_STATUS tls_credential_new(const tls_credential_params *params, tls_credential **out);
void tls_credential_ref(tls_credential *cred);
void tls_credential_unref(tls_credential *cred);

/* One context's connection. The role is the context's (a credential usable both ways serves
 * clients and servers alike). */
typedef struct tls_session_params {
    int is_server;
    const char *target_name;   /* UTF-8; SNI and the name the certificate must carry */
    tls_validation validation; /* how to check the peer's certificate */
    int check_name;            /* client: compare target_name with the server's certificate */
    int request_client_cert;   /* server: ask the client for a certificate */
} tls_session_params;

SECURITY_STATUS tls_session_new(tls_credential *cred, const tls_session_params *params,
                                tls_session **out);
void tls_session_free(tls_session *session);

/* SSL_SESSION_DISABLE_RECONNECTS: drops this connection's session from the caches and keeps no
 * later one. */
void tls_session_forget(tls_session *session);

/* Feeds `in` (whole records only) and advances the handshake. `*consumed` tells how much input was
 * used; output records are appended to `out`. Returns SEC_E_OK when the handshake is complete,
 * SEC_I_CONTINUE_NEEDED when it needs the peer's next flight, SEC_I_INCOMPLETE_CREDENTIALS (see
 * below), SEC_I_RENEGOTIATE during a renegotiation whose next input record is application data
 * (left unconsumed, for DecryptMessage), or an error (with any alert record for the peer already
 * in `out`). */
SECURITY_STATUS tls_session_handshake(tls_session *session, const uint8_t *in, size_t in_len,
                                      size_t *consumed, tls_bytes *out);

/* Client certificates (tls_client_cert.c). A server's certificate request finds a client without
 * a certificate of its own: unless anonymous answers are allowed (ISC_REQ_USE_SUPPLIED_CREDS, or
 * the call after the pause) the handshake pauses and tls_session_handshake returns
 * SEC_I_INCOMPLETE_CREDENTIALS. */
void tls_session_allow_anonymous(tls_session *session, int allow);
/* From now on the client authenticates with `cred`'s certificate and key (a credential given to a
 * later call); nothing changes when `cred` has none. */
SECURITY_STATUS tls_session_adopt_certificate(tls_session *session, tls_credential *cred);
/* Server: asks for a new handshake on an established connection, asking for the client's
 * certificate again when told to. TLS 1.2 and older: HelloRequest appended to `out`, SEC_E_OK.
 * TLS 1.3: SEC_I_NO_RENEGOTIATION, nothing sent (no post-handshake authentication yet). */
SECURITY_STATUS tls_session_renegotiate(tls_session *session, int request_client_cert,
                                        tls_bytes *out);

/* Sizes of one application-data record for the negotiated cipher (STREAM_SIZES). */
typedef struct tls_record_sizes {
    ULONG header;
    ULONG trailer; /* the largest trailer a record can have */
    ULONG max_message;
    ULONG block_size;
} tls_record_sizes;
SECURITY_STATUS tls_session_record_sizes(tls_session *session, tls_record_sizes *sizes);

/* Encrypts `len` bytes (at most max_message) into exactly one record appended to `out`.
 * SEC_E_OUT_OF_SEQUENCE, with nothing changed, while our side of a renegotiation is under way. */
SECURITY_STATUS tls_session_encrypt(tls_session *session, const uint8_t *data, size_t len,
                                    tls_bytes *out);

/* Decrypts the one whole record at `record` in place. On return *plain points inside `record`
 * (at *plain_offset) and holds *plain_len bytes. Returns SEC_E_OK (possibly 0 bytes: e.g. a TLS
 * 1.3 ticket), SEC_I_CONTEXT_EXPIRED (close_notify), SEC_I_RENEGOTIATE (the peer started a new
 * handshake; handshake output is pending), SEC_E_MESSAGE_ALTERED, SEC_E_ILLEGAL_MESSAGE… */
SECURITY_STATUS tls_session_decrypt(tls_session *session, uint8_t *record, size_t record_len,
                                    size_t *plain_offset, size_t *plain_len);

/* Whether a handshake is under way (a renegotiation the peer started); TLS 1.3 post-handshake
 * messages leave none. */
int tls_session_in_handshake(tls_session *session);

/* Output the engine produced on its own (a renegotiation ClientHello, a KeyUpdate answer). */
int tls_session_take_pending(tls_session *session, tls_bytes *out);

/* DTLS (a credential with SP_PROT_DTLS* bits). The MTU bounds every datagram the session writes
 * (Windows accepts 200 to 65535, default 1096; the engine's smallest is 256). A handshake step
 * without input re-sends the last flight; the expiry then suggested to the caller is a FILETIME,
 * 0 when the last step re-sent nothing. */
int tls_session_is_datagram(tls_session *session);
SECURITY_STATUS tls_session_set_mtu(tls_session *session, unsigned int mtu);
unsigned int tls_session_mtu(tls_session *session);
uint64_t tls_session_resend_expiry(tls_session *session);

/* Appends an alert record (close_notify when level 1 and number 0) for the peer to `out`. */
SECURITY_STATUS tls_session_alert(tls_session *session, int level, int number, tls_bytes *out);

/* Connection facts for QueryContextAttributes. */
typedef struct tls_connection_info {
    uint16_t wire_version;      /* 0x0301 … 0x0304 */
    uint16_t cipher_suite;      /* IANA number */
    char cipher_suite_name[64]; /* IANA/Windows name, e.g. TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 */
    ALG_ID cipher_alg;
    DWORD cipher_bits;
    DWORD cipher_block;
    ALG_ID hash_alg; /* MAC hash; for AEAD the PRF hash */
    DWORD hash_bits; /* MAC key bits, 0 for AEAD */
    ALG_ID exchange_alg;
    DWORD exchange_bits;
    ALG_ID signature_alg; /* CALG_RSA_SIGN or CALG_ECDSA from the server certificate */
    int aead;
    uint16_t group; /* TLS named group of the key exchange, 0 if none */
    int resumed;
    uint8_t session_id[32];
    unsigned int session_id_len;
} tls_connection_info;
SECURITY_STATUS tls_session_connection_info(tls_session *session, tls_connection_info *info);

/* The peer's certificates as sent (DER, leaf first); the pointers stay valid while the session
 * lives. */
size_t tls_session_peer_chain(tls_session *session, const uint8_t *const **certs,
                              const size_t **lens);

/* Application protocol selected by ALPN (empty if none). */
SECURITY_STATUS tls_session_set_alpn(tls_session *session, const uint8_t *wire_list,
                                     size_t wire_len);
void tls_session_selected_alpn(tls_session *session, const uint8_t **proto, unsigned int *len);

/* RFC 5929 tls-unique: the first Finished message of the connection. */
size_t tls_session_tls_unique(tls_session *session, uint8_t *buf, size_t buf_len);

/* RFC 5705 keying material exporter. */
SECURITY_STATUS tls_session_export_keying_material(tls_session *session, const char *label,
                                                   const uint8_t *context, size_t context_len,
                                                   uint8_t *out, size_t out_len);

/* RFC 5929 tls-server-end-point hash of a DER certificate: its signature's hash, SHA-256 for
 * MD5 and SHA-1. Returns the hash length (0 on failure); `out` holds at least 64 bytes. */
size_t tls_endpoint_hash(const uint8_t *der, size_t der_len, uint8_t *out);

/* DER names of the certificate authorities the server named in its CertificateRequest. */
size_t tls_session_issuer_names(tls_session *session, const uint8_t *const **names,
                                const size_t **lens);

/* A client's certificate that did not come from its credential (the default one it took from
 * the user's MY store), as a new reference, or NULL. */
PCCERT_CONTEXT tls_session_default_certificate(tls_session *session);
#endif
