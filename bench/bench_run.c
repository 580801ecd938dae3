/* The measurements, written once over bench_impl so that SSPI and raw OpenSSL do the same work:
 * handshakes, an echo of messages, and the memory of idle connections. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HANDSHAKE_ROUNDS 16
#define MAX_RECORD           16384

int bench_wire_reserve(bench_wire *wire, size_t more)
{
    size_t cap = wire->cap ? wire->cap : 4096;
    unsigned char *grown;

    if (wire->cap - wire->len >= more)
        return 1;
    while (cap - wire->len < more)
        cap *= 2;
    grown = realloc(wire->data, cap);
    if (!grown)
        return 0;
    wire->data = grown;
    wire->cap = cap;
    return 1;
}

int bench_wire_append(bench_wire *wire, const void *data, size_t len)
{
    if (!bench_wire_reserve(wire, len))
        return 0;
    if (len)
        memcpy(wire->data + wire->len, data, len);
    wire->len += len;
    return 1;
}

void bench_wire_consume(bench_wire *wire, size_t len)
{
    if (len >= wire->len) {
        wire->len = 0;
        return;
    }
    memmove(wire->data, wire->data + len, wire->len - len);
    wire->len -= len;
}

void bench_wire_free(bench_wire *wire)
{
    free(wire->data);
    memset(wire, 0, sizeof(*wire));
}

/* Both sides step until both are done. What is still in flight afterwards (TLS 1.3 tickets)
 * stays in the wires. */
static int handshake(const bench_pair *pair, bench_conn *conn)
{
    int client = BENCH_CONTINUE, server = BENCH_CONTINUE, round;

    conn->client = pair->client->open(pair->client_creds, 0);
    conn->server = pair->server->open(pair->server_creds, 1);
    if (!conn->client || !conn->server)
        return 0;
    client = pair->client->step(conn->client, &conn->to_client, &conn->to_server);
    for (round = 0; round < MAX_HANDSHAKE_ROUNDS && client != BENCH_FAILED; round++) {
        if (server != BENCH_DONE && conn->to_server.len)
            server = pair->server->step(conn->server, &conn->to_server, &conn->to_client);
        if (server == BENCH_FAILED)
            return 0;
        if (client != BENCH_DONE && conn->to_client.len)
            client = pair->client->step(conn->client, &conn->to_client, &conn->to_server);
        if (client == BENCH_DONE && server == BENCH_DONE)
            return 1;
    }
    return 0;
}

static void close_peers(const bench_pair *pair, bench_conn *conn)
{
    if (conn->client)
        pair->client->close(conn->client);
    if (conn->server)
        pair->server->close(conn->server);
    conn->client = conn->server = NULL;
    conn->to_client.len = conn->to_server.len = 0;
}

/* Delivers every record in flight toward one side (no data is expected). */
static int drain(const bench_impl *impl, bench_peer *peer, bench_wire *in, bench_wire *out)
{
    while (in->len) {
        const unsigned char *plain;
        size_t plain_len, used;
        if (!impl->unseal(peer, in, out, &plain, &plain_len, &used) || plain_len || !used)
            return 0;
        bench_wire_consume(in, used);
    }
    return 1;
}

int bench_connect(const bench_pair *pair, bench_conn *conn)
{
    memset(conn, 0, sizeof(*conn));
    if (handshake(pair, conn) &&
        drain(pair->client, conn->client, &conn->to_client, &conn->to_server) &&
        drain(pair->server, conn->server, &conn->to_server, &conn->to_client))
        return 1;
    bench_disconnect(pair, conn);
    return 0;
}

void bench_disconnect(const bench_pair *pair, bench_conn *conn)
{
    close_peers(pair, conn);
    bench_wire_free(&conn->to_client);
    bench_wire_free(&conn->to_server);
}

/* One handshake of the timed loop; a resumed one also delivers the tickets the next one uses
 * and must have resumed on both sides. */
static int timed_handshake(const bench_pair *pair, bench_conn *conn, int resumed)
{
    if (!handshake(pair, conn))
        return 0;
    if (!resumed)
        return 1;
    if (!drain(pair->client, conn->client, &conn->to_client, &conn->to_server) ||
        !drain(pair->server, conn->server, &conn->to_server, &conn->to_client))
        return 0;
    if (pair->client->resumed(conn->client) && pair->server->resumed(conn->server))
        return 1;
    fprintf(stderr, "%s client, %s server: a handshake was not resumed\n", pair->client->name,
            pair->server->name);
    return 0;
}

