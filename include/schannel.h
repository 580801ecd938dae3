/* schannel.h for non-Windows hosts: the Schannel package names, credential structures, protocol
 * and flag values, context attribute structures and control tokens, with Windows' ABI
 * (reference §7.3, §7.5, §7.6). tests/abi checks every layout and value. */
#ifndef SSPISHIM_SCHANNEL_H
#define SSPISHIM_SCHANNEL_H

#include "windef.h"
#include "wincrypt.h"
#include "sspi.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ALGIDDEF
#define ALGIDDEF
typedef unsigned int ALG_ID;
#endif

/* ------------------------------------------------------------------ package names */
#define UNISP_NAME_A           "Microsoft Unified Security Protocol Provider"
#define UNISP_NAME_W           u"Microsoft Unified Security Protocol Provider"
#define SSL2SP_NAME_A          "Microsoft SSL 2.0"
#define SSL2SP_NAME_W          u"Microsoft SSL 2.0"
#define SSL3SP_NAME_A          "Microsoft SSL 3.0"
#define SSL3SP_NAME_W          u"Microsoft SSL 3.0"
#define TLS1SP_NAME_A          "Microsoft TLS 1.0"
#define TLS1SP_NAME_W          u"Microsoft TLS 1.0"
#define PCT1SP_NAME_A          "Microsoft PCT 1.0"
#define PCT1SP_NAME_W          u"Microsoft PCT 1.0"
#define SCHANNEL_NAME_A        "Schannel"
#define SCHANNEL_NAME_W        u"Schannel"
#define DEFAULT_TLS_SSP_NAME_A "Default TLS SSP"
#define DEFAULT_TLS_SSP_NAME_W u"Default TLS SSP"

#ifdef UNICODE
#define UNISP_NAME           UNISP_NAME_W
#define SSL2SP_NAME          SSL2SP_NAME_W
#define SSL3SP_NAME          SSL3SP_NAME_W
#define TLS1SP_NAME          TLS1SP_NAME_W
#define PCT1SP_NAME          PCT1SP_NAME_W
#define SCHANNEL_NAME        SCHANNEL_NAME_W
#define DEFAULT_TLS_SSP_NAME DEFAULT_TLS_SSP_NAME_W
#else
#define UNISP_NAME           UNISP_NAME_A
#define SSL2SP_NAME          SSL2SP_NAME_A
#define SSL3SP_NAME          SSL3SP_NAME_A
#define TLS1SP_NAME          TLS1SP_NAME_A
#define PCT1SP_NAME          PCT1SP_NAME_A
#define SCHANNEL_NAME        SCHANNEL_NAME_A
#define DEFAULT_TLS_SSP_NAME DEFAULT_TLS_SSP_NAME_A
#endif

#define UNISP_RPC_ID 14

/* ------------------------------------------------------------------ Schannel context attributes */
#define SECPKG_ATTR_ISSUER_LIST                   80
#define SECPKG_ATTR_REMOTE_CRED                   81
#define SECPKG_ATTR_LOCAL_CRED                    82
#define SECPKG_ATTR_REMOTE_CERT_CONTEXT           83
#define SECPKG_ATTR_LOCAL_CERT_CONTEXT            84
#define SECPKG_ATTR_ROOT_STORE                    85
#define SECPKG_ATTR_SUPPORTED_ALGS                86
#define SECPKG_ATTR_CIPHER_STRENGTHS              87
#define SECPKG_ATTR_SUPPORTED_PROTOCOLS           88
#define SECPKG_ATTR_ISSUER_LIST_EX                89
#define SECPKG_ATTR_CONNECTION_INFO               90
#define SECPKG_ATTR_EAP_KEY_BLOCK                 91
#define SECPKG_ATTR_MAPPED_CRED_ATTR              92
#define SECPKG_ATTR_SESSION_INFO                  93
#define SECPKG_ATTR_APP_DATA                      94
#define SECPKG_ATTR_REMOTE_CERTIFICATES           95
#define SECPKG_ATTR_CLIENT_CERT_POLICY            96
#define SECPKG_ATTR_CC_POLICY_RESULT              97
#define SECPKG_ATTR_USE_NCRYPT                    98
#define SECPKG_ATTR_LOCAL_CERT_INFO               99
#define SECPKG_ATTR_CIPHER_INFO                   100
#define SECPKG_ATTR_EAP_PRF_INFO                  101
#define SECPKG_ATTR_SUPPORTED_SIGNATURES          102
#define SECPKG_ATTR_REMOTE_CERT_CHAIN             103
#define SECPKG_ATTR_UI_INFO                       104
#define SECPKG_ATTR_EARLY_START                   105
#define SECPKG_ATTR_KEYING_MATERIAL_INFO          106
#define SECPKG_ATTR_KEYING_MATERIAL               107
#define SECPKG_ATTR_SRTP_PARAMETERS               108
#define SECPKG_ATTR_TOKEN_BINDING                 109
#define SECPKG_ATTR_CONNECTION_INFO_EX            110
#define SECPKG_ATTR_KEYING_MATERIAL_TOKEN_BINDING 111
#define SECPKG_ATTR_KEYING_MATERIAL_INPROC        112
/* Not in mingw-w64 (reference §7.6). */
#define SECPKG_ATTR_CERT_CHECK_RESULT                     0x71
#define SECPKG_ATTR_CERT_CHECK_RESULT_INPROC              0x72
#define SECPKG_ATTR_SESSION_TICKET_KEYS                   0x73
#define SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT_INPROC 0x74
#define SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT        0x75

