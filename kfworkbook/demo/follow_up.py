"""The demo's follow-up steps: T1 workbooks from the approved plans (the ledger of the year), filled with a few
typical mistakes, the T1 report, and the T2 workbooks from the approved plans and the T1 answers."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Config
from ..forms import spec as F
from ..forms.follow_up import periods_of
from ..forms.spec import run_form
from ..output.annotate import annotate
from ..output.write import write_workbook
from ..prefill.follow_up_sources import read_ledger
from ..read.workbook import read_plan
from ..summary.merge import summarise
from ..template.follow_up import write_follow_ups
from ..validate.run import validate_plans


@dataclass(frozen=True)
class Answer:
    """A typical follow-up answer or mistake: which department's n-th activity due at T1, and what is written."""

    department: str
    activity: int
    status: str | None
    comment: str | None
    new_due: date | None
    shows: str


MISTAKES: tuple[Answer, ...] = (
    Answer("Förskola", 1, "Försenad", "Arbetsgruppen startar efter sommaren.", None,
           "Försenad utan nytt måldatum (fel)"),
    Answer("Stadsutveckling", 0, "Genomförd", None, None, "Genomförd utan kommentar (fel)"),
    Answer("Individ och familj", 0, "Klar", "Alla enhetschefer har gått utbildningen.", None,
           "status som inte finns i listan (fel)"),
    Answer("Individ och familj", 1, None, None, None, "status saknas (fel)"),
)
_CYCLE = (("Pågår", "Arbetet pågår enligt plan."), ("Genomförd", "Genomfört; utvärderas i medarbetarenkäten."),
          ("Ej påbörjad", "Startar under hösten."), ("Pågår", "Halva gruppen klar."))


def filled_t1(units: list[Any], config: Config) -> list[Any]:
    """The units with T1 answers: a regular pattern, then :data:`MISTAKES`; Uppgifter filled in."""
    for number, item in enumerate(units):
        item.info = {"manager": f"Avdelningschef {item.unit.department.lower()}",
                     "email": "kfp.uppfoljning@farsta.example", "date": date(config.plan_year, 5, 10 + number)}
        due = [row for row in item.rows if "T1" in periods_of(row.get("follow_up"), config)]
        for index, row in enumerate(due):
            status, comment = _CYCLE[(index + number) % len(_CYCLE)]
            row[F.STATUS], row[F.COMMENT] = status, comment
        for mistake in MISTAKES:
            if mistake.department == item.unit.department and mistake.activity < len(due):
                row = due[mistake.activity]
                for key, value in ((F.STATUS, mistake.status), (F.COMMENT, mistake.comment),
                                   (F.NEW_DUE, mistake.new_due)):
                    if value is None:
                        row.pop(key, None)
                    else:
                        row[key] = value
    return units


def run_follow_up(out: Path, config: Config, summary: Any, say: Any) -> tuple[list[Path], Path]:
    """Steps 6 and 7 of the demo: T1 workbooks (empty and filled), their validation and the T1 report; then the
    T2 workbooks from the approved plans and the T1 answers (kfworkbook uppfoljning --period T2 inlamnade/
    --svar uppfoljning-T1-inlamnade/)."""
    say("[bold]6. Uppföljning T1[/bold] – HR skriver en uppföljning per avdelning ur de godkända planerna; "
        f"cheferna svarar (här med {len(MISTAKES)} typiska misstag).")
    units = read_ledger([out / "inlamnade"], config).follow_up_units("T1")
    write_follow_ups(config, units, "T1", out / "uppfoljning-T1", force=True)
    returned = write_follow_ups(config, filled_t1(copy.deepcopy(units), config), "T1",
                                out / "uppfoljning-T1-inlamnade", force=True)
    plans = [read_plan(p) for p in returned]
    reports = validate_plans(plans, config)
    for report, path in zip(reports, returned, strict=True):
        annotate(report, path, out / "uppfoljning-T1-granskade")
    errors = sum(r.errors for r in reports)
    say(f"   {len(returned)} uppföljningar kontrollerade: {errors} fel.")
    report = write_workbook(summarise(reports, config, form=run_form(p.meta for p in plans if p.readable)),
                            out / f"uppfoljning_T1_{config.plan_year}.xlsx", force=True)
    say(f"   Uppföljningsrapporten: {report}")
    say("[bold]7. Uppföljning T2[/bold] – ur de godkända planerna och alla svar hittills, så att ingen aktivitet "
        "försvinner mellan perioderna:")
    ledger = read_ledger([out / "inlamnade"], config, [out / "uppfoljning-T1-inlamnade"])
    for line in ledger.lines("T2"):
        say(f"   {line}")
    t2 = write_follow_ups(config, ledger.follow_up_units("T2"), "T2", out / "uppfoljning-T2", force=True)
    say(f"   {len(t2)} uppföljningar för T2 i {out / 'uppfoljning-T2'}.")
    return returned, report
