#!/usr/bin/env python3
"""Generate bif_gen.h and bif_gen.c from the BIF tables bif/*.tab.

Usage: gen_bifs.py OUT_H OUT_C TABLE.tab...
The files together are the one table of native functions (one file per
theme); a function listed twice, in any files, is an error.
A line: MODULE NAME/ARITY C_FUNCTION [guard]
"""
import re
import sys

HEADER = "/* generated from the bif/ tables by tools/gen_bifs.py; do not edit */\n"


def main():
    out_h, out_c = sys.argv[1:3]
    bifs, seen = [], set()
    for src, n, line in ((src, n, line) for src in sys.argv[3:]
                         for n, line in enumerate(open(src, encoding="utf-8"), 1)):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = re.fullmatch(r"(\S+)\s+(\S+)/(\d+)\s+([A-Za-z_][A-Za-z0-9_]*)((?:\s+\w+)*)", s)
        if not m:
            sys.exit(f"{src}:{n}: cannot parse: {s}")
        mod, name, arity, fn, flags = m.groups()
        if name.startswith("'") and name.endswith("'"):
            name = name[1:-1]
        key = (mod, name, int(arity))
        if key in seen:
            sys.exit(f"{src}:{n}: {mod}:{name}/{arity} listed twice")
        seen.add(key)
        bifs.append((mod, name, int(arity), fn, flags.split()))
    with open(out_h, "w") as h:
        h.write(HEADER)
        h.write("#ifndef GIRDER_BIF_GEN_H\n#define GIRDER_BIF_GEN_H\n\n")
        for fn in sorted({b[3] for b in bifs}):
            h.write(f"Term {fn}(Process *p, Term *args);\n")
        h.write("\n#endif\n")
    with open(out_c, "w") as c:
        c.write(HEADER)
        c.write('#include "bif.h"\n\n')
        c.write("const BifInfo bif_table[] = {\n")
        for mod, name, arity, fn, flags in bifs:
            fl = " | ".join("BIF_" + f.upper() for f in flags) or "0"
            esc = name.replace("\\", "\\\\").replace('"', '\\"')
            c.write(f'    {{"{mod}", "{esc}", {arity}, {fn}, {fl}}},\n')
        c.write("};\n\n")
        c.write(f"const unsigned bif_count = {len(bifs)};\n")


if __name__ == "__main__":
    main()
