/* A small OpenSSL provider that presents keys held by Windows to libssl: key management for
 * "RSA" and "EC" whose key data is a win_key, and signatures that hash here and sign through
 * the Windows provider. Its signature algorithms carry names of their own, so only keys of this
 * provider reach them; the library context prefers the default provider for everything else. */
#include "tls_key_win32.h"
#include "platform.h"

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#define PROVIDER_NAME "sspishim-winkey"
#define PARAM_KEY     "sspishim-win-key" /* import: the win_key pointer */

/* ---- key management ---- */

static void *keymgmt_new(void *provctx)
{
    (void)provctx;
    return calloc(1, sizeof(win_key *));
}

static void keymgmt_free(void *data)
{
    win_key **slot = data;
    if (!slot)
        return;
    win_key_unref(*slot);
    free(slot);
}

static int keymgmt_has(const void *data, int selection)
{
    (void)selection;
    return data && *(win_key *const *)data;
}

static int keymgmt_import(void *data, int selection, const OSSL_PARAM params[])
{
    const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, PARAM_KEY);
    win_key **slot = data, *key = NULL;

    (void)selection;
    if (!p || p->data_type != OSSL_PARAM_OCTET_STRING || p->data_size != sizeof(key) || *slot)
        return 0;
    memcpy(&key, p->data, sizeof(key));
    win_key_ref(key);
    *slot = key;
    return 1;
}

static const OSSL_PARAM *keymgmt_import_types(int selection)
{
    static const OSSL_PARAM types[] = {
        OSSL_PARAM_octet_string(PARAM_KEY, NULL, 0),
        OSSL_PARAM_END,
    };
    (void)selection;
    return types;
}

/* Only the public half leaves: enough for libssl to match the key with its certificate. */
static int keymgmt_export(void *data, int selection, OSSL_CALLBACK *callback, void *arg)
{
    win_key *key = *(win_key **)data;
    OSSL_PARAM *params = NULL;
    int ok;

    (void)selection;
    if (EVP_PKEY_todata(key->pub, EVP_PKEY_PUBLIC_KEY, &params) != 1)
        return 0;
    ok = callback(params, arg);
    OSSL_PARAM_free(params);
    return ok;
}

static const OSSL_PARAM *keymgmt_export_types(int selection)
{
    static const OSSL_PARAM types[] = {
        OSSL_PARAM_BN(OSSL_PKEY_PARAM_RSA_N, NULL, 0),
        OSSL_PARAM_BN(OSSL_PKEY_PARAM_RSA_E, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, NULL, 0),
        OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, NULL, 0),
        OSSL_PARAM_END,
    };
    (void)selection;
    return types;
}

/* Sizes, group, point format, default digest: the public key answers them. */
static int keymgmt_get_params(void *data, OSSL_PARAM params[])
{
    win_key *key = *(win_key **)data;
    OSSL_PARAM *p = OSSL_PARAM_locate(params, TLS_KEY_PARAM_PKCS1_ONLY);

    if (p && !OSSL_PARAM_set_int(p, win_key_pkcs1_only(key)))
        return 0;
    return EVP_PKEY_get_params(key->pub, params) || p;
}

static const OSSL_PARAM *keymgmt_gettable_params(void *provctx)
{
    static const OSSL_PARAM types[] = {
        OSSL_PARAM_int(OSSL_PKEY_PARAM_BITS, NULL),
        OSSL_PARAM_int(OSSL_PKEY_PARAM_SECURITY_BITS, NULL),
        OSSL_PARAM_int(OSSL_PKEY_PARAM_MAX_SIZE, NULL),
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_DEFAULT_DIGEST, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, NULL, 0),
        OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, NULL, 0),
        OSSL_PARAM_int(TLS_KEY_PARAM_PKCS1_ONLY, NULL),
        OSSL_PARAM_END,
    };
    (void)provctx;
    return types;
}

static const char *rsa_operation_name(int operation)
{
    return operation == OSSL_OP_SIGNATURE ? "SSPISHIM-WIN-RSA-SIG" : NULL;
}

static const char *ec_operation_name(int operation)
{
    return operation == OSSL_OP_SIGNATURE ? "SSPISHIM-WIN-ECDSA-SIG" : NULL;
}

