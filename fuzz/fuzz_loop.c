/* winetest/tls_loop.c (and the SSPI set-ups of loop_sspi.c) built into the fuzz targets (found
 * through -I winetest), so that they drive connections with the same code as the tests. */
#include "loop_sspi.c"
#include "tls_loop.c"
