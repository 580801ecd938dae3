/* A client's handshake: InitializeSecurityContext, after its ClientHello, on arbitrary bytes as
 * the server's answer. The first byte chooses the client's credential (TLS 1.2, TLS 1.3, or
 * validating the server's certificate itself). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    loop_side client;
    enum fuzz_client_kind kind = (enum fuzz_client_kind)(fuzz_byte(&in) % FUZZ_CLIENT_KINDS);

    fuzz_client_started(&client, kind);
    fuzz_handshake_feed(&client, in.data, in.len);
    loop_side_free(&client);
    return 0;
}