#define KEYMGMT_FUNCTIONS(operation_name)                                                          \
    {OSSL_FUNC_KEYMGMT_NEW, (void (*)(void))keymgmt_new},                                          \
        {OSSL_FUNC_KEYMGMT_FREE, (void (*)(void))keymgmt_free},                                    \
        {OSSL_FUNC_KEYMGMT_HAS, (void (*)(void))keymgmt_has},                                      \
        {OSSL_FUNC_KEYMGMT_IMPORT, (void (*)(void))keymgmt_import},                                \
        {OSSL_FUNC_KEYMGMT_IMPORT_TYPES, (void (*)(void))keymgmt_import_types},                    \
        {OSSL_FUNC_KEYMGMT_EXPORT, (void (*)(void))keymgmt_export},                                \
        {OSSL_FUNC_KEYMGMT_EXPORT_TYPES, (void (*)(void))keymgmt_export_types},                    \
        {OSSL_FUNC_KEYMGMT_GET_PARAMS, (void (*)(void))keymgmt_get_params},                        \
        {OSSL_FUNC_KEYMGMT_GETTABLE_PARAMS, (void (*)(void))keymgmt_gettable_params},              \
        {OSSL_FUNC_KEYMGMT_QUERY_OPERATION_NAME, (void (*)(void))operation_name},                  \
    {                                                                                              \
        0, NULL                                                                                    \
    }

static const OSSL_DISPATCH rsa_keymgmt[] = {KEYMGMT_FUNCTIONS(rsa_operation_name)};
static const OSSL_DISPATCH ec_keymgmt[] = {KEYMGMT_FUNCTIONS(ec_operation_name)};

/* ---- signature ---- */

typedef struct sign_ctx {
    win_key *key;
    EVP_MD *md;
    EVP_MD_CTX *md_ctx;
    enum win_key_padding padding;
    int salt_len; /* RSA_PSS_SALTLEN_* or bytes */
} sign_ctx;

static void *sig_newctx(void *provctx, const char *propq)
{
    (void)provctx;
    (void)propq;
    return calloc(1, sizeof(sign_ctx));
}

static void sig_freectx(void *data)
{
    sign_ctx *ctx = data;
    if (!ctx)
        return;
    win_key_unref(ctx->key);
    EVP_MD_CTX_free(ctx->md_ctx);
    EVP_MD_free(ctx->md);
    free(ctx);
}

static void *sig_dupctx(void *data)
{
    sign_ctx *from = data, *to = malloc(sizeof(*to));

    if (!to)
        return NULL;
    *to = *from;
    to->md_ctx = NULL;
    if (to->key)
        win_key_ref(to->key);
    if (to->md)
        EVP_MD_up_ref(to->md);
    if (from->md_ctx &&
        (!(to->md_ctx = EVP_MD_CTX_new()) || !EVP_MD_CTX_copy_ex(to->md_ctx, from->md_ctx))) {
        sig_freectx(to);
        return NULL;
    }
    return to;
}

static int set_digest(sign_ctx *ctx, const char *name)
{
    EVP_MD *md = EVP_MD_fetch(NULL, name, "provider=default");
    if (!md)
        return 0;
    EVP_MD_free(ctx->md);
    ctx->md = md;
    return 1;
}

