/*
 * print.c: printing terms as OTP prints them (see print.h).
 *
 * The two modes differ in small ways that must all be kept, since
 * conformance tests compare output byte for byte:
 *
 *   PRINT_DISPLAY (erts' own printer)    PRINT_WRITE (io_lib ~w)
 *   atoms quoted unless a lowercase      the same, plus '@' allowed and
 *   Latin-1 letter then alnum or _       reserved words quoted
 *   atom escapes: octal for controls,    \e, \d and \^ forms as io_lib;
 *   raw UTF-8 otherwise                  \x{...} above U+00FF
 *   printable Latin-1 lists as "..."     lists always as [...]
 *   printable ASCII binaries <<"...">>   binaries always as bytes
 *   floats as "%.6e"                     floats in the shortest form
 *   #{k=>v}                              #{k => v}
 *
 * Pids, ports, refs and funs print the same in both modes (io_lib asks
 * erts for their text).  ~w's output is a list of characters; here it is
 * written in UTF-8.  Display's output is the bytes erts writes: atoms in
 * UTF-8, string characters as single Latin-1 bytes.
 *
 * Printing walks the term with a heap-allocated stack of pending actions,
 * never the C stack, so any nesting depth prints.
 */
#include "print.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atoms_gen.h"
#include "big.h"
#include "map.h"
#include "../loader/module.h"

/* ---- atoms ---- */

/* Decodes the code point at s[*i] (atoms are valid UTF-8). */
static uint32_t next_cp(const unsigned char *s, size_t *i) {
    unsigned c = s[(*i)++];
    if (c < 0x80) return c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    uint32_t cp = c & (0x3F >> extra);
    while (extra--) cp = cp << 6 | (s[(*i)++] & 0x3F);
    return cp;
}

