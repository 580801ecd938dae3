/* The SSPI status codes whose names the library's trace and the example programs print, as one
 * list: SSPI_STATUS_NAMES(X) expands X(code) for each. Include after win_sspi.h. */
#ifndef SSPISHIM_SSPI_STATUS_NAMES_H
#define SSPISHIM_SSPI_STATUS_NAMES_H

#define SSPI_STATUS_NAMES(X)                                                                       \
    X(SEC_E_OK)                                                                                    \
    X(SEC_I_CONTINUE_NEEDED)                                                                       \
    X(SEC_I_COMPLETE_NEEDED)                                                                       \
    X(SEC_I_COMPLETE_AND_CONTINUE)                                                                 \
    X(SEC_I_INCOMPLETE_CREDENTIALS)                                                                \
    X(SEC_I_RENEGOTIATE)                                                                           \
    X(SEC_I_CONTEXT_EXPIRED)                                                                       \
    X(SEC_I_GENERIC_EXTENSION_RECEIVED)                                                            \
    X(SEC_I_MESSAGE_FRAGMENT)                                                                      \
    X(SEC_E_INCOMPLETE_MESSAGE)                                                                    \
    X(SEC_E_INCOMPLETE_CREDENTIALS)                                                                \
    X(SEC_E_WRONG_PRINCIPAL)                                                                       \
    X(SEC_E_UNTRUSTED_ROOT)                                                                        \
    X(SEC_E_CERT_EXPIRED)                                                                          \
    X(SEC_E_CERT_UNKNOWN)                                                                          \
    X(SEC_E_CERT_WRONG_USAGE)                                                                      \
    X(SEC_E_ILLEGAL_MESSAGE)                                                                       \
    X(SEC_E_DECRYPT_FAILURE)                                                                       \
    X(SEC_E_ENCRYPT_FAILURE)                                                                       \
    X(SEC_E_ALGORITHM_MISMATCH)                                                                    \
    X(SEC_E_MESSAGE_ALTERED)                                                                       \
    X(SEC_E_OUT_OF_SEQUENCE)                                                                       \
    X(SEC_E_INVALID_TOKEN)                                                                         \
    X(SEC_E_INVALID_HANDLE)                                                                        \
    X(SEC_E_INVALID_PARAMETER)                                                                     \
    X(SEC_E_INTERNAL_ERROR)                                                                        \
    X(SEC_E_INSUFFICIENT_MEMORY)                                                                   \
    X(SEC_E_UNSUPPORTED_FUNCTION)                                                                  \
    X(SEC_E_BUFFER_TOO_SMALL)                                                                      \
    X(SEC_E_NO_CREDENTIALS)                                                                        \
    X(SEC_E_UNKNOWN_CREDENTIALS)                                                                   \
    X(SEC_E_SECPKG_NOT_FOUND)                                                                      \
    X(SEC_E_TARGET_UNKNOWN)                                                                        \
    X(SEC_E_NOT_OWNER)                                                                             \
    X(SEC_E_LOGON_DENIED)                                                                          \
    X(SEC_E_NO_AUTHENTICATING_AUTHORITY)                                                           \
    X(SEC_E_CONTEXT_EXPIRED)                                                                       \
    X(SEC_E_NO_CONTEXT)                                                                            \
    X(SEC_E_APPLICATION_PROTOCOL_MISMATCH)                                                         \
    X(CRYPT_E_REVOKED)                                                                             \
    X(CRYPT_E_REVOCATION_OFFLINE)                                                                  \
    X(CRYPT_E_NO_REVOCATION_CHECK)

#endif
