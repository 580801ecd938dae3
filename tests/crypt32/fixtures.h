/* Certificates built at test time with OpenSSL, with known names, serials, dates and
 * extensions, so the tests can assert exact values. */
#ifndef SSPISHIM_TESTS_CRYPT32_FIXTURES_H
#define SSPISHIM_TESTS_CRYPT32_FIXTURES_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "win_sspi.h"

/* FILETIMEs of the fixture validity periods (100 ns since 1601). */
#define FT_2024_01_02_03_04_05 0x01da3d285848c080ULL
#define FT_2034_05_06_07_08_09 0x01e5d54533039280ULL
#define FT_2020_01_01          0x01d5c03669050000ULL
#define FT_2040_01_01          0x01ec2c81ac9cc000ULL

struct fixture_cert {
    X509 *x509;
    EVP_PKEY *key;
    unsigned char *der;
    int der_len;
};

struct fixture_set {
    struct fixture_cert ca;    /* RSA, CN=sspishim test CA, serial 01, 2020..2040 */
    struct fixture_cert rsa;   /* RSA leaf under ca, serial 00 8A 0B 0C 0D, SANs, 2024..2034 */
    struct fixture_cert ec;    /* ECDSA P-256, self-signed, serial 12 34, SAN ec.example.test */
    struct fixture_cert plain; /* X.509 v1, O=Plain Org, OU=Plain Unit, no extensions */
};

const struct fixture_set *fixtures(void);

/* A PFX of LEAF (with its key) and, when given, CHAIN, under PASSWORD (NULL: none), with the
 * friendly name "sspishim leaf" on the leaf. Caller frees with OPENSSL_free. */
unsigned char *fixture_pfx(const struct fixture_cert *leaf, const struct fixture_cert *chain,
                           const char *password, int *len);

/* Builds a UTF-16 string from ASCII in a static rotating buffer. */
const WCHAR *W(const char *ascii);
/* Compares a UTF-16 string with ASCII. */
int wstr_eq(const WCHAR *wide, const char *ascii);

/* Runs a shell command in a fresh temp directory; returns the directory (static) or NULL. */
const char *fixture_tmpdir(void);
unsigned char *fixture_read_file(const char *path, long *len);

#endif
