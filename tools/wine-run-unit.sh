#!/usr/bin/env bash
# Runs one conformance .exe under Wine twice: with sspishim's secur32.dll beside it (the result
# that counts) and with Wine's builtin secur32 (kept for the side-by-side table, never gating).
# Environment: WINE, WINEPREFIX, SECUR32_DLL, WINETEST_RESULTS.
set -uo pipefail
exe=$1
name=$(basename "$exe" .exe)
: "${WINE:?}" "${WINEPREFIX:?}" "${SECUR32_DLL:?}" "${WINETEST_RESULTS:?}"
export WINEPREFIX WINEDEBUG=${WINEDEBUG:--all}
unset DISPLAY
timeout_s=${WINETEST_TIMEOUT:-600}

# The ntlm unit's server leg: Wine's NTLM checks logons through ntlm_auth, which would ask
# winbindd; a wrapper first in PATH makes it accept one password instead (ntlm-auth-local.sh).
if [ "$name" = ntlm ] && SSPISHIM_NTLM_AUTH=$(command -v ntlm_auth); then
  ntlm_bin="$WINETEST_RESULTS/ntlm-auth"
  mkdir -p "$ntlm_bin"
  install -m 755 "$(dirname "$0")/ntlm-auth-local.sh" "$ntlm_bin/ntlm_auth"
  export PATH="$ntlm_bin:$PATH" SSPISHIM_NTLM_AUTH SSPISHIM_NTLM_PASSWORD="Ntlm-Test-$$-$RANDOM"
fi

# The ssp_registered unit writes HKLM and loads testssp.dll (built beside it): it runs in a copy of
# the prefix's registry, drive C: shared, so that units running at the same time never see it.
unit_dlls=()
if [ "$name" = ssp_registered ]; then
  unit_dlls=("$(dirname "$exe")/testssp.dll")
  own_prefix="$WINETEST_RESULTS/ssp_registered-wineprefix"
  rm -rf "$own_prefix" && mkdir -p "$own_prefix/dosdevices"
  cp -p "$WINEPREFIX"/*.reg "$WINEPREFIX/.update-timestamp" "$own_prefix/"
  ln -s "$WINEPREFIX/drive_c" "$own_prefix/drive_c"
  ln -s ../drive_c "$own_prefix/dosdevices/c:" && ln -s / "$own_prefix/dosdevices/z:"
  export WINEPREFIX="$own_prefix"
fi

run_mode() { # mode override dll-or-empty
  local mode=$1 override=$2 dll=$3 dir="$WINETEST_RESULTS/$1"
  mkdir -p "$dir"
  cp -f "$exe" "$dir/$name.exe"
  if [ -n "$dll" ]; then cp -f "$dll" "$dir/secur32.dll"; fi
  if [ ${#unit_dlls[@]} -gt 0 ]; then cp -f "${unit_dlls[@]}" "$dir/"; fi
  (cd "$dir" && WINEDLLOVERRIDES="secur32=$override;mscoree,mshtml=" \
    timeout "$timeout_s" "$WINE" "./$name.exe") > "$dir/$name.log" 2>&1
  echo $? > "$dir/$name.status"
}

run_mode ours n "$SECUR32_DLL"
run_mode builtin b ""

ours_log="$WINETEST_RESULTS/ours/$name.log"
status=$(cat "$WINETEST_RESULTS/ours/$name.status")
cat "$ours_log"
if ! grep -q "running against sspishim's secur32" "$ours_log"; then
  echo "$name: Wine did not load sspishim's secur32.dll" >&2
  status=99
fi
echo "--- same unit with Wine's builtin secur32 (not gating):"
tail -n 1 "$WINETEST_RESULTS/builtin/$name.log"
exit "$status"
