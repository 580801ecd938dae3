#!/bin/bash
# curl.exe (Debian's curl, Schannel backend, tools/build-curl-mingw.sh) under Wine against local
# HTTPS servers (https-server.py: Python's ssl, i.e. OpenSSL), each case run twice: with
# sspishim's secur32.dll beside curl.exe (gating) and with Wine's builtin secur32 (reported, not
# gating). Per-case logs and one "curl case:" line each go to WINETEST_RESULTS/{ours,builtin}/,
# the case names to WINETEST_RESULTS/curl-cases.list, for tools/side-by-side.sh.
# Environment (from winetest/Makefile.am): WINE, SECUR32_DLL, WINETEST_RESULTS, SSPISHIM_CERTS,
# CURL_EXE, WINE_ADD_ROOT, CURL_WINEPREFIX, INTEROP_LIB.
. "${INTEROP_LIB:?}"
: "${WINE:?}" "${SECUR32_DLL:?}" "${WINETEST_RESULTS:?}" "${CURL_WINEPREFIX:?}" "${WINE_ADD_ROOT:?}"
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
results=$WINETEST_RESULTS
if [ ! -x "${CURL_EXE:-}" ]; then
    echo "# no curl.exe at '${CURL_EXE:-}': run tools/build-curl-mingw.sh first; skipped"
    exit 77
fi
[ -x "$python" ] || { echo "# $python is missing: skipped"; exit 77; }
BIG_SIZE=$((4 * 1024 * 1024)) # multi-megabyte, yet quick under Wine on a busy machine

export WINEPREFIX=$CURL_WINEPREFIX WINEDEBUG=-all
unset DISPLAY
wineserver=${WINESERVER:-$(dirname "$WINE")/wineserver}
stop_all() {
    "$wineserver" -k 2> /dev/null
    stop_peers
}
trap stop_all EXIT

# The prefix of the curl cases is their own: the test root goes into its ROOT store, for
# automatic validation. A Wine 8.0 prefix says Windows 7; curl uses SCH_CREDENTIALS from Windows
# 10 build 17763 on and enables TLS 1.3 from build 20348 on, so the prefix says Windows 10.0
# build 22000 (Windows 11), except for curl-win7.exe, which keeps curl's SCHANNEL_CRED path.
WINE="$WINE" "$here/../../tools/wine-prefix.sh" || exit 1
"$wineserver" -p 30
reg_add() {
    WINEDLLOVERRIDES="mscoree,mshtml=" timeout 60 "$WINE" reg add "$@" /f > /dev/null 2>&1
}
version_key='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
reg_add "$version_key" /v CurrentVersion /d 10.0 &&
    reg_add "$version_key" /v CurrentBuildNumber /d 22000 &&
    reg_add 'HKCU\Software\Wine\AppDefaults\curl-win7.exe' /v Version /d win7 ||
    { echo "# could not set the prefix's Windows version"; exit 1; }
cp -f "$WINE_ADD_ROOT" "$WORK/wine-add-root.exe"
if ! timeout 60 "$WINE" "$WORK/wine-add-root.exe" "$CERTS/ca-rsa.pem" > "$WORK/add-root.log" 2>&1; then
    echo "# wine-add-root.exe failed:" && sed 's/^/#   /' "$WORK/add-root.log"
    exit 1
fi

for mode in ours builtin; do
    mkdir -p "$results/$mode" "$WORK/$mode"
    cp -f "$CURL_EXE" "$WORK/$mode/curl.exe"
    cp -f "$CURL_EXE" "$WORK/$mode/curl-win7.exe"
done
cp -f "$SECUR32_DLL" "$WORK/ours/secur32.dll"
: > "$results/curl-cases.list"

