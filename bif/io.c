/*
 * io.c: the natives under girder's I/O server (vm/girder_io.erl): encode
 * chardata for the device and write it, ask the reader thread for lines
 * and bytes of standard input, decode what was read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "../vm/stdin_reader.h"
#include "bif.h"
#include "strbuf.h"
#include "vm.h"

/* Appends code point c (valid) as the device encoding wants it. */
static void put_char(StrBuf *b, UWord c, bool dev_unicode) {
    if (!dev_unicode) {
        if (c < 256) sb_putc(b, (char)c);
        else sb_printf(b, "\\x{%lX}", (unsigned long)c);
        return;
    }
    unsigned char utf8[4];
    sb_put(b, (const char *)utf8, bits_utf8_encode(utf8, c));
}

static bool valid_code_point(SWord c) {
    return c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

/* Decodes UTF-8 bytes; false when they are not valid UTF-8. */
static bool put_utf8_bytes(StrBuf *b, const unsigned char *s, size_t n, bool dev_unicode) {
    for (UWord off = 0, used; off < 8 * n; off += used) {
        long cp = bits_utf8_decode(s, off, 8 * n - off, &used);
        if (cp < 0) return false;
        put_char(b, (UWord)cp, dev_unicode);
    }
    return true;
}

/* Walks chardata (nested lists of code points and binaries). */
static bool encode_chardata(StrBuf *b, Term t, bool in_unicode, bool dev_unicode) {
    Term *stack = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (;;) {
        if (is_list(t)) {
            Term *c = list_ptr(t);
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                Term *ns = realloc(stack, cap * sizeof *ns);
                if (!ns) { ok = false; break; }
                stack = ns;
            }
            stack[n++] = CDR(c);
            t = CAR(c);
            continue;
        }
        if (is_small(t)) {
            SWord c = small_val(t);
            if (!valid_code_point(c) || (!in_unicode && c > 255)) { ok = false; break; }
            put_char(b, (UWord)c, dev_unicode);
        } else if (is_binary(t)) {
            const unsigned char *base;
            UWord off, bits;
            binary_get(t, &base, &off, &bits);
            if (off % 8) { ok = false; break; }
            const unsigned char *s = base + off / 8;
            if (in_unicode) {
                if (!put_utf8_bytes(b, s, bits / 8, dev_unicode)) { ok = false; break; }
            } else {
                for (UWord i = 0; i < bits / 8; i++) put_char(b, s[i], dev_unicode);
            }
        } else if (t != NIL) {
            ok = false;
            break;
        }
        if (!n) break;
        t = stack[--n];
    }
    free(stack);
    return ok;
}

static FILE *out_file(Process *p, Term fd) {
    if (fd == make_small(1)) return p->vm->out;
    if (fd == make_small(2)) return p->vm->err;
    return NULL;
}

Term bif_girder_io_write_4(Process *p, Term *args) {
    FILE *f = out_file(p, args[0]);
    Term in_enc = args[1], dev_enc = args[2];
    if (!f || (in_enc != ATOM_latin1 && in_enc != ATOM_unicode && in_enc != ATOM_utf8) ||
        (dev_enc != ATOM_latin1 && dev_enc != ATOM_unicode))
        return bif_badarg(p);
    StrBuf b = STRBUF_INIT;
    bool ok = encode_chardata(&b, args[3], in_enc != ATOM_latin1, dev_enc == ATOM_unicode);
    if (ok && b.len) {
        if (fwrite(b.data, 1, b.len, f) != b.len) ok = false;
    }
    if (fflush(f) != 0) ok = false;
    sb_free(&b);
    return ok ? ATOM_ok : ATOM_error;
}

/* girder_io:read_request(line | chars, N): the reader thread will send
 * {girder_io_input, Data} (vm/stdin_reader.h).  Output written so far is
 * flushed first, so a prompt shows before the read. */
Term bif_girder_io_read_request_2(Process *p, Term *args) {
    Term kind = args[0];
    if ((kind != ATOM_line && kind != ATOM_chars) || !is_small(args[1]) || small_val(args[1]) < 0)
        return bif_badarg(p);
    fflush(p->vm->out);
    if (!stdin_request(p->vm, p->pid, kind == ATOM_line, (size_t)small_val(args[1])))
        return bif_error(p, ATOM_system_limit);
    return ATOM_ok;
}

Term bif_girder_io_decode_3(Process *p, Term *args) {
    Term bin = args[0];
    if (!is_binary(bin)) return bif_badarg(p);
    if (args[2] == ATOM_true) return bin;
    const unsigned char *base;
    UWord off, bits;
    binary_get(bin, &base, &off, &bits);
    const unsigned char *s = base + off / 8;
    size_t n = bits / 8;
    if (args[1] == ATOM_unicode) {
        Term r = proc_utf8_list(p, s, n);
        return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
    }
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    for (size_t i = 0; i < n; i++) {
        hp[2 * i] = make_small(s[i]);
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : NIL;
    }
    return n ? make_list(hp) : NIL;
}
