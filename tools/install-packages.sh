#!/usr/bin/env bash
# Installs the Debian packages sspishim needs to build and test, only those missing.
# Runs as root (CI and developer machines) or through sudo when available.
set -euo pipefail

packages=(
  autoconf automake libtool pkg-config make gcc clang libclang-rt-14-dev
  libssl-dev openssl libglib2.0-dev libcriterion-dev
  gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine64 wine64-tools libwine-dev
  gnutls-bin dpkg-dev perl ca-certificates python3
  winbind  # ntlm_auth: Wine's NTLM (msv1_0) needs it, else Wine lists no NTLM
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi

# 32-bit Wine (Debian's wine32, an i386 package) runs the 32-bit DLL's tests. Opt-in with
# SSPISHIM_WINE32=1, because it adds the i386 architecture to dpkg; given up within 3 minutes,
# and the architecture removed again, when the i386 lists or packages cannot be had.
wine32_installed() {
  dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q 'install ok installed'
}
if [ "${SSPISHIM_WINE32:-0}" = 1 ] && ! wine32_installed; then
  added_i386=no
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    "${as_root[@]}" dpkg --add-architecture i386
    added_i386=yes
  fi
  if timeout 180 "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get update -q && apt-get install -y -q --no-install-recommends wine32:i386'; then
    echo "wine32 installed: the 32-bit DLL's tests run under Wine"
  else
    echo "wine32 could not be installed: the 32-bit DLL is built and checked, not run" >&2
    if [ "$added_i386" = yes ] && ! dpkg -l | awk '$1 ~ /^.i/ && $2 ~ /:i386$/' | grep -q .; then
      "${as_root[@]}" dpkg --remove-architecture i386
      "${as_root[@]}" apt-get update -q || true
    fi
  fi
fi
