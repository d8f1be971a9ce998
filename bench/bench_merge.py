"""Benchmark: merging 1,000 returned plans of ~60 activities into the summary workbook.

Ours: ``kfworkbook.merge`` (parallel calamine reading, one batched validation, XlsxWriter summary
with every sheet and chart). Baseline, in the same run: what an analyst would write —
``pandas.read_excel`` per file (openpyxl), ``concat``, ``to_excel``. Each side runs in its own
process, so that its peak memory is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import report
from generate import bench_config_text, write_plans

from kfworkbook.config import load_config

OUT = Path(__file__).parent / "out" / "merge-plans"
CONFIG = Path(__file__).parent / "out" / "merge-config.toml"
PLANS = 1000

OURS = """
import json, resource, sys, time
from kfworkbook.config import load_config
from kfworkbook.summary.merge import merge
from kfworkbook.output.summary_workbook import write_summary
start = time.perf_counter()
summary = merge([sys.argv[1]], load_config(sys.argv[3]))
write_summary(summary, sys.argv[2], force=True)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(summary.activities),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "reader_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

NAIVE = """
import json, resource, sys, time, pathlib
import pandas as pd
start = time.perf_counter()
frames = [pd.read_excel(p, sheet_name="Aktivitetsplan", header=4, engine="openpyxl")
          for p in sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx"))]
merged = pd.concat(frames, ignore_index=True)
merged.to_excel(sys.argv[2], index=False)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(merged),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, folder: Path, out: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, str(folder), str(out), str(CONFIG)], capture_output=True,
                            text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process_seconds"] = time.perf_counter() - started
    return figures


def main() -> None:
    CONFIG.parent.mkdir(parents=True, exist_ok=True)
    CONFIG.write_text(bench_config_text(PLANS), encoding="utf-8")
    write_plans(OUT, PLANS, config=load_config(CONFIG))
    with tempfile.TemporaryDirectory() as tmp:
        ours = run(OURS, OUT, Path(tmp) / "sammanstallning.xlsx")
        naive = run(NAIVE, OUT, Path(tmp) / "naiv.xlsx")
    assert ours["rows"] == naive["rows"] == PLANS * 60, (ours, naive)
    report(f"merge: {PLANS} plans, {ours['rows']} activities", ours["process_seconds"], naive["process_seconds"],
           "naive read_excel + concat + to_excel",
           f"speed-up {naive['process_seconds'] / ours['process_seconds']:.1f}×; peak memory ours "
           f"{ours['peak_mb']:.0f} MB in the main process (largest reader process {ours['reader_peak_mb']:.0f} MB), "
           f"naive {naive['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