typedef struct _SecPkgContext_IssuerListInfo {
    DWORD cbIssuerList;
    PBYTE pIssuerList;
} SecPkgContext_IssuerListInfo, *PSecPkgContext_IssuerListInfo;

typedef struct _SecPkgContext_IssuerListInfoEx {
    PCERT_NAME_BLOB aIssuers;
    DWORD cIssuers;
} SecPkgContext_IssuerListInfoEx, *PSecPkgContext_IssuerListInfoEx;

typedef struct _SecPkgContext_ConnectionInfo {
    DWORD dwProtocol;
    ALG_ID aiCipher;
    DWORD dwCipherStrength;
    ALG_ID aiHash;
    DWORD dwHashStrength;
    ALG_ID aiExch;
    DWORD dwExchStrength;
} SecPkgContext_ConnectionInfo, *PSecPkgContext_ConnectionInfo;

#define SECPKGCONTEXT_CONNECTION_INFO_EX_V1 1

typedef struct _SecPkgContext_ConnectionInfoEx {
    DWORD dwVersion;
    DWORD dwProtocol;
    WCHAR szCipher[SZ_ALG_MAX_SIZE];
    DWORD dwCipherStrength;
    WCHAR szHash[SZ_ALG_MAX_SIZE];
    DWORD dwHashStrength;
    WCHAR szExchange[SZ_ALG_MAX_SIZE];
    DWORD dwExchStrength;
} SecPkgContext_ConnectionInfoEx, *PSecPkgContext_ConnectionInfoEx;

#define SECPKGCONTEXT_CIPHERINFO_V1 1

typedef struct _SecPkgContext_CipherInfo {
    DWORD dwVersion;
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwBaseCipherSuite;
    WCHAR szCipherSuite[SZ_ALG_MAX_SIZE];
    WCHAR szCipher[SZ_ALG_MAX_SIZE];
    DWORD dwCipherLen;
    DWORD dwCipherBlockLen;
    WCHAR szHash[SZ_ALG_MAX_SIZE];
    DWORD dwHashLen;
    WCHAR szExchange[SZ_ALG_MAX_SIZE];
    DWORD dwMinExchangeLen;
    DWORD dwMaxExchangeLen;
    WCHAR szCertificate[SZ_ALG_MAX_SIZE];
    DWORD dwKeyType;
} SecPkgContext_CipherInfo, *PSecPkgContext_CipherInfo;

typedef struct _SecPkgContext_EapKeyBlock {
    BYTE rgbKeys[128];
    BYTE rgbIVs[64];
} SecPkgContext_EapKeyBlock, *PSecPkgContext_EapKeyBlock;

#define SSL_SESSION_RECONNECT 1

typedef struct _SecPkgContext_SessionInfo {
    DWORD dwFlags;
    DWORD cbSessionId;
    BYTE rgbSessionId[32];
} SecPkgContext_SessionInfo, *PSecPkgContext_SessionInfo;

typedef struct _SecPkgContext_SupportedSignatures {
    WORD cSignatureAndHashAlgorithms;
    WORD *pSignatureAndHashAlgorithms;
} SecPkgContext_SupportedSignatures, *PSecPkgContext_SupportedSignatures;

