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

void ld_disasm_module(StrBuf *out, girder_vm *vm, const Module *m) {
    size_t i = 0;
    while (i < m->code_words) {
        int op = opcode_of(vm, m->code[i]);
        if (op < 0) {
            sb_printf(out, "%6zu  ?? %llx\n", i, (unsigned long long)m->code[i]);
            return;
        }
        const OpInfo *info = &op_info[op];
        sb_printf(out, "%6zu  %s", i, info->name);
        size_t k = i + 1;
        for (unsigned j = 0; j < info->nops; j++) {
            sb_putc(out, ' ');
            char kind = info->kinds[j];
            if (kind == 'L') {
                Instr n = m->code[k++];
                size_t pat = strlen(info->lkinds);
                sb_putc(out, '[');
                for (Instr e = 0; e < n; e++) {
                    if (e) sb_putc(out, ',');
                    print_operand(out, vm, m, info->lkinds[e % pat], m->code[k++]);
                }
                sb_putc(out, ']');
            } else {
                print_operand(out, vm, m, kind, m->code[k++]);
            }
        }
        sb_putc(out, '\n');
        i = k;
    }
}
