/* stress_count (stress_common.h), in a file of its own so that stress_handles can take it without
 * the connection fixtures and libsecur32 they need. */
#include "stress_common.h"

#include <stdlib.h>

long stress_count(const char *variable, long fallback)
{
    const char *text = getenv(variable);
    long value = text ? strtol(text, NULL, 10) : 0;
    return value > 0 ? value : fallback;
}
