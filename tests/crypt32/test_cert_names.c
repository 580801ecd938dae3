/* CertNameToStrA/W and CertGetNameStringA/W on the fixture names. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"

#define RSA_X500 "C=US, S=Test State, O=\"Acme, Inc.\", OU=Servers, CN=rsa.example.test"

static PCCERT_CONTEXT create(const struct fixture_cert *c)
{
    PCCERT_CONTEXT ctx = CertCreateCertificateContext(X509_ASN_ENCODING, c->der, (DWORD)c->der_len);

    cr_assert_not_null(ctx);
    return ctx;
}

static void expect_name(PCERT_NAME_BLOB name, DWORD type, const char *expected)
{
    char text[512];
    WCHAR wide[512];
    DWORD n = CertNameToStrA(X509_ASN_ENCODING, name, type, text, sizeof(text));

    cr_assert_str_eq(text, expected);
    cr_assert_eq(n, strlen(expected) + 1, "the count includes the NUL");
    cr_assert_eq(CertNameToStrA(X509_ASN_ENCODING, name, type, NULL, 0), n);
    n = CertNameToStrW(X509_ASN_ENCODING, name, type, wide, 512);
    cr_assert(wstr_eq(wide, expected), "W differs for %s", expected);
    cr_assert_eq(n, strlen(expected) + 1);
    cr_assert_eq(CertNameToStrW(X509_ASN_ENCODING, name, type, NULL, 0), n);
}

Test(cert_names, formats)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    PCERT_NAME_BLOB subject = &ctx->pCertInfo->Subject;

    expect_name(subject, CERT_X500_NAME_STR, RSA_X500);
    expect_name(subject, CERT_SIMPLE_NAME_STR,
                "US, Test State, \"Acme, Inc.\", Servers, rsa.example.test");
    expect_name(subject, CERT_OID_NAME_STR,
                "2.5.4.6=US, 2.5.4.8=Test State, 2.5.4.10=\"Acme, Inc.\", 2.5.4.11=Servers, "
                "2.5.4.3=rsa.example.test");
    expect_name(subject, CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG,
                "CN=rsa.example.test, OU=Servers, O=\"Acme, Inc.\", S=Test State, C=US");
    expect_name(subject, CERT_X500_NAME_STR | CERT_NAME_STR_SEMICOLON_FLAG,
                "C=US; S=Test State; O=\"Acme, Inc.\"; OU=Servers; CN=rsa.example.test");
    expect_name(subject, CERT_X500_NAME_STR | CERT_NAME_STR_CRLF_FLAG,
                "C=US\r\nS=Test State\r\nO=\"Acme, Inc.\"\r\nOU=Servers\r\nCN=rsa.example.test");
    expect_name(subject, CERT_X500_NAME_STR | CERT_NAME_STR_NO_QUOTING_FLAG,
                "C=US, S=Test State, O=Acme, Inc., OU=Servers, CN=rsa.example.test");
    expect_name(&ctx->pCertInfo->Issuer, CERT_X500_NAME_STR,
                "C=US, O=sspishim tests, CN=sspishim test CA");
    CertFreeCertificateContext(ctx);
}

Test(cert_names, truncation)
{
    PCCERT_CONTEXT ctx = create(&fixtures()->rsa);
    char text[5];
    WCHAR wide[5];

    memset(text, 'x', sizeof(text));
    cr_assert_eq(CertNameToStrA(X509_ASN_ENCODING, &ctx->pCertInfo->Subject, CERT_X500_NAME_STR,
                                text, sizeof(text)),
                 5);
    cr_assert_str_eq(text, "C=US");
    cr_assert_eq(
        CertNameToStrW(X509_ASN_ENCODING, &ctx->pCertInfo->Subject, CERT_X500_NAME_STR, wide, 5),
        5);
    cr_assert(wstr_eq(wide, "C=US"));
    CertFreeCertificateContext(ctx);
}

static CERT_NAME_BLOB encode(X509_NAME *name)
{
    CERT_NAME_BLOB blob = {0, NULL};
    int len = i2d_X509_NAME(name, &blob.pbData);

    blob.cbData = (DWORD)len;
    X509_NAME_free(name);
    return blob;
}

static void add(X509_NAME *name, const char *field, const char *value, int set)
{
    cr_assert(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value,
                                         -1, -1, set));
}

Test(cert_names, multi_valued_rdn_and_quoting)
{
    X509_NAME *name = X509_NAME_new();
    CERT_NAME_BLOB blob;

    add(name, "CN", "first", 0);
    add(name, "OU", "second", -1); /* same RDN */
    add(name, "O", "say \"hi\"", 0);
    add(name, "L", " padded", 0);
    add(name, "DC", "example", 0);
    add(name, "1.2.3.4", "odd", 0);
    blob = encode(name);
    expect_name(&blob, CERT_X500_NAME_STR,
                "CN=first + OU=second, O=\"say \"\"hi\"\"\", L=\" padded\", DC=example, "
                "OID.1.2.3.4=odd");
    expect_name(&blob, CERT_X500_NAME_STR | CERT_NAME_STR_NO_PLUS_FLAG,
                "CN=first OU=second, O=\"say \"\"hi\"\"\", L=\" padded\", DC=example, "
                "OID.1.2.3.4=odd");
    expect_name(&blob, CERT_SIMPLE_NAME_STR | CERT_NAME_STR_REVERSE_FLAG,
                "odd, example, \" padded\", \"say \"\"hi\"\"\", first + second");
    OPENSSL_free(blob.pbData);
}

