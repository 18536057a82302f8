#!/usr/bin/env python3
"""Generate the instruction tables from vm/instrs/ tables.

Usage: gen_instrs.py OUTDIR TABFILE...

The .tab files are the one definition of girder's instructions (syntax in
vm/instrs/core.tab).  From them this script writes, into OUTDIR:
  genops_gen.h/.c   the generic instructions of the file format
  ops_gen.h/.c      internal opcodes, their operand kinds, docs, gc marks,
                    the loader forms and the selection of an internal
                    opcode for a form and its operand kinds
  ops_body.inc      the interpreter's instruction bodies
  ops_labels.inc    the dispatch table of label addresses (computed goto)
"""
import os
import re
import sys

HEADER = "/* generated from vm/instrs/ tables by tools/gen_instrs.py; do not edit */\n"

KINDS = set("xyaincsdfuebFrL")
# Which actual operand kinds (as the loader classifies them) each op kind accepts.
ACCEPTS = {
    "s": "xyainc",
    "d": "xy",
    "c": "ainc",
}
GC_MARKERS = re.compile(r"\b(ALLOCATE|ALLOCATE_ZERO|TEST_HEAP|GC_CHECK)\s*\(|\w+_may_gc\s*\(")


class Genop:
    def __init__(self, num, name, arity):
        self.num, self.name, self.arity = num, name, arity


class Op:
    def __init__(self, name, form, kinds, lkinds, flags, doc, where):
        self.name, self.form, self.kinds, self.lkinds = name, form, kinds, lkinds
        self.flags, self.doc, self.where = flags, doc, where
        self.body = []


def die(where, msg):
    sys.exit(f"{where}: {msg}")


def parse(paths):
    genops, forms, ops = {}, {}, []
    for path in paths:
        doc, cur = [], None
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            where = f"{path}:{n}"
            raw = line.rstrip("\n")
            if cur is not None and raw.startswith("    "):
                cur.body.append(raw[4:])
                continue
            # An op line right after a bodiless op line joins its group:
            # they share the body (and the doc) that follows.
            prev = cur if cur is not None and not cur.body else None
            cur = None
            s = raw.strip()
            if s.startswith("## "):
                doc.append(s[3:])
                continue
            if not s or s.startswith("#"):
                doc = [] if not s.startswith("##") else doc
                continue
            m = re.fullmatch(r"genop\s+(\d+)\s+([a-z_0-9]+)/(\d+)", s)
            if m:
                num = int(m.group(1))
                if num in genops:
                    die(where, f"generic op {num} defined twice")
                genops[num] = Genop(num, m.group(2), int(m.group(3)))
                continue
            m = re.fullmatch(r"form\s+([a-z_0-9]+)/(\d+)", s)
            if m:
                forms[m.group(1)] = int(m.group(2))
                continue
            m = re.fullmatch(r"op\s+([a-z_0-9]+)\s+([a-z_0-9]+)((?:\s+\S+)*)", s)
            if not m:
                die(where, f"cannot parse: {s}")
            name, form, rest = m.group(1), m.group(2), m.group(3).split()
            kinds, lkinds, flags = [], "", set()
            for tok in rest:
                if tok in ("gc", "jump"):
                    flags.add(tok)
                    continue
                lm = re.fullmatch(r"L\{([a-zA-Z]+)\}", tok)
                if lm:
                    kinds.append("L")
                    lkinds = lm.group(1)
                    continue
                if len(tok) != 1 or tok not in KINDS or tok == "L":
                    die(where, f"bad operand kind {tok}")
                kinds.append(tok)
            if "L" in kinds and kinds.index("L") != len(kinds) - 1:
                die(where, "an inline list must be the last operand")
            cur = Op(name, form, kinds, lkinds, flags, " ".join(doc), where)
            if prev is not None:
                cur.body = prev.body
                cur.doc = cur.doc or prev.doc
            doc = []
            ops.append(cur)
    return genops, forms, ops


