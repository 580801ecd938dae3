/* What the negotiated connection looks like, in Windows' terms: record sizes for STREAM_SIZES,
 * algorithm ids and strengths for CONNECTION_INFO/CIPHER_INFO, bindings and exporters. */
#include "tls_dtls.h"
#include "tls_internal.h"

#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <string.h>

#define AEAD_TAG_SIZE 16
#define EXPLICIT_NONCE_SIZE 8

static int cipher_is_chacha(const SSL_CIPHER *cipher)
{
    return SSL_CIPHER_get_cipher_nid(cipher) == NID_chacha20_poly1305;
}

static void compute_record_sizes(const SSL_CIPHER *cipher, int version, tls_record_sizes *sizes)
{
    const EVP_CIPHER *evp;
    const EVP_MD *mac;
    int block;

    evp = EVP_get_cipherbynid(SSL_CIPHER_get_cipher_nid(cipher));
    block = evp ? EVP_CIPHER_get_block_size(evp) : 1;
    sizes->max_message = SSL3_RT_MAX_PLAIN_LENGTH;
    sizes->block_size = (ULONG)(cipher_is_chacha(cipher) ? 1 : (block > 1 ? block : 16));
    if (version >= TLS1_3_VERSION) {
        sizes->header = SSL3_RT_HEADER_LENGTH;
        sizes->trailer = AEAD_TAG_SIZE + 1; /* tag and the inner content type */
    } else if (SSL_CIPHER_is_aead(cipher)) {
        /* AES-GCM/CCM carry an explicit nonce before the data; ChaCha20 does not. */
        sizes->header = SSL3_RT_HEADER_LENGTH + (cipher_is_chacha(cipher) ? 0 : EXPLICIT_NONCE_SIZE);
        sizes->trailer = AEAD_TAG_SIZE;
    } else {
        mac = EVP_get_digestbynid(SSL_CIPHER_get_digest_nid(cipher));
        /* CBC from TLS 1.1 on sends an explicit IV; the trailer is the MAC plus up to a block of
         * padding. */
        sizes->header = SSL3_RT_HEADER_LENGTH + (version >= TLS1_1_VERSION ? (ULONG)block : 0);
        sizes->trailer = (ULONG)((mac ? EVP_MD_get_size(mac) : 0) + block);
    }
}

SECURITY_STATUS tls_session_record_sizes(tls_session *session, tls_record_sizes *sizes)
{
    const SSL_CIPHER *cipher = SSL_get_current_cipher(session->ssl);
    int version = SSL_version(session->ssl);

    if (!cipher)
        return SEC_E_INTERNAL_ERROR;
    /* Every EncryptMessage and DecryptMessage asks: work them out once per cipher. */
    if (cipher != session->sizes_cipher || version != session->sizes_version) {
        /* DTLS 1.0 and 1.2 records are laid out as TLS 1.2's (their version numbers count down). */
        compute_record_sizes(cipher, SSL_is_dtls(session->ssl) ? TLS1_2_VERSION : version,
                             &session->sizes);
        session->sizes_cipher = cipher;
        session->sizes_version = version;
    }
    *sizes = session->sizes;
    if (SSL_is_dtls(session->ssl))
        tls_dtls_record_sizes(session, sizes); /* the MTU may change at any time */
    return SEC_E_OK;
}

ALG_ID tls_cipher_alg_id(int nid, int bits)
{
    switch (nid) {
    case NID_aes_128_gcm:
    case NID_aes_128_cbc:
    case NID_aes_128_ccm:
        return CALG_AES_128;
    case NID_aes_256_gcm:
    case NID_aes_256_cbc:
    case NID_aes_256_ccm:
        return CALG_AES_256;
    case NID_des_ede3_cbc:
        return CALG_3DES;
    default:
        return bits == 128 ? CALG_AES_128 : (bits == 256 ? CALG_AES_256 : 0);
    }
}

ALG_ID tls_hash_alg_id(int nid)
{
    switch (nid) {
    case NID_md5:
        return CALG_MD5;
    case NID_sha1:
        return CALG_SHA1;
    case NID_sha256:
        return CALG_SHA_256;
    case NID_sha384:
        return CALG_SHA_384;
    case NID_sha512:
        return CALG_SHA_512;
    default:
        return 0;
    }
}

