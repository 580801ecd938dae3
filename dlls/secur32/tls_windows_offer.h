/* What sspishim's Schannel offers by default, in Windows 10/11's order and OpenSSL's names:
 * plain strings, no OpenSSL types. The engine configures every credential with them
 * (tls_credential.c); the benchmark's raw OpenSSL side offers the same, so that both sides of
 * its comparison exchange the same handshake messages (bench/bench_openssl.c). */
#ifndef SSPISHIM_TLS_WINDOWS_OFFER_H
#define SSPISHIM_TLS_WINDOWS_OFFER_H

/* TLS 1.2-and-older suites. 3DES and RC4 are left out, so SCH_USE_STRONG_CRYPTO, which removes
 * weak algorithms, has nothing more to remove. */
#define TLS_WINDOWS_CIPHER_LIST                                                                    \
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"                                 \
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"                                     \
    "DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:"                                         \
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:"                                         \
    "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:"                                             \
    "ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:"     \
    "AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256:AES256-SHA:AES128-SHA"

/* Windows offers only the AES-GCM suites in TLS 1.3. */
#define TLS_WINDOWS_TLS13_SUITES "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"

#define TLS_WINDOWS_GROUPS "X25519:P-256:P-384"

#endif
