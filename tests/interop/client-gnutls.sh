#!/bin/bash
# The example client against gnutls-serv --http: TLS 1.2 and 1.3, RSA and ECDSA, ALPN; and
# against gnutls-serv --echo: 8 MiB sent and the same read back at once.
. "${INTEROP_LIB:-$(dirname "$0")/lib.sh}"

TLS12='NORMAL:-VERS-ALL:+VERS-TLS1.2'
TLS13='NORMAL:-VERS-ALL:+VERS-TLS1.3'
# Text: gnutls-serv's echo mode stops at the first NUL byte of a record.
head -c $((BIG_SIZE * 3 / 4)) /dev/urandom | base64 > "$WORK/echo.txt"

# get_page PROTOCOL_NAME CIPHER_PATTERN [CLIENT ARGS...]: the generated status page.
get_page() {
    local protocol=$1 pattern=$2
    shift 2
    client "$@" --get / --output "$WORK/page" 2> "$WORK/info" || { cat "$WORK/info"; return 1; }
    cat "$WORK/info"
    expect_grep "^protocol: $protocol" "$WORK/info" && expect_grep "cipher suite: $pattern" "$WORK/info" &&
        expect_grep "response: HTTP/1.[01] 200" "$WORK/info" && expect_grep "GnuTLS" "$WORK/page"
}

start_gnutls rsa --http --x509certfile "$CERTS/server-rsa.pem" --x509keyfile "$CERTS/server-rsa.key"
check "gnutls-serv, RSA: TLS 1.3" get_page "TLS 1.3" TLS_AES_ --tls13
check "gnutls-serv, RSA: TLS 1.2" get_page "TLS 1.2" TLS_ECDHE_RSA_WITH_ --tls12
start_gnutls ecdsa --http --x509certfile "$CERTS/server-ecdsa.pem" \
    --x509keyfile "$CERTS/server-ecdsa.key"
check "gnutls-serv, ECDSA: TLS 1.3" get_page "TLS 1.3" TLS_AES_ --tls13
check "gnutls-serv, ECDSA: TLS 1.2" get_page "TLS 1.2" TLS_ECDHE_ECDSA_WITH_ --tls12
start_gnutls only12 --http --priority "$TLS12" --x509certfile "$CERTS/server-rsa.pem" \
    --x509keyfile "$CERTS/server-rsa.key"
check "gnutls-serv limited to TLS 1.2, client default: TLS 1.2" get_page "TLS 1.2" TLS_ECDHE_RSA_WITH_
refused13() {
    local rc=0
    client --tls13 --get / > "$WORK/out" 2>&1 || rc=$?
    cat "$WORK/out"
    [ "$rc" = 1 ] && expect_grep "handshake failed: 0x" "$WORK/out"
}
check "gnutls-serv limited to TLS 1.2, client --tls13: handshake fails" refused13
start_gnutls only13 --http --priority "$TLS13" --x509certfile "$CERTS/server-ecdsa.pem" \
    --x509keyfile "$CERTS/server-ecdsa.key"
check "gnutls-serv limited to TLS 1.3, client default: TLS 1.3" get_page "TLS 1.3" TLS_AES_

# echo_back KEY PROTOCOL_NAME [CLIENT ARGS...]: echo.txt out (--raw) and the same bytes back.
echo_back() {
    local protocol=$2 info="$WORK/echo.info"
    PORT=$1
    shift 2
    client "$@" --raw --send "$WORK/echo.txt" --receive "$(wc -c < "$WORK/echo.txt")" \
        --output "$WORK/echo.back" 2> "$info" || { cat "$info"; return 1; }
    cat "$info"
    expect_grep "^protocol: $protocol" "$info" && expect_same_sha "$WORK/echo.txt" "$WORK/echo.back"
}
start_gnutls echo-rsa --echo --crlf --x509certfile "$CERTS/server-rsa.pem" \
    --x509keyfile "$CERTS/server-rsa.key"
RSA=$PORT
check "gnutls-serv listens on 127.0.0.1 and ::1 only" loopback_only "$RSA"
start_gnutls echo-ecdsa --echo --crlf --x509certfile "$CERTS/server-ecdsa.pem" \
    --x509keyfile "$CERTS/server-ecdsa.key"
ECDSA=$PORT
check "gnutls-serv --echo, RSA, TLS 1.3: 8 MiB out and back, sha256" \
    echo_back "$RSA" "TLS 1.3" --tls13
check "gnutls-serv --echo, RSA, TLS 1.2: 8 MiB out and back, sha256" \
    echo_back "$RSA" "TLS 1.2" --tls12
check "gnutls-serv --echo, ECDSA, TLS 1.3: 8 MiB out and back, sha256" \
    echo_back "$ECDSA" "TLS 1.3" --tls13
check "gnutls-serv --echo, ECDSA, TLS 1.2: 8 MiB out and back, sha256" \
    echo_back "$ECDSA" "TLS 1.2" --tls12

start_gnutls alpn --http --alpn h2 --alpn http/1.1 --x509certfile "$CERTS/server-rsa.pem" \
    --x509keyfile "$CERTS/server-rsa.key"
check "gnutls-serv ALPN: client offers http/1.1" get_page "TLS 1.3" TLS_ --alpn http/1.1
alpn_seen() { expect_grep "^alpn: http/1.1" "$WORK/info"; }
check "gnutls-serv ALPN: http/1.1 negotiated" alpn_seen

summary
