/* Internal objects of the native crypt32 subset: certificate contexts, memory stores, property
 * lists and private-key holders, all guarded by one library-wide lock. */
#ifndef SSPISHIM_CRYPT32_PRIVATE_H
#define SSPISHIM_CRYPT32_PRIVATE_H

#include "win_sspi.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Status codes this library reports, in case the winerror.h in use lacks one. */
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2L
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY 8L
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13L
#endif
#ifndef ERROR_INVALID_PASSWORD
#define ERROR_INVALID_PASSWORD 86L
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER 87L
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234L
#endif
#ifndef E_ACCESSDENIED
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#endif
#ifndef E_INVALIDARG
#define E_INVALIDARG ((HRESULT)0x80070057)
#endif
#ifndef NTE_BAD_FLAGS
#define NTE_BAD_FLAGS ((HRESULT)0x80090009)
#endif
#ifndef NTE_INVALID_HANDLE
#define NTE_INVALID_HANDLE ((HRESULT)0x80090026)
#endif
#ifndef CRYPT_E_NOT_FOUND
#define CRYPT_E_NOT_FOUND ((HRESULT)0x80092004)
#endif
#ifndef CRYPT_E_EXISTS
#define CRYPT_E_EXISTS ((HRESULT)0x80092005)
#endif
#ifndef CRYPT_E_NO_KEY_PROPERTY
#define CRYPT_E_NO_KEY_PROPERTY ((HRESULT)0x8009200B)
#endif
#ifndef CRYPT_E_PENDING_CLOSE
#define CRYPT_E_PENDING_CLOSE ((HRESULT)0x8009200F)
#endif
#ifndef CRYPT_E_ASN1_CORRUPT
#define CRYPT_E_ASN1_CORRUPT ((HRESULT)0x80093103)
#endif
#ifndef CRYPT_E_ASN1_EOD
#define CRYPT_E_ASN1_EOD ((HRESULT)0x80093102)
#endif
#ifndef CRYPT_E_ASN1_BADTAG
#define CRYPT_E_ASN1_BADTAG ((HRESULT)0x8009310B)
#endif

#define CRYPT32_CERT_MAGIC  0x43455254u /* "CERT" */
#define CRYPT32_STORE_MAGIC 0x53544f52u /* "STOR" */
#define CRYPT32_KEY_MAGIC   0x4b455931u /* "KEY1" */

struct crypt32_arena;

struct crypt32_prop {
    DWORD id;
    DWORD size;
    BYTE *data;
    struct crypt32_prop *next;
};

/* A private key shared by certificates and by the handles CryptAcquireCertificatePrivateKey
 * hands out. */
struct crypt32_key {
    DWORD magic;
    LONG refs;
    EVP_PKEY *pkey;
};

struct crypt32_store;

struct crypt32_cert {
    CERT_CONTEXT ctx; /* first member: a PCCERT_CONTEXT points here */
    DWORD magic;
    LONG refs; /* caller references; each one also pins the owning store */
    X509 *x509;
    struct crypt32_arena *arena; /* CERT_INFO and everything it points to */
    struct crypt32_prop *props;
    struct crypt32_key *key;        /* private key travelling with the certificate */
    struct crypt32_key *cached_key; /* handed out with CRYPT_ACQUIRE_CACHE_FLAG */
    struct crypt32_store *store;    /* NULL for a context outside any store */
    BOOL in_store;
    ULONGLONG seq; /* insertion order, so enumeration survives deletions */
    struct crypt32_cert *next;
};

/* cert_registry.c: every live crypt32_cert, so that caller-made contexts are told apart. */
int crypt32_registry_add(const struct crypt32_cert *cert);
void crypt32_registry_remove(const struct crypt32_cert *cert);
int crypt32_registry_has(const void *context);

struct crypt32_store {
    DWORD magic;
    LONG refs; /* open handles plus caller references to its contexts */
    DWORD flags;
    BOOL immortal; /* the empty store that standalone contexts point to */
    ULONGLONG next_seq;
    struct crypt32_cert *first;
};

/* lock.c */
void crypt32_lock(void);
void crypt32_unlock(void);

