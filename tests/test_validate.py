"""Validation: one fixture workbook per defect, each with its exact flattened issue list."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from kfworkbook import columns as C
from kfworkbook.template import write_template
from kfworkbook.validate import validate_file

from .conftest import config_with
from .plans import GOOD_INFO, GOOD_ROWS, ROW_A, ROW_B, ROW_C, fill, flat


def with_row(index: int, **changes):
    rows = [dict(r) for r in GOOD_ROWS]
    rows[index].update(changes)
    return rows


def set_cell(sheet: str, cell: str, value):
    def mutate(wb):
        wb[sheet][cell] = value
    return mutate


def rename_header(key: str, text):
    return set_cell(C.SHEET_PLAN, f"{C.letter(key)}{C.HEADER_ROW}", text)


def merge(ref: str):
    def mutate(wb):
        wb[C.SHEET_PLAN].merge_cells(ref)
    return mutate


def rename_sheet(old: str, new: str):
    def mutate(wb):
        wb[old].title = new
    return mutate


def reorder_columns(wb):
    """Swap Vad ska vi uppnå? and Aktivitet, add an extra column and mangle header spacing/case."""
    ws = wb[C.SHEET_PLAN]
    for row in range(C.HEADER_ROW, C.FIRST_ROW + 3):
        d, e = ws[f"D{row}"].value, ws[f"E{row}"].value
        ws[f"D{row}"].value, ws[f"E{row}"].value = e, d
    ws[f"D{C.HEADER_ROW}"] = "AKTIVITET -\nhur gör vi  det?"
    ws[f"H{C.HEADER_ROW}"] = " ansvarig (Funktion) "
    ws[f"P{C.HEADER_ROW}"] = "Egen anteckning"
    ws[f"P{C.FIRST_ROW}"] = "något eget"


CASES = {
    # name: (rows, info, mutate, expected [(code, cell, severity)])
    "ren": (None, None, None, []),
    "obligatorisk-saknas": (with_row(0, responsible=None), None, None, [("obligatorisk", "H6", "fel")]),
    "flera-obligatoriska": (with_row(2, goal=None, follow_up=None), None, None,
                            [("obligatorisk", "D8", "fel"), ("obligatorisk", "L8", "fel")]),
    "ej-i-listan": (with_row(1, target_group="Brandmän"), None, None, [("ej-i-listan", "F7", "fel")]),
    "alias-kategori": (with_row(2, category="Avsluta"), None, None, [("alias", "A8", "varning")]),
    "alias-roll": (with_row(0, responsible="Rektorerna"), None, None, [("alias", "H6", "varning")]),
    "skiftlage-godtas": (with_row(0, category="utveckla", responsible="rektor"), None, None, []),
    "flera-roller": (with_row(0, responsible="Enhetschef, HR"), None, None, [("flera-varden", "H6", "fel")]),
    "person-som-ansvarig": (with_row(1, responsible="Anna Svensson"), None, None,
                            [("person-som-ansvarig", "H7", "fel")]),
    "datum-ogiltigt": (with_row(0, due="2025-13-01"), None, None, [("datum-ogiltigt", "G6", "fel")]),
    "datum-fritext": (with_row(0, due="Hösten"), None, None, [("datum-ogiltigt", "G6", "fel")]),
    "datum-utanfor": (with_row(2, due=date(2026, 6, 30)), None, None, [("datum-utanfor", "G8", "fel")]),
    "datum-utanfor-text": (with_row(2, due="2021-12-31"), None, None, [("datum-utanfor", "G8", "fel")]),
    "datum-text-snedstreck": (with_row(0, due="31/12 2023"), None, None, [("datum-text", "G6", "varning")]),
    "datum-text-bindestreck": (with_row(0, due="30/6-2023"), None, None, [("datum-text", "G6", "varning")]),
    "datum-text-tankstreck": (with_row(0, due="31/12 – 2023"), None, None, [("datum-text", "G6", "varning")]),
    "datum-text-ar": (with_row(0, due="2023"), None, None, [("datum-text", "G6", "varning")]),
    "datum-ar-som-tal": (with_row(0, due=2023), None, None, [("datum-text", "G6", "varning")]),
    "datum-intervall": (with_row(0, due="2022-2024"), None, None, [("datum-text", "G6", "varning")]),
    "datum-intervall-tankstreck": (with_row(0, due="2023–2024"), None, None, [("datum-text", "G6", "varning")]),
    "datum-ar-utanfor": (with_row(0, due=2030), None, None, [("datum-utanfor", "G6", "fel")]),
    "datum-text-tertial": (with_row(0, due="Tertial 1 2022"), None, None, [("datum-text", "G6", "varning")]),
    "datum-iso-text-godtas": (with_row(0, due="2023-12-31"), None, None, []),
    "lopande-gemener-godtas": (with_row(0, due="löpande"), None, None, []),
    "lopande-alias": (with_row(0, due="Kontinuerligt"), None, None, [("alias", "G6", "varning")]),
    "tal-som-text": (with_row(0, hours="40", kronor="25 000 kr"), None, None,
                     [("tal-text", "I6", "varning"), ("tal-text", "J6", "varning")]),
    "tal-ogiltigt": (with_row(0, hours="fyrtio"), None, None, [("tal-ogiltigt", "I6", "fel")]),
    "tal-negativt": (with_row(0, kronor=-500), None, None, [("tal-negativt", "J6", "fel")]),
    "kategori-lika": (with_row(1, category2="Behålla"), None, None, [("kategori-lika", "B7", "fel")]),
    "dubblett": ([ROW_A, ROW_B, {**ROW_A, "goal": " fler barnskötare  med examen"}], None, None,
                 [("dubblett", "E8", "varning")]),
    "tomma-rader-mellan": ([ROW_A, {}, {}, ROW_B, {}, ROW_C], None, None, []),
    "formelliknande-text": (with_row(0, comment="=SUMMA(A1)", resources_other="+46 HR"), None, None, []),
    "chef-saknas": (None, {**GOOD_INFO, "manager": None}, None, [("uppgift-saknas", "B6", "varning")]),
    "epost-ogiltig": (None, {**GOOD_INFO, "email": "anna.svensson(at)stad"}, None,
                      [("epost-ogiltig", "B7", "fel")]),
    "datum-uppgift-ogiltigt": (None, {**GOOD_INFO, "date": "igår"}, None, [("datum-uppgift-ogiltigt", "B8", "fel")]),
    "avdelning-okand": (None, None, set_cell(C.SHEET_INFO, "B3", "Skola"), [("avdelning-okand", "B3", "fel")]),
    "inga-aktiviteter": ([], None, None, [("inga-aktiviteter", "", "fel")]),
    "kolumn-saknas": (None, None, rename_header("responsible", "Vem?"), [("kolumn-saknas", "", "fel")]),
    "valfri-kolumn-saknas": (None, None, rename_header("status", None), [("kolumn-saknas-valfri", "", "varning")]),
    "kolumner-flyttade": (None, None, reorder_columns, []),
    "sammanfogade-celler": (None, None, merge("K7:K8"), [("sammanfogade-celler", "K7", "fel")]),
    "rader-utanfor-tabellen": (None, None, set_cell(C.SHEET_PLAN, "D207", "En aktivitet för mycket"),
                               [("for-manga-rader", "A207", "fel"), ("obligatorisk", "A207", "fel"),
                                ("obligatorisk", "E207", "fel"), ("obligatorisk", "G207", "fel"),
                                ("obligatorisk", "H207", "fel"), ("obligatorisk", "L207", "fel")]),
    "aktivitetsplan-saknas": (None, None, rename_sheet(C.SHEET_PLAN, "Plan"), [("blad-saknas", "", "fel")]),
    "uppgifter-saknas": (None, None, rename_sheet(C.SHEET_INFO, "Info"), [("blad-saknas", "", "fel")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_one_defect_per_fixture(name, template_path, tmp_path, config):
    rows, info, mutate, expected = CASES[name]
    plan = fill(template_path, tmp_path / f"{name}.xlsx", rows, info, mutate)
    report = validate_file(plan, config)
    assert flat(report) == expected
    assert report.valid == (not any(sev == "fel" for _, _, sev in expected))


def test_messages_say_what_to_do(template_path, tmp_path, config):
    plan = fill(template_path, tmp_path / "p.xlsx", with_row(0, due="2025-13-01"))
    issue = validate_file(plan, config).issues[0]
    assert str(issue) == ("Aktivitetsplan!G6: Måldatum '2025-13-01' är inget giltigt datum. "
                          "Skriv ett datum som 2024-12-31 eller välj Löpande.")
    plan = fill(template_path, tmp_path / "q.xlsx", with_row(2, category="Avsluta"))
    assert validate_file(plan, config).issues[0].message == "'Avsluta' räknas som 'Avveckla'. Välj 'Avveckla' i rullistan."
    plan = fill(template_path, tmp_path / "r.xlsx", with_row(0, due="30/6-2023"))
    assert validate_file(plan, config).issues[0].message == (
        "Måldatum '30/6-2023' tolkas som 2023-06-30. Skriv det som 2023-06-30 så att det räknas som ett datum.")


def test_clean_plan_normalised_activities(template_path, tmp_path, config):
    plan = fill(template_path, tmp_path / "ren.xlsx",
                with_row(0, category="Avsluta", due="31/12 2023", hours="40"))
    report = validate_file(plan, config)
    frame = report.activities
    assert list(frame.index) == [6, 7, 8]
    assert frame.loc[6, "category"] == "Avveckla"
    assert frame.loc[6, "due"].date() == date(2023, 12, 31) and frame.loc[6, "due_text"] == "2023-12-31"
    assert frame.loc[7, "due_text"] == "Löpande" and frame.loc[6, "hours"] == 40.0
    assert list(frame["warnings"]) == [3, 0, 0] and list(frame["errors"]) == [0, 0, 0]  # "40" as text: tal-text


def _units_template(tmp_path, extra=""):
    cfg = config_with({'[[avdelningar]]\nnamn = "Förskola"\n':
                       f'[[avdelningar]]\nnamn = "Förskola"\nenheter = ["Farsta strand", "Hökarängen"]\n{extra}'})
    unit = next(u for u in cfg.plan_units() if u.unit == "Farsta strand")
    return cfg, write_template(cfg, unit, tmp_path / "mall")


def test_unit_not_of_department(tmp_path):
    cfg, template = _units_template(tmp_path)
    plan = fill(template, tmp_path / "p.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", "Skarpnäck"))
    assert flat(validate_file(plan, cfg)) == [("enhet-okand", "B4", "fel")]
    plan = fill(template, tmp_path / "r.xlsx")
    assert flat(validate_file(plan, cfg)) == []


def test_department_level_plan_beside_units(tmp_path):
    cfg, template = _units_template(tmp_path)
    department = write_template(cfg, cfg.plan_units()[0], tmp_path / "avd")
    assert cfg.plan_units()[0].unit == ""  # the department's own plan comes first
    assert flat(validate_file(fill(department, tmp_path / "avd.xlsx"), cfg)) == []
    plan = fill(template, tmp_path / "q.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", None))
    assert flat(validate_file(plan, cfg)) == []  # an empty Enhet is the department-level plan
    cfg, template = _units_template(tmp_path / "utan", "avdelningsmall = false\n")
    assert all(u.unit for u in cfg.plan_units() if u.department == "Förskola")
    plan = fill(template, tmp_path / "s.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", None))
    assert flat(validate_file(plan, cfg)) == [("enhet-saknas", "B4", "fel")]


@pytest.mark.parametrize(("replacements", "code", "severity"), [
    ({'forvaltning = "Farsta stadsdelsförvaltning"': 'forvaltning = "Skarpnäcks stadsdelsförvaltning"'},
     "mall-forvaltning", "fel"),
    ({"plan_ar = 2022": "plan_ar = 2023", '"2022-2024"': '"2023-2025"'}, "mall-ar", "fel"),
    ({'mallversion = "2022.1"': 'mallversion = "2021.3"'}, "mall-version", "varning"),
])
def test_template_identity(tmp_path, config, replacements, code, severity):
    other = config_with(replacements)
    template = write_template(other, other.plan_units()[0], tmp_path / "mall")
    rows = [dict(r, due=date(2023, 12, 31)) for r in GOOD_ROWS]
    plan = fill(template, tmp_path / "p.xlsx", rows)
    assert flat(validate_file(plan, config)) == [(code, "", severity)]


def test_workbook_not_made_from_template(tmp_path, config):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = C.SHEET_PLAN
    ws.append([c.header for c in C.COLUMNS])
    ws.append([ROW_C.get(c.key) for c in C.COLUMNS])
    wb.save(tmp_path / "egen.xlsx")
    assert flat(validate_file(tmp_path / "egen.xlsx", config)) == [("blad-saknas", "", "fel"), ("mall-okand", "", "varning")]


def test_xlsm_is_read(template_path, tmp_path, config):
    plan = fill(template_path, tmp_path / "plan.xlsm")
    report = validate_file(plan, config)
    assert flat(report) == [] and len(report.activities) == 3


def test_text_longer_than_a_cell(config):
    """A workbook cannot hold more than 32,767 characters in a cell, but values from Excel itself or
    from a prefill file can; the check is tested on grids (what the Excel button passes)."""
    from kfworkbook.read import SheetGrid, plan_from_grids
    from kfworkbook.validate import validate_plan

    header = [None] * (C.HEADER_ROW - 1) + [[c.header for c in C.COLUMNS]]
    row = [ROW_C.get(c.key) for c in C.COLUMNS]
    row[C.COLUMNS.index(C.COLUMN_BY_KEY["comment"])] = "x" * 33_000
    grid = SheetGrid(C.SHEET_PLAN, [r or [] for r in header] + [row])
    report = validate_plan(plan_from_grids({C.SHEET_PLAN: grid}, "minne"), config)
    assert flat(report) == [("blad-saknas", "", "fel"), ("mall-okand", "", "varning"), ("text-for-lang", "N6", "fel")]
    assert report.issues[2].message == "Kommentar har 33000 tecken; en Excel-cell rymmer högst 32 767. Korta texten."


def test_number_typed_as_text_is_read_with_a_warning(template_path, tmp_path, config):
    plan = fill(template_path, tmp_path / "tal.xlsx", with_row(0, kronor="25 000 kr"))
    issue = validate_file(plan, config).issues[0]
    assert (issue.code, issue.severity) == ("tal-text", "varning")
    assert issue.message == "Resurser – kronor '25 000 kr' tolkas som 25000. Skriv bara talet."
