"""The year of tests/test_ledger.py: its own förvaltning, its plans, and what each manager does at each period.

Skärholmen 2026 (invented): departments with units, a delayed status not called Försenad (Framskjuten, named
by ``forsenade_status``), open statuses not called Pågår (Ej inledd, Pågående), and a follow-up point that
names only T2 and VB (``perioder``). Twelve activities in five units, and one row holding only a comment.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from kfworkbook.config import Config, parse_config
from kfworkbook.fileio import set_text
from kfworkbook.forms import columns as C
from kfworkbook.forms import spec as F

CONFIG_TEXT = """
forvaltning = "Skärholmens stadsdelsförvaltning"
kontakt = "HR-avdelningen, Skärholmen"
plan_ar = 2026
planperiod = "2026-2028"
mallversion = "2026.1"
forsenade_status = ["Framskjuten"]

[[avdelningar]]
namn = "Förskola"
enheter = ["Bredäng", "Sätra"]
avdelningsmall = false

[[avdelningar]]
namn = "Äldreomsorg"
enheter = ["Hemtjänst", "Vård- och omsorgsboende"]
avdelningsmall = false

[[avdelningar]]
namn = "Socialtjänst"

[listor]
kategorier = ["Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla", "Avveckla"]
roller = ["Avdelningschef", "Enhetschef", "Rektor", "HR-konsult"]
malgrupper = ["Alla medarbetare", "Förskollärare", "Undersköterskor", "Socialsekreterare"]
vp_mal = ["Nämndmål: Attraktiv arbetsgivare"]
uppfoljning = ["Tertial 1 och 2 samt VB", { namn = "Delårsrapport och bokslut", perioder = ["T2", "VB"] },
               "Verksamhetsberättelse"]
status = ["Ej inledd", "Pågående", "Slutförd", "Framskjuten", "Struken"]
"""

ALL, DELAR, VB = "Tertial 1 och 2 samt VB", "Delårsrapport och bokslut", "Verksamhetsberättelse"


def config(year: int = 2026) -> Config:
    text = CONFIG_TEXT.replace("plan_ar = 2026", f"plan_ar = {year}").replace(
        'planperiod = "2026-2028"', f'planperiod = "{year}-{year + 2}"').replace(
        'mallversion = "2026.1"', f'mallversion = "{year}.1"')
    return parse_config(tomllib.loads(text), f"skarholmen-{year}.toml")


def write_config(path: Path, year: int = 2026) -> Path:
    text = CONFIG_TEXT.replace("plan_ar = 2026", f"plan_ar = {year}").replace(
        'planperiod = "2026-2028"', f'planperiod = "{year}-{year + 2}"').replace(
        'mallversion = "2026.1"', f'mallversion = "{year}.1"')
    path.write_text(text, encoding="utf-8")
    return path


def _row(category: str, goal: str, activity: str, due: Any, responsible: str, follow_up: str) -> dict[str, Any]:
    return {"category": category, "goal": goal, "activity": activity, "due": due, "responsible": responsible,
            "follow_up": follow_up}


PLANS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("Förskola", "Bredäng"): [
        _row("Rekrytera", "Fler förskollärare", "Rekryteringsmässa med Sätra", date(2026, 12, 31), "Rektor", ALL),
        _row("Utveckla", "Språkutvecklande arbetssätt", "Utbildning i språkutveckling", date(2027, 6, 30), "Rektor",
             DELAR),
        _row("Behålla", "Lägre sjukfrånvaro", "Hälsofrämjande aktiviteter", date(2026, 12, 31), "Enhetschef", ALL),
    ],
    ("Förskola", "Sätra"): [
        _row("Introducera", "Timvikarier får en bra start", "Introduktionsdag", date(2026, 3, 31), "Rektor", ALL),
        _row("Attrahera", "Sätra syns som arbetsgivare", "Öppet hus", date(2026, 10, 31), "Rektor", VB),
        {"comment": "Fler aktiviteter tas fram på APT i februari."},
    ],
    ("Äldreomsorg", "Hemtjänst"): [
        _row("Utveckla", "Undersköterskor med yrkestitel", "Validering via Komvux", date(2027, 12, 31), "Enhetschef",
             ALL),
        _row("Introducera", "Nya medarbetare går bredvid", "Två veckors bredvidgång", date(2026, 6, 30),
             "Enhetschef", ALL),
        _row("Avveckla", "Vi lär av dem som slutar", "Avslutningssamtal", date(2026, 12, 31), "HR-konsult", VB),
    ],
    ("Äldreomsorg", "Vård- och omsorgsboende"): [
        _row("Behålla", "Heltid som norm", "Erbjuda heltid", date(2026, 12, 31), "Enhetschef", ALL),
        _row("Rekrytera", "Fler undersköterskor", "Anställa vårdbiträden som studerar", date(2027, 12, 31),
             "Enhetschef", DELAR),
    ],
    ("Socialtjänst", ""): [
        _row("Introducera", "Nya socialsekreterare klarar utredningarna", "Introduktionsprogram med mentor",
             date(2026, 12, 31), "Avdelningschef", ALL),
        _row("Behålla", "Hanterbar arbetsbelastning", "Ärendetak", "Löpande", "Avdelningschef", DELAR),
    ],
}


def write_plans(templates: Path, out: Path) -> list[Path]:
    """The five managers' plans, from the templates in ``templates`` (one per unit)."""
    from kfworkbook.read.workbook import read_plan

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(templates.glob("*.xlsx")):
        meta = read_plan(path).meta
        rows = PLANS[(meta["department"], meta["unit"])]
        wb = openpyxl.load_workbook(path)
        ws = wb[C.SHEET_PLAN]
        for offset, row in enumerate(rows):
            for key, value in row.items():
                set_text(ws[f"{C.letter(key)}{C.FIRST_ROW + offset}"], value)
        info = wb[C.SHEET_INFO]
        for key, value in (("manager", "Chef"), ("email", "chef@skarholmen.example"), ("date", date(2026, 1, 30))):
            set_text(info[C.info_cell(key)], value)
        wb.save(out / path.name)
        written.append(out / path.name)
    return written


