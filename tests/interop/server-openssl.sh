#!/bin/bash
# The example server (tls-server, AcceptSecurityContext) against openssl s_client and against the
# example client: TLS 1.2 and 1.3, RSA and ECDSA, 8 MiB down- and uploads, ALPN, a client
# certificate (ASC_REQ_MUTUAL_AUTH).
. "${INTEROP_LIB:-$(dirname "$0")/lib.sh}"

echo "hello from tls-server" > "$WORK/www/hello.txt"
make_big_file "$WORK/www/big.bin"
make_big_file "$WORK/upload.bin"
UPLOAD_SHA=$(sha < "$WORK/upload.bin")

# s_client ARGS...: one request from stdin, response on stdout; the server closes the connection.
s_client() {
    timeout 30 openssl s_client -connect "127.0.0.1:$PORT" -servername localhost \
        -CAfile "$CERTS/ca-rsa.pem" -verify_return_error -verify_hostname localhost -ign_eof "$@"
}

request() { # METHOD PATH [LENGTH]
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n' "$1" "$2"
    [ -n "${3:-}" ] && printf 'Content-Length: %s\r\n' "$3"
    printf '\r\n'
}

get_hello() { # PROTOCOL_FLAG PROTOCOL_NAME CIPHER_PATTERN
    request GET /hello.txt | s_client "$1" -quiet > "$WORK/resp" 2> "$WORK/s_client.err"
    cat "$WORK/resp" "$WORK/s_client.err"
    tail -c "$(wc -c < "$WORK/www/hello.txt")" "$WORK/resp" | cmp - "$WORK/www/hello.txt" &&
        expect_grep "^protocol: $2" "$SERVER_LOG" && expect_grep "cipher suite: $3" "$SERVER_LOG"
}

download_big() { # PROTOCOL_FLAG
    request GET /big.bin | s_client "$1" -quiet > "$WORK/resp" 2> /dev/null
    expect_grep "Content-Length: $BIG_SIZE" "$WORK/resp" &&
        tail -c "$BIG_SIZE" "$WORK/resp" > "$WORK/big.down" &&
        expect_same_sha "$WORK/www/big.bin" "$WORK/big.down"
}

upload_big() { # PROTOCOL_FLAG
    { request POST /upload "$BIG_SIZE" && cat "$WORK/upload.bin"; } |
        s_client "$1" -quiet > "$WORK/resp" 2> /dev/null
    cat "$WORK/resp"
    expect_grep "length $BIG_SIZE" "$WORK/resp" && expect_grep "sha256 $UPLOAD_SHA" "$WORK/resp"
}

# Each case runs against a fresh server log line set: the server prints facts per connection.
fresh_log() { : > "$SERVER_LOG"; }

start_ours rsa --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www"
RSA=$PORT RSA_LOG=$SERVER_LOG
start_ours ecdsa --pfx "$CERTS/server-ecdsa.pfx" --password "$PASSWORD" --root "$WORK/www"
ECDSA=$PORT ECDSA_LOG=$SERVER_LOG

PORT=$RSA SERVER_LOG=$RSA_LOG
fresh_log && check "s_client TLS 1.3, RSA: GET" get_hello -tls1_3 "TLS 1.3" TLS_AES_
fresh_log && check "s_client TLS 1.2, RSA: GET" get_hello -tls1_2 "TLS 1.2" TLS_ECDHE_RSA_WITH_
check "s_client TLS 1.3, RSA: 8 MiB download, sha256" download_big -tls1_3
check "s_client TLS 1.2, RSA: 8 MiB download, sha256" download_big -tls1_2
check "s_client TLS 1.3, RSA: 8 MiB upload (POST), sha256" upload_big -tls1_3
check "s_client TLS 1.2, RSA: 8 MiB upload (POST), sha256" upload_big -tls1_2
PORT=$ECDSA SERVER_LOG=$ECDSA_LOG
fresh_log && check "s_client TLS 1.3, ECDSA: GET" get_hello -tls1_3 "TLS 1.3" TLS_AES_
fresh_log && check "s_client TLS 1.2, ECDSA: GET" get_hello -tls1_2 "TLS 1.2" TLS_ECDHE_ECDSA_WITH_
check "s_client TLS 1.3, ECDSA: 8 MiB download, sha256" download_big -tls1_3
check "s_client TLS 1.2, ECDSA: 8 MiB download, sha256" download_big -tls1_2
check "s_client TLS 1.3, ECDSA: 8 MiB upload (POST), sha256" upload_big -tls1_3
check "s_client TLS 1.2, ECDSA: 8 MiB upload (POST), sha256" upload_big -tls1_2

