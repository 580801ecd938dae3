#!/bin/sh
# ABI proof driver (run by make check from the build directory). Compares the native probe with
# the reference x64 values and with mingw-w64 (x86_64 and, if available, i686) under Wine, and
# checks the reference x86 column at compile time: our headers with clang's i686 Windows target,
# mingw-w64's i686 headers with i686-w64-mingw32-gcc.
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

# x86 column of the reference, at compile time (no 32-bit Wine is needed): every item as a
# _Static_assert, compiled for an ILP32 Windows target.
check_x86() { # log-name label compiler-and-flags...
    log="$out/x86-$1.log"
    label=$2
    shift 2
    if "$@" -std=c11 $ABI_DEFINES -fsyntax-only abi-x86.c 2>"$log"; then
        say "$label matches the reference x86 column ($(grep -c '^CHECK' abi-x86.c) items)"
    else
        say "FAIL: $label differs from the reference x86 column:"
        grep 'error' "$log" | head -20
        status=1
    fi
}

# Our headers on an ILP32 Windows target with MS struct layout.
if command -v clang >/dev/null 2>&1 &&
    echo 'int x;' | clang --target=i686-w64-windows-gnu -x c -fsyntax-only - 2>/dev/null; then
    check_x86 own "our include/ (clang i686)" clang --target=i686-w64-windows-gnu -ffreestanding \
        -DABI_OWN_HEADERS -I"$includes"
else
    say "SKIP: no clang with an i686-w64-windows-gnu target, our headers not checked for x86"
fi
# mingw-w64's i686 headers, alone and as the 32-bit secur32.dll's sources see them (win_sspi.h).
if [ -n "$MINGW32_CC" ]; then
    check_x86 mingw-raw "mingw-w64 i686 (constants it lacks skipped)" $MINGW32_CC -DABI_RAW_MINGW
    check_x86 mingw-compat "mingw-w64 i686 + win_sspi.h" $MINGW32_CC -I"$includes/compat"
else
    say "SKIP: no i686-w64-mingw32-gcc, mingw-w64's x86 headers not checked"
fi

"$PYTHON3" "$ABI_SRCDIR/abi-compare.py" --items "$ABI_SRCDIR/abi-items.txt" \
    "$ABI_SRCDIR/abi-items-extra.txt" --omissions "$ABI_SRCDIR/mingw-omissions.txt" \
    --native "$out/native.txt" $others || status=1
exit $status
