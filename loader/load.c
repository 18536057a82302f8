/*
 * load.c: turning a module's generic instructions into threaded code.
 *
 * beam_read() gives the instructions of the file with decoded operands.
 * Here each one is rewritten into a loader form (usually the generic
 * instruction itself; sometimes a pseudo form such as call_bif when the
 * loader knows the callee is native), its operands classified into kinds
 * (x, y, atom, small, constant, label...), and the generated ops_select()
 * picks the internal instruction of vm/instrs/ tables that executes it.  The
 * instruction is emitted as its handler's address followed by operands
 * encoded for that instruction, so nothing is decoded at run time.
 * Labels are patched to code addresses at the end.
 *
 * A generic instruction with no internal definition (OTP 21's and older
 * match-context instructions, say) is a load error naming it, as is one
 * whose definitions do not accept its operands.
 */
#include <stdlib.h>
#include <string.h>

#include "../bif/arith.h"
#include "../bif/bif.h"
#include "../vm/vm.h"
#include "beamfile.h"
#include "load.h"
#include "ops_gen.h"

#define MAX_LOAD_ARGS 8

/* One operand of a loader form. */
typedef struct LArg {
    char kind;            /* as in core.tab: x y a i n c f u e b F r L */
    UWord val;            /* register, label, unsigned, pointer or term */
    const GenArg *list;   /* for L: the elements */
    uint32_t count;       /* for L: number of elements */
} LArg;

typedef struct LoadOp {
    unsigned form;              /* FORM_* or GENOP_* */
    unsigned n;                 /* operands */
    LArg a[MAX_LOAD_ARGS];      /* operands */
} LoadOp;

typedef struct Patch {
    uint32_t at;    /* code word to patch */
    uint32_t label; /* label whose address goes there */
} Patch;

typedef struct Loader {
    girder_vm *vm;
    BeamFile *bf;
    Module *m;
    StrBuf *err;
    Instr *code;
    size_t len, cap;
    uint32_t *labels;          /* code offset of each label, UINT32_MAX if unset */
    Patch *patches;
    size_t npatches, cap_patches;
    const void *const *op_addr; /* handler addresses, or NULL for switch dispatch */
    const GenInstr *gi;        /* the instruction being loaded (for messages) */
    uint32_t skip;             /* generic instructions after gi already loaded (fused) */
    bool failed;
} Loader;

