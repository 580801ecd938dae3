#!/bin/sh
# secur32.dll must be self-contained: it may import only DLLs every Windows (and Wine) has.
# Environment: OBJDUMP (a PE objdump), SECUR32_DLL.
set -u
: "${OBJDUMP:=x86_64-w64-mingw32-objdump}"
: "${SECUR32_DLL:?}"
allowed='^(kernel32|advapi32|crypt32|ncrypt|bcrypt|ws2_32|msvcrt|ucrtbase|user32|api-ms-win-crt-[a-z0-9-]+)\.dll$'

imports=$("$OBJDUMP" -p "$SECUR32_DLL" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z')
if [ -z "$imports" ]; then
  echo "FAIL: no import table found in $SECUR32_DLL"
  exit 1
fi
status=0
for dll in $imports; do
  if echo "$dll" | grep -Eq "$allowed"; then
    echo "ok: imports $dll"
  else
    echo "FAIL: imports non-system DLL $dll"
    status=1
  fi
done
exit $status
