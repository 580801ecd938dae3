/* SSLKEYLOGFILE: the NSS key log lines of a handshake carry the client random of the ClientHello
 * on the wire, and the logged secrets really decrypt the client's first application record, as
 * Wireshark would use them (TLS 1.3: HKDF-Expand-Label of CLIENT_TRAFFIC_SECRET_0; TLS 1.2: the
 * key block from the CLIENT_RANDOM master secret). Each Criterion test runs in its own process,
 * so each reads the variable afresh. */
#include "tls_fixture.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct captured {
    fx_pair pair;
    unsigned char client_random[32], server_random[32];
    unsigned suite; /* from the ServerHello */
    char path[512];
} captured;

static void temp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/sspishim-keylog-%ld-%s.txt",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid(), name);
    unlink(out);
}

/* Runs the handshake by hand far enough to read both randoms and the suite off the wire. */
static void handshake(captured *c, DWORD protocols)
{
    const unsigned char *hello;
    SECURITY_STATUS status;

    fx_open(&c->pair, "server-rsa", protocols, SCH_CRED_MANUAL_CRED_VALIDATION);
    cr_assert_eq(fx_step(&c->pair.client, NULL, 0, NULL, &c->pair.server.in),
                 SEC_I_CONTINUE_NEEDED);
    hello = c->pair.server.in.data; /* record header 5, handshake header 4, version 2 */
    cr_assert_gt(c->pair.server.in.len, 43);
    cr_assert_eq(hello[0], 22);
    cr_assert_eq(hello[5], 1, "ClientHello");
    memcpy(c->client_random, hello + 11, 32);
    cr_assert_eq(fx_step(&c->pair.server, c->pair.server.in.data, c->pair.server.in.len, NULL,
                         &c->pair.client.in),
                 SEC_I_CONTINUE_NEEDED);
    loop_pipe_consume(&c->pair.server.in, c->pair.server.in.len);
    hello = c->pair.client.in.data;
    cr_assert_eq(hello[5], 2, "ServerHello");
    memcpy(c->server_random, hello + 11, 32);
    c->suite = (unsigned)(hello[44 + hello[43]] << 8 | hello[45 + hello[43]]);
    status = fx_finish(&c->pair);
    cr_assert_eq(status, SEC_E_OK, "handshake: 0x%08x", (unsigned)status);
}

static void hex(const unsigned char *data, size_t len, char *out)
{
    size_t i;
    for (i = 0; i < len; i++)
        sprintf(out + 2 * i, "%02x", data[i]);
}

static size_t unhex(const char *text, unsigned char *out, size_t cap)
{
    size_t n = 0;
    unsigned byte;
    while (n < cap && sscanf(text + 2 * n, "%2x", &byte) == 1 && text[2 * n + 1])
        out[n++] = (unsigned char)byte;
    return n;
}

/* Counts the lines `LABEL <client random> <secret>` and returns the secret of the last one. */
static int find_secret(const char *path, const char *label, const unsigned char random[32],
                       unsigned char *secret, size_t *secret_len)
{
    FILE *file = fopen(path, "r");
    char line[512], random_hex[65], want[128];
    int found = 0;

    cr_assert(file, "%s was not written", path);
    hex(random, 32, random_hex);
    snprintf(want, sizeof(want), "%s %s ", label, random_hex);
    while (fgets(line, sizeof(line), file)) {
        if (strncmp(line, want, strlen(want)))
            continue;
        found++;
        *secret_len = unhex(line + strlen(want), secret, 64);
        cr_assert(*secret_len == 32 || *secret_len == 48, "secret of %zu bytes in %s", *secret_len,
                  line);
        cr_assert_eq(strlen(line), strlen(want) + 2 * *secret_len + 1, "line: %s", line);
    }
    fclose(file);
    return found;
}

