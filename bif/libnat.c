/*
 * libnat.c: small natives of library modules (not erlang) that OTP's
 * stdlib calls and no other theme covers.
 */
#include "bif.h"

/* file:native_name_encoding/0: girder treats file names as UTF-8, as OTP
 * does on Linux by default (+fnu). */
Term bif_file_native_name_encoding_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return ATOM_utf8;
}
