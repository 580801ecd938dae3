/* wincrypt.h subset for non-Windows hosts: the crypt32 types, constants and functions Schannel
 * and its callers use, with Windows' ABI (LLP64 widths from windef.h, natural alignment). On
 * Windows the toolchain's own wincrypt.h is used instead. */
#ifndef SSPISHIM_WINCRYPT_H
#define SSPISHIM_WINCRYPT_H

#include "windef.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ algorithm identifiers */
#ifndef ALGIDDEF
#define ALGIDDEF
typedef unsigned int ALG_ID;
#endif

#define GET_ALG_CLASS(x) ((x) & (7 << 13))
#define GET_ALG_TYPE(x)  ((x) & (15 << 9))
#define GET_ALG_SID(x)   ((x) & (511))

#define ALG_CLASS_ANY          (0)
#define ALG_CLASS_SIGNATURE    (1 << 13)
#define ALG_CLASS_MSG_ENCRYPT  (2 << 13)
#define ALG_CLASS_DATA_ENCRYPT (3 << 13)
#define ALG_CLASS_HASH         (4 << 13)
#define ALG_CLASS_KEY_EXCHANGE (5 << 13)
#define ALG_CLASS_ALL          (7 << 13)

#define ALG_TYPE_ANY           (0)
#define ALG_TYPE_DSS           (1 << 9)
#define ALG_TYPE_RSA           (2 << 9)
#define ALG_TYPE_BLOCK         (3 << 9)
#define ALG_TYPE_STREAM        (4 << 9)
#define ALG_TYPE_DH            (5 << 9)
#define ALG_TYPE_SECURECHANNEL (6 << 9)
#define ALG_TYPE_ECDH          (7 << 9)
#define ALG_TYPE_THIRDPARTY    (8 << 9)

#define ALG_SID_ANY                  (0)
#define ALG_SID_THIRDPARTY_ANY       (0)
#define ALG_SID_RSA_ANY              0
#define ALG_SID_RSA_PKCS             1
#define ALG_SID_RSA_MSATWORK         2
#define ALG_SID_RSA_ENTRUST          3
#define ALG_SID_RSA_PGP              4
#define ALG_SID_DSS_ANY              0
#define ALG_SID_DSS_PKCS             1
#define ALG_SID_DSS_DMS              2
#define ALG_SID_ECDSA                3
#define ALG_SID_DES                  1
#define ALG_SID_3DES                 3
#define ALG_SID_DESX                 4
#define ALG_SID_IDEA                 5
#define ALG_SID_CAST                 6
#define ALG_SID_SAFERSK64            7
#define ALG_SID_SAFERSK128           8
#define ALG_SID_3DES_112             9
#define ALG_SID_CYLINK_MEK           12
#define ALG_SID_RC5                  13
#define ALG_SID_AES_128              14
#define ALG_SID_AES_192              15
#define ALG_SID_AES_256              16
#define ALG_SID_AES                  17
#define ALG_SID_SKIPJACK             10
#define ALG_SID_TEK                  11
#define ALG_SID_RC2                  2
#define ALG_SID_RC4                  1
#define ALG_SID_SEAL                 2
#define ALG_SID_DH_SANDF             1
#define ALG_SID_DH_EPHEM             2
#define ALG_SID_AGREED_KEY_ANY       3
#define ALG_SID_KEA                  4
#define ALG_SID_ECDH                 5
#define ALG_SID_ECDH_EPHEM           6
#define ALG_SID_MD2                  1
#define ALG_SID_MD4                  2
#define ALG_SID_MD5                  3
#define ALG_SID_SHA                  4
#define ALG_SID_SHA1                 4
#define ALG_SID_MAC                  5
#define ALG_SID_RIPEMD               6
#define ALG_SID_RIPEMD160            7
#define ALG_SID_SSL3SHAMD5           8
#define ALG_SID_HMAC                 9
#define ALG_SID_TLS1PRF              10
#define ALG_SID_HASH_REPLACE_OWF     11
#define ALG_SID_SHA_256              12
#define ALG_SID_SHA_384              13
#define ALG_SID_SHA_512              14
#define ALG_SID_ECMQV                1
#define ALG_SID_SSL3_MASTER          1
#define ALG_SID_SCHANNEL_MASTER_HASH 2
#define ALG_SID_SCHANNEL_MAC_KEY     3
#define ALG_SID_PCT1_MASTER          4
#define ALG_SID_SSL2_MASTER          5
#define ALG_SID_TLS1_MASTER          6
#define ALG_SID_SCHANNEL_ENC_KEY     7
#define ALG_SID_EXAMPLE              80

#define CALG_MD2           (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD2)
#define CALG_MD4           (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD4)
#define CALG_MD5           (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD5)
#define CALG_SHA           (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA)
#define CALG_SHA1          (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA1)
#define CALG_MAC           (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MAC)
#define CALG_RSA_SIGN      (ALG_CLASS_SIGNATURE | ALG_TYPE_RSA | ALG_SID_RSA_ANY)
#define CALG_DSS_SIGN      (ALG_CLASS_SIGNATURE | ALG_TYPE_DSS | ALG_SID_DSS_ANY)
#define CALG_NO_SIGN       (ALG_CLASS_SIGNATURE | ALG_TYPE_ANY | ALG_SID_ANY)
#define CALG_RSA_KEYX      (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_RSA | ALG_SID_RSA_ANY)
#define CALG_DES           (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_DES)
#define CALG_3DES_112      (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_3DES_112)
#define CALG_3DES          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_3DES)
#define CALG_DESX          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_DESX)
#define CALG_RC2           (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_RC2)
#define CALG_RC4           (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_STREAM | ALG_SID_RC4)
#define CALG_SEAL          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_STREAM | ALG_SID_SEAL)
#define CALG_DH_SF         (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_DH_SANDF)
#define CALG_DH_EPHEM      (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_DH_EPHEM)
#define CALG_AGREEDKEY_ANY (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_AGREED_KEY_ANY)
#define CALG_KEA_KEYX      (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_KEA)
#define CALG_HUGHES_MD5    (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ANY | ALG_SID_MD5)
#define CALG_SKIPJACK      (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_SKIPJACK)
#define CALG_TEK           (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_TEK)
#define CALG_CYLINK_MEK    (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_CYLINK_MEK)
#define CALG_SSL3_SHAMD5   (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SSL3SHAMD5)
#define CALG_SSL3_MASTER   (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SSL3_MASTER)
#define CALG_SCHANNEL_MASTER_HASH                                                                  \
    (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_MASTER_HASH)
