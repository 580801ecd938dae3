/* Helpers for SecBufferDesc arguments. Buffer types are compared without the SECBUFFER_ATTRMASK
 * bits (READONLY etc.), as Windows does. */
#ifndef SSPISHIM_SSPI_BUFFERS_H
#define SSPISHIM_SSPI_BUFFERS_H

#include "win_sspi.h"

/* SECBUFFER_ATTRMASK: the flag bits of BufferType. */
#define SSPI_BUFFER_ATTRMASK 0xF0000000u

/* Inline: EncryptMessage and DecryptMessage walk every descriptor through these. */
static inline ULONG sspi_buffer_type(const SecBuffer *buffer)
{
    return buffer->BufferType & ~SSPI_BUFFER_ATTRMASK;
}

/* More buffers than any SSPI call takes: a descriptor claiming more is refused unread, since
 * the array behind pBuffers may be far shorter (no Windows limit is recorded; assumed). */
#define SSPI_MAX_BUFFERS 64

/* A descriptor the callee can walk: non-NULL, pBuffers non-NULL when cBuffers > 0, and no more
 * than SSPI_MAX_BUFFERS buffers. */
static inline int sspi_desc_usable(const SecBufferDesc *desc)
{
    return desc && (!desc->cBuffers || desc->pBuffers) && desc->cBuffers <= SSPI_MAX_BUFFERS;
}

/* Index of the first buffer of `type` at or after `start`, or -1 (also for unusable descs). */
int sspi_find_buffer(const SecBufferDesc *desc, ULONG type, ULONG start);

/* Number of buffers of `type`. */
ULONG sspi_count_buffers(const SecBufferDesc *desc, ULONG type);

#endif
