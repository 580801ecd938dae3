#!/usr/bin/env bash
# Adds up every suite's results from the build trees' test logs and prints one closing line
# "sspishim: N passed, M failed" (Criterion cases, conformance checks, ABI items, scripts).
# Usage: test-summary.sh BUILD_DIR...
set -u
passed=0 failed=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); }
for dir in "$@"; do
  [ -d "$dir" ] || continue
  while IFS= read -r log; do
    trs=${log%.log}.trs
    [ -f "$trs" ] || continue
    if line=$(grep -a -E 'Synthesis: Tested: [0-9]+' "$log" | tail -n 1) && [ -n "$line" ]; then
      # Criterion: "Synthesis: Tested: T | Passing: P | Failing: F | Crashing: C"
      p=$(sed -E 's/.*Passing: ([0-9]+).*/\1/' <<<"$line")
      f=$(sed -E 's/.*Failing: ([0-9]+).*/\1/' <<<"$line")
      add "$p" "$f"
    elif line=$(grep -a -E '^[^ ]+: [0-9]+ tests executed \(' "$log" | head -n 1) && [ -n "$line" ]; then
      # Conformance unit (the first summary is the gating run): "unit: N tests executed (T marked as todo, F failures), S skipped."
      n=$(sed -E 's/^[^ ]+: ([0-9]+) tests.*/\1/' <<<"$line")
      f=$(sed -E 's/.*, ([0-9]+) failures?\).*/\1/' <<<"$line")
      add $((n - f)) "$f"
    elif grep -q ':test-result: PASS' "$trs"; then
      add 1 0
    elif grep -q ':test-result: SKIP' "$trs"; then
      :
    else
      add 0 1
    fi
  done < <(find "$dir" -name '*.log' -path '*/*' ! -name 'test-suite.log' ! -name 'config.log' \
             ! -path '*/results/*' ! -path '*/sspishim-*/*' | sort)
done
echo "sspishim: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