#define CALG_SCHANNEL_MAC_KEY                                                                      \
    (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_MAC_KEY)
#define CALG_SCHANNEL_ENC_KEY                                                                      \
    (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_ENC_KEY)
#define CALG_PCT1_MASTER      (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_PCT1_MASTER)
#define CALG_SSL2_MASTER      (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SSL2_MASTER)
#define CALG_TLS1_MASTER      (ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_TLS1_MASTER)
#define CALG_RC5              (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_RC5)
#define CALG_HMAC             (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_HMAC)
#define CALG_TLS1PRF          (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_TLS1PRF)
#define CALG_HASH_REPLACE_OWF (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_HASH_REPLACE_OWF)
#define CALG_AES_128          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_128)
#define CALG_AES_192          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_192)
#define CALG_AES_256          (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_256)
#define CALG_AES              (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES)
#define CALG_SHA_256          (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_256)
#define CALG_SHA_384          (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_384)
#define CALG_SHA_512          (ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_512)
/* ECDH is built from ALG_TYPE_DH but ECDH_EPHEM from ALG_TYPE_ECDH, as in the SDK. */
#define CALG_ECDH       (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_ECDH)
#define CALG_ECDH_EPHEM (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ECDH | ALG_SID_ECDH_EPHEM)
#define CALG_ECMQV      (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ANY | ALG_SID_ECMQV)
#define CALG_ECDSA      (ALG_CLASS_SIGNATURE | ALG_TYPE_DSS | ALG_SID_ECDSA)
#define CALG_NULLCIPHER (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_ANY | 0)
#define CALG_THIRDPARTY_KEY_EXCHANGE                                                               \
    (ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY)
#define CALG_THIRDPARTY_SIGNATURE                                                                  \
    (ALG_CLASS_SIGNATURE | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY)
#define CALG_THIRDPARTY_CIPHER                                                                     \
    (ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY)
#define CALG_THIRDPARTY_HASH     (ALG_CLASS_HASH | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY)
#define CALG_OID_INFO_CNG_ONLY   0xFFFFFFFF
#define CALG_OID_INFO_PARAMETERS 0xFFFFFFFE

/* ------------------------------------------------------------------ handles */
typedef ULONG_PTR HCRYPTPROV;
typedef ULONG_PTR HCRYPTKEY;
typedef ULONG_PTR HCRYPTHASH;
typedef ULONG_PTR HCRYPTPROV_LEGACY;
typedef ULONG_PTR HCRYPTPROV_OR_NCRYPT_KEY_HANDLE;
#ifndef __NCRYPT_HANDLES_DEFINED
#define __NCRYPT_HANDLES_DEFINED
typedef ULONG_PTR NCRYPT_HANDLE;
typedef ULONG_PTR NCRYPT_PROV_HANDLE;
typedef ULONG_PTR NCRYPT_KEY_HANDLE;
typedef ULONG_PTR NCRYPT_HASH_HANDLE;
typedef ULONG_PTR NCRYPT_SECRET_HANDLE;
#endif
typedef void *HCERTSTORE;
typedef void *HCERTCHAINENGINE;

/* ------------------------------------------------------------------ blobs */
typedef struct _CRYPTOAPI_BLOB {
    DWORD cbData;
    BYTE *pbData;
} CRYPT_INTEGER_BLOB, *PCRYPT_INTEGER_BLOB, CRYPT_UINT_BLOB, *PCRYPT_UINT_BLOB, CRYPT_OBJID_BLOB,
    *PCRYPT_OBJID_BLOB, CERT_NAME_BLOB, *PCERT_NAME_BLOB, CERT_RDN_VALUE_BLOB,
    *PCERT_RDN_VALUE_BLOB, CERT_BLOB, *PCERT_BLOB, CRL_BLOB, *PCRL_BLOB, DATA_BLOB, *PDATA_BLOB,
    CRYPT_DATA_BLOB, *PCRYPT_DATA_BLOB, CRYPT_HASH_BLOB, *PCRYPT_HASH_BLOB, CRYPT_DIGEST_BLOB,
    *PCRYPT_DIGEST_BLOB, CRYPT_DER_BLOB, *PCRYPT_DER_BLOB, CRYPT_ATTR_BLOB, *PCRYPT_ATTR_BLOB;

typedef struct _CRYPT_BIT_BLOB {
    DWORD cbData;
    BYTE *pbData;
    DWORD cUnusedBits;
} CRYPT_BIT_BLOB, *PCRYPT_BIT_BLOB;

typedef struct _CRYPT_ALGORITHM_IDENTIFIER {
    LPSTR pszObjId;
    CRYPT_OBJID_BLOB Parameters;
} CRYPT_ALGORITHM_IDENTIFIER, *PCRYPT_ALGORITHM_IDENTIFIER;