def answer(src: Path, dst: Path, period: str, answers: dict[str, tuple[Any, Any, Any]],
           clear: tuple[str, ...] = (), change: dict[str, str] | None = None, add: bool = False) -> Path:
    """Fill a follow-up workbook as its manager does: answers by Aktivitets-ID (status, comment, new date), rows
    emptied (by ID), IDs overwritten, and a row added below the table."""
    form = F.follow_up_form(period)
    wb = openpyxl.load_workbook(src)
    ws = wb[F.SHEET_FOLLOW_UP]
    id_col = form.letter(F.ID_KEY)
    rows = {}
    row = form.first_row
    while ws[f"{id_col}{row}"].value:
        rows[ws[f"{id_col}{row}"].value] = row
        row += 1
    last = row - 1
    for activity_id, (status, comment, new_due) in answers.items():
        number = rows[activity_id]
        for key, value in ((F.STATUS, status), (F.COMMENT, comment), (F.NEW_DUE, new_due)):
            if value is not None:
                ws[f"{form.letter(key)}{number}"] = value
    for activity_id in clear:
        for col in range(1, len(form.columns) + 1):
            ws.cell(rows[activity_id], col).value = None
    for old, new in (change or {}).items():
        ws[f"{id_col}{rows[old]}"] = new
    if add:
        ws[f"{form.letter('activity')}{last + 1}"] = "Språkcafé för nyanställda"
        ws[f"{form.letter(F.STATUS)}{last + 1}"] = "Pågående"
    info = wb[C.SHEET_INFO]
    for key, value in (("manager", "Chef"), ("email", "chef@skarholmen.example"),
                       ("date", {"T1": date(2026, 5, 8), "T2": date(2026, 9, 10), "VB": date(2027, 1, 15)}[period])):
        set_text(info[C.info_cell(key)], value)
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst
