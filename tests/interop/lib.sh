# Shared by the interop scripts: case counting, work directory, peers started in the background
# and always stopped (trap), free ports on 127.0.0.1. Sourced by bash.
# Environment (from Makefile.am): TLS_CLIENT, TLS_SERVER, SSPISHIM_CERTS, LOOPBACK_BIND.
set -u

CERTS=${SSPISHIM_CERTS:?SSPISHIM_CERTS is not set}
PASSWORD=sspishim
BIG_SIZE=$((8 * 1024 * 1024))
passed=0
failed=0
count=0
pids=()
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sspishim-interop.XXXXXX")
mkdir -p "$WORK/www"

stop_peers() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap stop_peers EXIT
trap 'exit 1' INT TERM HUP

for tool in openssl gnutls-serv gnutls-cli sha256sum timeout; do
    if ! command -v "$tool" > /dev/null; then
        echo "# $tool is missing: skipped"
        exit 77
    fi
done

# result STATUS NAME [LOG]: one "ok N - NAME" / "not ok N - NAME" line (the log follows a failure).
result() {
    count=$((count + 1))
    if [ "$1" = 0 ]; then
        passed=$((passed + 1))
        echo "ok $count - $2"
    else
        failed=$((failed + 1))
        echo "not ok $count - $2"
        if [ -n "${3:-}" ] && [ -s "$3" ]; then
            tail -n 25 "$3" | sed 's/^/#   /'
        fi
    fi
}

# check NAME COMMAND...: a case passes when COMMAND succeeds; its output is kept for the report.
check() {
    local name=$1 log="$WORK/case-$((count + 1)).log"
    shift
    if "$@" > "$log" 2>&1; then
        result 0 "$name"
    else
        result 1 "$name" "$log"
    fi
}

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

sha() {
    sha256sum | cut -d' ' -f1
}

make_big_file() { # PATH [SIZE]: SIZE (default BIG_SIZE) random bytes
    head -c "${2:-$BIG_SIZE}" /dev/urandom > "$1"
}

