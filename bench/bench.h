/* The benchmark's pieces. Two implementations of the same TLS endpoint work side by side: one
 * through the SSPI API (sspishim's secur32, or Wine's builtin under Wine), one through raw
 * OpenSSL over memory BIOs. The drivers (bench_run.c) run the same work over either; the SSPI
 * and OpenSSL files never include each other's headers (Windows' wincrypt.h and OpenSSL clash). */
#ifndef SSPISHIM_BENCH_H
#define SSPISHIM_BENCH_H

#include <stddef.h>

/* Bytes travelling between two endpoints, as an application's socket buffer would hold them:
 * a sender appends whole records, the receiver works on them in place and consumes them. */
typedef struct bench_wire {
    unsigned char *data;
    size_t len;
    size_t cap;
} bench_wire;

int bench_wire_reserve(bench_wire *wire, size_t more);
int bench_wire_append(bench_wire *wire, const void *data, size_t len);
void bench_wire_consume(bench_wire *wire, size_t len);
void bench_wire_free(bench_wire *wire);

typedef enum { BENCH_TLS12, BENCH_TLS13 } bench_protocol;
typedef enum { BENCH_RSA, BENCH_ECDSA } bench_key;

/* How a client starts its handshakes: always in full, or resuming the session it last got
 * through a session ticket (a TLS 1.3 PSK) or through the session ID of TLS 1.2. */
typedef enum { BENCH_FULL, BENCH_RESUME_TICKET, BENCH_RESUME_SESSION_ID } bench_resume;

/* One setting: protocol, the server's certificate (<certs>/server-rsa or server-ecdsa) and
 * resumption. */
typedef struct bench_scenario {
    bench_protocol protocol;
    bench_key key;
    bench_resume resume;
} bench_scenario;

/* A connection's endpoint; each implementation defines its own. */
typedef struct bench_peer bench_peer;
/* Credentials (SSPI) or SSL_CTX (OpenSSL) of both roles for one scenario. */
typedef struct bench_creds bench_creds;

/* Results of one step of a handshake. */
enum { BENCH_FAILED = -1, BENCH_CONTINUE = 0, BENCH_DONE = 1 };

typedef struct bench_impl {
    const char *name;
    /* Credentials of the client, and of the server when asked; NULL when the scenario cannot
     * run (the reason goes to stderr). */
    bench_creds *(*acquire)(const bench_scenario *scenario, int with_server);
    void (*release)(bench_creds *creds);
    /* The negotiated cipher suite's standard name, for the report. */
    void (*describe)(bench_peer *peer, char *out, size_t size);
    bench_peer *(*open)(bench_creds *creds, int is_server);
    void (*close)(bench_peer *peer);
    /* Runs the handshake over the bytes in `in` (consuming what it used) and appends what it
     * sends to `out`. Returns BENCH_DONE once the side's handshake is complete. */
    int (*step)(bench_peer *peer, bench_wire *in, bench_wire *out);
    /* Appends one record carrying `len` bytes (at most 16 KiB) to `out`. 0 on failure. */
    int (*seal)(bench_peer *peer, const void *plain, size_t len, bench_wire *out);
    /* Decrypts the first record of `in` (post-handshake messages included); what it answers
     * goes to `out`. Sets *plain and *plain_len to the plaintext (NULL, 0 for a record without
     * data), valid until `in` changes, and *used to the bytes the caller must consume from
     * `in` once done with the plaintext. 0 on failure. */
    int (*unseal)(bench_peer *peer, bench_wire *in, bench_wire *out, const unsigned char **plain,
                  size_t *plain_len, size_t *used);
    /* Whether the peer's completed handshake resumed a session. */
    int (*resumed)(bench_peer *peer);
} bench_impl;

extern const bench_impl bench_sspi;    /* bench_sspi.c */
extern const bench_impl bench_openssl; /* bench_openssl.c */

/* bench_sspi.c: whose secur32 answers ("sspishim", or "Wine builtin"). */
const char *bench_sspi_provider(void);
/* bench_openssl.c: the OpenSSL version the raw side runs. */
const char *bench_openssl_version(void);

/* <SSPISHIM_CERTS>/<name> (static buffer); NULL when SSPISHIM_CERTS is unset. */
const char *bench_cert_path(const char *name);

/* bench_platform.c */
double bench_cpu_seconds(void); /* CPU time of the calling thread */
long bench_peak_rss_kib(void);  /* the process's peak resident set */
void bench_describe_machine(void);
/* Runs this program again with `args`, returns its first line of output in `line`. */
int bench_run_self(const char *args, char *line, size_t size);

/* bench_alloc.c: heap allocations made by the whole process so far (-1 when not counted). */
long bench_allocations(void);

/* bench_run.c: the measurements. `client` and `server` may be different implementations. */
typedef struct bench_pair {
    const bench_impl *client;
    const bench_impl *server;
    bench_creds *client_creds;
    bench_creds *server_creds;
} bench_pair;

/* One connected pair, handshake done, post-handshake messages delivered. */
typedef struct bench_conn {
    bench_peer *client;
    bench_peer *server;
    bench_wire to_client;
    bench_wire to_server;
} bench_conn;

int bench_connect(const bench_pair *pair, bench_conn *conn);
void bench_disconnect(const bench_pair *pair, bench_conn *conn);

/* Full handshakes per CPU second over `seconds`; <0 on failure. */
double bench_handshakes(const bench_pair *pair, double seconds);
/* Resumed handshakes per CPU second over `seconds`, each with the post-handshake messages
 * delivered (TLS 1.3 tickets, which the next resumption uses); <0 on failure, or when a
 * handshake was not resumed. */
double bench_resumptions(const bench_pair *pair, double seconds);
/* Echo of `size`-byte messages (client to server and back) on one connection for `seconds`;
 * returns messages delivered per CPU second (each direction counts), <0 on failure. When
 * `allocs_per_record` is given it receives the heap allocations per record (-1: not counted). */
double bench_echo(const bench_pair *pair, size_t size, double seconds, double *allocs_per_record);
/* Growth of the peak resident set per context over `count` open pairs, in KiB; <0 on failure. */
double bench_idle_memory(const bench_pair *pair, int count);

#endif
