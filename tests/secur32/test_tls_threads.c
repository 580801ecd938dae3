/* Shared credentials under concurrent use, and credentials freed under live contexts
 * (checklist 50; reference §2.17). */
#include "tls_fixture.h"

#include <pthread.h>
#include <string.h>

#define THREADS 4
#define ROUNDS  50

typedef struct worker {
    CredHandle *client_cred, *server_cred;
    int index;
    int failures;
    SECURITY_STATUS first_failure;
} worker;

static int one_connection(worker *w, int round)
{
    unsigned char msg[3000], reply[3000];
    loop_side client, server;
    loop_pipe got = {0};
    int ok;

    memset(msg, 'a' + w->index, sizeof(msg));
    memset(reply, 'A' + round % 26, sizeof(reply));
    loop_side_init(&client, w->client_cred, 0, FX_ISC_REQ, "localhost");
    loop_side_init(&server, w->server_cred, 1, FX_ASC_REQ, NULL);
    ok = loop_handshake(&client, &server, (size_t)(round % 3) * 100, 20000) == SEC_E_OK &&
         loop_send(&client, &server, msg, sizeof(msg)) == SEC_E_OK &&
         loop_receive(&server, 0, &got) == SEC_E_OK && got.len == sizeof(msg) &&
         memcmp(got.data, msg, sizeof(msg)) == 0;
    got.len = 0;
    ok = ok && loop_send(&server, &client, reply, sizeof(reply)) == SEC_E_OK &&
         loop_receive(&client, 0, &got) == SEC_E_OK && got.len == sizeof(reply) &&
         memcmp(got.data, reply, sizeof(reply)) == 0;
    if (!ok && !w->first_failure)
        w->first_failure = client.status != SEC_E_OK ? client.status : server.status;
    loop_pipe_free(&got);
    loop_side_free(&client);
    loop_side_free(&server);
    return ok;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    int round;
    for (round = 0; round < ROUNDS; round++)
        w->failures += !one_connection(w, round);
    return NULL;
}

Test(threads, shared_credentials, .timeout = 120)
{
    fx_pair pair;
    pthread_t threads[THREADS];
    worker workers[THREADS];
    int i;

    fx_open(&pair, "server-ecdsa", SP_PROT_TLS1_2 | SP_PROT_TLS1_3,
            SCH_CRED_MANUAL_CRED_VALIDATION);
    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof(workers[i]));
        workers[i].client_cred = &pair.client_cred;
        workers[i].server_cred = &pair.server_cred;
        workers[i].index = i;
        cr_assert_eq(pthread_create(&threads[i], NULL, run_worker, &workers[i]), 0);
    }
    for (i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    for (i = 0; i < THREADS; i++)
        cr_expect_eq(workers[i].failures, 0, "thread %d: %d failures, first 0x%08x", i,
                     workers[i].failures, (unsigned)workers[i].first_failure);
    fx_close(&pair);
}

/* Encrypt on one thread while the other decrypts, on the same context pair. */
static void *send_many(void *arg)
{
    fx_pair *pair = arg;
    unsigned char msg[500];
    int i;
    memset(msg, 's', sizeof(msg));
    for (i = 0; i < 200; i++)
        if (loop_send(&pair->server, &pair->client, msg, sizeof(msg)) != SEC_E_OK)
            return (void *)1;
    return NULL;
}

Test(threads, encrypt_while_decrypting, .timeout = 60)
{
    fx_pair pair;
    pthread_t thread;
    unsigned char msg[500];
    loop_pipe got = {0};
    void *result;
    int i;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_3);
    memset(msg, 'c', sizeof(msg));
    for (i = 0; i < 200; i++)
        cr_assert_eq(loop_send(&pair.client, &pair.server, msg, sizeof(msg)), SEC_E_OK);
    cr_assert_eq(pthread_create(&thread, NULL, send_many, &pair), 0);
    cr_assert_eq(loop_receive(&pair.server, 0, &got), SEC_E_OK);
    pthread_join(thread, &result);
    cr_assert_null(result);
    cr_assert_eq(got.len, 200 * sizeof(msg));
    loop_pipe_free(&got);
    cr_assert_eq(loop_receive(&pair.client, 0, &got), SEC_E_OK);
    cr_assert_eq(got.len, 200 * sizeof(msg));
    loop_pipe_free(&got);
    fx_close(&pair);
}

/* A context keeps working after its credential handle is freed; the handle itself is gone. */
Test(threads, free_credentials_under_live_context)
{
    static const char msg[] = "still here";
    fx_pair pair;
    CredHandle client_cred, server_cred;
    loop_side fresh;

    fx_connect(&pair, "server-rsa", SP_PROT_TLS1_2);
    client_cred = pair.client_cred;
    server_cred = pair.server_cred;
    cr_assert_eq(FreeCredentialsHandle(&client_cred), SEC_E_OK);
    cr_assert_eq(FreeCredentialsHandle(&server_cred), SEC_E_OK);
    fx_transfer(&pair.client, &pair.server, msg, sizeof(msg), 0);
    fx_transfer(&pair.server, &pair.client, msg, sizeof(msg), 7);
    loop_side_init(&fresh, &client_cred, 0, FX_ISC_REQ, "localhost");
    cr_assert_eq(fx_step(&fresh, NULL, 0, NULL, NULL), SEC_E_INVALID_HANDLE);
    cr_assert_eq(FreeCredentialsHandle(&client_cred), SEC_E_INVALID_HANDLE);
    /* fx_close must not free them again. */
    loop_side_free(&pair.client);
    loop_side_free(&pair.server);
    CertFreeCertificateContext(pair.cert);
}

/* Freed in the middle of a handshake: the handshake still completes. */
Test(threads, free_credentials_mid_handshake)
{
    fx_pair pair;

    fx_open(&pair, "server-rsa", SP_PROT_TLS1_3, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&pair.client, NULL, 0, NULL, &pair.server.in), SEC_I_CONTINUE_NEEDED);
    cr_assert_eq(FreeCredentialsHandle(&pair.client_cred), SEC_E_OK);
    cr_assert_eq(fx_finish(&pair), SEC_E_OK);
    fx_transfer(&pair.client, &pair.server, "x", 1, 0);
    loop_side_free(&pair.client);
    loop_side_free(&pair.server);
    FreeCredentialsHandle(&pair.server_cred);
    CertFreeCertificateContext(pair.cert);
}
