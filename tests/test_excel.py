"""The Validera button (kfworkbook.excel) on xlwings' remote engine: what it would tell Excel to do.

Each run builds the payload Excel's client would send from a real .xlsx (tests/excel_payload.py),
runs the button code against ``xlwings.Book(json=payload)`` and checks ``book.json()["actions"]``.
The engine has no read-after-write, so every run gets a fresh Book; a "second click" replays the
first run's actions into the file with openpyxl and builds a new payload from that.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from kfworkbook.forms import columns as C

xw = pytest.importorskip("xlwings", reason="xlwings saknas: installera extrat excel (pip install -e '.[excel]')")
if not getattr(xw, "__pro__", False):
    pytest.skip("xlwings remote-motorn är inte aktiv: sätt XLWINGS_LICENSE_KEY=noncommercial innan xlwings importeras",
                allow_module_level=True)

from kfworkbook.button import excel  # noqa: E402
from kfworkbook.config import Config, ConfigError  # noqa: E402
from kfworkbook.issues import Report, make_issue  # noqa: E402
from kfworkbook.validate.run import validate_file  # noqa: E402

from .excel_payload import apply_actions, payload_from_xlsx  # noqa: E402
from .plans import GOOD_INFO, GOOD_ROWS, ROW_A, ROW_B, ROW_C, fill  # noqa: E402


@pytest.fixture(scope="module")
def template_path(button_template_path: Path) -> Path:
    """The button works on the workbook made for it (kfworkbook template --knapp)."""
    return button_template_path

ROOT = Path(__file__).resolve().parent.parent
MACROS = ROOT / "macros"
RED, AMBER = excel.ERROR_COLOR, excel.WARNING_COLOR
CLEAN_STATUS = re.compile(r"Inga fel hittade \d\d:\d\d")
BAD_ROWS = [dict(ROW_A, responsible=None), dict(ROW_B, category="Avsluta"), ROW_C]


# -- helpers -----------------------------------------------------------------------------------------


def run(path: Path, config: Config, client: str = "VBA") -> tuple[Report, list[dict[str, Any]]]:
    """Click the button once on the workbook at ``path``: (report, actions)."""
    book = xw.Book(json=payload_from_xlsx(path, client=client))
    try:
        report = excel.validate_book(book, config)
        return report, list(book.json()["actions"])
    finally:
        book.close()


def sheet_names(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def where(action: dict[str, Any], names: list[str]) -> tuple[str, str]:
    """(sheet, 'A1' or 'A1:B2') of a range action."""
    top, left = action["start_row"] + 1, action["start_column"] + 1
    bottom, right = top + action["row_count"] - 1, left + action["column_count"] - 1
    first = f"{get_column_letter(left)}{top}"
    last = f"{get_column_letter(right)}{bottom}"
    return names[action["sheet_position"]], first if first == last else f"{first}:{last}"


def marks(actions: list[dict[str, Any]], names: list[str]) -> dict[tuple[str, str], str]:
    """The red/amber fills set by a run: {(sheet, cell): colour}."""
    return {where(a, names): a["args"][0] for a in actions
            if a["func"] == "setRangeColor" and a["args"][0] in (RED, AMBER)}


def values_on(actions: list[dict[str, Any]], names: list[str], sheet: str) -> list[dict[str, Any]]:
    return [a for a in actions if a["func"] == "setValues" and names[a["sheet_position"]] == sheet]


def status(actions: list[dict[str, Any]], names: list[str]) -> str:
    writes = [a for a in values_on(actions, names, C.SHEET_PLAN)
              if where(a, names) == (C.SHEET_PLAN, C.BUTTON_STATUS_CELL)]
    assert len(writes) == 1, writes
    return writes[0]["values"][0][0]


def alerts(actions: list[dict[str, Any]]) -> list[list[Any]]:
    return [a["args"] for a in actions if a["func"] == "alert"]


def result_rows(actions: list[dict[str, Any]], names: list[str]) -> list[list[Any]]:
    writes = values_on(actions, names, C.SHEET_RESULTS)
    assert all(a["start_row"] == C.RESULT_HEADER_ROW and a["start_column"] == 0 for a in writes)
    return [row for a in writes for row in a["values"]]


def covers(action: dict[str, Any], names: list[str], sheet: str, cell: str) -> bool:
    """True when the range action covers ``sheet!cell``."""
    target = openpyxl.utils.cell.coordinate_from_string(cell)
    row, col = target[1] - 1, openpyxl.utils.column_index_from_string(target[0]) - 1
    return (names[action["sheet_position"]] == sheet
            and action["start_row"] <= row < action["start_row"] + action["row_count"]
            and action["start_column"] <= col < action["start_column"] + action["column_count"])


def as_written(text: str) -> str:
    """How text must be sent so that Excel keeps it as text: a leading = + - @ or ' gets an apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "'") else text


