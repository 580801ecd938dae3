/* Thread-local last error, as kernel32 keeps it on Windows. */
#include "crypt32_private.h"

static _Thread_local DWORD last_error;

void WINAPI SetLastError(DWORD dwErrCode)
{
    last_error = dwErrCode;
}

DWORD WINAPI GetLastError(void)
{
    return last_error;
}
