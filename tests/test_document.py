"""The plan document (Word) and the print sheet, on a second förvaltning with units, read back for real.

Vallby socialförvaltning 2024: Vård och omsorg has its own plan and the units Hemtjänst and Boende
(Boende hands in nothing, Hemtjänst has a row with an error); Barn och unga has no units; Stöd has
only unit plans, and the plan for LSS-boende is made for the year before (foreign: it must never
appear). The departments' Analys rows are given as part B's reader will give them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

import kfworkbook as kf
from kfworkbook.cli import app
from kfworkbook.config import parse_config
from kfworkbook.fileio import OutputExists
from kfworkbook.output.document import write_document
from kfworkbook.output.docx import WORD_JOINER
from kfworkbook.output.plan_document import ERROR_FILL, INTRODUCTION_MISSING, build_document
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.summary.chapters import PLAN_ERROR, PRINT_HEADERS, ROW_ERROR, combine
from kfworkbook.summary.merge import merge
from kfworkbook.summary.model import ANALYSIS_COLUMNS
from kfworkbook.template.plan import write_templates

from .cli_helpers import runner
from .conftest import SOFFICE, config_text_with, soffice_convert
from .plans import fill

VALLBY = "Vallby socialförvaltning"


def vallby_text(year: int = 2024) -> str:
    return config_text_with({
        'forvaltning = "Farsta stadsdelsförvaltning"': f'forvaltning = "{VALLBY}"',
        "plan_ar = 2022": f"plan_ar = {year}",
        'planperiod = "2022-2024"': f'planperiod = "{year}-{year + 2}"',
        'mallversion = "2022.1"': f'mallversion = "{year}.1"',
        'namn = "Förskola"\n': 'namn = "Vård och omsorg"\nenheter = ["Hemtjänst", "Boende"]\n',
        'namn = "Stadsutveckling"\n': 'namn = "Barn och unga"\n',
        'namn = "Äldreomsorg"\n': 'namn = "Stöd"\nenheter = ["Daglig verksamhet", "LSS-boende"]\navdelningsmall = false\n',
        '[[avdelningar]]\nnamn = "Individ och familj"\n\n': "",
        '[[avdelningar]]\nnamn = "Funktionsnedsättning"\n': "",
    })


def vallby(year: int = 2024):
    return parse_config(tomllib.loads(vallby_text(year)), "vallby.toml")


def _row(step: str, goal: str, due: object = date(2024, 6, 30), responsible: str | None = "Enhetschef") -> dict:
    return {"category": step, "goal": goal, "activity": f"Aktivitet för {goal.lower()}", "due": due,
            "responsible": responsible, "follow_up": "Tertial 2"}


PLANS = {  # template name → rows
    "Vård_och_omsorg": [_row("Rekrytera", "Fler undersköterskor"), _row("Utveckla", "Digital dokumentation",
                                                                          due="Löpande")],
    "Vård_och_omsorg_Hemtjänst": [_row("Behålla", "Friskare arbetsplats"),
                                     _row("Utveckla", "Bättre delegering", responsible=None)],
    "Barn_och_unga": [_row("Attrahera", "Synas på högskolor"), _row("Introducera", "Mentorer för nya"),
                      _row("Utveckla", "Traumamedveten omsorg", due=date(2025, 3, 31))],
    "Stöd_Daglig_verksamhet": [_row("Utveckla", "Alternativ kommunikation"), _row("Behålla", "Karriärsteg")],
}
FOREIGN_GOAL = "Förra årets mål som inte hör hit"
ANALYSIS = [  # (Avdelning, Enhet, Nyckel, Rubrik, Typ, Värde) as part B reads them
    ("Vård och omsorg", None, "nulage", "Nuläge och utmaningar", "text", "Många går i pension.\nSvårt att rekrytera."),
    ("Vård och omsorg", None, "antal_tillsvidareanstallda", "Antal tillsvidareanställda", "tal", 300.0),
    ("Vård och omsorg", None, "andel_over_61", "Andel medarbetare över 61 år (%)", "procent", 20.0),
    ("Vård och omsorg", None, "svarrekryterade", "Svårrekryterade yrkesgrupper", "lista", "Sjuksköterskor"),
    ("Vård och omsorg", "Hemtjänst", "nulage", "Nuläge och utmaningar", "text", "Hemtjänsten växer."),
    ("Vård och omsorg", "Hemtjänst", "antal_tillsvidareanstallda", "Antal tillsvidareanställda", "tal", 100.0),
    ("Vård och omsorg", "Hemtjänst", "andel_over_61", "Andel medarbetare över 61 år (%)", "procent", 8.0),
    ("Vård och omsorg", "Hemtjänst", "svarrekryterade", "Svårrekryterade yrkesgrupper", "lista",
     "Undersköterskor, Sjuksköterskor"),
    ("Barn och unga", None, "nulage", "Nuläge och utmaningar", "text", "Fler barn i området."),
    ("Barn och unga", None, "antal_tillsvidareanstallda", "Antal tillsvidareanställda", "tal", 600.0),
    ("Barn och unga", None, "andel_over_61", "Andel medarbetare över 61 år (%)", "procent", 5.0),
    ("Barn och unga", None, "svarrekryterade", "Svårrekryterade yrkesgrupper", "lista", None),
]


VALLBY_INFO = {"manager": "Avdelningschef", "email": "kfp@vallby.example", "date": date(2024, 1, 31)}


def vallby_plans(tmp_path_factory) -> Path:
    """A folder with Vallby's plans (:data:`PLANS`) filled into its 2024 templates."""
    templates = {p.name.split("_", 2)[2].removesuffix(".xlsx"): p
                 for p in write_templates(vallby(), tmp_path_factory.mktemp("mallar"))}
    folder = tmp_path_factory.mktemp("inlamnat")
    for name, rows in PLANS.items():
        fill(templates[name], folder / f"{name}.xlsx", rows, info=VALLBY_INFO)
    return folder


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = vallby_plans(tmp_path_factory)
    info = VALLBY_INFO
    last_year = {p.name.split("_", 2)[2].removesuffix(".xlsx"): p
                 for p in write_templates(vallby(2023), tmp_path_factory.mktemp("fjol"))}
    fill(last_year["Stöd_LSS-boende"], folder / "LSS-boende.xlsx", [_row("Utveckla", FOREIGN_GOAL,
                                                                           due=date(2023, 6, 30))], info=info)
    return folder


