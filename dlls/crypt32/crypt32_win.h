/* The Windows API as this library sees it. include/compat/win_sspi.h is the project-wide entry
 * point; until it exists natively, windows.h from include/ provides the same types. */
#ifndef SSPISHIM_CRYPT32_WIN_H
#define SSPISHIM_CRYPT32_WIN_H

#if defined(__has_include)
#if __has_include("win_sspi.h")
#include "win_sspi.h"
#else
#include "windows.h"
#endif
#else
#include "win_sspi.h"
#endif

#endif
