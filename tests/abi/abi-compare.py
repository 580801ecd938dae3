#!/usr/bin/env python3
"""Compare ABI probe outputs with each other and with the expected x64 values of the items.

    abi-compare.py --items FILE... --omissions FILE --native OUT [--other LABEL:MODE:OUT]...

MODE is "raw" (mingw-w64's own headers: items it lacks must be listed in the omissions file) or
"compat" (through win_sspi.h: nothing may be missing). Every item of the native output must
also match the other outputs exactly (value and width of constants). Exit status 1 on any
difference, with one line per difference naming the item.
"""
import argparse
import sys


def read_items(paths):
    items = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            words = line.split()
            if words and not words[0].startswith("#"):
                items.append(words)
    return items


def expected_x64(items):
    """Probe keys with a reference x64 value; constants map to (value, None) for masking."""
    exp = {}
    for it in items:
        kind, name = it[0], it[1]
        if kind in ("struct", "type"):
            exp["sizeof(%s)" % name] = it[2]
            exp["alignof(%s)" % name] = it[3]
        elif kind == "field":
            exp["offsetof(%s,%s)" % (name, it[2])] = it[3]
            exp["sizeof(%s.%s)" % (name, it[2])] = it[4]
        elif kind in ("const", "enum", "pconst"):
            exp[name] = it[2]
    return {k: v for k, v in exp.items() if v != "-"}


def read_output(path):
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\r\n")
        if line:
            key, _, value = line.partition(" ")
            out[key] = value
    return out


def const_matches(expected, value, width):
    if value == "MISSING":
        return False
    bits = 8 * int(width)
    mask = (1 << bits) - 1 if bits < 64 else (1 << 64) - 1
    return int(value, 16) & mask == int(expected, 16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", nargs="+", required=True)
    ap.add_argument("--omissions", required=True)
    ap.add_argument("--native", required=True)
    ap.add_argument("--other", action="append", default=[])
    args = ap.parse_args()

    items = read_items(args.items)
    omitted = {w[0] for w in read_items([args.omissions])}
    native = read_output(args.native)
    failures = []
    compared = 0

    for key, want in expected_x64(items).items():
        got = native.get(key, "MISSING")
        compared += 1
        if key.startswith(("sizeof(", "alignof(", "offsetof(")):
            ok = got == want
        else:
            ok = const_matches(want, got, native.get("sizeof(%s)" % key, "8"))
        if not ok:
            failures.append("%s: native %s, reference x64 %s" % (key, got, want))
    print("abi: native vs reference x64: %d items" % compared)

    missing_native = [k for k, v in native.items() if v == "MISSING"]
    for key in missing_native:
        failures.append("%s: missing from the native headers" % key)

    for spec in args.other:
        label, mode, path = spec.split(":", 2)
        other = read_output(path)
        count, lacked = 0, set()
        for key, value in native.items():
            theirs = other.get(key)
            count += 1
            if theirs == "MISSING":
                name = key[7:-1] if key.startswith("sizeof(") else key
                if mode == "raw" and name in omitted:
                    lacked.add(name)
                    continue
                failures.append("%s: missing from %s (not a listed mingw omission)" % (key, label))
            elif theirs != value:
                failures.append("%s: native %s, %s %s" % (key, value, label, theirs))
        extra = set(other) - set(native)
        for key in sorted(extra):
            failures.append("%s: printed by %s only" % (key, label))
        print("abi: native vs %s: %d items (%d listed mingw omissions)" % (label, count, len(lacked)))
        if mode == "raw":
            for name in sorted(omitted - lacked):
                print("abi: note: %s now defines %s; remove it from mingw-omissions.txt"
                      % (label, name))
        compared += count

    for f in failures:
        print("abi: FAIL %s" % f)
    print("abi: %d items compared, %d differences" % (compared, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
