/* Revocation flags in automatic validation, natively. Nothing fetches CRLs or OCSP answers, so a
 * requested check cannot be made: Schannel then fails with CRYPT_E_REVOCATION_OFFLINE when the
 * server's certificate names a source of revocation data (CRL distribution point or OCSP
 * responder) and with CRYPT_E_NO_REVOCATION_CHECK when it names none, unless the credential
 * carries the matching SCH_CRED_IGNORE_REVOCATION_OFFLINE / SCH_CRED_IGNORE_NO_REVOCATION_CHECK
 * flag (each ignores its own case only). The fixtures of make-certs.sh name no source, so the
 * certificates that do are made here, issued by the fixtures' trusted root. */
#include "tls_fixture.h"

#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Port 9 (discard) on 127.0.0.1: an address that would never answer, were anything to ask. */
#define CRL_SOURCE  "crlDistributionPoints", "URI:http://127.0.0.1:9/ca.crl"
#define OCSP_SOURCE "authorityInfoAccess", "OCSP;URI:http://127.0.0.1:9/ocsp"

static char work_dir[] = "/tmp/sspishim-revocation.XXXXXX";

static void trust_test_ca(void)
{
    char path[1024];
    fx_path(path, sizeof(path), "ca-rsa", "pem");
    setenv("SSPISHIM_CA_FILE", path, 1);
    cr_assert_not_null(mkdtemp(work_dir));
}

static void remove_work_dir(void)
{
    char path[1100];
    snprintf(path, sizeof(path), "%s/leaf.pfx", work_dir);
    unlink(path);
    rmdir(work_dir);
}

TestSuite(revocation, .init = trust_test_ca, .fini = remove_work_dir);

static void *read_pem(const char *name, const char *ext, int is_key)
{
    char path[1024];
    FILE *file;
    void *object;

    fx_path(path, sizeof(path), name, ext);
    file = fopen(path, "r");
    cr_assert_not_null(file, "cannot open %s", path);
    object = is_key ? (void *)PEM_read_PrivateKey(file, NULL, NULL, NULL)
                    : (void *)PEM_read_X509(file, NULL, NULL, NULL);
    fclose(file);
    cr_assert_not_null(object, "cannot read %s", path);
    return object;
}

static void add_extension(X509 *cert, X509 *issuer, const char *name, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;

    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf(NULL, &ctx, name, value);
    cr_assert_not_null(ext, "extension %s", name);
    cr_assert(X509_add_ext(cert, ext, -1));
    X509_EXTENSION_free(ext);
}

/* A localhost server certificate (P-256 key) under ca-rsa, with the extension `source_name` =
 * `source_value` when given, as a PFX file (password "sspishim") loaded into a CERT_CONTEXT. */
static PCCERT_CONTEXT make_server_cert(const char *source_name, const char *source_value)
{
    X509 *ca = read_pem("ca-rsa", "pem", 0), *cert = X509_new();
    EVP_PKEY *ca_key = read_pem("ca-rsa", "key", 1), *key = EVP_EC_gen("P-256");
    X509_NAME *subject = X509_NAME_new();
    PKCS12 *p12;
    char path[1100];
    FILE *file;
    PCCERT_CONTEXT loaded;

    cr_assert(cert && key && subject);
    cr_assert(X509_set_version(cert, 2));
    cr_assert(ASN1_INTEGER_set(X509_get_serialNumber(cert), (long)getpid()));
    cr_assert(X509_set_issuer_name(cert, X509_get_subject_name(ca)));
    cr_assert(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                         (const unsigned char *)"localhost", -1, -1, 0));
    cr_assert(X509_set_subject_name(cert, subject));
    cr_assert(X509_gmtime_adj(X509_getm_notBefore(cert), -3600));
    cr_assert(X509_gmtime_adj(X509_getm_notAfter(cert), 86400));
    cr_assert(X509_set_pubkey(cert, key));
    add_extension(cert, ca, "basicConstraints", "CA:FALSE");
    add_extension(cert, ca, "keyUsage", "critical, digitalSignature");
    add_extension(cert, ca, "extendedKeyUsage", "serverAuth");
    add_extension(cert, ca, "subjectAltName", "DNS:localhost");
    add_extension(cert, ca, "authorityKeyIdentifier", "keyid");
    if (source_name)
        add_extension(cert, ca, source_name, source_value);
    cr_assert(X509_sign(cert, ca_key, EVP_sha256()));

    p12 = PKCS12_create("sspishim", "revocation test", key, cert, NULL, 0, 0, 0, 0, 0);
    cr_assert_not_null(p12);
    snprintf(path, sizeof(path), "%s/leaf.pfx", work_dir);
    file = fopen(path, "wb");
    cr_assert_not_null(file);
    cr_assert(i2d_PKCS12_fp(file, p12));
    fclose(file);
    loaded = loop_load_pfx(path, "sspishim");
    cr_assert_not_null(loaded, "the project's crypt32 imports %s", path);

    PKCS12_free(p12);
    X509_NAME_free(subject);
    X509_free(cert);
    X509_free(ca);
    EVP_PKEY_free(key);
    EVP_PKEY_free(ca_key);
    return loaded;
}