static bool latin1_lower(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
static bool latin1_upper(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
static bool latin1_alnum(uint32_t c) { return (c >= '0' && c <= '9') || latin1_lower(c) || latin1_upper(c); }

static void put_utf8(StrBuf *b, uint32_t cp) {
    char u[4];
    if (cp < 0x80) {
        sb_putc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 4);
    }
}

/* erts' rule: unquoted when the first character is a lowercase Latin-1
 * letter and the others are Latin-1 alphanumerics or '_'. */
static void display_atom(StrBuf *b, const AtomEntry *e) {
    const unsigned char *s = (const unsigned char *)e->name;
    if (e->len == 0) {
        sb_puts(b, "''");
        return;
    }
    bool quote = false;
    size_t i = 0;
    for (bool first = true; i < e->len && !quote; first = false) {
        uint32_t c = next_cp(s, &i);
        quote = first ? !latin1_lower(c) : !(latin1_alnum(c) || c == '_');
    }
    if (quote) sb_putc(b, '\'');
    for (i = 0; i < e->len;) {
        size_t at = i;
        uint32_t c = next_cp(s, &i);
        switch (c) {
        case '\'': sb_puts(b, "\\'"); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\f': sb_puts(b, "\\f"); break;
        case '\t': sb_puts(b, "\\t"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\b': sb_puts(b, "\\b"); break;
        case '\v': sb_puts(b, "\\v"); break;
        default:
            if (c < ' ' || (c >= 0x80 && c < 0xA0))
                sb_printf(b, "\\%03o", (unsigned)c);
            else
                sb_put(b, e->name + at, i - at);
        }
    }
    if (quote) sb_putc(b, '\'');
}

/* erl_scan's reserved words (OTP 25, no optional features enabled). */
static bool reserved_word(const char *s, size_t n) {
    static const char *const words[] = {
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
        "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of",
        "or", "orelse", "receive", "rem", "try", "when", "xor",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0) return true;
    return false;
}

/* io_lib's character escapes inside a quoted atom (quote = '\''). */
static void write_char(StrBuf *b, uint32_t c) {
    switch (c) {
    case '\'': sb_puts(b, "\\'"); return;
    case '\\': sb_puts(b, "\\\\"); return;
    case '\n': sb_puts(b, "\\n"); return;
    case '\r': sb_puts(b, "\\r"); return;
    case '\t': sb_puts(b, "\\t"); return;
    case '\v': sb_puts(b, "\\v"); return;
    case '\b': sb_puts(b, "\\b"); return;
    case '\f': sb_puts(b, "\\f"); return;
    case 27: sb_puts(b, "\\e"); return;
    case 127: sb_puts(b, "\\d"); return;
    }
    if (c < ' ' || (c >= 0x80 && c < 0xA0))
        sb_printf(b, "\\%03o", (unsigned)c);
    else if (c > 0xFF)
        sb_printf(b, "\\x{%" PRIX32 "}", c);
    else
        put_utf8(b, c);
}

/* io_lib:write_atom/1: quoted unless a lowercase Latin-1 letter followed
 * by Latin-1 alphanumerics, '_' or '@', and not a reserved word. */
static void write_atom(StrBuf *b, const AtomEntry *e) {
    const unsigned char *s = (const unsigned char *)e->name;
    bool quote = e->len == 0 || reserved_word(e->name, e->len);
    size_t i = 0;
    for (bool first = true; i < e->len && !quote; first = false) {
        uint32_t c = next_cp(s, &i);
        quote = first ? !latin1_lower(c) : !(latin1_alnum(c) || c == '_' || c == '@');
    }
    if (!quote) {
        for (i = 0; i < e->len;) put_utf8(b, next_cp(s, &i));
        return;
    }
    sb_putc(b, '\'');
    for (i = 0; i < e->len;) write_char(b, next_cp(s, &i));
    sb_putc(b, '\'');
}

void print_atom(StrBuf *b, const AtomTable *atoms, Term atom) { write_atom(b, atom_entry(atoms, atom)); }

/* ---- floats ---- */

/* Appends the shortest decimal digits that read back as d (> 0), with the
 * decimal exponent of the first digit.  For each length, the correctly
 * rounded candidate is the nearest; where the rounding interval is
 * lopsided (at powers of two) its upper neighbour may read back when it
 * does not, so that one is tried too. */
static void shortest_digits(double d, char *digits, int *ndigits, int *exp10) {
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        /* buf is "D.DDDDe[+-]XX" (or "De[+-]XX" when p == 1). */
        char *e = strchr(buf, 'e');
        int x = atoi(e + 1);
        int n = 0;
        for (char *q = buf; q < e; q++)
            if (*q != '.') digits[n++] = *q;
        if (strtod(buf, NULL) != d) {
            /* Try the next number up at this length. */
            char up[20];
            memcpy(up, digits, (size_t)n);
            int k = n - 1;
            while (k >= 0 && up[k] == '9') up[k--] = '0';
            if (k < 0) continue; /* 99..9 + 1: a shorter form, already tried */
            up[k]++;
            char txt[48];
            snprintf(txt, sizeof txt, "%.*se%d", n, up, x - n + 1);
            if (strtod(txt, NULL) != d) continue;
            memcpy(digits, up, (size_t)n);
        }
        while (n > 1 && digits[n - 1] == '0') n--;
        *ndigits = n;
        *exp10 = x;
        return;
    }
    /* Unreachable: 17 significant digits always read back. */
    snprintf(buf, sizeof buf, "%.16e", d);
    *ndigits = 0;
    for (char *q = buf; *q != 'e'; q++)
        if (*q != '.') digits[(*ndigits)++] = *q;
    *exp10 = atoi(strchr(buf, 'e') + 1);
}

void print_float_short(StrBuf *b, double d) {
    if (signbit(d)) sb_putc(b, '-');
    d = fabs(d);
    if (d == 0) {
        sb_puts(b, "0.0");
        return;
    }
    char s[24];
    int len, x;
    shortest_digits(d, s, &len, &x);
    /* The value is 0.S * 10^place.  Like OTP, write it in positional
     * notation unless the exponent form is strictly shorter, or the value
     * is at least 2^53 (past which not every integer is a double). */
    int place = x + 1;
    bool big = d >= 9007199254740992.0;
    if (place > 0 && place < len && !big) {
        sb_put(b, s, (size_t)place);
        sb_putc(b, '.');
        sb_put(b, s + place, (size_t)(len - place));
        return;
    }
    if (place == 0) {
        sb_puts(b, "0.");
        sb_put(b, s, (size_t)len);
        return;
    }
    char expl[8];
    int explen = snprintf(expl, sizeof expl, "%d", place - 1);
    int exp_cost = explen + 1 + (len == 1 ? 2 : 1);
    if (!big && place < 0 && 2 - place <= exp_cost) {
        sb_puts(b, "0.");
        for (int i = 0; i < -place; i++) sb_putc(b, '0');
        sb_put(b, s, (size_t)len);
    } else if (!big && place >= len && place - len + 2 <= exp_cost) {
        sb_put(b, s, (size_t)len);
        for (int i = 0; i < place - len; i++) sb_putc(b, '0');
        sb_puts(b, ".0");
    } else {
        sb_putc(b, s[0]);
        sb_putc(b, '.');
        if (len == 1)
            sb_putc(b, '0');
        else
            sb_put(b, s + 1, (size_t)(len - 1));
        sb_putc(b, 'e');
        sb_puts(b, expl);
    }
}

/* ---- other leaves ---- */

/* The channel number erts prints first in pids, ports and refs: 0 for the
 * local node; for another node, its atom's index (erts prints its node
 * table's, which no program can rely on). */
static UWord node_channel(Term node) { return node == ATOM_nonode_nohost ? 0 : atom_val(node); }

static void print_pid(StrBuf *b, Term t) {
    if (is_local_pid(t)) {
        UWord v = pid_val(t);
        sb_printf(b, "<0.%" PRIu64 ".%" PRIu64 ">", (uint64_t)(v & (((UWord)1 << PID_NUMBER_BITS) - 1)),
                  (uint64_t)(v >> PID_NUMBER_BITS));
    } else {
        Term *p = boxed_ptr(t);
        sb_printf(b, "<%" PRIu64 ".%" PRIu64 ".%" PRIu64 ">", (uint64_t)node_channel(p[1]), (uint64_t)p[3],
                  (uint64_t)p[4]);
    }
}

static void print_port(StrBuf *b, Term t) {
    if (is_local_port(t))
        sb_printf(b, "#Port<0.%" PRIu64 ">", (uint64_t)port_val(t));
    else
        sb_printf(b, "#Port<%" PRIu64 ".%" PRIu64 ">", (uint64_t)node_channel(boxed_ptr(t)[1]),
                  (uint64_t)boxed_ptr(t)[3]);
}

static void print_ref(StrBuf *b, Term t) {
    Term *p = boxed_ptr(t);
    const Term *ids;
    UWord n;
    if (HEADER_SUB(p[0]) == SUB_REF) {
        sb_puts(b, "#Ref<0");
        ids = p + 1;
        n = HEADER_ARITY(p[0]);
    } else {
        sb_printf(b, "#Ref<%" PRIu64, (uint64_t)node_channel(p[1]));
        ids = p + 3;
        n = HEADER_ARITY(p[0]) - 2;
    }
    /* The last id first, as erts prints them. */
    while (n-- > 0) sb_printf(b, ".%" PRIu64, (uint64_t)ids[n]);
    sb_putc(b, '>');
}

static void print_fun(StrBuf *b, const AtomTable *atoms, Term t) {
    Term *p = boxed_ptr(t);
    if (HEADER_SUB(p[0]) == SUB_EXPORT) {
        /* erlang:fun_to_list/1 quotes with erts' rules in both modes. */
        const Export *ex = (const Export *)(uintptr_t)p[1];
        sb_puts(b, "fun ");
        display_atom(b, atom_entry(atoms, ex->module));
        sb_putc(b, ':');
        display_atom(b, atom_entry(atoms, ex->name));
        sb_printf(b, "/%u", ex->arity);
    } else {
        /* The module name goes out raw, unquoted. */
        const FunEntry *fe = (const FunEntry *)(uintptr_t)p[1];
        const AtomEntry *m = atom_entry(atoms, fe->module);
        sb_puts(b, "#Fun<");
        sb_put(b, m->name, m->len);
        sb_printf(b, ".%u.%u>", fe->index, fe->old_uniq);
    }
}

/* erts' test for a list shown as a string: a proper, non-empty list of
 * Latin-1 characters that are printable or space-like. */
static bool display_string_ok(Term t) {
    while (is_list(t)) {
        Term *c = list_ptr(t);
        if (!is_small(CAR(c))) return false;
        SWord v = small_val(CAR(c));
        if (v < 0 || v > 255) return false;
        bool space = v == ' ' || v == '\n' || v == '\t' || v == '\r';
        if ((v < ' ' || v == 127 || (v >= 128 && v < 160)) && !space) return false;
        t = CDR(c);
    }
    return is_nil(t);
}

static void print_display_string(StrBuf *b, Term t) {
    sb_putc(b, '"');
    for (; is_list(t); t = CDR(list_ptr(t))) {
        char c = (char)small_val(CAR(list_ptr(t)));
        if (c == '\n') {
            sb_puts(b, "\\n");
        } else {
            if (c == '"') sb_putc(b, '\\'); /* erts escapes only these two */
            sb_putc(b, c);
        }
    }
    sb_putc(b, '"');
}

static void print_bits(StrBuf *b, Term t, PrintMode mode) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    UWord nbytes = bits / 8;
    unsigned rest = (unsigned)(bits % 8);
    /* The byte starting `bit` bits in (the last may be partial). */
#define BYTE_AT(bit) \
    ((unsigned)(((bit) % 8) ? ((base[(bit) / 8] << ((bit) % 8)) | (base[(bit) / 8 + 1] >> (8 - (bit) % 8))) & 0xFF \
                            : base[(bit) / 8]))
    bool text = mode == PRINT_DISPLAY && rest == 0 && nbytes > 0;
    for (UWord i = 0; text && i < nbytes; i++) {
        unsigned c = BYTE_AT(off + 8 * i);
        text = c >= ' ' && c < 127;
    }
    if (text) {
        sb_puts(b, "<<\"");
        for (UWord i = 0; i < nbytes; i++) {
            char c = (char)BYTE_AT(off + 8 * i);
            if (c == '"') sb_putc(b, '\\');
            sb_putc(b, c);
        }
        sb_puts(b, "\">>");
        return;
    }
    sb_puts(b, "<<");
    for (UWord i = 0; i < nbytes; i++) sb_printf(b, i ? ",%u" : "%u", BYTE_AT(off + 8 * i));
    if (rest) {
        /* The last partial byte: its top `rest` bits, as a number. */
        UWord bit = off + 8 * nbytes;
        unsigned v = base[bit / 8] << (bit % 8) & 0xFF;
        if (bit % 8 + rest > 8) v |= base[bit / 8 + 1] >> (8 - bit % 8);
        v = (v & 0xFF) >> (8 - rest);
        sb_printf(b, nbytes ? ",%u:%u" : "%u:%u", v, rest);
    }
    sb_puts(b, ">>");
#undef BYTE_AT
}

