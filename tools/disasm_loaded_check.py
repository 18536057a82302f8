#!/usr/bin/env python3
"""disasm_loaded_check: the internal listing (girder-disasm without
--generic) of every module given stays in step with the loaded code.

    disasm_loaded_check.py GIRDER_DISASM [DIR|FILE.beam...]

With no DIR, the ebin directories of OTP's stdlib, kernel, compiler and
erts under $ERL_ROOT (default /usr/lib/erlang) are checked; when there are
none, the check is skipped (exit status 77).

A listing that loses its place prints a "??" line (a word that is no
instruction) and stops.  Modules whose exports girder implements natively
(lists, maps, erlang...) have their stubs' first words patched with a jump;
their listing must show the patch and go on.  Prints one line per module
that fails and "N modules, N failed"; exits 1 on any failure.
"""
import glob
import os
import subprocess
import sys


def beams(paths):
    for p in paths:
        if os.path.isdir(p):
            yield from sorted(glob.glob(os.path.join(p, "*.beam")))
        else:
            yield p


def main():
    disasm, paths = sys.argv[1], sys.argv[2:]
    if not paths:
        root = os.environ.get("ERL_ROOT") or "/usr/lib/erlang"
        for app in ("stdlib", "kernel", "compiler", "erts"):
            paths += sorted(glob.glob(os.path.join(root, "lib", app + "-*", "ebin")))
        if not paths:
            print("no OTP library found: skipped")
            sys.exit(77)
    total = failed = patched = 0
    for f in beams(paths):
        total += 1
        r = subprocess.run([disasm, f], capture_output=True, text=True)
        bad = [l for l in r.stdout.splitlines() if "??" in l.split("%")[0]]
        if r.returncode != 0 or bad or not r.stdout:
            failed += 1
            print(f"FAIL {f}: {bad[0] if bad else r.stderr.strip()[:200]}")
        patched += r.stdout.count("patched to jump to native")
    if patched == 0:
        failed += 1
        print("FAIL no module showed a patched native stub")
    print(f"{total} modules ({patched} native stubs), {failed} failed")
    sys.exit(1 if failed else 0)


main()
