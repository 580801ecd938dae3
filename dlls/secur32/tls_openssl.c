/* TLS engine on OpenSSL: library initialisation, version and capabilities. */
#include "config.h"

#include "tls_engine.h"

#include "platform.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

static platform_once init_once = PLATFORM_ONCE_INIT;
static int init_ok;
static char version[160];

static void init_library(void)
{
    /* No openssl.cnf: Windows' behaviour must not depend on the host's OpenSSL configuration. */
    init_ok = OPENSSL_init_ssl(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_NO_LOAD_CONFIG, NULL) == 1;
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
