#!/usr/bin/env bash
# Creates (once) the private Wine prefix the tests run in. WINE and WINEPREFIX come from the caller.
set -euo pipefail
: "${WINE:?}" "${WINEPREFIX:?}"
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  "$WINE" cmd /c exit > /dev/null 2>&1 || true
  "${WINESERVER:-$(dirname "$WINE")/wineserver}" -w 2>/dev/null || true
fi
[ -f "$WINEPREFIX/system.reg" ] || { echo "could not create a Wine prefix in $WINEPREFIX" >&2; exit 1; }
