#!/bin/sh
# secur32.dll must export the names of secur32.def undecorated, as Windows' secur32.dll does
# (also on x86, where the objects define __stdcall _Name@N); its import library must map each
# symbol to that plain name; and the toolchain's own import library (what programs are linked
# with) must expect the same __stdcall stack size (@N) and import names the DLL has.
# Environment: CC, NM, OBJDUMP (host tools), SECUR32_DLL, SECUR32_IMPLIB, EXPORTS_DEF (the .def
# the DLL was linked with: secur32.def, or its decorated copy on x86).
set -u
: "${CC:?}" "${NM:?}" "${OBJDUMP:?}" "${SECUR32_DLL:?}" "${SECUR32_IMPLIB:?}" "${EXPORTS_DEF:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# C symbols carry a leading underscore on x86 only.
case $($CC -dumpmachine) in i?86-*) prefix=_ ;; *) prefix= ;; esac

# "Name" or "Name@N" of each export, from the .def (aliases by their exported side).
sed -e 's/;.*//' -e '/^[[:space:]]*$/d' -e '/^LIBRARY/d' -e '/^EXPORTS/d' -e 's/=.*//' \
    -e 's/[[:space:]].*//' "$EXPORTS_DEF" | sort > "$work/decorated"
sed 's/@.*//' "$work/decorated" > "$work/expected"

# The names a PE file imports from secur32.dll, or exports.
pe_imports() { # file
    $OBJDUMP -p "$1" | awk '
        /DLL Name:/ { in_secur32 = tolower($3) == "secur32.dll"; next }
        in_secur32 && NF == 0 { in_secur32 = 0 }
        in_secur32 && NF == 3 && $1 ~ /^[0-9a-f]+$/ { print $3 }' | sort
}
$OBJDUMP -p "$SECUR32_DLL" | sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/p' |
    sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\][[:space:]]*//p' | sort > "$work/exported"

# 1. The DLL's export table: exactly the .def's names, none decorated.
if cmp -s "$work/expected" "$work/exported"; then
    echo "ok: the DLL exports the $(wc -l < "$work/expected") names of secur32.def, undecorated"
else
    fail "the DLL's export table differs from secur32.def (< expected, > exported):"
    diff "$work/expected" "$work/exported"
fi

# A program referencing each given import symbol, linked with the given import library.
link_program() { # name symbols-file import-library
    awk '{ printf "extern char imp%d __asm__(\"__imp_%s\");\n", NR, $1 }
        END { printf "void *volatile kept[] = {"
              for (i = 1; i <= NR; i++) printf " &imp%d,", i
              print " 0 };\nint main(void) { return kept[0] == 0; }" }' "$2" > "$work/$1.c"
    $CC "$work/$1.c" -o "$work/$1.exe" "$3" 2> "$work/$1.log"
}

# 2. Our import library: a program linked with it imports the plain names.
sed "s/^/$prefix/" "$work/decorated" > "$work/ours.syms"
if ! link_program ours "$work/ours.syms" "$SECUR32_IMPLIB"; then
    fail "a program cannot link every export through $SECUR32_IMPLIB:"
    head -n 20 "$work/ours.log"
elif pe_imports "$work/ours.exe" | cmp -s - "$work/expected"; then
    echo "ok: a program linked with the import library imports the $(wc -l < "$work/expected") plain names"
else
    fail "a program linked with the import library imports other names:"
    pe_imports "$work/ours.exe" | diff "$work/expected" -
fi

# 3. The toolchain's import library: same decoration for every name both have, and a program
# linked with it imports only names the DLL exports.
toolchain=$($CC -print-file-name=libsecur32.a)
$NM "$toolchain" | sed -n "s/.* I __imp_$prefix//p" | sort -u > "$work/toolchain"
: > "$work/common.syms"
while read -r ours; do
    name=${ours%%@*}
    theirs=$(grep -E "^$name(@[0-9]+)?\$" "$work/toolchain" | head -n 1)
    if [ -z "$theirs" ]; then
        echo "note: $name is not in the toolchain's import library"
    elif [ "$theirs" != "$ours" ]; then
        fail "$name: the toolchain's import library expects $theirs, the DLL is built as $ours"
    else
        echo "$prefix$ours" >> "$work/common.syms"
    fi
done < "$work/decorated"
if ! link_program theirs "$work/common.syms" "$toolchain"; then
    fail "a program cannot link the common names through the toolchain's import library:"
    head -n 20 "$work/theirs.log"
else
    pe_imports "$work/theirs.exe" > "$work/theirs.imports"
    missing=$(comm -23 "$work/theirs.imports" "$work/exported")
    if ! [ -s "$work/theirs.imports" ]; then
        fail "a program linked with the toolchain's import library imports nothing from secur32.dll"
    elif [ -n "$missing" ]; then
        fail "programs linked with the toolchain's import library import names the DLL lacks:" \
            $missing
    else
        echo "ok: $(wc -l < "$work/common.syms") names match the toolchain's import library" \
            "and resolve in the DLL"
    fi
fi
exit $status