def expected_rows(report: Report) -> list[list[str]]:
    return [[as_written(v) for v in (i.location, i.column, i.value, i.severity, i.message)] for i in report.issues]


def replay(path: Path, actions: list[dict[str, Any]], target: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    apply_actions(wb, actions)
    wb.save(target)
    return target


def colour_of(cell: Any) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return "#" + str(fill.start_color.rgb)[-6:].upper()


# -- behaviour ---------------------------------------------------------------------------------------


def test_clean_plan(template_path: Path, tmp_path: Path, config: Config) -> None:
    path = fill(template_path, tmp_path / "ren.xlsx")
    report, actions = run(path, config)
    names = sheet_names(path)

    assert report.issues == []
    assert CLEAN_STATUS.fullmatch(status(actions, names))
    assert marks(actions, names) == {}
    clears = [a for a in actions if a["func"] == "rangeClearContents"]
    assert [where(a, names) for a in clears] == [(C.SHEET_RESULTS, "A4:E4")]
    assert values_on(actions, names, C.SHEET_RESULTS) == []
    assert alerts(actions) == [["Inga fel hittade. Planen kan skickas till HR.", "Validera", "ok", "info", ""]]


def test_errors_and_warnings(template_path: Path, tmp_path: Path, config: Config) -> None:
    path = fill(template_path, tmp_path / "fel.xlsx", BAD_ROWS)
    report, actions = run(path, config)
    names = sheet_names(path)

    assert [(i.code, i.cell, i.severity) for i in report.issues] == [
        ("obligatorisk", "H6", "fel"), ("alias", "A7", "varning")]
    assert marks(actions, names) == {(C.SHEET_PLAN, "H6"): RED, (C.SHEET_PLAN, "A7"): AMBER}
    assert marks(actions, names) == {(i.sheet, i.cell): RED if i.severity == "fel" else AMBER for i in report.issues}
    assert status(actions, names) == "1 fel, 1 varning – se fliken Valideringsresultat"
    assert result_rows(actions, names) == expected_rows(report)
    assert result_rows(actions, names)[0][:4] == ["Aktivitetsplan!H6", "Ansvarig (funktion)", "", "fel"]
    assert len(values_on(actions, names, C.SHEET_RESULTS)) == 1  # one call for all rows
    (alert,) = alerts(actions)
    assert alert[0].startswith("1 fel, 1 varning.") and alert[1:4] == ["Validera", "ok", "critical"]


def test_warnings_only(template_path: Path, tmp_path: Path, config: Config) -> None:
    path = fill(template_path, tmp_path / "varningar.xlsx", [dict(ROW_A, category="Utveckling"), ROW_B, ROW_C],
                info={"email": GOOD_INFO["email"]})
    report, actions = run(path, config)
    names = sheet_names(path)

    assert report.valid and report.warnings == 3
    assert marks(actions, names) == {(C.SHEET_PLAN, "A6"): AMBER, (C.SHEET_INFO, C.info_cell("manager")): AMBER,
                                     (C.SHEET_INFO, C.info_cell("date")): AMBER}
    assert status(actions, names) == "3 varningar – se fliken Valideringsresultat"
    assert result_rows(actions, names) == expected_rows(report)
    (alert,) = alerts(actions)
    assert alert[0].startswith("3 varningar.") and alert[3] == "info"


def test_error_wins_over_warning_on_the_same_cell(template_path: Path) -> None:
    book = xw.Book(json=payload_from_xlsx(template_path))
    try:
        issues = [make_issue("alias", sheet=C.SHEET_PLAN, cell="A6", value="Avsluta", canonical="Avveckla"),
                  make_issue("obligatorisk", sheet=C.SHEET_PLAN, cell="A6", column="Kategori (UBARA)", hint=""),
                  make_issue("alias", sheet=C.SHEET_PLAN, cell="A6", value="Avslut", canonical="Avveckla"),
                  make_issue("mall-okand")]
        excel._mark_cells({s.name: s for s in book.sheets}, Report(file="x", issues=issues))
        assert marks(book.json()["actions"], book.sheet_names) == {(C.SHEET_PLAN, "A6"): RED}
    finally:
        book.close()


def test_second_run_clears_the_first(template_path: Path, tmp_path: Path, config: Config) -> None:
    bad = fill(template_path, tmp_path / "plan.xlsx", BAD_ROWS)
    first_report, first = run(bad, config)
    names = sheet_names(bad)
    marked = replay(bad, first, tmp_path / "efter-forsta.xlsx")
    ws = openpyxl.load_workbook(marked)[C.SHEET_PLAN]
    assert (colour_of(ws["H6"]), colour_of(ws["A7"])) == (RED, AMBER)

    wb = openpyxl.load_workbook(marked)
    wb[C.SHEET_PLAN]["H6"] = "Rektor"
    wb[C.SHEET_PLAN]["A7"] = "Avveckla"
    wb.save(tmp_path / "rattad.xlsx")
    report, second = run(tmp_path / "rattad.xlsx", config)

    assert report.issues == []
    assert marks(second, names) == {}
    for issue in first_report.issues:  # each earlier mark is reset before anything else is coloured
        resets = [n for n, a in enumerate(second) if a["func"] == "setRangeColor" and a["args"][0] is None
                  and covers(a, names, issue.sheet, issue.cell)]
        assert resets and resets[0] < min((n for n, a in enumerate(second) if a["func"] == "setRangeColor"
                                            and a["args"][0] not in (None, excel.PREFILLED_COLOR)), default=len(second))
    clear = next(a for a in second if a["func"] == "rangeClearContents")
    assert where(clear, names) == (C.SHEET_RESULTS, "A4:E5")  # both earlier result rows
    assert CLEAN_STATUS.fullmatch(status(second, names))

    after = openpyxl.load_workbook(replay(tmp_path / "rattad.xlsx", second, tmp_path / "efter-andra.xlsx"))
    for sheet in (C.SHEET_PLAN, C.SHEET_INFO):
        coloured = [c.coordinate for row in after[sheet].iter_rows() for c in row if colour_of(c) in (RED, AMBER)]
        assert coloured == [], sheet
    results = after[C.SHEET_RESULTS]
    assert [results.cell(r, 1).value for r in (4, 5)] == [None, None]
    assert [results.cell(C.RESULT_HEADER_ROW, c).value for c in range(1, 6)] == list(C.RESULT_HEADERS)
    info = after[C.SHEET_INFO]
    assert colour_of(info[C.info_cell("department")]) == excel.PREFILLED_COLOR
    assert colour_of(info[C.info_cell("manager")]) is None


def test_empty_table(template_path: Path, tmp_path: Path, config: Config) -> None:
    path = fill(template_path, tmp_path / "tom.xlsx", rows=[])
    report, actions = run(path, config)
    names = sheet_names(path)

    assert [i.code for i in report.issues] == ["inga-aktiviteter"]
    rows = result_rows(actions, names)
    assert rows == expected_rows(report)
    assert rows[0][0] == C.SHEET_PLAN and rows[0][3] == "fel" and "inga aktiviteter" in rows[0][4]
    assert status(actions, names) == "1 fel – se fliken Valideringsresultat"
    assert marks(actions, names) == {}


def test_formula_like_text_stays_text(template_path: Path, tmp_path: Path, config: Config) -> None:
    link = '=HYPERLINK("http://example.invalid","klicka")'
    rows = [dict(ROW_A, category=link, comment="=1+1", hours="=1+1"), dict(ROW_B, responsible="@Rektor"), ROW_C]
    path = fill(template_path, tmp_path / "formler.xlsx", rows)
    report, actions = run(path, config)
    names = sheet_names(path)

    by_cell = {(r[0], r[2]): r for r in result_rows(actions, names)}
    assert by_cell[("Aktivitetsplan!A6", "'" + link)][4].startswith("''=HYPERLINK(")
    assert ("Aktivitetsplan!I6", "'=1+1") in by_cell
    assert ("Aktivitetsplan!H7", "'@Rektor") in by_cell
    for action in actions:  # nothing written may start like a formula
        for row in action["values"] or []:
            assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in row), row

    after = openpyxl.load_workbook(replay(path, actions, tmp_path / "efter.xlsx"))[C.SHEET_RESULTS]
    texts = [after.cell(r, 3).value for r in range(4, 4 + len(report.issues))]
    assert link in texts and "=1+1" in texts
    assert all(after.cell(r, 3).data_type == "s" for r in range(4, 4 + len(report.issues)))


