#!/usr/bin/env bash
# The demo: sets up a fresh machine, builds sspishim's secur32.dll and the example programs with
# MinGW, then runs unmodified Windows programs under Wine with that DLL:
#   1. tls-server.exe serves HTTPS on 127.0.0.1 (a free port) with a certificate for localhost;
#      tls-client.exe connects with automatic validation (the test CA is in the prefix's ROOT
#      store) and prints protocol, cipher suite, the server's certificate and the response.
#   2. the server presents a certificate for another host: the client refuses it with
#      SEC_E_WRONG_PRINCIPAL; the same client with Wine's builtin secur32 is shown beside it.
# Everything runs in build/mingw (SSPISHIM_DEMO_BUILD overrides it) and a private Wine prefix;
# every program has a time limit and the servers are stopped at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/tools/install-packages.sh"
"$top/tools/build-openssl-mingw.sh" x86_64-w64-mingw32
"$top/tools/bootstrap.sh"

build=${SSPISHIM_DEMO_BUILD:-$top/build/mingw}
mkdir -p "$build"
echo "== building secur32.dll and the examples with MinGW (log: $build/demo-build.log)"
(cd "$build" && { [ -f Makefile ] || "$top/configure" -q --host=x86_64-w64-mingw32; } \
  && make -s -j"$(nproc)") > "$build/demo-build.log" 2>&1 \
  || { tail -n 40 "$build/demo-build.log"; exit 1; }

wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
run="$build/demo"
export WINEPREFIX="$build/demo-wineprefix" WINEDEBUG=-all
unset DISPLAY
WINE="$wine" "$top/tools/wine-prefix.sh"
rm -rf "$run"
mkdir -p "$run/www"
cp -f "$build/examples/tls-client.exe" "$build/examples/tls-server.exe" \
  "$build/winetest/wine-add-root.exe" "$build/dlls/secur32/.libs/secur32.dll" "$run/"
printf 'Hello from tls-server.exe, over TLS from sspishim under Wine.\n' > "$run/www/index.html"
echo "== making test certificates (tests/fixtures/make-certs.sh)"
bash "$top/tests/fixtures/make-certs.sh" "$run/certs" > /dev/null 2>&1
cp "$run/certs/ca-rsa.pem" "$run/certs/server-rsa.pfx" "$run/certs/wrong-host.pfx" "$run/"
cd "$run"

# Wine's DLL search starts beside the program: secur32=n picks our secur32.dll there.
ours() { WINEDLLOVERRIDES="secur32=n;mscoree,mshtml=" timeout 60 "$wine" "$@"; }
# run_client n|b OUTPUT: $client with our DLL (n) or Wine's builtin (b); sets $status.
run_client() {
  set +e
  WINEDLLOVERRIDES="secur32=$1;mscoree,mshtml=" timeout 60 "$wine" ./$client > "$2" 2>&1
  status=$?
  set -e
}
# A Windows program's output, without the CRs of its line ends.
output() { tr -d '\r' < "$1"; }

echo "== adding the test CA to the Wine prefix's ROOT store (wine-add-root.exe ca-rsa.pem)"
ours ./wine-add-root.exe ca-rsa.pem | tr -d '\r'

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT

# start_server PFX CONNECTIONS: tls-server.exe in the background; sets $port once it listens.
start_server() {
  rm -f server.out
  ours ./tls-server.exe --pfx "$1" --password sspishim --root www --max-connections "$2" \
    --timeout 20 --quiet > server.out 2> server.err &
  server_pid=$!
  port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' server.out 2> /dev/null)
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2> /dev/null || break
    sleep 0.2
  done
  echo "tls-server.exe did not start:" >&2
  cat server.err >&2
  exit 1
}

echo
echo "== 1. tls-server.exe on 127.0.0.1, certificate for localhost issued by the test CA"
start_server server-rsa.pfx 1
echo "   listening on 127.0.0.1:$port"
client="tls-client.exe --host localhost --connect 127.0.0.1 --port $port --get /"
echo "== $client   (sspishim's secur32.dll)"
run_client n accepted.out
output accepted.out | sed 's/^/   /'
stop_server
[ "$status" = 0 ] || { echo "the client failed (exit status $status)" >&2; exit 1; }

echo
echo "== 2. tls-server.exe presenting a certificate for other.example (tests' wrong-host)"
start_server wrong-host.pfx 2
echo "   listening on 127.0.0.1:$port"
client="tls-client.exe --host localhost --connect 127.0.0.1 --port $port --get /"
echo "== $client   (sspishim's secur32.dll)"
run_client n refused.out
output refused.out | sed 's/^/   /'
if [ "$status" = 0 ] || ! grep -q 'SEC_E_WRONG_PRINCIPAL' refused.out; then
  echo "expected the client to refuse the certificate with SEC_E_WRONG_PRINCIPAL" >&2
  exit 1
fi
echo "   refused, as Windows does (exit status $status)"

echo
echo "== the same client with Wine's builtin secur32 (for comparison, not part of sspishim)"
run_client b builtin.out
if [ "$status" = 0 ]; then
  subject=$(output builtin.out | sed -n 's/^server certificate subject: //p')
  response=$(output builtin.out | sed -n 's/^response: //p')
  echo "   accepted: the handshake succeeded with \"$subject\" (response $response)"
else
  echo "   $(output builtin.out | grep -m1 'failed' || output builtin.out | tail -n 1)" \
    "(exit status $status)"
fi
stop_server
echo
echo "demo finished"