typedef struct _SecPkgContext_Certificates {
    DWORD cCertificates;
    DWORD cbCertificateChain;
    PBYTE pbCertificateChain;
} SecPkgContext_Certificates, *PSecPkgContext_Certificates;

typedef struct _SecPkgContext_KeyingMaterialInfo {
    WORD cbLabel;
    LPSTR pszLabel;
    WORD cbContextValue;
    PBYTE pbContextValue;
    DWORD cbKeyingMaterial;
} SecPkgContext_KeyingMaterialInfo, *PSecPkgContext_KeyingMaterialInfo;

typedef struct _SecPkgContext_KeyingMaterial {
    DWORD cbKeyingMaterial;
    PBYTE pbKeyingMaterial;
} SecPkgContext_KeyingMaterial, *PSecPkgContext_KeyingMaterial;

typedef struct _SecPkgContext_KeyingMaterial_Inproc {
    WORD cbLabel;
    LPSTR pszLabel;
    WORD cbContextValue;
    PBYTE pbContextValue;
    DWORD cbKeyingMaterial;
    PBYTE pbKeyingMaterial;
} SecPkgContext_KeyingMaterial_Inproc, *PSecPkgContext_KeyingMaterial_Inproc;

#define RCRED_STATUS_NOCRED           0
#define RCRED_CRED_EXISTS             1
#define RCRED_STATUS_UNKNOWN_ISSUER   2
#define LCRED_STATUS_NOCRED           0
#define LCRED_CRED_EXISTS             1
#define LCRED_STATUS_UNKNOWN_ISSUER   2
#define KERN_CONTEXT_CERT_INFO_V1     0
#define ENABLE_TLS_CLIENT_EARLY_START 1

/* ------------------------------------------------------------------ credential attributes */
typedef struct _SecPkgCred_SupportedAlgs {
    DWORD cSupportedAlgs;
    ALG_ID *palgSupportedAlgs;
} SecPkgCred_SupportedAlgs, *PSecPkgCred_SupportedAlgs;

typedef struct _SecPkgCred_CipherStrengths {
    DWORD dwMinimumCipherStrength;
    DWORD dwMaximumCipherStrength;
} SecPkgCred_CipherStrengths, *PSecPkgCred_CipherStrengths;

typedef struct _SecPkgCred_SupportedProtocols {
    DWORD grbitProtocol;
} SecPkgCred_SupportedProtocols, *PSecPkgCred_SupportedProtocols;

/* SetCredentialsAttributes(SECPKG_ATTR_CLIENT_CERT_POLICY): how a server judges client
 * certificates; .NET names the store of trusted issuers in pwszSslCtlStoreName. */
typedef struct _SecPkgCred_ClientCertPolicy {
    DWORD dwFlags;
    GUID guidPolicyId;
    DWORD dwCertFlags;
    DWORD dwUrlRetrievalTimeout;
    BOOL fCheckRevocationFreshnessTime;
    DWORD dwRevocationFreshnessTime;
    BOOL fOmitUsageCheck;
    LPWSTR pwszSslCtlStoreName;
    LPWSTR pwszSslCtlIdentifier;
} SecPkgCred_ClientCertPolicy, *PSecPkgCred_ClientCertPolicy;

/* ------------------------------------------------------------------ credentials */
struct _HMAPPER;

#define SCHANNEL_CRED_VERSION   4
#define SCH_CRED_V1             0x00000001
#define SCH_CRED_V2             0x00000002
#define SCH_CRED_VERSION        0x00000002
#define SCH_CRED_V3             0x00000003
#define SCH_CREDENTIALS_VERSION 0x00000005

/* Classic credentials (dwVersion SCHANNEL_CRED_VERSION or SCH_CRED_V1..V3). It shares only
 * dwVersion with SCH_CREDENTIALS: dispatch on it before reading anything else. */
typedef struct _SCHANNEL_CRED {
    DWORD dwVersion;
    DWORD cCreds;
    PCCERT_CONTEXT *paCred;
    HCERTSTORE hRootStore;
    DWORD cMappers;
    struct _HMAPPER **aphMappers;
    DWORD cSupportedAlgs;
    ALG_ID *palgSupportedAlgs;
    DWORD grbitEnabledProtocols;
    DWORD dwMinimumCipherStrength;
    DWORD dwMaximumCipherStrength;
    DWORD dwSessionLifespan;
    DWORD dwFlags;
    DWORD dwCredFormat;
} SCHANNEL_CRED, *PSCHANNEL_CRED;

