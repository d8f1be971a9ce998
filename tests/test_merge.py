"""Merging returned plans: counts on every sheet, Inlämning statuses, safety of the output."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import openpyxl
import pandas as pd
import pytest

from kfworkbook.cli import app
from kfworkbook.fileio import OutputExists
from kfworkbook.issues import CATALOGUE
from kfworkbook.output.summary_workbook import SHEETS, write_summary
from kfworkbook.summary.merge import merge
from kfworkbook.template.plan import write_templates

from .cli_helpers import runner
from .conftest import soffice_convert
from .plans import GOOD_INFO, GOOD_ROWS, ROW_A, ROW_B, fill


@pytest.fixture(scope="module")
def returned(tmp_path_factory, config):
    templates = {p.name.split("_", 2)[2].removesuffix(".xlsx"): p
                 for p in write_templates(config, tmp_path_factory.mktemp("mallar"))}
    folder = tmp_path_factory.mktemp("inlamnat")
    fill(templates["Förskola"], folder / "forskola.xlsx")
    fill(templates["Stadsutveckling"], folder / "stadsutveckling.xlsx",
         [dict(GOOD_ROWS[0], category="Avsluta"), *GOOD_ROWS[1:]])
    fill(templates["Äldreomsorg"], folder / "aldreomsorg.xlsx",
         [dict(GOOD_ROWS[0], responsible=None, comment="=SUMMA(A1)"), *GOOD_ROWS[1:]])
    fill(templates["Individ_och_familj"], folder / "iof_januari.xlsx", info={**GOOD_INFO, "date": date(2022, 1, 10)})
    fill(templates["Individ_och_familj"], folder / "iof_februari.xlsx", [ROW_A, ROW_B],
         info={**GOOD_INFO, "date": date(2022, 2, 1)})
    (folder / "trasig.xlsx").write_bytes(b"ingen arbetsbok")
    (folder / "~$forskola.xlsx").write_bytes(b"lock")
    (folder / "anteckningar.txt").write_text("x", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def summary(returned, config):
    return merge([returned], config, workers=1)


@pytest.fixture(scope="module")
def workbook(summary, tmp_path_factory):
    path = write_summary(summary, tmp_path_factory.mktemp("ut") / "sammanstallning.xlsx")
    return path, openpyxl.load_workbook(path)


def _rows(ws, min_row=1):
    return [r for r in ws.iter_rows(min_row=min_row, values_only=True) if any(v is not None for v in r)]


def test_submission_statuses(summary):
    subs = summary.submissions
    expected = subs[subs["Förväntad"]]
    files = [None if pd.isna(f) else f for f in expected["Fil"]]
    assert list(zip(expected["Avdelning"], expected["Status"], expected["Aktiviteter"], files, strict=True)) == [
        ("Förskola", "godkänd", 3, "forskola.xlsx"),
        ("Stadsutveckling", "med varningar", 3, "stadsutveckling.xlsx"),
        ("Äldreomsorg", "med fel", 3, "aldreomsorg.xlsx"),
        ("Individ och familj", "godkänd", 2, "iof_februari.xlsx"),
        ("Funktionsnedsättning", "saknas", 0, None),
    ]
    assert expected.iloc[3]["Anmärkning"] == "Ersatte iof_januari.xlsx"
    extra = subs[~subs["Förväntad"]]
    assert list(zip(extra["Fil"], extra["Status"], extra["Anmärkning"], strict=True)) == [
        ("iof_januari.xlsx", "ersatt", "Ersatt av den nyare iof_februari.xlsx"),
        ("trasig.xlsx", "kunde inte läsas", CATALOGUE["fil-format"].template),
        ("anteckningar.txt", "hoppades över", "Hoppades över (ingen plan)"),
        ("~$forskola.xlsx", "hoppades över", "Hoppades över (låsfil, ingen plan)")]
    assert summary.totals == {"expected": 5, "handed_in": 4, "approved": 2, "with_warnings": 1, "with_errors": 1,
                              "unreadable": 0, "missing": 1, "files": 8, "plans": 4, "replaced": 1, "foreign": 0,
                              "unreadable_files": 1, "skipped": 2, "activities": 11}
    assert [p.name for p in summary.skipped] == ["anteckningar.txt", "~$forskola.xlsx"]
    assert [(a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]) for a, b in summary.replaced] == [
        ("iof_januari.xlsx", "iof_februari.xlsx")]


def test_pivots(summary):
    steps = summary.by_department_and_category
    assert steps.loc["Totalt", ["Utveckla", "Behålla", "Introducera", "Avveckla", "Totalt"]].tolist() == [3, 4, 3, 1, 11]
    assert steps.loc["Stadsutveckling", "Avveckla"] == 1 and steps.loc["Funktionsnedsättning", "Totalt"] == 0
    responsible = summary.by_responsible["Totalt"]
    assert (responsible["Rektor"], responsible["Avdelningschef"], responsible["Administratör"],
            responsible["(saknas)"], responsible["Totalt"]) == (3, 4, 3, 1, 11)
    timeline = summary.timeline.loc["Totalt"]
    assert (timeline["2022 T2"], timeline["2023 T3"], timeline["Löpande"], timeline["Totalt"]) == (3, 4, 4, 11)
    assert summary.by_target_group.loc["Totalt", "Totalt"] == 11


def test_every_sheet(workbook, summary):
    path, wb = workbook
    assert wb.sheetnames == list(SHEETS.values())
    overview = {r[0]: r[1] for r in _rows(wb["Översikt"]) if r[0]}
    assert (overview["Förväntade planer"], overview["Inlämnade"], overview["Godkända"], overview["Med varningar"],
            overview["Med fel"], overview["Saknas"], overview["Aktiviteter"]) == (5, 4, 2, 1, 1, 1, 11)
    assert overview["Utveckla"] == 3 and overview["Behålla"] == 4 and overview["Avveckla"] == 1
    assert wb["Översikt"]._charts or _has_chart(path, "Översikt")

    activities = wb["Aktiviteter"]
    assert activities.tables["Aktiviteter"].ref == "A1:T12"
    assert activities.freeze_panes == "A2"
    header = [c.value for c in activities[1]]
    assert header[:3] == ["Avdelning", "Enhet", "Kategori (UBARA)"] and header[-2:] == ["Källfil", "Källrad"]
    rows = _rows(activities, 2)
    assert len(rows) == 11
    due = header.index("Måldatum")
    assert {type(r[due]).__name__ for r in rows} == {"datetime", "str"}  # real dates, and Löpande as text
    assert [r[0] for r in rows] == ["Förskola"] * 3 + ["Stadsutveckling"] * 3 + ["Äldreomsorg"] * 3 + \
        ["Individ och familj"] * 2
    assert len(_rows(wb["Inlämning"], 2)) == 9
    issues = _rows(wb["Valideringsfel"], 2)
    assert [(r[0], r[6]) for r in issues] == [("aldreomsorg.xlsx", "obligatorisk"),
                                              ("stadsutveckling.xlsx", "alias"), ("trasig.xlsx", "fil-format")]
    per_category = _rows(wb["Per avdelning och kategori"], 3)
    assert per_category[0][:8] == ("Avdelning", "Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla",
                                   "Avveckla", "Totalt")
    assert per_category[-1] == ("Totalt", 0, 0, 3, 3, 4, 1, 11)
    assert _has_chart(path, "Per avdelning och kategori")
    assert _rows(wb["Per ansvarig"], 3)[-1][-1] == 11
    assert _rows(wb["Per målgrupp"], 3)[-1][-1] == 11
    assert _rows(wb["Tidsplan"], 3)[-1][-1] == 11


def test_print_sheet_groups_under_ubara_sections(workbook):
    _, wb = workbook
    ws = wb["Aktivitetsplan per avdelning"]
    column_a = [r[0] for r in ws.iter_rows(values_only=True)]
    assert column_a[0] == "Vad ska vi uppnå?" and ws.print_title_rows == "$1:$1"  # headers on every page
    start = column_a.index("Aktivitetsplan avdelningen förskola")
    # UBARA sections in process order, only those holding activities
    assert column_a[start + 1: start + 7] == ["Introducera", ROW_C_GOAL, "Utveckla", ROW_A["goal"], "Behålla",
                                              ROW_B["goal"]]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert len(ws.row_breaks.brk) == 3  # a page per department with activities
    assert [c.value for c in ws[1]] == ["Vad ska vi uppnå?", "Aktivitet – Hur gör vi det?",
                                        "Måldatum – När ska det vara klart?", "Ansvarig (funktion)",
                                        "Uppföljning/kommentar"]


def test_every_sheet_prints_legibly_on_a4(workbook):
    """A4 and the kit's footer on every sheet; one page wide where the columns print at 8 pt or more there, else
    column pages: a fixed scale that keeps 8 pt, breaks, key columns repeated, pages across, then down."""
    from kfworkbook import printing as P

    _, wb = workbook
    layouts = {}
    for ws in wb.worksheets:
        setup, footer = ws.page_setup, ws.oddFooter
        assert int(setup.paperSize) == 9, ws.title
        assert (footer.left.text, footer.center.text, footer.right.text) == (
            "Farsta stadsdelsförvaltning", "&A", "Sida &P av &N"), ws.title
        if setup.scale:
            assert 11 * setup.scale / 100 >= P.MIN_TYPE_PT and setup.pageOrder == "overThenDown", ws.title
        layouts[ws.title] = (setup.orientation, bool(ws.sheet_properties.pageSetUpPr.fitToPage),
                             [b.id for b in ws.col_breaks.brk], ws.print_title_cols)
    one_page_wide = ("landscape", True, [], None)
    assert layouts == {
        "Översikt": ("portrait", True, [], None), "Inlämning": one_page_wide,
        "Aktiviteter": ("landscape", False, [6, 10, 15], "$A:$B"),  # Avdelning and Enhet on every page
        "Per avdelning och kategori": one_page_wide, "Per ansvarig": one_page_wide, "Per målgrupp": one_page_wide,
        "Tidsplan": one_page_wide,
        "Valideringsfel": ("landscape", False, [9], "$A:$E"),  # the message beside its file and cell
        "Aktivitetsplan per avdelning": one_page_wide}
    assert wb["Inlämning"].print_area == "'Inlämning'!$A$1:$I$10"  # Förväntad (ja/nej) stays in the workbook
    assert {ws.title: ws.print_title_rows for ws in wb.worksheets if ws.print_title_rows} == {
        "Inlämning": "$1:$1", "Aktiviteter": "$1:$1", "Per avdelning och kategori": "$3:$3", "Per ansvarig": "$3:$3",
        "Per målgrupp": "$3:$3", "Tidsplan": "$3:$3", "Valideringsfel": "$1:$1", "Aktivitetsplan per avdelning": "$1:$1"}


ROW_C_GOAL = GOOD_ROWS[2]["goal"]


def test_formula_looking_text_stays_text(workbook):
    _, wb = workbook
    ws = wb["Aktiviteter"]
    comment = [c.value for c in ws[1]].index("Kommentar") + 1
    cells = [ws.cell(r, comment) for r in range(2, 13) if ws.cell(r, comment).value == "=SUMMA(A1)"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def _has_chart(path, sheet):
    import zipfile

    with zipfile.ZipFile(path) as z:
        workbook_xml = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)"', workbook_xml)
        index = names.index(sheet) + 1
        rels = f"xl/worksheets/_rels/sheet{index}.xml.rels"
        return rels in z.namelist() and "drawing" in z.read(rels).decode() and any(
            n.startswith("xl/charts/chart") for n in z.namelist())


def test_strict_leaves_out_rows_with_errors(returned, config):
    strict = merge([returned], config, strict=True, workers=1)
    assert len(strict.activities) == 10
    assert list(strict.excluded_rows["Källfil"]) == ["aldreomsorg.xlsx"]
    assert strict.submissions["Status"].tolist() == merge([returned], config, workers=1).submissions["Status"].tolist()


def test_same_inputs_same_content(returned, config, tmp_path):
    first = merge([returned], config, workers=1)
    second = merge([returned], config, workers=2)  # parallel reading gives the same result
    for name in ("activities", "submissions", "issues"):
        assert getattr(first, name).equals(getattr(second, name)), name


def test_inputs_never_modified_and_output_not_replaced_without_force(returned, summary, tmp_path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in returned.iterdir()}
    out = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["merge", str(returned), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:4] == [
        "Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)",
        f"Skrev {out}: 11 aktiviteter från 4 planer.",
        "Enheter: 5 förväntade – 2 godkända, 1 med varningar, 1 med fel, 0 kunde inte läsas, 1 saknas.",
        "Filer: 8 i inlämningen – 4 räknas, 1 ersatt av en nyare, 0 hör inte till planen, 1 kunde inte läsas, "
        "2 överhoppade."]
    again = runner.invoke(app, ["merge", str(returned), "-o", str(out)])
    assert again.exit_code == 2 and "finns redan" in again.output
    with pytest.raises(OutputExists):
        write_summary(summary, out)
    assert runner.invoke(app, ["merge", str(returned), "-o", str(out), "--force"]).exit_code == 0
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in returned.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~kf-")]


def test_json(returned, tmp_path):
    result = runner.invoke(app, ["merge", str(returned), "-o", str(tmp_path / "s.xlsx"), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["totals"]["activities"] == 11
    assert [(f["file"], f["status"]) for f in document["files"]] == [
        ("aldreomsorg.xlsx", "med fel"), ("forskola.xlsx", "godkänd"), ("iof_februari.xlsx", "godkänd"),
        ("iof_januari.xlsx", "ersatt"), ("stadsutveckling.xlsx", "med varningar"), ("trasig.xlsx", "kunde inte läsas")]


@pytest.mark.slow
def test_summary_opens_in_libreoffice(workbook, tmp_path):
    path, _ = workbook
    files = soffice_convert(path, "pdf", tmp_path)
    pdf = next(p for p in files if p.suffix == ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_large_table_is_written_like_xlsxwriter_writes_it(tmp_path):
    """The widened table (see kfworkbook.xlsxbulk) gives the same table XML as XlsxWriter's own path."""
    import zipfile

    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    from kfworkbook.output.xlsxbulk import BulkWorksheet

    def table_xml(worksheet_class, name):
        path = tmp_path / name
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("Data", worksheet_class=worksheet_class)
        ws.add_table(0, 0, 500, 3, {"name": "T", "style": "Table Style Light 9",
                                    "columns": [{"header": h} for h in ("A", "B", "C", "D")]})
        wb.close()
        with zipfile.ZipFile(path) as z:
            return z.read("xl/tables/table1.xml")

    assert table_xml(BulkWorksheet, "bulk.xlsx") == table_xml(Worksheet, "plain.xlsx")


