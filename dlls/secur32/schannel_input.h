/* Schannel's rules for the descriptors of ISC/ASC, ApplyControlToken, EncryptMessage and
 * DecryptMessage: what Windows rejects before any TLS work, and how handshake output and
 * leftover input are reported. Pure functions over SecBufferDesc, unit-tested on their own. */
#ifndef SSPISHIM_SCHANNEL_INPUT_H
#define SSPISHIM_SCHANNEL_INPUT_H

#include "win_sspi.h"

#include <stddef.h>

/* Record header sizes: TLS 5 bytes, DTLS 13; the record length is the last two header bytes. */
#define SCHANNEL_TLS_HEADER  5
#define SCHANNEL_DTLS_HEADER 13

/* ISC/ASC output descriptor: NULL or no buffers -> SEC_E_INVALID_TOKEN; a TOKEN or ALERT buffer
 * of size 0 while the caller did not ask for allocation -> SEC_E_INSUFFICIENT_MEMORY. */
SECURITY_STATUS schannel_check_output(const SecBufferDesc *output, int allocate);

/* Whole records at the start of `data`: SEC_E_OK with their total size in *complete; or
 * SEC_E_INCOMPLETE_MESSAGE with the bytes still needed for the first one in *missing; or
 * SEC_E_INVALID_TOKEN when a header cannot be a TLS (DTLS) record's. */
SECURITY_STATUS schannel_scan_records(const unsigned char *data, size_t len, size_t header_size,
                                      size_t *complete, size_t *missing);

/* ISC/ASC input on a call that expects the peer's records. Returns SEC_E_OK with the bytes of
 * complete records at the start of the TOKEN buffer in *complete (and its index in *token), or
 * SEC_E_INVALID_TOKEN (an EMPTY buffer with data, malformed desc) or SEC_E_INCOMPLETE_MESSAGE
 * (no input, no TOKEN, or no complete record: then the first EMPTY buffer becomes MISSING with
 * the exact number of bytes still needed). */
SECURITY_STATUS schannel_check_handshake_input(SecBufferDesc *input, size_t header_size, int *token,
                                               size_t *complete);

/* ISC/ASC success: hand `data` (from platform_buffer_alloc, ownership taken) to the caller in
 * the first TOKEN output buffer, else the first EMPTY one. The caller's own memory is used when
 * it gave some and did not ask for allocation. SEC_E_OK, SEC_E_BUFFER_TOO_SMALL or
 * SEC_E_INVALID_TOKEN (no buffer to write to). `allocated` is set when the buffer was handed
 * over (ISC_RET_ALLOCATED_MEMORY). */
SECURITY_STATUS schannel_put_output(SecBufferDesc *output, int allocate, unsigned char *data,
                                    size_t len, int *allocated);

/* Reports unconsumed input: the first EMPTY input buffer (else the APPLICATION_PROTOCOLS one)
 * becomes EXTRA with the tail length. SEC_E_OK, or SEC_E_INVALID_TOKEN when there is no buffer
 * to report it in. */
SECURITY_STATUS schannel_report_extra(SecBufferDesc *input, int token, size_t consumed);

/* Every ALERT output buffer gets cbBuffer 0: Schannel writes an alert only when a step fails. */
void schannel_clear_alert_buffers(SecBufferDesc *output);

/* Installs the ALPN list of an APPLICATION_PROTOCOLS input buffer, if any (schannel_alpn.c). */
struct tls_session;
void schannel_apply_alpn(struct tls_session *session, const SecBufferDesc *input);

/* Attributes granted by a successful ISC (is_server 0, ISC_RET_*) or ASC (ASC_RET_*). */
ULONG schannel_context_attr(int is_server, ULONG context_req);

/* ApplyControlToken: SEC_E_OK with the token's type and its buffer, or the error Windows gives
 * for the descriptor (NULL -> INTERNAL_ERROR, not one TOKEN -> INVALID_TOKEN, < 4 bytes ->
 * UNSUPPORTED_FUNCTION). */
SECURITY_STATUS schannel_parse_control_token(const SecBufferDesc *input, DWORD *type,
                                             const SecBuffer **buffer);

/* Where EncryptMessage's buffers are: the first STREAM_HEADER, DATA and STREAM_TRAILER (-1 for
 * none). */
typedef struct schannel_encrypt_layout {
    int header, data, trailer;
} schannel_encrypt_layout;

/* Where DecryptMessage's buffers are: the DATA buffer and the first three EMPTY ones. */
typedef struct schannel_decrypt_layout {
    int data, empty[3];
} schannel_decrypt_layout;

/* EncryptMessage needs a DATA buffer; DecryptMessage at least 4 buffers, exactly one DATA and
 * at least three EMPTY. SEC_E_OK with the layout, found in one pass (these run on every
 * message), or SEC_E_INVALID_TOKEN. */
SECURITY_STATUS schannel_check_encrypt_desc(const SecBufferDesc *message,
                                            schannel_encrypt_layout *layout);
SECURITY_STATUS schannel_check_decrypt_desc(const SecBufferDesc *message,
                                            schannel_decrypt_layout *layout);

#endif