/* dwCredFormat */
#define SCH_CRED_FORMAT_CERT_CONTEXT    0x00000000
#define SCH_CRED_FORMAT_CERT_HASH       0x00000001
#define SCH_CRED_FORMAT_CERT_HASH_STORE 0x00000002

#define SCH_MAX_EXT_SUBSCRIPTIONS              0x00000002
#define SCH_CRED_MAX_SUPPORTED_PARAMETERS      0x00000010
#define SCH_CRED_MAX_SUPPORTED_ALPN_IDS        0x00000010
#define SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS 0x00000010
#define SCH_CRED_MAX_SUPPORTED_CHAINING_MODES  0x00000010
#define SCH_CRED_MAX_SUPPORTED_CERTS           0x00000064
#define SCH_CRED_MAX_STORE_NAME_SIZE           0x00000080
#define SCH_CRED_MAX_SUPPORTED_ALGS            0x00000100

/* dwFlags */
#define SCH_CRED_NO_SYSTEM_MAPPER                    0x00000002
#define SCH_CRED_NO_SERVERNAME_CHECK                 0x00000004
#define SCH_CRED_MANUAL_CRED_VALIDATION              0x00000008
#define SCH_CRED_NO_DEFAULT_CREDS                    0x00000010
#define SCH_CRED_AUTO_CRED_VALIDATION                0x00000020
#define SCH_CRED_USE_DEFAULT_CREDS                   0x00000040
#define SCH_CRED_DISABLE_RECONNECTS                  0x00000080
#define SCH_CRED_REVOCATION_CHECK_END_CERT           0x00000100
#define SCH_CRED_REVOCATION_CHECK_CHAIN              0x00000200
#define SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT 0x00000400
#define SCH_CRED_IGNORE_NO_REVOCATION_CHECK          0x00000800
#define SCH_CRED_IGNORE_REVOCATION_OFFLINE           0x00001000
#define SCH_CRED_RESTRICTED_ROOTS                    0x00002000
#define SCH_CRED_REVOCATION_CHECK_CACHE_ONLY         0x00004000
#define SCH_CRED_CACHE_ONLY_URL_RETRIEVAL            0x00008000
#define SCH_CRED_MEMORY_STORE_CERT                   0x00010000
#define SCH_CRED_CACHE_ONLY_URL_RETRIEVAL_ON_CREATE  0x00020000
#define SCH_SEND_ROOT_CERT                           0x00040000
#define SCH_CRED_SNI_CREDENTIAL                      0x00080000
#define SCH_CRED_SNI_ENABLE_OCSP                     0x00100000
#define SCH_SEND_AUX_RECORD                          0x00200000
#define SCH_USE_STRONG_CRYPTO                        0x00400000
#define SCH_USE_PRESHAREDKEY_ONLY                    0x00800000
#define SCH_USE_DTLS_ONLY                            0x01000000
#define SCH_ALLOW_NULL_ENCRYPTION                    0x02000000
/* Not in mingw-w64 (reference §7.6). */
#define SCH_CRED_DEFERRED_CRED_VALIDATION 0x04000000

#define SCH_CRED_X509_CERTCHAIN 0x00000001
#define SCH_CRED_X509_CAPI      0x00000002
#define SCH_CRED_CERT_CONTEXT   0x00000003

#ifdef SCHANNEL_USE_BLACKLISTS
/* Which algorithm a CRYPTO_SETTINGS entry disables. */
typedef enum _eTlsAlgorithmUsage {
    TlsParametersCngAlgUsageKeyExchange,
    TlsParametersCngAlgUsageSignature,
    TlsParametersCngAlgUsageCipher,
    TlsParametersCngAlgUsageDigest,
    TlsParametersCngAlgUsageCertSig
} eTlsAlgorithmUsage;

typedef struct _CRYPTO_SETTINGS {
    eTlsAlgorithmUsage eAlgorithmUsage;
    UNICODE_STRING strCngAlgId;
    DWORD cChainingModes;
    PUNICODE_STRING rgstrChainingModes;
    DWORD dwMinBitLength;
    DWORD dwMaxBitLength;
} CRYPTO_SETTINGS, *PCRYPTO_SETTINGS;

typedef struct _TLS_PARAMETERS {
    DWORD cAlpnIds;
    PUNICODE_STRING rgstrAlpnIds;
    DWORD grbitDisabledProtocols;
    DWORD cDisabledCrypto;
    PCRYPTO_SETTINGS pDisabledCrypto;
    DWORD dwFlags;
} TLS_PARAMETERS, *PTLS_PARAMETERS;

