#!/bin/bash
# The example server against gnutls-cli: TLS 1.2 and 1.3, RSA and ECDSA, 2 MiB downloads and
# 8 MiB uploads, ALPN, a client certificate.
. "${INTEROP_LIB:-$(dirname "$0")/lib.sh}"

echo "hello from tls-server" > "$WORK/www/hello.txt"
# gnutls-cli writes what it receives one byte per write(2): 8 MiB would take it seconds.
DOWNLOAD_SIZE=$((2 * 1024 * 1024))
make_big_file "$WORK/www/big.bin" "$DOWNLOAD_SIZE"
make_big_file "$WORK/upload.bin"
UPLOAD_SHA=$(sha < "$WORK/upload.bin")
TLS12='NORMAL:-VERS-ALL:+VERS-TLS1.2'
TLS13='NORMAL:-VERS-ALL:+VERS-TLS1.3'

# cli PRIORITY ARGS...: one request from stdin; gnutls-cli leaves when the server closes. Its
# own messages go to cli.log, so stdout is the response alone.
cli() {
    local priority=$1
    shift
    timeout 30 gnutls-cli --port "$PORT" --x509cafile "$CERTS/ca-rsa.pem" --priority "$priority" \
        --logfile "$WORK/cli.log" "$@" localhost
}

request() { # METHOD PATH [LENGTH]
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n' "$1" "$2"
    [ -n "${3:-}" ] && printf 'Content-Length: %s\r\n' "$3"
    printf '\r\n'
}

get_hello() { # PRIORITY PROTOCOL_NAME CIPHER_PATTERN
    : > "$SERVER_LOG"
    request GET /hello.txt | cli "$1" > "$WORK/resp" 2> "$WORK/cli.err"
    cat "$WORK/resp" "$WORK/cli.err"
    expect_grep "hello from tls-server" "$WORK/resp" && expect_grep "^protocol: $2" "$SERVER_LOG" &&
        expect_grep "cipher suite: $3" "$SERVER_LOG"
}

download_big() { # PRIORITY
    request GET /big.bin | cli "$1" > "$WORK/resp" 2> /dev/null
    expect_grep "Content-Length: $DOWNLOAD_SIZE" "$WORK/resp" &&
        tail -c "$DOWNLOAD_SIZE" "$WORK/resp" > "$WORK/big.down" &&
        expect_same_sha "$WORK/www/big.bin" "$WORK/big.down"
}

upload_big() { # PRIORITY
    { request POST /upload "$BIG_SIZE" && cat "$WORK/upload.bin"; } | cli "$1" > "$WORK/resp" 2>&1
    tail -n 5 "$WORK/resp"
    expect_grep "length $BIG_SIZE" "$WORK/resp" && expect_grep "sha256 $UPLOAD_SHA" "$WORK/resp"
}

start_ours rsa --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www"
check "gnutls-cli TLS 1.3, RSA: GET" get_hello "$TLS13" "TLS 1.3" TLS_AES_
check "gnutls-cli TLS 1.2, RSA: GET" get_hello "$TLS12" "TLS 1.2" TLS_ECDHE_RSA_WITH_
check "gnutls-cli TLS 1.3, RSA: 2 MiB download, sha256" download_big "$TLS13"
check "gnutls-cli TLS 1.2, RSA: 2 MiB download, sha256" download_big "$TLS12"
check "gnutls-cli TLS 1.3, RSA: 8 MiB upload (POST), sha256" upload_big "$TLS13"
check "gnutls-cli TLS 1.2, RSA: 8 MiB upload (POST), sha256" upload_big "$TLS12"
start_ours ecdsa --pfx "$CERTS/server-ecdsa.pfx" --password "$PASSWORD" --root "$WORK/www"
check "gnutls-cli TLS 1.3, ECDSA: GET" get_hello "$TLS13" "TLS 1.3" TLS_AES_
check "gnutls-cli TLS 1.2, ECDSA: GET" get_hello "$TLS12" "TLS 1.2" TLS_ECDHE_ECDSA_WITH_
check "gnutls-cli TLS 1.3, ECDSA: 2 MiB download, sha256" download_big "$TLS13"
check "gnutls-cli TLS 1.2, ECDSA: 2 MiB download, sha256" download_big "$TLS12"
check "gnutls-cli TLS 1.3, ECDSA: 8 MiB upload (POST), sha256" upload_big "$TLS13"
check "gnutls-cli TLS 1.2, ECDSA: 8 MiB upload (POST), sha256" upload_big "$TLS12"

start_ours alpn --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www" \
    --alpn h2,http/1.1
alpn_case() { # PRIORITY OFFER EXPECTED
    : > "$SERVER_LOG"
    request GET /hello.txt | cli "$1" --alpn "$2" > "$WORK/resp" 2>&1
    cat "$WORK/resp"
    expect_grep "hello from tls-server" "$WORK/resp" && expect_grep "^alpn: $3" "$SERVER_LOG"
}
check "gnutls-cli ALPN h2, TLS 1.3" alpn_case "$TLS13" h2 h2
check "gnutls-cli ALPN http/1.1, TLS 1.2" alpn_case "$TLS12" http/1.1 http/1.1

start_ours mutual --pfx "$CERTS/server-rsa.pfx" --password "$PASSWORD" --root "$WORK/www" \
    --mutual --ca "$CERTS/ca-rsa.pem"
mutual_case() { # PRIORITY
    : > "$SERVER_LOG"
    request GET /hello.txt | cli "$1" --x509certfile "$CERTS/client-rsa.pem" \
        --x509keyfile "$CERTS/client-rsa.key" > "$WORK/resp" 2>&1
    cat "$WORK/resp" "$SERVER_LOG"
    expect_grep "hello from tls-server" "$WORK/resp" &&
        expect_grep "client certificate subject: .*CN=" "$SERVER_LOG"
}
check "mutual auth: gnutls-cli certificate, TLS 1.3" mutual_case "$TLS13"
check "mutual auth: gnutls-cli certificate, TLS 1.2" mutual_case "$TLS12"

summary
