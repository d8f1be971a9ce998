"""Building filled plans for tests: a generated template with rows typed in through openpyxl."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from kfworkbook.fileio import set_text
from kfworkbook.forms import columns as C

ROW_A = {"category": "Utveckla", "vp_goal": "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare med god arbetsmiljö",
         "goal": "Fler barnskötare med examen", "activity": "Barnskötarutbildning via Komvux",
         "target_group": "Barnskötare", "due": date(2023, 12, 31), "responsible": "Rektor", "hours": 40,
         "kronor": 25000, "resources_other": "Utvecklingsenheten", "follow_up": "Tertial 1 och 2",
         "status": "Pågår", "comment": "Startar i januari"}
ROW_B = {"category": "Behålla", "category2": "Utveckla", "goal": "Närvarande och synligt ledarskap",
         "activity": "Chefer deltar i stadens ledarutvecklingsprogram", "due": "Löpande",
         "responsible": "Avdelningschef", "follow_up": "Verksamhetsberättelse"}
ROW_C = {"category": "Introducera", "goal": "Timvikarier får en tydlig introduktion",
         "activity": "Ta fram stödmaterial för introduktion av timvikarier", "target_group": "Timvikarier",
         "due": date(2022, 8, 31), "responsible": "Administratör", "follow_up": "Tertial 2"}
GOOD_ROWS = [ROW_A, ROW_B, ROW_C]
GOOD_INFO = {"manager": "Avdelningschef förskola", "email": "forskola.farsta@example.se", "date": date(2022, 1, 31)}

Mutator = Callable[[openpyxl.Workbook], None]


def fill(template: Path, target: Path, rows: list[dict[str, Any]] | None = None,
         info: dict[str, Any] | None = None, mutate: Mutator | None = None, first_row: int = C.FIRST_ROW) -> Path:
    """Copy ``template`` to ``target`` with ``rows`` typed into the activity table and ``info`` into Uppgifter."""
    wb = openpyxl.load_workbook(template)
    plan = wb[C.SHEET_PLAN]
    for offset, row in enumerate(GOOD_ROWS if rows is None else rows):
        for key, value in row.items():
            set_text(plan[f"{C.letter(key)}{first_row + offset}"], value)
    sheet = wb[C.SHEET_INFO]
    for key, value in (GOOD_INFO if info is None else info).items():
        set_text(sheet[C.info_cell(key)], value)
    if mutate is not None:
        mutate(wb)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def flat(report: Any) -> list[tuple[str, str, str]]:
    """A report's issues as (code, cell, severity), in report order."""
    return [(i.code, i.cell, i.severity) for i in report.issues]
