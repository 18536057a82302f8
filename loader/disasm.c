/*
 * disasm.c: listing a loaded module's internal instructions.
 *
 * Each line is an offset, the internal instruction's name, and its
 * operands decoded by kind (registers as {x,N}/{y,N}, constants in ~w
 * form, code addresses as offsets, export entries as {extfunc,M,F,A}).
 */
#include "../vm/print.h"
#include "../vm/vm.h"
#include "load.h"
#include "ops_gen.h"

static int opcode_of(girder_vm *vm, Instr w) {
    if (!vm->op_addr) return w < OP_COUNT ? (int)w : -1;
    for (int k = 0; k < OP_COUNT; k++)
        if ((Instr)(uintptr_t)vm->op_addr[k] == w) return k;
    return -1;
}

static void print_operand(StrBuf *out, girder_vm *vm, const Module *m, char kind, Instr w) {
    switch (kind) {
    case 'x': sb_printf(out, "{x,%llu}", (unsigned long long)w); break;
    case 'y': sb_printf(out, "{y,%llu}", (unsigned long long)w); break;
    case 'r': sb_printf(out, "{fr,%llu}", (unsigned long long)w); break;
    case 'u': sb_printf(out, "%llu", (unsigned long long)w); break;
    case 'f':
        if (w == 0) sb_puts(out, "{f,0}");
        else sb_printf(out, "{f,@%ld}", (long)((const Instr *)(uintptr_t)w - m->code));
        break;
    case 's':
    case 'd':
        if ((w & 3) == 0) {
            sb_printf(out, "{%c,%llu}", (w & 8) ? 'y' : 'x', (unsigned long long)(w >> 4));
            break;
        }
        __attribute__((fallthrough)); /* a constant */
    case 'a':
    case 'i':
    case 'n':
    case 'c':
        print_term(out, &vm->atoms, (Term)w, PRINT_WRITE);
        break;
    case 'e': {
        const Export *e = (const Export *)(uintptr_t)w;
        sb_puts(out, "{extfunc,");
        print_atom(out, &vm->atoms, e->module);
        sb_putc(out, ',');
        print_atom(out, &vm->atoms, e->name);
        sb_printf(out, ",%u}", e->arity);
        break;
    }
    case 'b': sb_puts(out, "<bif>"); break;
    case 'F': sb_puts(out, "<fun>"); break;
    default: sb_printf(out, "?%llx", (unsigned long long)w); break;
    }
}

/* The native_calls entry a stub's patched jump at code[i] leads to, or
 * NULL when code[i] is not such a jump. */
static const Instr *native_entry(girder_vm *vm, const Module *m, size_t i) {
    if (!m->native_calls || i + 1 >= m->code_words || opcode_of(vm, m->code[i]) != OP_jump)
        return NULL;
    const Instr *t = (const Instr *)(uintptr_t)m->code[i + 1];
    const Instr *base = m->native_calls;
    if (t < base || t >= base + (size_t)m->nnative_calls * NATIVE_CALL_WORDS) return NULL;
    if ((size_t)(t - base) % NATIVE_CALL_WORDS) return NULL;
    return t;
}

void ld_disasm_module(StrBuf *out, girder_vm *vm, const Module *m) {
    /* A stub replaced by a native starts with a jump written over its
     * first two words; the words it overwrote are kept, so the stub's own
     * instruction is listed (after a comment line) and the walk stays in
     * step with the code that follows. */
    Instr word[2];
    size_t patched = SIZE_MAX;
    size_t i = 0;
#define WORD(k) ((k) >= patched && (k) - patched < 2 ? word[(k) - patched] : m->code[k])
    while (i < m->code_words) {
        const Instr *native = native_entry(vm, m, i);
        if (native) {
            const Export *e = (const Export *)(uintptr_t)native[3];
            sb_printf(out, "%6zu  %% patched to jump to native ", i);
            print_atom(out, &vm->atoms, e->module);
            sb_putc(out, ':');
            print_atom(out, &vm->atoms, e->name);
            sb_printf(out, "/%u; the stub was:\n", e->arity);
            word[0] = native[4];
            word[1] = native[5];
            patched = i;
        }
        int op = opcode_of(vm, WORD(i));
        if (op < 0) {
            sb_printf(out, "%6zu  ?? %llx\n", i, (unsigned long long)WORD(i));
            return;
        }
        const OpInfo *info = &op_info[op];
        sb_printf(out, "%6zu  %s", i, info->name);
        size_t k = i + 1;
        for (unsigned j = 0; j < info->nops && k < m->code_words; j++) {
            sb_putc(out, ' ');
            char kind = info->kinds[j];
            if (kind == 'L') {
                Instr n = WORD(k);
                k++;
                size_t pat = strlen(info->lkinds);
                sb_putc(out, '[');
                for (Instr e = 0; e < n && k < m->code_words; e++) {
                    if (e) sb_putc(out, ',');
                    print_operand(out, vm, m, info->lkinds[e % pat], WORD(k));
                    k++;
                }
                sb_putc(out, ']');
            } else {
                print_operand(out, vm, m, kind, WORD(k));
                k++;
            }
        }
#undef WORD
        sb_putc(out, '\n');
        i = k;
    }
}
