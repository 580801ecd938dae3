/* Automatic server-certificate validation natively (trust anchor from SSPISHIM_CA_FILE, target
 * "localhost"): Windows' status for each problem, the alert the server then receives, and
 * manual validation (checklist 35, 36, 52). */
#include "tls_fixture.h"

#include <stdlib.h>
#include <string.h>

static void trust_test_ca(void)
{
    char path[1024];
    fx_path(path, sizeof(path), "ca-rsa", "pem");
    setenv("SSPISHIM_CA_FILE", path, 1);
}

TestSuite(validation, .init = trust_test_ca);

/* The alert the client sent, read by the server: the server's handshake fails. */
static void server_sees_alert(fx_pair *pair, unsigned char expected_alert)
{
    SECURITY_STATUS status;

    cr_assert_geq(pair->server.in.len, 7, "the client sent an alert");
    cr_assert_eq(pair->server.in.data[0], 21, "an alert record");
    cr_assert_eq(pair->server.in.data[5], 2, "fatal");
    cr_assert_eq(pair->server.in.data[6], expected_alert, "alert %u", pair->server.in.data[6]);
    status = fx_step(&pair->server, pair->server.in.data, pair->server.in.len, NULL, NULL);
    cr_assert(status < 0 && status != SEC_E_INCOMPLETE_MESSAGE && status != SEC_E_INVALID_HANDLE,
              "server: 0x%08x", (unsigned)status);
}

/* The server enables TLS 1.0 too, which puts its OpenSSL at security level 0: like a Windows
 * server, it presents weak certificates (MD5, SHA-1, short keys) and the client judges them. The
 * client runs TLS 1.2 only, so its alert stays plaintext and the test can read it. */
static void expect_for(const char *cert, const char *target, DWORD flags,
                       SECURITY_STATUS client_status, int alert)
{
    fx_pair pair;
    SECURITY_STATUS status;

    memset(&pair, 0, sizeof(pair));
    pair.cert = fx_cert(cert);
    cr_assert_eq(loop_acquire(&pair.server_cred, SECPKG_CRED_INBOUND, pair.cert,
                              SP_PROT_TLS1_0 | SP_PROT_TLS1_2, 0),
                 SEC_E_OK, "%s: the server takes it", cert);
    cr_assert_eq(loop_acquire(&pair.client_cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_2,
                              flags | SCH_CRED_NO_DEFAULT_CREDS),
                 SEC_E_OK);
    loop_side_init(&pair.client, &pair.client_cred, 0, FX_ISC_REQ, target);
    loop_side_init(&pair.server, &pair.server_cred, 1, FX_ASC_REQ, NULL);
    loop_link(&pair.client, &pair.server);
    status = fx_handshake(&pair, 0);
    cr_assert_eq(status, client_status, "%s as %s: 0x%08x, expected 0x%08x", cert, target,
                 (unsigned)status, (unsigned)client_status);
    if (client_status != SEC_E_OK) {
        cr_assert_eq(pair.client.status, client_status, "the client fails");
        server_sees_alert(&pair, (unsigned char)alert);
        /* The failure sticks. */
        cr_assert_eq(fx_step(&pair.client, "\x16\x03\x03\x00\x01\x00", 6, NULL, NULL),
                     client_status);
    }
    fx_close(&pair);
}

static void expect(const char *cert, DWORD flags, SECURITY_STATUS client_status, int alert)
{
    expect_for(cert, "localhost", flags, client_status, alert);
}

Test(validation, good_certificate)
{
    expect("server-rsa", 0, SEC_E_OK, 0);
    expect("server-ecdsa", SCH_CRED_AUTO_CRED_VALIDATION, SEC_E_OK, 0);
}

Test(validation, chain_with_intermediate)
{
    expect("server-chain", 0, SEC_E_OK, 0);
}

Test(validation, untrusted_root)
{
    expect("untrusted", 0, SEC_E_UNTRUSTED_ROOT, 48);
    expect("self-signed", 0, SEC_E_UNTRUSTED_ROOT, 48);
}

Test(validation, wrong_principal)
{
    expect("wrong-host", 0, SEC_E_WRONG_PRINCIPAL, 42);
}

Test(validation, no_servername_check)
{
    expect("wrong-host", SCH_CRED_NO_SERVERNAME_CHECK, SEC_E_OK, 0);
}

Test(validation, expired_and_not_yet_valid)
{
    expect("expired", 0, SEC_E_CERT_EXPIRED, 45);
    expect("not-yet-valid", 0, SEC_E_CERT_EXPIRED, 45);
}

Test(validation, wrong_usage)
{
    expect("wrong-eku", 0, SEC_E_CERT_WRONG_USAGE, 43);
}

/* Windows' SSL policy matches the host against the SAN's DNS names, and against the CN only when
 * the certificate has no SAN. */
Test(validation, host_names)
{
    expect_for("cn-only", "localhost", 0, SEC_E_OK, 0);
    expect_for("cn-only", "other.example", 0, SEC_E_WRONG_PRINCIPAL, 42);
    expect_for("san-mismatch", "localhost", 0, SEC_E_WRONG_PRINCIPAL, 42);
    expect_for("wrong-host", "other.example", 0, SEC_E_OK, 0);
    expect_for("server-rsa", "LOCALHOST", 0, SEC_E_OK, 0);
    expect_for("server-rsa", "127.0.0.1", 0, SEC_E_OK, 0);
    expect_for("server-rsa", "127.0.0.2", 0, SEC_E_WRONG_PRINCIPAL, 42);
}