#define TLS_PARAMS_OPTIONAL 1

/* Newer credentials (dwVersion SCH_CREDENTIALS_VERSION): dwCredFormat is at offset 4 here. */
typedef struct _SCH_CREDENTIALS {
    DWORD dwVersion;
    DWORD dwCredFormat;
    DWORD cCreds;
    PCCERT_CONTEXT *paCred;
    HCERTSTORE hRootStore;
    DWORD cMappers;
    struct _HMAPPER **aphMappers;
    DWORD dwSessionLifespan;
    DWORD dwFlags;
    DWORD cTlsParameters;
    PTLS_PARAMETERS pTlsParameters;
} SCH_CREDENTIALS, *PSCH_CREDENTIALS;

SSPISHIM_STATIC_ASSERT(sizeof(eTlsAlgorithmUsage) == 4, "enum must be 4 bytes");
#endif /* SCHANNEL_USE_BLACKLISTS */

/* Certificate by hash, for dwCredFormat SCH_CRED_FORMAT_CERT_HASH(_STORE). */
#define SCH_MACHINE_CERT_HASH 1

typedef struct _SCHANNEL_CERT_HASH {
    DWORD dwLength;
    DWORD dwFlags;
    HCRYPTPROV hProv;
    BYTE ShaHash[20];
} SCHANNEL_CERT_HASH, *PSCHANNEL_CERT_HASH;

typedef struct _SCHANNEL_CERT_HASH_STORE {
    DWORD dwLength;
    DWORD dwFlags;
    HCRYPTPROV hProv;
    BYTE ShaHash[20];
    WCHAR pwszStoreName[SCH_CRED_MAX_STORE_NAME_SIZE];
} SCHANNEL_CERT_HASH_STORE, *PSCHANNEL_CERT_HASH_STORE;

#define SCHANNEL_SECRET_TYPE_CAPI 1
#define SCHANNEL_SECRET_PRIVKEY   2

/* ------------------------------------------------------------------ protocols */
#define SP_PROT_NONE               0x00000000
#define SP_PROT_PCT1_SERVER        0x00000001
#define SP_PROT_PCT1_CLIENT        0x00000002
#define SP_PROT_PCT1               0x00000003
#define SP_PROT_SSL2_SERVER        0x00000004
#define SP_PROT_SSL2_CLIENT        0x00000008
#define SP_PROT_SSL2               0x0000000C
#define SP_PROT_SSL3_SERVER        0x00000010
#define SP_PROT_SSL3_CLIENT        0x00000020
#define SP_PROT_SSL3               0x00000030
#define SP_PROT_TLS1_SERVER        0x00000040
#define SP_PROT_TLS1_0_SERVER      0x00000040
#define SP_PROT_SSL3TLS1_SERVERS   0x00000050
#define SP_PROT_TLS1_CLIENT        0x00000080
#define SP_PROT_TLS1_0_CLIENT      0x00000080
#define SP_PROT_SSL3TLS1_CLIENTS   0x000000A0
#define SP_PROT_TLS1               0x000000C0
#define SP_PROT_TLS1_0             0x000000C0
#define SP_PROT_SSL3TLS1           0x000000F0
#define SP_PROT_TLS1_1_SERVER      0x00000100
#define SP_PROT_TLS1_1_CLIENT      0x00000200
#define SP_PROT_TLS1_1             0x00000300
#define SP_PROT_TLS1_2_SERVER      0x00000400
#define SP_PROT_TLS1_2_CLIENT      0x00000800
#define SP_PROT_TLS1_2             0x00000C00
#define SP_PROT_TLS1_3_SERVER      0x00001000
#define SP_PROT_TLS1_3PLUS_SERVER  0x00001000
#define SP_PROT_TLS1_1PLUS_SERVER  0x00001500
#define SP_PROT_TLS1_X_SERVER      0x00001540
#define SP_PROT_SSL3TLS1_X_SERVERS 0x00001550
#define SP_PROT_TLS1_3_CLIENT      0x00002000
#define SP_PROT_TLS1_3PLUS_CLIENT  0x00002000
#define SP_PROT_TLS1_1PLUS_CLIENT  0x00002A00
#define SP_PROT_TLS1_X_CLIENT      0x00002A80
#define SP_PROT_SSL3TLS1_X_CLIENTS 0x00002AA0
#define SP_PROT_TLS1_3             0x00003000
#define SP_PROT_TLS1_3PLUS         0x00003000
#define SP_PROT_TLS1_1PLUS         0x00003F00
#define SP_PROT_TLS1_X             0x00003FC0
#define SP_PROT_SSL3TLS1_X         0x00003FF0
#define SP_PROT_DTLS_SERVER        0x00010000
#define SP_PROT_DTLS1_0_SERVER     0x00010000
#define SP_PROT_DTLS_CLIENT        0x00020000
#define SP_PROT_DTLS1_0_CLIENT     0x00020000
#define SP_PROT_DTLS               0x00030000
#define SP_PROT_DTLS1_0            0x00030000
#define SP_PROT_DTLS1_2_SERVER     0x00040000
#define SP_PROT_DTLS1_X_SERVER     0x00050000
#define SP_PROT_DTLS1_2_CLIENT     0x00080000
#define SP_PROT_DTLS1_X_CLIENT     0x000A0000
#define SP_PROT_DTLS1_2            0x000C0000
#define SP_PROT_DTLS1_X            0x000F0000
#define SP_PROT_UNI_SERVER         0x40000000
#define SP_PROT_SERVERS            0x40000055
#define SP_PROT_X_SERVERS          0x40051555
#define SP_PROT_UNI_CLIENT         0x80000000
#define SP_PROT_CLIENTS            0x800000AA
#define SP_PROT_X_CLIENTS          0x800A2AAA
#define SP_PROT_UNI                0xC0000000
#define SP_PROT_ALL                0xFFFFFFFF

