/* The one header project sources include for the Windows API. On MinGW it takes the toolchain's
 * headers and adds what mingw-w64 lacks (reference §7.6); natively it takes our include/
 * headers, which define everything already. Build with $(WIN_CPPFLAGS) (SECURITY_WIN32,
 * SCHANNEL_USE_BLACKLISTS, _WIN32_WINNT, NTDDI_VERSION). */
#ifndef SSPISHIM_WIN_SSPI_H
#define SSPISHIM_WIN_SSPI_H

#ifdef _WIN32

#include <windows.h>
/* UNICODE_STRING, used by SCH_CREDENTIALS under SCHANNEL_USE_BLACKLISTS. */
#include <winternl.h>
#include <wincrypt.h>
#include <sspi.h>
#include <schannel.h>

/* In the Windows SDK, missing from mingw-w64 10 (Debian bookworm). */
#ifndef SECBUFFER_CERTIFICATE_REQUEST_CONTEXT
#define SECBUFFER_CERTIFICATE_REQUEST_CONTEXT 29
#endif
/* 64-bit context flags: UINT64 only, never in ULONG fContextReq arithmetic. */
#ifndef ISC_REQ_DEFERRED_CRED_VALIDATION
#define ISC_REQ_DEFERRED_CRED_VALIDATION ((UINT64)0x0000000200000000)
#endif
#ifndef ISC_REQ_NO_POST_HANDSHAKE_AUTH
#define ISC_REQ_NO_POST_HANDSHAKE_AUTH ((UINT64)0x0000000400000000)
#endif
#ifndef ISC_RET_DEFERRED_CRED_VALIDATION
#define ISC_RET_DEFERRED_CRED_VALIDATION ((UINT64)0x0000000200000000)
#endif
#ifndef ISC_RET_NO_POST_HANDSHAKE_AUTH
#define ISC_RET_NO_POST_HANDSHAKE_AUTH ((UINT64)0x0000000400000000)
#endif
#ifndef SCH_CRED_DEFERRED_CRED_VALIDATION
#define SCH_CRED_DEFERRED_CRED_VALIDATION 0x04000000
#endif
#ifndef SECPKG_ATTR_CERT_CHECK_RESULT
#define SECPKG_ATTR_CERT_CHECK_RESULT 0x71
#endif
#ifndef SECPKG_ATTR_CERT_CHECK_RESULT_INPROC
#define SECPKG_ATTR_CERT_CHECK_RESULT_INPROC 0x72
#endif
#ifndef SECPKG_ATTR_SESSION_TICKET_KEYS
#define SECPKG_ATTR_SESSION_TICKET_KEYS 0x73
#endif
#ifndef SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT_INPROC
#define SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT_INPROC 0x74
#endif
#ifndef SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT
#define SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT 0x75
#endif

#else /* native host: our own Windows-compatible headers */

#include "windows.h"
#include "wincrypt.h"
#include "sspi.h"
#include "schannel.h"

#endif

#endif
