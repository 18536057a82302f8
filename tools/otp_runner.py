"""Running Erlang test programs on real OTP and on girder, the same way.

Shared by tools/record-expected (records OTP's stdout and exit status),
tools/diffrun (runs a directory of programs on both and compares) and
tests/conformance/run (compares girder with the recorded files).

A test program is a module NAME with main/1. Its source may start with
directive comments, read until the first line that is not a comment:

    %% args: foo "bar baz"      arguments for main/1 (shell-style quoting)
    %% timeout: 120             seconds before the run counts as hung

A file NAME.input beside the source, when present, is the program's stdin;
otherwise stdin is /dev/null.

On OTP, tools/girder_otp_runner.erl plays girder's CLI: it calls
NAME:main(Args) and exits 0 when main returns, N after erlang:halt(N), 1 after
an uncaught exception, 2 when the module cannot be loaded, and it keeps
erlang:display/1 and io output in program order on stdout.
"""

import concurrent.futures
import difflib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
RUNNER_MODULE = "girder_otp_runner"
RUNNER_SOURCE = os.path.join(TOOLS_DIR, RUNNER_MODULE + ".erl")
DEFAULT_TIMEOUT = 60.0

# Variables that would change how erl behaves between machines.
_ERL_ENV_DROP = ("ERL_FLAGS", "ERL_AFLAGS", "ERL_ZFLAGS")


class RunResult:
    """What one run of one program produced."""

    def __init__(self, stdout, stderr, status, timed_out, seconds):
        self.stdout = stdout        # bytes
        self.stderr = stderr        # bytes
        self.status = status        # exit status; negative: killed by signal
        self.timed_out = timed_out  # True when killed at the timeout
        self.seconds = seconds      # wall-clock time

    def status_text(self):
        if self.timed_out:
            return "timeout after %.0f s" % self.seconds
        if self.status is not None and self.status < 0:
            try:
                name = signal.Signals(-self.status).name
            except ValueError:
                name = "signal %d" % -self.status
            return "killed by %s" % name
        return "status %d" % self.status


class Program:
    """One test program: a module with main/1 and its run settings."""

    def __init__(self, name, source=None, beam_dir=None):
        self.name = name            # module name
        self.source = source        # path of NAME.erl, or None
        self.beam_dir = beam_dir    # directory holding NAME.beam
        self.args = []              # strings passed to main/1
        self.timeout = None         # seconds from the source, or None
        self.stdin = None           # path of NAME.input, or None
        if source is not None:
            self.args, self.timeout = read_directives(source)
            inp = os.path.splitext(source)[0] + ".input"
            if os.path.exists(inp):
                self.stdin = inp

    def timeout_or(self, default):
        return self.timeout if self.timeout is not None else default


def read_directives(path):
    """Returns (args, timeout) from the leading %% comments of a source."""
    args, timeout = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            text = line.strip()
            if not text:
                continue
            if not text.startswith("%"):
                break
            body = text.lstrip("%").strip()
            key, sep, value = body.partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key == "args":
                args = shlex.split(value)
            elif key == "timeout":
                timeout = float(value)
    return args, timeout


def find_program(name, override=None):
    """Path of an executable, or raises SystemExit with a message."""
    path = shutil.which(override or name)
    if path is None:
        raise SystemExit("cannot find %s%s" % (
            override or name, "" if override else " on PATH"))
    return path