def _summary(inbox, strict: bool = False):
    summary = merge([inbox], vallby(), strict=strict, workers=1)
    summary.analysis = pd.DataFrame(ANALYSIS, columns=ANALYSIS_COLUMNS)
    return summary


@pytest.fixture(scope="module")
def summary(inbox):
    return _summary(inbox)


@pytest.fixture(scope="module")
def docx_path(summary, tmp_path_factory):
    path = tmp_path_factory.mktemp("dokument") / "kompetensforsorjningsplan.docx"
    document = write_document(summary, path)
    assert isinstance(document, Document)
    return path


def _headings(document) -> list[tuple[str, str]]:
    """(style, text) of the title and headings; the word joiners that keep '2024–2026' on one line left out."""
    return [(p.style.name, p.text.replace(WORD_JOINER, "")) for p in document.paragraphs
            if p.style.name.startswith("Heading") or p.style.name == "Title"]


def _activity_rows(table) -> list[list[str]]:
    """The activity rows of a chapter-3 table: not the header, not the rows spanning all columns."""
    rows = []
    for row in table.rows[1:]:
        if len({id(c._tc) for c in row.cells}) == len(PRINT_HEADERS):
            rows.append([c.text for c in row.cells])
    return rows


def _chapter3_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == PRINT_HEADERS[0]]


