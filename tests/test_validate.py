"""Validation: one fixture workbook per defect, each with its exact flattened issue list."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from kfworkbook.forms import columns as C
from kfworkbook.template.plan import write_template
from kfworkbook.validate.run import validate_file

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


def both(*mutations):
    def mutate(wb):
        for mutation in mutations:
            mutation(wb)
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
    # Issue 21: a typed-over Avdelning is an error at its cell; the plan counts for the template's department.
    "avdelning-andrad": (None, None, set_cell(C.SHEET_INFO, "B3", "Skola"), [("avdelning-andrad", "B3", "fel")]),
    "avdelning-okand": (None, None, both(set_cell(C.SHEET_INFO, "B3", "Skola"),
                                         set_cell(C.SHEET_LISTS, C.meta_cell("department"), "Skola")),
                        [("avdelning-okand", "B3", "fel")]),
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
                          "Skriv ett datum som 2024-12-31 eller ordet Löpande.")
    plan = fill(template_path, tmp_path / "q.xlsx", with_row(2, category="Avsluta"))
    assert validate_file(plan, config).issues[0].message == "'Avsluta' räknas som 'Avveckla'. Välj 'Avveckla' i rullistan."
    plan = fill(template_path, tmp_path / "r.xlsx", with_row(0, due="30/6-2023"))
    assert validate_file(plan, config).issues[0].message == "30/6-2023 tolkas som 2023-06-30. Skriv datumet som 2023-06-30."


# What managers write, and the one message each gets (issue 11): (changes to row 6, code, message).
MESSAGES = {
    # 1. A year alone in Måldatum: as a number, as text, in a date cell (shown as 1905-07-15), a range.
    "ar-som-tal": (dict(due=2023), "datum-text", "2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31."),
    "ar-som-text": (dict(due="2023"), "datum-text", "2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31."),
    "ar-i-datumcell": (dict(due=date(1905, 7, 15)), "datum-text",
                       "2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31."),
    "ar-intervall": (dict(due="2022-2024"), "datum-text", "2022-2024 tolkas som 2024-12-31. Skriv datumet som 2024-12-31."),
    "ar-intervall-utanfor": (dict(due="2023–2025"), "datum-utanfor",
                             "Måldatum 2023–2025 ligger utanför planperioden 2022–2024. Skriv ett datum mellan "
                             "2022-01-01 och 2024-12-31 eller ordet Löpande."),
    "ar-utanfor": (dict(due=2030), "datum-utanfor", "Måldatum 2030 ligger utanför planperioden 2022–2024. Skriv ett "
                   "datum mellan 2022-01-01 och 2024-12-31 eller ordet Löpande."),
    "tertial": (dict(due="Tertial 1 2022"), "datum-text",
                "Tertial 1 2022 tolkas som 2022-04-30. Skriv datumet som 2022-04-30."),
    "dag-manad-ar": (dict(due="31/12 2023"), "datum-text",
                     "31/12 2023 tolkas som 2023-12-31. Skriv datumet som 2023-12-31."),
    "ar-intervall-bakat": (dict(due="2021-2022"), "datum-text",
                           "2021-2022 tolkas som 2022-12-31. Skriv datumet som 2022-12-31."),
    "tva-datum": (dict(due="1. 2023-12-31 2. 2022-12-31"), "datum-ogiltigt",
                  "Måldatum '1. 2023-12-31 2. 2022-12-31' är inget giltigt datum. Skriv en aktivitet per rad, var och "
                  "en med sitt eget måldatum."),
    "fritext": (dict(due="Hösten"), "datum-ogiltigt",
                "Måldatum 'Hösten' är inget giltigt datum. Skriv ett datum som 2024-12-31 eller ordet Löpande."),
    # 2. Two steps in one cell.
    "tva-steg-snedstreck": (dict(category="Utveckla/behålla"), "flera-varden",
                            "'Utveckla/behålla' innehåller flera värden. Skriv Utveckla i Kategori (UBARA) och Behålla "
                            "i Kategori 2."),
    "tva-steg-och": (dict(category="Attrahera och rekrytera"), "flera-varden",
                     "'Attrahera och rekrytera' innehåller flera värden. Skriv Attrahera i Kategori (UBARA) och "
                     "Rekrytera i Kategori 2."),
    # 3. Near misses.
    "nara-kategori": (dict(category="Utvekla"), "ej-i-listan",
                      "'Utvekla' finns inte i listan för Kategori (UBARA). Menade du Utveckla? Välj Utveckla i rullistan."),
    "nara-alias": (dict(category="Rekrytring"), "ej-i-listan",
                   "'Rekrytring' finns inte i listan för Kategori (UBARA). Menade du Rekrytera? Välj Rekrytera i "
                   "rullistan."),
    "inget-nara": (dict(target_group="Brandmän"), "ej-i-listan",
                   "'Brandmän' finns inte i listan för Målgrupp. Välj ett värde i rullistan, till exempel Alla "
                   "medarbetare, Chefer eller Förskollärare."),
    # 4. A role with a qualifier; several roles; a person.
    "roll-enhet": (dict(responsible="Enhetschef LSS"), "ej-i-listan",
                   "'Enhetschef LSS' finns inte i listan för Ansvarig (funktion). Välj Enhetschef i rullistan och "
                   "skriv LSS i Kommentar."),
    "roll-avdelning": (dict(responsible="Avdelningschef förskola"), "ej-i-listan",
                       "'Avdelningschef förskola' finns inte i listan för Ansvarig (funktion). Välj Avdelningschef i "
                       "rullistan och skriv förskola i Kommentar."),
    "roll-plural": (dict(responsible="Controllerna"), "ej-i-listan",
                    "'Controllerna' finns inte i listan för Ansvarig (funktion). Välj Controller i rullistan."),
    "flera-roller": (dict(responsible="Enhetschef, HR"), "flera-varden",
                     "'Enhetschef, HR' innehåller flera värden. Välj ett av dem i rullistan för Ansvarig (funktion) "
                     "och skriv de andra i Kommentar."),
    "person": (dict(responsible="Anna Svensson"), "person-som-ansvarig",
               "'Anna Svensson' ser ut som namnet på en person. Välj en funktion i rullistan, till exempel "
               "Avdelningschef, Enhetschef eller Biträdande enhetschef, och skriv gärna namnet i Kommentar."),
    # 5. Advice that fits the cell: Måldatum has no dropdown.
    "alias-datum": (dict(due="Kontinuerligt"), "alias", "'Kontinuerligt' räknas som 'Löpande'. Skriv Löpande."),
    "alias-lista": (dict(follow_up="VB"), "alias",
                    "'VB' räknas som 'Verksamhetsberättelse'. Välj 'Verksamhetsberättelse' i rullistan."),
    "tomt-datum": (dict(due=None), "obligatorisk",
                   "Cellen är tom, men Måldatum måste fyllas i. Skriv datum då aktiviteten ska vara klar, till exempel "
                   "2024-12-31, eller ordet Löpande för ett arbete som pågår hela tiden."),
    "tal": (dict(hours="fyrtio"), "tal-ogiltigt", "'fyrtio' är inget tal. Skriv Resurser – timmar med siffror, till "
            "exempel 40."),
    # 6. Issue 21: the date meant, the nearest list value; text the template's formula grades as the validator.
    "dag-manad-kort-ar": (dict(due="31/12 -23"), "datum-text",
                          "31/12 -23 tolkas som 2023-12-31. Skriv datumet som 2023-12-31."),
    "ar-i-fritext": (dict(due="hösten 2023"), "datum-oklart",
                     "Måldatum 'hösten 2023' går inte att läsa som ett datum och räknas därför som 2023-12-31, sista "
                     "dagen år 2023. Skriv det datum som gäller, till exempel 2023-12-31."),
    "tva-datum-med-ar": (dict(due="1.2023-12-31 2.Tertial 1 2024"), "datum-oklart",
                         "Måldatum '1.2023-12-31 2.Tertial 1 2024' går inte att läsa som ett datum och räknas därför "
                         "som 2024-12-31, sista dagen år 2024. Skriv en aktivitet per rad, var och en med sitt eget "
                         "måldatum."),
    "fritext-utanfor": (dict(due="hösten 2030"), "datum-utanfor",
                        "Måldatum hösten 2030 ligger utanför planperioden 2022–2024. Skriv ett datum mellan 2022-01-01 "
                        "och 2024-12-31 eller ordet Löpande."),
    "iso-utan-nollor": (dict(due="2023-6-30"), "datum-text", "2023-6-30 tolkas som 2023-06-30. Skriv datumet som "
                        "2023-06-30."),
    "narmast-i-listan": (dict(target_group="Fritidspedagoger"), "ej-i-listan",
                         "'Fritidspedagoger' finns inte i listan för Målgrupp. Närmast i listan är Fritidsledare: välj "
                         "det i rullistan om det stämmer, annars be HR lägga till värdet."),
    "tal-med-enhet": (dict(hours="40 tim"), "tal-text", "'40 tim' i Resurser – timmar tolkas som 40. Skriv bara talet."),
    "inget-tal": (dict(kronor="ca 45"), "tal-ogiltigt", "'ca 45' är inget tal. Skriv Resurser – kronor med siffror, "
                  "till exempel 40."),
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_what_managers_write(name, template_path, tmp_path, config):
    changes, code, message = MESSAGES[name]
    report = validate_file(fill(template_path, tmp_path / f"{name}.xlsx", with_row(0, **changes)), config)
    assert [(i.code, i.message) for i in report.issues] == [(code, message)]


def test_year_issue_keeps_what_was_typed(template_path, tmp_path, config):
    """The issue's value (--json, annotated copy, button) is the year typed, not the date Excel shows."""
    report = validate_file(fill(template_path, tmp_path / "p.xlsx", with_row(0, due=date(1905, 7, 15))), config)
    assert report.issues[0].value == "2023"
    assert report.activities.loc[6, "due"].date() == date(2023, 12, 31)


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
    """Issue 21: Enhet typed over is an error at B4 (the plan counts for the template's unit); a unit the
    configuration does not know is still enhet-okand."""
    cfg, template = _units_template(tmp_path)
    plan = fill(template, tmp_path / "p.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", "Skarpnäck"))
    report = validate_file(plan, cfg)
    assert flat(report) == [("enhet-andrad", "B4", "fel")]
    assert report.issues[0].message == ("Enheten ska vara Farsta strand, som mallen gjordes för – skriv tillbaka "
                                        "namnet. Planen räknas för Farsta strand.")
    unknown = both(set_cell(C.SHEET_INFO, "B4", "Skarpnäck"), set_cell(C.SHEET_LISTS, C.meta_cell("unit"), "Skarpnäck"))
    plan = fill(template, tmp_path / "q.xlsx", mutate=unknown)
    assert flat(validate_file(plan, cfg)) == [("enhet-okand", "B4", "fel")]
    plan = fill(template, tmp_path / "r.xlsx")
    assert flat(validate_file(plan, cfg)) == []


