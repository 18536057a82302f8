#!/usr/bin/env python3
"""Generate atoms_gen.h and atoms_gen.c from the atom tables.

Usage: gen_atoms.py OUT_H OUT_C ATOMS.tab...
Each atom gets a constant ATOM_<cname> whose index is its order over the
files, so the atom table must intern these names first and in this order.
An atom may be listed in more than one file (each theme lists what its C
code names); it gets one constant.  The same C name for two different
texts is an error.
"""
import re
import sys

HEADER = "/* generated from vm/atoms*.tab by tools/gen_atoms.py; do not edit */\n"


def parse(path, atoms, seen_c, seen_text):
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
            if seen_c.get(cname) == text and seen_text.get(text) == cname:
                continue
            sys.exit(f"{path}:{n}: atom {cname} / {text} clashes with an earlier line")
        seen_c[cname] = text
        seen_text[text] = cname
        atoms.append((cname, text))


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    out_h, out_c = sys.argv[1:3]
    atoms, seen_c, seen_text = [], {}, {}
    for src in sys.argv[3:]:
        parse(src, atoms, seen_c, seen_text)
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
