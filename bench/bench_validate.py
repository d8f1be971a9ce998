"""Benchmark: validation.

1. One filled plan through the CLI, process start to exit — what a manager waits for after pressing
   a button — beside a process that only runs ``import pandas, pandera`` (the floor any validation
   with these libraries pays). Measured in a runtime-only venv (``pip install`` of this repository
   without the test extras, under bench/out/runtime-venv; rebuilt only when pyproject.toml or the package
   sources change) — what a user installs — and, for information, in the venv running this benchmark.
   CPU time (user + sys) of each child process, the variants interleaved, the median of each.
2. 1,000 plans of ~60 activities through the library (read with calamine + one batched pandera
   run), beside the naive baseline that only reads each file with pandas.read_excel (openpyxl).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from common import compile_package, peak_rss_mb, report, run_measured, timed
from generate import write_plans

from kfworkbook.config import default_config
from kfworkbook.forms import columns as C
from kfworkbook.read.workbook import read_plan
from kfworkbook.validate.run import validate_plans

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).parent / "out" / "plans"
RUNTIME_VENV = Path(__file__).parent / "out" / "runtime-venv"
PLANS = 1000
RUNS = 9
FLOOR = "import pandas, pandera"


def source_key(repo: Path = REPO) -> str:
    """A hash of what a ``pip install`` of ``repo`` installs: pyproject.toml and the package's files."""
    digest = hashlib.sha256()
    files = [repo / "pyproject.toml", *sorted(p for p in (repo / "kfworkbook").rglob("*")
                                              if p.is_file() and "__pycache__" not in p.parts)]
    for path in files:
        digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def runtime_venv(venv: Path = RUNTIME_VENV, repo: Path = REPO) -> Path:
    """The python of a venv with kfworkbook installed from ``repo`` without extras, (re)built when the key changed."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = venv / ".kfworkbook-source"
    key = source_key(repo)
    if python.exists() and stamp.exists() and stamp.read_text() == key:
        return python
    shutil.rmtree(venv, ignore_errors=True)
    print(f"(building the runtime-only venv {venv} from {repo})", flush=True)
    base = getattr(sys, "_base_executable", sys.executable)  # not this venv's python: no test extras inherited
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(repo)], check=True)
    stamp.write_text(key)
    return python


def cpu_seconds(command: list[str]) -> float:
    """User + sys CPU time of running ``command`` to its end (validate exits 1 when a plan has errors)."""
    return run_measured(command, ok=(0, 1))["cpu"]


def interleaved(commands: dict[str, list[str]], runs: int = RUNS) -> dict[str, float]:
    """The median CPU seconds of each command, over ``runs`` rounds that run each command once in turn."""
    for command in commands.values():  # warm the file cache and the .pyc files
        cpu_seconds(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(cpu_seconds(command))
    return {name: statistics.median(values) for name, values in times.items()}


def cli_single(path: Path, python: Path, where: str) -> float:
    """Report `kfworkbook validate PLAN --json` against ``import pandas, pandera`` with ``python``; the ratio.

    Also, for information, against the same imports with the cyclic GC kept out as the CLI keeps it out
    (paused while importing, frozen at exit): what the CLI costs beyond its imports.
    """
    exe = python.with_name("kfworkbook" + Path(python).suffix)
    medians = interleaved({"cli": [str(exe), "validate", str(path), "--json"],
                           "floor": [str(python), "-c", FLOOR],
                           "bare": [str(python), "-c", f"import gc; gc.disable(); {FLOOR}; gc.freeze()"]})
    report(f"validate: 1 plan via the CLI, {where} (CPU time, median of {RUNS} interleaved)",
           medians["cli"], medians["floor"], f"python -c '{FLOOR}'")
    print(f"  (the same imports without the GC's sweeps: {medians['bare']:.2f} s; "
          f"the CLI {medians['cli'] / medians['bare']:.2f}× of that)")
    return medians["cli"] / medians["floor"]


def library_many(paths: list[Path]) -> None:
    config = default_config()
    ours, reports = timed(lambda: validate_plans([read_plan(p) for p in paths], config))
    rows = sum(len(r.activities) for r in reports)
    issues = sum(len(r.issues) for r in reports)

    def naive() -> int:
        return sum(len(pd.read_excel(p, sheet_name=C.SHEET_PLAN, header=C.HEADER_ROW - 1, engine="openpyxl")) for p in paths)

    base, _ = timed(naive)
    report(f"validate: {len(paths)} plans via the library", ours, base, "pandas.read_excel per file (reading only)",
           f"{rows} activities, {issues} issues, {rows / ours:,.0f} rows/s, peak {peak_rss_mb():.0f} MB")


def main() -> None:
    compile_package()
    paths = write_plans(OUT, PLANS)
    ratio = cli_single(paths[0], runtime_venv(), "runtime-only venv")
    print(f"  target ≤ 1.3×: {'met' if ratio <= 1.3 else 'NOT met'} ({ratio:.2f}×)")
    cli_single(paths[0], Path(sys.executable), "this venv (test extras: hypothesis installed), for information")
    library_many(paths)


if __name__ == "__main__":
    if sys.argv[1:] == ["--cli"]:  # only the CLI figures, on the first plan
        cli_single(write_plans(OUT, 1)[0], runtime_venv(), "runtime-only venv")
    else:
        main()