static uint16_t group_id(int nid)
{
    static const struct {
        int nid;
        uint16_t id;
    } groups[] = {
        {NID_X9_62_prime256v1, 23}, {NID_secp384r1, 24}, {NID_secp521r1, 25}, {NID_X25519, 29},
        {NID_X448, 30},             {NID_ffdhe2048, 256}, {NID_ffdhe3072, 257},
        {NID_ffdhe4096, 258},
    };
    size_t i;
    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        if (groups[i].nid == nid)
            return groups[i].id;
    }
    return 0;
}

/* The server certificate's key decides the signature algorithm in TLS 1.3. */
static ALG_ID signature_alg(tls_session *session, int auth_nid)
{
    EVP_PKEY *key;

    if (auth_nid == NID_auth_rsa)
        return CALG_RSA_SIGN;
    if (auth_nid == NID_auth_ecdsa)
        return CALG_ECDSA;
    key = session->is_server ? SSL_get_privatekey(session->ssl)
                                   : SSL_get0_peer_certificate(session->ssl)
                                         ? X509_get0_pubkey(SSL_get0_peer_certificate(session->ssl))
                                         : NULL;
    if (!key)
        return 0;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return CALG_RSA_SIGN;
    case EVP_PKEY_EC:
        return CALG_ECDSA;
    default:
        return 0;
    }
}

static void fill_exchange(tls_session *session, int kx_nid, tls_connection_info *info)
{
    int group_nid = SSL_get_negotiated_group(session->ssl);
    EVP_PKEY *tmp = NULL;

    info->group = group_id(group_nid);
    switch (kx_nid) {
    case NID_kx_rsa:
        info->exchange_alg = CALG_RSA_KEYX;
        break;
    case NID_kx_dhe:
        info->exchange_alg = CALG_DH_EPHEM;
        break;
    default: /* ECDHE, or TLS 1.3's "any" where the group tells */
        info->exchange_alg = info->group >= 256 ? CALG_DH_EPHEM : CALG_ECDH_EPHEM;
        break;
    }
    if (SSL_get_peer_tmp_key(session->ssl, &tmp) == 1 ||
        SSL_get_tmp_key(session->ssl, &tmp) == 1) {
        info->exchange_bits = (DWORD)EVP_PKEY_get_bits(tmp);
        EVP_PKEY_free(tmp);
    } else if (kx_nid == NID_kx_rsa) {
        EVP_PKEY *key = session->is_server
                            ? SSL_get_privatekey(session->ssl)
                            : (SSL_get0_peer_certificate(session->ssl)
                                   ? X509_get0_pubkey(SSL_get0_peer_certificate(session->ssl))
                                   : NULL);
        info->exchange_bits = key ? (DWORD)EVP_PKEY_get_bits(key) : 0;
    }
}

SECURITY_STATUS tls_session_connection_info(tls_session *session, tls_connection_info *info)
{
    const SSL_CIPHER *cipher = SSL_get_current_cipher(session->ssl);
    SSL_SESSION *ssl_session = SSL_get_session(session->ssl);
    const char *name;
    int bits = 0;

    memset(info, 0, sizeof(*info));
    if (!cipher)
        return SEC_E_INTERNAL_ERROR;
    info->wire_version = (uint16_t)SSL_version(session->ssl);
    info->cipher_suite = (uint16_t)(SSL_CIPHER_get_protocol_id(cipher) & 0xffff);
    name = SSL_CIPHER_standard_name(cipher);
    if (name)
        strncpy(info->cipher_suite_name, name, sizeof(info->cipher_suite_name) - 1);
    SSL_CIPHER_get_bits(cipher, &bits);
    info->cipher_bits = (DWORD)bits;
    info->cipher_alg = tls_cipher_alg_id(SSL_CIPHER_get_cipher_nid(cipher), bits);
    info->aead = SSL_CIPHER_is_aead(cipher);
    if (info->aead) {
        const EVP_MD *prf = SSL_CIPHER_get_handshake_digest(cipher);
        info->hash_alg = prf ? tls_hash_alg_id(EVP_MD_get_type(prf)) : 0;
        info->hash_bits = 0;
        info->cipher_block = cipher_is_chacha(cipher) ? 1 : 16;
    } else {
        int mac_nid = SSL_CIPHER_get_digest_nid(cipher);
        const EVP_MD *mac = EVP_get_digestbynid(mac_nid);
        const EVP_CIPHER *evp = EVP_get_cipherbynid(SSL_CIPHER_get_cipher_nid(cipher));
        info->hash_alg = tls_hash_alg_id(mac_nid);
        info->hash_bits = mac ? (DWORD)EVP_MD_get_size(mac) * 8 : 0;
        info->cipher_block = evp ? (DWORD)EVP_CIPHER_get_block_size(evp) : 0;
    }
    fill_exchange(session, SSL_CIPHER_get_kx_nid(cipher), info);
    info->signature_alg = signature_alg(session, SSL_CIPHER_get_auth_nid(cipher));
    info->resumed = SSL_session_reused(session->ssl);
    if (ssl_session) {
        const unsigned char *id = SSL_SESSION_get_id(ssl_session, &info->session_id_len);
        if (info->session_id_len > sizeof(info->session_id))
            info->session_id_len = sizeof(info->session_id);
        memcpy(info->session_id, id, info->session_id_len);
    }
    return SEC_E_OK;
}

