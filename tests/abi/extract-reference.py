#!/usr/bin/env python3
"""Derive tests/abi/abi-items.txt from §7 of the shared reference (anchors-and-abi.md).

Run once when the reference changes; the output is committed and is what `make check` uses:
    python3 tests/abi/extract-reference.py ../shared/reference/anchors-and-abi.md \
        > tests/abi/abi-items.txt
Hand-written extras (items the reference does not list) live in abi-items-extra.txt.
"""
import re
import sys

STRUCT_RE = re.compile(r"^#### `(\w+)` — x64: size (\d+), align (\d+) · x86: size (\d+), align (\d+)")
FIELD_RE = re.compile(r"^\| \d+ \| `(\w+)` \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$")
SLOT_RE = re.compile(r"^\| (\d+) \| `(\w+)` \| `(\w+)` \| (\d+) \| (\d+) \|")
TABLE_RE = re.compile(r"x64 size (\d+) \(x86 (\d+)\) with the two `\*Ex` slots")
GAP_RE = re.compile(r"^\s*\| `(\w+)` \| `(0x[0-9A-Fa-f]+)`")


def const_value(text):
    """Value cell of §7.5: '37 (0x00000025)', '0x00000001', '4', '((LPCSTR)2)', ..."""
    m = re.search(r"0x[0-9A-Fa-f]+", text)
    if m:
        return int(m.group(0), 16)
    m = re.search(r"\(\(LPCSTR\)(\d+)\)", text)
    if m:
        return int(m.group(1))
    return int(text.split()[0])


def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = ["# ABI items derived from reference §7 by tests/abi/extract-reference.py. Do not edit.",
           "# struct NAME x64-size x64-align x86-size x86-align",
           "# field STRUCT MEMBER x64-offset x64-size x86-offset x86-size",
           "# const NAME x64-value [x86-value]   (low bits of the constant's own width)",
           "# pconst NAME value                  (pointer-valued constant, e.g. (LPCSTR)2)"]
    section = None
    slots = []
    table_size = None
    seen = set()
    for line in lines:
        if line.startswith("### 7."):
            section = line[4:7]
            continue
        if section == "7.3":
            m = STRUCT_RE.match(line)
            if m:
                out.append("struct %s %s %s %s %s" % m.groups())
                current = m.group(1)
                continue
            m = FIELD_RE.match(line)
            if m:
                out.append("field %s %s %s %s %s %s" % ((current,) + m.groups()))
        elif section == "7.4":
            m = TABLE_RE.search(line)
            if m:
                table_size = (int(m.group(1)), int(m.group(2)))
            m = SLOT_RE.match(line)
            if m:
                slots.append(m.groups())
        elif section == "7.5":
            if not line.startswith("| `"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for i in (0, 2):
                if i + 1 < len(cells) and cells[i].startswith("`"):
                    name = cells[i].strip("`")
                    if name in seen:
                        continue
                    seen.add(name)
                    if name == "SEC_DELETED_HANDLE":  # (ULONG_PTR)-2: pointer-sized
                        out.append("const %s 0xFFFFFFFFFFFFFFFE 0xFFFFFFFE" % name)
                    elif "(LPCSTR)" in cells[i + 1]:  # a pointer-valued constant
                        out.append("pconst %s 0x%08X" % (name, const_value(cells[i + 1])))
                    else:
                        out.append("const %s 0x%08X" % (name, const_value(cells[i + 1])))
        elif section == "7.6":
            m = GAP_RE.match(line)
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                out.append("const %s 0x%08X" % (m.group(1), int(m.group(2), 16)))
    for table, col in (("SecurityFunctionTableW", 1), ("SecurityFunctionTableA", 2)):
        out.append("struct %s %d 8 %d 4" % (table, table_size[0], table_size[1]))
        for slot in slots:
            size64 = 4 if slot[0] == "0" else 8
            out.append("field %s %s %s %d %s 4" % (table, slot[col], slot[3], size64, slot[4]))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
