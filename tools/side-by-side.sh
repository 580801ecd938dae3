#!/usr/bin/env bash
# Prints one table: each conformance unit's summary with sspishim's DLL and with Wine's builtin.
# Usage: side-by-side.sh RESULTS_DIR UNIT... (extra rows may be added as RESULTS_DIR/*/NAME.log)
set -u
results=$1
shift
summary() { # file -> "N run, F failed, T todo, S skipped" or a reason
  local line
  [ -f "$1" ] || { echo "not run"; return; }
  line=$(grep -E '[0-9]+ tests executed \(' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    echo "crashed or did not start"
    return
  fi
  echo "$line" | sed -E 's/^.*: ([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures?\), ([0-9]+) skipped\./\1 run, \3 failed, \2 todo, \4 skipped/'
}
printf '\n%-22s | %-42s | %s\n' "unit" "sspishim secur32.dll" "Wine builtin secur32"
printf '%s\n' "-----------------------+--------------------------------------------+--------------------------------------------"
for unit in "$@"; do
  printf '%-22s | %-42s | %s\n' "$unit" "$(summary "$results/ours/$unit.log")" \
    "$(summary "$results/builtin/$unit.log")"
done
echo