def test_department_level_plan_beside_units(tmp_path):
    cfg, template = _units_template(tmp_path)
    department = write_template(cfg, cfg.plan_units()[0], tmp_path / "avd")
    assert cfg.plan_units()[0].unit == ""  # the department's own plan comes first
    assert flat(validate_file(fill(department, tmp_path / "avd.xlsx"), cfg)) == []
    # Issue 21: an emptied Enhet no longer makes a unit's plan the department's; a unit typed into the
    # department's template does not make it the unit's.
    plan = fill(template, tmp_path / "q.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", None))
    assert flat(validate_file(plan, cfg)) == [("enhet-andrad", "B4", "fel")]
    plan = fill(department, tmp_path / "t.xlsx", mutate=set_cell(C.SHEET_INFO, "B4", "Hökarängen"))
    report = validate_file(plan, cfg)
    assert flat(report) == [("enhet-tillagd", "B4", "fel")]
    assert report.issues[0].message == ("Mallen gjordes för hela avdelningen Förskola och planen räknas för "
                                        "avdelningen – töm Enhet. Gäller planen en enhet: fyll i den i enhetens mall.")
    cfg, template = _units_template(tmp_path / "utan", "avdelningsmall = false\n")
    assert all(u.unit for u in cfg.plan_units() if u.department == "Förskola")
    no_unit = both(set_cell(C.SHEET_INFO, "B4", None), set_cell(C.SHEET_LISTS, C.meta_cell("unit"), None))
    plan = fill(template, tmp_path / "s.xlsx", mutate=no_unit)
    assert flat(validate_file(plan, cfg)) == [("enhet-saknas", "B4", "fel")]


