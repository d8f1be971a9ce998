"""Benchmark: merging 1,000 returned plans of 60 activities (60,000 activities) into the summary workbook.

Every figure is a ratio of CPU time (user + system of the process and its children) measured in the
same run, the processes interleaved round by round, medians over the rounds — so that a busy machine
moves both sides alike:

* ``kfworkbook merge`` (the CLI, process start to exit) against
  - the naive analyst script (``naive.py``: read_excel + concat + to_excel) — target ≥ 7× faster;
  - the read floor (``floor.py read``: calamine reads the activity sheets, nothing else);
  - the physical floor (``floor.py physical``: the read floor + one 60,000 × 20 sheet of raw XML,
    zip level 1) — target ≤ 2.0×;
* the merge of 5,000 plans against the merge of 1,000 (linear: ≤ 5.2×).

Also the peak memory (RSS) of each process. ``BENCH_ROUNDS`` sets the rounds (default 3);
``BENCH_SCALE=0`` leaves out the 5,000-plan run (its 5,000 plans are generated once, ~4 minutes).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import compile_package, run_measured
from generate import bench_config_text, write_plans

from kfworkbook.config import load_config

HERE = Path(__file__).parent

OUT = HERE / "out"
PLANS = 1000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
KFWORKBOOK = Path(sys.executable).with_name("kfworkbook")


def plans(count: int) -> tuple[Path, Path]:
    """The folder of ``count`` generated plans and their configuration (made once, then reused)."""
    suffix = "" if count == PLANS else f"-{count}"
    folder, config = OUT / f"merge-plans{suffix}", OUT / f"merge-config{suffix}.toml"
    OUT.mkdir(parents=True, exist_ok=True)
    text = bench_config_text(count)
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    write_plans(folder, count, config=load_config(config))
    return folder, config


def measure(command: list[str]) -> dict[str, Any]:
    """Run ``command``; its CPU seconds (with its children), wall seconds, peak RSS (MB) and output."""
    return run_measured(command)


def merge_command(folder: Path, config: Path, out: Path, *extra: str) -> list[str]:
    """The command HR runs (``--json`` only for the count of activities, outside the timed rounds)."""
    return [str(KFWORKBOOK), "merge", str(folder), "-c", str(config), "-o", str(out), "--force", *extra]


def rows_of(result: dict[str, float]) -> int:
    data = json.loads(result["out"])
    return int(data.get("totals", {}).get("activities", data.get("rows", 0)))


def merged_rows(folder: Path, config: Path, out: Path) -> int:
    """The activities ``kfworkbook merge --json`` counts."""
    return rows_of(measure(merge_command(folder, config, out, "--json")))


def median(results: list[dict[str, float]], key: str = "cpu") -> float:
    return statistics.median(r[key] for r in results)


def main() -> None:
    compile_package()
    folder, config = plans(PLANS)
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "naive": [], "read": [], "physical": []}
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "ours": merge_command(folder, config, Path(tmp) / "sammanstallning.xlsx"),
            "naive": [sys.executable, str(HERE / "naive.py"), str(folder), str(Path(tmp) / "naiv.xlsx")],
            "read": [sys.executable, str(HERE / "floor.py"), "read", str(folder)],
            "physical": [sys.executable, str(HERE / "floor.py"), "physical", str(folder), str(Path(tmp) / "floor.xlsx")],
        }
        for _ in range(ROUNDS):
            for name, command in commands.items():
                runs[name].append(measure(command))
        counts = {name: rows_of(results[0]) for name, results in runs.items() if name != "ours"}
        counts["ours"] = merged_rows(folder, config, Path(tmp) / "json.xlsx")
    assert len(set(counts.values())) == 1 and counts["ours"] == PLANS * 60, counts
    ours = median(runs["ours"])
    print(f"merge: {PLANS} plans, {counts['ours']} activities, {ROUNDS} interleaved rounds, median CPU seconds")
    print(f"  kfworkbook merge   {ours:6.2f} s  peak {median(runs['ours'], 'peak_mb'):5.0f} MB")
    for name, label in (("naive", "naive script"), ("read", "read floor"), ("physical", "physical floor")):
        theirs = median(runs[name])
        print(f"  {label:17s}  {theirs:6.2f} s  peak {median(runs[name], 'peak_mb'):5.0f} MB  "
              f"merge = {ours / theirs:.2f}× of it" + (f" ({theirs / ours:.1f}× faster; target ≥ 7×)"
                                                      if name == "naive" else " (target ≤ 2.0×)"
                                                      if name == "physical" else ""))
    if os.environ.get("BENCH_SCALE", "1") != "0":
        scale()


def scale() -> None:
    """The merge of 5,000 plans against the merge of 1,000, interleaved."""
    small, big = plans(PLANS), plans(5 * PLANS)
    runs: dict[str, list[dict[str, float]]] = {"1000": [], "5000": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, ROUNDS - 1)):
            runs["1000"].append(measure(merge_command(*small, Path(tmp) / "s1.xlsx")))
            runs["5000"].append(measure(merge_command(*big, Path(tmp) / "s5.xlsx")))
        assert merged_rows(*big, Path(tmp) / "s5.xlsx") == 5 * PLANS * 60
    one, five = median(runs["1000"]), median(runs["5000"])
    print(f"merge: 5,000 plans {five:.2f} s (peak {median(runs['5000'], 'peak_mb'):.0f} MB) vs 1,000 plans "
          f"{one:.2f} s: {five / one:.2f}× (linear: ≤ 5.2×)")


if __name__ == "__main__":
    main()