static void kdf(const char *name, const char *digest, const unsigned char *key, size_t key_len,
                const unsigned char *info, size_t info_len, unsigned char *out, size_t out_len)
{
    EVP_KDF *algorithm = EVP_KDF_fetch(NULL, name, NULL);
    EVP_KDF_CTX *ctx = algorithm ? EVP_KDF_CTX_new(algorithm) : NULL;
    int tls_prf = !strcmp(name, "TLS1-PRF");
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM params[5], *p = params;

    cr_assert(ctx);
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)digest, 0);
    *p++ = OSSL_PARAM_construct_octet_string(tls_prf ? OSSL_KDF_PARAM_SECRET : OSSL_KDF_PARAM_KEY,
                                             (void *)key, key_len);
    *p++ = OSSL_PARAM_construct_octet_string(tls_prf ? OSSL_KDF_PARAM_SEED : OSSL_KDF_PARAM_INFO,
                                             (void *)info, info_len);
    if (!tls_prf)
        *p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    *p = OSSL_PARAM_construct_end();
    cr_assert_eq(EVP_KDF_derive(ctx, out, out_len, params), 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(algorithm);
}

/* TLS 1.3's HKDF-Expand-Label(secret, label, "", len). */
static void expand_label(const char *digest, const unsigned char *secret, size_t secret_len,
                         const char *label, unsigned char *out, size_t len)
{
    unsigned char info[64];
    size_t n = 0, label_len = strlen(label);

    info[n++] = (unsigned char)(len >> 8);
    info[n++] = (unsigned char)len;
    info[n++] = (unsigned char)(6 + label_len);
    memcpy(info + n, "tls13 ", 6);
    n += 6;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = 0;
    kdf("HKDF", digest, secret, secret_len, info, n, out, len);
}

/* AES-GCM open; returns the plaintext length or -1 when the tag does not verify. */
static int gcm_open(size_t key_len, const unsigned char *key, const unsigned char nonce[12],
                    const unsigned char *aad, size_t aad_len, const unsigned char *in,
                    size_t in_len, unsigned char *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, tail = 0, ok;

    cr_assert(ctx && in_len >= 16);
    ok = EVP_DecryptInit_ex(ctx, key_len == 32 ? EVP_aes_256_gcm() : EVP_aes_128_gcm(), NULL, key,
                            nonce) &&
         EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aad_len) &&
         EVP_DecryptUpdate(ctx, out, &len, in, (int)(in_len - 16)) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(in + in_len - 16)) &&
         EVP_DecryptFinal_ex(ctx, out + len, &tail);
    EVP_CIPHER_CTX_free(ctx);
    return ok ? len + tail : -1;
}

/* The client's first application record, as the server receives it. */
static size_t send_record(captured *c, const char *text, unsigned char *record, size_t cap)
{
    size_t before = c->pair.server.in.len, len;

    cr_assert_eq(loop_send(&c->pair.client, &c->pair.server, text, strlen(text)), SEC_E_OK);
    len = c->pair.server.in.len - before;
    cr_assert_leq(len, cap);
    memcpy(record, c->pair.server.in.data + before, len);
    cr_assert_eq(record[0], 23, "application_data");
    cr_assert_eq((size_t)(record[3] << 8 | record[4]) + 5, len, "one record");
    return len;
}

