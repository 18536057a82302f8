/*
 * disasm.c: girder-disasm, a listing of a .beam file's instructions.
 *
 *   girder-disasm [--generic] [--batch] FILE.beam...
 *
 * --generic prints the generic instructions as the file holds them, one per
 * line: the opcode's name, then each operand as an Erlang term in ~w
 * syntax.  The operand forms are those of OTP's own assembler listings
 * (erlc -S) and of beam_disasm, so tools/disasm_compare can check this
 * listing against beam_disasm:file/1 operand for operand:
 *
 *   u value          N                   x/y register  {x,N} {y,N}
 *   integer          {integer,N}         atom, []      {atom,A}  nil
 *   label            {f,N}               float reg     {fr,N}
 *   literal          {literal,T}         float         {float,F} (old form, or a float literal)
 *   list             {list,[...]}        typed reg     {tr,{x,N},Type}
 *   allocation list  {alloc,[{words,W},{floats,F},{funs,N}]}
 *   character        {char,C}
 *
 * Operands that index the module's tables are shown as the entry they
 * name: imports as {extfunc,M,F,A}, funs as {lambda,M,F,Arity,Index,Uniq},
 * string-table offsets as {string,[Bytes]}.  A type is {Flags,Min,Max}
 * with the Type chunk's raw words (unsigned), or any when the file has no
 * usable Type chunk.  Lines starting with "%" are comments (a header per
 * module, errors in batch mode); the comparison ignores them.
 *
 * Without --generic the listing is of the internal instructions after
 * loading (ld_disasm_module): offset, internal name, decoded operands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "beamfile.h"
#include "etf_detached.h"
#include "girder.h"
#include "load.h"
#include "vm.h"
#include "genops_gen.h"
#include "print.h"
#include "strbuf.h"

/* What a u operand of an instruction stands for. */
enum Role { ROLE_PLAIN, ROLE_IMPORT, ROLE_FUN, ROLE_STRING };

static enum Role role_of(unsigned op, unsigned k) {
    switch (op) {
    case GENOP_call_ext:
    case GENOP_call_ext_last:
    case GENOP_call_ext_only:
    case GENOP_bif1:
    case GENOP_bif2:
        return k == 1 ? ROLE_IMPORT : ROLE_PLAIN;
    case GENOP_bif0:
        return k == 0 ? ROLE_IMPORT : ROLE_PLAIN;
    case GENOP_gc_bif1:
    case GENOP_gc_bif2:
    case GENOP_gc_bif3:
        return k == 2 ? ROLE_IMPORT : ROLE_PLAIN;
    case GENOP_make_fun2:
    case GENOP_make_fun3:
        return k == 0 ? ROLE_FUN : ROLE_PLAIN;
    case GENOP_bs_put_string:
        return k == 1 ? ROLE_STRING : ROLE_PLAIN;
    case GENOP_bs_match_string:
        return k == 3 ? ROLE_STRING : ROLE_PLAIN;
    default:
        return ROLE_PLAIN;
    }
}

static void put_u64(StrBuf *b, uint64_t v) { sb_printf(b, "%llu", (unsigned long long)v); }

static void put_type(StrBuf *b, const BeamFile *bf, uint32_t index) {
    if (index == BEAM_NO_TYPE || index >= bf->ntypes) {
        sb_puts(b, "any");
        return;
    }
    const BeamType *t = &bf->types[index];
    if (bf->types_version == 1) {
        sb_printf(b, "{%u,", t->flags);
        put_u64(b, (uint64_t)t->min);
        sb_putc(b, ',');
        put_u64(b, (uint64_t)t->max);
        sb_putc(b, '}');
    } else {
        sb_printf(b, "{%u,%lld,%lld,%u}", t->flags, (long long)t->min, (long long)t->max, t->unit);
    }
}