def check(genops, forms, ops):
    names = set()
    gen_arity = {g.name: g.arity for g in genops.values()}
    for op in ops:
        if op.name in names:
            die(op.where, f"op {op.name} defined twice")
        names.add(op.name)
        if op.form not in gen_arity and op.form not in forms:
            die(op.where, f"unknown form {op.form}")
        body = "\n".join(op.body)
        if GC_MARKERS.search(body) and "gc" not in op.flags:
            die(op.where, f"{op.name} may collect garbage but is not marked gc")
        if not op.body:
            die(op.where, f"{op.name} has no body")
        for m in re.finditer(r"\$([vpk]?)(\d)", body):
            i = int(m.group(2))
            if i >= len(op.kinds):
                die(op.where, f"{op.name} uses ${m.group(1)}{i} but has {len(op.kinds)} operands")
            k = op.kinds[i]
            if m.group(1) == "v" and k not in "xyaincsu":
                die(op.where, f"{op.name}: $v{i} of an operand of kind {k}")
            if m.group(1) == "p" and k not in "xyd":
                die(op.where, f"{op.name}: $p{i} of an operand of kind {k}")


def expand(op, line):
    pos = {i: 1 + i for i in range(len(op.kinds))}
    if "L" in op.kinds:
        lp = pos[len(op.kinds) - 1]
        nxt = f"(I + {lp + 1} + I[{lp}])"
    else:
        nxt = f"(I + {1 + len(op.kinds)})"

    def sub(m):
        i = int(m.group(1))
        k, w = op.kinds[i], f"I[{pos[i]}]"
        return {
            "x": f"({w})", "y": f"({w})", "r": f"({w})", "u": f"((UWord){w})",
            "a": f"((Term){w})", "i": f"((Term){w})", "n": f"((Term){w})", "c": f"((Term){w})",
            "s": f"SRC({w})", "d": f"DST({w})", "f": f"((const Instr *){w})",
            "e": f"((Export *){w})", "b": f"((BifFn){w})", "F": f"((FunEntry *){w})",
            "L": f"(I + {pos[i]})",
        }[k]

    def value(m):
        i = int(m.group(1))
        k, w = op.kinds[i], f"I[{pos[i]}]"
        return {"x": f"x[{w}]", "y": f"E[{w}]", "s": f"SRC({w})", "u": f"((UWord){w})"
                }.get(k, f"((Term){w})")

    def where(m):
        i = int(m.group(1))
        k, w = op.kinds[i], f"I[{pos[i]}]"
        return {"x": f"(&x[{w}])", "y": f"(&E[{w}])", "d": f"DST({w})"}[k]

    line = line.replace("$next", nxt)
    line = re.sub(r"\$v(\d)", value, line)
    line = re.sub(r"\$p(\d)", where, line)
    line = re.sub(r"\$k(\d)", lambda m: f"'{op.kinds[int(m.group(1))]}'", line)
    return re.sub(r"\$(\d)", sub, line), nxt


def form_table(genops, forms):
    """Forms in number order: generic ops keep their numbers, pseudo forms follow."""
    top = max(genops)
    table = {g.num: (g.name, g.arity) for g in genops.values()}
    for i, (name, arity) in enumerate(sorted(forms.items())):
        table[top + 1 + i] = (name, arity)
    return top, table


