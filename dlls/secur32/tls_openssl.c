/* TLS engine on OpenSSL: library initialisation, version, capabilities, and the connection entry
 * points of tls_engine.h. */
#include "config.h"

#include "tls_engine.h"

#include "platform.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

struct tls_engine_credential {
    int is_server;
    DWORD protocols;
    DWORD flags;
};

struct tls_engine_session {
    tls_engine_credential *credential;
    int is_server;
};

static platform_once init_once = PLATFORM_ONCE_INIT;
static int init_ok;
static char version[160];

static void init_library(void)
{
    init_ok = OPENSSL_init_ssl(OPENSSL_INIT_NO_ATEXIT, NULL) == 1;
    snprintf(version, sizeof(version), "sspishim %s (%s)", PACKAGE_VERSION,
             OpenSSL_version(OPENSSL_VERSION));
}

SECURITY_STATUS tls_engine_init(void)
{
    platform_run_once(&init_once, init_library);
    return init_ok ? SEC_E_OK : SEC_E_INTERNAL_ERROR;
}

void tls_engine_thread_exit(void)
{
    OPENSSL_thread_stop();
}

const char *tls_engine_version(void)
{
    tls_engine_init();
    return version;
}

DWORD tls_engine_protocols(void)
{
    DWORD protocols = SP_PROT_TLS1_2 | SP_PROT_DTLS1_2;
#ifndef OPENSSL_NO_TLS1_3
    protocols |= SP_PROT_TLS1_3;
#endif
#ifndef OPENSSL_NO_TLS1_1
    protocols |= SP_PROT_TLS1_1;
#endif
#ifndef OPENSSL_NO_TLS1
    protocols |= SP_PROT_TLS1_0;
#endif
#ifndef OPENSSL_NO_DTLS1
    protocols |= SP_PROT_DTLS1_0;
#endif
    return protocols;
}

SECURITY_STATUS tls_engine_credential_new(const tls_engine_credential_params *params,
                                          tls_engine_credential **credential)
{
    tls_engine_credential *cred;

    if (tls_engine_init() != SEC_E_OK)
        return SEC_E_INTERNAL_ERROR;
    cred = calloc(1, sizeof(*cred));
    if (!cred)
        return SEC_E_INSUFFICIENT_MEMORY;
    cred->is_server = params->is_server;
    cred->protocols = params->protocols;
    cred->flags = params->flags;
    *credential = cred;
    return SEC_E_OK;
}

void tls_engine_credential_free(tls_engine_credential *credential)
{
    free(credential);
}

SECURITY_STATUS tls_engine_session_new(tls_engine_credential *credential, int is_server,
                                       const WCHAR *target, tls_engine_session **session)
{
    tls_engine_session *s = calloc(1, sizeof(*s));
    if (!s)
        return SEC_E_INSUFFICIENT_MEMORY;
    s->credential = credential;
    s->is_server = is_server;
    *session = s;
    return SEC_E_OK;
}

void tls_engine_session_free(tls_engine_session *session)
{
    free(session);
}

/* The SSPI layer is complete up to here: every call below arrives with validated handles and
 * descriptors, and only the TLS work itself is missing. */
static SECURITY_STATUS connection_not_implemented(void)
{
    /* TLS engine: issue "Schannel core" */
    return SEC_E_INTERNAL_ERROR;
}

SECURITY_STATUS tls_engine_handshake(tls_engine_session *session, const BYTE *input,
                                     size_t input_len, size_t *consumed, BYTE **output,
                                     size_t *output_len)
{
    *consumed = 0;
    *output = NULL;
    *output_len = 0;
    return connection_not_implemented();
}

SECURITY_STATUS tls_engine_encrypt(tls_engine_session *session, PSecBufferDesc message)
{
    return connection_not_implemented();
}

SECURITY_STATUS tls_engine_decrypt(tls_engine_session *session, PSecBufferDesc message)
{
    return connection_not_implemented();
}

SECURITY_STATUS tls_engine_query(tls_engine_session *session, int ansi, ULONG attribute,
                                 void *buffer)
{
    return connection_not_implemented();
}

SECURITY_STATUS tls_engine_send_alert(tls_engine_session *session, DWORD level, DWORD number,
                                      BYTE **output, size_t *output_len)
{
    *output = NULL;
    *output_len = 0;
    return connection_not_implemented();
}
