#!/bin/sh
# libsecur32.so must export every name of secur32.def but those after its "win32 only" line (the
# Windows DLL's Lsa*, Sasl*, ...), and no other SSPI-looking function.
# Environment: SECUR32_SO, SECUR32_DEF.
set -u
: "${SECUR32_SO:?}" "${SECUR32_DEF:?}"
expected=$(sed -e '/^; win32 only/,$d' -e 's/;.*//' -e '/^[[:space:]]*$/d' -e '/^LIBRARY/d' -e '/^EXPORTS/d' \
  -e 's/=.*//' -e 's/[[:space:]]//g' "$SECUR32_DEF" | sort)
exported=$(nm -D --defined-only "$SECUR32_SO" | awk '$2 ~ /^[TW]$/ {print $3}' | sort)
status=0
for name in $expected; do
  if echo "$exported" | grep -qx "$name"; then
    echo "ok: exports $name"
  else
    echo "FAIL: does not export $name"
    status=1
  fi
done
for name in $exported; do
  if ! echo "$expected" | grep -qx "$name"; then
    echo "FAIL: exports $name, which secur32.def does not list"
    status=1
  fi
done
exit $status
