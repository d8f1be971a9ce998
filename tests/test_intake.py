"""A messy intake folder, as HR gets it: every file is accounted for and the numbers add up.

The förvaltning is not Farsta: Solna 2023, departments split into units, its own role list. The
folder holds a valid plan; last year's plan for the same unit with a later Datum; a plan from
another förvaltning; a 0-byte file, a truncated file and a real .xls named like units; an .ods; a
lock file and a PDF; the same plan handed in twice in two subfolders (one of them also given on the
command line); a plan with invalid list values and dates; a plan with a warning.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kfworkbook import merge_plans
from kfworkbook.cli import app
from kfworkbook.config import default_config, default_config_text, parse_config
from kfworkbook.issues import CATALOGUE
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.summary.model import INVALID, INVALID_DUE
from kfworkbook.template.plan import write_templates

from .cli_helpers import runner
from .conftest import soffice_convert
from .plans import fill

pytestmark = pytest.mark.slow  # the intake fixture converts plans with LibreOffice

SOLNA = "Solna stadsdelsförvaltning"


def solna_text(year: int = 2023) -> str:
    """A second förvaltning's configuration: units under departments, another year, another role list."""
    text = default_config_text()
    for old, new in {
        'forvaltning = "Farsta stadsdelsförvaltning"': f'forvaltning = "{SOLNA}"',
        "plan_ar = 2022": f"plan_ar = {year}",
        'planperiod = "2022-2024"': f'planperiod = "{year}-{year + 2}"',
        'mallversion = "2022.1"': f'mallversion = "{year}.2"',
        'namn = "Förskola"\n': 'namn = "Förskola"\nenheter = ["Norr", "Söder", "Väster"]\n',
        'namn = "Stadsutveckling"\n': 'namn = "Grundskola"\nenheter = ["Centrum", "Hagalund"]\navdelningsmall = false\n',
        'namn = "Äldreomsorg"\n': 'namn = "Socialtjänst"\n',
        'namn = "Individ och familj"\n': 'namn = "Kultur och fritid"\n',
        'namn = "Funktionsnedsättning"\n':
            'namn = "Stöd och service"\nenheter = ["Boende", "Daglig verksamhet"]\navdelningsmall = false\n',
        '  "Avdelningschef",\n': '  "Avdelningschef",\n  "Förskolechef",\n',
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def solna(year: int = 2023):
    return parse_config(tomllib.loads(solna_text(year)), "solna.toml")


ROWS = [
    {"category": "Utveckla", "goal": "Fler förskollärare med legitimation", "activity": "Handledning av VFU-studenter",
     "target_group": "Förskollärare", "due": date(2023, 11, 30), "responsible": "Förskolechef",
     "follow_up": "Tertial 2"},
    {"category": "Behålla", "goal": "Friskare arbetsplats", "activity": "Friskvårdstimme varje vecka",
     "due": "Löpande", "responsible": "Enhetschef", "follow_up": "Verksamhetsberättelse"},
]
LAST_YEAR_ROWS = [{"category": "Attrahera", "goal": "Förra årets mål", "activity": "Förra årets aktivitet",
                   "due": date(2022, 6, 30), "responsible": "HR", "follow_up": "Tertial 1"}]
INVALID_ROWS = [
    {"category": "Utvekla", "goal": "Bättre bemötande", "activity": "Kurs i bemötande", "target_group": "Lärare",
     "due": "1905 T2", "responsible": "Anna Andersson", "follow_up": "Tertial 1"},
    {"category": "Utveckla/behålla", "goal": "Digital kompetens", "activity": "Digitala verktyg i vardagen",
     "due": date(1905, 5, 1), "responsible": "Rektor", "follow_up": "Tertial 1"},
    {"category": "Behålla", "goal": "Stabil bemanning", "activity": "Schemaläggning tillsammans",
     "due": "Löpande", "responsible": "HR", "follow_up": "Tertial 1"},
]
ALIAS_ROWS = [dict(ROWS[0], category="Kompetensutveckling", responsible="Enhetschef")]


def info(day: date) -> dict:
    return {"manager": "Chef", "email": "chef@solna.example.se", "date": day}


@pytest.fixture(scope="module")
def intake(tmp_path_factory):
    """(config, inbox folder, nested folder) of the messy intake."""
    config = solna()
    root = tmp_path_factory.mktemp("intake")
    mallar = {p.stem.split("_", 2)[2]: p for p in write_templates(config, root / "mallar")}
    last_year = {p.stem.split("_", 2)[2]: p for p in write_templates(solna(2022), root / "mallar-2022")}
    farsta = {p.stem.split("_", 2)[2]: p for p in write_templates(default_config(), root / "mallar-farsta")}
    inbox = root / "inkorg"
    fill(mallar["Förskola_Norr"], inbox / "Kompetensförsörjningsplan_2023_Förskola_Norr.xlsx", ROWS,
         info(date(2023, 1, 20)))
    fill(last_year["Förskola_Norr"], inbox / "gamla" / "Förskola Norr.xlsx", LAST_YEAR_ROWS, info(date(2023, 2, 15)))
    fill(farsta["Förskola"], inbox / "Förskola Farsta.xlsx", ROWS, info(date(2023, 1, 5)))
    (inbox / "KFP Förskola Söder.xlsx").write_bytes(b"")
    whole = fill(mallar["Förskola_Väster"], root / "väster.xlsx", ROWS, info(date(2023, 1, 22))).read_bytes()
    (inbox / "kompetensförsörjningsplan 2023 förskola väster.xlsx").write_bytes(whole[: len(whole) // 2])
    centrum = fill(mallar["Grundskola_Centrum"], root / "xls" / "Grundskola-Centrum.xlsx", ROWS, info(date(2023, 1, 3)))
    xls = next(p for p in soffice_convert(centrum, "xls", root / "xls") if p.suffix == ".xls")
    shutil.copy(xls, inbox / "Grundskola-Centrum.xls")
    hagalund = fill(mallar["Grundskola_Hagalund"], root / "ods" / "Kompetensförsörjningsplan_2023_Grundskola_Hagalund.xlsx",
                    ROWS, info(date(2023, 1, 25)))
    ods = next(p for p in soffice_convert(hagalund, "ods", root / "ods") if p.suffix == ".ods")
    shutil.copy(ods, inbox / ods.name)
    fill(mallar["Socialtjänst"], inbox / "anna" / "Socialtjänst.xlsx", ROWS[:1], info(date(2023, 1, 10)))
    fill(mallar["Socialtjänst"], inbox / "bertil" / "Socialtjänst.xlsx", ROWS, info(date(2023, 2, 1)))
    fill(mallar["Kultur_och_fritid"], inbox / "Kultur och fritid.xlsx", INVALID_ROWS, info(date(2023, 1, 30)))
    fill(mallar["Stöd_och_service_Boende"], inbox / "Boende.xlsx", ALIAS_ROWS, info(date(2023, 1, 31)))
    (inbox / "~$Kompetensförsörjningsplan_2023_Förskola_Norr.xlsx").write_bytes(b"lock")
    (inbox / "Instruktioner.pdf").write_bytes(b"%PDF-1.4")
    return config, inbox, inbox / "anna"


@pytest.fixture(scope="module")
def summary(intake):
    config, inbox, nested = intake
    return merge_plans([inbox, nested, inbox / "Boende.xlsx"], config, workers=1)


NORR = "Kompetensförsörjningsplan_2023_Förskola_Norr.xlsx"
HAGALUND = "Kompetensförsörjningsplan_2023_Grundskola_Hagalund.ods"
EXPECTED_UNITS = [  # (Avdelning, Enhet, Status, Aktiviteter, Fil)
    ("Förskola", None, "saknas", 0, None),  # the department's own plan beside its units' plans
    ("Förskola", "Norr", "godkänd", 2, NORR),
    ("Förskola", "Söder", "kunde inte läsas", 0, "KFP Förskola Söder.xlsx"),
    ("Förskola", "Väster", "kunde inte läsas", 0, "kompetensförsörjningsplan 2023 förskola väster.xlsx"),
    ("Grundskola", "Centrum", "kunde inte läsas", 0, "Grundskola-Centrum.xls"),
    ("Grundskola", "Hagalund", "godkänd", 2, HAGALUND),
    ("Socialtjänst", None, "godkänd", 2, "bertil/Socialtjänst.xlsx"),
    ("Kultur och fritid", None, "med fel", 3, "Kultur och fritid.xlsx"),
    ("Stöd och service", "Boende", "med varningar", 1, "Boende.xlsx"),
    ("Stöd och service", "Daglig verksamhet", "saknas", 0, None),
]
OTHER_FILES = [  # (Fil, Status, Anmärkning)
    ("anna/Socialtjänst.xlsx", "ersatt", "Ersatt av den nyare bertil/Socialtjänst.xlsx"),
    ("Förskola Farsta.xlsx", "hör inte till planen",
     f"Planen är gjord för Farsta stadsdelsförvaltning 2022, inte för {SOLNA} 2023"),
    ("gamla/Förskola Norr.xlsx", "hör inte till planen", f"Planen är gjord för {SOLNA} 2022, inte för {SOLNA} 2023"),
    ("Instruktioner.pdf", "hoppades över", "Hoppades över (ingen plan)"),
    ("~$Kompetensförsörjningsplan_2023_Förskola_Norr.xlsx", "hoppades över", "Hoppades över (låsfil, ingen plan)"),
]
TOTALS = {"expected": 10, "handed_in": 8, "approved": 3, "with_warnings": 1, "with_errors": 1, "unreadable": 3,
          "missing": 2, "files": 13, "plans": 5, "replaced": 1, "foreign": 2, "unreadable_files": 3, "skipped": 2,
          "activities": 10}
NOTES = [
    "anna/Socialtjänst.xlsx ersattes av den nyare bertil/Socialtjänst.xlsx (Socialtjänst).",
    f"Förskola Farsta.xlsx räknas inte: Planen är gjord för Farsta stadsdelsförvaltning 2022, inte för {SOLNA} 2023.",
    f"gamla/Förskola Norr.xlsx räknas inte: Planen är gjord för {SOLNA} 2022, inte för {SOLNA} 2023.",
    f"Grundskola-Centrum.xls (Grundskola – Centrum) kunde inte läsas: {CATALOGUE['fil-xls'].template}",
    f"KFP Förskola Söder.xlsx (Förskola – Söder) kunde inte läsas: {CATALOGUE['fil-tom'].template}",
    "kompetensförsörjningsplan 2023 förskola väster.xlsx (Förskola – Väster) kunde inte läsas: "
    + CATALOGUE["fil-skadad"].template,
    "Hoppade över Instruktioner.pdf (ingen plan).",
    "Hoppade över ~$Kompetensförsörjningsplan_2023_Förskola_Norr.xlsx (låsfil, ingen plan).",
]


def test_every_unit_and_every_file_in_inlamning(summary):
    subs = summary.submissions.astype(object).where(summary.submissions.notna(), None)
    mask = summary.submissions["Förväntad"].astype(bool)
    expected = subs[mask]
    assert list(zip(expected["Avdelning"], expected["Enhet"], expected["Status"], expected["Aktiviteter"],
                    expected["Fil"], strict=True)) == EXPECTED_UNITS
    by_unit = {(d, u): note for d, u, note in zip(expected["Avdelning"], expected["Enhet"], expected["Anmärkning"],
                                                 strict=True)}
    assert by_unit["Socialtjänst", None] == "Ersatte anna/Socialtjänst.xlsx"
    assert by_unit["Förskola", "Söder"] == CATALOGUE["fil-tom"].template
    other = subs[~mask]
    assert list(zip(other["Fil"], other["Status"], other["Anmärkning"], strict=True)) == OTHER_FILES


def test_figures_add_up(summary):
    t = summary.totals
    assert t == TOTALS
    assert t["expected"] == t["approved"] + t["with_warnings"] + t["with_errors"] + t["unreadable"] + t["missing"]
    assert t["handed_in"] == t["expected"] - t["missing"]
    assert t["files"] == t["plans"] + t["replaced"] + t["foreign"] + t["unreadable_files"] + t["skipped"]
    subs = summary.submissions
    assert len(subs) == t["expected"] + t["replaced"] + t["foreign"] + t["skipped"]  # unreadable ones stand for units
    assert t["activities"] == len(summary.activities) == summary.by_department_and_category.loc["Totalt", "Totalt"]
    for table in (summary.by_responsible, summary.by_target_group, summary.timeline):
        assert table.loc["Totalt", "Totalt"] == t["activities"]
    assert int(subs[subs["Förväntad"]]["Aktiviteter"].sum()) == t["activities"]


def test_foreign_plans_never_reach_a_count(summary):
    assert set(summary.activities["Källfil"]) == {NORR, HAGALUND, "bertil/Socialtjänst.xlsx",
                                                  "Kultur och fritid.xlsx", "Boende.xlsx"}
    assert "Förra årets mål" not in set(summary.activities["Vad ska vi uppnå?"])
    assert set(summary.issues["Fil"]) & {"Förskola Farsta.xlsx", "gamla/Förskola Norr.xlsx"} == set()
    assert summary.notes == NOTES
    assert summary.hint == ""


def test_no_invalid_value_is_a_label(summary):
    typed = {"Utvekla", "Utveckla/behålla", "Anna Andersson", "Lärare", "1905 T2", "1905-05-01"}
    tables = {"category": summary.by_department_and_category, "responsible": summary.by_responsible,
              "target": summary.by_target_group, "timeline": summary.timeline}
    for table in tables.values():
        labels = {str(v) for v in [*table.index, *table.columns]}
        assert not labels & typed
        assert not [v for v in labels if v.startswith("1905")]
    assert tables["category"].loc["Kultur och fritid", INVALID] == 2
    assert tables["responsible"].loc[INVALID, "Kultur och fritid"] == 1
    assert tables["target"].loc[INVALID, "Kultur och fritid"] == 1
    assert tables["timeline"].loc["Kultur och fritid", INVALID_DUE] == 2
    assert list(tables["timeline"].columns) == [*(f"{y} T{t}" for y in (2023, 2024, 2025) for t in (1, 2, 3)),
                                                "Löpande", INVALID_DUE, "Totalt"]
    kept = summary.activities[summary.activities["Källfil"] == "Kultur och fritid.xlsx"].sort_values("Källrad")
    assert list(kept["Kategori (UBARA)"]) == ["Utvekla", "Utveckla/behålla", "Behålla"]
    assert list(kept["Fel"] > 0) == [True, True, False]


def test_workbook_sheets(summary, tmp_path):
    path = write_summary(summary, tmp_path / "sammanstallning.xlsx")
    wb = openpyxl.load_workbook(path)
    overview = {r[0]: r[1] for r in wb["Översikt"].iter_rows(values_only=True) if r[0]}
    assert [overview[k] for k in ("Förväntade planer", "Inlämnade", "Godkända", "Med varningar", "Med fel",
                                  "Kunde inte läsas", "Saknas", "Filer i inlämningen", "Planer som räknas",
                                  "Ersatta av en nyare fil", "Hör inte till planen", "Filer som inte kunde läsas",
                                  "Överhoppade filer", "Aktiviteter")] == [10, 8, 3, 1, 1, 3, 2, 13, 5, 1, 2, 3, 2, 10]
    column_a = [r[0] for r in wb["Översikt"].iter_rows(values_only=True)]
    start = column_a.index("Att notera")
    assert column_a[start + 1: start + 1 + len(NOTES)] == NOTES
    inlamning = [r for r in wb["Inlämning"].iter_rows(min_row=2, values_only=True) if any(r)]
    assert [(r[2], r[6]) for r in inlamning] == [(u[2], u[4]) for u in EXPECTED_UNITS] + [
        (f[1], f[0]) for f in OTHER_FILES]
    every_label = set()
    for sheet in ("Per avdelning och kategori", "Per ansvarig", "Per målgrupp", "Tidsplan"):
        ws = wb[sheet]
        every_label |= {c for c in next(ws.iter_rows(min_row=3, max_row=3, values_only=True)) if c}
        every_label |= {r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert INVALID in every_label and INVALID_DUE in every_label
    printed = [c for row in wb["Aktivitetsplan per avdelning"].iter_rows() for c in row
               if c.column == 3 and c.value is not None and not isinstance(c.value, str)]
    assert printed and {c.number_format for c in printed} == {"yyyy-mm-dd"}  # dates, not serial numbers
    assert not every_label & {"Utvekla", "Utveckla/behålla", "Anna Andersson", "Lärare", "1905 T2"}


def test_cli_lines_with_discovered_config(intake, tmp_path, monkeypatch):
    _, inbox, nested = intake
    (tmp_path / "kfworkbook.toml").write_text(solna_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["merge", str(inbox), str(nested), str(inbox / "Boende.xlsx"), "-o", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Konfiguration: kfworkbook.toml ({SOLNA}, planår 2023)",
        "Skrev s.xlsx: 10 aktiviteter från 5 planer.",
        "Enheter: 10 förväntade – 3 godkända, 1 med varningar, 1 med fel, 3 kunde inte läsas, 2 saknas.",
        "Filer: 13 i inlämningen – 5 räknas, 1 ersatt av en nyare, 2 hör inte till planen, 3 kunde inte läsas, "
        "2 överhoppade.",
        *NOTES]


def test_json_is_the_same_picture(intake, summary, tmp_path):
    _, inbox, nested = intake
    (tmp_path / "solna.toml").write_text(solna_text(), encoding="utf-8")
    args = [str(inbox), str(nested), str(inbox / "Boende.xlsx"), "-c", str(tmp_path / "solna.toml"), "--json"]
    result = runner.invoke(app, ["merge", *args, "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["config"] == {"source": str(tmp_path / "solna.toml"), "forvaltning": SOLNA, "plan_year": 2023}
    assert document["totals"] == TOTALS and document["notes"] == NOTES
    files = {f["file"]: f for f in document["files"]}
    statuses = {u[4]: u[2] for u in EXPECTED_UNITS if u[4]} | {f[0]: f[1] for f in OTHER_FILES}
    assert {name: f["status"] for name, f in files.items()} == {
        k: v for k, v in statuses.items() if v != "hoppades över"}
    assert document["skipped"] == [f[0] for f in OTHER_FILES if f[1] == "hoppades över"]
    farsta = files["Förskola Farsta.xlsx"]
    assert (farsta["forvaltning"], farsta["plan_year"], farsta["department"], farsta["unit"], farsta["belongs"]) == (
        "Farsta stadsdelsförvaltning", "2022", "Förskola", None, False)
    assert (files[NORR]["department"], files[NORR]["unit"], files[NORR]["belongs"]) == ("Förskola", "Norr", True)

    validated = runner.invoke(app, ["validate", *args])
    assert validated.exit_code == 1
    listed = json.loads(validated.output)["files"]
    assert len(listed) == 11  # the nested folder's file is read once
    checked = {Path(f["file"]).name: f for f in listed}
    assert checked["KFP Förskola Söder.xlsx"]["status"] == "kunde inte läsas"
    assert (checked["KFP Förskola Söder.xlsx"]["department"], checked["KFP Förskola Söder.xlsx"]["unit"]) == (
        "Förskola", "Söder")
    broken = checked["kompetensförsörjningsplan 2023 förskola väster.xlsx"]["issues"][0]
    assert broken["code"] == "fil-skadad" and broken["message"] == CATALOGUE["fil-skadad"].template
    assert broken["detail"]  # the library's own words, apart from the Swedish message


def test_hint_once_when_most_plans_are_for_another_forvaltning(intake, tmp_path):
    _, inbox, _ = intake
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    hint = (f"Planerna är gjorda för {SOLNA} 2023 men konfigurationen gäller Farsta stadsdelsförvaltning 2022 – "
            "ange --config med er konfiguration.")
    lines = result.output.splitlines()
    assert lines[0] == "Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)"
    assert lines.count(hint) == 1 and not [line for line in lines if "räknas inte" in line]
    validated = runner.invoke(app, ["validate", str(inbox)])
    lines = validated.output.splitlines()
    assert lines[1] == hint and lines.count(hint) == 1
    # said once to HR, instead of every plan's errors against lists it was never made for
    assert not [line for line in lines if "Mallen är gjord för" in line or "Mallen gäller planår" in line]
    assert f"{NORR}: kontrollerades inte mot listorna – planen är gjord för {SOLNA} 2023, inte för Farsta " \
        "stadsdelsförvaltning 2022." in lines


def test_python_api_reads_the_same(intake, summary):
    config, inbox, nested = intake
    again = merge_plans([nested, inbox, inbox], config, workers=1)
    assert again.totals == TOTALS
    assert again.submissions.equals(summary.submissions)
    assert isinstance(again.activities, pd.DataFrame)


def test_a_unit_with_only_last_years_plan_is_missing_and_says_why(intake, tmp_path):
    config, inbox, _ = intake
    summary = merge_plans([inbox / "gamla"], config, workers=1)
    norr = summary.submissions.iloc[1]  # after the department's own plan
    assert (norr["Enhet"], norr["Status"], norr["Anmärkning"]) == (
        "Norr", "saknas", "Ingen plan inlämnad (Förskola Norr.xlsx hör inte till planen)")
    assert summary.totals["missing"] == 10 and summary.totals["foreign"] == 1 and summary.activities.empty
    written = openpyxl.load_workbook(write_summary(summary, tmp_path / "tom.xlsx"))
    assert written["Tidsplan"]["A4"].value == "Förskola"
