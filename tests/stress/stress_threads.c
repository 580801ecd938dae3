/* Threads: STRESS_THREADS threads (default 8), each running STRESS_ROUNDS connections (default
 * 25) in process over ONE client and ONE server credential shared by all, with data checked
 * both ways. Built with -fsanitize=thread in CI (build/tsan), where any data race or lock-order
 * report fails the run (tsan.supp lists the OpenSSL-internal reports, each with its reason). */
#include "stress_common.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct worker {
    pthread_t thread;
    const CredHandle *client_cred, *server_cred;
    long rounds;
    int index;
    long failures;
    SECURITY_STATUS first_failure;
} worker;

static void *run_worker(void *arg)
{
    worker *w = arg;
    long round;

    for (round = 0; round < w->rounds; round++) {
        /* Whole flights mostly; every fourth handshake in 300-byte deliveries. */
        size_t slice = round % 4 == 3 ? 300 : 0;
        SECURITY_STATUS status = stress_connection(w->client_cred, w->server_cred, slice,
                                                   500 + (size_t)(round % 5) * 2000,
                                                   (unsigned char)(w->index * 16 + round));
        if (status != SEC_E_OK && !w->failures++)
            w->first_failure = status;
    }
    return NULL;
}

int main(void)
{
    long threads = stress_count("STRESS_THREADS", 8), rounds = stress_count("STRESS_ROUNDS", 25);
    CredHandle server, client;
    PCCERT_CONTEXT cert = stress_cert("server-ecdsa");
    worker *workers = calloc((size_t)threads, sizeof(*workers));
    struct timespec start, end;
    long i, failures = 0;

    if (!workers)
        return 1;
    stress_credentials(&server, &client, cert, SP_PROT_TLS1_2 | SP_PROT_TLS1_3);
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (i = 0; i < threads; i++) {
        workers[i].client_cred = &client;
        workers[i].server_cred = &server;
        workers[i].rounds = rounds;
        workers[i].index = (int)i;
        if (pthread_create(&workers[i].thread, NULL, run_worker, &workers[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (i = 0; i < threads; i++)
        pthread_join(workers[i].thread, NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    for (i = 0; i < threads; i++) {
        if (workers[i].failures)
            fprintf(stderr, "thread %ld: %ld failures, first 0x%08x\n", i, workers[i].failures,
                    (unsigned)workers[i].first_failure);
        failures += workers[i].failures;
    }
    printf("stress_threads: %ld threads x %ld connections in %.1f s, %ld failed\n", threads, rounds,
           (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9, failures);
    FreeCredentialsHandle(&client);
    FreeCredentialsHandle(&server);
    CertFreeCertificateContext(cert);
    free(workers);
    return failures != 0;
}
