#!/bin/sh
# i686 only: writes secur32.def with each export's __stdcall decoration, taken
# from the compiled objects, so that linking with --kill-at gives a DLL that exports the plain
# names (as Windows' secur32.dll) and an import library that maps _Name@N to them (as Windows'
# secur32.lib). "Alias=Target" becomes "Alias@N=Target@N". A name defined undecorated (cdecl)
# stays as it is; a name the objects do not define stops the build.
# Usage: decorate-def.sh NM secur32.def ARCHIVE... > secur32-x86.def
set -u
nm_tool=$1
def=$2
shift 2
symbols=$($nm_tool --defined-only "$@" | awk '$2 == "T" { print $3 }') || exit 1

printf '%s\n' "$symbols" | awk '
    NR == FNR { symbols[$1] = 1; next }
    function decorated(name,    s, n) {
        if (("_" name) in symbols)
            return name
        for (s in symbols)
            if (index(s, "_" name "@") == 1 && substr(s, length(name) + 3) ~ /^[0-9]+$/)
                return substr(s, 2)
        print "decorate-def.sh: no object defines " name > "/dev/stderr"
        failed = 1
        return name
    }
    /^[ \t]*(;|$)/ || /^(LIBRARY|EXPORTS)([ \t]|$)/ { print; next }
    {
        rest = ""
        for (i = 2; i <= NF; i++)
            rest = rest " " $i
        if (split($1, part, "=") == 2) {
            target = decorated(part[2])
            suffix = substr(target, length(part[2]) + 1)
            print part[1] suffix "=" target rest
        } else
            print decorated($1) rest
    }
    END { exit failed }
' - "$def"
