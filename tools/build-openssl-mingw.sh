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

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/parts" "$cache/src"

# The deb-src list mirrors the machine's own `deb` sources (whatever mirror it uses).
list="$apt_dir/sources.list"
: > "$list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$list"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  awk -v out="$apt_dir/parts" '
    function flush() { if (types ~ /(^| )deb( |$)/ && uris != "") {
        n = split(suites, s, " ");
        for (i = 1; i <= n; i++) printf "deb-src %s %s %s\n", uris, s[i], comps } ;
      types = uris = suites = comps = "" }
    /^[[:space:]]*$/ { flush(); next }
    /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
    /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
    END { flush() }' "$f" >> "$list"
done
# Only Debian archives carry the openssl source; drop third-party repositories.
grep -E ' (bookworm|bookworm-updates|bookworm-security|stable|stable-security)[ /]' "$list" \
  > "$list.debian" || true
mv "$list.debian" "$list"
[ -s "$list" ] || { echo "no Debian sources found in the apt configuration" >&2; exit 1; }

apt_opts=(
  -o "Dir::Etc::SourceList=$list"
  -o "Dir::Etc::SourceParts=$apt_dir/parts.empty"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Get::Download-Only=false"
)
mkdir -p "$apt_dir/parts.empty" "$apt_dir/cache/archives/partial"
apt-get "${apt_opts[@]}" -q update
srcdir=$(ls -d "$cache/src"/openssl-3* 2>/dev/null | head -n 1 || true)
if [ -z "$srcdir" ]; then
  # A mirror may lack the newest version's files; take the newest version it serves whole.
  versions=$(apt-cache "${apt_opts[@]}" showsrc openssl | sed -n 's/^Version: //p' \
    | sort -r -V | uniq)
  for v in $versions; do
    rm -f "$cache/src"/openssl_*
    if (cd "$cache/src" && apt-get "${apt_opts[@]}" -q source --download-only "openssl=$v"); then
      (cd "$cache/src" && dpkg-source -x --no-check openssl_*.dsc)
      break
    fi
  done
  srcdir=$(ls -d "$cache/src"/openssl-3* | head -n 1)
fi

build="$cache/build-openssl-$host"
rm -rf "$build"
cp -a "$srcdir" "$build"
cd "$build"
# Debian's patches are already applied by dpkg-source. no-shared: the DLL embeds OpenSSL.
./Configure "$target" no-shared no-tests no-module no-engine no-dso \
  --cross-compile-prefix="$host-" --prefix="$prefix" --openssldir="$prefix/ssl" \
  --libdir=lib > "$build.configure.log"
make -j"$(nproc)" build_libs > "$build.make.log" 2>&1
make install_dev > "$build.install.log" 2>&1
touch "$stamp"
rm -rf "$build"
echo "OpenSSL for $host installed in $prefix"
