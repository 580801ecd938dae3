/* Test certificates built with the OpenSSL API. */
#include "fixtures.h"

#include <openssl/bn.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static EVP_PKEY *rsa_key(void)
{
    return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
}

static EVP_PKEY *ec_key(void)
{
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

static void add_entry(X509_NAME *name, const char *field, const char *value)
{
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0);
}

static void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;

    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        abort();
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

static void set_serial(X509 *cert, const char *hex)
{
    BIGNUM *bn = NULL;

    BN_hex2bn(&bn, hex);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
}

static void finish(struct fixture_cert *out, X509 *cert, EVP_PKEY *key, EVP_PKEY *signer)
{
    unsigned char *der = NULL;

    if (!X509_sign(cert, signer, EVP_sha256()))
        abort();
    out->x509 = cert;
    out->key = key;
    out->der_len = i2d_X509(cert, &der);
    out->der = der;
}

static X509 *new_cert(long version, const char *serial, const char *not_before,
                      const char *not_after, EVP_PKEY *key)
{
    X509 *cert = X509_new();

    X509_set_version(cert, version);
    set_serial(cert, serial);
    ASN1_TIME_set_string_X509(X509_getm_notBefore(cert), not_before);
    ASN1_TIME_set_string_X509(X509_getm_notAfter(cert), not_after);
    X509_set_pubkey(cert, key);
    return cert;
}

static void build(struct fixture_set *set)
{
    X509 *cert;
    X509_NAME *name;
    EVP_PKEY *key;

    /* CA */
    key = rsa_key();
    cert = new_cert(2, "01", "20200101000000Z", "20400101000000Z", key);
    name = X509_get_subject_name(cert);
    add_entry(name, "C", "US");
    add_entry(name, "O", "sspishim tests");
    add_entry(name, "CN", "sspishim test CA");
    X509_set_issuer_name(cert, name);
    add_ext(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    finish(&set->ca, cert, key, key);

    /* RSA leaf, issued by the CA */
    key = rsa_key();
    cert = new_cert(2, "8A0B0C0D", "20240102030405Z", "20340506070809Z", key);
    name = X509_get_subject_name(cert);
    add_entry(name, "C", "US");
    add_entry(name, "ST", "Test State");
    add_entry(name, "O", "Acme, Inc.");
    add_entry(name, "OU", "Servers");
    add_entry(name, "CN", "rsa.example.test");
    X509_set_issuer_name(cert, X509_get_subject_name(set->ca.x509));
    add_ext(cert, set->ca.x509, NID_basic_constraints, "CA:FALSE");
    add_ext(cert, set->ca.x509, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_ext(cert, set->ca.x509, NID_ext_key_usage, "serverAuth,clientAuth");
    add_ext(cert, set->ca.x509, NID_subject_alt_name,
            "DNS:rsa.example.test,DNS:www.rsa.example.test,IP:127.0.0.1,"
            "email:admin@example.test,URI:https://rsa.example.test/");
    finish(&set->rsa, cert, key, set->ca.key);

    /* ECDSA leaf, self-signed */
    key = ec_key();
    cert = new_cert(2, "1234", "20240102030405Z", "20340506070809Z", key);
    name = X509_get_subject_name(cert);
    add_entry(name, "O", "sspishim tests");
    add_entry(name, "CN", "ec.example.test");
    X509_set_issuer_name(cert, name);
    add_ext(cert, cert, NID_subject_alt_name, "DNS:ec.example.test");
    finish(&set->ec, cert, key, key);

    /* v1 certificate without CN or extensions */
    key = ec_key();
    cert = new_cert(0, "05", "20200101000000Z", "20400101000000Z", key);
    name = X509_get_subject_name(cert);
    add_entry(name, "O", "Plain Org");
    add_entry(name, "OU", "Plain Unit");
    X509_set_issuer_name(cert, name);
    finish(&set->plain, cert, key, key);
}

const struct fixture_set *fixtures(void)
{
    static struct fixture_set set;
    static int built;

    if (!built) {
        build(&set);
        built = 1;
    }
    return &set;
}

unsigned char *fixture_pfx(const struct fixture_cert *leaf, const struct fixture_cert *chain,
                           const char *password, int *len)
{
    STACK_OF(X509) *ca = sk_X509_new_null();
    unsigned char *der = NULL;
    PKCS12 *p12;

    if (chain)
        sk_X509_push(ca, chain->x509);
    p12 = PKCS12_create(password, "sspishim leaf", leaf->key, leaf->x509, ca, 0, 0, 0, 0, 0);
    if (!p12)
        abort();
    *len = i2d_PKCS12(p12, &der);
    PKCS12_free(p12);
    sk_X509_free(ca);
    return der;
}

const WCHAR *W(const char *ascii)
{
    static WCHAR buffers[4][512];
    static int next;
    WCHAR *out = buffers[next++ % 4];
    size_t i;

    for (i = 0; ascii[i] && i < 511; i++)
        out[i] = (unsigned char)ascii[i];
    out[i] = 0;
    return out;
}

int wstr_eq(const WCHAR *wide, const char *ascii)
{
    size_t i;

    for (i = 0; ascii[i]; i++) {
        if (wide[i] != (unsigned char)ascii[i])
            return 0;
    }
    return wide[i] == 0;
}

const char *fixture_tmpdir(void)
{
    static char dir[] = "/tmp/crypt32-test-XXXXXX";
    static const char *made;

    if (!made)
        made = mkdtemp(dir);
    return made;
}

unsigned char *fixture_read_file(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)*len);
    if (data && fread(data, 1, (size_t)*len, f) != (size_t)*len) {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}
