/* CertNameToStrA/W: an encoded X.500 name as text, in the certificate's RDN order, with
 * Windows' keys, separators and quoting rules. */
#include "crypt32_private.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *oid;
    const char *key;
} x500_keys[] = {
    {szOID_COMMON_NAME, "CN"},
    {szOID_LOCALITY_NAME, "L"},
    {szOID_ORGANIZATION_NAME, "O"},
    {szOID_ORGANIZATIONAL_UNIT_NAME, "OU"},
    {szOID_RSA_emailAddr, "E"},
    {szOID_COUNTRY_NAME, "C"},
    {szOID_STATE_OR_PROVINCE_NAME, "S"},
    {szOID_STREET_ADDRESS, "STREET"},
    {szOID_TITLE, "T"},
    {szOID_GIVEN_NAME, "G"},
    {szOID_INITIALS, "I"},
    {szOID_SUR_NAME, "SN"},
    {szOID_DOMAIN_COMPONENT, "DC"},
    {szOID_DEVICE_SERIAL_NUMBER, "SERIALNUMBER"},
    {szOID_DESCRIPTION, "Description"},
    {szOID_POSTAL_CODE, "PostalCode"},
    {szOID_POST_OFFICE_BOX, "POBox"},
    {szOID_TELEPHONE_NUMBER, "Phone"},
    {"2.5.4.24", "X21Address"},
    {szOID_DN_QUALIFIER, "dnQualifier"},
    {"0.9.2342.19200300.100.1.1", "UID"},
    {"1.2.840.113549.1.9.2", "UnstructuredName"},
    {"1.2.840.113549.1.9.8", "UnstructuredAddress"},
};

/* String types decode to UTF-8; anything else is shown as the hex of its content octets. */
char *crypt32_asn1_string_utf8(const ASN1_STRING *value)
{
    unsigned char *utf8 = NULL;
    int len = ASN1_STRING_to_UTF8(&utf8, value);
    char *out;
    int i, n;

    if (len >= 0) {
        out = malloc((size_t)len + 1);
        if (out) {
            memcpy(out, utf8, (size_t)len);
            out[len] = 0;
        }
        OPENSSL_free(utf8);
        return out;
    }
    ERR_clear_error();
    n = ASN1_STRING_length(value);
    out = malloc((size_t)n * 2 + 1);
    if (!out)
        return NULL;
    for (i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02X", ASN1_STRING_get0_data(value)[i]);
    out[2 * n] = 0;
    return out;
}

static BOOL needs_quotes(const char *value)
{
    size_t len = strlen(value);

    if (!len || value[0] == ' ' || value[len - 1] == ' ')
        return TRUE;
    return strpbrk(value, ",+=\"\n<>#;") != NULL;
}

static void add_value(struct crypt32_strbuf *out, const char *value, BOOL quoting)
{
    const char *p;

    if (!quoting || !needs_quotes(value)) {
        crypt32_strbuf_adds(out, value);
        return;
    }
    crypt32_strbuf_add(out, "\"", 1);
    for (p = value; *p; p++) {
        if (*p == '"')
            crypt32_strbuf_add(out, "\"", 1); /* embedded quotes are doubled */
        crypt32_strbuf_add(out, p, 1);
    }
    crypt32_strbuf_add(out, "\"", 1);
}

static void add_key(struct crypt32_strbuf *out, const ASN1_OBJECT *object, DWORD type)
{
    char oid[128];
    size_t i;

    if (OBJ_obj2txt(oid, sizeof(oid), object, 1) <= 0)
        oid[0] = 0;
    if (type == CERT_X500_NAME_STR) {
        for (i = 0; i < sizeof(x500_keys) / sizeof(x500_keys[0]); i++) {
            if (!strcmp(oid, x500_keys[i].oid)) {
                crypt32_strbuf_adds(out, x500_keys[i].key);
                crypt32_strbuf_add(out, "=", 1);
                return;
            }
        }
        crypt32_strbuf_adds(out, "OID.");
    }
    crypt32_strbuf_adds(out, oid);
    crypt32_strbuf_add(out, "=", 1);
}

static const char *rdn_separator(DWORD flags)
{
    if (flags & CERT_NAME_STR_SEMICOLON_FLAG)
        return "; ";
    if (flags & CERT_NAME_STR_CRLF_FLAG)
        return "\r\n";
    return ", ";
}

/* Appends the RDN whose entries are [first, end) of NAME. */
static BOOL add_rdn(struct crypt32_strbuf *out, const X509_NAME *name, int first, int end,
                    DWORD type, DWORD flags)
{
    int i;

    for (i = first; i < end; i++) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(name, i);
        char *value = crypt32_asn1_string_utf8(X509_NAME_ENTRY_get_data(entry));

        if (!value)
            return FALSE;
        if (i > first)
            crypt32_strbuf_adds(out, (flags & CERT_NAME_STR_NO_PLUS_FLAG) ? " " : " + ");
        if (type != CERT_SIMPLE_NAME_STR)
            add_key(out, X509_NAME_ENTRY_get_object(entry), type);
        add_value(out, value, !(flags & CERT_NAME_STR_NO_QUOTING_FLAG));
        free(value);
    }
    return TRUE;
}

