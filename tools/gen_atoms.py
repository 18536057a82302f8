#!/usr/bin/env python3
"""Generate atoms_gen.h and atoms_gen.c from vm/atoms.tab.

Usage: gen_atoms.py atoms.tab OUT_H OUT_C
Each atom gets a constant ATOM_<cname> whose index is its line order, so
the atom table must intern these names first and in this order.
"""
import re
import sys

HEADER = "/* generated from vm/atoms.tab by tools/gen_atoms.py; do not edit */\n"


def parse(path):
    atoms = []
    seen_c, seen_text = set(), set()
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([A-Za-z_][A-Za-z0-9_]*)(?:\s+"([^"]*)")?', line)
        if not m:
            sys.exit(f"{path}:{n}: bad line: {line}")
        cname, text = m.group(1), m.group(2)
        if text is None:
            text = cname
        if cname in seen_c or text in seen_text:
            sys.exit(f"{path}:{n}: duplicate atom {cname} / {text}")
        seen_c.add(cname)
        seen_text.add(text)
        atoms.append((cname, text))
    return atoms


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    src, out_h, out_c = sys.argv[1:4]
    atoms = parse(src)
    with open(out_h, "w") as h:
        h.write(HEADER)
        h.write("#ifndef GIRDER_ATOMS_GEN_H\n#define GIRDER_ATOMS_GEN_H\n\n")
        h.write('#include "term.h"\n\n')
        h.write("enum {\n")
        for i, (cname, _) in enumerate(atoms):
            h.write(f"    ATOM_INDEX_{cname} = {i},\n")
        h.write(f"    ATOM_PREDEFINED_COUNT = {len(atoms)}\n}};\n\n")
        for cname, _ in atoms:
            h.write(f"#define ATOM_{cname} make_atom(ATOM_INDEX_{cname})\n")
        h.write("\nextern const char *const atom_predefined_names[ATOM_PREDEFINED_COUNT];\n")
        h.write("\n#endif\n")
    with open(out_c, "w") as c:
        c.write(HEADER)
        c.write('#include "atoms_gen.h"\n\n')
        c.write("const char *const atom_predefined_names[ATOM_PREDEFINED_COUNT] = {\n")
        for _, text in atoms:
            c.write(f"    {c_string(text)},\n")
        c.write("};\n")


if __name__ == "__main__":
    main()
