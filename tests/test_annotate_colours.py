"""The annotated copy's colours win over the template's conditional formats (issue 21).

A conditional format wins over a cell's own fill in Excel and LibreOffice, so a copy that only filled
the cells would show the live check's colour wherever the template grades a cell. The plan here is
made in a template whose live checks grade two cells the other way round from the validator (amber for
any text in Måldatum, red for any text in Resurser – timmar: what a template made before issue 21
showed for free text), so the printed colours tell which one wins: the original shows the template's
colours, the annotated copy the validator's – G7 red (an error), I8 amber (a warning).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule

from kfworkbook.forms import columns as C
from kfworkbook.output.annotate import annotate
from kfworkbook.output.uncover import uncover
from kfworkbook.template.livecheck import AMBER_FILL, RED_FILL
from kfworkbook.validate.run import validate_file

from .conftest import soffice_convert_many
from .plans import ROW_A, ROW_B, ROW_C, fill, flat

RED, AMBER = (0xFF, 0xC7, 0xCE), (0xFF, 0xEB, 0x9C)


def _old_live_checks(wb: openpyxl.Workbook) -> None:
    """Live checks that grade the other way round from the validator: any text in Måldatum amber, any
    text in Resurser – timmar red."""
    ws = wb[C.SHEET_PLAN]
    ws.conditional_formatting = ConditionalFormattingList()
    for key, fill_ in (("due", AMBER_FILL), ("hours", RED_FILL)):
        letter = C.letter(key)
        ws.conditional_formatting.add(f"{letter}6:{letter}205",
                                      FormulaRule(formula=[f"ISTEXT({letter}6)"], fill=fill_, stopIfTrue=True))


def _background(pdf: Path, word: str, tmp_path: Path) -> tuple[int, int, int]:
    """The most common colour inside the box of ``word`` on the last page that prints it: its cell's fill."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = html.split("<page ")[1:]
    page = max(n for n, text in enumerate(pages, start=1) if f">{word}<" in text)
    box = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(word) + "<",
                    pages[page - 1])
    assert box, word
    x0, y0, x1, y1 = (round(float(v)) for v in box.groups())
    subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")],
                   check=True)
    image = next(tmp_path.glob("p-*.ppm"))
    magic, width, _height, depth, pixels = image.read_bytes().split(maxsplit=4)
    image.unlink()
    assert magic == b"P6" and depth == b"255"
    size = int(width)
    colours = Counter(tuple(pixels[3 * (y * size + x):3 * (y * size + x) + 3])
                      for y in range(y0, y1) for x in range(x0, x1))
    return colours.most_common(1)[0][0]  # type: ignore[return-value]


@pytest.mark.slow
def test_the_copys_colours_win_when_printed(template_path: Path, tmp_path: Path, config) -> None:
    rows = [ROW_A, dict(ROW_B, due="snart"), dict(ROW_C, hours="40 tim")]
    plan = fill(template_path, tmp_path / "in" / "plan.xlsx", rows, mutate=_old_live_checks)
    report = validate_file(plan, config)
    assert flat(report) == [("datum-ogiltigt", "G7", "fel"), ("tal-text", "I8", "varning")]
    copy = annotate(report, plan, tmp_path / "granskad")
    assert copy is not None
    converted = soffice_convert_many([plan, copy.rename(copy.with_name("granskad.xlsx"))], "pdf", tmp_path / "pdf")
    original, annotated = (next(p for p in files if p.suffix == ".pdf") for files in converted.values())
    # Without the copy's marks the template's formats show ...
    assert (_background(original, "snart", tmp_path), _background(original, "tim", tmp_path)) == (AMBER, RED)
    # ... in the copy, the validator's verdict: the error red, the warning amber.
    assert (_background(annotated, "snart", tmp_path), _background(annotated, "tim", tmp_path)) == (RED, AMBER)


def test_uncover_cuts_the_ranges_around_the_marked_cells(tmp_path: Path) -> None:
    """The rules stay on every other cell, their relative references moved to each piece's first cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.conditional_formatting.add("G6:G10", FormulaRule(formula=['AND($A6<>"",G6="x",SUMPRODUCT(--(L=$R6))>0)'],
                                                        fill=RED_FILL, stopIfTrue=True))
    ws.conditional_formatting.add("B2", FormulaRule(formula=["B2>1"], fill=AMBER_FILL))
    uncover(ws, ["G7", "G10"])
    rules = [(str(cf.sqref), [(r.priority, r.formula[0]) for r in cf.rules]) for cf in ws.conditional_formatting]
    assert rules == [("G6", [(1, 'AND($A6<>"",G6="x",SUMPRODUCT(--(L=$R6))>0)')]),
                     ("G8:G9", [(2, 'AND($A8<>"",G8="x",SUMPRODUCT(--(L=$R8))>0)')]),
                     ("B2", [(3, "B2>1")])]
