/* What test programs hand to SSPI calls: a Schannel credential, the descriptors of a handshake
 * call, of an EncryptMessage of one record and of a DecryptMessage, and the records of a DTLS
 * token. Plain SSPI and no loop state, so that a program outside the loops (tests/interop's
 * dtls-peer) links this file alone. */
#ifndef SSPISHIM_LOOP_SSPI_H
#define SSPISHIM_LOOP_SSPI_H

#include "win_sspi.h"

#include <stddef.h>

/* A DTLS record header: type, version, epoch and sequence number, then the length in bytes
 * 11-12 (reference §2.8). */
#define DTLS_LOOP_HEADER 13

/* AcquireCredentialsHandleA for Schannel with a SCHANNEL_CRED. */
SECURITY_STATUS loop_acquire(CredHandle *cred, ULONG use, PCCERT_CONTEXT cert, DWORD protocols,
                             DWORD flags);

/* The descriptors of one handshake call: input [TOKEN, EMPTY] over `token`, output
 * [TOKEN, ALERT] for the package to allocate. in_buf has room for one more input buffer. */
typedef struct loop_step_buffers {
    SecBuffer in_buf[3];
    SecBuffer out_buf[2];
    SecBufferDesc in;
    SecBufferDesc out;
} loop_step_buffers;

void loop_step_buffers_init(loop_step_buffers *b, void *token, size_t len);
/* Appends SECBUFFER_DTLS_MTU over *mtu to the input (a DTLS side's first call). */
void loop_step_buffers_add_mtu(loop_step_buffers *b, WORD *mtu);
/* Bytes the call left unused (its EXTRA buffer), and the output returned to the package. */
size_t loop_step_extra(const loop_step_buffers *b);
void loop_step_buffers_free(loop_step_buffers *b);

/* EncryptMessage's [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY] over one record at `record`:
 * the header, `len` bytes of data (already at record + cbHeader), then room for the trailer. */
void loop_encrypt_buffers(SecBuffer bufs[4], unsigned char *record, size_t len,
                          const SecPkgContext_StreamSizes *sizes);
/* The record EncryptMessage made in those buffers: header, data and trailer back to back, as
 * it goes on the wire. */
size_t loop_record_size(const SecBuffer bufs[4]);

/* DecryptMessage's [DATA, EMPTY, EMPTY, EMPTY] over `len` bytes at `data`. */
void loop_decrypt_buffers(SecBuffer bufs[4], void *data, size_t len);

/* Calls `each` with every record of a DTLS token in turn (one datagram each). Returns 0 when
 * the token is not whole records or `each` returns 0, else 1. */
int loop_dtls_records(const unsigned char *token, size_t len,
                      int (*each)(void *arg, const unsigned char *record, size_t len), void *arg);

#endif
