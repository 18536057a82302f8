#!/usr/bin/env python3
"""Generate the instruction tables from vm/instrs/*.tab.

Usage: gen_instrs.py OUTDIR TABFILE...

Writes OUTDIR/genops_gen.h and OUTDIR/genops_gen.c (the generic
instructions of the file format: number, name, arity).
"""
import os
import re
import sys

HEADER = "/* generated from vm/instrs/*.tab by tools/gen_instrs.py; do not edit */\n"


class Genop:
    def __init__(self, num, name, arity):
        self.num, self.name, self.arity = num, name, arity


def parse(paths):
    genops = {}
    for path in paths:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            m = re.fullmatch(r"genop\s+(\d+)\s+([a-z_0-9]+)/(\d+)", s)
            if m:
                num = int(m.group(1))
                if num in genops:
                    sys.exit(f"{path}:{n}: generic op {num} defined twice")
                genops[num] = Genop(num, m.group(2), int(m.group(3)))
                continue
    return genops


def write_genops(outdir, genops):
    top = max(genops)
    with open(os.path.join(outdir, "genops_gen.h"), "w") as h:
        h.write(HEADER)
        h.write("#ifndef GIRDER_GENOPS_GEN_H\n#define GIRDER_GENOPS_GEN_H\n\n")
        h.write(f"#define GENOP_MAX {top}\n\n")
        h.write("enum {\n")
        for num in sorted(genops):
            h.write(f"    GENOP_{genops[num].name} = {num},\n")
        h.write("};\n\n")
        h.write("/* The generic instructions of the file format, by number (name NULL\n"
                " * where a number is unused). */\n")
        h.write("typedef struct GenopInfo {\n    const char *name; /* as in genop.tab */\n"
                "    unsigned char arity; /* operand count */\n} GenopInfo;\n\n")
        h.write("extern const GenopInfo genop_info[GENOP_MAX + 1];\n\n#endif\n")
    with open(os.path.join(outdir, "genops_gen.c"), "w") as c:
        c.write(HEADER)
        c.write('#include "genops_gen.h"\n\n')
        c.write("const GenopInfo genop_info[GENOP_MAX + 1] = {\n")
        for num in sorted(genops):
            g = genops[num]
            c.write(f'    [{num}] = {{"{g.name}", {g.arity}}},\n')
        c.write("};\n")


def main():
    outdir = sys.argv[1]
    genops = parse(sys.argv[2:])
    write_genops(outdir, genops)


if __name__ == "__main__":
    main()
