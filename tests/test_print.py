"""Printed pages, as LibreOffice exports them to PDF: pages per sheet, one page wide, readable size.

Every sheet's footer names the sheet (&A), so each PDF page is attributed to its sheet by its last
line. Font sizes are measured from the words' boxes in the PDF, calibrated against the same font
printed at 100 %.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.forms import columns as C
from kfworkbook.output.annotate import ISSUE_SHEET, annotate
from kfworkbook.template.plan import write_template
from kfworkbook.validate.run import validate_file

from .conftest import soffice_convert, soffice_convert_many
from .plans import ROW_A, ROW_B, ROW_C, fill

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) saknas")]
SHEETS = (ISSUE_SHEET, C.SHEET_INSTRUCTIONS, C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_ANALYSIS, C.SHEET_RESULTS,
          C.SHEET_LISTS)
LONG = dict(ROW_A, goal="Alla barnskötare ska ha barnskötarutbildning eller motsvarande kompetens senast vid "
            "periodens slut, så att förskolan kan möta läroplanens krav",
            activity="Barnskötare studerar på Komvux på 50 procent av arbetstiden med bibehållen lön; vikarier tas "
            "in under studietiden och handledare på förskolan stödjer studierna.",
            comment="Startar i januari med sex deltagare; fler kan börja till hösten om budgeten räcker.")


def _pdf(path: Path, out: Path) -> Path:
    return next(p for p in soffice_convert(path, "pdf", out) if p.suffix == ".pdf")


def _pdfs(paths: list[Path], out: Path) -> list[Path]:
    """Each file's PDF, with one LibreOffice start for all of them."""
    converted = soffice_convert_many(paths, "pdf", out)
    return [next(p for p in converted[path] if p.suffix == ".pdf") for path in paths]


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def _sheet_of(page: str) -> str:
    footer = [line for line in page.splitlines() if line.strip()][-1]
    return next(name for name in SHEETS if name in footer)


def _pages(pdf: Path) -> Counter[str]:
    return Counter(_sheet_of(page) for page in _page_texts(pdf))


