/* A Schannel security context: the TLS session and the Windows-visible state around it, shared
 * by the provider (schannel_provider.c) and the files that implement one call each on an
 * already located and locked context. No OpenSSL here. */
#ifndef SSPISHIM_SCHANNEL_CONTEXT_H
#define SSPISHIM_SCHANNEL_CONTEXT_H

#include "platform.h"
#include "schannel_cred.h"
#include "schannel_input.h"
#include "tls_engine.h"

/* cbMaxToken of the Schannel packages, as Windows 10/11 report it: 0x6000 (24576; Wine says
 * 16384). QuerySecurityPackageInfo and QueryContextAttributes(SIZES) both give it. */
#define SCHANNEL_MAX_TOKEN 0x6000

/* What SetContextAttributes(SECPKG_ATTR_KEYING_MATERIAL_INFO) asked to export (RFC 5705). */
typedef struct schannel_keying_request {
    char *label;      /* NUL-terminated copy; NULL: nothing requested */
    uint8_t *context; /* NULL: no context value (RFC 5705 tells it from an empty one) */
    size_t context_len;
    DWORD length; /* bytes of keying material */
} schannel_keying_request;

typedef struct schannel_ctx {
    sspi_object base;
    schannel_credential *credential;
    tls_session *session;
    platform_mutex *lock; /* one TLS connection must not run two calls at once */
    int is_server;
    size_t header_size;
    int handshake_done; /* the first handshake completed */
    int renegotiating;  /* the peer started a new handshake on the established connection */
    int alert_pending;  /* ApplyControlToken(SHUTDOWN/ALERT) waits for the next ISC/ASC */
    DWORD alert_level;
    DWORD alert_number;
    int no_reconnect;        /* SCHANNEL_SESSION: do not resume this session */
    SECURITY_STATUS failure; /* a fatal error sticks to the context */
    /* SEC_I_INCOMPLETE_CREDENTIALS was returned: the next ISC goes on (with a certificate if
     * its credential has one). That call's input, and how much of it was consumed. */
    int credentials_needed;
    tls_bytes paused_input;
    size_t paused_consumed;
    schannel_keying_request keying;
} schannel_ctx;

/* EncryptMessage/DecryptMessage in stream mode (schannel_records.c), on a descriptor that
 * schannel_check_encrypt_desc/schannel_check_decrypt_desc accepted and laid out. */
SECURITY_STATUS schannel_encrypt(schannel_ctx *ctx, PSecBufferDesc message,
                                 const schannel_encrypt_layout *layout);
SECURITY_STATUS schannel_decrypt(schannel_ctx *ctx, PSecBufferDesc message,
                                 const schannel_decrypt_layout *layout);

/* QueryContextAttributes (schannel_attributes.c); `ansi` selects the A layout of KEY_INFO. */
SECURITY_STATUS schannel_query_attribute(schannel_ctx *ctx, int ansi, ULONG attribute,
                                         void *buffer);

/* The SP_PROT_* bit of a wire version for one side (0 when there is none). */
DWORD schannel_protocol_bit(uint16_t wire_version, int is_server);

/* After a first handshake: SEC_E_ALGORITHM_MISMATCH when TLS_PARAMETERS tied to the negotiated
 * ALPN id disable the negotiated protocol (schannel_alpn_limits.c). */
SECURITY_STATUS schannel_check_alpn_limits(schannel_ctx *ctx);

/* SetContextAttributes (schannel_set_attributes.c), on a locked context. */
SECURITY_STATUS schannel_set_attribute(schannel_ctx *ctx, int ansi, ULONG attribute,
                                       const void *buffer, ULONG size);
void schannel_keying_request_clear(schannel_keying_request *request);

#endif
