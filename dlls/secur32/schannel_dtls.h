/* DTLS in the Schannel layer (schannel_dtls.c): the MTU a caller gives on its first ISC/ASC or
 * through SECPKG_ATTR_DTLS_MTU, and the expiry a re-sending call reports. No OpenSSL here. */
#ifndef SSPISHIM_SCHANNEL_DTLS_H
#define SSPISHIM_SCHANNEL_DTLS_H

#include "tls_engine.h"

/* A SECBUFFER_DTLS_MTU input buffer (a WORD; a shorter buffer is ignored, as Windows does). */
void schannel_dtls_apply_mtu(tls_session *session, const SecBufferDesc *input);

/* After a handshake step: a step that re-sent the last flight reports when to try again. */
void schannel_dtls_report_expiry(tls_session *session, PTimeStamp expiry);

/* SECPKG_ATTR_DTLS_MTU (SEC_DTLS_MTU): SEC_E_UNSUPPORTED_FUNCTION on a TLS context, Windows'
 * range 200..65535 when set. */
SECURITY_STATUS schannel_dtls_query_mtu(tls_session *session, SEC_DTLS_MTU *out);
SECURITY_STATUS schannel_dtls_set_mtu(tls_session *session, const void *buffer, ULONG size);

#endif
