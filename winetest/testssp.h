/* What the test security package in testssp.dll does, shared by the DLL and the ssp_registered
 * unit that registers it: its name, its tokens, how it protects messages and the counters it
 * exports so the unit can see which calls reached it. */
#ifndef SSPISHIM_TESTSSP_H
#define SSPISHIM_TESTSSP_H

#define TESTSSP_NAME         L"sspishim-test"
#define TESTSSP_COMMENT      L"sspishim registered-SSP test package"
#define TESTSSP_CAPABILITIES 0x00000013UL /* INTEGRITY | PRIVACY | CONNECTION */
#define TESTSSP_VERSION      7
#define TESTSSP_RPC_ID       0x7e57
#define TESTSSP_MAX_TOKEN    48

/* Client hello (ISC, first call), server answer (ASC): the handshake is one round trip. */
#define TESTSSP_HELLO   "testssp-hello"
#define TESTSSP_WELCOME "testssp-welcome"

/* EncryptMessage XORs every data byte with this; the signature is 4 bytes: the sequence
 * number XOR a byte sum of the data, little-endian. */
#define TESTSSP_XOR            0x5a
#define TESTSSP_SIGNATURE_SIZE 4

/* The DLL's own handles carry this in dwUpper, so the unit can tell them from the dispatcher's. */
#define TESTSSP_HANDLE_MARK ((ULONG_PTR)0x7e57c0de)

typedef enum testssp_counter {
    TESTSSP_ACQUIRE,
    TESTSSP_FREE_CREDENTIALS,
    TESTSSP_INITIALIZE,
    TESTSSP_ACCEPT,
    TESTSSP_DELETE_CONTEXT,
    TESTSSP_QUERY_CONTEXT_W,
    TESTSSP_QUERY_CONTEXT_A,
    TESTSSP_SIGN,
    TESTSSP_VERIFY,
    TESTSSP_ENCRYPT,
    TESTSSP_DECRYPT,
    TESTSSP_COUNTERS
} testssp_counter;

/* Exported by testssp.dll: copies the call counters into counts[TESTSSP_COUNTERS]. */
typedef void(WINAPI *testssp_get_counters_fn)(LONG *counts);
#define TESTSSP_GET_COUNTERS "TestSspGetCounters"

#endif