def _word_height(pdf: Path, word: str, page: int) -> float:
    """Height (points) of the first box of ``word`` on ``page`` of ``pdf``."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    match = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "<", html)
    assert match, word
    return float(match[2]) - float(match[1])


def test_template_prints_three_pages(template_path: Path, tmp_path: Path) -> None:
    """One page each for Instruktioner, Uppgifter, Aktivitetsplan and Analys; the hidden list sheet prints nothing."""
    assert _pages(_pdf(template_path, tmp_path)) == {C.SHEET_INSTRUCTIONS: 1, C.SHEET_INFO: 1, C.SHEET_PLAN: 1,
                                                     C.SHEET_ANALYSIS: 1}


def test_empty_result_sheet_prints_nothing(button_template_path: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(button_template_path)
    results = wb[C.SHEET_RESULTS]
    for offset in range(1, 41):  # what the button writes: one row per issue under the headers
        for column, value in enumerate(("Aktivitetsplan!A6", "Kategori (UBARA)", "Utvekla", "fel",
                                        "'Utvekla' finns inte i listan för Kategori (UBARA)."), start=1):
            results.cell(C.RESULT_HEADER_ROW + offset, column, value)
    wb.save(tmp_path / "resultat.xlsx")
    empty, with_results = _pdfs([button_template_path, tmp_path / "resultat.xlsx"], tmp_path / "pdf")
    assert _pages(empty) == {
        C.SHEET_INSTRUCTIONS: 1, C.SHEET_INFO: 1, C.SHEET_PLAN: 1, C.SHEET_ANALYSIS: 1}
    pages = _page_texts(with_results)
    printed = [p for p in pages if _sheet_of(p) == C.SHEET_RESULTS]
    assert len(printed) == 1 and "Meddelande" in printed[0] and printed[0].count("Utvekla") == 80


def test_filled_plan_prints_legibly(config, tmp_path: Path) -> None:
    """Landscape A4, one page wide, headers on every page, rows tall enough, effective font ≥ 8 pt."""
    rows = [LONG, ROW_B, ROW_C] * 10
    plan = write_template(config, config.plan_units()[1], tmp_path / "plan", rows=rows)
    calibration = openpyxl.Workbook()
    calibration.active["A1"] = "Barnskötare"
    calibration.save(tmp_path / "kalibrering.xlsx")
    pdf, calibration_pdf = _pdfs([plan, tmp_path / "kalibrering.xlsx"], tmp_path / "pdf")
    pages = _page_texts(pdf)
    counts = Counter(_sheet_of(p) for p in pages)
    assert counts[C.SHEET_INSTRUCTIONS] == 1 and counts[C.SHEET_INFO] == 1
    assert 3 <= counts[C.SHEET_PLAN] <= 8
    plan_pages = [p for p in pages if _sheet_of(p) == C.SHEET_PLAN]
    for page in plan_pages:  # every page carries the header row, first to last column: one page wide
        assert "Kategori" in page and "Kommentar" in page
        assert not re.search(r"Kommentar\s+" + C.CHECK_HEADER, page)  # the helper column is not printed
    # Every long text is printed whole: its last word appears once per row that holds it.
    for last in ("krav", "studierna.", "räcker."):
        assert sum(len(re.findall(rf"\b{last}", p)) for p in plan_pages) == 10, last

    full_size = _word_height(calibration_pdf, "Barnskötare", 1)
    first_plan_page = next(i for i, p in enumerate(pages, start=1) if _sheet_of(p) == C.SHEET_PLAN)
    effective = 11 * _word_height(pdf, "Barnskötare", first_plan_page) / full_size
    assert effective >= 7.95, effective


def test_annotated_issue_sheet_fits_its_width(template_path: Path, tmp_path: Path, config) -> None:
    rows = [dict(ROW_A, category="Utvekla", due="Kontinuerligt"), dict(ROW_B, responsible="Eva Andersson"),
            dict(ROW_C, kronor="25 000 kr", due=date(2030, 1, 1))] * 12
    plan = fill(template_path, tmp_path / "plan.xlsx", rows)
    copy = annotate(validate_file(plan, config), plan, tmp_path / "granskad")
    pages = _page_texts(_pdf(copy, tmp_path / "pdf"))
    issue_pages = [p for p in pages if _sheet_of(p) == ISSUE_SHEET]
    assert len(issue_pages) >= 2
    for page in issue_pages:
        assert "Cell" in page and "Meddelande" in page  # headers repeated, last column on the page
    assert sum(p.count("Välj 'Avveckla'") for p in issue_pages) == 0
    assert sum(p.count("räknas som 'Löpande'") for p in issue_pages) == 12


def _background(pdf: Path, page: int, word: str, tmp_path: Path) -> tuple[int, int, int]:
    """The most common colour inside the box of ``word`` on ``page``: its cell's fill as printed."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    box = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">' + re.escape(word) + "<", html)
    assert box, word
    x0, y0, x1, y1 = (round(float(v)) for v in box.groups())
    subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")],
                   check=True)
    data = next(tmp_path.glob("p-*.ppm")).read_bytes()
    magic, width, _height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    width = int(width)
    colours = Counter(tuple(pixels[3 * (y * width + x):3 * (y * width + x) + 3])
                      for y in range(y0, y1) for x in range(x0, x1))
    for path in tmp_path.glob("p-*.ppm"):
        path.unlink()
    return colours.most_common(1)[0][0]


def test_annotated_colours_follow_severity(template_path: Path, tmp_path: Path, config) -> None:
    """A warning (Kontinuerligt) is amber and an error (Utvekla) red, as printed from the annotated copy."""
    plan = fill(template_path, tmp_path / "plan.xlsx", [dict(ROW_A, category="Utvekla", due="Kontinuerligt")])
    copy = annotate(validate_file(plan, config), plan, tmp_path / "granskad")
    pdf = _pdf(copy, tmp_path / "pdf")
    page = next(i for i, p in enumerate(_page_texts(pdf), start=1) if _sheet_of(p) == C.SHEET_PLAN)
    assert _background(pdf, page, "Kontinuerligt", tmp_path) == (0xFF, 0xEB, 0x9C)
    assert _background(pdf, page, "Utvekla", tmp_path) == (0xFF, 0xC7, 0xCE)