typedef struct _CERT_PUBLIC_KEY_INFO {
    CRYPT_ALGORITHM_IDENTIFIER Algorithm;
    CRYPT_BIT_BLOB PublicKey;
} CERT_PUBLIC_KEY_INFO, *PCERT_PUBLIC_KEY_INFO;

typedef struct _CERT_EXTENSION {
    LPSTR pszObjId;
    BOOL fCritical;
    CRYPT_OBJID_BLOB Value;
} CERT_EXTENSION, *PCERT_EXTENSION;
typedef const CERT_EXTENSION *PCCERT_EXTENSION;

typedef struct _CERT_EXTENSIONS {
    DWORD cExtension;
    PCERT_EXTENSION rgExtension;
} CERT_EXTENSIONS, *PCERT_EXTENSIONS;

typedef struct _CERT_INFO {
    DWORD dwVersion;
    CRYPT_INTEGER_BLOB SerialNumber; /* little-endian, as crypt32 decodes integers */
    CRYPT_ALGORITHM_IDENTIFIER SignatureAlgorithm;
    CERT_NAME_BLOB Issuer;
    FILETIME NotBefore;
    FILETIME NotAfter;
    CERT_NAME_BLOB Subject;
    CERT_PUBLIC_KEY_INFO SubjectPublicKeyInfo;
    CRYPT_BIT_BLOB IssuerUniqueId;
    CRYPT_BIT_BLOB SubjectUniqueId;
    DWORD cExtension;
    PCERT_EXTENSION rgExtension;
} CERT_INFO, *PCERT_INFO;

#define CERT_V1 0
#define CERT_V2 1
#define CERT_V3 2

typedef struct _CERT_CONTEXT {
    DWORD dwCertEncodingType;
    BYTE *pbCertEncoded;
    DWORD cbCertEncoded;
    PCERT_INFO pCertInfo;
    HCERTSTORE hCertStore;
} CERT_CONTEXT, *PCERT_CONTEXT;
typedef const CERT_CONTEXT *PCCERT_CONTEXT;

typedef struct _CERT_RDN_ATTR {
    LPSTR pszObjId;
    DWORD dwValueType;
    CERT_RDN_VALUE_BLOB Value;
} CERT_RDN_ATTR, *PCERT_RDN_ATTR;

typedef struct _CERT_RDN {
    DWORD cRDNAttr;
    PCERT_RDN_ATTR rgRDNAttr;
} CERT_RDN, *PCERT_RDN;

typedef struct _CERT_NAME_INFO {
    DWORD cRDN;
    PCERT_RDN rgRDN;
} CERT_NAME_INFO, *PCERT_NAME_INFO;

typedef struct _CTL_USAGE {
    DWORD cUsageIdentifier;
    LPSTR *rgpszUsageIdentifier;
} CTL_USAGE, *PCTL_USAGE, CERT_ENHKEY_USAGE, *PCERT_ENHKEY_USAGE;

typedef struct _CRYPT_KEY_PROV_PARAM {
    DWORD dwParam;
    BYTE *pbData;
    DWORD cbData;
    DWORD dwFlags;
} CRYPT_KEY_PROV_PARAM, *PCRYPT_KEY_PROV_PARAM;

typedef struct _CRYPT_KEY_PROV_INFO {
    LPWSTR pwszContainerName;
    LPWSTR pwszProvName;
    DWORD dwProvType;
    DWORD dwFlags;
    DWORD cProvParam;
    PCRYPT_KEY_PROV_PARAM rgProvParam;
    DWORD dwKeySpec;
} CRYPT_KEY_PROV_INFO, *PCRYPT_KEY_PROV_INFO;

typedef struct _CERT_KEY_CONTEXT {
    DWORD cbSize;
    union {
        HCRYPTPROV hCryptProv;
        NCRYPT_KEY_HANDLE hNCryptKey;
    };
    DWORD dwKeySpec;
} CERT_KEY_CONTEXT, *PCERT_KEY_CONTEXT;

/* ------------------------------------------------------------------ encodings */
#define CRYPT_ASN_ENCODING        0x00000001
#define CRYPT_NDR_ENCODING        0x00000002
#define X509_ASN_ENCODING         0x00000001
#define X509_NDR_ENCODING         0x00000002
#define PKCS_7_ASN_ENCODING       0x00010000
#define PKCS_7_NDR_ENCODING       0x00020000
#define CERT_ENCODING_TYPE_MASK   0x0000FFFF
#define CMSG_ENCODING_TYPE_MASK   0xFFFF0000
#define GET_CERT_ENCODING_TYPE(x) ((x)&CERT_ENCODING_TYPE_MASK)
#define GET_CMSG_ENCODING_TYPE(x) ((x)&CMSG_ENCODING_TYPE_MASK)

/* ------------------------------------------------------------------ stores */
#define CERT_STORE_PROV_MSG           ((LPCSTR)1)
#define CERT_STORE_PROV_MEMORY        ((LPCSTR)2)
#define CERT_STORE_PROV_FILE          ((LPCSTR)3)
#define CERT_STORE_PROV_REG           ((LPCSTR)4)
#define CERT_STORE_PROV_PKCS7         ((LPCSTR)5)
#define CERT_STORE_PROV_SERIALIZED    ((LPCSTR)6)
#define CERT_STORE_PROV_FILENAME_A    ((LPCSTR)7)
#define CERT_STORE_PROV_FILENAME_W    ((LPCSTR)8)
#define CERT_STORE_PROV_FILENAME      CERT_STORE_PROV_FILENAME_W
#define CERT_STORE_PROV_SYSTEM_A      ((LPCSTR)9)
#define CERT_STORE_PROV_SYSTEM_W      ((LPCSTR)10)
#define CERT_STORE_PROV_SYSTEM        CERT_STORE_PROV_SYSTEM_W
#define CERT_STORE_PROV_COLLECTION    ((LPCSTR)11)
#define sz_CERT_STORE_PROV_MEMORY     "Memory"
#define sz_CERT_STORE_PROV_COLLECTION "Collection"

