/* An in-process DTLS connection over a simulated datagram network (see dtls_loop.h). */
#include "dtls_loop.h"

#include "tls_loop.h"

#include <stdlib.h>
#include <string.h>

void dtls_datagrams_free(dtls_datagrams *list)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        free(list->data[i]);
    memset(list, 0, sizeof(*list));
}

int dtls_datagrams_push(dtls_datagrams *list, const void *data, size_t len)
{
    unsigned char *copy;

    if (list->count == DTLS_LOOP_MAX_DATAGRAMS)
        return 0;
    copy = malloc(len ? len : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, len);
    list->data[list->count] = copy;
    list->len[list->count++] = len;
    return 1;
}

void dtls_datagrams_remove(dtls_datagrams *list, size_t index)
{
    free(list->data[index]);
    memmove(&list->data[index], &list->data[index + 1],
            (list->count - index - 1) * sizeof(list->data[0]));
    memmove(&list->len[index], &list->len[index + 1],
            (list->count - index - 1) * sizeof(list->len[0]));
    list->count--;
}

static int push_record(void *list, const unsigned char *record, size_t len)
{
    return dtls_datagrams_push(list, record, len);
}

int dtls_datagrams_split(dtls_datagrams *list, const unsigned char *token, size_t len)
{
    return loop_dtls_records(token, len, push_record, list);
}

void dtls_datagrams_move(dtls_datagrams *to, dtls_datagrams *from)
{
    size_t i;
    for (i = 0; i < from->count; i++)
        dtls_datagrams_push(to, from->data[i], from->len[i]);
    dtls_datagrams_free(from);
}

