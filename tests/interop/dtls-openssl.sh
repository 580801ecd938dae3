#!/bin/bash
# DTLS 1.2 over UDP on 127.0.0.1 between Schannel (dtls-peer: ISC/ASC, one datagram per record)
# and OpenSSL: our client against openssl s_server -dtls1_2 (which asks for a cookie with a
# HelloVerifyRequest), our server against openssl s_client -dtls1_2; a line each way, compared;
# once more with a handshake datagram lost so that a flight is sent again.
. "${INTEROP_LIB:-$(dirname "$0")/lib.sh}"

PEER=${DTLS_PEER:?DTLS_PEER is not set}

# client_case RSA|ECDSA [DROP]: s_server prints what our client sent; its reply goes in through
# a FIFO once the line has arrived (so it cannot race the handshake).
client_case() {
    local key=$1 drop=${2:-} log="$WORK/s_server.log" fifo="$WORK/s_server.in" line reply
    line="datagram from sspishim $RANDOM"
    reply="datagram from openssl $RANDOM"
    rm -f "$fifo" && mkfifo "$fifo" && exec 3<> "$fifo"
    timeout 30 openssl s_server -dtls1_2 -accept 127.0.0.1:0 -cert "$CERTS/server-$key.pem" \
        -key "$CERTS/server-$key.key" <&3 > "$log" 2>&1 &
    local server=$!
    pids+=($server)
    wait_for $server grep -q '^ACCEPT' "$log" || { cat "$log"; return 1; }
    PORT=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$log" | head -n1)
    timeout 30 "$PEER" client "$PORT" "$line" $drop > "$WORK/peer.out" 2> "$WORK/peer.err" &
    local client=$!
    pids+=($client)
    wait_for $client grep -qx "$line" "$log" && echo "$reply" >&3
    wait $client
    local status=$?
    exec 3>&-
    kill $server 2> /dev/null
    cat "$WORK/peer.err" "$log"
    [ $status = 0 ] && expect_grep "^$reply\$" "$WORK/peer.out" && expect_grep "^$line\$" "$log" &&
        { [ -z "$drop" ] || expect_grep "dropped as asked" "$WORK/peer.err"; }
}

# server_case [DROP]: s_client sends a line; our server answers "sspishim heard: LINE" and closes.
server_case() {
    local drop=${1:-} line="datagram from openssl $RANDOM" fifo="$WORK/s_client.in"
    timeout 30 "$PEER" server "$CERTS/server-rsa.pfx" "$PASSWORD" $drop > "$WORK/peer.out" \
        2> "$WORK/peer.err" &
    local server=$!
    pids+=($server)
    wait_for $server grep -q '^listening on' "$WORK/peer.out" || { cat "$WORK/peer.err"; return 1; }
    PORT=$(sed -n 's/^listening on //p' "$WORK/peer.out")
    # s_client's input stays open (a FIFO): it ends when our close_notify comes.
    rm -f "$fifo" && mkfifo "$fifo" && exec 3<> "$fifo" && echo "$line" >&3
    timeout 20 openssl s_client -dtls1_2 -connect "127.0.0.1:$PORT" -CAfile "$CERTS/ca-rsa.pem" \
        -verify_return_error -verify_hostname localhost <&3 > "$WORK/s_client.out" 2>&1
    exec 3>&-
    wait $server
    local status=$?
    cat "$WORK/peer.err" "$WORK/s_client.out"
    [ $status = 0 ] && expect_grep "^sspishim heard: $line\$" "$WORK/s_client.out" &&
        expect_grep "^$line\$" "$WORK/peer.out" && expect_grep "Verify return code: 0" \
        "$WORK/s_client.out" && { [ -z "$drop" ] || expect_grep "dropped as asked" "$WORK/peer.err"; }
}

check "client against s_server -dtls1_2 (RSA, cookie exchange): a line each way" client_case rsa
check "client against s_server -dtls1_2 (ECDSA): a line each way" client_case ecdsa
check "client against s_server -dtls1_2, a server datagram lost: flight sent again" \
    client_case rsa 3
check "server against s_client -dtls1_2: a line each way, close_notify ends s_client" server_case
check "server against s_client -dtls1_2, a client datagram lost: flight sent again" server_case 2
summary