#define CERT_STORE_NO_CRYPT_RELEASE_FLAG            0x00000001
#define CERT_STORE_SET_LOCALIZED_NAME_FLAG          0x00000002
#define CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG 0x00000004
#define CERT_STORE_DELETE_FLAG                      0x00000010
#define CERT_STORE_UNSAFE_PHYSICAL_FLAG             0x00000020
#define CERT_STORE_SHARE_STORE_FLAG                 0x00000040
#define CERT_STORE_SHARE_CONTEXT_FLAG               0x00000080
#define CERT_STORE_MANIFOLD_FLAG                    0x00000100
#define CERT_STORE_ENUM_ARCHIVED_FLAG               0x00000200
#define CERT_STORE_UPDATE_KEYID_FLAG                0x00000400
#define CERT_STORE_BACKUP_RESTORE_FLAG              0x00000800
#define CERT_STORE_MAXIMUM_ALLOWED_FLAG             0x00001000
#define CERT_STORE_CREATE_NEW_FLAG                  0x00002000
#define CERT_STORE_OPEN_EXISTING_FLAG               0x00004000
#define CERT_STORE_READONLY_FLAG                    0x00008000

#define CERT_SYSTEM_STORE_CURRENT_USER  0x00010000
#define CERT_SYSTEM_STORE_LOCAL_MACHINE 0x00020000

#define CERT_CLOSE_STORE_FORCE_FLAG 0x00000001
#define CERT_CLOSE_STORE_CHECK_FLAG 0x00000002

#define CERT_STORE_ADD_NEW                                 1
#define CERT_STORE_ADD_USE_EXISTING                        2
#define CERT_STORE_ADD_REPLACE_EXISTING                    3
#define CERT_STORE_ADD_ALWAYS                              4
#define CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES 5
#define CERT_STORE_ADD_NEWER                               6
#define CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES            7

#define CERT_STORE_CERTIFICATE_CONTEXT 1
#define CERT_STORE_CRL_CONTEXT         2
#define CERT_STORE_CTL_CONTEXT         3

/* ------------------------------------------------------------------ find */
#define CERT_COMPARE_MASK           0xFFFF
#define CERT_COMPARE_SHIFT          16
#define CERT_COMPARE_ANY            0
#define CERT_COMPARE_SHA1_HASH      1
#define CERT_COMPARE_NAME           2
#define CERT_COMPARE_ATTR           3
#define CERT_COMPARE_MD5_HASH       4
#define CERT_COMPARE_PROPERTY       5
#define CERT_COMPARE_PUBLIC_KEY     6
#define CERT_COMPARE_HASH           CERT_COMPARE_SHA1_HASH
#define CERT_COMPARE_NAME_STR_A     7
#define CERT_COMPARE_NAME_STR_W     8
#define CERT_COMPARE_KEY_SPEC       9
#define CERT_COMPARE_ENHKEY_USAGE   10
#define CERT_COMPARE_CTL_USAGE      CERT_COMPARE_ENHKEY_USAGE
#define CERT_COMPARE_SUBJECT_CERT   11
#define CERT_COMPARE_ISSUER_OF      12
#define CERT_COMPARE_EXISTING       13
#define CERT_COMPARE_SIGNATURE_HASH 14
#define CERT_COMPARE_KEY_IDENTIFIER 15
#define CERT_COMPARE_CERT_ID        16

#define CERT_INFO_VERSION_FLAG                 1
#define CERT_INFO_SERIAL_NUMBER_FLAG           2
#define CERT_INFO_SIGNATURE_ALGORITHM_FLAG     3
#define CERT_INFO_ISSUER_FLAG                  4
#define CERT_INFO_NOT_BEFORE_FLAG              5
#define CERT_INFO_NOT_AFTER_FLAG               6
#define CERT_INFO_SUBJECT_FLAG                 7
#define CERT_INFO_SUBJECT_PUBLIC_KEY_INFO_FLAG 8
#define CERT_INFO_ISSUER_UNIQUE_ID_FLAG        9
#define CERT_INFO_SUBJECT_UNIQUE_ID_FLAG       10
#define CERT_INFO_EXTENSION_FLAG               11

#define CERT_FIND_ANY            (CERT_COMPARE_ANY << CERT_COMPARE_SHIFT)
#define CERT_FIND_SHA1_HASH      (CERT_COMPARE_SHA1_HASH << CERT_COMPARE_SHIFT)
#define CERT_FIND_MD5_HASH       (CERT_COMPARE_MD5_HASH << CERT_COMPARE_SHIFT)
#define CERT_FIND_SIGNATURE_HASH (CERT_COMPARE_SIGNATURE_HASH << CERT_COMPARE_SHIFT)
#define CERT_FIND_KEY_IDENTIFIER (CERT_COMPARE_KEY_IDENTIFIER << CERT_COMPARE_SHIFT)
#define CERT_FIND_HASH           CERT_FIND_SHA1_HASH
#define CERT_FIND_PROPERTY       (CERT_COMPARE_PROPERTY << CERT_COMPARE_SHIFT)
#define CERT_FIND_PUBLIC_KEY     (CERT_COMPARE_PUBLIC_KEY << CERT_COMPARE_SHIFT)
#define CERT_FIND_SUBJECT_NAME   (CERT_COMPARE_NAME << CERT_COMPARE_SHIFT | CERT_INFO_SUBJECT_FLAG)
#define CERT_FIND_SUBJECT_ATTR   (CERT_COMPARE_ATTR << CERT_COMPARE_SHIFT | CERT_INFO_SUBJECT_FLAG)
#define CERT_FIND_ISSUER_NAME    (CERT_COMPARE_NAME << CERT_COMPARE_SHIFT | CERT_INFO_ISSUER_FLAG)
#define CERT_FIND_ISSUER_ATTR    (CERT_COMPARE_ATTR << CERT_COMPARE_SHIFT | CERT_INFO_ISSUER_FLAG)
#define CERT_FIND_SUBJECT_STR_A                                                                    \
    (CERT_COMPARE_NAME_STR_A << CERT_COMPARE_SHIFT | CERT_INFO_SUBJECT_FLAG)
