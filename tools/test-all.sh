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
"$top/tools/build-openssl-mingw.sh" i686-w64-mingw32
"$top/tools/bootstrap.sh"

native="$top/build/native"
mingw="$top/build/mingw"
mkdir -p "$native" "$mingw"

echo "=== native build and tests"
(cd "$native" && { [ -f Makefile ] || ../../configure -q; } && make -s -j"$jobs" \
  && make -s -j"$jobs" check VERBOSE=1) || failed=1
echo "=== native make distcheck"
# The soak already ran its 256 MiB above; the copies here only prove the tarball and sanitizers.
(cd "$native" && SOAK_BYTES=16777216 make -s -j"$jobs" distcheck > distcheck.log 2>&1 \
  && grep -A3 'archives ready for distribution' distcheck.log) \
  || { tail -n 60 "$native/distcheck.log"; failed=1; }
echo "=== MinGW build and tests under Wine"
(cd "$mingw" && { [ -f Makefile ] || ../../configure -q --host=x86_64-w64-mingw32; } \
  && make -s -j"$jobs" && make -s check VERBOSE=1) || failed=1
# 32-bit: the DLL's imports and exports are always checked; the conformance units run under Wine
# only where 32-bit Wine is installed (wine32, see README), and then gate like the x64 ones.
echo "=== MinGW i686 (32-bit) build and tests"
mingw32="$top/build/mingw32"
mkdir -p "$mingw32"
if [ -x /usr/lib/wine/wine ]; then
  mingw32_check=(check VERBOSE=1)
else
  echo "no 32-bit Wine (wine32): the 32-bit conformance units are built, not run"
  mingw32_check=(-C dlls/secur32 check VERBOSE=1)
fi
(cd "$mingw32" && { [ -f Makefile ] || ../../configure -q --host=i686-w64-mingw32; } \
  && make -s -j"$jobs" \
  && echo 'units: $(check_PROGRAMS)' | make -s -j"$jobs" -C winetest -f Makefile -f - units \
  && make -s "${mingw32_check[@]}") || failed=1

# Sanitizers and fuzzing (native, each in its own build tree): the whole native suite under
# ASan + UBSan, with the leak check over 10,000 handshakes (Criterion counts a test whose process
# leaks at exit as passed, hence the search of the logs for reports); the threads and
# handle-table stress tests under ThreadSanitizer; each libFuzzer target for a bounded time
# (fuzz/README.md).
san="-O1 -g -fno-omit-frame-pointer"
echo "=== ASan + UBSan build and native tests"
asan="$top/build/asan"
mkdir -p "$asan"
(cd "$asan" && { [ -f Makefile ] || ../../configure -q CFLAGS="$san -fsanitize=address,undefined" \
  LDFLAGS="-fsanitize=address,undefined"; } && make -s -j"$jobs" \
  && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     STRESS_HANDSHAKES=10000 SOAK_BYTES=16777216 make -s -j"$jobs" check VERBOSE=1 \
  && ! grep -rlE --include='*.log' 'ERROR: (Address|Leak)Sanitizer|runtime error:' tests winetest) \
  || failed=1
echo "=== ThreadSanitizer: threads and handle-table stress tests"
tsan="$top/build/tsan"
mkdir -p "$tsan"
(cd "$tsan" && { [ -f Makefile ] || ../../configure -q CFLAGS="$san -fsanitize=thread" \
  LDFLAGS="-fsanitize=thread"; } && make -s -j"$jobs" -C dlls/crypt32 \
  && make -s -j"$jobs" -C dlls/secur32 \
  && STRESS_ROUNDS=200 make -s -C tests/stress check TESTS="stress_threads stress_handles" VERBOSE=1) || failed=1
echo "=== libFuzzer smoke runs"
fuzz="$top/build/fuzz"
mkdir -p "$fuzz"
(cd "$fuzz" && { [ -f Makefile ] || ../../configure -q CC=clang \
  CFLAGS="$san -fsanitize=fuzzer-no-link,address,undefined" LDFLAGS="-fsanitize=address,undefined"; } \
  && make -s -j"$jobs" fuzz-smoke) || failed=1

"$top/tools/test-summary.sh" "$native" "$mingw" "$mingw32" || failed=1
exit "${failed:-0}"
