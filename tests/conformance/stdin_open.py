#!/usr/bin/env python3
"""Runs io_stdin_wait on girder (+S 1) with a standard input that stays
open and silent: the ticks must print and the read must still be pending
(`still_waiting`), which shows that a process blocked on stdin holds no
scheduler.  Usage: stdin_open.py GIRDER BEAMDIR.  Ends with `N passed, N failed`."""
import os
import subprocess
import sys

girder, beams = sys.argv[1], sys.argv[2]
rd, wr = os.pipe()  # the write end stays open and silent until the end
try:
    r = subprocess.run([girder, "+S", "1", "-pa", beams, "io_stdin_wait"], stdin=rd,
                       capture_output=True, timeout=20)
    out = r.stdout.decode()
finally:
    os.close(wr)
    os.close(rd)
want = "".join("{tick,%d}\r\n" % n for n in range(5, 0, -1)) + "still_waiting\r\n"
ok = r.returncode == 0 and out.replace("\r\n", "\n") == want.replace("\r\n", "\n")
if not ok:
    print("FAIL io_stdin_wait with an open stdin: status %d, stdout %r, stderr %r"
          % (r.returncode, out, r.stderr.decode()[-500:]))
print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
sys.exit(0 if ok else 1)