Test(keylog, tls13_secrets_decrypt_the_client_record)
{
    static const char *const labels[] = {
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET"};
    const char *message = "secrets for Wireshark";
    unsigned char secret[64], key[32], iv[12], record[256], plain[256];
    size_t secret_len = 0, record_len, i;
    const char *digest;
    struct stat st;
    captured c;
    int len;

    temp_path(c.path, sizeof(c.path), "tls13");
    setenv("SSLKEYLOGFILE", c.path, 1);
    handshake(&c, SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER);
    /* Both ends of the in-process connection log the same secrets. */
    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        cr_assert_eq(find_secret(c.path, labels[i], c.client_random, secret, &secret_len), 2,
                     "%s lines for this client random", labels[i]);
    cr_assert_eq(stat(c.path, &st), 0);
    cr_assert_eq(st.st_mode & 077, 0, "the key log is readable by its owner only");

    cr_assert(c.suite == 0x1302 || c.suite == 0x1301, "suite 0x%04x", c.suite);
    find_secret(c.path, "CLIENT_TRAFFIC_SECRET_0", c.client_random, secret, &secret_len);
    cr_assert_eq(secret_len, c.suite == 0x1302 ? 48 : 32);
    digest = secret_len == 48 ? "SHA384" : "SHA256";
    expand_label(digest, secret, secret_len, "key", key, c.suite == 0x1302 ? 32 : 16);
    expand_label(digest, secret, secret_len, "iv", iv, sizeof(iv));
    record_len = send_record(&c, message, record, sizeof(record));
    /* Sequence number 0: the nonce is the IV itself; the header is the additional data. */
    len = gcm_open(c.suite == 0x1302 ? 32 : 16, key, iv, record, 5, record + 5, record_len - 5,
                   plain);
    cr_assert_eq(len, (int)strlen(message) + 1, "decryption with the logged secret failed");
    cr_assert_eq(memcmp(plain, message, strlen(message)), 0);
    cr_assert_eq(plain[strlen(message)], 23, "inner content type");
    fx_close(&c.pair);
    unlink(c.path);
}

Test(keylog, tls12_master_secret_decrypts_the_client_record)
{
    static const struct {
        unsigned suite;
        size_t key_len;
        const char *digest;
    } suites[] = {{0xc030, 32, "SHA384"}, {0xc02f, 16, "SHA256"}};
    const char *message = "TLS 1.2 for Wireshark";
    unsigned char master[64], seed[13 + 64], block[2 * 32 + 2 * 4], nonce[12], aad[13];
    unsigned char record[256], plain[256];
    size_t master_len = 0, key_len = 0, record_len, i, plain_len;
    const char *digest = NULL;
    captured c;
    int len;

    temp_path(c.path, sizeof(c.path), "tls12");
    setenv("SSLKEYLOGFILE", c.path, 1);
    handshake(&c, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER);
    cr_assert_eq(find_secret(c.path, "CLIENT_RANDOM", c.client_random, master, &master_len), 2);
    cr_assert_eq(master_len, 48);
    for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if (suites[i].suite == c.suite) {
            key_len = suites[i].key_len;
            digest = suites[i].digest;
        }
    }
    cr_assert(digest, "unexpected suite 0x%04x for an RSA certificate", c.suite);
    /* key_block = PRF(master, "key expansion", server_random + client_random): client key,
     * server key, client IV salt, server IV salt. */
    memcpy(seed, "key expansion", 13);
    memcpy(seed + 13, c.server_random, 32);
    memcpy(seed + 45, c.client_random, 32);
    kdf("TLS1-PRF", digest, master, master_len, seed, 77, block, 2 * key_len + 8);
    record_len = send_record(&c, message, record, sizeof(record));
    plain_len = record_len - 5 - 8 - 16;
    memcpy(nonce, block + 2 * key_len, 4);
    memcpy(nonce + 4, record + 5, 8); /* explicit nonce */
    /* Additional data: sequence number 1 (the Finished was 0), type, version, length. */
    memset(aad, 0, 8);
    aad[7] = 1;
    aad[8] = 23;
    aad[9] = 3;
    aad[10] = 3;
    aad[11] = (unsigned char)(plain_len >> 8);
    aad[12] = (unsigned char)plain_len;
    len = gcm_open(key_len, block, nonce, aad, sizeof(aad), record + 13, record_len - 13, plain);
    cr_assert_eq(len, (int)strlen(message), "decryption with the logged master secret failed");
    cr_assert_eq(memcmp(plain, message, strlen(message)), 0);
    fx_close(&c.pair);
    unlink(c.path);
}
