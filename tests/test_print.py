"""Printed pages, as LibreOffice exports them to PDF: pages per sheet, layouts, readable size, nothing printed over.

Every sheet's footer names the sheet (&A), so each PDF page is attributed to its sheet by its last
line. Font sizes are measured from the words' boxes in the PDF, calibrated against the same font
printed at 100 %.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

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


def _sheet_of(page: str, sheets: tuple[str, ...] = SHEETS) -> str:
    """The sheet a page belongs to: the one its footer line (the line with 'Sida X av Y') names."""
    footer = next(line for line in reversed(page.splitlines()) if re.search(r"Sida \d+ av \d+", line))
    return max((name for name in sheets if name in footer), key=len)


def _pages(pdf: Path) -> Counter[str]:
    return Counter(_sheet_of(page) for page in _page_texts(pdf))


def _word_height(pdf: Path, word: str, page: int) -> float:
    """Height (points) of the first box of ``word`` on ``page`` of ``pdf``."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    match = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "<", html)
    assert match, word
    return float(match[2]) - float(match[1])


TEMPLATE_PAGES = {C.SHEET_INSTRUCTIONS: 2, C.SHEET_INFO: 1, C.SHEET_PLAN: 2, C.SHEET_ANALYSIS: 1}
"""An empty template: Instruktioner at full size on two portrait pages, the empty activity table two pages wide
(every word of the lists whole at 8 pt or more), Uppgifter and Analys one page each; Listor prints nothing."""


def test_template_pages(template_path: Path, tmp_path: Path) -> None:
    assert _pages(_pdf(template_path, tmp_path)) == TEMPLATE_PAGES