/* A wildcard stands for exactly one whole leftmost label, and never for a label right under a
 * top-level domain. */
Test(validation, wildcards)
{
    expect_for("wildcard", "a.example.test", 0, SEC_E_OK, 0);
    expect_for("wildcard", "a.b.example.test", 0, SEC_E_WRONG_PRINCIPAL, 42);
    expect_for("wildcard", "example.test", 0, SEC_E_WRONG_PRINCIPAL, 42);
    expect_for("wildcard-tld", "example.com", 0, SEC_E_WRONG_PRINCIPAL, 42);
    expect_for("wildcard-middle", "a.b.example", 0, SEC_E_WRONG_PRINCIPAL, 42);
}

/* A server that leaves out its intermediate: nothing fetches it (no AIA), the chain stops short
 * of any root: CERT_E_CHAINING, which Schannel reports as an untrusted root. */
Test(validation, missing_intermediate)
{
    expect("missing-inter", 0, SEC_E_UNTRUSTED_ROOT, 48);
}

/* An issuer that is not a CA (TRUST_E_BASIC_CONSTRAINTS) and a leaf outside its intermediate's
 * permitted subtree (CERT_E_INVALID_NAME): Schannel has no SEC_E code of its own for these
 * policy errors and reports SEC_E_CERT_UNKNOWN. */
Test(validation, constraints)
{
    expect("signed-by-notca", 0, SEC_E_CERT_UNKNOWN, 42);
    expect("nc-violation", 0, SEC_E_CERT_UNKNOWN, 42);
    expect_for("nc-permitted", "www.allowed.example", 0, SEC_E_OK, 0);
}

/* Weak signatures and keys as Windows' chain engine treats them: MD5 signatures and RSA keys
 * under 1024 bits are CERT_TRUST_IS_NOT_SIGNATURE_VALID | CERT_TRUST_HAS_WEAK_SIGNATURE
 * (TRUST_E_CERT_SIGNATURE, SEC_E_CERT_UNKNOWN). SHA-1 and 1024-bit RSA are refused only for
 * chains to roots of Microsoft's public root program; a private root (ours) keeps them. */
Test(validation, weak_signatures_and_keys)
{
    expect("sig-md5", 0, SEC_E_CERT_UNKNOWN, 42);
    expect("rsa-512", 0, SEC_E_CERT_UNKNOWN, 42);
    expect("sig-sha1", 0, SEC_E_OK, 0);
    expect("rsa-1024", 0, SEC_E_OK, 0);
}

Test(validation, tls13_untrusted)
{
    fx_pair pair;

    fx_open(&pair, "untrusted", SP_PROT_TLS1_3, 0);
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_UNTRUSTED_ROOT);
    cr_assert_eq(pair.client.status, SEC_E_UNTRUSTED_ROOT);
    /* The alert is protected under TLS 1.3, but the server still fails on it. */
    cr_assert(fx_step(&pair.server, pair.server.in.data, pair.server.in.len, NULL, NULL) < 0);
    fx_close(&pair);
}

/* Manual validation, by the credential flag or by the ISC request: the handshake succeeds and
 * the caller gets the chain the server sent, leaf first. */
static void manual(DWORD cred_flags, ULONG req)
{
    fx_pair pair;
    PCCERT_CONTEXT remote = NULL, cert = NULL;
    int count = 0;

    fx_open(&pair, "server-chain", SP_PROT_TLS1_3, cred_flags);
    pair.client.req |= req;
    setenv("SSPISHIM_CA_FILE", "/nonexistent", 1); /* nothing is trusted */
    cr_assert_eq(fx_handshake(&pair, 0), SEC_E_OK);
    if (req)
        cr_assert(pair.client.attrs & ISC_RET_MANUAL_CRED_VALIDATION);
    else
        cr_assert_eq(pair.client.attrs & ISC_RET_MANUAL_CRED_VALIDATION, 0,
                     "only the request is echoed, not the credential flag");
    cr_assert_eq(
        QueryContextAttributesA(&pair.client.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote),
        SEC_E_OK);
    cr_assert_eq(remote->cbCertEncoded, pair.cert->cbCertEncoded);
    cr_assert_eq(memcmp(remote->pbCertEncoded, pair.cert->pbCertEncoded, remote->cbCertEncoded), 0);
    while ((cert = CertEnumCertificatesInStore(remote->hCertStore, cert))) {
        if (count == 0)
            cr_assert_eq(cert->pbCertEncoded, remote->pbCertEncoded, "the leaf comes first");
        count++;
    }
    cr_assert_eq(count, 2, "leaf and intermediate as sent");
    CertFreeCertificateContext(remote);
    fx_close(&pair);
}

Test(validation, manual_by_credential)
{
    manual(SCH_CRED_MANUAL_CRED_VALIDATION, 0);
}

Test(validation, manual_by_request)
{
    manual(0, ISC_REQ_MANUAL_CRED_VALIDATION);
}
