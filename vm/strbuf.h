/*
 * strbuf.h: a growable byte buffer for building text (printing terms,
 * error messages, disassembly).  Allocation failure is sticky: the buffer
 * stops growing and sb_failed() reports it, so callers check once at the end.
 */
#ifndef GIRDER_STRBUF_H
#define GIRDER_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char *data;  /* NUL-terminated contents (NULL until the first append) */
    size_t len;  /* bytes used, without the NUL */
    size_t cap;  /* bytes allocated */
    bool failed; /* an allocation failed; contents are truncated */
} StrBuf;

#define STRBUF_INIT {NULL, 0, 0, false}

void sb_putc(StrBuf *b, char c);
void sb_put(StrBuf *b, const char *s, size_t n);
void sb_puts(StrBuf *b, const char *s);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty). */
const char *sb_str(const StrBuf *b);
void sb_reset(StrBuf *b);
void sb_free(StrBuf *b);
static inline bool sb_failed(const StrBuf *b) { return b->failed; }

#endif