static int sig_set_ctx_params(void *data, const OSSL_PARAM params[])
{
    sign_ctx *ctx = data;
    const OSSL_PARAM *p;
    const char *text = NULL;
    int value;

    if ((p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_DIGEST)) &&
        (!OSSL_PARAM_get_utf8_string_ptr(p, &text) || !set_digest(ctx, text)))
        return 0;
    if ((p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_PAD_MODE))) {
        if (OSSL_PARAM_get_int(p, &value))
            ctx->padding = value == RSA_PKCS1_PSS_PADDING ? WIN_KEY_PAD_PSS : WIN_KEY_PAD_PKCS1;
        else if (OSSL_PARAM_get_utf8_string_ptr(p, &text))
            ctx->padding =
                strcmp(text, OSSL_PKEY_RSA_PAD_MODE_PSS) == 0 ? WIN_KEY_PAD_PSS : WIN_KEY_PAD_PKCS1;
        else
            return 0;
        if (ctx->key && ctx->key->is_ec)
            ctx->padding = WIN_KEY_PAD_NONE;
    }
    if ((p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_PSS_SALTLEN))) {
        if (OSSL_PARAM_get_int(p, &value))
            ctx->salt_len = value;
        else if (OSSL_PARAM_get_utf8_string_ptr(p, &text))
            ctx->salt_len = strcmp(text, OSSL_PKEY_RSA_PSS_SALT_LEN_DIGEST) == 0
                                ? RSA_PSS_SALTLEN_DIGEST
                            : strcmp(text, OSSL_PKEY_RSA_PSS_SALT_LEN_MAX) == 0 ||
                                    strcmp(text, OSSL_PKEY_RSA_PSS_SALT_LEN_AUTO) == 0
                                ? RSA_PSS_SALTLEN_MAX
                                : atoi(text);
        else
            return 0;
    }
    /* PSS with MGF1 over the same digest is all CNG does (and all TLS uses). */
    if ((p = OSSL_PARAM_locate_const(params, OSSL_SIGNATURE_PARAM_MGF1_DIGEST)) &&
        (!OSSL_PARAM_get_utf8_string_ptr(p, &text) || !ctx->md || !EVP_MD_is_a(ctx->md, text)))
        return 0;
    return 1;
}

static const OSSL_PARAM *sig_settable_ctx_params(void *data, void *provctx)
{
    static const OSSL_PARAM types[] = {
        OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, NULL, 0),
        OSSL_PARAM_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, NULL, 0),
        OSSL_PARAM_END,
    };
    (void)data;
    (void)provctx;
    return types;
}

static int sig_sign_init(void *data, void *keydata, const OSSL_PARAM params[])
{
    sign_ctx *ctx = data;
    win_key *key = *(win_key **)keydata;

    win_key_ref(key);
    win_key_unref(ctx->key);
    ctx->key = key;
    ctx->padding = key->is_ec ? WIN_KEY_PAD_NONE : WIN_KEY_PAD_PKCS1;
    ctx->salt_len = RSA_PSS_SALTLEN_DIGEST;
    return sig_set_ctx_params(ctx, params);
}

static int sig_sign(void *data, unsigned char *sig, size_t *sig_len, size_t sig_size,
                    const unsigned char *tbs, size_t tbs_len)
{
    sign_ctx *ctx = data;
    int salt = ctx->salt_len, max_salt;

    if (!sig) {
        *sig_len = (size_t)EVP_PKEY_get_size(ctx->key->pub);
        return 1;
    }
    if (ctx->padding == WIN_KEY_PAD_PSS) {
        int md_size = ctx->md ? EVP_MD_get_size(ctx->md) : (int)tbs_len;
        max_salt = EVP_PKEY_get_size(ctx->key->pub) - md_size - 2;
        if ((EVP_PKEY_get_bits(ctx->key->pub) & 7) == 1)
            max_salt--;
        salt = salt == RSA_PSS_SALTLEN_DIGEST ? md_size : salt < 0 ? max_salt : salt;
    }
    return win_key_sign(ctx->key, ctx->md, ctx->padding, salt, tbs, tbs_len, sig, sig_len,
                        sig_size);
}

static int sig_digest_sign_init(void *data, const char *md_name, void *keydata,
                                const OSSL_PARAM params[])
{
    sign_ctx *ctx = data;

    if (!sig_sign_init(ctx, keydata, params) || !set_digest(ctx, md_name ? md_name : "SHA256"))
        return 0;
    if (!ctx->md_ctx && !(ctx->md_ctx = EVP_MD_CTX_new()))
        return 0;
    return EVP_DigestInit_ex(ctx->md_ctx, ctx->md, NULL);
}

static int sig_digest_sign_update(void *data, const unsigned char *in, size_t len)
{
    sign_ctx *ctx = data;
    return EVP_DigestUpdate(ctx->md_ctx, in, len);
}