@pytest.mark.parametrize("rows", [GOOD_ROWS, BAD_ROWS, []], ids=["ren", "fel", "tom"])
def test_writes_only_where_the_template_allows(template_path: Path, tmp_path: Path, config: Config,
                                               rows: list[dict[str, Any]]) -> None:
    path = fill(template_path, tmp_path / "plan.xlsx", rows, info={})
    _, actions = run(path, config)
    template = openpyxl.load_workbook(template_path)
    assert template.security.lockStructure
    assert not any(a["func"] in ("addSheet", "sheetDelete", "setSheetName") for a in actions)
    checked = 0
    for action in actions:
        if action["sheet_position"] is None:
            assert action["func"] == "alert"
            continue
        ws = template.worksheets[action["sheet_position"]]
        if not ws.protection.sheet:
            continue
        if action["func"] == "setRangeColor" and ws.protection.formatCells is False:
            checked += 1
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        for r in range(top, top + action["row_count"]):
            for c in range(left, left + action["column_count"]):
                assert ws.cell(r, c).protection.locked is False, (action["func"], ws.title, ws.cell(r, c).coordinate)
        checked += 1
    assert checked >= 3
    assert not template[C.SHEET_RESULTS].protection.sheet


def test_same_issues_as_the_cli(template_path: Path, tmp_path: Path, config: Config) -> None:
    rows = [dict(ROW_A, due="2019-01-01", hours=-3), dict(ROW_B, responsible="Anna Andersson", category2="Behålla"),
            dict(ROW_C, due="31/12 2023", target_group="Astronauter"), dict(ROW_C)]
    path = fill(template_path, tmp_path / "blandat.xlsx", rows, info={"email": "inte-en-adress"})
    cli = validate_file(path, config)
    report, _ = run(path, config)
    assert len(cli.issues) >= 6
    assert [(i.code, i.sheet, i.cell, i.severity, i.message) for i in report.issues] == \
        [(i.code, i.sheet, i.cell, i.severity, i.message) for i in cli.issues]