def test_file_named_for_another_unit(tmp_path):
    """A plan made in one unit's template, saved under another unit's name: counted where the template
    points, with a warning at Uppgifter (issue 21)."""
    cfg, template = _units_template(tmp_path)
    plan = fill(template, tmp_path / "Kompetensförsörjningsplan_2022_Förskola_Hökarängen.xlsx")
    report = validate_file(plan, cfg)
    assert flat(report) == [("mall-annan-enhet", "B4", "varning")]
    assert report.issues[0].message == (
        "Filnamnet gäller Förskola – Hökarängen, men mallen gjordes för Förskola – Farsta strand, och planen räknas "
        "för Förskola – Farsta strand. Gäller planen Förskola – Hökarängen: flytta över raderna till mallen för "
        "Förskola – Hökarängen.")
    plan = fill(template, tmp_path / "Förskola.xlsx")  # the department's name alone: no other unit named
    assert flat(validate_file(plan, cfg)) == []


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
    from kfworkbook.read.workbook import SheetGrid, plan_from_grids
    from kfworkbook.validate.run import validate_plan

    header = [None] * (C.HEADER_ROW - 1) + [[c.header for c in C.COLUMNS]]
    row = [ROW_C.get(c.key) for c in C.COLUMNS]
    row[C.COLUMNS.index(C.COLUMN_BY_KEY["comment"])] = "x" * 33_000
    grid = SheetGrid(C.SHEET_PLAN, [r or [] for r in header] + [row])
    report = validate_plan(plan_from_grids({C.SHEET_PLAN: grid}, "minne"), config)
    assert flat(report) == [("blad-saknas", "", "fel"), ("mall-okand", "", "varning"), ("text-for-lang", "N6", "fel")]
    assert report.issues[2].message == "Kommentar har 33 000 tecken, men en Excel-cell rymmer högst 32 767. Korta texten."


