/*
 * beamfile.h: reading a .beam file into its generic form.
 *
 * beam_read() checks the IFF container, reads every chunk girder knows
 * (AtU8/Atom, Code, StrT, ImpT, ExpT, LocT, FunT, LitT, Line, Attr, CInf,
 * Type, Meta), and decodes the Code chunk into generic instructions
 * (GenInstr) whose operands (GenArg) are fully decoded compact terms.  It
 * reads nothing out of bounds whatever the input, and on failure fills the
 * error buffer with a message naming the chunk and what is wrong.
 *
 * Formats accepted, as OTP 24-28 write them: AtU8 (or the Latin-1 Atom
 * chunk) with a byte length per atom, or OTP 28's negative atom count with
 * compact-term lengths (atoms of up to 255 characters, so more than 255
 * bytes); LitT zlib-compressed after its uncompressed size word, or stored
 * as is when that word is 0 (OTP 28); Type versions 1-3 (other versions
 * leave typed registers untyped, as OTP does); Line version 0 (others are
 * ignored, as OTP does).  An empty chunk counts as absent and, when an id
 * repeats, the last chunk counts, both as in OTP.
 *
 * Register numbers are checked to be below 1024, atom, literal, label and
 * type operands to be within their tables; what an operand means to its
 * instruction (an import index, a string offset...) is left to the loader.
 *
 * This is the format-level view: the disassembler's --generic listing
 * prints it, and the loader (load.c) turns it into threaded code.
 */
#ifndef GIRDER_BEAMFILE_H
#define GIRDER_BEAMFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../gc/literal.h"
#include "../vm/atom.h"
#include "../vm/strbuf.h"
#include "etf.h"

/* Operand kinds, after decoding the compact term form. */
typedef enum ArgKind {
    ARG_U,       /* untagged integer (u tag): val */
    ARG_INT,     /* integer (i tag): term is a small or a bignum in the literal area */
    ARG_ATOM,    /* atom (a tag, index > 0): term */
    ARG_NIL,     /* [] (a tag, index 0) */
    ARG_X,       /* x register: val */
    ARG_Y,       /* y register: val */
    ARG_LABEL,   /* label (f tag): val (0 means "no label") */
    ARG_CHAR,    /* character (h tag): val */
    ARG_FLOAT,   /* float literal (old extended form): term, a boxed float */
    ARG_LIST,    /* extended list: val = index of the first element in args, count = length */
    ARG_FR,      /* float register: val */
    ARG_ALLOC,   /* allocation list: words = val, floats = count, funs = aux */
    ARG_LITERAL, /* literal table entry: val = index, term = the literal */
    ARG_TR       /* typed register: reg = ARG_X or ARG_Y, val = number, aux = type index
                    (BEAM_NO_TYPE when the file has no usable Type chunk) */
} ArgKind;

/* ARG_TR's aux when the register carries no type (no Type chunk, or one
 * of a version girder does not read: OTP then ignores the types too). */
#define BEAM_NO_TYPE UINT32_MAX

typedef struct GenArg {
    uint8_t kind;  /* an ArgKind */
    uint8_t reg;   /* for ARG_TR: ARG_X or ARG_Y */
    uint32_t count; /* ARG_LIST length; ARG_ALLOC float count */
    uint32_t aux;  /* ARG_TR type index; ARG_ALLOC fun count */
    UWord val;     /* see ArgKind */
    Term term;     /* see ArgKind */
} GenArg;

typedef struct GenInstr {
    uint16_t op;     /* generic opcode (GENOP_*) */
    uint8_t arity;   /* operands */
    uint32_t args;   /* index of the first operand in BeamFile.args */
    uint32_t offset; /* byte offset of the instruction from the start of the Code
                        chunk's contents (the first follows the header) */
} GenInstr;

typedef struct BeamImport {
    Term module, name; /* atoms */
    uint32_t arity;
} BeamImport;

typedef struct BeamExport {
    Term name;      /* atom */
    uint32_t arity;
    uint32_t label; /* entry label */
} BeamExport;

typedef struct BeamFun {
    Term name;          /* function atom */
    uint32_t arity;     /* arity of the function (free variables included) */
    uint32_t label;     /* entry label */
    uint32_t index;     /* index (as in the file) */
    uint32_t nfree;     /* free variables */
    uint32_t old_uniq;  /* uniq */
} BeamFun;

