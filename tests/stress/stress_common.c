/* Shared by the stress programs (see stress_common.h). */
#include "stress_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQ_CLIENT                                                                                 \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |                   \
     ISC_REQ_EXTENDED_ERROR | ISC_REQ_STREAM)
#define REQ_SERVER                                                                                 \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY |                   \
     ASC_REQ_EXTENDED_ERROR | ASC_REQ_STREAM)

PCCERT_CONTEXT stress_cert(const char *name)
{
    const char *dir = getenv("SSPISHIM_CERTS");
    char path[1024];
    PCCERT_CONTEXT cert;

    snprintf(path, sizeof(path), "%s/%s.pfx", dir ? dir : "certs", name);
    cert = loop_load_pfx(path, "sspishim");
    if (!cert) {
        fprintf(stderr, "cannot load %s (set SSPISHIM_CERTS)\n", path);
        exit(1);
    }
    return cert;
}

void stress_credentials(CredHandle *server, CredHandle *client, PCCERT_CONTEXT cert,
                        DWORD protocols)
{
    SECURITY_STATUS status = loop_acquire(server, SECPKG_CRED_INBOUND, cert, protocols, 0);
    if (status == SEC_E_OK)
        status = loop_acquire(client, SECPKG_CRED_OUTBOUND, NULL, protocols,
                              SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS);
    if (status != SEC_E_OK) {
        fprintf(stderr, "AcquireCredentialsHandle: 0x%08x\n", (unsigned)status);
        exit(1);
    }
}

/* Sends `len` bytes of `fill` from one side and checks the other gets exactly them. */
static SECURITY_STATUS exchange(loop_side *from, loop_side *to, size_t len, unsigned char fill)
{
    unsigned char *data = malloc(len);
    loop_pipe got = {0};
    SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;

    if (data) {
        memset(data, fill, len);
        status = loop_send(from, to, data, len);
        if (status == SEC_E_OK)
            status = loop_receive(to, 0, &got);
        if (status == SEC_E_OK && (got.len != len || memcmp(got.data, data, len) != 0))
            status = SEC_E_INTERNAL_ERROR;
    }
    loop_pipe_free(&got);
    free(data);
    return status;
}

SECURITY_STATUS stress_connection(const CredHandle *client_cred, const CredHandle *server_cred,
                                  size_t slice, size_t len, unsigned char fill)
{
    loop_side client, server;
    SECURITY_STATUS status;

    loop_side_init(&client, client_cred, 0, REQ_CLIENT, "localhost");
    loop_side_init(&server, server_cred, 1, REQ_SERVER, NULL);
    status = loop_handshake(&client, &server, slice, slice ? 20000 : 20);
    if (status == SEC_E_OK)
        status = exchange(&client, &server, len, fill);
    if (status == SEC_E_OK)
        status = exchange(&server, &client, len, (unsigned char)~fill);
    loop_side_free(&client);
    loop_side_free(&server);
    return status;
}