def test_missing_result_sheet(template_path: Path, tmp_path: Path, config: Config) -> None:
    def drop_results(wb: openpyxl.Workbook) -> None:
        del wb[C.SHEET_RESULTS]

    path = fill(template_path, tmp_path / "utan.xlsx", BAD_ROWS, mutate=drop_results)
    report, actions = run(path, config)
    names = sheet_names(path)
    assert report.errors == 1
    assert not any(a["func"] in ("rangeClearContents", "addSheet") for a in actions)
    assert [where(a, names) for a in actions if a["func"] == "setValues"] == [(C.SHEET_PLAN, C.BUTTON_STATUS_CELL)]
    assert "fliken Valideringsresultat saknas" in status(actions, names)
    assert "saknas" in alerts(actions)[0][0]
    assert marks(actions, names) == {(C.SHEET_PLAN, "H6"): RED, (C.SHEET_PLAN, "A7"): AMBER}


def test_colours_match_the_template_and_the_annotated_copy() -> None:
    from kfworkbook.output import annotate
    from kfworkbook.template import sheets as template

    assert "#" + template.GREY[-6:] == excel.PREFILLED_COLOR
    assert "#" + annotate.FILLS["fel"].start_color.rgb[-6:] == excel.ERROR_COLOR == "#FFC7CE"
    assert "#" + annotate.FILLS["varning"].start_color.rgb[-6:] == excel.WARNING_COLOR == "#FFEB9C"


