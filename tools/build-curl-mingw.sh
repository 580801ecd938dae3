#!/usr/bin/env bash
# Builds curl.exe for MinGW (x86_64 by default) from Debian's `curl` source package with curl's
# Schannel backend: TLS comes from secur32.dll (Schannel), so under Wine the secur32.dll placed
# beside curl.exe decides. Static, no OpenSSL, no optional libraries: the .exe imports only
# system DLLs (checked here). Installed as .cache/curl-<host>/bin/curl.exe; the cache is keyed
# by the Debian source version and this recipe, and rebuilt when either changes.
# Usage: tools/build-curl-mingw.sh [HOST]   (HOST defaults to x86_64-w64-mingw32)
set -euo pipefail

host=${1:-x86_64-w64-mingw32}
top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.cache"
prefix="$cache/curl-$host"
stamp="$prefix/.built"

configure_args=(
  --host="$host" --prefix="$prefix" --disable-shared --enable-static
  --with-schannel --without-openssl --without-gnutls --without-wolfssl --without-mbedtls
  --without-ca-bundle --without-ca-path --without-ca-fallback
  --without-zlib --without-brotli --without-zstd --without-libpsl --without-libidn2
  --without-nghttp2 --without-ngtcp2 --without-nghttp3 --without-quiche --without-msh3
  --without-libssh --without-libssh2 --without-librtmp --without-libgsasl --without-hyper
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp
  --disable-pop3 --disable-imap --disable-smtp --disable-gopher --disable-mqtt --disable-smb
  --disable-manual --disable-docs --disable-dependency-tracking
)
# Every DLL a Windows system provides that curl may import; anything else is a missing static
# library and makes the build fail.
system_dlls='^(kernel32|advapi32|crypt32|secur32|ws2_32|bcrypt|normaliz|user32|wldap32|iphlpapi|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+)\.dll$'

. "$top/tools/deb-source.sh"
deb_source curl "$cache"
recipe=$(sha256sum < "$0" | cut -c1-16)
key="$DEB_SOURCE_VERSION $recipe"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -x "$prefix/bin/curl.exe" ]; then
  echo "curl.exe ($DEB_SOURCE_VERSION) for $host already built in $prefix"
  exit 0
fi

build="$cache/build-curl-$host"
logs="$cache/build-curl-$host"
rm -rf "$build" "$prefix"
cp -a "$DEB_SOURCE_DIR" "$build"
cd "$build"
# dpkg-source applied the whole series; the last two patches turn the tree into Debian's GnuTLS
# and NSS flavours (renamed libraries), which Debian's own build takes off again.
for p in 99_nss.patch 90_gnutls.patch; do
  patch -R -p1 -s < "debian/patches/$p"
done
# Debian's patches change configure.ac and Makefile.am files: regenerate, as Debian does.
autoreconf -fi > "$logs.autoreconf.log" 2>&1
# curl loads secur32.dll at run time from the system directory only; a static import makes the
# loader map it at start-up from beside curl.exe (as for programs that link secur32), so that the
# DLL found there, with WINEDLLOVERRIDES=secur32=n, is the one curl's LoadLibrary then returns.
./configure "${configure_args[@]}" LIBS=-lsecur32 LDFLAGS=-Wl,--undefined=InitSecurityInterfaceA \
  > "$logs.configure.log" 2>&1 \
  || { tail -n 30 config.log >&2; exit 1; }
# -all-static: libtool passes -static to gcc, so MinGW's winpthread is linked in, not imported.
make -j"$(nproc)" -C lib > "$logs.make.log" 2>&1 \
  && make -j"$(nproc)" -C src AM_LDFLAGS=-all-static >> "$logs.make.log" 2>&1 \
  || { tail -n 30 "$logs.make.log" >&2; exit 1; }

mkdir -p "$prefix/bin"
cp src/curl.exe "$prefix/bin/curl.exe"
"$host-strip" "$prefix/bin/curl.exe"
imports=$("$host-objdump" -p "$prefix/bin/curl.exe" | sed -n 's/^[[:space:]]*DLL Name: //p' \
  | tr 'A-Z' 'a-z' | sort -u)
echo "curl.exe imports: $(echo $imports)"
bad=$(grep -v -E "$system_dlls" <<< "$imports" || true)
[ -z "$bad" ] || { echo "curl.exe needs non-system DLLs: $bad" >&2; exit 1; }
grep -qx 'secur32.dll' <<< "$imports" || { echo "curl.exe does not import secur32.dll" >&2; exit 1; }
echo "$key" > "$stamp"
cd "$top"
rm -rf "$build"
echo "curl.exe ($DEB_SOURCE_VERSION, Schannel) for $host installed in $prefix/bin"