# start_https NAME CERT [SERVER ARGS...]: https-server.py with CERT.pem/CERT-chain.pem, files in
# $WORK/www; sets PORT and the server's log file SERVER_LOG_NAME.
start_https() {
    local name=$1 cert=$2
    shift 2
    timeout 1800 "$python" "$here/https-server.py" --cert "$CERTS/$cert-chain.pem" \
        --key "$CERTS/$cert.key" --root "$WORK/www" --lifetime 1790 "$@" \
        > "$WORK/$name.out" 2> "$WORK/$name.err" &
    pids+=($!)
    if ! wait_for $! grep -q '^listening on' "$WORK/$name.out"; then
        echo "# https-server.py ($name) did not start:" && sed 's/^/#   /' "$WORK/$name.err"
        exit 1
    fi
    PORT=$(sed -n 's/^listening on 127.0.0.1://p' "$WORK/$name.out")
}

# curl_exe ARGS...: curl.exe (or $CURL_NAME) of the current mode (ours: sspishim's DLL beside it
# and preferred; builtin: Wine's), bounded in time, run in $WORK/$mode.
curl_exe() {
    local override=b
    [ "$mode" = ours ] && override=n
    (cd "$WORK/$mode" && WINEDLLOVERRIDES="secur32=$override;mscoree,mshtml=" \
        timeout 200 "$WINE" "./${CURL_NAME:-curl.exe}" --max-time 180 --no-progress-meter "$@")
}

# url SERVER PATH: https://localhost:PORT/PATH of a server started by start_https.
url() {
    echo "https://localhost:$(sed -n 's/^listening on 127.0.0.1://p' "$WORK/$1.out")/$2"
}

# server_lines SERVER FROM: the server's log from line FROM on (what the current case caused).
server_lines() {
    tail -n "+$2" "$WORK/$1.err"
}
mark() { # SERVER: the next line number of its log
    echo $(($(wc -l < "$WORK/$1.err") + 1))
}

# get_ok SERVER PATTERN CURL_ARGS...: GET /hello.txt succeeds, body intact, and the server's log
# for the connection matches PATTERN (e.g. its TLS version).
get_ok() {
    local server=$1 pattern=$2 from
    shift 2
    from=$(mark "$server")
    curl_exe -o hello.out --ssl-no-revoke "$@" "$(url "$server" hello.txt)" || return 1
    cmp hello.out "$WORK/www/hello.txt" || return 1
    server_lines "$server" "$from" > server.log
    expect_grep "$pattern" server.log ||
        { echo "reason: server saw $(grep -o -m1 'TLSv1\.[0-9]' server.log)" && return 1; }
}

# refused STATUS_TEXT CURL_ARGS...: curl fails and names the Windows status in its message.
refused() {
    local expected=$1 rc=0
    shift
    curl_exe -o refused.out "$@" > refused.log 2>&1 || rc=$?
    cat refused.log
    [ "$rc" != 0 ] || { echo "reason: connected, no refusal"; return 1; }
    expect_grep "$expected" refused.log
}

# Cases -------------------------------------------------------------------------------------

case_dll() { # which secur32 Wine maps into curl.exe
    local want=native rc=0
    [ "$mode" = builtin ] && want=builtin
    WINEDEBUG=+loaddll curl_exe -o hello.out --ssl-no-revoke "$(url rsa hello.txt)" \
        > loaddll.log 2>&1 || rc=$?
    grep -i 'secur32' loaddll.log
    [ "$rc" = 0 ] && grep -i 'secur32.dll' loaddll.log | grep -q ": $want"
}

case_download() { # BIG_SIZE bytes, sha256
    curl_exe --ssl-no-revoke -o big.down "$(url rsa big.bin)" &&
        expect_same_sha "$WORK/www/big.bin" big.down
}

case_put() { # BIG_SIZE bytes PUT: the stored file and the server's digest match
    local name="put-$mode.bin"
    rm -f "$WORK/www/$name"
    curl_exe --ssl-no-revoke -T "Z:$WORK/www/big.bin" -o put.reply "$(url rsa "$name")" &&
        cat put.reply && expect_same_sha "$WORK/www/big.bin" "$WORK/www/$name" &&
        expect_grep "sha256 $(sha < "$WORK/www/big.bin")" put.reply
}

