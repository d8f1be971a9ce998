"""Helpers shared by the benchmarks: timing, peak memory and a report line."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any


def compile_package() -> None:
    """Write the bytecode of this checkout's ``kfworkbook`` package, as ``pip install`` does when it installs
    the wheel, so that a measured command loads it instead of compiling about 100 modules from source
    (0.06 s of CPU a run). Python writes it on first import anyway, unless ``PYTHONDONTWRITEBYTECODE`` is set,
    as it is on some development machines and CI runners."""
    import compileall
    from pathlib import Path

    compileall.compile_dir(Path(__file__).resolve().parent.parent / "kfworkbook", quiet=1)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``fn`` and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and of finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def report(name: str, ours: float, baseline: float, baseline_name: str, extra: str = "") -> None:
    """Print one benchmark line: our time, the baseline's, and their ratio."""
    print(f"{name}: {ours:.2f} s; {baseline_name}: {baseline:.2f} s; "
          f"ratio {ours / baseline:.2f}× of baseline{'; ' + extra if extra else ''}")


# A small fresh process that starts the measured command and reports its rusage. Linux counts a child's peak
# memory from the moment it is forked: a command started straight from this (by then large) benchmark process
# would report this process's memory as its own peak. Started from the trampoline, it inherits only the
# trampoline's few MB.
_TRAMPOLINE = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump({"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
               "code": os.waitstatus_to_exitcode(status)}, report)
"""


def run_measured(command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Run ``command`` in a process of its own; its CPU seconds (user + system, with its children), peak memory
    (MB), wall seconds, standard output, and standard error. Raises SystemExit when it ends with a code not in
    ``ok``."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        usage_file = os.path.join(folder, "usage.json")
        with open(os.path.join(folder, "out"), "w+") as out, open(os.path.join(folder, "err"), "w+") as err:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", _TRAMPOLINE, usage_file, *command], stdout=out, stderr=err,
                           env=env, check=False)  # files, not pipes: a large output cannot block it
            wall = time.perf_counter() - started
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        with open(usage_file) as report:
            usage = json.load(report)
    if usage["code"] not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({usage['code']}):\n{stderr[-3000:]}")
    return {**usage, "wall": wall, "out": stdout, "err": stderr}
