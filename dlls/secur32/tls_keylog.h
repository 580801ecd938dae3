/* SSLKEYLOGFILE: when the variable names a file, every handshake appends its secrets to it in
 * the NSS key log format (CLIENT_RANDOM for TLS 1.2 and older, the *_TRAFFIC_SECRET labels for
 * TLS 1.3), so that Wireshark can decrypt a capture. Windows' Schannel has no such switch. */
#ifndef SSPISHIM_TLS_KEYLOG_H
#define SSPISHIM_TLS_KEYLOG_H

#include <openssl/ssl.h>

/* Reads SSLKEYLOGFILE (once per process) and, when set, makes `ctx` log its sessions' secrets. */
void tls_keylog_install(SSL_CTX *ctx);

#endif
