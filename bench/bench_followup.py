"""Benchmark: the follow-up of 1,000 units × 60 activities — the T1 report, and T2 made from the plans and T1 answers.

Two figures, each as a ratio against the plan merge (the 1,000 plans merged into the summary workbook) in the
same run, on the same units:

* merging T1: the 1,000 returned T1 follow-ups read, validated and merged into the T1 report (with its account
  of every activity);
* writing T2: the ledger built from the 1,000 plans and the 1,000 T1 answers (``kfworkbook uppfoljning --period
  T2 plans/ --svar T1/``) and the 1,000 T2 workbooks written.

``BENCH_UNITS`` sets another number of units (for a quick look); the figures in the report are for 1,000.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import peak_rss_mb, report, timed
from generate import bench_config_text, write_plans

import kfworkbook.validate.follow_up  # noqa: F401 - imported before the run, as the CLI would by then
from kfworkbook.config import load_config
from kfworkbook.forms import spec as F
from kfworkbook.forms.follow_up import periods_of
from kfworkbook.output.follow_up_workbook import write_follow_up_report
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.prefill.follow_up_sources import read_ledger
from kfworkbook.summary.merge import merge
from kfworkbook.template.follow_up import write_follow_ups

OUT = Path(__file__).parent / "out" / "merge-plans"
CONFIG = Path(__file__).parent / "out" / "merge-config.toml"
PLANS = int(os.environ.get("BENCH_UNITS", "1000"))
ANSWERS = (("Pågår", "Pågår enligt plan."), ("Genomförd", "Klart; utvärderas i enkäten."),
           ("Försenad", "Flyttad till hösten."), ("Ej påbörjad", "Startar i höst."))


def answer(units: list, config) -> list:
    """Every activity due at T1 answered, as a returned follow-up."""
    from datetime import date

    for item in units:
        item.info = {"manager": "Chef", "email": "chef@example.com", "date": date(2022, 5, 10)}
        for n, row in enumerate(r for r in item.rows if "T1" in periods_of(r.get("follow_up"), config)):
            status, comment = ANSWERS[n % len(ANSWERS)]
            row[F.STATUS], row[F.COMMENT] = status, comment
            if status == "Försenad":
                row[F.NEW_DUE] = date(2022, 11, 30)
    return units


def main() -> None:
    CONFIG.parent.mkdir(parents=True, exist_ok=True)
    CONFIG.write_text(bench_config_text(PLANS), encoding="utf-8")
    config = load_config(CONFIG)
    write_plans(OUT, PLANS, config=config)
    units = read_ledger([OUT], config).follow_up_units("T1")
    activities = sum(len(u.rows) for u in units)
    assert len(units) == PLANS and activities == PLANS * 60, (len(units), activities)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # The T1 workbooks are written with the managers' answers in them (the same writer), so that the
        # merge and the ledger below read realistic returns without writing 1,000 workbooks twice.
        write_follow_ups(config, answer(units, config), "T1", tmp_path / "svar")
        base, _ = timed(lambda: write_summary(merge([OUT], config), tmp_path / "sammanstallning.xlsx"))

        def follow_up_report():
            summary = merge([tmp_path / "svar"], config)
            write_follow_up_report(summary, tmp_path / "uppfoljning_T1.xlsx")
            return summary

        ours, summary = timed(follow_up_report)
        assert summary.period == "T1" and len(summary.activities) == activities
        assert summary.totals["handed_in"] == PLANS and summary.accounts.figures()["answered"] == activities
        report(f"merge: {PLANS} T1 follow-ups into the T1 report", ours, base, f"merge of the {PLANS} plans",
               f"{sum(r.errors for r in summary.reports)} errors found")

        parts: dict[str, float] = {}

        def write_t2():
            parts["ledger"], ledger = timed(lambda: read_ledger([OUT], config, [tmp_path / "svar"]))
            parts["write"], written = timed(lambda: write_follow_ups(config, ledger.follow_up_units("T2"), "T2",
                                                                     tmp_path / "t2"))
            return ledger, written

        ours, (ledger, paths) = timed(write_t2)
        assert len(paths) == PLANS and ledger.accounts["T1"].figures()["approved"] == activities
        report(f"uppfoljning T2: {len(paths)} workbooks from {PLANS} plans + {PLANS} T1 answers", ours, base,
               f"merge of the {PLANS} plans",
               f"the ledger (reading and validating {2 * PLANS} workbooks) {parts['ledger']:.2f} s = "
               f"{parts['ledger'] / base:.2f}×, writing the workbooks {parts['write']:.2f} s "
               f"({parts['write'] / len(paths) * 1000:.0f} ms each); peak {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
