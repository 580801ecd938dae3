#!/bin/bash
# The example client (tls-client, SSPI only) against openssl s_server: TLS 1.2 and 1.3, RSA and
# ECDSA, 8 MiB each way at once, automatic validation failures, manual validation, ALPN, a client
# certificate.
. "${INTEROP_LIB:-$(dirname "$0")/lib.sh}"

echo "hello from openssl s_server" > "$WORK/www/hello.txt"
make_big_file "$WORK/www/big.bin"
make_big_file "$WORK/upload.bin"

# get_hello NAME EXPECTED_PROTOCOL PATTERN [CLIENT ARGS...]: GET /hello.txt, compare.
get_hello() {
    local out="$WORK/$1.body" info="$WORK/$1.info" protocol=$2 pattern=$3
    shift 3
    client "$@" --get /hello.txt --output "$out" 2> "$info" || { cat "$info"; return 1; }
    cat "$info"
    cmp "$out" "$WORK/www/hello.txt" && expect_grep "protocol: $protocol" "$info" &&
        expect_grep "$pattern" "$info" && expect_grep "validation: verified" "$info"
}

# fails_with STATUS_NAME CLIENT ARGS...: the client must exit 1 naming the status.
fails_with() {
    local status=$1 out="$WORK/fail.out" rc=0
    shift
    client "$@" --get /hello.txt > "$out" 2>&1 || rc=$?
    cat "$out"
    [ "$rc" = 1 ] && expect_grep "handshake failed: 0x[0-9a-f]* ($status)" "$out"
}

# both_ways KEY PROTOCOL_NAME [CLIENT ARGS...]: s_server (plain mode, one connection) sends
# big.bin while the client sends upload.bin (--raw); each side's bytes match what the other sent.
both_ways() {
    local name="stream-$1-${2// /}" protocol=$2 info="$WORK/stream.info"
    start_openssl_stream "$name" "$WORK/www/big.bin" -cert "$CERTS/server-$1.pem" \
        -key "$CERTS/server-$1.key" || return 1
    shift 2
    client "$@" --raw --send "$WORK/upload.bin" --receive "$BIG_SIZE" --output "$WORK/big.down" \
        2> "$info" || { cat "$info" "$WORK/$name.log"; return 1; }
    cat "$info"
    expect_grep "protocol: $protocol" "$info" &&
        expect_same_sha "$WORK/www/big.bin" "$WORK/big.down" && wait_exit "$PEER_PID" &&
        expect_same_sha "$WORK/upload.bin" "$WORK/$name.out"
}

start_openssl rsa -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" -WWW
RSA=$PORT
start_openssl ecdsa -cert "$CERTS/server-ecdsa.pem" -key "$CERTS/server-ecdsa.key" -WWW
ECDSA=$PORT

PORT=$RSA
check "TLS 1.3, RSA: GET" get_hello rsa13 "TLS 1.3" "cipher suite: TLS_AES_" --tls13
check "TLS 1.2, RSA: GET" get_hello rsa12 "TLS 1.2" "cipher suite: TLS_ECDHE_RSA_WITH_" --tls12
PORT=$ECDSA
check "TLS 1.3, ECDSA: GET" get_hello ec13 "TLS 1.3" "cipher suite: TLS_AES_" --tls13
check "TLS 1.2, ECDSA: GET" get_hello ec12 "TLS 1.2" "cipher suite: TLS_ECDHE_ECDSA_WITH_" --tls12
check "default protocols, ECDSA: TLS 1.3 chosen" get_hello ec "TLS 1.3" "server certificate subject: .*CN=localhost"
check "TLS 1.3, RSA: 8 MiB each way at once, sha256" both_ways rsa "TLS 1.3" --tls13
check "TLS 1.2, RSA: 8 MiB each way at once, sha256" both_ways rsa "TLS 1.2" --tls12
check "TLS 1.3, ECDSA: 8 MiB each way at once, sha256" both_ways ecdsa "TLS 1.3" --tls13
check "TLS 1.2, ECDSA: 8 MiB each way at once, sha256" both_ways ecdsa "TLS 1.2" --tls12

start_openssl expired -cert "$CERTS/expired.pem" -key "$CERTS/expired.key" -WWW
check "expired certificate: SEC_E_CERT_EXPIRED" fails_with SEC_E_CERT_EXPIRED
start_openssl wrong-host -cert "$CERTS/wrong-host.pem" -key "$CERTS/wrong-host.key" -WWW
check "wrong host name: SEC_E_WRONG_PRINCIPAL" fails_with SEC_E_WRONG_PRINCIPAL
check "wrong host name, TLS 1.2: SEC_E_WRONG_PRINCIPAL" fails_with SEC_E_WRONG_PRINCIPAL --tls12
check "wrong host name with --no-name-check: accepted" client --no-name-check --get /hello.txt
start_openssl untrusted -cert "$CERTS/untrusted.pem" -key "$CERTS/untrusted.key" -WWW
check "untrusted root: SEC_E_UNTRUSTED_ROOT" fails_with SEC_E_UNTRUSTED_ROOT
check "untrusted root with --manual: handshake succeeds" client --manual --get /hello.txt

start_openssl alpn -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" -WWW \
    -alpn h2,http/1.1
check "ALPN h2,http/1.1 offered: h2" get_hello alpn1 "TLS 1.3" "alpn: h2" --alpn h2,http/1.1
check "ALPN http/1.1 offered, TLS 1.2: http/1.1" get_hello alpn2 "TLS 1.2" "alpn: http/1.1" \
    --alpn http/1.1 --tls12
check "no ALPN offered: none" get_hello alpn3 "TLS 1.3" "alpn: (none)"

start_openssl mutual -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" -WWW \
    -Verify 1 -CAfile "$CERTS/ca-rsa.pem" -verify_return_error
check "client certificate (PFX), TLS 1.3" get_hello mut13 "TLS 1.3" "alpn" --tls13 \
    --pfx "$CERTS/client-rsa.pfx" --password "$PASSWORD"
check "client certificate (PFX), TLS 1.2" get_hello mut12 "TLS 1.2" "alpn" --tls12 \
    --pfx "$CERTS/client-rsa.pfx" --password "$PASSWORD"

summary