Test(cert_names, utf8_values_become_utf16)
{
    X509_NAME *name = X509_NAME_new();
    CERT_NAME_BLOB blob;
    WCHAR wide[32];
    char text[32];

    add(name, "CN", "caf\xc3\xa9 \xf0\x9f\x94\x92", 0); /* "café 🔒" */
    blob = encode(name);
    cr_assert_eq(CertNameToStrW(X509_ASN_ENCODING, &blob, CERT_SIMPLE_NAME_STR, wide, 32), 8);
    cr_assert_eq(wide[3], 0x00E9);
    cr_assert_eq(wide[5], 0xD83D);
    cr_assert_eq(wide[6], 0xDD12);
    cr_assert_eq(wide[7], 0);
    cr_assert_eq(CertNameToStrA(X509_ASN_ENCODING, &blob, CERT_SIMPLE_NAME_STR, text, 32), 11,
                 "natively the A functions speak UTF-8");
    OPENSSL_free(blob.pbData);
}

Test(cert_names, bad_name_gives_empty_string)
{
    static BYTE garbage[] = {0x04, 0x01, 0x00};
    CERT_NAME_BLOB blob = {sizeof(garbage), garbage};
    char text[8] = "xxxxxxx";

    cr_assert_eq(CertNameToStrA(X509_ASN_ENCODING, &blob, CERT_X500_NAME_STR, text, 8), 1);
    cr_assert_str_eq(text, "");
    cr_assert_eq(GetLastError(), (DWORD)CRYPT_E_ASN1_BADTAG);
}

static void expect_get(PCCERT_CONTEXT ctx, DWORD type, DWORD flags, void *para,
                       const char *expected)
{
    char text[256];
    WCHAR wide[256];
    DWORD n = CertGetNameStringA(ctx, type, flags, para, text, sizeof(text));

    cr_assert_str_eq(text, expected);
    cr_assert_eq(n, strlen(expected) + 1);
    cr_assert_eq(CertGetNameStringA(ctx, type, flags, para, NULL, 0), n);
    n = CertGetNameStringW(ctx, type, flags, para, wide, 256);
    cr_assert(wstr_eq(wide, expected));
    cr_assert_eq(n, strlen(expected) + 1);
    cr_assert_eq(CertGetNameStringW(ctx, type, flags, para, NULL, 0), n);
}

