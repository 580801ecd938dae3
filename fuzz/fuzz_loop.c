/* winetest/tls_loop.c built into the fuzz targets (found through -I winetest), so that they
 * drive connections with the same code as the tests. */
#include "tls_loop.c"