SECURITY_STATUS dtls_peer_init(dtls_peer *peer, int is_server, PCCERT_CONTEXT cert, WORD mtu)
{
    memset(peer, 0, sizeof(*peer));
    peer->is_server = is_server;
    peer->mtu = mtu;
    peer->target = is_server ? NULL : "localhost";
    peer->req = is_server ? ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT |
                                ASC_REQ_CONFIDENTIALITY | ASC_REQ_EXTENDED_ERROR | ASC_REQ_DATAGRAM
                          : ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                                ISC_REQ_CONFIDENTIALITY | ISC_REQ_EXTENDED_ERROR |
                                ISC_REQ_DATAGRAM | ISC_REQ_MANUAL_CRED_VALIDATION;
    peer->status = SEC_I_CONTINUE_NEEDED;
    return loop_acquire(&peer->cred, is_server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND, cert,
                        is_server ? SP_PROT_DTLS1_2_SERVER : SP_PROT_DTLS1_2_CLIENT,
                        is_server ? 0
                                  : SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
}

void dtls_peer_free(dtls_peer *peer)
{
    if (peer->has_ctx)
        DeleteSecurityContext(&peer->ctx);
    FreeCredentialsHandle(&peer->cred);
    dtls_datagrams_free(&peer->in);
    memset(peer, 0, sizeof(*peer));
}

/* The TOKEN: every datagram back to back. */
static unsigned char *join(const dtls_datagrams *in, size_t *len)
{
    unsigned char *token;
    size_t i, total = 0, pos = 0;

    for (i = 0; i < in->count; i++)
        total += in->len[i];
    token = malloc(total ? total : 1);
    for (i = 0; token && i < in->count; i++) {
        memcpy(token + pos, in->data[i], in->len[i]);
        pos += in->len[i];
    }
    *len = total;
    return token;
}

SECURITY_STATUS dtls_step(dtls_peer *peer, dtls_datagrams *in, dtls_datagrams *out)
{
    loop_step_buffers b;
    unsigned char *token = NULL;
    size_t token_len = 0, i;
    WORD mtu = peer->mtu;
    CtxtHandle new_ctx;
    SECURITY_STATUS status;
    int have_input = in && in->count;
    int resend = peer->has_ctx && !have_input;

    if (have_input)
        token = join(in, &token_len);
    loop_step_buffers_init(&b, token, token_len);
    if (!have_input)
        b.in.cBuffers = 0; /* no TOKEN: the MTU alone, or no input descriptor at all */
    if (!peer->has_ctx && mtu)
        loop_step_buffers_add_mtu(&b, &mtu);
    memset(&new_ctx, 0, sizeof(new_ctx));
    peer->expiry.LowPart = 0;
    peer->expiry.HighPart = 0;
    if (peer->is_server)
        status = AcceptSecurityContext(
            &peer->cred, peer->has_ctx ? &peer->ctx : NULL, b.in.cBuffers ? &b.in : NULL,
            peer->req | ASC_REQ_ALLOCATE_MEMORY, 0, &new_ctx, &b.out, &peer->attrs, &peer->expiry);
    else
        status = InitializeSecurityContextA(
            &peer->cred, peer->has_ctx ? &peer->ctx : NULL, (SEC_CHAR *)peer->target,
            peer->req | ISC_REQ_ALLOCATE_MEMORY, 0, 0, b.in.cBuffers ? &b.in : NULL, 0, &new_ctx,
            &b.out, &peer->attrs, &peer->expiry);
    if (!peer->has_ctx && status >= 0) {
        peer->ctx = new_ctx;
        peer->has_ctx = 1;
    }
    if (resend)
        peer->resends++;
    peer->calls++;
    peer->status = status;
    if (b.out_buf[0].pvBuffer && b.out_buf[0].cbBuffer && out) {
        dtls_datagrams out_list = {0};
        if (!dtls_datagrams_split(&out_list, b.out_buf[0].pvBuffer, b.out_buf[0].cbBuffer))
            status = SEC_E_INTERNAL_ERROR; /* not whole records */
        for (i = 0; i < out_list.count; i++)
            if (out_list.len[i] > peer->largest)
                peer->largest = out_list.len[i];
        dtls_datagrams_move(out, &out_list);
    }
    loop_step_buffers_free(&b);
    free(token);
    return status;
}

/* A finished side reads late handshake datagrams as records; a re-sent final flight of its
 * peer makes it answer through a handshake call. */
static SECURITY_STATUS read_late(dtls_peer *peer, dtls_datagrams *out)
{
    SECURITY_STATUS status = SEC_E_OK;
    unsigned char *plain;
    size_t plain_len, i;

    for (i = 0; i < peer->in.count && status >= 0; i++) {
        status = dtls_decrypt(peer, peer->in.data[i], peer->in.len[i], &plain, &plain_len);
        if (status == SEC_I_RENEGOTIATE) {
            status = dtls_step(peer, NULL, out);
            peer->status = SEC_E_OK;
        }
    }
    dtls_datagrams_free(&peer->in);
    return status >= 0 ? SEC_E_OK : status;
}

static SECURITY_STATUS deliver(dtls_peer *peer, dtls_peer *to, dtls_filter filter, void *arg,
                               int *flight)
{
    dtls_datagrams out = {0};
    SECURITY_STATUS status;

    if (peer->status == SEC_E_OK)
        status = read_late(peer, &out);
    else
        status = dtls_step(peer, &peer->in, &out);
    dtls_datagrams_free(&peer->in);
    if (status < 0)
        return status;
    if (out.count && filter)
        filter(arg, !peer->is_server, (*flight)++, &out);
    dtls_datagrams_move(&to->in, &out);
    return SEC_E_OK;
}

/* The client re-sends before it reads what the server re-sent in the same silence. */
static SECURITY_STATUS resend_after(dtls_peer *peer, dtls_peer *to, dtls_filter filter, void *arg,
                                    int *flight)
{
    dtls_datagrams arrived = peer->in;
    SECURITY_STATUS status;

    memset(&peer->in, 0, sizeof(peer->in));
    status = deliver(peer, to, filter, arg, flight);
    peer->in = arrived;
    return status;
}

SECURITY_STATUS dtls_handshake(dtls_peer *client, dtls_peer *server, dtls_filter filter, void *arg,
                               int max_rounds)
{
    SECURITY_STATUS status;
    int round, to_server = 0, to_client = 0;

    status = deliver(client, server, filter, arg, &to_server); /* the ClientHello */
    for (round = 0; status >= 0 && round < max_rounds; round++) {
        int delivered = client->in.count || server->in.count;
        if (client->status == SEC_E_OK && server->status == SEC_E_OK && !delivered)
            return SEC_E_OK;
        if (!delivered) {
            /* Silence: each side still waiting re-sends its last flight, both at once. */
            if (server->has_ctx && server->status != SEC_E_OK)
                status = deliver(server, client, filter, arg, &to_client);
            if (status >= 0 && client->status != SEC_E_OK && !client->in.count)
                status = deliver(client, server, filter, arg, &to_server);
            else if (status >= 0 && client->status != SEC_E_OK)
                status = resend_after(client, server, filter, arg, &to_server);
            continue;
        }
        if (server->in.count)
            status = deliver(server, client, filter, arg, &to_client);
        if (status >= 0 && client->in.count)
            status = deliver(client, server, filter, arg, &to_server);
    }
    return status < 0 ? status : SEC_E_INTERNAL_ERROR; /* out of rounds */
}

SECURITY_STATUS dtls_encrypt(dtls_peer *peer, const void *data, size_t len, dtls_datagrams *out)
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    unsigned char *record;
    SECURITY_STATUS status;

    status = QueryContextAttributesA(&peer->ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    if (status != SEC_E_OK)
        return status;
    record = malloc(sizes.cbHeader + len + sizes.cbTrailer);
    if (!record)
        return SEC_E_INSUFFICIENT_MEMORY;
    loop_encrypt_buffers(bufs, record, len, &sizes);
    memcpy(bufs[1].pvBuffer, data, len);
    status = EncryptMessage(&peer->ctx, 0, &desc, 0);
    if (status == SEC_E_OK) {
        size_t total = loop_record_size(bufs);
        if (total > peer->largest)
            peer->largest = total;
        if (!dtls_datagrams_push(out, record, total))
            status = SEC_E_INSUFFICIENT_MEMORY;
    }
    free(record);
    return status;
}

SECURITY_STATUS dtls_decrypt(dtls_peer *peer, unsigned char *datagram, size_t len,
                             unsigned char **plain, size_t *plain_len)
{
    SecBuffer bufs[4];
    SecBufferDesc desc = {SECBUFFER_VERSION, 4, bufs};
    SECURITY_STATUS status;
    int i;

    loop_decrypt_buffers(bufs, datagram, len);
    *plain = NULL;
    *plain_len = 0;
    status = DecryptMessage(&peer->ctx, &desc, 0, NULL);
    for (i = 0; i < 4; i++) {
        if (bufs[i].BufferType == SECBUFFER_DATA) {
            *plain = bufs[i].pvBuffer;
            *plain_len = bufs[i].cbBuffer;
        }
    }
    return status;
}
