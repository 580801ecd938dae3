/* Basic Windows types for non-Windows hosts, with Windows' LLP64 (and ILP32) widths.
 * ULONG/LONG/DWORD are 32-bit, WCHAR is 16-bit UTF-16 code unit, pointers are native. */
#ifndef SSPISHIM_WINDEF_H
#define SSPISHIM_WINDEF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Calling convention of Windows API functions. On native hosts the default ABI is used, unless
 * the library is built for PE callers (SSPISHIM_MS_ABI), where x86-64 code uses ms_abi. */
#ifndef WINAPI
#if defined(__i386__) && defined(_WIN32)
#define WINAPI __attribute__((stdcall))
#elif defined(SSPISHIM_MS_ABI) && defined(__x86_64__)
#define WINAPI __attribute__((ms_abi))
#else
#define WINAPI
#endif
#endif
#ifndef CALLBACK
#define CALLBACK WINAPI
#endif
#ifndef APIENTRY
#define APIENTRY WINAPI
#endif
#ifndef WINAPIV
#define WINAPIV
#endif

#ifndef VOID
#define VOID void
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif

typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID, *PCVOID;
typedef uint8_t BYTE, UCHAR, BOOLEAN, *PBYTE, *LPBYTE, *PUCHAR, *PBOOLEAN;
typedef char CHAR, *PCHAR, *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
typedef uint16_t WORD, USHORT, *PWORD, *PUSHORT, *LPWORD;
typedef int16_t SHORT, *PSHORT;
typedef uint16_t WCHAR, *PWCHAR, *LPWSTR, *PWSTR;
typedef const uint16_t *LPCWSTR, *PCWSTR;
typedef uint32_t DWORD, ULONG, UINT, *PDWORD, *LPDWORD, *PULONG, *PUINT;
typedef int32_t LONG, INT, BOOL, WINBOOL, *PLONG, *PINT, *PBOOL, *LPBOOL;
typedef int32_t HRESULT;
typedef uint64_t ULONGLONG, DWORD64, UINT64, *PULONGLONG;
typedef int64_t LONGLONG, INT64, *PLONGLONG;
typedef uintptr_t ULONG_PTR, DWORD_PTR, UINT_PTR, SIZE_T, *PULONG_PTR, *PSIZE_T;
typedef intptr_t LONG_PTR, INT_PTR, SSIZE_T;
typedef void *HANDLE, *HMODULE, *HINSTANCE, *HWND, *HKEY;
typedef HANDLE *PHANDLE;

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    };
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
    DWORD Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID, *LPGUID;

typedef struct _LUID {
    DWORD LowPart;
    LONG HighPart;
} LUID, *PLUID;

/* UNICODE_STRING (ntdef.h): Length and MaximumLength count bytes, not characters. */
typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifdef __cplusplus
}
#endif

#endif