case_post() { # BIG_SIZE bytes POST: the server's digest of the body matches
    curl_exe --ssl-no-revoke --data-binary "@Z:$WORK/www/big.bin" -o post.reply \
        "$(url rsa post)" && cat post.reply &&
        expect_grep "length $BIG_SIZE" post.reply &&
        expect_grep "sha256 $(sha < "$WORK/www/big.bin")" post.reply
}

case_keepalive() { # three requests, one connection
    local from
    from=$(mark rsa)
    curl_exe -v --ssl-no-revoke -o k1.out "$(url rsa hello.txt)" -o k2.out "$(url rsa big.bin)" \
        -o k3.out "$(url rsa hello.txt)" 2> keepalive.log || { cat keepalive.log; return 1; }
    grep -E 'Re-using|Connected to|left intact' keepalive.log
    server_lines rsa "$from"
    [ "$(grep -c 'Re-using existing connection' keepalive.log)" = 2 ] &&
        [ "$(server_lines rsa "$from" | grep -c '^connection ')" = 1 ] &&
        [ "$(server_lines rsa "$from" | grep -c '^GET ')" = 3 ] &&
        expect_same_sha "$WORK/www/big.bin" k2.out && cmp k3.out "$WORK/www/hello.txt"
}

case_alpn() { # curl 7.88 offers no ALPN under Wine (it looks for ntdll's wine_get_version)
    local from
    from=$(mark rsa)
    curl_exe -v --ssl-no-revoke -o hello.out "$(url rsa hello.txt)" 2> alpn.log ||
        { cat alpn.log; return 1; }
    grep -i 'alpn' alpn.log
    server_lines rsa "$from"
    ! grep -q 'ALPN: offers' alpn.log && server_lines rsa "$from" | grep -q 'alpn None'
}

case_win7() { # curl's SCHANNEL_CRED path: TLS 1.2 at most, although the server offers 1.3
    CURL_NAME=curl-win7.exe get_ok rsa 'TLSv1.2,'
}

case_client_cert() { # VERSION ARGS...: a PFX client certificate the server requires
    local version=$1
    shift
    get_ok mutual "$version, .*client certificate .*commonName=sspishim test client" \
        --cert "Z:$CERTS/client-rsa.pfx" --cert-type P12 --pass "$PASSWORD" "$@"
}

# failure_reason LOG: what the table shows for a failed case: curl's exit code and the Windows
# status it names (e.g. "(35) SEC_E_ILLEGAL_MESSAGE"), or the case's own "reason:" line.
failure_reason() {
    local last status
    last=$(grep -a -E '^curl: \([0-9]+\)|^reason: ' "$1" | tail -n 1)
    case $last in
    reason:*) echo "${last#reason: }" | cut -c1-34 ;;
    curl:*)
        status=$(grep -o -E '(SEC_[EI]|CRYPT_E|CERT_E)_[A-Z_]+|0x[0-9A-Fa-f]{8}' <<< "$last" | head -n 1)
        echo "$(grep -o -E '^curl: \([0-9]+\)' <<< "$last" | cut -c7-) $status" | cut -c1-34
        ;;
    esac
}

# curl_case [--known-bug WHY] NAME FUNCTION [ARGS...]: FUNCTION once per mode (in a subshell, in
# $WORK/$mode); the row "curl NAME" of the table. Only the result with sspishim's DLL counts; a
# known bug of ours is reported as todo, and fails the run once it passes (drop the marker then).
curl_case() {
    local bug="" name rc line ours_rc=0 builtin_line
    if [ "$1" = --known-bug ]; then bug=$2 && shift 2; fi
    name=$1
    shift
    echo "curl $name" >> "$results/curl-cases.list"
    for mode in ours builtin; do
        local log="$results/$mode/curl $name.log"
        (cd "$WORK/$mode" && "$@") > "$log" 2>&1
        rc=$?
        if [ "$rc" = 0 ]; then
            line="passed"
        else
            line=$(failure_reason "$log")
            line="failed${line:+: $line}"
        fi
        if [ "$mode" = ours ] && [ -n "$bug" ]; then
            echo "known bug: $bug" >> "$log"
            if [ "$rc" = 0 ]; then
                line="passed, but marked as a known bug"
                rc=1
            else
                line="todo, $line"
                todo=$((todo + 1))
                rc=0
            fi
        fi
        echo "curl case: $line" >> "$log"
        if [ "$mode" = ours ]; then ours_rc=$rc; else builtin_line=$line; fi
    done
    result "$ours_rc" "curl $name${bug:+ # TODO $bug} (Wine builtin: $builtin_line)" \
        "$results/ours/curl $name.log"
    [ "$builtin_line" = passed ] && builtin_passed=$((builtin_passed + 1))
}
todo=0
builtin_passed=0