def test_headings_in_order_with_real_style_names(docx_path):
    """Chapter 1 for HR's own text (a note says where it belongs), the departments' analyses with their figures
    each under a heading of their own, the activity plans, and the appendix for HR."""
    document = open_document(str(docx_path))
    assert _headings(document) == [
        ("Title", "Kompetensförsörjningsplan 2024–2026"),
        ("Heading 1", f"1. Kompetensförsörjningsplan i {VALLBY}"),
        ("Heading 1", "2. Förvaltningens avdelningsspecifika kompetensförsörjningsplanering"),
        ("Heading 2", "Nyckeltal per avdelning"),
        ("Heading 2", "2.1 Avdelning vård och omsorg"),
        ("Heading 3", "Nyckeltal"),
        ("Heading 3", "Avdelningsgemensamt"),
        ("Heading 4", "Nuläge och utmaningar"),
        ("Heading 3", "Hemtjänst"),
        ("Heading 4", "Nuläge och utmaningar"),
        ("Heading 2", "2.2 Avdelning barn och unga"),
        ("Heading 3", "Nyckeltal"),
        ("Heading 3", "Nuläge och utmaningar"),
        ("Heading 2", "2.3 Avdelning stöd"),
        ("Heading 1", "3. Aktivitetsplaner per avdelning"),
        ("Heading 2", "Aktiviteter per steg och avdelning"),
        ("Heading 2", "Aktivitetsplan avdelningen vård och omsorg"),
        ("Heading 2", "Aktivitetsplan avdelningen barn och unga"),
        ("Heading 2", "Aktivitetsplan avdelningen stöd"),
        ("Heading 1", "Bilaga. Inlämning och kontroll"),
        ("Heading 2", "Inlämning"),
        ("Heading 2", "Att notera"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("2.3 Avdelning stöd") + 1] == "Avdelningen har inte lämnat någon analys."
    assert texts[texts.index(f"1. Kompetensförsörjningsplan i {VALLBY}") + 1] == INTRODUCTION_MISSING
    start = texts.index("2.1 Avdelning vård och omsorg")
    assert texts[start + 3: start + 6] == ["Nuläge och utmaningar", "Många går i pension.", "Svårt att rekrytera."]
    assert "Ingen egen analys från Boende." in texts  # a unit without an analysis: one line, no empty heading
    instructions = "".join(t.text for t in document.element.body.iter(qn("w:instrText")))
    assert instructions.startswith("TOC ")  # the table of contents field Word fills in
    assert document.settings.element.find(qn("w:updateFields")) is not None
    assert document.core_properties.title == f"Kompetensförsörjningsplan 2024–2026 – {VALLBY}"


def test_one_table_per_department_with_every_activity(docx_path, summary):
    document = open_document(str(docx_path))
    tables = _chapter3_tables(document)
    counts = summary.activities.groupby("Avdelning", sort=False).size()
    assert [len(_activity_rows(t)) for t in tables] == [counts["Vård och omsorg"], counts["Barn och unga"],
                                                         counts["Stöd"]] == [4, 3, 2]
    assert sum(len(_activity_rows(t)) for t in tables) == summary.totals["activities"] == 9
    for table in tables:  # the header row repeats on every page
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [c.text for c in table.rows[0].cells] == list(PRINT_HEADERS)
    spanning = [row.cells[0].text for row in tables[0].rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    # own plan first, then units; UBARA sections in process order and only where they hold activities
    assert spanning == ["Avdelningsgemensamma aktiviteter", "Rekrytera", "Utveckla", f"Hemtjänst – {PLAN_ERROR}",
                        "Utveckla", "Behålla"]
    dues = [r[2] for t in tables for r in _activity_rows(t)]
    assert set(dues) == {"2024-06-30", "Löpande", "2025-03-31"}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|Löpande", d) for d in dues)  # dates, never serial numbers
    body = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert FOREIGN_GOAL not in body and FOREIGN_GOAL not in "\n".join(p.text for p in document.paragraphs)


def test_error_rows_marked_and_missing_plans_named(docx_path):
    document = open_document(str(docx_path))
    table = _chapter3_tables(document)[0]
    row = next(r for r in table.rows if r.cells[0].text == "Bättre delegering")
    assert row.cells[4].text.startswith(ROW_ERROR)
    fills = {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in row.cells}
    assert fills == {ERROR_FILL}
    texts = [p.text for p in document.paragraphs]
    assert "Planer saknas för Boende." in texts and "Planer saknas för LSS-boende." in texts
    assert "Vård och omsorg: Planer saknas för Boende." in texts  # also in Sammanfattning


def test_strict_leaves_error_rows_out(inbox):
    document = build_document(_summary(inbox, strict=True))
    rows = [r for t in _chapter3_tables(document) for r in _activity_rows(t)]
    assert len(rows) == 8 and "Bättre delegering" not in [r[0] for r in rows]
    assert not any(ROW_ERROR in r[4] for r in rows)


def test_intake_in_the_appendix_and_weighted_totals(docx_path):
    """The intake (internal counts) stands in the appendix for HR, never in the chapters for the council."""
    document = open_document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    appendix = texts.index("Bilaga. Inlämning och kontroll")
    intake = next(t for t in document.tables if t.rows[0].cells[1].text == "Antal")
    assert {r.cells[0].text: r.cells[1].text for r in intake.rows[1:]} == {
        "Förväntade planer": "6", "Inlämnade": "4", "Godkända": "3", "Med varningar": "0", "Med fel": "1",
        "Kunde inte läsas": "0", "Saknas": "2"}
    assert not any("Med fel" in t or "Kunde inte läsas" in t for t in texts[:appendix])
    steps = next(t for t in document.tables if t.rows[0].cells[0].text == "Avdelning" and
                 t.rows[0].cells[1].text == "Attrahera")
    assert [c.text for c in steps.rows[-1].cells] == ["Totalt", "1", "1", "1", "4", "2", "0", "9"]
    figures = next(t for t in document.tables if t.rows[0].cells[0].text == "Avdelning" and
                   t.rows[0].cells[1].text == "Antal tillsvidareanställda")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in figures.rows[1:]}
    # Vård och omsorg: 300 + 100; (20·300 + 8·100)/400 = 17 %; the lists joined without repeats
    assert rows["Vård och omsorg"] == ["400", "17\u00a0%", "Sjuksköterskor, Undersköterskor"]
    assert rows["Barn och unga"] == ["600", "5\u00a0%", "–"]
    # the förvaltning: 1 000 employees, (20·300 + 8·100 + 5·600)/1000 = 9,8 %
    assert rows["Förvaltningen totalt"] == ["1\u00a0000", "9,8\u00a0%", "Sjuksköterskor, Undersköterskor"]
    assert "Stöd" not in rows  # no key figures handed in


def test_percentages_weighted_over_the_plans_with_a_headcount():
    plans = [{"andel": 10.0}, {"andel": 30.0}]
    assert combine(plans, "andel", "procent", weights=False) is None
    assert combine(plans[:1], "andel", "procent", weights=False) == 10.0
    assert combine([{"andel": 10.0, "antal_tillsvidareanstallda": 1}, {"andel": 30.0}], "andel", "procent",
                   weights=True) == 10.0  # the plan without its number of employees is left out of the mean
    assert combine([{"andel": 10.0, "antal_tillsvidareanstallda": 300}, {"andel": 30.0, "antal_tillsvidareanstallda":
                                                                          100}], "andel", "procent", weights=True) == 15.0
    assert combine([{"n": 2.0}, {"n": None}, {"n": 3.5}], "n", "tal", weights=False) == 5.5


def test_sections_portrait_then_landscape(docx_path):
    sections = open_document(str(docx_path)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert sections[1].page_width > sections[1].page_height
    assert round(sections[0].page_width.cm, 1) == 21.0 and round(sections[0].page_height.cm, 1) == 29.7


def test_mall_keeps_the_forvaltnings_styles_and_header(summary, tmp_path):
    template = open_document()
    template.sections[0].header.paragraphs[0].text = "Vallby kommun – logotyp"
    template.styles["Heading 1"].font.name = "Georgia"
    template.add_paragraph("Exempeltext i mallen som ska bort")
    template.save(str(tmp_path / "vallby.docx"))
    document = write_document(summary, tmp_path / "plan.docx", template=tmp_path / "vallby.docx")
    read = open_document(str(tmp_path / "plan.docx"))
    assert read.styles["Heading 1"].font.name == "Georgia"
    assert all(s.header.paragraphs[0].text == "Vallby kommun – logotyp" for s in read.sections)
    assert "Exempeltext i mallen som ska bort" not in [p.text for p in read.paragraphs]
    assert _headings(read) == _headings(document)


def test_mall_without_heading_styles_gets_them(summary, tmp_path):
    template = open_document()
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "Light Grid Accent 1"):
        # Word saves only the styles in use
        template.styles.element.remove(template.styles[name].element)
    template.save(str(tmp_path / "tom.docx"))
    document = build_document(summary, tmp_path / "tom.docx")
    document.save(str(tmp_path / "plan.docx"))
    read = open_document(str(tmp_path / "plan.docx"))
    assert _headings(read)[:2] == [("Title", "Kompetensförsörjningsplan 2024–2026"),
                                   ("Heading 1", f"1. Kompetensförsörjningsplan i {VALLBY}")]
    assert [p.text for p in read.paragraphs if p.style.name == "Subtitle"] == [VALLBY]
    bullets = [p for p in read.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(p.style.element.pPr.numPr is not None for p in bullets)  # the list style made, numbered
    outline = read.styles["Heading 2"].element.pPr.find(qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "1"  # the table of contents finds the headings
    assert {t.style.name for t in read.tables} == {"Table Grid"}
    borders = read.styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert borders is not None and len(borders) == 6


def test_write_refuses_to_replace_without_force(summary, tmp_path):
    out = tmp_path / "plan.docx"
    out.write_bytes(b"HR:s egen fil")
    with pytest.raises(OutputExists):
        write_document(summary, out)
    assert out.read_bytes() == b"HR:s egen fil"
    write_document(summary, out, force=True)
    assert len(_chapter3_tables(open_document(str(out)))) == 3


def test_cli_dokument(inbox, tmp_path):
    (tmp_path / "vallby.toml").write_text(vallby_text(), encoding="utf-8")
    out = tmp_path / "plan.docx"
    args = ["dokument", str(inbox), "-o", str(out), "--config", str(tmp_path / "vallby.toml")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == f"Skrev {out}: 9 aktiviteter från 4 planer."
    assert "LSS-boende.xlsx räknas inte" in result.output
    assert len(_chapter3_tables(open_document(str(out)))) == 3
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "finns redan. Lägg till --force" in again.output
    (tmp_path / "trasig.docx").write_text("ingen", encoding="utf-8")
    bad = runner.invoke(app, [*args, "--force", "--mall", str(tmp_path / "trasig.docx")])
    assert bad.exit_code == 2 and "kunde inte öppnas som ett Word-dokument" in bad.output
    wrong = runner.invoke(app, ["dokument", str(inbox), "-o", str(tmp_path / "plan.pdf")])
    assert wrong.exit_code == 2 and "ska ha ändelsen .docx" in wrong.output
    assert "Traceback" not in bad.output + wrong.output


def test_library_exports():
    assert kf.write_document is write_document and kf.build_document is build_document


def test_print_sheet_with_units_errors_and_missing_plans(summary, tmp_path):
    path = write_summary(summary, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path)["Aktivitetsplan per avdelning"]
    column_a = [c.value for c in ws["A"]]
    start = column_a.index("Aktivitetsplan avdelningen vård och omsorg")
    assert column_a[start + 1: start + 13] == [
        "Avdelningsgemensamma aktiviteter", "Rekrytera", "Fler undersköterskor", "Utveckla", "Digital dokumentation",
        f"Hemtjänst – {PLAN_ERROR}", "Utveckla", "Bättre delegering", "Behålla",
        "Friskare arbetsplats", "Planer saknas för Boende.", None]
    error = ws.cell(column_a.index("Bättre delegering") + 1, 5)
    assert error.value.startswith(ROW_ERROR) and error.fill.fgColor.rgb.endswith("FFC7CE")
    assert "Planer saknas för LSS-boende." in column_a and FOREIGN_GOAL not in column_a
    due = ws.cell(column_a.index("Traumamedveten omsorg") + 1, 3)
    assert due.value.date() == date(2025, 3, 31) and due.number_format == "yyyy-mm-dd"
    intake = openpyxl.load_workbook(path)["Inlämning"]
    dated = [c for c in intake["H"][1:] if c.value is not None]
    assert [c.value.date() for c in dated] == [date(2024, 1, 31)] * 5 and {c.number_format for c in dated} == {
        "yyyy-mm-dd"}  # dates on every sheet, not serial numbers


def _page_sizes(pdf) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice) eller poppler (pdfinfo) saknas")
def test_libreoffice_prints_portrait_then_landscape_pages(docx_path, tmp_path):
    pdf = next(p for p in soffice_convert(docx_path, "pdf", tmp_path) if p.suffix == ".pdf")
    sizes = _page_sizes(pdf)
    assert 3 <= len(sizes) <= 12, sizes
    portrait = [w < h for w, h in sizes]
    switches = [n for n in range(1, len(portrait)) if portrait[n] != portrait[n - 1]]
    assert portrait[0] and portrait[-1] and len(switches) == 2  # chapters 1–2 upright, chapter 3 landscape,
    assert not any(portrait[switches[0]:switches[1]])  # the appendix upright again
    assert all(round(min(w, h)) == 595 and round(max(w, h)) == 842 for w, h in sizes)  # A4


def test_mistyped_command_is_answered_in_swedish():
    result = runner.invoke(app, ["dokumnet"])
    assert result.exit_code == 2 and "Okänt kommando: dokumnet. Menade du dokument?" in result.output


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) eller poppler (pdftotext) saknas")
def test_summary_workbook_prints_on_a4_with_the_kits_footer(summary, tmp_path):
    """Each sheet on A4 pages with the förvaltning, the sheet and 'Sida X av Y' in the footer; Översikt upright,
    the tables landscape; Aktiviteter and Valideringsfel as column pages, so that nothing prints below 8 pt."""
    path = write_summary(summary, tmp_path / "s.xlsx")
    pdf = next(p for p in soffice_convert(path, "pdf", tmp_path / "pdf") if p.suffix == ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    footers = [next(line for line in reversed(page.splitlines()) if "Sida" in line).split()
               for page in text.split("\f")[:-1]]
    sheets = [" ".join(words[2:-4]) for words in footers]  # "Vallby socialförvaltning <blad> Sida X av Y"
    assert sheets == [*["Översikt"] * 2, "Inlämning", *["Aktiviteter"] * 4, "Per avdelning och kategori",
                      "Per ansvarig", "Per målgrupp", "Tidsplan", *["Valideringsfel"] * 2,
                      *["Aktivitetsplan per avdelning"] * 3]  # Översikt: the notes, then the chart on a page of its own
    assert all(words[:2] == ["Vallby", "socialförvaltning"] and words[-4] == "Sida" for words in footers)
    sizes = [(round(w), round(h)) for w, h in _page_sizes(pdf)]
    assert sizes == [*[(595, 842)] * 2, *[(842, 595)] * (len(sizes) - 2)]  # A4, Översikt upright
