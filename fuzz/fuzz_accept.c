/* A server's first flight: AcceptSecurityContext on arbitrary bytes from a new client (what
 * follows a ClientHello in the input is fed to the next calls, as a peer would send it). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loop_side server;

    fuzz_server_init(&server);
    fuzz_handshake_feed(&server, data, size);
    loop_side_free(&server);
    return 0;
}
