#!/usr/bin/env bash
# The demo: sets up a fresh machine, builds sspishim's secur32.dll with MinGW, and runs an
# unmodified Windows program under Wine with it: the program lists the security packages it
# gets through secur32. The same program then runs with Wine's builtin secur32 for comparison.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/tools/install-packages.sh"
"$top/tools/build-openssl-mingw.sh" x86_64-w64-mingw32
"$top/tools/bootstrap.sh"

build="$top/build/mingw"
mkdir -p "$build"
(cd "$build" && { [ -f Makefile ] || ../../configure -q --host=x86_64-w64-mingw32; } \
  && make -s -j"$(nproc)") > "$build/demo-build.log" 2>&1 \
  || { tail -n 40 "$build/demo-build.log"; exit 1; }

wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
run="$build/demo"
export WINEPREFIX="$build/demo-wineprefix" WINEDEBUG=-all
WINE="$wine" "$top/tools/wine-prefix.sh"
mkdir -p "$run/sspishim" "$run/builtin"
cp -f "$build/examples/list-packages.exe" "$run/sspishim/"
cp -f "$build/examples/list-packages.exe" "$run/builtin/"
cp -f "$build/dlls/secur32/.libs/secur32.dll" "$run/sspishim/"

echo "== list-packages.exe under Wine with sspishim's secur32.dll (WINEDLLOVERRIDES=secur32=n)"
(cd "$run/sspishim" && WINEDLLOVERRIDES="secur32=n" "$wine" ./list-packages.exe)
echo
echo "== the same program with Wine's builtin secur32"
(cd "$run/builtin" && WINEDLLOVERRIDES="secur32=b" "$wine" ./list-packages.exe) || true