def test_messages_use_the_configs_own_year(tmp_path):
    """Another förvaltning's year: examples and the period in messages follow its config."""
    cfg = config_with({"plan_ar = 2022": "plan_ar = 2025", '"2022-2024"': '"2025-2027"',
                       'forvaltning = "Farsta stadsdelsförvaltning"': 'forvaltning = "Skarpnäcks stadsdelsförvaltning"'})
    template = write_template(cfg, cfg.plan_units()[0], tmp_path / "mall")
    rows = [dict(r, due=date(2025, 12, 31)) for r in GOOD_ROWS]
    rows[0]["due"], rows[1]["due"] = "Hösten", 2024
    report = validate_file(fill(template, tmp_path / "p.xlsx", rows, {**GOOD_INFO, "date": "igår"}), cfg)
    assert [i.message for i in report.issues] == [
        "Datum 'igår' är inget giltigt datum. Skriv dagens datum, till exempel 2025-01-31.",
        "Måldatum 'Hösten' är inget giltigt datum. Skriv ett datum som 2027-12-31 eller ordet Löpande.",
        "Måldatum 2024 ligger utanför planperioden 2025–2027. Skriv ett datum mellan 2025-01-01 och 2027-12-31 eller "
        "ordet Löpande."]


def test_schema_declares_the_rules_in_panderas_vocabulary(config):
    """The contract reads as pandera: nullable=False, isin, in_range, ge(0), str_length; each named by its code."""
    import pandas as pd

    from kfworkbook.validate.schema import activity_schema

    schema = activity_schema(config)

    def check(column: str, code: str):
        return next(c for c in schema.columns[column].checks if c.name == code)

    assert [k for k, c in schema.columns.items() if not c.nullable] == [c.key for c in C.REQUIRED]
    isin = check("category:value", "ej-i-listan")
    assert isin._check_fn.__name__ == "isin" and isin.statistics["allowed_values"] == config.list_names("categories")
    period = check("due:date", "datum-utanfor")
    assert period._check_fn.__name__ == "in_range"
    assert (period.statistics["min_value"], period.statistics["max_value"]) == (
        pd.Timestamp(config.period_start), pd.Timestamp(config.period_end))
    amount = check("kronor:value", "tal-negativt")
    assert amount._check_fn.__name__ == "greater_than_or_equal_to" and amount.statistics["min_value"] == 0
    length = check("comment:text", "text-for-lang")
    assert length._check_fn.__name__ == "str_length" and length.statistics["max_value"] == C.MAX_CELL_TEXT
    alias = check("follow_up:spelling", "alias")
    assert alias._check_fn.__name__ == "notin" and "vb" in alias.statistics["forbidden_values"]