def module_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def compile_erl(sources, outdir, erlc="erlc"):
    """Compiles .erl files into outdir.

    One erlc run for all of them (one VM start); erlc stops at the first
    file that fails, so the ones left without a .beam are then compiled one
    by one. Returns {module: error text} for those that still fail.
    """
    os.makedirs(outdir, exist_ok=True)
    for src in sources:
        stale = os.path.join(outdir, module_name(src) + ".beam")
        if os.path.exists(stale):
            os.remove(stale)

    def missing(srcs):
        return [s for s in srcs if not os.path.exists(
            os.path.join(outdir, module_name(s) + ".beam"))]

    def erlc_run(srcs):
        proc = subprocess.run([erlc, "-o", outdir] + list(srcs),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return proc.stdout.decode("utf-8", "replace")

    if len(sources) > 1:
        erlc_run(sources)
    failed = {}
    for src in missing(sources):
        log = erlc_run([src])
        if missing([src]):
            lines = log.strip().splitlines()
            failed[module_name(src)] = "\n".join(lines[:12]) or "erlc failed"
    return failed


def run_command(cmd, timeout, stdin_path=None, env=None, cwd=None):
    """Runs cmd in its own process group; kills the group at the timeout."""
    start = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=cwd,
                                start_new_session=True)
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
            out, err = proc.communicate()
    finally:
        if stdin_path:
            stdin.close()
    # Whatever the leader left behind (helper processes) goes too.
    _kill_group(proc)
    return RunResult(out, err, proc.returncode, timed_out,
                     time.monotonic() - start)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class OtpRunner:
    """Runs programs on erl through tools/girder_otp_runner.erl."""

    def __init__(self, erl=None, erlc=None, workdir=None):
        self.erl = find_program("erl", erl)
        self.erlc = find_program("erlc", erlc)
        self._tmp = None
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="girder-otp-")
            workdir = self._tmp.name
        self.ebin = os.path.join(workdir, "runner-ebin")
        failed = compile_erl([RUNNER_SOURCE], self.ebin, self.erlc)
        if failed:
            raise SystemExit("cannot compile %s:\n%s" % (
                RUNNER_SOURCE, failed[RUNNER_MODULE]))

    def command(self, module, pa_dirs, args):
        cmd = [self.erl, "-noshell", "-pa", self.ebin]
        for d in pa_dirs:
            cmd += ["-pa", d]
        # Everything after -extra reaches main/1 untouched by erl.
        return cmd + ["-s", RUNNER_MODULE, "start", "-extra", module] + list(args)

    def run(self, program, timeout=DEFAULT_TIMEOUT):
        env = {k: v for k, v in os.environ.items() if k not in _ERL_ENV_DROP}
        env["ERL_CRASH_DUMP_SECONDS"] = "0"
        cmd = self.command(program.name, [program.beam_dir], program.args)
        return run_command(cmd, program.timeout_or(timeout), program.stdin, env)

    def close(self):
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def girder_command(girder, program, wrapper=None, extra=()):
    """The command line that runs program on girder."""
    cmd = shlex.split(wrapper) if wrapper else []
    cmd += [girder] + list(extra) + ["-pa", program.beam_dir, program.name]
    return cmd + list(program.args)


def run_girder(girder, program, timeout=DEFAULT_TIMEOUT, wrapper=None,
               extra=()):
    cmd = girder_command(girder, program, wrapper, extra)
    return run_command(cmd, program.timeout_or(timeout), program.stdin)


def compare(expected_out, expected_status, result):
    """Describes how result differs from the expectation.

    Returns None when stdout and status both match, else a list of lines:
    a one-line summary first, then a short diff of stdout.
    """
    problems = []
    if result.timed_out or result.status != expected_status:
        problems.append("%s (expected status %d)" % (
            result.status_text(), expected_status))
    if result.stdout != expected_out:
        problems.append("stdout differs")
    if not problems:
        return None
    if result.stdout != expected_out and \
            result.stdout.replace(b"\r", b"") == expected_out.replace(b"\r", b""):
        problems[-1] = "stdout differs only in carriage returns " \
            "(OTP's erlang:display/1 ends its line with \\r\\n)"
    lines = ["; ".join(problems)]
    if result.stdout != expected_out:
        lines += short_diff(expected_out, result.stdout)
    return lines


def short_diff(expected, actual, max_lines=12):
    """A unified diff of two byte strings, trimmed to max_lines lines.

    Line ends are shown escaped so that a missing \\r or newline is visible.
    """
    def split(data):
        text = data.decode("utf-8", "backslashreplace")
        return [l.replace("\r", "\\r").replace("\n", "\\n")
                for l in text.splitlines(keepends=True)]
    diff = list(difflib.unified_diff(split(expected), split(actual),
                                     "expected", "actual", n=1, lineterm=""))
    diff = diff[2:]  # the ---/+++ header says nothing here
    if len(diff) > max_lines:
        more = len(diff) - max_lines
        diff = diff[:max_lines] + ["... (%d more diff lines)" % more]
    return diff


def tail_lines(data, count=5):
    """The last count lines of a byte string, as text."""
    lines = data.decode("utf-8", "backslashreplace").splitlines()
    return lines[-count:]


def parallel_map(fn, items, jobs, on_done=None):
    """fn over items on up to jobs threads; results in the items' order.

    on_done(item, result), if given, is called (on the calling thread) as
    each item finishes, so progress can be printed while the rest run.
    """
    results = [None] * len(items)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        futures = {ex.submit(fn, item): i for i, item in enumerate(items)}
        for fut in concurrent.futures.as_completed(futures):
            i = futures[fut]
            results[i] = fut.result()
            if on_done is not None:
                on_done(items[i], results[i])
    return results


def default_jobs():
    return os.cpu_count() or 1
