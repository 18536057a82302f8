/*
 * unicode.h: what the unicode module's natives share (bif/unicode.c for
 * the conversions and UTF-16/32 input, bif/unicode_utf8.c for latin1 and
 * UTF-8 input): the conversion state and its results.
 */
#ifndef GIRDER_UNICODE_H
#define GIRDER_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../vm/process.h"

typedef enum Enc { ENC_LATIN1, ENC_UTF8, ENC_UTF16, ENC_UTF32 } Enc;

/* A conversion in progress. */
typedef struct UConv {
    Enc enc;            /* input encoding */
    bool little;        /* utf16/utf32 byte order */
    bool latin1;        /* latin1 input (the UTF-8 path's flag) */
    uint32_t *cps;      /* code points converted so far (malloc'd) */
    size_t n, cap;      /* count and room in cps */
    uint8_t pend[4];    /* bytes of a sequence cut at the end of a binary */
    unsigned npend;     /* how many */
    bool nomem;         /* memory ran out */
} UConv;

void uconv_push(UConv *c, uint32_t cp);
/* The converted code points as a list, or UTF-8 encoded in a binary. */
Term uconv_list(Process *p, const UConv *c);
Term uconv_binary(Process *p, const UConv *c);
Term uconv_tuple3(Process *p, Term a, Term b, Term c);
/* characters_to_list/binary for latin1 and UTF-8 input (c->latin1 set). */
Term uconv_utf8(Process *p, UConv *c, Term data, bool to_list);
/* The same for UTF-16 and UTF-32 input (bif/unicode_utf16.c). */
Term uconv_utf16(Process *p, UConv *c, Term data, bool to_list);

#endif
