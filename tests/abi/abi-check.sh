#!/bin/sh
# ABI proof driver (run by make check from the build directory). Compares the native probe with
# the reference x64 values and with mingw-w64 (x86_64 and, if available, i686) under Wine, and
# checks the reference x86 column at compile time with clang's i686 Windows target.
set -u
out=abi-out
rm -rf "$out"
mkdir -p "$out"
includes="$ABI_INCLUDE"
others=""
status=0

say() { echo "abi: $*"; }

run_wine() { # exe output
    WINEPREFIX="$PWD/wineprefix" WINEDEBUG=-all "$WINE" "$1" >"$2" 2>"$2.err"
}

cross() { # label compiler
    label=$1
    cc=$2
    if ! $cc $ABI_DEFINES -DABI_RAW_MINGW abi-probe.c -o "$out/$label-raw.exe" 2>"$out/$label-raw.log" ||
        ! $cc $ABI_DEFINES -I"$includes/compat" abi-probe.c -o "$out/$label-compat.exe" \
            2>"$out/$label-compat.log"; then
        say "FAIL: $cc cannot build the probe (see $out/$label-*.log)"
        cat "$out/$label-raw.log" "$out/$label-compat.log" | head -20
        status=1
        return
    fi
    if [ -z "$WINE" ]; then
        say "SKIP: no wine, $label probes built but not run"
        return
    fi
    if ! run_wine "$out/$label-raw.exe" "$out/$label-raw.txt" ||
        ! run_wine "$out/$label-compat.exe" "$out/$label-compat.txt" ||
        ! [ -s "$out/$label-raw.txt" ]; then
        say "SKIP: $WINE cannot run the $label probe (see $out/$label-raw.txt.err)"
        return
    fi
    others="$others --other mingw-$label:raw:$out/$label-raw.txt"
    others="$others --other mingw-$label-win_sspi:compat:$out/$label-compat.txt"
}

if ! ./abi-probe >"$out/native.txt"; then
    say "FAIL: the native probe did not run"
    exit 1
fi

if [ -n "$MINGW64_CC" ]; then
    cross x64 "$MINGW64_CC"
else
    say "SKIP: no x86_64-w64-mingw32-gcc, no comparison with mingw-w64 x64"
fi
if [ -n "$MINGW32_CC" ]; then
    cross x86 "$MINGW32_CC"
else
    say "SKIP: no i686-w64-mingw32-gcc, no comparison with mingw-w64 x86 under Wine"
fi

# x86 column of the reference, at compile time: our headers on an ILP32 Windows target.
if command -v clang >/dev/null 2>&1 &&
    echo 'int x;' | clang --target=i686-w64-windows-gnu -x c -fsyntax-only - 2>/dev/null; then
    if clang --target=i686-w64-windows-gnu -ffreestanding -std=c11 $ABI_DEFINES -DABI_OWN_HEADERS \
        -I"$includes" -fsyntax-only abi-x86.c 2>"$out/x86-own.log"; then
        say "our headers match the reference x86 column ($(grep -c '^CHECK' abi-x86.c) items)"
    else
        say "FAIL: our headers differ from the reference x86 column:"
        grep 'error' "$out/x86-own.log" | head -20
        status=1
    fi
else
    say "SKIP: no clang with an i686-w64-windows-gnu target, x86 column not checked"
fi

"$PYTHON3" "$ABI_SRCDIR/abi-compare.py" --items "$ABI_SRCDIR/abi-items.txt" \
    "$ABI_SRCDIR/abi-items-extra.txt" --omissions "$ABI_SRCDIR/mingw-omissions.txt" \
    --native "$out/native.txt" $others || status=1
exit $status
