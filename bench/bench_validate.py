"""Benchmark: validation.

1. One filled plan through the CLI, process start to exit — what a manager waits for after pressing
   a button — beside the cost of a process that only imports pandas.
2. 1,000 plans of ~60 activities through the library (read with calamine + one batched pandera
   run), beside the naive baseline that only reads each file with pandas.read_excel (openpyxl).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from common import peak_rss_mb, report, timed
from generate import write_plans

from kfworkbook.config import default_config
from kfworkbook.forms import columns as C
from kfworkbook.read.workbook import read_plan
from kfworkbook.validate.run import validate_plans

OUT = Path(__file__).parent / "out" / "plans"
PLANS = 1000


def cli_single(path: Path) -> None:
    exe = Path(sys.executable).with_name("kfworkbook")
    ours, _ = timed(lambda: subprocess.run([str(exe), "validate", str(path), "--json"], capture_output=True), 5)
    base, _ = timed(lambda: subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True), 5)
    report("validate: 1 plan via the CLI (process start to exit)", ours, base, "python -c 'import pandas'")


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
    paths = write_plans(OUT, PLANS)
    cli_single(paths[0])
    library_many(paths)


if __name__ == "__main__":
    main()
