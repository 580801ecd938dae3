/* CertGetNameStringA/W: the display, DNS, e-mail, URL, UPN, attribute and RDN names of a
 * certificate's subject (or issuer), from its name and alternative-name extension. */
#include "crypt32_private.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#define szOID_NT_PRINCIPAL_NAME "1.3.6.1.4.1.311.20.2.3"

struct name_source {
    struct crypt32_cert *cert;
    const X509_NAME *name;
    const CERT_NAME_BLOB *blob;
    GENERAL_NAMES *alt; /* subject or issuer alternative names, may be NULL */
};

static BOOL oid_is(const ASN1_OBJECT *object, const char *oid)
{
    char text[128];

    return OBJ_obj2txt(text, sizeof(text), object, 1) > 0 && !strcmp(text, oid);
}

/* Appends the value of each attribute OID of NAME; stops after the first unless ALL. */
static BOOL add_attr(struct crypt32_strbuf *out, const X509_NAME *name, const char *oid, BOOL all)
{
    int i, count = name ? X509_NAME_entry_count(name) : 0;
    BOOL found = FALSE;

    for (i = 0; i < count; i++) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(name, i);
        char *value;

        if (!oid_is(X509_NAME_ENTRY_get_object(entry), oid))
            continue;
        value = crypt32_asn1_string_utf8(X509_NAME_ENTRY_get_data(entry));
        if (!value)
            continue;
        if (found)
            crypt32_strbuf_add(out, "", 1); /* multi-string separator */
        crypt32_strbuf_adds(out, value);
        free(value);
        found = TRUE;
        if (!all)
            break;
    }
    return found;
}

/* Appends alternative names of TYPE (IA5 strings); stops after the first unless ALL. */
static BOOL add_alt(struct crypt32_strbuf *out, GENERAL_NAMES *alt, int type, BOOL all)
{
    int i;
    BOOL found = FALSE;

    for (i = 0; i < sk_GENERAL_NAME_num(alt); i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(alt, i);
        const ASN1_IA5STRING *value;

        if (name->type != type)
            continue;
        value = name->d.ia5;
        if (found)
            crypt32_strbuf_add(out, "", 1);
        crypt32_strbuf_add(out, (const char *)ASN1_STRING_get0_data(value),
                           (size_t)ASN1_STRING_length(value));
        found = TRUE;
        if (!all)
            break;
    }
    return found;
}

static const X509_NAME *alt_directory_name(GENERAL_NAMES *alt)
{
    int i;

    for (i = 0; i < sk_GENERAL_NAME_num(alt); i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(alt, i);

        if (name->type == GEN_DIRNAME)
            return name->d.directoryName;
    }
    return NULL;
}

static BOOL name_empty(const X509_NAME *name)
{
    return !name || X509_NAME_entry_count(name) == 0;
}

/* The attribute from the name, or, when the name is empty, from a directoryName alt name. */
static BOOL add_attr_or_alt(struct crypt32_strbuf *out, const struct name_source *src,
                            const char *oid)
{
    if (add_attr(out, src->name, oid, FALSE))
        return TRUE;
    return name_empty(src->name) && add_attr(out, alt_directory_name(src->alt), oid, FALSE);
}

static BOOL add_upn(struct crypt32_strbuf *out, GENERAL_NAMES *alt)
{
    int i;

    for (i = 0; i < sk_GENERAL_NAME_num(alt); i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(alt, i);
        char *value;

        if (name->type != GEN_OTHERNAME ||
            !oid_is(name->d.otherName->type_id, szOID_NT_PRINCIPAL_NAME))
            continue;
        if (name->d.otherName->value->type != V_ASN1_UTF8STRING)
            continue;
        value = crypt32_asn1_string_utf8(name->d.otherName->value->value.utf8string);
        if (!value)
            return FALSE;
        crypt32_strbuf_adds(out, value);
        free(value);
        return TRUE;
    }
    return FALSE;
}

static void add_simple_display(struct crypt32_strbuf *out, const struct name_source *src)
{
    static const char *const order[] = {szOID_COMMON_NAME, szOID_ORGANIZATIONAL_UNIT_NAME,
                                        szOID_ORGANIZATION_NAME, szOID_RSA_emailAddr};
    size_t i;

    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (add_attr(out, src->name, order[i], FALSE) ||
            add_attr(out, alt_directory_name(src->alt), order[i], FALSE))
            return;
    }
    if (add_alt(out, src->alt, GEN_EMAIL, FALSE))
        return;
    if (!name_empty(src->name)) {
        char *value =
            crypt32_asn1_string_utf8(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(src->name, 0)));

        if (value)
            crypt32_strbuf_adds(out, value);
        free(value);
    }
}