/* last_error.c: SetLastError/GetLastError are exported; this is shorthand. */
#define crypt32_fail(code) SetLastError((DWORD)(code))

/* arena.c: one owner for many small allocations. */
struct crypt32_arena *crypt32_arena_new(void);
void *crypt32_arena_alloc(struct crypt32_arena *arena, size_t size);
void *crypt32_arena_dup(struct crypt32_arena *arena, const void *data, size_t size);
void crypt32_arena_free(struct crypt32_arena *arena);

/* der_errors.c */
DWORD crypt32_der_error(const BYTE *data, DWORD size);

/* cert_info.c */
PCERT_INFO crypt32_cert_info_build(X509 *x509, struct crypt32_arena *arena);

/* cert_context.c */
struct crypt32_cert *crypt32_cert_from_context(PCCERT_CONTEXT context);
struct crypt32_cert *crypt32_cert_new(DWORD encoding, const BYTE *der, DWORD size);
void crypt32_cert_addref_locked(struct crypt32_cert *cert);
void crypt32_cert_release_locked(struct crypt32_cert *cert);
void crypt32_cert_destroy(struct crypt32_cert *cert);
HCERTSTORE crypt32_empty_store(void);

/* cert_store.c */
struct crypt32_store *crypt32_store_from_handle(HCERTSTORE handle);
void crypt32_store_release_locked(struct crypt32_store *store);
PCCERT_CONTEXT crypt32_store_next(HCERTSTORE handle, PCCERT_CONTEXT prev,
                                  BOOL (*match)(struct crypt32_cert *, const void *),
                                  const void *param);

/* cert_props.c */
BOOL crypt32_props_copy(struct crypt32_cert *dst, const struct crypt32_cert *src, BOOL keep);
void crypt32_props_free(struct crypt32_cert *cert);
const struct crypt32_prop *crypt32_prop_find(const struct crypt32_cert *cert, DWORD id);
BOOL crypt32_prop_set(struct crypt32_cert *cert, DWORD id, const void *data, DWORD size);
/* key_prov_info.c: CRYPT_KEY_PROV_INFO stored flat, pointers into its own bytes. */
DWORD crypt32_key_prov_info_flatten(const CRYPT_KEY_PROV_INFO *info, BYTE *out);
BOOL crypt32_set_key_prov_info(struct crypt32_cert *cert, const CRYPT_KEY_PROV_INFO *info);
/* SHA-1/MD5 hash properties, computed and cached on first use (caller holds the lock). */
const struct crypt32_prop *crypt32_hash_prop_locked(struct crypt32_cert *cert, DWORD id);

/* cert_key.c */
struct crypt32_key *crypt32_key_new(EVP_PKEY *pkey);
void crypt32_key_addref(struct crypt32_key *key);
void crypt32_key_release(struct crypt32_key *key);
struct crypt32_key *crypt32_key_from_handle(ULONG_PTR handle);

/* text.c: UTF-8 <-> UTF-16 and the output conventions of the A/W name functions. */
WCHAR *crypt32_utf8_to_utf16(const char *utf8, size_t size, size_t *out_len);
char *crypt32_utf16_to_utf8(const WCHAR *text, size_t len);
size_t crypt32_wcslen(const WCHAR *text);
BOOL crypt32_contains_nocase(const char *haystack, const char *needle);
DWORD crypt32_output_a(const char *text, size_t len, LPSTR out, DWORD cch);
DWORD crypt32_output_w(const char *text, size_t len, LPWSTR out, DWORD cch);

/* strbuf.c: a growing UTF-8 buffer. */
struct crypt32_strbuf {
    char *data;
    size_t len;
    size_t cap;
    BOOL failed;
};
void crypt32_strbuf_add(struct crypt32_strbuf *buf, const char *text, size_t len);
void crypt32_strbuf_adds(struct crypt32_strbuf *buf, const char *text);
void crypt32_strbuf_free(struct crypt32_strbuf *buf);

/* cert_names.c */
BOOL crypt32_name_to_utf8(const CERT_NAME_BLOB *name, DWORD str_type, struct crypt32_strbuf *out);
char *crypt32_asn1_string_utf8(const ASN1_STRING *value);

#endif