/* ---- the walk ---- */

/* A pending action. */
typedef enum {
    ACT_TERM,     /* print term a */
    ACT_TEXT,     /* print the C string at a */
    ACT_ELEMS,    /* print the n terms at a, comma-separated */
    ACT_TAIL,     /* continue a list whose next cell or tail is a */
    ACT_PAIRS,    /* print map pairs n.. of flat map a */
    ACT_NODE,     /* print the pairs under children (n & ACT_INDEX) .. of the
                   * hash-trie node at a; n & ACT_FIRST: no comma before the
                   * first pair */
    ACT_DNODE     /* display children n.. of the hash-trie node at a, as
                   * erts displays its nodes */
} ActKind;

#define ACT_FIRST ((UWord)1 << 62)
#define ACT_INDEX (ACT_FIRST - 1)

typedef struct Act {
    ActKind kind; /* what to do */
    UWord a;      /* a term, a pointer, or a C string */
    UWord n;      /* a count or an index */
} Act;

typedef struct ActStack {
    Act *acts;      /* the stack: `local` or malloc'd */
    size_t len;     /* in use */
    size_t cap;     /* allocated */
    bool failed;    /* out of memory: output is cut short */
    Act local[64];  /* most terms need no more */
} ActStack;

static void push(ActStack *s, ActKind kind, UWord a, UWord n) {
    if (s->len == s->cap) {
        size_t cap = s->cap * 2;
        Act *na = s->acts == s->local ? malloc(cap * sizeof *na) : realloc(s->acts, cap * sizeof *na);
        if (!na) {
            s->failed = true;
            return;
        }
        if (s->acts == s->local) memcpy(na, s->local, sizeof s->local);
        s->acts = na;
        s->cap = cap;
    }
    s->acts[s->len++] = (Act){kind, a, n};
}