def test_config_beside_the_workbook(tmp_path: Path, config: Config) -> None:
    from kfworkbook.config import default_config_text

    (tmp_path / "kfworkbook.toml").write_text(
        default_config_text().replace("Farsta stadsdelsförvaltning", "Skarpnäcks stadsdelsförvaltning"), "utf-8")
    beside = excel.find_config(SimpleNamespace(fullname=str(tmp_path / "plan.xlsm")))
    assert beside.forvaltning == "Skarpnäcks stadsdelsförvaltning"
    for name in ("plan.xlsm", "https://stad.sharepoint.com/sites/hr/plan.xlsm", str(tmp_path / "annan" / "p.xlsm")):
        assert excel.find_config(SimpleNamespace(fullname=name)).forvaltning == config.forvaltning
    (tmp_path / "kfworkbook.toml").write_text("forvaltning = ", "utf-8")
    with pytest.raises(ConfigError, match="ingen giltig TOML"):
        excel.find_config(SimpleNamespace(fullname=str(tmp_path / "plan.xlsm")))


def test_main_runs_on_the_calling_book(template_path: Path, tmp_path: Path) -> None:
    path = fill(template_path, tmp_path / "fel.xlsx", BAD_ROWS)
    book = xw.Book(json=payload_from_xlsx(path))
    try:
        book.set_mock_caller()
        excel.main()
        actions = book.json()["actions"]
        assert status(actions, book.sheet_names) == "1 fel, 1 varning – se fliken Valideringsresultat"
    finally:
        book.close()


@pytest.mark.parametrize("error, text", [
    (ConfigError("Fel i konfigurationen kfworkbook.toml: plan_ar ska vara ett heltal."),
     "Valideringen kunde inte köras: Fel i konfigurationen kfworkbook.toml: plan_ar ska vara ett heltal. Kontakta HR."),
    (KeyError("Aktivitetsplan"), "Valideringen kunde inte köras (KeyError: 'Aktivitetsplan'). Spara filen"),
])
def test_main_shows_errors_in_a_message_box(template_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            error: Exception, text: str) -> None:
    def fail(book: Any) -> Config:
        raise error

    monkeypatch.setattr(excel, "find_config", fail)
    book = xw.Book(json=payload_from_xlsx(template_path))
    try:
        book.set_mock_caller()
        excel.main()  # must not raise
        (alert,) = alerts(book.json()["actions"])
        assert alert[0].startswith(text) and alert[1] == "Validera"
        assert [a["func"] for a in book.json()["actions"]] == ["alert"]
    finally:
        book.close()


# -- the macro files ---------------------------------------------------------------------------------


def test_vba_module_calls_an_existing_function() -> None:
    raw = (MACROS / "Validera.bas").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, as the VBA editor wants
    text = raw.decode("cp1252").replace("\r\n", "\n")
    assert text.startswith('Attribute VB_Name = "Validera"\n')
    assert re.search(r"^Public Sub Validera\(\)$", text, re.M)
    (call,) = re.findall(r'^\s*RunPython "([^"]+)"\s*$', text, re.M)
    statements = [s.strip() for s in call.split(";")]
    assert statements[0] == "import kfworkbook.excel"
    module, _, func = statements[1].removesuffix("()").rpartition(".")
    assert module == "kfworkbook.excel" and func == "main" and statements[1].endswith("()")
    assert callable(getattr(excel, func))


