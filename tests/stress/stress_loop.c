/* winetest/tls_loop.c built into the stress programs (found through -I winetest), so that they
 * drive connections with the same code as the other tests. */
#include "tls_loop.c"
