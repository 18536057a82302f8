#!/usr/bin/env python3
"""Checks the peak memory of girder on the garbage collector's acceptance
programs (issue "Garbage collection that holds up"):

  - bench_lists 100: builds and drops 1 GB of lists in 10 MB rounds;
    peak RSS must stay under 100 MB;
  - bench_proxy 100000: a proxy forwards 100,000 binaries of 1 MB each;
    peak RSS must stay under 200 MB.

    rss_check.py --girder GIRDER --beams DIR [--quick]

--quick runs smaller sizes (for slow builds). Each program's output is
checked too. Prints one line per check and ends with `N passed, N failed`.
"""

import argparse
import os
import subprocess
import sys
import time

CHECKS = [
    # module, args, quick args, RSS limit in KB
    ("bench_lists", ["100"], ["10"], 100 * 1024),
    ("bench_proxy", ["100000"], ["10000"], 200 * 1024),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--girder", required=True)
    ap.add_argument("--beams", required=True)
    ap.add_argument("--quick", action="store_true")
    opts = ap.parse_args()
    passed = failed = 0
    for module, args, quick, limit_kb in CHECKS:
        use = quick if opts.quick else args
        # ru_maxrss of the children so far is a maximum over all of them:
        # run each check in a fresh wrapper process to get its own figure.
        code = ("import os,subprocess,sys,resource;"
                "r=subprocess.run(sys.argv[1:],capture_output=True);"
                "sys.stdout.buffer.write(r.stdout);"
                "sys.stderr.write('%d %d\\n'%(r.returncode,"
                "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
        start = time.monotonic()
        r = subprocess.run([sys.executable, "-c", code, opts.girder, "-pa", opts.beams,
                            module] + use, capture_output=True, timeout=900)
        wall = time.monotonic() - start
        status, rss_kb = (int(v) for v in r.stderr.decode().split()[-2:])
        out = r.stdout.decode().strip()
        want = "{%s,%s," % (module[len("bench_"):], use[0])
        ok_out = status == 0 and out.startswith(want)
        ok_rss = rss_kb < limit_kb
        ok = ok_out and ok_rss
        print("%s %s %s: %s, peak RSS %d KB (limit %d KB), %.1f s" %
              ("ok  " if ok else "FAIL", module, " ".join(use), out if ok_out else
               "bad output/status %d: %r" % (status, out), rss_kb, limit_kb, wall))
        if ok:
            passed += 1
        else:
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
