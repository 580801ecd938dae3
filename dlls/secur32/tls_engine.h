/* The narrow interface between the SSPI layer (sspi_*.c, schannel_*.c) and the TLS engine
 * (tls_openssl*.c, the only files that include OpenSSL). The SSPI layer owns every Windows rule
 * about handles, descriptors and argument order; the engine owns the protocol. Functions return
 * Windows status codes so that TLS-library errors are mapped in one place, inside the engine. */
#ifndef SSPISHIM_TLS_ENGINE_H
#define SSPISHIM_TLS_ENGINE_H

#include "win_sspi.h"

#include <stddef.h>

/* Initialises the TLS library once; SEC_E_OK or SEC_E_INTERNAL_ERROR. */
SECURITY_STATUS tls_engine_init(void);

/* A thread of the host process ends: release the TLS library's per-thread state. */
void tls_engine_thread_exit(void);

/* "sspishim X.Y.Z (OpenSSL A.B.C ...)": identifies this secur32 (SspiShimGetVersion). */
const char *tls_engine_version(void);

/* SP_PROT_* bits (client and server) the engine can negotiate. */
DWORD tls_engine_protocols(void);

/* Whether a certificate given to AcquireCredentialsHandle can be used: SEC_E_OK,
 * SEC_E_UNKNOWN_CREDENTIALS (unusable certificate) or SEC_E_NO_CREDENTIALS (no private key). */
SECURITY_STATUS tls_engine_check_certificate(PCCERT_CONTEXT certificate);

typedef struct tls_engine_credential tls_engine_credential;
typedef struct tls_engine_session tls_engine_session;

typedef struct tls_engine_credential_params {
    int is_server;
    DWORD protocols;            /* effective SP_PROT_* bits, already filtered by direction */
    DWORD flags;                /* SCH_CRED_* */
    PCCERT_CONTEXT certificate; /* NULL: none; checked with tls_engine_check_certificate */
} tls_engine_credential_params;

SECURITY_STATUS tls_engine_credential_new(const tls_engine_credential_params *params,
                                          tls_engine_credential **credential);
void tls_engine_credential_free(tls_engine_credential *credential);

/* A TLS connection for one security context. `target` (UTF-16, may be NULL) names the server. */
SECURITY_STATUS tls_engine_session_new(tls_engine_credential *credential, int is_server,
                                       const WCHAR *target, tls_engine_session **session);
void tls_engine_session_free(tls_engine_session *session);

/* One handshake step. `input` holds only complete records (the SSPI layer checked framing);
 * *consumed receives the bytes used. Output records are appended to a buffer allocated with
 * platform_buffer_alloc in *output / *output_len (NULL/0 when nothing to send). */
SECURITY_STATUS tls_engine_handshake(tls_engine_session *session, const BYTE *input,
                                     size_t input_len, size_t *consumed, BYTE **output,
                                     size_t *output_len);

/* Stream-mode message protection on descriptors the SSPI layer validated. */
SECURITY_STATUS tls_engine_encrypt(tls_engine_session *session, PSecBufferDesc message);
SECURITY_STATUS tls_engine_decrypt(tls_engine_session *session, PSecBufferDesc message);

/* Context attributes that come from the connection (STREAM_SIZES, CONNECTION_INFO, ...). */
SECURITY_STATUS tls_engine_query(tls_engine_session *session, int ansi, ULONG attribute,
                                 void *buffer);

/* Produces the alert record ApplyControlToken asked for (close_notify is level 1, number 0),
 * encrypted once keys exist; output as for tls_engine_handshake. */
SECURITY_STATUS tls_engine_send_alert(tls_engine_session *session, DWORD level, DWORD number,
                                      BYTE **output, size_t *output_len);

#endif