static void put_arg(StrBuf *b, const AtomTable *atoms, const BeamFile *bf, const GenArg *a) {
    switch (a->kind) {
    case ARG_U: put_u64(b, a->val); break;
    case ARG_INT:
        sb_puts(b, "{integer,");
        print_term(b, atoms, a->term, PRINT_WRITE);
        sb_putc(b, '}');
        break;
    case ARG_ATOM:
        sb_puts(b, "{atom,");
        print_atom(b, atoms, a->term);
        sb_putc(b, '}');
        break;
    case ARG_NIL: sb_puts(b, "nil"); break;
    case ARG_X: sb_printf(b, "{x,%llu}", (unsigned long long)a->val); break;
    case ARG_Y: sb_printf(b, "{y,%llu}", (unsigned long long)a->val); break;
    case ARG_LABEL: sb_printf(b, "{f,%llu}", (unsigned long long)a->val); break;
    case ARG_CHAR: sb_printf(b, "{char,%llu}", (unsigned long long)a->val); break;
    case ARG_FR: sb_printf(b, "{fr,%llu}", (unsigned long long)a->val); break;
    case ARG_FLOAT:
        sb_puts(b, "{float,");
        print_float_short(b, float_val(a->term));
        sb_putc(b, '}');
        break;
    case ARG_LITERAL:
        /* A float literal prints as {float,F}, as in OTP's listings. */
        if (is_float(a->term)) {
            sb_puts(b, "{float,");
            print_float_short(b, float_val(a->term));
        } else {
            sb_puts(b, "{literal,");
            print_term(b, atoms, a->term, PRINT_WRITE);
        }
        sb_putc(b, '}');
        break;
    case ARG_LIST:
        sb_puts(b, "{list,[");
        for (uint32_t i = 0; i < a->count; i++) {
            if (i) sb_putc(b, ',');
            put_arg(b, atoms, bf, &bf->args[a->val + i]);
        }
        sb_puts(b, "]}");
        break;
    case ARG_ALLOC:
        sb_printf(b, "{alloc,[{words,%llu},{floats,%u},{funs,%u}]}", (unsigned long long)a->val,
                  a->count, a->aux);
        break;
    case ARG_TR:
        sb_printf(b, "{tr,{%c,%llu},", a->reg == ARG_X ? 'x' : 'y', (unsigned long long)a->val);
        put_type(b, bf, a->aux);
        sb_putc(b, '}');
        break;
    default:
        sb_printf(b, "{unknown_kind,%u}", a->kind);
    }
}

/* The byte string an instruction's string-table operand denotes. */
static void put_string(StrBuf *b, const BeamFile *bf, const GenInstr *in, UWord off) {
    const GenArg *args = &bf->args[in->args];
    UWord len = in->op == GENOP_bs_put_string ? args[0].val : (args[2].val + 7) / 8;
    if (off > bf->strings_len || len > bf->strings_len - off) {
        sb_printf(b, "{bad_string,%llu,%llu}", (unsigned long long)off, (unsigned long long)len);
        return;
    }
    sb_puts(b, "{string,[");
    for (UWord i = 0; i < len; i++) sb_printf(b, i ? ",%u" : "%u", bf->strings[off + i]);
    sb_puts(b, "]}");
}

static void put_instr(StrBuf *b, const AtomTable *atoms, const BeamFile *bf, const GenInstr *in) {
    sb_puts(b, genop_info[in->op].name);
    for (unsigned k = 0; k < in->arity; k++) {
        const GenArg *a = &bf->args[in->args + k];
        sb_putc(b, ' ');
        enum Role role = a->kind == ARG_U ? role_of(in->op, k) : ROLE_PLAIN;
        if (role == ROLE_IMPORT && a->val < bf->nimports) {
            const BeamImport *im = &bf->imports[a->val];
            sb_puts(b, "{extfunc,");
            print_atom(b, atoms, im->module);
            sb_putc(b, ',');
            print_atom(b, atoms, im->name);
            sb_printf(b, ",%u}", im->arity);
        } else if (role == ROLE_FUN && a->val < bf->nfuns) {
            const BeamFun *f = &bf->funs[a->val];
            sb_puts(b, "{lambda,");
            print_atom(b, atoms, bf->module);
            sb_putc(b, ',');
            print_atom(b, atoms, f->name);
            sb_printf(b, ",%u,%llu,%u}", f->arity, (unsigned long long)a->val, f->old_uniq);
        } else if (role == ROLE_STRING) {
            put_string(b, bf, in, a->val);
        } else if (role != ROLE_PLAIN) {
            sb_printf(b, "{bad_index,%llu}", (unsigned long long)a->val);
        } else {
            put_arg(b, atoms, bf, a);
        }
    }
    sb_putc(b, '\n');
}