# The example client against the example server: both sides SSPI.
ours_round_trip() { # CLIENT ARGS...
    client "$@" --get /big.bin --output "$WORK/big.down" --quiet &&
        expect_same_sha "$WORK/www/big.bin" "$WORK/big.down" &&
        client "$@" --send "$WORK/upload.bin" --get /upload --output "$WORK/resp" --quiet &&
        cat "$WORK/resp" && expect_grep "sha256 $UPLOAD_SHA" "$WORK/resp"
}
PORT=$RSA
check "tls-client TLS 1.3 <-> tls-server: 8 MiB each way" ours_round_trip --tls13
check "tls-client TLS 1.2 <-> tls-server: 8 MiB each way" ours_round_trip --tls12
PORT=$ECDSA
check "tls-client <-> tls-server, ECDSA: 8 MiB each way" ours_round_trip

start_ours alpn --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www" \
    --alpn h2,http/1.1
alpn_case() { # OFFER EXPECTED [S_CLIENT ARGS...]
    local offer=$1 expected=$2
    shift 2
    request GET /hello.txt | s_client -alpn "$offer" "$@" > "$WORK/resp" 2>&1
    cat "$WORK/resp"
    expect_grep "ALPN protocol: $expected" "$WORK/resp" && expect_grep "^alpn: $expected" "$SERVER_LOG"
}
fresh_log && check "ALPN: s_client offers h2,http/1.1: h2" alpn_case h2,http/1.1 h2
fresh_log && check "ALPN: s_client offers http/1.1, TLS 1.2: http/1.1" alpn_case http/1.1 http/1.1 -tls1_2
ours_alpn() {
    client --alpn h2 --get /hello.txt > "$WORK/resp" 2>&1
    cat "$WORK/resp"
    expect_grep "^alpn: h2" "$WORK/resp" && expect_grep "^alpn: h2" "$SERVER_LOG"
}
fresh_log && check "ALPN: tls-client offers h2: h2 on both sides" ours_alpn

start_ours mutual --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www" \
    --mutual --ca "$CERTS/ca-rsa.pem"
mutual_case() { # S_CLIENT ARGS...
    request GET /hello.txt | s_client -quiet -cert "$CERTS/client-rsa.pem" \
        -key "$CERTS/client-rsa.key" "$@" > "$WORK/resp" 2>&1
    cat "$WORK/resp" "$SERVER_LOG"
    expect_grep "hello from tls-server" "$WORK/resp" &&
        expect_grep "client certificate subject: .*CN=" "$SERVER_LOG"
}
fresh_log && check "mutual auth: s_client certificate, TLS 1.3" mutual_case -tls1_3
fresh_log && check "mutual auth: s_client certificate, TLS 1.2" mutual_case -tls1_2
ours_mutual() {
    client --pfx "$CERTS/client-rsa.pfx" --password "$PASSWORD" --get /hello.txt &&
        expect_grep "client certificate subject: .*CN=" "$SERVER_LOG"
}
fresh_log && check "mutual auth: tls-client PFX certificate" ours_mutual
no_cert() {
    client --get /hello.txt && expect_grep "client certificate: none" "$SERVER_LOG"
}
fresh_log && check "mutual auth requested, tls-client without certificate: served, none seen" no_cert

summary
