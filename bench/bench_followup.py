"""Benchmark: the follow-up of 1,000 units × 60 activities — making the T1 workbooks and merging them.

Baselines in the same run, on the same units: writing the plan templates (the follow-up's twin form),
and merging the plans into the summary workbook (the merge the follow-up report reuses).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import report, timed
from generate import bench_config_text, write_plans

import kfworkbook.validate.follow_up  # noqa: F401 - imported before the run, as the CLI would by then
from kfworkbook.config import load_config
from kfworkbook.forms import spec as F
from kfworkbook.output.follow_up_workbook import write_follow_up_report
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.prefill.follow_up_sources import from_summary
from kfworkbook.summary.merge import merge
from kfworkbook.template.follow_up import write_follow_ups
from kfworkbook.template.plan import write_templates

OUT = Path(__file__).parent / "out" / "merge-plans"
CONFIG = Path(__file__).parent / "out" / "merge-config.toml"
PLANS = 1000
ANSWERS = (("Pågår", "Pågår enligt plan."), ("Genomförd", "Klart; utvärderas i enkäten."),
           ("Försenad", "Flyttad till hösten."), ("Ej påbörjad", "Startar i höst."))


def answer(units: list) -> list:
    """Every activity due at T1 answered, as a returned follow-up."""
    from datetime import date

    for item in units:
        item.info = {"manager": "Chef", "email": "chef@example.com", "date": date(2022, 5, 10)}
        for n, row in enumerate(r for r in item.rows if "T1" in F.periods_of(r.get("follow_up"))):
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
    plans_summary = merge([OUT], config)
    units = from_summary(plans_summary, config)
    activities = sum(len(u.rows) for u in units)
    assert len(units) == PLANS and activities == PLANS * 60, (len(units), activities)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # The workbooks are written with the managers' answers in them (the same writer), so that the
        # merge below reads realistic returns without writing 1,000 workbooks twice.
        answered = answer(units)
        ours, paths = timed(lambda: write_follow_ups(config, answered, "T1", tmp_path / "svar"))
        base, _ = timed(lambda: write_templates(config, tmp_path / "mallar"))
        report(f"uppfoljning: {len(paths)} T1 workbooks, {activities} activities", ours, base,
               f"plan templates for {len(config.plan_units())} units",
               f"{ours / len(paths) * 1000:.0f} ms per follow-up workbook")

        def follow_up_report():
            summary = merge([tmp_path / "svar"], config)
            write_follow_up_report(summary, tmp_path / "uppfoljning_T1.xlsx")
            return summary

        ours, summary = timed(follow_up_report)
        base, _ = timed(lambda: write_summary(merge([OUT], config), tmp_path / "sammanstallning.xlsx"))
    assert summary.period == "T1" and len(summary.activities) == activities
    assert summary.totals["handed_in"] == PLANS
    report(f"merge: {PLANS} T1 follow-ups into the T1 report", ours, base, f"merge of the {PLANS} plans",
           f"{sum(r.errors for r in summary.reports)} errors found")


if __name__ == "__main__":
    main()