# Servers -------------------------------------------------------------------------------------
mkdir -p "$WORK/www"
echo "hello from https-server.py" > "$WORK/www/hello.txt"
make_big_file "$WORK/www/big.bin"
start_https rsa server-rsa --alpn h2,http/1.1
start_https ecdsa server-ecdsa
start_https mutual server-rsa --client-ca "$CERTS/ca-rsa.pem" --sha1-client-signatures
start_https untrusted untrusted
start_https wrong-host wrong-host
start_https expired expired

# Cases (automatic validation through the prefix's ROOT store unless --cacert) ----------------
curl_case "loads our DLL" case_dll
curl_case "TLS 1.2, RSA" get_ok rsa 'TLSv1.2,' --tlsv1.2 --tls-max 1.2
curl_case "TLS 1.3, RSA" get_ok rsa 'TLSv1.3,' --tlsv1.3
curl_case "TLS 1.2, ECDSA" get_ok ecdsa 'TLSv1.2,' --tlsv1.2 --tls-max 1.2
curl_case "TLS 1.3, ECDSA" get_ok ecdsa 'TLSv1.3,' --tlsv1.3
curl_case "default: TLS 1.3" get_ok rsa 'TLSv1.3,'
curl_case "Windows 7 cred" case_win7
curl_case "4 MiB download" case_download
curl_case "4 MiB PUT" case_put
curl_case "4 MiB POST" case_post
curl_case "keep-alive x3" case_keepalive
curl_case "ALPN not offered" case_alpn
# curl imports the PFX with PKCS12_NO_PERSIST_KEY; Wine 8's crypt32 keeps such a key, not
# exportable, in the Enhanced CryptoAPI provider, which signs PKCS#1 v1.5 with SHA-1 at best:
# TLS 1.2 works (the server accepts SHA-1 client signatures, as Windows servers do), TLS 1.3
# needs RSA-PSS, which that provider cannot make (Windows keeps such keys in CNG, which can).
curl_case "client cert 1.2" case_client_cert TLSv1.2 --tlsv1.2 --tls-max 1.2
curl_case "client cert" case_client_cert TLSv1.2
pss_limit="Wine 8 keeps a PKCS12_NO_PERSIST_KEY key in a CryptoAPI provider without RSA-PSS"
curl_case --known-bug "$pss_limit" "client cert 1.3" case_client_cert TLSv1.3 --tlsv1.3
curl_case "--cacert" get_ok untrusted 'TLSv1.3,' --cacert "Z:$CERTS/other-ca.pem"
curl_case "--cacert wrong CA" refused 'curl: (60)' --ssl-no-revoke --cacert "Z:$CERTS/ca-rsa.pem" \
    "$(url untrusted hello.txt)"
curl_case "untrusted root" refused 'SEC_E_UNTRUSTED_ROOT (0x80090325)' --ssl-no-revoke \
    "$(url untrusted hello.txt)"
curl_case "wrong host" refused 'SEC_E_WRONG_PRINCIPAL (0x80090322)' --ssl-no-revoke \
    "$(url wrong-host hello.txt)"
curl_case "expired" refused 'SEC_E_CERT_EXPIRED (0x80090328)' --ssl-no-revoke \
    "$(url expired hello.txt)"
curl_case "no revocation" refused '(0x8009201[23])' \
    "$(url rsa hello.txt)"

echo "curl: $count tests executed ($todo marked as todo, $failed failures), 0 skipped."
echo "curl with Wine's builtin secur32 (not gating): $builtin_passed of $count passed"
[ "$failed" = 0 ]
