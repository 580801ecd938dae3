/* winetest/tls_loop.c (and the SSPI set-ups of loop_sspi.c) built into the unit tests' fixture
 * library (found through -I winetest), so that both suites drive connections with the same code. */
#include "loop_sspi.c"
#include "tls_loop.c"
