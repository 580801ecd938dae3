/* Leak check: STRESS_HANDSHAKES in-process connections (default 500), with credential handles
 * acquired and freed around every BATCH of them, over TLS 1.2 and 1.3 and RSA and ECDSA
 * certificates.
 * Run under LeakSanitizer (the ASan build), any byte lost fails the program at exit; and the
 * heap in use must not grow between the first tenth of the run and the end (caches that keep
 * what they should not are reachable, so LeakSanitizer alone would not see them). */
#include "stress_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ALLOCATOR_STATS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ALLOCATOR_STATS 1
#endif
#endif
#ifdef HAVE_ALLOCATOR_STATS
/* The sanitizer runtime's (declared here: gcc ships no sanitizer headers). */
size_t __sanitizer_get_current_allocated_bytes(void);
static size_t heap_in_use(void)
{
    return __sanitizer_get_current_allocated_bytes();
}
#else
#include <malloc.h>
static size_t heap_in_use(void)
{
    return mallinfo2().uordblks;
}
#endif

#define BATCH 10

/* Growth allowed between the checkpoint and the end, whatever the count. */
#define MAX_GROWTH (256 * 1024)

int main(void)
{
    static const DWORD protocols[2] = {SP_PROT_TLS1_2, SP_PROT_TLS1_3};
    long count = stress_count("STRESS_HANDSHAKES", 500), i, checkpoint = count / 10;
    long checked_at = 0;
    PCCERT_CONTEXT certs[2];
    size_t heap_at_checkpoint = 0, heap_at_end;
    struct timespec start, end;
    int failed = 0;

    certs[0] = stress_cert("server-ecdsa");
    certs[1] = stress_cert("server-rsa");
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (i = 0; i < count && !failed;) {
        CredHandle server, client;
        long batch = i / BATCH, end_of_batch = i + BATCH;

        /* Protocols alternating by batch; mostly ECDSA (fast), every eighth batch RSA. */
        stress_credentials(&server, &client, certs[batch % 8 == 7], protocols[batch % 2]);
        for (; i < count && i < end_of_batch && !failed; i++) {
            SECURITY_STATUS status = stress_connection(
                &client, &server, 0, 500 + (size_t)(i % 4) * 1000, (unsigned char)i);
            if (status != SEC_E_OK) {
                fprintf(stderr, "connection %ld: 0x%08x\n", i, (unsigned)status);
                failed = 1;
            }
        }
        FreeCredentialsHandle(&client);
        FreeCredentialsHandle(&server);
        if (!checked_at && i >= checkpoint) {
            heap_at_checkpoint = heap_in_use();
            checked_at = i;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    heap_at_end = heap_in_use();
    CertFreeCertificateContext(certs[0]);
    CertFreeCertificateContext(certs[1]);
    printf("stress_leaks: %ld connections in %.1f s; heap in use %zu bytes after %ld, %zu at the "
           "end\n",
           i, (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9,
           heap_at_checkpoint, checked_at, heap_at_end);
    if (!failed && heap_at_end > heap_at_checkpoint + MAX_GROWTH) {
        fprintf(stderr, "stress_leaks: the heap grew by %zu bytes\n",
                heap_at_end - heap_at_checkpoint);
        failed = 1;
    }
    return failed;
}