static void fail(Loader *ld, const char *fmt, const char *what) {
    if (ld->failed) return;
    ld->failed = true;
    sb_printf(ld->err, "%s: Code: ", ld->bf->filename ? ld->bf->filename : "module");
    if (ld->gi)
        sb_printf(ld->err, "instruction %s at byte %u: ", genop_info[ld->gi->op].name,
                  ld->gi->offset);
    sb_printf(ld->err, fmt, what);
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap * 2 : 1024;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

static void put(Loader *ld, Instr w) {
    if (!grow((void **)&ld->code, &ld->cap, ld->len + 1, sizeof(Instr))) {
        fail(ld, "%s", "out of memory");
        return;
    }
    ld->code[ld->len++] = w;
}

static void put_label(Loader *ld, UWord label) {
    if (label == 0) {
        put(ld, 0);
        return;
    }
    if (label >= ld->bf->nlabels) {
        fail(ld, "%s", "label out of range");
        return;
    }
    if (!grow((void **)&ld->patches, &ld->cap_patches, ld->npatches + 1, sizeof(Patch))) {
        fail(ld, "%s", "out of memory");
        return;
    }
    ld->patches[ld->npatches++] = (Patch){(uint32_t)ld->len, (uint32_t)label};
    put(ld, 0);
}

/* Classifies a generic operand. */
static LArg classify(const GenArg *g) {
    LArg a = {0, 0, NULL, 0};
    switch (g->kind) {
    case ARG_X: a.kind = 'x'; a.val = g->val; break;
    case ARG_Y: a.kind = 'y'; a.val = g->val; break;
    case ARG_TR: a.kind = g->reg == ARG_Y ? 'y' : 'x'; a.val = g->val; break;
    case ARG_ATOM: a.kind = 'a'; a.val = g->term; break;
    case ARG_NIL: a.kind = 'n'; a.val = NIL; break;
    case ARG_INT: a.kind = is_small(g->term) ? 'i' : 'c'; a.val = g->term; break;
    case ARG_LITERAL:
    case ARG_FLOAT:
        a.kind = is_atom(g->term) ? 'a' : is_small(g->term) ? 'i' : g->term == NIL ? 'n' : 'c';
        a.val = g->term;
        break;
    case ARG_LABEL: a.kind = 'f'; a.val = g->val; break;
    case ARG_U: a.kind = 'u'; a.val = g->val; break;
    case ARG_CHAR: a.kind = 'u'; a.val = g->val; break;
    case ARG_FR: a.kind = 'r'; a.val = g->val; break;
    case ARG_ALLOC:
        /* words + floats + funs (a closure needs at most a header and an
         * entry word besides its free variables, which count as words) */
        a.kind = 'u';
        a.val = g->val + (UWord)g->count * FLOAT_WORDS + (UWord)g->aux * 2;
        break;
    case ARG_LIST: a.kind = 'L'; a.count = g->count; break;
    default: a.kind = '?'; break;
    }
    return a;
}

static const GenArg *garg(Loader *ld, unsigned i) { return &ld->bf->args[ld->gi->args + i]; }

static LArg arg(Loader *ld, unsigned i) {
    const GenArg *g = garg(ld, i);
    LArg a = classify(g);
    if (a.kind == 'L') a.list = &ld->bf->args[g->val];
    return a;
}

static void put_operand(Loader *ld, char want, LArg a);

/* Encodes an inline list: word count, then the elements by the kinds pattern. */
static void put_list(Loader *ld, const char *lkinds, LArg a) {
    size_t pat = strlen(lkinds);
    if (pat == 0 || a.count % pat != 0) {
        fail(ld, "%s", "list operand has the wrong shape");
        return;
    }
    put(ld, a.count);
    for (uint32_t i = 0; i < a.count; i++) {
        LArg e = classify(&a.list[i]);
        char want = lkinds[i % pat];
        if (want == 'u' && e.kind == 'i') {
            e.kind = 'u';
            e.val = (UWord)small_val(e.val);
        }
        put_operand(ld, want, e);
    }
}

static void put_operand(Loader *ld, char want, LArg a) {
    switch (want) {
    case 's':
    case 'd':
        if (a.kind == 'x') put(ld, (a.val << 4) | 4);
        else if (a.kind == 'y') put(ld, (a.val << 4) | 12);
        else if (want == 's' && strchr("ainc", a.kind)) put(ld, a.val);
        else fail(ld, "operand of kind %s where a register or constant belongs", "?");
        break;
    case 'f':
        if (a.kind != 'f') fail(ld, "%s", "expected a label");
        put_label(ld, a.val);
        break;
    default:
        put(ld, a.val);
        break;
    }
}

/* Emits the internal instruction for a loader form. */
static void emit(Loader *ld, LoadOp *op) {
    char kinds[MAX_LOAD_ARGS + 1];
    for (unsigned i = 0; i < op->n; i++) kinds[i] = op->a[i].kind;
    kinds[op->n] = '\0';
    int opcode = ops_select(op->form, kinds);
    if (opcode < 0) {
        for (unsigned k = 0; k < OP_COUNT; k++) {
            if (op_info[k].form == op->form) {
                StrBuf msg = STRBUF_INIT;
                sb_printf(&msg, "no internal instruction for %s with operand kinds '%s'",
                          form_info[op->form].name, kinds);
                fail(ld, "%s", sb_str(&msg));
                sb_free(&msg);
                return;
            }
        }
        fail(ld, "instruction %s is not supported (code from a compiler older than OTP 22?)",
             form_info[op->form].name);
        return;
    }
    const OpInfo *info = &op_info[opcode];
    put(ld, ld->op_addr ? (Instr)(uintptr_t)ld->op_addr[opcode] : (Instr)opcode);
    for (unsigned i = 0; i < op->n; i++) {
        if (info->kinds[i] == 'L')
            put_list(ld, info->lkinds, op->a[i]);
        else
            put_operand(ld, info->kinds[i], op->a[i]);
    }
}

static Export *import_export(Loader *ld, UWord index) {
    if (index >= ld->bf->nimports) {
        fail(ld, "%s", "import index out of range");
        return NULL;
    }
    return ld->m->imports[index];
}

static Term bif_undefined_fn(Process *p, Term *args) {
    (void)args;
    p->fail_class = ATOM_error;
    p->fail_reason = ATOM_undef;
    p->fail_raised = false;
    return THE_NON_VALUE;
}

/* The form of an operator with an inline small-integer case, or 0. */
static unsigned arith_form(BifFn fn) {
    static const struct {
        BifFn fn;
        unsigned form;
    } ops[] = {
        {bif_erlang_plus_2, FORM_arith_plus}, {bif_erlang_minus_2, FORM_arith_minus},
        {bif_erlang_times_2, FORM_arith_times}, {bif_erlang_band_2, FORM_arith_band},
        {bif_erlang_bor_2, FORM_arith_bor},   {bif_erlang_bxor_2, FORM_arith_bxor},
        {bif_erlang_bsl_2, FORM_arith_bsl},   {bif_erlang_bsr_2, FORM_arith_bsr},
        {bif_erlang_div_2, FORM_arith_div},   {bif_erlang_rem_2, FORM_arith_rem},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (ops[i].fn == fn) return ops[i].form;
    return 0;
}

#include "load_maps.inc"

/* bif0..2 and gc_bif1..3: Fail (Live) Bif Args... Dst. */
static void load_bif(Loader *ld, unsigned nargs, bool gc) {
    unsigned ar = gc ? 3 : 2; /* position of the first argument */
    unsigned bi = gc ? 2 : 1;
    if (ld->gi->op == GENOP_bif0) {
        ar = 1;
        bi = 0;
    }
    LArg fail_l = ld->gi->op == GENOP_bif0 ? (LArg){'f', 0, NULL, 0} : arg(ld, 0);
    LArg b = arg(ld, bi);
    Export *e = import_export(ld, b.val);
    if (!e) return;
    BifFn fn = e->bif ? e->bif : bif_undefined_fn;
    LoadOp op;
    LArg list = {'L', 0, &ld->bf->args[ld->gi->args + ar], nargs};
    LArg dst = arg(ld, ar + nargs);
    /* length/1 counts a budget at a time, yielding between, in a body and
     * in a guard (vm/instrs/trap.tab); its state takes three x registers
     * above Live. */
    if (gc && e->module == ATOM_erlang && e->name == ATOM_length && e->arity == 1 &&
        arg(ld, 1).kind == 'u' && arg(ld, 1).val + 3 <= MAX_X_REGS) {
        LoadOp setup = {FORM_length_setup, 2, {arg(ld, 1), arg(ld, ar)}};
        emit(ld, &setup);
        LoadOp step = {FORM_length_step, 3, {arg(ld, 1), {'e', (UWord)(uintptr_t)e, NULL, 0}, dst}};
        if (fail_l.val != 0) step = (LoadOp){FORM_length_step_f, 3, {fail_l, arg(ld, 1), dst}};
        emit(ld, &step);
        return;
    }
    if (fail_l.val != 0) {
        op = (LoadOp){FORM_bif_guard, 5, {fail_l, {'b', (UWord)(uintptr_t)fn, NULL, 0},
                                          {'e', (UWord)(uintptr_t)e, NULL, 0}, dst, list}};
    } else {
        op = (LoadOp){FORM_bif_body, 4, {{'b', (UWord)(uintptr_t)fn, NULL, 0},
                                         {'e', (UWord)(uintptr_t)e, NULL, 0}, dst, list}};
    }
    /* + - * band bor bxor div rem bsl bsr: one form per operator, with
     * the small-integer case inline (vm/instrs/arith.tab). */
    unsigned af = nargs == 2 ? arith_form(fn) : 0;
    const GenArg *ga = &ld->bf->args[ld->gi->args + ar];
    LArg bl = {'b', (UWord)(uintptr_t)fn, NULL, 0}, el = {'e', (UWord)(uintptr_t)e, NULL, 0};
    if (fn == bif_erlang_self_0) {
        op = (LoadOp){FORM_bif_self, 1, {dst}};
    } else if (af) {
        op = (LoadOp){af, 5, {fail_l, el, classify(&ga[0]), classify(&ga[1]), dst}};
    } else if (nargs == 1) {
        /* one argument: a form of its own, some with their common case inline */
        unsigned f1 = fn == bif_erlang_hd_1           ? FORM_bif_hd
                      : fn == bif_erlang_tl_1         ? FORM_bif_tl
                      : fn == bif_erlang_tuple_size_1 ? FORM_bif_tuple_size
                                                      : FORM_bif_1;
        op = (LoadOp){f1, 5, {fail_l, bl, el, classify(&ga[0]), dst}};
    } else if (nargs == 2) {
        unsigned f2 = fn == bif_erlang_element_2 ? FORM_bif_element : FORM_bif_2;
        op = (LoadOp){f2, 6, {fail_l, bl, el, classify(&ga[0]), classify(&ga[1]), dst}};
    }
    load_maps_bif(fn, &op);
    emit(ld, &op);
}

/* A call of erlang:apply/2,3 spreads its list and calls (vm/instrs/std.tab). */
static void load_apply(Loader *ld, Export *e) {
    unsigned gop = ld->gi->op;
    LArg ar = {'u', e->arity, NULL, 0};
    LArg ea = {'e', (UWord)(uintptr_t)e, NULL, 0};
    LoadOp op;
    if (gop == GENOP_call_ext)
        op = (LoadOp){FORM_call_apply, 2, {ar, ea}};
    else if (gop == GENOP_call_ext_only)
        op = (LoadOp){FORM_call_apply_only, 2, {ar, ea}};
    else
        op = (LoadOp){FORM_call_apply_last, 3, {ar, ea, arg(ld, 2)}};
    emit(ld, &op);
}

static void load_call_ext(Loader *ld) {
    unsigned gop = ld->gi->op;
    LArg arity = arg(ld, 0);
    Export *e = import_export(ld, arg(ld, 1).val);
    if (!e) return;
    if (e->module == ATOM_erlang && e->name == ATOM_apply && (e->arity == 2 || e->arity == 3)) {
        load_apply(ld, e);
        return;
    }
    if (load_maps_call(ld, e)) return;
    LArg ea = {'e', (UWord)(uintptr_t)e, NULL, 0};
    LoadOp op = {gop, 0, {{0}}};
    if (e->bif) {
        LArg ba = {'b', (UWord)(uintptr_t)e->bif, NULL, 0};
        if (gop == GENOP_call_ext)
            op = (LoadOp){FORM_call_bif, 3, {arity, ba, ea}};
        else if (gop == GENOP_call_ext_only)
            op = (LoadOp){FORM_call_bif_only, 3, {arity, ba, ea}};
        else
            op = (LoadOp){FORM_call_bif_last, 4, {arity, ba, ea, arg(ld, 2)}};
    } else {
        op.n = ld->gi->arity;
        op.a[0] = arity;
        op.a[1] = ea;
        if (op.n == 3) op.a[2] = arg(ld, 2);
    }
    emit(ld, &op);
}

/* A select_val on small integers only, `sorted` by word, that are dense
 * enough: a jump table indexed by value - min (select_val_jt), its holes
 * leading to the fail label.  False when the values do not suit one. */
static bool select_val_table(Loader *ld, const GenArg *sorted, size_t npairs) {
    if (npairs < 3) return false;
    /* (sorted by word, which puts negative values after the others) */
    LArg lo = classify(&sorted[0]);
    SWord min = 0, max = 0;
    for (size_t i = 0; i < npairs; i++) {
        LArg v = classify(&sorted[2 * i]);
        if (v.kind != 'i') return false;
        if (!i || small_val(v.val) < min) {
            min = small_val(v.val);
            lo = v;
        }
        if (!i || small_val(v.val) > max) max = small_val(v.val);
    }
    UWord span = (UWord)max - (UWord)min + 1;
    if (span > 2 * npairs + 8 || span > 4096) return false;
    GenArg *table = malloc(span * sizeof(GenArg));
    bool *set = calloc(span, sizeof(bool));
    if (!table || !set) {
        free(table);
        free(set);
        fail(ld, "%s", "out of memory");
        return true;
    }
    for (UWord k = 0; k < span; k++) table[k] = *garg(ld, 1);
    for (size_t i = 0; i < npairs; i++) {
        UWord k = (UWord)small_val(classify(&sorted[2 * i]).val) - (UWord)min;
        if (!set[k]) table[k] = sorted[2 * i + 1]; /* a repeated value: the first wins */
        set[k] = true;
    }
    LArg list = {'L', 0, table, (uint32_t)span};
    LoadOp op = {FORM_select_val_jt, 4, {arg(ld, 0), arg(ld, 1), lo, list}};
    emit(ld, &op);
    free(table);
    free(set);
    return true;
}

/* select_val: immediates go to a sorted table searched by halving. */
static void load_select_val(Loader *ld) {
    LArg list = arg(ld, 2);
    bool immediates = true;
    for (uint32_t i = 0; i < list.count; i += 2) {
        LArg v = classify(&list.list[i]);
        if (v.kind != 'a' && v.kind != 'i' && v.kind != 'n') immediates = false;
    }
    if (immediates && list.count % 2 == 0) {
        /* Sort (value, label) pairs by value word in a private copy. */
        size_t npairs = list.count / 2;
        GenArg *sorted = malloc(list.count * sizeof(GenArg) + 1);
        if (!sorted) {
            fail(ld, "%s", "out of memory");
            return;
        }
        memcpy(sorted, list.list, list.count * sizeof(GenArg));
        for (size_t i = 1; i < npairs; i++) {
            GenArg v = sorted[2 * i], l = sorted[2 * i + 1];
            size_t j = i;
            while (j > 0 && classify(&sorted[2 * (j - 1)]).val > classify(&v).val) {
                sorted[2 * j] = sorted[2 * (j - 1)];
                sorted[2 * j + 1] = sorted[2 * (j - 1) + 1];
                j--;
            }
            sorted[2 * j] = v;
            sorted[2 * j + 1] = l;
        }
        list.list = sorted;
        if (select_val_table(ld, sorted, npairs)) {
            free(sorted);
            return;
        }
        LoadOp op = {FORM_select_val_bin, 3, {arg(ld, 0), arg(ld, 1), list}};
        emit(ld, &op);
        free(sorted);
        return;
    }
    LoadOp op = {GENOP_select_val, 3, {arg(ld, 0), arg(ld, 1), list}};
    emit(ld, &op);
}

#include "load_bits.inc"
#include "load_fuse.inc"

static void add_line(Loader *ld, UWord item) {
    Module *m = ld->m;
    if (item == 0 || item >= ld->bf->nlines) return;
    LineRef *l = realloc(m->lines, (m->nlines + 1) * sizeof *l);
    if (!l) {
        fail(ld, "%s", "out of memory");
        return;
    }
    m->lines = l;
    l[m->nlines++] = (LineRef){(uint32_t)ld->len, ld->bf->lines[item].line,
                               ld->bf->lines[item].file_index};
}

static void add_func(Loader *ld, Term name, UWord arity) {
    Module *m = ld->m;
    FuncInfo *f = realloc(m->funcs, (m->nfuncs + 1) * sizeof *f);
    if (!f) {
        fail(ld, "%s", "out of memory");
        return;
    }
    m->funcs = f;
    if (m->nfuncs) f[m->nfuncs - 1].end = (uint32_t)ld->len;
    f[m->nfuncs++] = (FuncInfo){(uint32_t)ld->len, 0, name, (uint32_t)arity};
}

/* Loads one generic instruction. */
static void load_instr(Loader *ld) {
    const GenInstr *gi = ld->gi;
    if (fuse(ld)) return;
    switch (gi->op) {
    case GENOP_label: {
        UWord l = garg(ld, 0)->val;
        if (l >= ld->bf->nlabels) fail(ld, "%s", "label number out of range");
        else ld->labels[l] = (uint32_t)ld->len;
        return;
    }
    case GENOP_line:
        add_line(ld, garg(ld, 0)->val);
        return;
    case GENOP_executable_line:
    case GENOP_debug_line:
    case GENOP_nif_start:
    case GENOP_int_code_end:
        return;
    case GENOP_on_load:
        ld->m->on_load = (const Instr *)(uintptr_t)(ld->len + 1); /* resolved after */
        return;
    case GENOP_func_info:
        add_func(ld, garg(ld, 1)->term, garg(ld, 2)->val);
        break;
    case GENOP_call_ext:
    case GENOP_call_ext_last:
    case GENOP_call_ext_only:
        load_call_ext(ld);
        return;
    case GENOP_bif0:
        load_bif(ld, 0, false);
        return;
    case GENOP_bif1:
        load_bif(ld, 1, false);
        return;
    case GENOP_bif2:
        load_bif(ld, 2, false);
        return;
    case GENOP_gc_bif1:
        load_bif(ld, 1, true);
        return;
    case GENOP_gc_bif2:
        load_bif(ld, 2, true);
        return;
    case GENOP_gc_bif3:
        load_bif(ld, 3, true);
        return;
    case GENOP_select_val:
        load_select_val(ld);
        return;
    case GENOP_get_map_elements:
    case GENOP_has_map_fields:
    case GENOP_put_map_assoc:
    case GENOP_put_map_exact:
        if (load_maps(ld)) return;
        break;
    case GENOP_bs_create_bin:
    case GENOP_bs_match_string:
    case GENOP_bs_put_string:
    case GENOP_bs_match:
        load_bits(ld);
        return;
    case GENOP_call_fun2: {
        /* The tag (safe, unsafe, or a fun type) only informs a JIT: dropped. */
        LoadOp op = {GENOP_call_fun2, 3, {{'u', 0, NULL, 0}, arg(ld, 1), arg(ld, 2)}};
        emit(ld, &op);
        return;
    }
    case GENOP_make_fun2: {
        /* Before OTP 24: the free variables are x0.., the closure goes to x0. */
        UWord idx = garg(ld, 0)->val;
        if (idx >= ld->bf->nfuns) {
            fail(ld, "%s", "fun index out of range");
            return;
        }
        LoadOp op = {GENOP_make_fun2, 1, {{'F', (UWord)(uintptr_t)ld->m->funs[idx], NULL, 0}}};
        emit(ld, &op);
        return;
    }
    case GENOP_make_fun3: {
        UWord idx = garg(ld, 0)->val;
        if (idx >= ld->bf->nfuns) {
            fail(ld, "%s", "fun index out of range");
            return;
        }
        LoadOp op = {GENOP_make_fun3, 3,
                     {{'F', (UWord)(uintptr_t)ld->m->funs[idx], NULL, 0}, arg(ld, 1), arg(ld, 2)}};
        emit(ld, &op);
        return;
    }
    default:
        break;
    }
    LoadOp op = {gi->op, gi->arity, {{0}}};
    if (gi->arity > MAX_LOAD_ARGS) {
        fail(ld, "%s", "too many operands");
        return;
    }
    for (unsigned i = 0; i < gi->arity; i++) op.a[i] = arg(ld, i);
    emit(ld, &op);
}

static FunEntry *make_fun_entry(Loader *ld, const BeamFun *bf_fun) {
    FunEntry *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->module = ld->m->name;
    f->name = bf_fun->name;
    f->arity = bf_fun->arity >= bf_fun->nfree ? bf_fun->arity - bf_fun->nfree : 0;
    f->nfree = bf_fun->nfree;
    f->index = bf_fun->index;
    f->old_uniq = bf_fun->old_uniq;
    f->md5_lazy = true; /* ld_fun_md5 */
    f->owner = ld->m;
    return f;
}

/* The address of a label in `code` (the finished code array), or NULL. */
static const Instr *label_addr(const Loader *ld, const Instr *code, uint32_t label) {
    if (label >= ld->bf->nlabels || ld->labels[label] == UINT32_MAX) return NULL;
    return code + ld->labels[label];
}

void ld_module_free(Module *m) {
    if (!m) return;
    free(m->code);
    lit_free(&m->literals);
    free(m->funcs);
    free(m->lines);
    free(m->files);
    for (uint32_t i = 0; i < m->nfuns; i++) free(m->funs[i]);
    free(m->funs);
    free(m->exports);
    free(m->export_code);
    free(m->native_calls);
    free(m->imports);
    free(m->strings);
    free(m->md5_input);
    free(m);
}

Module *ld_load(girder_vm *vm, BeamFile *bf, StrBuf *err) {
    Loader ld = {0};
    ld.vm = vm;
    ld.bf = bf;
    ld.err = err;
    ld.op_addr = vm->op_addr;
    Module *m = calloc(1, sizeof *m);
    ld.m = m;
    ld.labels = malloc(((size_t)bf->nlabels + 1) * sizeof(uint32_t));
    if (!m || !ld.labels) {
        sb_puts(err, "out of memory");
        free(m);
        free(ld.labels);
        return NULL;
    }
    memset(ld.labels, 0xFF, ((size_t)bf->nlabels + 1) * sizeof(uint32_t));
    m->name = bf->module;
    m->literals = bf->lit; /* the module takes over the literal area */
    lit_init(&bf->lit);
    m->attributes = bf->attributes;
    m->compile_info = bf->compile_info;
    m->md5_input = bf->md5_input; /* digested when asked (module_md5.c) */
    m->md5_input_len = bf->md5_input_len;
    bf->md5_input = NULL;
    atomic_store(&m->md5_state, MD5_PENDING);
    m->files = calloc(bf->nfiles + 1, sizeof(Term));
    m->imports = calloc(bf->nimports + 1, sizeof(Export *));
    m->exports = calloc(bf->nexports + 1, sizeof(Export *));
    m->funs = calloc(bf->nfuns + 1, sizeof(FunEntry *));
    m->export_code = calloc(bf->nexports + 1, sizeof(const Instr *));
    if (!m->files || !m->imports || !m->exports || !m->funs || !m->export_code) {
        fail(&ld, "%s", "out of memory");
        goto out;
    }
    m->nfiles = bf->nfiles;
    if (bf->nfiles) memcpy(m->files, bf->files, bf->nfiles * sizeof(Term));
    if (bf->strings_len) {
        /* The bit syntax's string operands point into this copy. */
        m->strings = malloc(bf->strings_len);
        if (!m->strings) {
            fail(&ld, "%s", "out of memory");
            goto out;
        }
        memcpy(m->strings, bf->strings, bf->strings_len);
        m->strings_len = bf->strings_len;
    }
    for (uint32_t i = 0; i < bf->nimports; i++) {
        const BeamImport *imp = &bf->imports[i];
        m->imports[i] = export_get(vm, imp->module, imp->name, imp->arity);
        if (!m->imports[i]) {
            fail(&ld, "%s", "out of memory");
            goto out;
        }
    }
    m->nimports = bf->nimports;
    /* Fun entries exist before the code, which names them (make_fun3). */
    for (uint32_t i = 0; i < bf->nfuns; i++) {
        FunEntry *f = make_fun_entry(&ld, &bf->funs[i]);
        if (!f) {
            fail(&ld, "%s", "out of memory");
            goto out;
        }
        m->funs[m->nfuns++] = f;
    }

    for (uint32_t i = 0; i < bf->ninstrs && !ld.failed; i++) {
        ld.gi = &bf->code[i];
        if (ld.gi->op == GENOP_int_code_end) break;
        load_instr(&ld);
        i += ld.skip;
        ld.skip = 0;
    }
    ld.gi = NULL;
    if (ld.failed) goto out;
    if (m->nfuncs) m->funcs[m->nfuncs - 1].end = (uint32_t)ld.len;

    for (size_t i = 0; i < ld.npatches; i++) {
        const Instr *to = label_addr(&ld, ld.code, ld.patches[i].label);
        if (!to) {
            sb_printf(err, "%s: Code: jump to undefined label %u",
                      bf->filename ? bf->filename : "module", ld.patches[i].label);
            ld.failed = true;
            goto out;
        }
        ld.code[ld.patches[i].at] = (Instr)(uintptr_t)to;
    }
    m->code = ld.code;
    m->code_words = ld.len;
    ld.code = NULL;
    if (m->on_load) m->on_load = m->code + ((uintptr_t)m->on_load - 1);

    for (uint32_t i = 0; i < bf->nfuns; i++) {
        FunEntry *f = m->funs[i];
        f->code = label_addr(&ld, m->code, bf->funs[i].label);
        if (!f->code) {
            sb_printf(err, "%s: FunT: fun %u has no entry label", bf->filename ? bf->filename : "module", i);
            ld.failed = true;
            goto out;
        }
    }
    for (uint32_t i = 0; i < bf->nexports; i++) {
        const BeamExport *ex = &bf->exports[i];
        Export *e = export_get(vm, m->name, ex->name, ex->arity);
        if (!e) {
            fail(&ld, "%s", "out of memory");
            goto out;
        }
        const Instr *to = label_addr(&ld, m->code, ex->label);
        m->export_code[m->nexports] = to;
        m->exports[m->nexports++] = e;
        if (!to) {
            sb_printf(err, "%s: ExpT: export %u has no entry label", bf->filename ? bf->filename : "module", i);
            ld.failed = true;
            goto out;
        }
    }
out:
    free(ld.labels);
    free(ld.patches);
    free(ld.code);
    if (ld.failed) {
        ld_module_free(m);
        return NULL;
    }
    return m;
}
