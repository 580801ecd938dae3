/* Minimal windows.h for non-Windows hosts: the types and headers Schannel callers need. */
#ifndef SSPISHIM_WINDOWS_H
#define SSPISHIM_WINDOWS_H

#include "windef.h"
#include "winerror.h"
#include "wincrypt.h"

#endif