#define CERT_FIND_SUBJECT_STR_W                                                                    \
    (CERT_COMPARE_NAME_STR_W << CERT_COMPARE_SHIFT | CERT_INFO_SUBJECT_FLAG)
#define CERT_FIND_SUBJECT_STR CERT_FIND_SUBJECT_STR_W
#define CERT_FIND_ISSUER_STR_A                                                                     \
    (CERT_COMPARE_NAME_STR_A << CERT_COMPARE_SHIFT | CERT_INFO_ISSUER_FLAG)
#define CERT_FIND_ISSUER_STR_W                                                                     \
    (CERT_COMPARE_NAME_STR_W << CERT_COMPARE_SHIFT | CERT_INFO_ISSUER_FLAG)
#define CERT_FIND_ISSUER_STR   CERT_FIND_ISSUER_STR_W
#define CERT_FIND_KEY_SPEC     (CERT_COMPARE_KEY_SPEC << CERT_COMPARE_SHIFT)
#define CERT_FIND_ENHKEY_USAGE (CERT_COMPARE_ENHKEY_USAGE << CERT_COMPARE_SHIFT)
#define CERT_FIND_CTL_USAGE    CERT_FIND_ENHKEY_USAGE
#define CERT_FIND_SUBJECT_CERT (CERT_COMPARE_SUBJECT_CERT << CERT_COMPARE_SHIFT)
#define CERT_FIND_ISSUER_OF    (CERT_COMPARE_ISSUER_OF << CERT_COMPARE_SHIFT)
#define CERT_FIND_EXISTING     (CERT_COMPARE_EXISTING << CERT_COMPARE_SHIFT)
#define CERT_FIND_CERT_ID      (CERT_COMPARE_CERT_ID << CERT_COMPARE_SHIFT)

/* ------------------------------------------------------------------ context properties */
#define CERT_KEY_PROV_HANDLE_PROP_ID                 1
#define CERT_KEY_PROV_INFO_PROP_ID                   2
#define CERT_SHA1_HASH_PROP_ID                       3
#define CERT_MD5_HASH_PROP_ID                        4
#define CERT_HASH_PROP_ID                            CERT_SHA1_HASH_PROP_ID
#define CERT_KEY_CONTEXT_PROP_ID                     5
#define CERT_KEY_SPEC_PROP_ID                        6
#define CERT_IE30_RESERVED_PROP_ID                   7
#define CERT_PUBKEY_HASH_RESERVED_PROP_ID            8
#define CERT_ENHKEY_USAGE_PROP_ID                    9
#define CERT_CTL_USAGE_PROP_ID                       CERT_ENHKEY_USAGE_PROP_ID
#define CERT_NEXT_UPDATE_LOCATION_PROP_ID            10
#define CERT_FRIENDLY_NAME_PROP_ID                   11
#define CERT_PVK_FILE_PROP_ID                        12
#define CERT_DESCRIPTION_PROP_ID                     13
#define CERT_ACCESS_STATE_PROP_ID                    14
#define CERT_SIGNATURE_HASH_PROP_ID                  15
#define CERT_SMART_CARD_DATA_PROP_ID                 16
#define CERT_EFS_PROP_ID                             17
#define CERT_FORTEZZA_DATA_PROP_ID                   18
#define CERT_ARCHIVED_PROP_ID                        19
#define CERT_KEY_IDENTIFIER_PROP_ID                  20
#define CERT_AUTO_ENROLL_PROP_ID                     21
#define CERT_PUBKEY_ALG_PARA_PROP_ID                 22
#define CERT_CROSS_CERT_DIST_POINTS_PROP_ID          23
#define CERT_ISSUER_PUBLIC_KEY_MD5_HASH_PROP_ID      24
#define CERT_SUBJECT_PUBLIC_KEY_MD5_HASH_PROP_ID     25
#define CERT_ENROLLMENT_PROP_ID                      26
#define CERT_DATE_STAMP_PROP_ID                      27
#define CERT_ISSUER_SERIAL_NUMBER_MD5_HASH_PROP_ID   28
#define CERT_SUBJECT_NAME_MD5_HASH_PROP_ID           29
#define CERT_EXTENDED_ERROR_INFO_PROP_ID             30
#define CERT_NCRYPT_KEY_HANDLE_PROP_ID               78
#define CERT_HCRYPTPROV_OR_NCRYPT_KEY_HANDLE_PROP_ID 79
#define CERT_FIRST_USER_PROP_ID                      0x00008000
#define CERT_LAST_USER_PROP_ID                       0x0000FFFF

#define CERT_SET_PROPERTY_INHIBIT_PERSIST_FLAG      0x40000000
#define CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG 0x80000000

/* ------------------------------------------------------------------ names */
#define CERT_RDN_ANY_TYPE         0
#define CERT_RDN_ENCODED_BLOB     1
#define CERT_RDN_OCTET_STRING     2
#define CERT_RDN_NUMERIC_STRING   3
#define CERT_RDN_PRINTABLE_STRING 4
#define CERT_RDN_TELETEX_STRING   5
#define CERT_RDN_T61_STRING       5
#define CERT_RDN_VIDEOTEX_STRING  6
#define CERT_RDN_IA5_STRING       7
#define CERT_RDN_GRAPHIC_STRING   8
#define CERT_RDN_VISIBLE_STRING   9
#define CERT_RDN_ISO646_STRING    9
#define CERT_RDN_GENERAL_STRING   10
#define CERT_RDN_UNIVERSAL_STRING 11
#define CERT_RDN_INT4_STRING      11
#define CERT_RDN_BMP_STRING       12
#define CERT_RDN_UNICODE_STRING   12
#define CERT_RDN_UTF8_STRING      13