static void push_text(ActStack *s, const char *text) { push(s, ACT_TEXT, (UWord)(uintptr_t)text, 0); }

/* Prints one term, pushing what is left of a compound. */
static void print_one(StrBuf *b, const AtomTable *atoms, Term t, PrintMode mode, ActStack *s) {
    if (is_small(t)) {
        sb_printf(b, "%" PRId64, (int64_t)small_val(t));
    } else if (is_atom(t)) {
        if (mode == PRINT_DISPLAY)
            display_atom(b, atom_entry(atoms, t));
        else
            write_atom(b, atom_entry(atoms, t));
    } else if (is_nil(t)) {
        sb_puts(b, "[]");
    } else if (is_local_pid(t)) {
        print_pid(b, t);
    } else if (is_local_port(t)) {
        print_port(b, t);
    } else if (is_list(t)) {
        if (mode == PRINT_DISPLAY && display_string_ok(t)) {
            print_display_string(b, t);
            return;
        }
        sb_putc(b, '[');
        push(s, ACT_TAIL, CDR(list_ptr(t)), 0);
        push(s, ACT_TERM, CAR(list_ptr(t)), 0);
    } else if (is_boxed(t)) {
        Term *p = boxed_ptr(t);
        switch (HEADER_SUB(p[0])) {
        case SUB_TUPLE:
            sb_putc(b, '{');
            push_text(s, "}");
            push(s, ACT_ELEMS, (UWord)(uintptr_t)(p + 1), HEADER_ARITY(p[0]));
            break;
        case SUB_POS_BIG:
        case SUB_NEG_BIG:
            big_to_string(b, t, 10);
            break;
        case SUB_FLOAT:
            if (mode == PRINT_DISPLAY)
                sb_printf(b, "%.6e", float_val(t));
            else
                print_float_short(b, float_val(t));
            break;
        case SUB_REF:
        case SUB_EXT_REF:
            print_ref(b, t);
            break;
        case SUB_FUN:
        case SUB_EXPORT:
            print_fun(b, atoms, t);
            break;
        case SUB_REFC_BIN:
        case SUB_HEAP_BIN:
        case SUB_SUB_BIN:
            print_bits(b, t, mode);
            break;
        case SUB_EXT_PID:
            print_pid(b, t);
            break;
        case SUB_EXT_PORT:
            print_port(b, t);
            break;
        case SUB_MAP:
            if (!map_is_flat(t) && mode == PRINT_DISPLAY) {
                /* erlang:display shows a hash trie's nodes: #<bitmap>{...}. */
                sb_printf(b, "#<%x>{", (unsigned)(boxed_ptr(t)[1] >> MAP_BITMAP_SHIFT & 0xFFFF));
                push_text(s, "}");
                push(s, ACT_DNODE, (UWord)(uintptr_t)boxed_ptr(t), 0);
                break;
            }
            sb_puts(b, "#{");
            push_text(s, "}");
            if (map_is_flat(t))
                push(s, ACT_PAIRS, t, 0);
            else
                push(s, ACT_NODE, (UWord)(uintptr_t)boxed_ptr(t), ACT_FIRST);
            break;
        case SUB_MATCH:
            sb_puts(b, "#MatchState");
            break;
        default:
            sb_printf(b, "<unknown:%#" PRIx64 ">", (uint64_t)t);
            break;
        }
    } else {
        sb_printf(b, "<unknown:%#" PRIx64 ">", (uint64_t)t);
    }
}

