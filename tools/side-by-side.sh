#!/usr/bin/env bash
# Prints one table: each conformance unit's summary with sspishim's DLL and with Wine's builtin.
# Usage: side-by-side.sh RESULTS_DIR UNIT... (extra rows may be added as RESULTS_DIR/*/NAME.log)
# Then one row per curl case listed in RESULTS_DIR/curl-cases.list (winetest/curl/cases.sh).
set -u
results=$1
shift
summary() { # file -> "N run, F failed, T todo, S skipped" or a reason
  local line
  [ -f "$1" ] || { echo "not run"; return; }
  line=$(sed -n 's/^curl case: //p' "$1" | tail -n 1)
  [ -z "$line" ] || { echo "$line"; return; }
  line=$(grep -E '[0-9]+ tests executed \(' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    echo "crashed or did not start"
    return
  fi
  echo "$line" | sed -E 's/^.*: ([0-9]+) tests executed \(([0-9]+) marked as todo, ([0-9]+) failures?\), ([0-9]+) skipped\./\1 run, \3 failed, \2 todo, \4 skipped/'
}
printf '\n%-22s | %-42s | %s\n' "unit" "sspishim secur32.dll" "Wine builtin secur32"
printf '%s\n' "-----------------------+--------------------------------------------+--------------------------------------------"
row() { # unit name; its logs are RESULTS_DIR/{ours,builtin}/NAME.log
  printf '%-22s | %-42s | %s\n' "$1" "$(summary "$results/ours/$1.log")" \
    "$(summary "$results/builtin/$1.log")"
}
for unit in "$@"; do
  row "$unit"
done
if [ -f "$results/curl-cases.list" ]; then
  while IFS= read -r unit; do
    row "$unit"
  done < "$results/curl-cases.list"
fi
echo