Test(cert_names, get_name_string_types)
{
    const struct fixture_set *set = fixtures();
    PCCERT_CONTEXT rsa = create(&set->rsa), ec = create(&set->ec), plain = create(&set->plain);
    PCCERT_CONTEXT ca = create(&set->ca);
    DWORD x500 = CERT_X500_NAME_STR, reverse = CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG;

    expect_get(rsa, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, "rsa.example.test");
    expect_get(plain, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, "Plain Unit");
    expect_get(rsa, CERT_NAME_SIMPLE_DISPLAY_TYPE, CERT_NAME_ISSUER_FLAG, NULL, "sspishim test CA");
    expect_get(rsa, CERT_NAME_ATTR_TYPE, 0, szOID_COMMON_NAME, "rsa.example.test");
    expect_get(rsa, CERT_NAME_ATTR_TYPE, 0, szOID_ORGANIZATION_NAME, "Acme, Inc.");
    expect_get(rsa, CERT_NAME_ATTR_TYPE, CERT_NAME_ISSUER_FLAG, szOID_ORGANIZATION_NAME,
               "sspishim tests");
    expect_get(plain, CERT_NAME_ATTR_TYPE, 0, szOID_COMMON_NAME, "");
    expect_get(rsa, CERT_NAME_DNS_TYPE, 0, NULL, "rsa.example.test");
    expect_get(ec, CERT_NAME_DNS_TYPE, 0, NULL, "ec.example.test");
    expect_get(plain, CERT_NAME_DNS_TYPE, 0, NULL, "");
    expect_get(ca, CERT_NAME_DNS_TYPE, 0, NULL, "sspishim test CA"); /* no SAN: the CN */
    expect_get(rsa, CERT_NAME_EMAIL_TYPE, 0, NULL, "admin@example.test");
    expect_get(ec, CERT_NAME_EMAIL_TYPE, 0, NULL, "");
    expect_get(rsa, CERT_NAME_URL_TYPE, 0, NULL, "https://rsa.example.test/");
    expect_get(rsa, CERT_NAME_UPN_TYPE, 0, NULL, "");
    expect_get(rsa, CERT_NAME_RDN_TYPE, 0, &x500, RSA_X500);
    expect_get(rsa, CERT_NAME_RDN_TYPE, 0, &reverse,
               "CN=rsa.example.test, OU=Servers, O=\"Acme, Inc.\", S=Test State, C=US");
    expect_get(rsa, 99, 0, NULL, "");
    CertFreeCertificateContext(rsa);
    CertFreeCertificateContext(ec);
    CertFreeCertificateContext(plain);
    CertFreeCertificateContext(ca);
}

Test(cert_names, dns_all_names_is_a_multi_string)
{
    PCCERT_CONTEXT rsa = create(&fixtures()->rsa);
    static const char expected[] = "rsa.example.test\0www.rsa.example.test\0";
    char text[64];
    DWORD n = CertGetNameStringA(rsa, CERT_NAME_DNS_TYPE, CERT_NAME_SEARCH_ALL_NAMES_FLAG, NULL,
                                 text, sizeof(text));

    cr_assert_eq(n, sizeof(expected), "both names, each terminated, plus the final NUL");
    cr_assert_arr_eq(text, expected, sizeof(expected));
    CertFreeCertificateContext(rsa);
}

Test(cert_names, friendly_display_prefers_the_property)
{
    PCCERT_CONTEXT ec = create(&fixtures()->ec);
    CRYPT_DATA_BLOB name = {sizeof(u"My EC key"), (BYTE *)u"My EC key"};

    expect_get(ec, CERT_NAME_FRIENDLY_DISPLAY_TYPE, 0, NULL, "ec.example.test");
    cr_assert(CertSetCertificateContextProperty(ec, CERT_FRIENDLY_NAME_PROP_ID, 0, &name));
    expect_get(ec, CERT_NAME_FRIENDLY_DISPLAY_TYPE, 0, NULL, "My EC key");
    CertFreeCertificateContext(ec);
}

Test(cert_names, get_name_truncates)
{
    PCCERT_CONTEXT rsa = create(&fixtures()->rsa);
    WCHAR wide[4];
    char text[4];

    cr_assert_eq(CertGetNameStringW(rsa, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, wide, 4), 4);
    cr_assert(wstr_eq(wide, "rsa"));
    cr_assert_eq(CertGetNameStringA(rsa, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, text, 4), 4);
    cr_assert_str_eq(text, "rsa");
    CertFreeCertificateContext(rsa);
}