static double handshake_rate(const bench_pair *pair, double seconds, int resumed)
{
    bench_conn conn;
    double start, elapsed;
    long count = 0;

    memset(&conn, 0, sizeof(conn));
    /* A first connection gives the client the session it resumes. */
    if (resumed) {
        if (!bench_connect(pair, &conn))
            return -1;
        close_peers(pair, &conn);
    }
    start = bench_cpu_seconds();
    do {
        if (!timed_handshake(pair, &conn, resumed)) {
            bench_disconnect(pair, &conn);
            return -1;
        }
        close_peers(pair, &conn);
        count++;
        elapsed = bench_cpu_seconds() - start;
    } while (elapsed < seconds);
    bench_disconnect(pair, &conn);
    return count / elapsed;
}

double bench_handshakes(const bench_pair *pair, double seconds)
{
    return handshake_rate(pair, seconds, 0);
}

double bench_resumptions(const bench_pair *pair, double seconds)
{
    return handshake_rate(pair, seconds, 1);
}

/* One message there and back: the server sends back the plaintext it received. */
static int echo_once(const bench_pair *pair, bench_conn *conn, const unsigned char *message,
                     size_t size, int check)
{
    const unsigned char *plain;
    size_t plain_len, used;

    if (!pair->client->seal(conn->client, message, size, &conn->to_server) ||
        !pair->server->unseal(conn->server, &conn->to_server, &conn->to_client, &plain, &plain_len,
                              &used) ||
        plain_len != size || !pair->server->seal(conn->server, plain, plain_len, &conn->to_client))
        return 0;
    bench_wire_consume(&conn->to_server, used);
    if (!pair->client->unseal(conn->client, &conn->to_client, &conn->to_server, &plain, &plain_len,
                              &used) ||
        plain_len != size || (check && memcmp(plain, message, size) != 0))
        return 0;
    bench_wire_consume(&conn->to_client, used);
    return 1;
}

double bench_echo(const bench_pair *pair, size_t size, double seconds, double *allocs_per_record)
{
    bench_conn conn;
    unsigned char *message = malloc(size);
    double start, elapsed = 0, result = -1;
    long count = 0, allocs = 0;
    /* Reading the clock costs about as much as a small record under Wine: not every time. */
    long batch = size >= 4096 ? 4 : 64, i;
    size_t n;

    if (!message || size > MAX_RECORD || !bench_connect(pair, &conn)) {
        free(message);
        return -1;
    }
    for (n = 0; n < size; n++)
        message[n] = (unsigned char)(n * 31 + 7);
    /* The first exchange sizes the buffers of both sides and checks the bytes. */
    if (!echo_once(pair, &conn, message, size, 1))
        goto done;
    allocs = bench_allocations();
    start = bench_cpu_seconds();
    do {
        for (i = 0; i < batch; i++) {
            if (!echo_once(pair, &conn, message, size, 0))
                goto done;
        }
        count += batch;
        elapsed = bench_cpu_seconds() - start;
    } while (elapsed < seconds);
    if (allocs_per_record)
        *allocs_per_record =
            allocs < 0 ? -1 : (double)(bench_allocations() - allocs) / (double)(2 * count);
    if (echo_once(pair, &conn, message, size, 1))
        result = 2.0 * (double)count / elapsed;
done:
    bench_disconnect(pair, &conn);
    free(message);
    return result;
}

double bench_idle_memory(const bench_pair *pair, int count)
{
    bench_conn warm, *conns = calloc((size_t)count, sizeof(*conns));
    long before, after;
    int opened = 0;
    double result = -1;

    /* The first connection loads what every later one shares (providers, tables, caches). */
    if (!conns || !bench_connect(pair, &warm))
        goto done;
    bench_disconnect(pair, &warm);
    before = bench_peak_rss_kib();
    for (opened = 0; opened < count; opened++) {
        if (!bench_connect(pair, &conns[opened]))
            goto done;
        /* An idle connection keeps no bytes in flight: only the libraries' state counts. */
        bench_wire_free(&conns[opened].to_client);
        bench_wire_free(&conns[opened].to_server);
    }
    after = bench_peak_rss_kib();
    if (before >= 0 && after >= before)
        result = (double)(after - before) / (2.0 * count);
done:
    while (opened-- > 0)
        bench_disconnect(pair, &conns[opened]);
    free(conns);
    return result;
}