/* One entry of the Type chunk: what the compiler proved about a typed
 * register's value.  Version 1 (OTP 25) entries are 18 bytes: the 16-bit
 * type union, then minimum and maximum as raw 64-bit words (the range is
 * meaningful only when min <= max as signed numbers).  Version 2 (OTP 26)
 * and 3 (OTP 27+) entries are the 16-bit flags, whose bits 13, 14 and 15
 * announce an 8-byte minimum, an 8-byte maximum and a 1-byte unit that
 * follow. */
typedef struct BeamType {
    uint16_t flags;   /* type union (bits 0-12: atom, bitstring, match context, cons,
                         float, fun, integer, map, nil, pid, port, reference, tuple)
                         and, from version 2, the metadata bits 13-15; version
                         3's flags are moved to this layout when read */
    int64_t min, max; /* integer range as stored (0 and -1 when absent) */
    uint8_t unit;     /* bitstring size unit (1 when absent) */
} BeamType;

/* One entry of the Line chunk's item table. */
typedef struct BeamLine {
    uint32_t line;       /* line number */
    uint32_t file_index; /* index into BeamFile.files */
} BeamLine;

typedef struct BeamFile {
    const char *filename;  /* for messages (not owned) */
    Term module;           /* module name (atom 1) */
    Term *atoms;           /* atoms[1..natoms]; atoms[0] unused */
    uint32_t natoms;
    BeamImport *imports;
    uint32_t nimports;
    BeamExport *exports;
    uint32_t nexports;
    BeamExport *locals;
    uint32_t nlocals;
    BeamFun *funs;
    uint32_t nfuns;
    Term *literals;        /* the literal table, terms in `lit` */
    uint32_t nliterals;
    const uint8_t *strings; /* StrT contents (points into the file's bytes) */
    size_t strings_len;
    BeamLine *lines;       /* Line chunk items; lines[0] is "no line" (0 entries when
                              the chunk is absent or of an unknown version) */
    uint32_t nlines;
    uint32_t line_flags;   /* Line chunk flags (bit 0: executable_line, bit 1: counters) */
    uint32_t line_instrs;  /* Line chunk's count of line instructions */
    Term *files;           /* file names as charlist terms in `lit`; files[0] is the
                              implicit "Module.erl", files[i] the chunk's name i-1 */
    uint32_t nfiles;
    BeamType *types;       /* Type chunk entries (NULL when absent or unreadable) */
    uint32_t ntypes;
    uint32_t types_version; /* Type chunk version, 0 when absent */
    const uint8_t *meta;   /* Meta chunk contents, raw (points into the file), or NULL */
    size_t meta_len;
    Term attributes;       /* Attr chunk term (in lit), or [] */
    Term compile_info;     /* CInf chunk term (in lit), or [] */
    uint8_t *md5_input;    /* what Mod:module_info(md5) digests, gathered (malloc'd):
                              the atom, Code, StrT, ImpT, ExpT, FunT (old_uniq words
                              as zeros), LitT and Meta chunks' contents; ld_load takes
                              it over, beam_md5 digests it */
    size_t md5_input_len;  /* bytes in md5_input */
    uint32_t instr_set;    /* Code chunk header */
    uint32_t max_opcode;
    uint32_t nlabels;
    uint32_t nfunctions;
    GenInstr *code;        /* generic instructions, in file order */
    uint32_t ninstrs;
    GenArg *args;          /* operands of all instructions; an instruction's own operands
                              are contiguous, extended list elements follow later */
    uint32_t nargs;
    uint32_t args_cap;     /* allocated entries in args */
    LitArea lit;           /* owns every term above; a loader may take it over */
} BeamFile;

typedef enum BeamResult {
    BEAM_OK = 0,
    BEAM_ERR_FORMAT,  /* malformed: the message says where and what */
    BEAM_ERR_NOMEM
} BeamResult;

/* Reads a .beam image.  `data` must stay valid while bf is used (strings
 * point into it).  On failure, err receives "FILE: CHUNK: what is wrong"
 * and bf is left freed. */
BeamResult beam_read(BeamFile *bf, const EtfEnv *env, const char *filename, const uint8_t *data,
                     size_t len, StrBuf *err);
void beam_free(BeamFile *bf);
/* The module's MD5 (module_info(md5)), digested from bf->md5_input. */
void beam_md5(const BeamFile *bf, uint8_t digest[16]);

#endif