/* ------------------------------------------------------------------ ApplyControlToken */
#define SCHANNEL_RENEGOTIATE 0
#define SCHANNEL_SHUTDOWN    1
#define SCHANNEL_ALERT       2
#define SCHANNEL_SESSION     3

typedef struct _SCHANNEL_ALERT_TOKEN {
    DWORD dwTokenType;
    DWORD dwAlertType;
    DWORD dwAlertNumber;
} SCHANNEL_ALERT_TOKEN;

#define TLS1_ALERT_WARNING 1
#define TLS1_ALERT_FATAL   2

#define TLS1_ALERT_CLOSE_NOTIFY         0
#define TLS1_ALERT_UNEXPECTED_MESSAGE   10
#define TLS1_ALERT_BAD_RECORD_MAC       20
#define TLS1_ALERT_DECRYPTION_FAILED    21
#define TLS1_ALERT_RECORD_OVERFLOW      22
#define TLS1_ALERT_DECOMPRESSION_FAIL   30
#define TLS1_ALERT_HANDSHAKE_FAILURE    40
#define TLS1_ALERT_BAD_CERTIFICATE      42
#define TLS1_ALERT_UNSUPPORTED_CERT     43
#define TLS1_ALERT_CERTIFICATE_REVOKED  44
#define TLS1_ALERT_CERTIFICATE_EXPIRED  45
#define TLS1_ALERT_CERTIFICATE_UNKNOWN  46
#define TLS1_ALERT_ILLEGAL_PARAMETER    47
#define TLS1_ALERT_UNKNOWN_CA           48
#define TLS1_ALERT_ACCESS_DENIED        49
#define TLS1_ALERT_DECODE_ERROR         50
#define TLS1_ALERT_DECRYPT_ERROR        51
#define TLS1_ALERT_EXPORT_RESTRICTION   60
#define TLS1_ALERT_PROTOCOL_VERSION     70
#define TLS1_ALERT_INSUFFIENT_SECURITY  71
#define TLS1_ALERT_INTERNAL_ERROR       80
#define TLS1_ALERT_USER_CANCELED        90
#define TLS1_ALERT_NO_RENEGOTIATION     100
#define TLS1_ALERT_UNSUPPORTED_EXT      110
#define TLS1_ALERT_UNKNOWN_PSK_IDENTITY 115
#define TLS1_ALERT_NO_APP_PROTOCOL      120

typedef struct _SCHANNEL_SESSION_TOKEN {
    DWORD dwTokenType;
    DWORD dwFlags;
} SCHANNEL_SESSION_TOKEN;

#define SSL_SESSION_ENABLE_RECONNECTS  1
#define SSL_SESSION_DISABLE_RECONNECTS 2

#ifdef __cplusplus
}
#endif

#endif
