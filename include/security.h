/* security.h for non-Windows hosts: like Windows, it only brings in the SSPI declarations. */
#ifndef SSPISHIM_SECURITY_H
#define SSPISHIM_SECURITY_H

#include "sspi.h"

#endif
