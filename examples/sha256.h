/* SHA-256 (FIPS 180-4), so the example server (and the conformance units) can fingerprint data
 * without a crypto API. */
#ifndef SSPISHIM_EXAMPLES_SHA256_H
#define SSPISHIM_EXAMPLES_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t total;
    unsigned char block[64];
    size_t used;
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(sha256_ctx *ctx, unsigned char digest[32]);
/* Writes the digest as 64 lowercase hex digits and a terminating NUL. */
void sha256_final_hex(sha256_ctx *ctx, char hex[65]);

#endif