static void put_header(StrBuf *b, const AtomTable *atoms, const BeamFile *bf) {
    sb_puts(b, "% module ");
    print_atom(b, atoms, bf->module);
    uint8_t md5[16];
    beam_md5(bf, md5);
    sb_puts(b, "\n% md5 ");
    for (int i = 0; i < 16; i++) sb_printf(b, "%02x", md5[i]);
    sb_printf(b,
              "\n%% atoms %u, imports %u, exports %u, locals %u, funs %u, literals %u, "
              "lines %u, files %u, types %u\n",
              bf->natoms, bf->nimports, bf->nexports, bf->nlocals, bf->nfuns, bf->nliterals,
              bf->nlines, bf->nfiles, bf->ntypes);
    sb_printf(b, "%% code: %u instructions, %u labels, %u functions, highest opcode %u\n",
              bf->ninstrs, bf->nlabels, bf->nfunctions, bf->max_opcode);
}

/* Lists one file; returns 0 on success.  In batch mode (--batch, for
 * tools/disasm_compare) a "%file" line introduces each listing and errors
 * go to stdout as "%error" lines too, so a caller reading stdout alone
 * sees them. */
static int list_file(const char *path, bool batch) {
    if (batch) printf("%%file %s\n", path);
    size_t len;
    StrBuf why = STRBUF_INIT;
    uint8_t *data = code_read_file(path, &len, NULL, &why);
    if (!data) {
        fprintf(stderr, "girder-disasm: %s\n", sb_str(&why));
        if (batch) printf("%%error %s\n", sb_str(&why));
        sb_free(&why);
        return 1;
    }
    AtomTable atoms;
    if (atom_table_init(&atoms) != ATOM_OK) {
        fprintf(stderr, "girder-disasm: out of memory\n");
        free(data);
        return 1;
    }
    EtfDetached entries;
    etf_detached_init(&entries, &atoms);
    BeamFile bf;
    StrBuf err = STRBUF_INIT, out = STRBUF_INIT;
    int status = 0;
    if (beam_read(&bf, &entries.env, path, data, len, &err) != BEAM_OK) {
        fprintf(stderr, "girder-disasm: %s\n", sb_str(&err));
        if (batch) printf("%%error %s\n", sb_str(&err));
        status = 1;
    } else {
        put_header(&out, &atoms, &bf);
        for (uint32_t i = 0; i < bf.ninstrs; i++) {
            put_instr(&out, &atoms, &bf, &bf.code[i]);
            if (out.len > (1u << 20)) {
                fwrite(out.data, 1, out.len, stdout);
                sb_reset(&out);
            }
        }
        if (sb_failed(&out)) {
            fprintf(stderr, "girder-disasm: out of memory\n");
            status = 1;
        }
        fwrite(sb_str(&out), 1, out.len, stdout);
        beam_free(&bf);
    }
    sb_free(&err);
    sb_free(&out);
    etf_detached_free(&entries);
    atom_table_destroy(&atoms);
    free(data);
    return status;
}

/* Loads the file into a VM and lists its internal instructions. */
static int list_loaded(const char *path) {
    girder_options opts = {0};
    opts.no_otp = 1;
    girder_error gerr = {0};
    girder_vm *vm = girder_vm_new(&opts, &gerr);
    if (!vm) {
        fprintf(stderr, "girder-disasm: %s\n", gerr.message);
        return 1;
    }
    StrBuf err = STRBUF_INIT, out = STRBUF_INIT;
    Term name;
    int status = 0;
    if (!code_load_file(vm, path, &name, &err)) {
        fprintf(stderr, "girder-disasm: %s\n", sb_str(&err));
        status = 1;
    } else {
        const Module *m = code_current(vm, name);
        sb_printf(&out, "%% module %s: %zu words of threaded code\n", atom_name(&vm->atoms, name),
                  m->code_words);
        ld_disasm_module(&out, vm, m);
        fwrite(sb_str(&out), 1, out.len, stdout);
    }
    sb_free(&err);
    sb_free(&out);
    girder_vm_free(vm);
    return status;
}

int main(int argc, char **argv) {
    bool generic = false, batch = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--generic") == 0) {
            generic = true;
        } else if (strcmp(argv[first], "--batch") == 0) {
            batch = true;
        } else if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        } else {
            fprintf(stderr, "girder-disasm: unknown option %s\n", argv[first]);
            return 2;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "usage: girder-disasm [--generic] [--batch] FILE.beam...\n");
        return 2;
    }
    int status = 0;
    for (int i = first; i < argc; i++)
        status |= generic ? list_file(argv[i], batch) : list_loaded(argv[i]);
    fflush(stdout);
    return status;
}
