#!/usr/bin/env bash
# Runs the benchmark: natively as it is, or, for the .exe, under Wine twice: with sspishim's
# secur32.dll beside it (every figure) and with Wine's builtin secur32 (client-side figures
# only: the builtin has no server side, so its peer is the OpenSSL linked into the .exe).
#
#   run-bench.sh PROGRAM [sspibench options]
#
# Environment: SSPISHIM_CERTS (tests/fixtures/make-certs.sh output); for the .exe also WINE,
# SECUR32_DLL and optionally WINEPREFIX (default: a private prefix beside the program).
set -euo pipefail
program=$1
shift
: "${SSPISHIM_CERTS:?set SSPISHIM_CERTS to the output of tests/fixtures/make-certs.sh}"
export SSPISHIM_CERTS

case "$program" in
*.exe) ;;
*) exec "$program" "$@" ;;
esac

: "${WINE:?}" "${SECUR32_DLL:?}"
here=$(cd "$(dirname "$program")" && pwd)
tools=$(cd "$(dirname "$0")/../tools" && pwd)
export WINEPREFIX=${WINEPREFIX:-$here/wineprefix} WINEDEBUG=${WINEDEBUG:--all}
unset DISPLAY
WINE=$WINE "$tools/wine-prefix.sh"

run_with() { # mode override dll-or-empty options...
  local mode=$1 override=$2 dll=$3 dir="$here/bench-run/$1"
  shift 3
  mkdir -p "$dir"
  cp -f "$program" "$dir/sspibench.exe"
  rm -f "$dir/secur32.dll"
  if [ -n "$dll" ]; then cp -f "$dll" "$dir/secur32.dll"; fi
  (cd "$dir" && WINEDLLOVERRIDES="secur32=$override;mscoree,mshtml=" "$WINE" ./sspibench.exe "$@")
}

echo "=== under Wine with sspishim's secur32.dll"
run_with ours n "$SECUR32_DLL" "$@"
echo
echo "=== under Wine with Wine's builtin secur32 (client side only)"
run_with builtin b "" --client-only "$@"