def _lite_script() -> ast.FunctionDef:
    tree = ast.parse((MACROS / "xlwings_lite" / "main.py").read_text("utf-8"))
    return next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.decorator_list)


def test_lite_script_button_and_call() -> None:
    func = _lite_script()
    (decorator,) = func.decorator_list
    assert isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "script"
    button = next(k.value.value for k in decorator.keywords if k.arg == "button")
    match = re.fullmatch(r"\[(\w+)\](.+)", button)
    assert match and match.group(1) == "ValideraKnapp"
    assert match.group(2) == f"{C.SHEET_PLAN}!{C.VALIDERA_CELL}"
    assert ast.unparse(func.args.args[0].annotation) == "xw.Book"
    calls = {ast.unparse(n.func) for n in ast.walk(func) if isinstance(n, ast.Call)}
    assert "validate_book" in calls


def test_lite_script_runs_on_an_office_js_payload(template_path: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(MACROS / "xlwings_lite"))
    try:
        import main as lite
    finally:
        sys.path.remove(str(MACROS / "xlwings_lite"))
        sys.modules.pop("main", None)
    path = fill(template_path, tmp_path / "fel.xlsx", BAD_ROWS)
    book = xw.Book(json=payload_from_xlsx(path, client="Office.js"))
    try:
        lite.validera(book)
        actions = book.json()["actions"]
        assert status(actions, book.sheet_names) == "1 fel, 1 varning – se fliken Valideringsresultat"
        assert marks(actions, book.sheet_names) == {(C.SHEET_PLAN, "H6"): RED, (C.SHEET_PLAN, "A7"): AMBER}
    finally:
        book.close()


def test_import_needs_neither_xlwings_nor_calamine() -> None:
    code = ("import sys, kfworkbook.excel, kfworkbook.validate.run; "
            "assert 'xlwings' not in sys.modules, 'xlwings'; assert 'python_calamine' not in sys.modules, 'calamine'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr


def test_analys_sheet_is_checked_marked_and_cleared(template_path: Path, tmp_path: Path, config: Config) -> None:
    """The button covers the Analys sheet: its issues are marked and listed, and a later run clears them."""
    def analysis(values: dict[str, Any]) -> Any:
        keys = [f.key for f in config.analysis]

        def mutate(wb: openpyxl.Workbook) -> None:
            for key, value in values.items():
                wb[C.SHEET_ANALYSIS][C.analysis_cell(keys.index(key))] = value
        return mutate

    bad = fill(template_path, tmp_path / "analys.xlsx",
               mutate=analysis({"nulage": "Stadsdelen växer.", "andel_over_61": 140, "svarrekryterade": "SSK"}))
    report, actions = run(bad, config)
    names = sheet_names(bad)
    assert [(i.code, i.sheet, i.cell) for i in report.issues] == [
        ("analys-procent-utanfor", C.SHEET_ANALYSIS, "B9"), ("analys-ej-i-listan", C.SHEET_ANALYSIS, "B11")]
    assert marks(actions, names) == {(C.SHEET_ANALYSIS, "B9"): RED, (C.SHEET_ANALYSIS, "B11"): RED}
    assert result_rows(actions, names) == expected_rows(report)
    assert status(actions, names) == "2 fel – se fliken Valideringsresultat"

    marked = replay(bad, actions, tmp_path / "markerad.xlsx")
    wb = openpyxl.load_workbook(marked)
    wb[C.SHEET_ANALYSIS]["B9"] = 14
    wb[C.SHEET_ANALYSIS]["B11"] = "Sjuksköterskor"
    wb.save(tmp_path / "rattad.xlsx")
    second_report, second = run(tmp_path / "rattad.xlsx", config)
    assert second_report.issues == []
    after = openpyxl.load_workbook(replay(tmp_path / "rattad.xlsx", second, tmp_path / "efter.xlsx"))
    coloured = [c.coordinate for row in after[C.SHEET_ANALYSIS].iter_rows() for c in row if colour_of(c) in (RED, AMBER)]
    assert coloured == []