port_in_use() {
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# port_listening PORT: a TCP socket listens on PORT, seen in /proc/net/tcp without connecting
# (a probe connection would use up a server that accepts one connection).
port_listening() {
    awk -v port="$(printf ':%04X' "$1")" \
        '$4 == "0A" && substr($2, length($2) - 4) == port { found = 1 } END { exit !found }' \
        /proc/net/tcp
}

# loopback_only PORT: nothing listens on PORT at the wildcard address (0.0.0.0 or ::).
loopback_only() {
    local port
    port=$(printf '%04X' "$1")
    if grep -qE "^ *[0-9]+: 0+:$port [0-9A-F:]+ 0A " /proc/net/tcp /proc/net/tcp6; then
        echo "port $1 is open on every address:"
        grep -E ":$port " /proc/net/tcp /proc/net/tcp6
        return 1
    fi
}

# wait_exit PID: waits up to 10 s for PID to end.
wait_exit() {
    local i
    for i in $(seq 100); do
        kill -0 "$1" 2> /dev/null || return 0
        sleep 0.1
    done
    echo "process $1 still runs"
    return 1
}

# wait_for PID CONDITION...: polls CONDITION for up to 10 s while PID lives.
wait_for() {
    local pid=$1 i
    shift
    for i in $(seq 100); do
        if "$@"; then
            return 0
        fi
        kill -0 "$pid" 2> /dev/null || return 1
        sleep 0.1
    done
    return 1
}

# start_openssl NAME S_SERVER_ARGS...: openssl s_server on a free port, files served from
# $WORK/www; sets PORT. The server stops by itself after 90 s at most.
start_openssl() {
    local name=$1 log="$WORK/$1.log"
    shift
    (cd "$WORK/www" && exec timeout 90 openssl s_server -accept 127.0.0.1:0 "$@") > "$log" 2>&1 &
    pids+=($!)
    if ! wait_for $! grep -q '^ACCEPT' "$log"; then
        echo "# openssl s_server ($name) did not start:" && sed 's/^/#   /' "$log"
        PORT=0
        return 1
    fi
    PORT=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$log" | head -n1)
}

# start_on_free_port NAME COMMAND...: COMMAND in the background, every @PORT@ in its arguments
# replaced by a random port (for servers that cannot report port 0), retried on another port
# when the chosen one was taken; ready once the port listens. Stdin from $PEER_INPUT (default
# /dev/null), stdout in $WORK/NAME.out, stderr in $WORK/NAME.log; it stops by itself after 90 s
# at most. Sets PORT and PEER_PID.
start_on_free_port() {
    local name=$1 attempt
    shift
    for attempt in 1 2 3 4 5; do
        PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        port_in_use "$PORT" && continue
        timeout 90 "${@//@PORT@/$PORT}" < "${PEER_INPUT:-/dev/null}" > "$WORK/$name.out" \
            2> "$WORK/$name.log" &
        PEER_PID=$!
        pids+=($PEER_PID)
        if wait_for $PEER_PID port_listening "$PORT" && kill -0 $PEER_PID 2> /dev/null; then
            return 0
        fi
    done
    echo "# $1 ($name) did not start:" && cat "$WORK/$name.out" "$WORK/$name.log" | sed 's/^/#   /'
    PORT=0
    return 1
}

# start_gnutls NAME GNUTLS_SERV_ARGS...: gnutls-serv on a free port of 127.0.0.1 and ::1 (it
# listens on every address unless $LOOPBACK_BIND is preloaded); sets PORT.
start_gnutls() {
    local name=$1 preload=()
    shift
    [ -n "${LOOPBACK_BIND:-}" ] && preload=(env LD_PRELOAD="$LOOPBACK_BIND")
    start_on_free_port "$name" "${preload[@]}" gnutls-serv -p @PORT@ "$@"
}

# start_openssl_stream NAME INPUT S_SERVER_ARGS...: openssl s_server in plain mode for one
# connection: it sends the file INPUT to the client, and what the client sends lands in
# $WORK/NAME.out (-quiet keeps everything else out). The input comes through a FIFO this shell
# also holds open, so s_server never reads an end of input, which would end the connection
# before the client's data is in. Sets PORT and PEER_PID.
start_openssl_stream() {
    local name=$1 input=$2 fifo="$WORK/$1.in" fd
    shift 2
    mkfifo "$fifo"
    exec {fd}<> "$fifo" # never closed: the FIFO always has a writer
    cat "$input" > "$fifo" &
    pids+=($!)
    PEER_INPUT=$fifo start_on_free_port "$name" openssl s_server -accept 127.0.0.1:@PORT@ \
        -naccept 1 -quiet "$@"
}

# start_ours NAME TLS_SERVER_ARGS...: the example server on a free port; sets PORT and
# SERVER_LOG (its stderr: per-connection facts).
start_ours() {
    local name=$1
    shift
    SERVER_LOG="$WORK/$name.err"
    timeout 90 "$TLS_SERVER" --port 0 --timeout 20 "$@" > "$WORK/$name.out" 2> "$SERVER_LOG" &
    pids+=($!)
    if ! wait_for $! grep -q '^listening on' "$WORK/$name.out"; then
        echo "# tls-server ($name) did not start:" && sed 's/^/#   /' "$SERVER_LOG"
        PORT=0
        return 1
    fi
    PORT=$(sed -n 's/^listening on 127.0.0.1://p' "$WORK/$name.out")
}

# client ARGS...: the example client against localhost:$PORT, trusting the test root.
client() {
    timeout 30 "$TLS_CLIENT" --host localhost --port "$PORT" --ca "$CERTS/ca-rsa.pem" "$@"
}

# expect_grep PATTERN FILE: like grep -q, but shows the file when the pattern is missing.
expect_grep() {
    if ! grep -q -- "$1" "$2"; then
        echo "expected '$1' in:"
        cat "$2"
        return 1
    fi
}

# expect_same_sha FILE_A FILE_B
expect_same_sha() {
    local a b
    a=$(sha < "$1")
    b=$(sha < "$2")
    echo "sha256 $a $1"
    echo "sha256 $b $2"
    [ "$a" = "$b" ]
}