def write(outdir, genops, forms, ops):
    top, ftable = form_table(genops, forms)
    fnum = {name: num for num, (name, _) in ftable.items()}
    out = lambda name: open(os.path.join(outdir, name), "w")

    with out("genops_gen.h") as h:
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
    with out("genops_gen.c") as c:
        c.write(HEADER)
        c.write('#include "genops_gen.h"\n\n')
        c.write("const GenopInfo genop_info[GENOP_MAX + 1] = {\n")
        for num in sorted(genops):
            g = genops[num]
            c.write(f'    [{num}] = {{"{g.name}", {g.arity}}},\n')
        c.write("};\n")

    with out("ops_gen.h") as h:
        h.write(HEADER)
        h.write("#ifndef GIRDER_OPS_GEN_H\n#define GIRDER_OPS_GEN_H\n\n")
        h.write('#include "genops_gen.h"\n\n')
        h.write("/* Internal opcodes. */\nenum {\n")
        for i, op in enumerate(ops):
            h.write(f"    OP_{op.name} = {i},\n")
        h.write(f"    OP_COUNT = {len(ops)}\n}};\n\n")
        h.write("/* Loader forms: generic instructions keep their numbers; pseudo forms follow. */\n")
        h.write("enum {\n")
        for num in sorted(ftable):
            if num > top:
                h.write(f"    FORM_{ftable[num][0]} = {num},\n")
        h.write(f"    FORM_COUNT = {max(ftable) + 1}\n}};\n\n")
        h.write(
            "typedef struct OpInfo {\n"
            "    const char *name;   /* internal name */\n"
            "    const char *kinds;  /* one character per operand (see core.tab) */\n"
            "    const char *lkinds; /* element kinds of an inline list operand, or \"\" */\n"
            "    unsigned char nops; /* operands */\n"
            "    unsigned char may_gc; /* the body may collect garbage */\n"
            "    unsigned short form; /* the loader form it executes */\n"
            "    const char *doc;    /* one line */\n"
            "} OpInfo;\n\n"
            "typedef struct FormInfo {\n"
            "    const char *name;   /* form name (generic or pseudo) */\n"
            "    unsigned char arity; /* operands */\n"
            "} FormInfo;\n\n")
        h.write("extern const OpInfo op_info[OP_COUNT];\n")
        h.write("extern const FormInfo form_info[FORM_COUNT];\n\n")
        h.write("/* The internal opcode for a form whose operands have the given kinds\n"
                " * (one character each, as in core.tab), or -1 when none matches. */\n")
        h.write("int ops_select(unsigned form, const char *kinds);\n\n#endif\n")

    with out("ops_gen.c") as c:
        c.write(HEADER)
        c.write('#include "ops_gen.h"\n\n#include <string.h>\n\n')
        c.write("const OpInfo op_info[OP_COUNT] = {\n")
        for op in ops:
            doc = op.doc.replace("\\", "\\\\").replace('"', '\\"')
            c.write(f'    [OP_{op.name}] = {{"{op.name}", "{"".join(op.kinds)}", "{op.lkinds}", '
                    f'{len(op.kinds)}, {1 if "gc" in op.flags else 0}, {fnum[op.form]}, "{doc}"}},\n')
        c.write("};\n\n")
        c.write("const FormInfo form_info[FORM_COUNT] = {\n")
        for num in sorted(ftable):
            c.write(f'    [{num}] = {{"{ftable[num][0]}", {ftable[num][1]}}},\n')
        c.write("};\n\n")
        # Selection: one condition per candidate, tested in file order.
        c.write("/* Operand kinds an op kind accepts (see core.tab). */\n")
        for k, acc in ACCEPTS.items():
            cond = " || ".join(f"c == '{a}'" for a in acc)
            c.write(f"static inline int acc_{k}(char c) {{ return {cond}; }}\n")
        c.write("\n")
        c.write("int ops_select(unsigned form, const char *kinds) {\n"
                "    size_t n = strlen(kinds);\n"
                "    const char *k = kinds;\n"
                "    switch (form) {\n")
        byform = {}
        for op in ops:
            byform.setdefault(fnum[op.form], []).append(op)
        for num in sorted(byform):
            c.write(f"    case {num}: /* {ftable[num][0]} */\n")
            for op in byform[num]:
                conds = [f"n == {len(op.kinds)}"]
                for i, want in enumerate(op.kinds):
                    if want in ACCEPTS:
                        conds.append(f"acc_{want}(k[{i}])")
                    else:
                        conds.append(f"k[{i}] == '{want}'")
                c.write(f"        if ({' && '.join(conds)}) return OP_{op.name};\n")
            c.write("        return -1;\n")
        c.write("    default:\n        return -1;\n    }\n}\n")

    with out("ops_body.inc") as b:
        b.write(HEADER)
        for op in ops:
            b.write(f"/* {op.name}: {op.doc} */\nCASE({op.name}) {{\n")
            nxt = None
            for line in op.body:
                text, nxt = expand(op, line)
                b.write(f"    {text}\n")
            if nxt is None:
                _, nxt = expand(op, "")
            b.write("}\n")
            if "jump" not in op.flags:
                b.write(f"    I = {nxt};\n    DISPATCH();\n")
            b.write("\n")

    with out("ops_labels.inc") as l:
        l.write(HEADER)
        for op in ops:
            l.write(f"    [OP_{op.name}] = &&L_{op.name},\n")


def main():
    outdir = sys.argv[1]
    genops, forms, ops = parse(sys.argv[2:])
    check(genops, forms, ops)
    write(outdir, genops, forms, ops)


if __name__ == "__main__":
    main()