void print_term(StrBuf *b, const AtomTable *atoms, Term t, PrintMode mode) {
    ActStack s;
    s.acts = s.local;
    s.len = 0;
    s.cap = sizeof s.local / sizeof s.local[0];
    s.failed = false;
    push(&s, ACT_TERM, t, 0);
    while (s.len > 0 && !s.failed) {
        Act a = s.acts[--s.len];
        switch (a.kind) {
        case ACT_TERM:
            print_one(b, atoms, (Term)a.a, mode, &s);
            break;
        case ACT_TEXT:
            sb_puts(b, (const char *)(uintptr_t)a.a);
            break;
        case ACT_ELEMS: {
            const Term *e = (const Term *)(uintptr_t)a.a;
            if (a.n == 0) break;
            if (a.n > 1) {
                push(&s, ACT_ELEMS, (UWord)(uintptr_t)(e + 1), a.n - 1);
                push_text(&s, ",");
            }
            push(&s, ACT_TERM, e[0], 0);
            break;
        }
        case ACT_TAIL: {
            Term tl = (Term)a.a;
            if (is_nil(tl)) {
                sb_putc(b, ']');
            } else if (is_list(tl)) {
                sb_putc(b, ',');
                push(&s, ACT_TAIL, CDR(list_ptr(tl)), 0);
                push(&s, ACT_TERM, CAR(list_ptr(tl)), 0);
            } else {
                sb_putc(b, '|');
                push_text(&s, "]");
                push(&s, ACT_TERM, tl, 0);
            }
            break;
        }
        case ACT_PAIRS: {
            Term m = (Term)a.a;
            UWord i = a.n, n = flatmap_size(m);
            if (i >= n) break;
            if (i > 0) sb_putc(b, ',');
            push(&s, ACT_PAIRS, m, i + 1);
            push(&s, ACT_TERM, flatmap_values(m)[i], 0);
            push_text(&s, mode == PRINT_DISPLAY ? "=>" : " => ");
            push(&s, ACT_TERM, tuple_elems(flatmap_keys(m))[i], 0);
            break;
        }
        case ACT_DNODE: {
            const Term *node = (const Term *)(uintptr_t)a.a;
            UWord i = a.n, k = HEADER_ARITY(node[0]) - 1;
            if (i >= k) break;
            if (i > 0) sb_putc(b, ',');
            push(&s, ACT_DNODE, a.a, i + 1);
            Term c = node[2 + i];
            if (is_list(c)) { /* a leaf [K|V] shows as the cons it is */
                push(&s, ACT_TERM, c, 0);
                break;
            }
            const Term *cn = boxed_ptr(c);
            unsigned char digits[MAP_LEVEL_MAX + 1];
            unsigned nd = map_skipped_digits(node, cn, digits);
            for (unsigned j = 0; j < nd; j++) {
                sb_printf(b, "<%x>{", 1u << digits[j]);
                push_text(&s, "}");
            }
            sb_printf(b, "<%x>{", (unsigned)(cn[1] >> MAP_BITMAP_SHIFT & 0xFFFF));
            push_text(&s, "}");
            push(&s, ACT_DNODE, (UWord)(uintptr_t)cn, 0);
            break;
        }
        case ACT_NODE: {
            /* Depth first, children in order: OTP's order (map.h). */
            const Term *node = (const Term *)(uintptr_t)a.a;
            UWord i = a.n & ACT_INDEX, k = HEADER_ARITY(node[0]) - 1;
            bool first = (a.n & ACT_FIRST) != 0;
            if (i >= k) break;
            push(&s, ACT_NODE, a.a, i + 1);
            Term c = node[2 + i];
            if (is_list(c)) {
                if (!first) sb_putc(b, ',');
                push(&s, ACT_TERM, CDR(list_ptr(c)), 0);
                push_text(&s, mode == PRINT_DISPLAY ? "=>" : " => ");
                push(&s, ACT_TERM, CAR(list_ptr(c)), 0);
            } else {
                push(&s, ACT_NODE, (UWord)(uintptr_t)boxed_ptr(c), first ? ACT_FIRST : 0);
            }
            break;
        }
        }
    }
    if (s.failed) b->failed = true;
    if (s.acts != s.local) free(s.acts);
}
