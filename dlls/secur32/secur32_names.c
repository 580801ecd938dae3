/* The name exports of Windows' secur32: GetUserNameEx, GetComputerObjectName, TranslateName.
 * Wine's sspicli forwards GetUserNameEx back to secur32, so they are answered here from
 * GetUserNameW / GetComputerNameW, for a machine that is in no domain (as a Wine prefix is):
 * the SAM-compatible name is COMPUTER\user, the display name is the user name, and formats
 * that need a directory fail with ERROR_NONE_MAPPED, as on a stand-alone Windows. */
#include "win_sspi.h"

#define SECURITY_WIN32_NAMES
#include <secext.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NAME_CHARS 512

/* Copies `name` to the caller's buffer with GetUserNameEx's size rules: on success *size is the
 * length without the terminator; when too small, ERROR_MORE_DATA and the size it needs. */
static BOOLEAN copy_name_w(const WCHAR *name, LPWSTR buffer, PULONG size)
{
    ULONG needed = (ULONG)wcslen(name) + 1;

    if (!size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!buffer || *size < needed) {
        *size = needed;
        SetLastError(ERROR_MORE_DATA);
        return FALSE;
    }
    memcpy(buffer, name, needed * sizeof(WCHAR));
    *size = needed - 1;
    return TRUE;
}

static BOOLEAN copy_name_a(const WCHAR *name, LPSTR buffer, PULONG size)
{
    int needed = WideCharToMultiByte(CP_ACP, 0, name, -1, NULL, 0, NULL, NULL);

    if (!size || needed <= 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!buffer || *size < (ULONG)needed) {
        *size = (ULONG)needed;
        SetLastError(ERROR_MORE_DATA);
        return FALSE;
    }
    WideCharToMultiByte(CP_ACP, 0, name, -1, buffer, needed, NULL, NULL);
    *size = (ULONG)needed - 1;
    return TRUE;
}

/* The user's name in `format`, or FALSE with the error set. */
static BOOLEAN user_name(EXTENDED_NAME_FORMAT format, WCHAR *out, DWORD chars)
{
    WCHAR user[NAME_CHARS], computer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD user_chars = NAME_CHARS, computer_chars = MAX_COMPUTERNAME_LENGTH + 1;

    if (!GetUserNameW(user, &user_chars))
        return FALSE;
    switch (format) {
    case NameSamCompatible:
        if (!GetComputerNameW(computer, &computer_chars))
            return FALSE;
        _snwprintf(out, chars, L"%ls\\%ls", computer, user);
        out[chars - 1] = 0;
        return TRUE;
    case NameDisplay:
        wcsncpy(out, user, chars);
        out[chars - 1] = 0;
        return TRUE;
    case NameUnknown:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    default:
        SetLastError(ERROR_NONE_MAPPED);
        return FALSE;
    }
}

BOOLEAN SEC_ENTRY GetUserNameExW(EXTENDED_NAME_FORMAT NameFormat, LPWSTR lpNameBuffer, PULONG nSize)
{
    WCHAR name[2 * NAME_CHARS];
    return user_name(NameFormat, name, 2 * NAME_CHARS) && copy_name_w(name, lpNameBuffer, nSize);
}

BOOLEAN SEC_ENTRY GetUserNameExA(EXTENDED_NAME_FORMAT NameFormat, LPSTR lpNameBuffer, PULONG nSize)
{
    WCHAR name[2 * NAME_CHARS];
    return user_name(NameFormat, name, 2 * NAME_CHARS) && copy_name_a(name, lpNameBuffer, nSize);
}

/* A computer object exists only in a domain's directory. */
BOOLEAN SEC_ENTRY GetComputerObjectNameW(EXTENDED_NAME_FORMAT NameFormat, LPWSTR lpNameBuffer,
                                         PULONG nSize)
{
    SetLastError(NameFormat == NameUnknown ? ERROR_INVALID_PARAMETER
                                           : ERROR_CANT_ACCESS_DOMAIN_INFO);
    return FALSE;
}

BOOLEAN SEC_ENTRY GetComputerObjectNameA(EXTENDED_NAME_FORMAT NameFormat, LPSTR lpNameBuffer,
                                         PULONG nSize)
{
    return GetComputerObjectNameW(NameFormat, NULL, nSize);
}

/* Without a directory only the identity translation of a SAM-compatible name succeeds. */
static BOOLEAN translate(const WCHAR *account, EXTENDED_NAME_FORMAT from, EXTENDED_NAME_FORMAT to)
{
    if (!account || from == NameUnknown || to == NameUnknown) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (from == NameSamCompatible && to == NameSamCompatible && wcschr(account, L'\\'))
        return TRUE;
    SetLastError(ERROR_NO_SUCH_DOMAIN);
    return FALSE;
}

BOOLEAN SEC_ENTRY TranslateNameW(LPCWSTR lpAccountName, EXTENDED_NAME_FORMAT AccountNameFormat,
                                 EXTENDED_NAME_FORMAT DesiredNameFormat, LPWSTR lpTranslatedName,
                                 PULONG nSize)
{
    return translate(lpAccountName, AccountNameFormat, DesiredNameFormat) &&
           copy_name_w(lpAccountName, lpTranslatedName, nSize);
}

BOOLEAN SEC_ENTRY TranslateNameA(LPCSTR lpAccountName, EXTENDED_NAME_FORMAT AccountNameFormat,
                                 EXTENDED_NAME_FORMAT DesiredNameFormat, LPSTR lpTranslatedName,
                                 PULONG nSize)
{
    WCHAR *wide = NULL;
    BOOLEAN done = FALSE;
    int chars = lpAccountName ? MultiByteToWideChar(CP_ACP, 0, lpAccountName, -1, NULL, 0) : 0;

    if (chars > 0 && (wide = malloc((size_t)chars * sizeof(WCHAR))))
        MultiByteToWideChar(CP_ACP, 0, lpAccountName, -1, wide, chars);
    if (lpAccountName && !wide) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    done = translate(wide, AccountNameFormat, DesiredNameFormat) &&
           copy_name_a(wide, lpTranslatedName, nSize);
    free(wide);
    return done;
}