/* A handshake with a client credential carrying `flags` against a server presenting `cert`;
 * the client's status must be `expected` (and stick to the context when it is a failure). */
static void expect(PCCERT_CONTEXT cert, DWORD flags, SECURITY_STATUS expected)
{
    fx_pair pair;
    SECURITY_STATUS status;

    memset(&pair, 0, sizeof(pair));
    pair.cert = CertDuplicateCertificateContext(cert);
    cr_assert_eq(loop_acquire(&pair.server_cred, SECPKG_CRED_INBOUND, pair.cert, SP_PROT_TLS1_2, 0),
                 SEC_E_OK);
    cr_assert_eq(loop_acquire(&pair.client_cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2,
                              flags | SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    loop_side_init(&pair.client, &pair.client_cred, 0, FX_ISC_REQ, "localhost");
    loop_side_init(&pair.server, &pair.server_cred, 1, FX_ASC_REQ, NULL);
    loop_link(&pair.client, &pair.server);
    status = fx_handshake(&pair, 0);
    cr_assert_eq(status, expected, "flags 0x%lx: 0x%08x, expected 0x%08x", (unsigned long)flags,
                 (unsigned)status, (unsigned)expected);
    if (expected != SEC_E_OK) {
        cr_assert_eq(pair.client.status, expected, "the client fails, not the server");
        cr_assert_eq(fx_step(&pair.client, "\x16\x03\x03\x00\x01\x00", 6, NULL, NULL), expected,
                     "the failure sticks");
    }
    fx_close(&pair);
}

static const DWORD each_check[] = {SCH_CRED_REVOCATION_CHECK_END_CERT,
                                   SCH_CRED_REVOCATION_CHECK_CHAIN,
                                   SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT};

/* Without a revocation request, named sources change nothing, nor do the IGNORE flags alone. */
Test(revocation, not_requested)
{
    PCCERT_CONTEXT cert = make_server_cert(CRL_SOURCE);

    expect(cert, 0, SEC_E_OK);
    expect(cert, SCH_CRED_IGNORE_NO_REVOCATION_CHECK | SCH_CRED_IGNORE_REVOCATION_OFFLINE,
           SEC_E_OK);
    CertFreeCertificateContext(cert);
}

Test(revocation, crl_source_is_offline)
{
    PCCERT_CONTEXT cert = make_server_cert(CRL_SOURCE);
    size_t i;

    for (i = 0; i < sizeof(each_check) / sizeof(each_check[0]); i++) {
        expect(cert, each_check[i], CRYPT_E_REVOCATION_OFFLINE);
        expect(cert, each_check[i] | SCH_CRED_IGNORE_REVOCATION_OFFLINE, SEC_E_OK);
        expect(cert, each_check[i] | SCH_CRED_IGNORE_NO_REVOCATION_CHECK,
               CRYPT_E_REVOCATION_OFFLINE);
    }
    CertFreeCertificateContext(cert);
}

Test(revocation, ocsp_source_is_offline)
{
    PCCERT_CONTEXT cert = make_server_cert(OCSP_SOURCE);

    expect(cert, SCH_CRED_REVOCATION_CHECK_CHAIN, CRYPT_E_REVOCATION_OFFLINE);
    expect(cert, SCH_CRED_REVOCATION_CHECK_CHAIN | SCH_CRED_IGNORE_REVOCATION_OFFLINE, SEC_E_OK);
    CertFreeCertificateContext(cert);
}

Test(revocation, no_source_is_no_check)
{
    PCCERT_CONTEXT cert = make_server_cert(NULL, NULL);
    size_t i;

    for (i = 0; i < sizeof(each_check) / sizeof(each_check[0]); i++) {
        expect(cert, each_check[i], CRYPT_E_NO_REVOCATION_CHECK);
        expect(cert, each_check[i] | SCH_CRED_IGNORE_NO_REVOCATION_CHECK, SEC_E_OK);
        expect(cert, each_check[i] | SCH_CRED_IGNORE_REVOCATION_OFFLINE,
               CRYPT_E_NO_REVOCATION_CHECK);
    }
    CertFreeCertificateContext(cert);
}

/* Manual validation makes no revocation check at all. */
Test(revocation, manual_validation_checks_nothing)
{
    PCCERT_CONTEXT cert = make_server_cert(CRL_SOURCE);

    expect(cert, SCH_CRED_REVOCATION_CHECK_CHAIN | SCH_CRED_MANUAL_CRED_VALIDATION, SEC_E_OK);
    CertFreeCertificateContext(cert);
}