#define CERT_NAME_EMAIL_TYPE            1
#define CERT_NAME_RDN_TYPE              2
#define CERT_NAME_ATTR_TYPE             3
#define CERT_NAME_SIMPLE_DISPLAY_TYPE   4
#define CERT_NAME_FRIENDLY_DISPLAY_TYPE 5
#define CERT_NAME_DNS_TYPE              6
#define CERT_NAME_URL_TYPE              7
#define CERT_NAME_UPN_TYPE              8

#define CERT_NAME_ISSUER_FLAG              0x00000001
#define CERT_NAME_SEARCH_ALL_NAMES_FLAG    0x00000002
#define CERT_NAME_DISABLE_IE4_UTF8_FLAG    0x00010000
#define CERT_NAME_STR_ENABLE_PUNYCODE_FLAG 0x00200000

#define CERT_SIMPLE_NAME_STR 1
#define CERT_OID_NAME_STR    2
#define CERT_X500_NAME_STR   3
#define CERT_XML_NAME_STR    4

#define CERT_NAME_STR_SEMICOLON_FLAG            0x40000000
#define CERT_NAME_STR_NO_PLUS_FLAG              0x20000000
#define CERT_NAME_STR_NO_QUOTING_FLAG           0x10000000
#define CERT_NAME_STR_CRLF_FLAG                 0x08000000
#define CERT_NAME_STR_COMMA_FLAG                0x04000000
#define CERT_NAME_STR_REVERSE_FLAG              0x02000000
#define CERT_NAME_STR_FORWARD_FLAG              0x01000000
#define CERT_NAME_STR_DISABLE_IE4_UTF8_FLAG     0x00010000
#define CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG   0x00020000
#define CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG  0x00040000
#define CERT_NAME_STR_FORCE_UTF8_DIR_STR_FLAG   0x00080000
#define CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG 0x00100000

/* ------------------------------------------------------------------ key usage */
#define CERT_DIGITAL_SIGNATURE_KEY_USAGE 0x80
#define CERT_NON_REPUDIATION_KEY_USAGE   0x40
#define CERT_KEY_ENCIPHERMENT_KEY_USAGE  0x20
#define CERT_DATA_ENCIPHERMENT_KEY_USAGE 0x10
#define CERT_KEY_AGREEMENT_KEY_USAGE     0x08
#define CERT_KEY_CERT_SIGN_KEY_USAGE     0x04
#define CERT_OFFLINE_CRL_SIGN_KEY_USAGE  0x02
#define CERT_CRL_SIGN_KEY_USAGE          0x02
#define CERT_ENCIPHER_ONLY_KEY_USAGE     0x01
#define CERT_DECIPHER_ONLY_KEY_USAGE     0x80 /* in the second byte */

/* ------------------------------------------------------------------ keys and providers */
#define AT_KEYEXCHANGE       1
#define AT_SIGNATURE         2
#define CERT_NCRYPT_KEY_SPEC 0xFFFFFFFF

#define PROV_RSA_FULL 1
#define PROV_RSA_SIG  2
#define PROV_DSS      3
#define PROV_DSS_DH   13
#define PROV_RSA_AES  24

#define CRYPT_VERIFYCONTEXT  0xF0000000
#define CRYPT_NEWKEYSET      0x00000008
#define CRYPT_DELETEKEYSET   0x00000010
#define CRYPT_MACHINE_KEYSET 0x00000020
#define CRYPT_SILENT         0x00000040

#define CRYPT_EXPORTABLE     0x00000001
#define CRYPT_USER_PROTECTED 0x00000002
#define CRYPT_USER_KEYSET    0x00001000

#define PKCS12_IMPORT_SILENT                   0x00000040
#define PKCS12_PREFER_CNG_KSP                  0x00000100
#define PKCS12_ALWAYS_CNG_KSP                  0x00000200
#define PKCS12_ONLY_CERTIFICATES               0x00000400
#define PKCS12_ONLY_NOT_ENCRYPTED_CERTIFICATES 0x00000800
#define PKCS12_ALLOW_OVERWRITE_KEY             0x00004000
#define PKCS12_NO_PERSIST_KEY                  0x00008000
#define PKCS12_INCLUDE_EXTENDED_PROPERTIES     0x00000010
#define PKCS12_VIRTUAL_ISOLATION_KEY           0x00010000
#define PKCS12_IMPORT_RESERVED_MASK            0xFFFF0000

#define CRYPT_ACQUIRE_CACHE_FLAG             0x00000001
#define CRYPT_ACQUIRE_USE_PROV_INFO_FLAG     0x00000002
#define CRYPT_ACQUIRE_COMPARE_KEY_FLAG       0x00000004
#define CRYPT_ACQUIRE_NO_HEALING             0x00000008
#define CRYPT_ACQUIRE_SILENT_FLAG            0x00000040
#define CRYPT_ACQUIRE_WINDOW_HANDLE_FLAG     0x00000080
#define CRYPT_ACQUIRE_NCRYPT_KEY_FLAGS_MASK  0x00070000
#define CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG  0x00010000
#define CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG 0x00020000
#define CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG   0x00040000

