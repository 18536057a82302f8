/*
 * fuzz_loader.c: libFuzzer target for the .beam reader.
 *
 * Feeds each input to beam_read() as a whole file.  Any outcome but a
 * crash, a sanitizer report, a hang or a leak is fine: malformed input must
 * come back as BEAM_ERR_FORMAT.  The atom table is rebuilt every few
 * thousand inputs so junk atoms from earlier inputs do not fill it.
 *
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
 *   tests/fuzz/make_corpus.sh corpus
 *   build-fuzz/tests/fuzz/fuzz_loader -max_len=65536 -max_total_time=300 corpus
 */
#include <stdint.h>
#include <stdlib.h>

#include "atom.h"
#include "beamfile.h"
#include "etf_detached.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static AtomTable atoms;
    static unsigned runs;
    if (runs++ % 4096 == 0) {
        if (runs > 1) atom_table_destroy(&atoms);
        if (atom_table_init(&atoms) != ATOM_OK) abort();
    }
    /* Local funs in literals cannot be resolved here; the decoder must fail
     * cleanly on them. */
    EtfDetached det;
    etf_detached_init(&det, &atoms);
    det.refuse_funs = true;
    BeamFile bf;
    StrBuf err = STRBUF_INIT;
    BeamResult r = beam_read(&bf, &det.env, "fuzz.beam", data, size, &err);
    if (r == BEAM_OK) beam_free(&bf);
    else if (r == BEAM_ERR_FORMAT && (!err.data || err.data[0] != 'f')) abort(); /* unnamed message */
    sb_free(&err);
    etf_detached_free(&det);
    return 0;
}
