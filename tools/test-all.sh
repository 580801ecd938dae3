#!/usr/bin/env bash
# Sets up a fresh machine, builds sspishim natively and with MinGW, and runs every test suite:
# Criterion unit tests, the ABI proof, native conformance units, `make distcheck`, and the
# conformance units under Wine with sspishim's DLL (gating) beside Wine's builtin (informational).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)

"$top/tools/install-packages.sh"
"$top/tools/build-openssl-mingw.sh" x86_64-w64-mingw32
"$top/tools/bootstrap.sh"

native="$top/build/native"
mingw="$top/build/mingw"
mkdir -p "$native" "$mingw"

echo "=== native build and tests"
(cd "$native" && { [ -f Makefile ] || ../../configure -q; } && make -s -j"$jobs" \
  && make -s -j"$jobs" check VERBOSE=1) || failed=1
echo "=== native make distcheck"
(cd "$native" && make -s -j"$jobs" distcheck > distcheck.log 2>&1 \
  && grep -A3 'archives ready for distribution' distcheck.log) \
  || { tail -n 60 "$native/distcheck.log"; failed=1; }
echo "=== MinGW build and tests under Wine"
(cd "$mingw" && { [ -f Makefile ] || ../../configure -q --host=x86_64-w64-mingw32; } \
  && make -s -j"$jobs" && make -s check VERBOSE=1) || failed=1

"$top/tools/test-summary.sh" "$native" "$mingw" || failed=1
exit "${failed:-0}"