static int sig_digest_sign_final(void *data, unsigned char *sig, size_t *sig_len, size_t sig_size)
{
    sign_ctx *ctx = data;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;

    if (!sig)
        return sig_sign(ctx, NULL, sig_len, 0, NULL, 0);
    return EVP_DigestFinal_ex(ctx->md_ctx, digest, &digest_len) &&
           sig_sign(ctx, sig, sig_len, sig_size, digest, digest_len);
}

static const OSSL_DISPATCH signature_functions[] = {
    {OSSL_FUNC_SIGNATURE_NEWCTX, (void (*)(void))sig_newctx},
    {OSSL_FUNC_SIGNATURE_FREECTX, (void (*)(void))sig_freectx},
    {OSSL_FUNC_SIGNATURE_DUPCTX, (void (*)(void))sig_dupctx},
    {OSSL_FUNC_SIGNATURE_SIGN_INIT, (void (*)(void))sig_sign_init},
    {OSSL_FUNC_SIGNATURE_SIGN, (void (*)(void))sig_sign},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_INIT, (void (*)(void))sig_digest_sign_init},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_UPDATE, (void (*)(void))sig_digest_sign_update},
    {OSSL_FUNC_SIGNATURE_DIGEST_SIGN_FINAL, (void (*)(void))sig_digest_sign_final},
    {OSSL_FUNC_SIGNATURE_SET_CTX_PARAMS, (void (*)(void))sig_set_ctx_params},
    {OSSL_FUNC_SIGNATURE_SETTABLE_CTX_PARAMS, (void (*)(void))sig_settable_ctx_params},
    {0, NULL},
};

/* ---- the provider ---- */

#define PROPERTIES "provider=" PROVIDER_NAME

static const OSSL_ALGORITHM keymgmt_algorithms[] = {
    {"RSA:rsaEncryption", PROPERTIES, rsa_keymgmt, NULL},
    {"EC:id-ecPublicKey", PROPERTIES, ec_keymgmt, NULL},
    {NULL, NULL, NULL, NULL},
};

static const OSSL_ALGORITHM signature_algorithms[] = {
    {"SSPISHIM-WIN-RSA-SIG", PROPERTIES, signature_functions, NULL},
    {"SSPISHIM-WIN-ECDSA-SIG", PROPERTIES, signature_functions, NULL},
    {NULL, NULL, NULL, NULL},
};

static const OSSL_ALGORITHM *provider_query(void *provctx, int operation, int *no_cache)
{
    (void)provctx;
    *no_cache = 0;
    if (operation == OSSL_OP_KEYMGMT)
        return keymgmt_algorithms;
    if (operation == OSSL_OP_SIGNATURE)
        return signature_algorithms;
    return NULL;
}

static const OSSL_DISPATCH provider_functions[] = {
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))provider_query},
    {0, NULL},
};

static int provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                         const OSSL_DISPATCH **out, void **provctx)
{
    (void)handle;
    (void)in;
    *out = provider_functions;
    *provctx = NULL;
    return 1;
}

static int provider_ready;

/* Loading any provider explicitly ends the implicit loading of "default": load it too, and let
 * plain fetches ("RSA", "EC") prefer it over ours. The DLL's OpenSSL is its own, so the library
 * context is ours to configure. */
static void load_provider(void)
{
    provider_ready = OSSL_PROVIDER_add_builtin(NULL, PROVIDER_NAME, provider_init) == 1 &&
                     OSSL_PROVIDER_load(NULL, "default") &&
                     OSSL_PROVIDER_load(NULL, PROVIDER_NAME) &&
                     EVP_set_default_properties(NULL, "?provider=default") == 1;
}

EVP_PKEY *win_key_to_evp(win_key *key)
{
    static platform_once once = PLATFORM_ONCE_INIT;
    OSSL_PARAM params[2];
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;

    platform_run_once(&once, load_provider);
    if (!provider_ready)
        return NULL;
    params[0] = OSSL_PARAM_construct_octet_string(PARAM_KEY, &key, sizeof(key));
    params[1] = OSSL_PARAM_construct_end();
    ctx = EVP_PKEY_CTX_new_from_name(NULL, key->is_ec ? "EC" : "RSA", PROPERTIES);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}