def test_number_typed_as_text_is_read_with_a_warning(template_path, tmp_path, config):
    plan = fill(template_path, tmp_path / "tal.xlsx", with_row(0, kronor="25 000 kr"))
    issue = validate_file(plan, config).issues[0]
    assert (issue.code, issue.severity) == ("tal-text", "varning")
    assert issue.message == "'25 000 kr' i Resurser – kronor tolkas som 25000. Skriv bara talet."


def test_rows_below_the_table_are_told_to_move_up(template_path, tmp_path, config):
    """The template has 197 empty rows left: move the row up (issue 21), not 'ask HR for more rows'."""
    plan = fill(template_path, tmp_path / "p.xlsx", mutate=set_cell(C.SHEET_PLAN, "D207", "En aktivitet för mycket"))
    issue = validate_file(plan, config).issues[0]
    assert (issue.code, issue.message) == ("for-manga-rader", "1 rad med aktiviteter står under tabellens sista rad "
                                           "(205). Flytta upp raden i tabellen, där det finns 197 tomma rader.")
    full = fill(template_path, tmp_path / "full.xlsx", [dict(ROW_A, goal=f"Mål {n}") for n in range(200)],
                mutate=set_cell(C.SHEET_PLAN, "D206", "En aktivitet för mycket"))
    issue = validate_file(full, config).issues[0]
    assert issue.message == ("1 rad med aktiviteter står under tabellens sista rad (205). Mallen rymmer 200 "
                             "aktiviteter och har för få tomma rader kvar; be HR om en mall med fler rader.")


def test_two_follow_up_points_get_the_value_that_covers_both(tmp_path):
    """'T1 och T2' where the list has no such alias: the list value naming both periods, not 'pick one'."""
    cfg = config_with({'alias = ["Per tertial", "Uppföljning per tertial", "T1 och T2"]': 'alias = ["Per tertial"]'})
    template = write_template(cfg, cfg.plan_units()[0], tmp_path / "mall")
    report = validate_file(fill(template, tmp_path / "p.xlsx", with_row(0, follow_up="T1 och T2")), cfg)
    assert [(i.code, i.message) for i in report.issues] == [
        ("flera-varden", "'T1 och T2' innehåller flera värden. Välj Tertial 1 och 2 i rullistan: det värdet täcker "
                         "både T1 och T2.")]
