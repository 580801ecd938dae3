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
"$top/tools/build-curl-mingw.sh" x86_64-w64-mingw32 # curl.exe (Schannel) for the curl cases
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

# Sanitizers and fuzzing (native, each in its own build tree): the whole native suite under
# ASan + UBSan, with the leak check over 10,000 handshakes (Criterion counts a test whose process
# leaks at exit as passed, hence the search of the logs for reports); the threads stress test
# under ThreadSanitizer; each libFuzzer target for a bounded time (fuzz/README.md).
san="-O1 -g -fno-omit-frame-pointer"
echo "=== ASan + UBSan build and native tests"
asan="$top/build/asan"
mkdir -p "$asan"
(cd "$asan" && { [ -f Makefile ] || ../../configure -q CFLAGS="$san -fsanitize=address,undefined" \
  LDFLAGS="-fsanitize=address,undefined"; } && make -s -j"$jobs" \
  && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     STRESS_HANDSHAKES=10000 make -s -j"$jobs" check VERBOSE=1 \
  && ! grep -rlE --include='*.log' 'ERROR: (Address|Leak)Sanitizer|runtime error:' tests winetest) \
  || failed=1
echo "=== ThreadSanitizer: threads stress test"
tsan="$top/build/tsan"
mkdir -p "$tsan"
(cd "$tsan" && { [ -f Makefile ] || ../../configure -q CFLAGS="$san -fsanitize=thread" \
  LDFLAGS="-fsanitize=thread"; } && make -s -j"$jobs" -C dlls/crypt32 \
  && make -s -j"$jobs" -C dlls/secur32 \
  && STRESS_ROUNDS=200 make -s -C tests/stress check TESTS=stress_threads VERBOSE=1) || failed=1
echo "=== libFuzzer smoke runs"
fuzz="$top/build/fuzz"
mkdir -p "$fuzz"
(cd "$fuzz" && { [ -f Makefile ] || ../../configure -q CC=clang \
  CFLAGS="$san -fsanitize=fuzzer-no-link,address,undefined" LDFLAGS="-fsanitize=address,undefined"; } \
  && make -s -j"$jobs" fuzz-smoke) || failed=1

"$top/tools/test-summary.sh" "$native" "$mingw" || failed=1
exit "${failed:-0}"