def _boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]


def _overlaps(boxes: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words printed over each other. A word's box includes the font's ascent and descent,
    so consecutive lines of one cell overlap by about a tenth of a box; overprinting overlaps more."""
    found = []
    for i, (x0, y0, x1, y1, w) in enumerate(boxes):
        for a0, b0, a1, b1, v in boxes[i + 1:]:
            if min(x1, a1) - max(x0, a0) > 1 and min(y1, b1) - max(y0, b0) > 0.3 * min(y1 - y0, b1 - b0):
                found.append((w, v))
    return found


def test_no_line_printed_over_another(config, tmp_path: Path) -> None:
    """Instruktioner and a filled plan: no word's box intersects another's (rows are tall enough)."""
    rows = [LONG, ROW_B, ROW_C] * 3
    plan = write_template(config, config.plan_units()[1], tmp_path / "plan", rows=rows)
    pdf = _pdf(plan, tmp_path / "pdf")
    for number, page in enumerate(_page_texts(pdf), start=1):
        if _sheet_of(page) in (C.SHEET_INSTRUCTIONS, C.SHEET_PLAN, C.SHEET_ANALYSIS):
            assert not _overlaps(_boxes(pdf, number)), (_sheet_of(page), _overlaps(_boxes(pdf, number))[:5])


def test_annotated_copy_rows_show_their_text(template_path: Path, tmp_path: Path, config) -> None:
    """Rows a manager pasted (no height set) get heights in the annotated copy: nothing prints over the
    row below, as it would without them (LibreOffice and Excel do not size pasted rows)."""
    rows = [dict(LONG, category="Utvekla"), ROW_B, dict(LONG, due="Kontinuerligt"), ROW_C]
    plan = fill(template_path, tmp_path / "plan.xlsx", rows)
    copy = annotate(validate_file(plan, config), plan, tmp_path / "granskad")
    sheet = openpyxl.load_workbook(copy)[C.SHEET_PLAN]
    heights = [sheet.row_dimensions[C.FIRST_ROW + n].height for n in range(5)]
    assert heights[0] > heights[1] > 15 and heights[4] is None  # empty rows keep Excel's own sizing
    pdf = _pdf(copy, tmp_path / "pdf")
    pages = [n for n, page in enumerate(_page_texts(pdf), start=1) if _sheet_of(page) == C.SHEET_PLAN]
    assert pages and all(not _overlaps(_boxes(pdf, n)) for n in pages)


def test_filled_analysis_prints_legibly(config, tmp_path: Path) -> None:
    """The Farsta example's longest analysis: every text printed whole, no line over another, font ≥ 8 pt."""
    from kfworkbook.config import PlanUnit
    from kfworkbook.demo.year import example_analysis

    values = example_analysis(config)[PlanUnit("Förskola")]
    plan = write_template(config, PlanUnit("Förskola"), tmp_path / "plan", analysis=values)
    calibration = openpyxl.Workbook()
    calibration.active["A1"] = "Prioriterade"
    calibration.save(tmp_path / "kalibrering.xlsx")
    pdf, calibration_pdf = _pdfs([plan, tmp_path / "kalibrering.xlsx"], tmp_path / "pdf")
    pages = _page_texts(pdf)
    numbers = [i for i, p in enumerate(pages, start=1) if _sheet_of(p) == C.SHEET_ANALYSIS]
    assert 1 <= len(numbers) <= 2
    printed = "\n".join(pages[i - 1] for i in numbers)
    for text in values.values():  # the last word of each text is printed
        assert text.split()[-1] in printed
    assert "Avdelningens svar" in printed and "Kontroll" in printed
    for number in numbers:
        assert not _overlaps(_boxes(pdf, number)), _overlaps(_boxes(pdf, number))[:5]
    full_size = _word_height(calibration_pdf, "Prioriterade", 1)
    effective = 11 * _word_height(pdf, "Prioriterade", numbers[0]) / full_size
    assert effective >= 7.95, effective
