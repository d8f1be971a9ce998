"""Benchmark: a merge with two oversized files beside the five demo plans (issue 20).

Ours: ``kfworkbook merge`` of the five demo plans plus a sheet that reaches XFD1048576 (~100 KB, which
once made python-calamine abort the process) and a sheet with a value in each of a million rows
(~5 MB, once 180 s and 2.7 GB). Baseline, in the same run: the merge of the five plans alone. Each
merge runs in its own process (the command line, as HR runs it), so that its peak memory is its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from common import report

from kfworkbook.demo.year import write_example_plans
from tests.hostile_files import million_rows, xfd

MERGE = """
import json, resource, sys, time
from kfworkbook.cli.app import main
start = time.perf_counter()
sys.argv = ["kfworkbook", "merge", sys.argv[1], "-o", sys.argv[2], "--force"]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"seconds": time.perf_counter() - start, "code": code,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(folder: Path, out: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MERGE, str(folder), str(out)], capture_output=True, text=True,
                          check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_seconds"] = time.perf_counter() - started
    figures["lines"] = done.stdout.strip().splitlines()[:-1]
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plans = write_example_plans(root / "fem")
        both = root / "sju"
        both.mkdir()
        for path in plans:
            shutil.copy(path, both / path.name)
        xfd(plans[0], both / "XFD.xlsx")
        million_rows(plans[0], both / "Miljon.xlsx")
        alone = min((run(root / "fem", root / "a.xlsx") for _ in range(3)), key=lambda f: f["process_seconds"])
        ours = min((run(both, root / "b.xlsx") for _ in range(3)), key=lambda f: f["process_seconds"])
    assert alone["code"] == ours["code"] == 0, (alone, ours)
    refused = [line for line in ours["lines"] if "kunde inte läsas: Filen har 1 048 576 rader" in line]
    assert len(refused) == 2, ours["lines"]
    report("merge: 5 demo plans + XFD1048576 + 1,048,576 rows", ours["process_seconds"], alone["process_seconds"],
           "the 5 plans alone", f"both refused with the reason; peak memory {ours['peak_mb']:.0f} MB vs "
           f"{alone['peak_mb']:.0f} MB; in-process merge {ours['seconds']:.2f} s vs {alone['seconds']:.2f} s")


if __name__ == "__main__":
    main()
