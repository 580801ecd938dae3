/* A Schannel security context: the TLS session and the Windows-visible state around it, shared
 * by the provider (schannel_provider.c) and the files that implement one call each on an
 * already located and locked context. No OpenSSL here. */
#ifndef SSPISHIM_SCHANNEL_CONTEXT_H
#define SSPISHIM_SCHANNEL_CONTEXT_H

#include "platform.h"
#include "schannel_cred.h"
#include "tls_engine.h"

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
    int no_reconnect;         /* SCHANNEL_SESSION: do not resume this session */
    SECURITY_STATUS failure; /* a fatal error sticks to the context */
} schannel_ctx;

/* EncryptMessage/DecryptMessage in stream mode (schannel_records.c). */
SECURITY_STATUS schannel_encrypt(schannel_ctx *ctx, PSecBufferDesc message);
SECURITY_STATUS schannel_decrypt(schannel_ctx *ctx, PSecBufferDesc message);

/* QueryContextAttributes (schannel_attributes.c); `ansi` selects the A layout of KEY_INFO. */
SECURITY_STATUS schannel_query_attribute(schannel_ctx *ctx, int ansi, ULONG attribute,
                                         void *buffer);

#endif