BOOL crypt32_name_to_utf8(const CERT_NAME_BLOB *blob, DWORD str_type, struct crypt32_strbuf *out)
{
    const unsigned char *cursor = blob->pbData;
    X509_NAME *name = NULL;
    DWORD type = str_type & 0xFFFF, flags = str_type & ~0xFFFFu;
    int count, rdns, *starts = NULL, i, r;
    BOOL ok = FALSE;

    crypt32_strbuf_add(out, "", 0);
    if (!blob->pbData || !(name = d2i_X509_NAME(NULL, &cursor, (long)blob->cbData))) {
        ERR_clear_error();
        crypt32_fail(crypt32_der_error(blob->pbData, blob->cbData));
        goto done;
    }
    count = X509_NAME_entry_count(name);
    starts = calloc((size_t)count + 1, sizeof(int));
    if (!starts)
        goto done;
    /* Group consecutive entries of the same RDN (SET); starts[rdns] marks the end. */
    for (i = 0, rdns = 0; i < count; i++) {
        if (i == 0 || X509_NAME_ENTRY_set(X509_NAME_get_entry(name, i)) !=
                          X509_NAME_ENTRY_set(X509_NAME_get_entry(name, i - 1)))
            starts[rdns++] = i;
    }
    starts[rdns] = count;
    for (r = 0; r < rdns; r++) {
        int index = (flags & CERT_NAME_STR_REVERSE_FLAG) ? rdns - 1 - r : r;

        if (r > 0)
            crypt32_strbuf_adds(out, rdn_separator(flags));
        if (!add_rdn(out, name, starts[index], starts[index + 1], type, flags))
            goto done;
    }
    ok = !out->failed;
done:
    free(starts);
    X509_NAME_free(name);
    return ok;
}

/* Windows always returns a terminated string: an undecodable name yields "" (count 1). */
static BOOL name_text(DWORD encoding, PCERT_NAME_BLOB name, DWORD str_type,
                      struct crypt32_strbuf *text)
{
    if (!name) {
        crypt32_fail(E_INVALIDARG);
        crypt32_strbuf_add(text, "", 0);
        return FALSE;
    }
    if (!crypt32_name_to_utf8(name, str_type, text)) {
        text->len = 0;
        if (text->data)
            text->data[0] = 0;
        return FALSE;
    }
    return TRUE;
}

DWORD WINAPI CertNameToStrA(DWORD dwCertEncodingType, PCERT_NAME_BLOB pName, DWORD dwStrType,
                            LPSTR psz, DWORD csz)
{
    struct crypt32_strbuf text = {0};
    DWORD result;

    name_text(dwCertEncodingType, pName, dwStrType, &text);
    result = crypt32_output_a(text.data ? text.data : "", text.len, psz, csz);
    crypt32_strbuf_free(&text);
    return result;
}

DWORD WINAPI CertNameToStrW(DWORD dwCertEncodingType, PCERT_NAME_BLOB pName, DWORD dwStrType,
                            LPWSTR psz, DWORD csz)
{
    struct crypt32_strbuf text = {0};
    DWORD result;

    name_text(dwCertEncodingType, pName, dwStrType, &text);
    result = crypt32_output_w(text.data ? text.data : "", text.len, psz, csz);
    crypt32_strbuf_free(&text);
    return result;
}
