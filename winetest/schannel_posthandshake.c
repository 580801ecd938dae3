/* TLS 1.3 post-handshake messages (client checklist 47): every session ticket the server sends
 * after its handshake reaches the client's DecryptMessage as SEC_I_RENEGOTIATE with no data, and
 * the InitializeSecurityContext call that answers it returns SEC_E_OK at once, with nothing to
 * send and the flags of the handshake, so that no caller waits for data that never comes. */
#include "schannel_util.h"

#include <string.h>

#define CLIENT_REQ (ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM | ISC_REQ_SEQUENCE_DETECT)
#define SERVER_REQ (ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM | ASC_REQ_SEQUENCE_DETECT)

/* The call an application makes after SEC_I_RENEGOTIATE; curl passes a TOKEN of the bytes it
 * kept (`kept`), Qt passes no input at all (`kept` NULL). */
static SECURITY_STATUS answer(loop_side *client, loop_pipe *kept, ULONG *out_len, ULONG *attrs)
{
    unsigned char out_data[2048];
    SecBuffer in_buf[2], out_buf;
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};
    SECURITY_STATUS status;

    in_buf[0].BufferType = SECBUFFER_TOKEN;
    in_buf[0].cbBuffer = kept ? (ULONG)kept->len : 0;
    in_buf[0].pvBuffer = kept ? kept->data : NULL;
    in_buf[1].BufferType = SECBUFFER_EMPTY;
    in_buf[1].cbBuffer = 0;
    in_buf[1].pvBuffer = NULL;
    out_buf.BufferType = SECBUFFER_TOKEN;
    out_buf.cbBuffer = sizeof(out_data);
    out_buf.pvBuffer = out_data;
    status =
        InitializeSecurityContextA(&client->cred, &client->ctx, "localhost", CLIENT_REQ, 0, 0,
                                   kept ? &in_desc : NULL, 0, &client->ctx, &out_desc, attrs, NULL);
    *out_len = out_buf.cbBuffer;
    if (kept && kept->len && status == SEC_E_OK)
        ok(in_buf[1].BufferType == SECBUFFER_EXTRA && in_buf[1].cbBuffer == kept->len,
           "every kept byte is left for DecryptMessage (type %lu, %lu of %lu bytes)\n",
           (unsigned long)in_buf[1].BufferType, (unsigned long)in_buf[1].cbBuffer,
           (unsigned long)kept->len);
    return status;
}

static void test_tickets(void)
{
    PCCERT_CONTEXT cert = load_fixture_pfx("server-rsa");
    CredHandle ccred, scred;
    loop_side client, server;
    loop_pipe got = {0};
    ULONG first_attrs, attrs, out_len;
    SECURITY_STATUS status;
    int tickets = 0;

    if (!cert) {
        skip("no server-rsa fixture\n");
        return;
    }
    status = loop_acquire(&scred, SECPKG_CRED_INBOUND, cert, SP_PROT_TLS1_3_SERVER, 0);
    if (status != SEC_E_OK) {
        skip("no TLS 1.3 server credential here (0x%08lx)\n", (unsigned long)status);
        CertFreeCertificateContext(cert);
        return;
    }
    status = loop_acquire(&ccred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_3_CLIENT,
                          SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    ok_status(status, SEC_E_OK, "TLS 1.3 client credential");
    loop_side_init(&client, &ccred, 0, CLIENT_REQ, "localhost");
    loop_side_init(&server, &scred, 1, SERVER_REQ, NULL);
    status = loop_handshake(&client, &server, 0, 20);
    if (status != SEC_E_OK) {
        skip("no TLS 1.3 handshake here (0x%08lx)\n", (unsigned long)status);
        goto done;
    }
    first_attrs = client.attrs & ~ISC_RET_ALLOCATED_MEMORY; /* the loop asks for it */
    ok(client.in.len > 0, "the server sends tickets after its handshake\n");
    /* Take each record by hand rather than through the loop's own answer. */
    client.peer = NULL;
    while (client.in.len && tickets < 8) {
        status = loop_receive(&client, 0, &got);
        ok_status(status, SEC_I_RENEGOTIATE, "DecryptMessage of a ticket");
        ok(got.len == 0, "a ticket carries no data (%lu bytes)\n", (unsigned long)got.len);
        if (status != SEC_I_RENEGOTIATE)
            break;
        status = answer(&client, tickets % 2 ? &client.in : NULL, &out_len, &attrs);
        ok_status(status, SEC_E_OK, "the call after a ticket completes at once");
        ok(out_len == 0, "nothing to send for a ticket (%lu bytes)\n", (unsigned long)out_len);
        ok(attrs == first_attrs, "flags 0x%lx, after the handshake 0x%lx\n", (unsigned long)attrs,
           (unsigned long)first_attrs);
        tickets++;
    }
    ok(tickets >= 1, "%d tickets\n", tickets);
    /* With no message pending, the same call has nothing to complete (reference §2.14). */
    ok_status(answer(&client, NULL, &out_len, &attrs), SEC_E_INCOMPLETE_MESSAGE,
              "a call with nothing pending");
    ok_status(loop_send(&server, &client, "after", 5), SEC_E_OK, "server encrypts");
    ok_status(loop_receive(&client, 0, &got), SEC_E_OK, "client decrypts");
    ok(got.len == 5 && !memcmp(got.data, "after", 5), "data after the tickets arrives intact\n");
done:
    loop_pipe_free(&got);
    loop_side_free(&client);
    loop_side_free(&server);
    FreeCredentialsHandle(&ccred);
    FreeCredentialsHandle(&scred);
    CertFreeCertificateContext(cert);
}

START_TEST(schannel_posthandshake)
{
    if (!fixtures_available())
        return;
    test_tickets();
}
