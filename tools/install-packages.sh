#!/usr/bin/env bash
# Installs the Debian packages sspishim needs to build and test, only those missing.
# Runs as root (CI and developer machines) or through sudo when available.
set -euo pipefail

packages=(
  autoconf automake libtool pkg-config make gcc clang
  libssl-dev openssl libglib2.0-dev libcriterion-dev
  gcc-mingw-w64-x86-64 wine64 wine64-tools libwine-dev
  gnutls-bin dpkg-dev perl ca-certificates
  winbind  # ntlm_auth: Wine's NTLM (msv1_0) needs it, else Wine lists no NTLM
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "installing: ${missing[*]}"
"${as_root[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
