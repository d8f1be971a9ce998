"""The template opened in a real spreadsheet application: LibreOffice headless."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.forms import columns as C

from .conftest import soffice_convert, soffice_convert_many

pytestmark = pytest.mark.slow


def _fill(template: Path, target: Path, rows: list[dict[str, object]]) -> Path:
    wb = openpyxl.load_workbook(template)
    ws = wb[C.SHEET_PLAN]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws[f"{C.letter(key)}{C.FIRST_ROW + offset}"] = value
    wb.save(target)
    return target


GOOD = {"category": "Utveckla", "goal": "Fler barnskötare med examen", "activity": "Barnskötarutbildning",
        "due": date(2023, 12, 31), "responsible": "Rektor", "follow_up": "Tertial 1"}


def _sheet_csv(files: list[Path], sheet: str) -> list[list[str]]:
    path = next(p for p in files if p.name.endswith(f"-{sheet}.csv"))
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_template_converts_to_pdf(template_path, tmp_path):
    files = soffice_convert(template_path, "pdf", tmp_path)
    pdf = next(p for p in files if p.suffix == ".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3


@pytest.fixture(scope="module")
def csv_files(template_path, tmp_path_factory) -> dict[str, list[Path]]:
    """The empty template and a filled plan as CSV, every sheet, with one LibreOffice start."""
    root = tmp_path_factory.mktemp("csv")
    bad = {**GOOD, "activity": None, "due": date(2030, 1, 1)}
    # Other goals than GOOD's: the same goal and activity twice is a duplicate, which the sheet flags too.
    same = {**GOOD, "goal": "Fler förskollärare", "category2": "Utveckla", "due": "Löpande"}
    filled = _fill(template_path, root / "ifylld.xlsx", [GOOD, bad, {**GOOD, "goal": "Färre vikarier", "due": "löpande"},
                                                         same])
    # All sheets to CSV (the last token -1 selects every sheet; LibreOffice ≥ 7.2).
    converted = soffice_convert_many(
        [template_path, filled], "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        root / "csv")
    return {"tom": converted[template_path], "ifylld": converted[filled]}


def test_live_checks_computed_by_libreoffice(csv_files):
    files = csv_files["ifylld"]
    rows = _sheet_csv(files, C.SHEET_PLAN)
    assert rows[1][:2] == ["Kontroll", "2 rader har fel"]
    check = len(C.COLUMNS)
    assert rows[C.FIRST_ROW - 1][check] == ""
    assert rows[C.FIRST_ROW][check] == (
        "Fel: Fyll i ”Aktivitet – hur gör vi det?”. Måldatum ska vara ett datum 2022–2024 eller Löpande.")
    assert rows[C.FIRST_ROW + 1][check] == ""
    assert rows[C.FIRST_ROW + 2][check] == "Fel: Kategori 2 ska skilja sig från Kategori (UBARA)."


def test_empty_template_says_no_errors(csv_files):
    files = csv_files["tom"]
    assert _sheet_csv(files, C.SHEET_PLAN)[1][:2] == ["Kontroll", "Inga fel hittade"]


def test_libreoffice_keeps_validations_and_names(template_path, tmp_path):
    files = soffice_convert(template_path, "xlsx", tmp_path)
    wb = openpyxl.load_workbook(next(p for p in files if p.suffix == ".xlsx"))
    assert set(wb.defined_names) >= {spec.defined_name for spec in C.LISTS}
    ranges = {str(dv.sqref) for dv in wb[C.SHEET_PLAN].data_validations.dataValidation}
    assert "A6:A205" in ranges and "G6:G205" in ranges
    assert wb[C.SHEET_PLAN].protection.sheet
    assert wb[C.SHEET_LISTS].sheet_state == "hidden"