/* ------------------------------------------------------------------ object identifiers */
#define szOID_RSA             "1.2.840.113549"
#define szOID_PKCS            "1.2.840.113549.1"
#define szOID_RSA_HASH        "1.2.840.113549.2"
#define szOID_RSA_RSA         "1.2.840.113549.1.1.1"
#define szOID_RSA_MD5RSA      "1.2.840.113549.1.1.4"
#define szOID_RSA_SHA1RSA     "1.2.840.113549.1.1.5"
#define szOID_RSA_SSA_PSS     "1.2.840.113549.1.1.10"
#define szOID_RSA_SHA256RSA   "1.2.840.113549.1.1.11"
#define szOID_RSA_SHA384RSA   "1.2.840.113549.1.1.12"
#define szOID_RSA_SHA512RSA   "1.2.840.113549.1.1.13"
#define szOID_RSA_emailAddr   "1.2.840.113549.1.9.1"
#define szOID_RSA_MD5         "1.2.840.113549.2.5"
#define szOID_OIWSEC_sha1     "1.3.14.3.2.26"
#define szOID_NIST_sha256     "2.16.840.1.101.3.4.2.1"
#define szOID_NIST_sha384     "2.16.840.1.101.3.4.2.2"
#define szOID_NIST_sha512     "2.16.840.1.101.3.4.2.3"
#define szOID_X957_DSA        "1.2.840.10040.4.1"
#define szOID_ECC_PUBLIC_KEY  "1.2.840.10045.2.1"
#define szOID_ECC_CURVE_P256  "1.2.840.10045.3.1.7"
#define szOID_ECC_CURVE_P384  "1.3.132.0.34"
#define szOID_ECC_CURVE_P521  "1.3.132.0.35"
#define szOID_ECDSA_SHA1      "1.2.840.10045.4.1"
#define szOID_ECDSA_SPECIFIED "1.2.840.10045.4.3"
#define szOID_ECDSA_SHA256    "1.2.840.10045.4.3.2"
#define szOID_ECDSA_SHA384    "1.2.840.10045.4.3.3"
#define szOID_ECDSA_SHA512    "1.2.840.10045.4.3.4"

#define szOID_COMMON_NAME              "2.5.4.3"
#define szOID_SUR_NAME                 "2.5.4.4"
#define szOID_DEVICE_SERIAL_NUMBER     "2.5.4.5"
#define szOID_COUNTRY_NAME             "2.5.4.6"
#define szOID_LOCALITY_NAME            "2.5.4.7"
#define szOID_STATE_OR_PROVINCE_NAME   "2.5.4.8"
#define szOID_STREET_ADDRESS           "2.5.4.9"
#define szOID_ORGANIZATION_NAME        "2.5.4.10"
#define szOID_ORGANIZATIONAL_UNIT_NAME "2.5.4.11"
#define szOID_TITLE                    "2.5.4.12"
#define szOID_DESCRIPTION              "2.5.4.13"
#define szOID_POSTAL_CODE              "2.5.4.17"
#define szOID_POST_OFFICE_BOX          "2.5.4.18"
#define szOID_TELEPHONE_NUMBER         "2.5.4.20"
#define szOID_GIVEN_NAME               "2.5.4.42"
#define szOID_INITIALS                 "2.5.4.43"
#define szOID_DN_QUALIFIER             "2.5.4.46"
#define szOID_DOMAIN_COMPONENT         "0.9.2342.19200300.100.1.25"

#define szOID_AUTHORITY_KEY_IDENTIFIER  "2.5.29.1"
#define szOID_KEY_ATTRIBUTES            "2.5.29.2"
#define szOID_KEY_USAGE_RESTRICTION     "2.5.29.4"
#define szOID_SUBJECT_ALT_NAME          "2.5.29.7"
#define szOID_ISSUER_ALT_NAME           "2.5.29.8"
#define szOID_BASIC_CONSTRAINTS         "2.5.29.10"
#define szOID_SUBJECT_KEY_IDENTIFIER    "2.5.29.14"
#define szOID_KEY_USAGE                 "2.5.29.15"
#define szOID_SUBJECT_ALT_NAME2         "2.5.29.17"
#define szOID_ISSUER_ALT_NAME2          "2.5.29.18"
#define szOID_BASIC_CONSTRAINTS2        "2.5.29.19"
#define szOID_CRL_DIST_POINTS           "2.5.29.31"
#define szOID_CERT_POLICIES             "2.5.29.32"
#define szOID_AUTHORITY_KEY_IDENTIFIER2 "2.5.29.35"
#define szOID_ENHANCED_KEY_USAGE        "2.5.29.37"
#define szOID_ANY_ENHANCED_KEY_USAGE    "2.5.29.37.0"
#define szOID_AUTHORITY_INFO_ACCESS     "1.3.6.1.5.5.7.1.1"

#define szOID_PKIX_KP                   "1.3.6.1.5.5.7.3"
#define szOID_PKIX_KP_SERVER_AUTH       "1.3.6.1.5.5.7.3.1"
#define szOID_PKIX_KP_CLIENT_AUTH       "1.3.6.1.5.5.7.3.2"
#define szOID_PKIX_KP_CODE_SIGNING      "1.3.6.1.5.5.7.3.3"
#define szOID_PKIX_KP_EMAIL_PROTECTION  "1.3.6.1.5.5.7.3.4"
#define szOID_PKIX_KP_TIMESTAMP_SIGNING "1.3.6.1.5.5.7.3.8"
#define szOID_PKIX_KP_OCSP_SIGNING      "1.3.6.1.5.5.7.3.9"
#define szOID_SERVER_GATED_CRYPTO       "1.3.6.1.4.1.311.10.3.3"
#define szOID_SGC_NETSCAPE              "2.16.840.1.113730.4.1"

/* ------------------------------------------------------------------ functions */
void WINAPI SetLastError(DWORD dwErrCode);
DWORD WINAPI GetLastError(void);

