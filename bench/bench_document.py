"""Benchmark: the plan document (``kfworkbook dokument``) of 1,000 plans × 60 activities — its peak memory, and its
time against the merge of the same plans.

Three commands, each in its own process, run interleaved (a round runs each once; the median is reported):

* ``dokument``: ``python -m kfworkbook dokument plans/ -o plan.docx`` (merge, then the Word document);
* ``merge``: ``python -m kfworkbook merge plans/ -o sammanstallning.xlsx`` (merge, then the summary workbook);
* ``merge()``: ``kfworkbook.summary.merge.merge`` alone — reading, validation and the Summary, no output: the
  floor the document is built on.

Figures: the peak RSS of ``dokument`` (target ≤ 300 MB at 1,000 plans; 883 MB before the document streamed
its activity rows) and what the document adds over ``merge()`` (aim ≤ 40 MB), and the CPU time (user + sys of the
process and its children, as ``wait4`` reports them) of ``dokument`` as a ratio of ``merge``'s and of
``merge()``'s, each ratio the median of the rounds' own ratios (robust on a shared machine).

``BENCH_PLANS`` sets another number of plans (written once to ``out/merge-plans-N``; 5,000 shows that the
document's share does not grow), ``BENCH_ROUNDS`` the number of rounds (3).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import compile_package, run_measured
from generate import bench_config_text, write_plans

from kfworkbook.config import load_config

HERE = Path(__file__).resolve().parent
PLANS = int(os.environ.get("BENCH_PLANS", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
OUT = HERE / "out" / ("merge-plans" if PLANS == 1000 else f"merge-plans-{PLANS}")
CONFIG = HERE / "out" / ("merge-config.toml" if PLANS == 1000 else f"merge-config-{PLANS}.toml")
TARGET_MB = 300.0
"""The issue's target for the document's peak memory at 1,000 plans."""

MERGE_ONLY = """
import sys
from kfworkbook.config import load_config
from kfworkbook.summary.merge import merge
merge([sys.argv[1]], load_config(sys.argv[2]))
"""


@dataclass
class Run:
    """One process: its CPU seconds (user + sys, with its children) and its peak resident memory (MB)."""

    cpu: float
    peak_mb: float


def run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` and measure it (its own figures, not those of earlier children or of this process)."""
    usage = run_measured(command, env)
    return Run(usage["cpu"], usage["peak_mb"])


def commands(folder: Path, config: Path, out: Path) -> dict[str, list[str]]:
    """The three commands measured, by name."""
    python = [sys.executable]
    return {
        "dokument": [*python, "-m", "kfworkbook", "dokument", str(folder), "-c", str(config), "-o",
                     str(out / "plan.docx"), "--force", "-q"],
        "merge": [*python, "-m", "kfworkbook", "merge", str(folder), "-c", str(config), "-o",
                  str(out / "sammanstallning.xlsx"), "--force", "-q"],
        "merge()": [*python, "-c", MERGE_ONLY, str(folder), str(config)],
    }


def interleaved(named: dict[str, list[str]], rounds: int, env: dict[str, str] | None = None) -> list[dict[str, Run]]:
    """Each command once per round, in turn: the rounds' figures."""
    return [{name: run(command, env) for name, command in named.items()} for _ in range(rounds)]


def median_ratio(results: list[dict[str, Run]], ours: str, base: str) -> float:
    """The median over rounds of ``ours``' CPU time over ``base``'s in the same round."""
    return statistics.median(r[ours].cpu / r[base].cpu for r in results)


def median_of(results: list[dict[str, Run]], name: str, figure: str) -> float:
    return statistics.median(getattr(r[name], figure) for r in results)


def main() -> None:
    compile_package()
    CONFIG.parent.mkdir(parents=True, exist_ok=True)
    CONFIG.write_text(bench_config_text(PLANS), encoding="utf-8")
    write_plans(OUT, PLANS, config=load_config(CONFIG))
    with tempfile.TemporaryDirectory() as tmp:
        results = interleaved(commands(OUT, CONFIG, Path(tmp)), ROUNDS)
    peak, floor = median_of(results, "dokument", "peak_mb"), median_of(results, "merge()", "peak_mb")
    target = f" (target ≤ {TARGET_MB:.0f} MB)" if PLANS == 1000 else ""
    print(f"dokument: {PLANS} plans, {PLANS * 60} activities: peak RSS {peak:.0f} MB{target}; merge() alone "
          f"{floor:.0f} MB, the document adds {peak - floor:+.0f} MB; merge (summary workbook) "
          f"{median_of(results, 'merge', 'peak_mb'):.0f} MB")
    print(f"dokument: CPU {median_of(results, 'dokument', 'cpu'):.2f} s; "
          f"ratio {median_ratio(results, 'dokument', 'merge'):.2f}× "
          f"of merge (summary workbook, {median_of(results, 'merge', 'cpu'):.2f} s), "
          f"{median_ratio(results, 'dokument', 'merge()'):.2f}× of merge() alone "
          f"({median_of(results, 'merge()', 'cpu'):.2f} s); median of {ROUNDS} interleaved rounds")


if __name__ == "__main__":
    main()
