/* winetest/dtls_loop.c built into the unit tests' fixture library, as tls_loop_unit.c does for
 * the stream loop. */
#include "dtls_loop.c"
