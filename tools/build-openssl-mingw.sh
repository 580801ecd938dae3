#!/usr/bin/env bash
# Builds a static OpenSSL for MinGW (x86_64 by default) from Debian's `openssl` source package
# and installs it under .cache/openssl-<host>/ in the project. The machine's apt configuration is
# never touched: the deb-src list and the package lists live in a private folder.
# Usage: tools/build-openssl-mingw.sh [HOST]   (HOST defaults to x86_64-w64-mingw32)
set -euo pipefail

host=${1:-x86_64-w64-mingw32}
top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.cache"
prefix="$cache/openssl-$host"
stamp="$prefix/.built"

if [ -f "$stamp" ]; then
  echo "OpenSSL for $host already built in $prefix"
  exit 0
fi

case "$host" in
  x86_64-w64-mingw32) target=mingw64 ;;
  i686-w64-mingw32) target=mingw ;;
  *) echo "unsupported host $host" >&2; exit 1 ;;
esac

. "$top/tools/deb-source.sh"
deb_source openssl "$cache"
srcdir=$DEB_SOURCE_DIR

build="$cache/build-openssl-$host"
rm -rf "$build"
cp -a "$srcdir" "$build"
cd "$build"
# Debian's patches are already applied by dpkg-source. no-shared: the DLL embeds OpenSSL.
# Debian's pic.patch makes the 32-bit x86 assembly position-independent the ELF way (GOT
# relocations), which COFF objects cannot hold: undone for i686, whose DLL is relocated by PE.
if [ "$target" = mingw ] && [ -f debian/patches/pic.patch ]; then
  patch -R -p1 -s < debian/patches/pic.patch
fi
./Configure "$target" no-shared no-tests no-module no-engine no-dso \
  --cross-compile-prefix="$host-" --prefix="$prefix" --openssldir="$prefix/ssl" \
  --libdir=lib > "$build.configure.log"
make -j"$(nproc)" build_libs > "$build.make.log" 2>&1
make install_dev > "$build.install.log" 2>&1
touch "$stamp"
rm -rf "$build"
echo "OpenSSL for $host installed in $prefix"