def test_department_level_plan_beside_unit_plans(tmp_path, units_config):
    """A department with units also hands in a plan for the whole department (Enhet empty): prefill
    fills it, validate accepts it, and merge's Inlämning expects and finds it beside the unit plans."""
    from kfworkbook.prefill.plans import prefill as prefill_from

    source = tmp_path / "rader.csv"
    source.write_text("Avdelning,Enhet,Kategori (UBARA),Vad ska vi uppnå?\n"
                      "Förskola,,Utveckla,Hela avd\nFörskola,Hökarängen,Behålla,En\n", encoding="utf-8")
    prefill = prefill_from(source, units_config).plans
    department = next(u for u in prefill if u.department == "Förskola" and not u.unit)
    assert [r["goal"] for r in prefill[department][0]] == ["Hela avd"]
    paths = {p.name: p for p in write_templates(units_config, tmp_path / "mallar", department="Förskola",
                                                prefill=prefill)}
    assert list(paths) == ["Kompetensförsörjningsplan_2022_Förskola.xlsx",
                           "Kompetensförsörjningsplan_2022_Förskola_Farsta_strand.xlsx",
                           "Kompetensförsörjningsplan_2022_Förskola_Hökarängen.xlsx"]
    folder = tmp_path / "inlamnat"
    fill(paths["Kompetensförsörjningsplan_2022_Förskola.xlsx"], folder / "avdelningen.xlsx")
    fill(paths["Kompetensförsörjningsplan_2022_Förskola_Hökarängen.xlsx"], folder / "hokarangen.xlsx")
    subs = merge([folder], units_config, workers=1).submissions
    forskola = subs[subs["Avdelning"] == "Förskola"]
    assert [(None if pd.isna(u) else u, s, f if isinstance(f, str) else None)
            for u, s, f in zip(forskola["Enhet"], forskola["Status"], forskola["Fil"], strict=True)] == [
        (None, "godkänd", "avdelningen.xlsx"), ("Farsta strand", "saknas", None),
        ("Hökarängen", "godkänd", "hokarangen.xlsx")]


@pytest.mark.parametrize("strict", [False, True])
def test_missing_lines_without_laying_out_the_chapter(returned, config, strict):
    """The document's appendix takes chapter 3's 'Planer saknas …' lines from missing_lines, which does not lay
    out the chapter: they are the same lines, in the same order."""
    from kfworkbook.summary.chapters import activity_plans, missing_lines

    summary = merge([returned], config, strict=strict, workers=1)
    expected = [(d.department, d.missing) for d in activity_plans(summary) if d.missing]
    assert expected  # the fixture has missing and unreadable plans
    assert missing_lines(summary) == expected
