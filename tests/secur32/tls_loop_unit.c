/* winetest/tls_loop.c built into the unit tests' fixture library (found through -I winetest),
 * so that both suites drive connections with the same code. */
#include "tls_loop.c"
