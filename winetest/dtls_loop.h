/* An in-process DTLS connection between two SSPI contexts over a simulated datagram network:
 * every record a call returns is one datagram, and a filter may lose, duplicate or reorder the
 * datagrams of a flight on its way. A side that hears nothing asks its context to re-send
 * (ISC/ASC without input), as a DTLS application does when its timer fires. Written only
 * against SSPI, so conformance units and native unit tests share it. */
#ifndef SSPISHIM_DTLS_LOOP_H
#define SSPISHIM_DTLS_LOOP_H

#include "loop_sspi.h"
#include "win_sspi.h"

#include <stddef.h>

#define DTLS_LOOP_MAX_DATAGRAMS 128

typedef struct dtls_datagrams {
    unsigned char *data[DTLS_LOOP_MAX_DATAGRAMS];
    size_t len[DTLS_LOOP_MAX_DATAGRAMS];
    size_t count;
} dtls_datagrams;

void dtls_datagrams_free(dtls_datagrams *list);
/* Appends a copy (0 when full or out of memory). */
int dtls_datagrams_push(dtls_datagrams *list, const void *data, size_t len);
/* Removes datagram `index`, keeping the order of the others. */
void dtls_datagrams_remove(dtls_datagrams *list, size_t index);
/* Appends every record of `token` as a datagram of its own. */
int dtls_datagrams_split(dtls_datagrams *list, const unsigned char *token, size_t len);
void dtls_datagrams_move(dtls_datagrams *to, dtls_datagrams *from);

typedef struct dtls_peer {
    CredHandle cred;
    CtxtHandle ctx;
    int has_ctx;
    int is_server;
    ULONG req;
    const char *target;
    WORD mtu;               /* given as SECBUFFER_DTLS_MTU on the first call; 0: none */
    SECURITY_STATUS status; /* latest handshake status */
    ULONG attrs;
    TimeStamp expiry; /* as the latest handshake call returned it */
    int calls;
    int resends;       /* calls without input made after the first */
    size_t largest;    /* the largest datagram this side produced */
    dtls_datagrams in; /* datagrams that reached this side */
} dtls_peer;

/* DTLS 1.2 credentials (SCHANNEL_CRED) and a fresh side; `cert` only for a server. */
SECURITY_STATUS dtls_peer_init(dtls_peer *peer, int is_server, PCCERT_CONTEXT cert, WORD mtu);
void dtls_peer_free(dtls_peer *peer);

/* One ISC/ASC call with every datagram in `in` concatenated in its TOKEN (no input descriptor
 * when there is none and the side already has a context, or for a client's first call); the
 * output token is split into datagrams appended to `out`. */
SECURITY_STATUS dtls_step(dtls_peer *peer, dtls_datagrams *in, dtls_datagrams *out);

/* What the network does to a flight (in place); `flight` counts the flights of one direction. */
typedef void (*dtls_filter)(void *arg, int to_server, int flight, dtls_datagrams *datagrams);

/* Runs the handshake until both sides are done, one fails or `max_rounds` pass. A round without
 * any datagram delivered makes each unfinished side re-send. A finished side that still gets
 * handshake datagrams reads them with DecryptMessage and answers SEC_I_RENEGOTIATE with a
 * handshake call, as an application does. */
SECURITY_STATUS dtls_handshake(dtls_peer *client, dtls_peer *server, dtls_filter filter, void *arg,
                               int max_rounds);

/* EncryptMessage of `len` bytes (one record, one datagram) appended to `out`. */
SECURITY_STATUS dtls_encrypt(dtls_peer *peer, const void *data, size_t len, dtls_datagrams *out);
/* DecryptMessage of one datagram (in place in `datagram`); the plaintext is at *plain. */
SECURITY_STATUS dtls_decrypt(dtls_peer *peer, unsigned char *datagram, size_t len,
                             unsigned char **plain, size_t *plain_len);

#endif