size_t tls_session_tls_unique(tls_session *session, uint8_t *buf, size_t buf_len)
{
    /* The first Finished of the handshake: the client's in a full handshake, the server's in a
     * resumed one (RFC 5929). TLS 1.3 defines no tls-unique. */
    int own_first = SSL_session_reused(session->ssl) ? session->is_server
                                                     : !session->is_server;
    if ((!SSL_is_dtls(session->ssl) && SSL_version(session->ssl) >= TLS1_3_VERSION) ||
        !session->handshake_done)
        return 0;
    return own_first ? SSL_get_finished(session->ssl, buf, buf_len)
                     : SSL_get_peer_finished(session->ssl, buf, buf_len);
}

SECURITY_STATUS tls_session_export_keying_material(tls_session *session, const char *label,
                                                   const uint8_t *context, size_t context_len,
                                                   uint8_t *out, size_t out_len)
{
    if (!session->handshake_done)
        return SEC_E_INVALID_HANDLE;
    if (SSL_export_keying_material(session->ssl, out, out_len, label, strlen(label), context,
                                   context_len, context != NULL) != 1)
        return SEC_E_INTERNAL_ERROR;
    return SEC_E_OK;
}

size_t tls_endpoint_hash(const uint8_t *der, size_t der_len, uint8_t *out)
{
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)der_len);
    const EVP_MD *md = NULL;
    unsigned int len = 0;
    int md_nid = NID_undef, pk_nid;

    if (!cert)
        return 0;
    if (OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid) &&
        md_nid != NID_md5 && md_nid != NID_sha1 && md_nid != NID_undef)
        md = EVP_get_digestbynid(md_nid);
    if (!md)
        md = EVP_sha256();
    if (!EVP_Digest(der, der_len, out, &len, md, NULL))
        len = 0;
    X509_free(cert);
    return len;
}

void tls_session_release_issuers(tls_session *session)
{
    size_t i;
    for (i = 0; i < session->issuer_count; i++)
        OPENSSL_free(session->issuers[i]);
    OPENSSL_free(session->issuers);
    OPENSSL_free(session->issuer_lens);
    session->issuers = NULL;
    session->issuer_lens = NULL;
    session->issuer_count = 0;
}

size_t tls_session_issuer_names(tls_session *session, const uint8_t *const **names,
                                const size_t **lens)
{
    const STACK_OF(X509_NAME) *list = SSL_get0_peer_CA_list(session->ssl);
    int i, count = list ? sk_X509_NAME_num(list) : 0;

    if (!session->issuer_count && count > 0) {
        session->issuers = OPENSSL_zalloc((size_t)count * sizeof(*session->issuers));
        session->issuer_lens = OPENSSL_zalloc((size_t)count * sizeof(*session->issuer_lens));
        for (i = 0; session->issuers && session->issuer_lens && i < count; i++) {
            unsigned char *der = NULL;
            int len = i2d_X509_NAME(sk_X509_NAME_value(list, i), &der);
            if (len <= 0)
                break;
            session->issuers[session->issuer_count] = der;
            session->issuer_lens[session->issuer_count++] = (size_t)len;
        }
    }
    *names = (const uint8_t *const *)session->issuers;
    *lens = session->issuer_lens;
    return session->issuer_count;
}