static void add_friendly_display(struct crypt32_strbuf *out, const struct name_source *src)
{
    const struct crypt32_prop *prop;
    char *text = NULL;

    crypt32_lock();
    prop = crypt32_prop_find(src->cert, CERT_FRIENDLY_NAME_PROP_ID);
    if (prop && prop->size >= sizeof(WCHAR)) {
        const WCHAR *wide = (const WCHAR *)prop->data;
        size_t len = prop->size / sizeof(WCHAR);

        while (len && !wide[len - 1])
            len--;
        text = crypt32_utf16_to_utf8(wide, len);
    }
    crypt32_unlock();
    if (text)
        crypt32_strbuf_adds(out, text);
    else
        add_simple_display(out, src);
    free(text);
}

static void add_rdn(struct crypt32_strbuf *out, const struct name_source *src, const DWORD *type)
{
    const X509_NAME *dir = name_empty(src->name) ? alt_directory_name(src->alt) : NULL;
    DWORD str_type = type ? *type : 0;

    if (dir) {
        unsigned char *der = NULL;
        int len = i2d_X509_NAME(dir, &der);
        CERT_NAME_BLOB blob = {(DWORD)(len > 0 ? len : 0), der};

        if (len > 0)
            crypt32_name_to_utf8(&blob, str_type, out);
        OPENSSL_free(der);
        return;
    }
    crypt32_name_to_utf8(src->blob, str_type, out);
}

static void get_name(struct crypt32_strbuf *out, struct crypt32_cert *cert, DWORD type, DWORD flags,
                     void *para)
{
    BOOL issuer = (flags & CERT_NAME_ISSUER_FLAG) != 0;
    BOOL all = (flags & CERT_NAME_SEARCH_ALL_NAMES_FLAG) != 0;
    struct name_source src = {cert, NULL, NULL, NULL};

    src.name = issuer ? X509_get_issuer_name(cert->x509) : X509_get_subject_name(cert->x509);
    src.blob = issuer ? &cert->ctx.pCertInfo->Issuer : &cert->ctx.pCertInfo->Subject;
    src.alt = X509_get_ext_d2i(cert->x509, issuer ? NID_issuer_alt_name : NID_subject_alt_name,
                               NULL, NULL);
    ERR_clear_error();
    switch (type) {
    case CERT_NAME_EMAIL_TYPE:
        if (!add_alt(out, src.alt, GEN_EMAIL, FALSE))
            add_attr(out, src.name, szOID_RSA_emailAddr, FALSE);
        break;
    case CERT_NAME_RDN_TYPE:
        add_rdn(out, &src, para);
        break;
    case CERT_NAME_ATTR_TYPE:
        if (para)
            add_attr_or_alt(out, &src, para);
        break;
    case CERT_NAME_SIMPLE_DISPLAY_TYPE:
        add_simple_display(out, &src);
        break;
    case CERT_NAME_FRIENDLY_DISPLAY_TYPE:
        add_friendly_display(out, &src);
        break;
    case CERT_NAME_DNS_TYPE:
        if (!add_alt(out, src.alt, GEN_DNS, all))
            add_attr(out, src.name, szOID_COMMON_NAME, all);
        if (all && out->len)
            crypt32_strbuf_add(out, "", 1); /* a multi-string ends with an empty string */
        break;
    case CERT_NAME_URL_TYPE:
        add_alt(out, src.alt, GEN_URI, FALSE);
        break;
    case CERT_NAME_UPN_TYPE:
        add_upn(out, src.alt);
        break;
    default:
        break;
    }
    GENERAL_NAMES_free(src.alt);
    crypt32_strbuf_add(out, "", 0);
}

DWORD WINAPI CertGetNameStringA(PCCERT_CONTEXT pCertContext, DWORD dwType, DWORD dwFlags,
                                void *pvTypePara, LPSTR pszNameString, DWORD cchNameString)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    struct crypt32_strbuf text = {0};
    DWORD result;

    if (cert)
        get_name(&text, cert, dwType, dwFlags, pvTypePara);
    else
        crypt32_fail(E_INVALIDARG);
    result = crypt32_output_a(text.data ? text.data : "", text.failed ? 0 : text.len, pszNameString,
                              cchNameString);
    crypt32_strbuf_free(&text);
    return result;
}

DWORD WINAPI CertGetNameStringW(PCCERT_CONTEXT pCertContext, DWORD dwType, DWORD dwFlags,
                                void *pvTypePara, LPWSTR pszNameString, DWORD cchNameString)
{
    struct crypt32_cert *cert = crypt32_cert_from_context(pCertContext);
    struct crypt32_strbuf text = {0};
    DWORD result;

    if (cert)
        get_name(&text, cert, dwType, dwFlags, pvTypePara);
    else
        crypt32_fail(E_INVALIDARG);
    result = crypt32_output_w(text.data ? text.data : "", text.failed ? 0 : text.len, pszNameString,
                              cchNameString);
    crypt32_strbuf_free(&text);
    return result;
}