PCCERT_CONTEXT WINAPI CertCreateCertificateContext(DWORD dwCertEncodingType,
                                                   const BYTE *pbCertEncoded, DWORD cbCertEncoded);
PCCERT_CONTEXT WINAPI CertDuplicateCertificateContext(PCCERT_CONTEXT pCertContext);
BOOL WINAPI CertFreeCertificateContext(PCCERT_CONTEXT pCertContext);
BOOL WINAPI CertCompareCertificate(DWORD dwCertEncodingType, PCERT_INFO pCertId1,
                                   PCERT_INFO pCertId2);
BOOL WINAPI CertCompareCertificateName(DWORD dwCertEncodingType, PCERT_NAME_BLOB pCertName1,
                                       PCERT_NAME_BLOB pCertName2);
BOOL WINAPI CertComparePublicKeyInfo(DWORD dwCertEncodingType, PCERT_PUBLIC_KEY_INFO pPublicKey1,
                                     PCERT_PUBLIC_KEY_INFO pPublicKey2);
PCERT_EXTENSION WINAPI CertFindExtension(LPCSTR pszObjId, DWORD cExtensions,
                                         CERT_EXTENSION rgExtensions[]);
LONG WINAPI CertVerifyTimeValidity(LPFILETIME pTimeToVerify, PCERT_INFO pCertInfo);
BOOL WINAPI CertGetIntendedKeyUsage(DWORD dwCertEncodingType, PCERT_INFO pCertInfo,
                                    BYTE *pbKeyUsage, DWORD cbKeyUsage);

HCERTSTORE WINAPI CertOpenStore(LPCSTR lpszStoreProvider, DWORD dwEncodingType,
                                HCRYPTPROV_LEGACY hCryptProv, DWORD dwFlags, const void *pvPara);
HCERTSTORE WINAPI CertDuplicateStore(HCERTSTORE hCertStore);
BOOL WINAPI CertCloseStore(HCERTSTORE hCertStore, DWORD dwFlags);
BOOL WINAPI CertAddCertificateContextToStore(HCERTSTORE hCertStore, PCCERT_CONTEXT pCertContext,
                                             DWORD dwAddDisposition,
                                             PCCERT_CONTEXT *ppStoreContext);
BOOL WINAPI CertAddEncodedCertificateToStore(HCERTSTORE hCertStore, DWORD dwCertEncodingType,
                                             const BYTE *pbCertEncoded, DWORD cbCertEncoded,
                                             DWORD dwAddDisposition, PCCERT_CONTEXT *ppCertContext);
PCCERT_CONTEXT WINAPI CertEnumCertificatesInStore(HCERTSTORE hCertStore,
                                                  PCCERT_CONTEXT pPrevCertContext);
PCCERT_CONTEXT WINAPI CertFindCertificateInStore(HCERTSTORE hCertStore, DWORD dwCertEncodingType,
                                                 DWORD dwFindFlags, DWORD dwFindType,
                                                 const void *pvFindPara,
                                                 PCCERT_CONTEXT pPrevCertContext);
BOOL WINAPI CertDeleteCertificateFromStore(PCCERT_CONTEXT pCertContext);

BOOL WINAPI CertGetCertificateContextProperty(PCCERT_CONTEXT pCertContext, DWORD dwPropId,
                                              void *pvData, DWORD *pcbData);
BOOL WINAPI CertSetCertificateContextProperty(PCCERT_CONTEXT pCertContext, DWORD dwPropId,
                                              DWORD dwFlags, const void *pvData);
DWORD WINAPI CertEnumCertificateContextProperties(PCCERT_CONTEXT pCertContext, DWORD dwPropId);

HCERTSTORE WINAPI PFXImportCertStore(CRYPT_DATA_BLOB *pPFX, LPCWSTR szPassword, DWORD dwFlags);
BOOL WINAPI PFXIsPFXBlob(CRYPT_DATA_BLOB *pPFX);
BOOL WINAPI
CryptAcquireCertificatePrivateKey(PCCERT_CONTEXT pCert, DWORD dwFlags, void *pvParameters,
                                  HCRYPTPROV_OR_NCRYPT_KEY_HANDLE *phCryptProvOrNCryptKey,
                                  DWORD *pdwKeySpec, BOOL *pfCallerFreeProvOrNCryptKey);
BOOL WINAPI CryptReleaseContext(HCRYPTPROV hProv, DWORD dwFlags);
/* ncrypt.h; returns a SECURITY_STATUS. */
LONG WINAPI NCryptFreeObject(NCRYPT_HANDLE hObject);

DWORD WINAPI CertGetNameStringA(PCCERT_CONTEXT pCertContext, DWORD dwType, DWORD dwFlags,
                                void *pvTypePara, LPSTR pszNameString, DWORD cchNameString);
DWORD WINAPI CertGetNameStringW(PCCERT_CONTEXT pCertContext, DWORD dwType, DWORD dwFlags,
                                void *pvTypePara, LPWSTR pszNameString, DWORD cchNameString);
DWORD WINAPI CertNameToStrA(DWORD dwCertEncodingType, PCERT_NAME_BLOB pName, DWORD dwStrType,
                            LPSTR psz, DWORD csz);
DWORD WINAPI CertNameToStrW(DWORD dwCertEncodingType, PCERT_NAME_BLOB pName, DWORD dwStrType,
                            LPWSTR psz, DWORD csz);

#ifdef UNICODE
#define CertGetNameString CertGetNameStringW
#define CertNameToStr     CertNameToStrW
#else
#define CertGetNameString CertGetNameStringA
#define CertNameToStr     CertNameToStrA
#endif

#ifdef __cplusplus
}
#endif

#endif