def test_empty_result_sheet_prints_nothing(button_template_path: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(button_template_path)
    results = wb[C.SHEET_RESULTS]
    for offset in range(1, 41):  # what the button writes: one row per issue under the headers
        for column, value in enumerate(("Aktivitetsplan!A6", "Kategori (UBARA)", "Utvekla", "fel",
                                        "'Utvekla' finns inte i listan för Kategori (UBARA)."), start=1):
            results.cell(C.RESULT_HEADER_ROW + offset, column, value)
    wb.save(tmp_path / "resultat.xlsx")
    empty, with_results = _pdfs([button_template_path, tmp_path / "resultat.xlsx"], tmp_path / "pdf")
    assert _pages(empty) == TEMPLATE_PAGES
    pages = _page_texts(with_results)
    printed = [p for p in pages if _sheet_of(p) == C.SHEET_RESULTS]
    assert len(printed) == 2 and all("Meddelande" in p for p in printed)  # the headers on each page
    assert sum(p.count("Utvekla") for p in printed) == 80


def test_filled_plan_prints_legibly(config, tmp_path: Path) -> None:
    """Landscape A4 at 8 pt or more: two pages wide (Vad ska vi uppnå? and Aktivitet again on the second), the
    header row on every page, pages across and then down, rows tall enough for their text."""
    rows = [LONG, ROW_B, ROW_C] * 10
    plan = write_template(config, config.plan_units()[1], tmp_path / "plan", rows=rows)
    calibration = openpyxl.Workbook()
    calibration.active["A1"] = "Barnskötare"
    calibration.save(tmp_path / "kalibrering.xlsx")
    pdf, calibration_pdf = _pdfs([plan, tmp_path / "kalibrering.xlsx"], tmp_path / "pdf")
    pages = _page_texts(pdf)
    counts = Counter(_sheet_of(p) for p in pages)
    assert counts[C.SHEET_INSTRUCTIONS] == 2 and counts[C.SHEET_INFO] == 1
    plan_pages = [p for p in pages if _sheet_of(p) == C.SHEET_PLAN]
    assert 6 <= len(plan_pages) <= 16 and len(plan_pages) % 2 == 0
    for left, right in zip(plan_pages[::2], plan_pages[1::2], strict=True):  # across, then down
        assert "Kategori" in left and "Ansvarig" in left and "Kommentar" not in left
        assert re.search(r"Vad ska vi\s+Aktivitet", right) and "Kommentar" in right and "Kategori" not in right
        assert not re.search(r"Kommentar\s+" + C.CHECK_HEADER, right)  # the helper column is not printed
        assert left.count("Komvux") == right.count("Komvux")  # the same rows on both pages
    # Every long text is printed whole: its last word appears once per row that holds it (twice for the
    # repeated Vad ska vi uppnå? and Aktivitet).
    for last, times in (("krav", 20), ("studierna.", 20), ("räcker.", 10)):
        assert sum(len(re.findall(rf"\b{last}", p)) for p in plan_pages) == times, last

    full_size = _word_height(calibration_pdf, "Barnskötare", 1)
    first_plan_page = next(i for i, p in enumerate(pages, start=1) if _sheet_of(p) == C.SHEET_PLAN)
    effective = 11 * _word_height(pdf, "Barnskötare", first_plan_page) / full_size
    assert effective >= 8.0, effective


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


def _overlaps(boxes: list[tuple[float, float, float, float, str]], same_line: bool = True) -> list[tuple[str, str]]:
    """Pairs of words printed over each other. A word's box includes the font's ascent and descent,
    so consecutive lines of one cell overlap by about a tenth of a box; overprinting overlaps more.
    Without ``same_line``, only words of different lines count (see :data:`CLIPPED`)."""
    found = []
    for i, (x0, y0, x1, y1, w) in enumerate(boxes):
        for a0, b0, a1, b1, v in boxes[i + 1:]:
            over = min(x1, a1) - max(x0, a0) > 1 and min(y1, b1) - max(y0, b0) > 0.3 * min(y1 - y0, b1 - b0)
            if over and (same_line or abs(y0 - b0) > 1):
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
    page = next(n for n in numbers if re.search(r"\bPrioriterade\b", pages[n - 1]))
    effective = 11 * _word_height(pdf, "Prioriterade", page) / full_size
    assert effective >= 8.0, effective


# -- every page of every workbook kfworkbook writes, on the demo and on a förvaltning with units and long names


@dataclass
class Printed:
    """The PDFs of :data:`PRINTED`, each workbook's sheet names, and the calibration: the height of a word's box
    in 8-point Calibri printed at 100 % (LibreOffice's fallback font: DejaVu Sans, box ≈ 1.3 × the type size)."""

    pdfs: dict[str, Path]
    sheets: dict[str, dict[str, int]]
    """Each workbook's sheets and how many pages wide each prints (column pages: its column breaks + 1)."""
    eight_pt: float


PRINTED = ("demo-sammanstallning", "demo-uppfoljning-T1", "enskede-sammanstallning", "enskede-uppfoljning-T1",
           "enskede-plan", "enskede-uppfoljning-mall", "enskede-granskad")
PAGES = {
    "demo-sammanstallning": {"Översikt": 2, "Inlämning": 1, "Aktiviteter": 8, "Per avdelning och kategori": 1,
                             "Per ansvarig": 1, "Per målgrupp": 1, "Tidsplan": 1, "Valideringsfel": 2,
                             "Aktivitetsplan per avdelning": 15},
    "demo-uppfoljning-T1": {"Översikt": 2, "Per avdelning och status": 1, "Per steg och status": 1,
                            "Avvikelser": 1, "Aktiviteter": 10, "Inlämning": 1, "Valideringsfel": 2},
    "enskede-sammanstallning": {"Översikt": 2, "Inlämning": 2, "Aktiviteter": 4, "Per avdelning och kategori": 1,
                                "Per ansvarig": 1, "Per målgrupp": 1, "Tidsplan": 1, "Valideringsfel": 2,
                                "Aktivitetsplan per avdelning": 6},
    "enskede-uppfoljning-T1": {"Översikt": 2, "Per avdelning och status": 1, "Per steg och status": 1,
                               "Avvikelser": 2, "Aktiviteter": 5, "Inlämning": 1, "Valideringsfel": 2},
}
"""Pages per sheet of the summaries (demo 32 pages) and the follow-up reports (demo 17). Before this print kit the
demo's summary printed 22 pages, Aktiviteter on one page at about 2.7 points, and its T1 report 30 pages, four sheets
cut into column strips. Aktiviteter (a data table) now prints as column pages at 8 points or more, Avdelning and
Enhet on each; Valideringsfel as two, the message beside its file and cell; the chart of Översikt on a page of its
own when the notes leave no room for it."""
CLIPPED = {"Aktiviteter"}
"""The data tables written unwrapped (their printable form is Aktivitetsplan per avdelning): LibreOffice cuts a long
text at its cell's edge, but pdftotext still gives the word's whole box, so that overlaps on one line cannot be
told from overprinting there. Words of different lines must not overlap on them either."""
FOOTER_ZONE = 34.0
"""Points from the paper's bottom edge (and top edge, for a page header) where only the footer (header) prints."""


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    from kfworkbook.demo.year import run_demo

    from . import enskede

    folder = tmp_path_factory.mktemp("utskrift")
    demo = run_demo(folder / "demo")
    year = enskede.year(folder / "enskede")
    unit = "Vård-_och_omsorgsboende_Bagarmossen"
    plan = next(p for p in year.plans.iterdir() if unit in p.name)
    mistakes = [dict(row, category="Utvekla", due="2027", responsible="Karin Lund") for row in enskede.ROWS] * 2
    mistaken = tmp_path_factory.mktemp("fel") / plan.name
    shutil.copy(plan, mistaken)
    wb = openpyxl.load_workbook(mistaken)
    for offset, row in enumerate(mistakes):
        for key, value in row.items():
            wb[C.SHEET_PLAN][f"{C.letter(key)}{C.FIRST_ROW + offset}"] = value
    wb.save(mistaken)
    copy = annotate(validate_file(mistaken, year.config), mistaken, tmp_path_factory.mktemp("granskad"))
    sources = {"demo-sammanstallning": demo.summary, "demo-uppfoljning-T1": demo.follow_up_report,
               "enskede-sammanstallning": year.summary_workbook, "enskede-uppfoljning-T1": year.t1_report,
               "enskede-plan": plan,
               "enskede-uppfoljning-mall": next(p for p in year.follow_ups.iterdir() if unit in p.name),
               "enskede-granskad": copy}
    calibration = openpyxl.Workbook()
    calibration.active["A1"] = "Barnskötare"
    calibration.active["A1"].font = Font(name="Calibri", size=8)
    out = folder / "pdf"
    out.mkdir()
    paths = [shutil.copy(path, out / f"{name}.xlsx") for name, path in sources.items()]
    calibration.save(out / "kalibrering.xlsx")
    pdfs = _pdfs([*map(Path, paths), out / "kalibrering.xlsx"], folder / "utskrift")
    sheets = {name: {ws.title: len(ws.col_breaks.brk) + 1 for ws in openpyxl.load_workbook(path).worksheets}
              for name, path in sources.items()}
    return Printed(dict(zip(sources, pdfs, strict=False)), sheets, _word_height(pdfs[-1], "Barnskötare", 1))


def _page_boxes(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Each page's height and its words' boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        pages.append((height, [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]))
    return pages


@pytest.mark.parametrize("name", PRINTED)
def test_every_page_is_legible(printed: Printed, name: str) -> None:
    """Every page: its footer (förvaltning or unit, the sheet's name, 'Sida X av Y'); the median height of its
    words (footer and page header left out) at least that of 8-point type; no word printed over another; at least
    12 words, except on a sheet's last page (its last row of column pages, for a sheet printed several pages wide)."""
    pdf, wide = printed.pdfs[name], printed.sheets[name]
    pages = _page_boxes(pdf)
    owners, words = [], []
    for number, (height, boxes) in enumerate(pages, start=1):
        footer = " ".join(w for _, y0, _, _, w in sorted(boxes) if y0 > height - FOOTER_ZONE)
        assert re.search(rf"Sida {number} av {len(pages)}$", footer), (number, footer)
        owners.append(max((n for n in wide if n in footer), key=len))
        body = [b for b in boxes if FOOTER_ZONE < b[1] < height - FOOTER_ZONE]
        median = statistics.median(y1 - y0 for _, y0, _, y1, _ in body)
        assert median >= printed.eight_pt - 0.05, (number, owners[-1], median, printed.eight_pt)
        overlaps = _overlaps(boxes, same_line=owners[-1] not in CLIPPED)
        assert not overlaps, (number, owners[-1], overlaps[:5])
        words.append(len(body))
    for number, (sheet, count) in enumerate(zip(owners, words, strict=True)):
        later = owners[number + 1:].count(sheet)
        assert count >= 12 or later < wide[sheet], (number + 1, sheet, count)
    if name in PAGES:
        assert Counter(owners) == PAGES[name]
        assert owners == sorted(owners, key=list(PAGES[name]).index)  # each sheet's pages together, in order


def test_long_names_are_shortened_in_the_footer_never_printed_over(printed: Printed) -> None:
    """The unit's long name on the Analys sheet's footer ends in '…' before the centre, where the sheet's name is."""
    height, boxes = _page_boxes(printed.pdfs["enskede-plan"])[-1]
    footer = sorted((b for b in boxes if b[1] > height - FOOTER_ZONE), key=lambda b: b[0])
    text = " ".join(w for *_, w in footer)
    assert text.startswith("Äldreomsorg, funktionsnedsättning och socialpsykiatri") and "…" in text
    assert re.search(r"… Analys Sida \d+ av \d+$", text)
