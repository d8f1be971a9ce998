"""The template's own verdict equals the validator's, checked in a real spreadsheet application.

Per configuration (the default one and one with units, its own lists and more Analys figures), 300
random rows are typed into a generated template – valid rows, each rule broken on its own, aliases,
number-like and other text in every number column, free-text, out-of-period and impossible dates,
years typed as text and as numbers, Löpande and its aliases, duplicates – with rows pasted below the
table and random Analys values ("ca 45", "0,12", "120", "12 %", …), and a few more plans carry only
Analys values. LibreOffice recalculates every workbook; then, with no exception:

* each table row's Radkontroll verdict (fel / varning / ok) equals the worst severity `validate`
  reports for that row;
* each Analys field's Kontroll verdict equals the worst severity `validate` reports for its cell;
* Aktivitetsplan!B2 and Analys!B2 say what the validator's issues count.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kfworkbook.config import Config, parse_config
from kfworkbook.fileio import set_text
from kfworkbook.forms import columns as C
from kfworkbook.issues import Report
from kfworkbook.template.plan import last_row, write_template
from kfworkbook.validate.run import validate_file
from kfworkbook.words import count

from .conftest import config_with, soffice_convert_many
from .plans import fill

pytestmark = pytest.mark.slow

ROWS = 300
ANALYSIS_PLANS = 6
"""Small plans per configuration that carry only a valid row and random Analys values."""
SECOND = f"""
forvaltning = "Skarpnäcks stadsdelsförvaltning"
kontakt = "HR-avdelningen, Skarpnäck"
plan_ar = 2025
planperiod = "2025-2027"
mallversion = "2025.2"
antal_rader = {ROWS}

[[avdelningar]]
namn = "Äldreomsorg"
enheter = ["Hemtjänst", "Vård- och omsorgsboende"]

[[avdelningar]]
namn = "Ekonomi"

[[analys]]
nyckel = "lage"
rubrik = "Läget"
{"".join(f'''
[[analys]]
nyckel = "tal{n}"
rubrik = "Antal {n}"
typ = "tal"

[[analys]]
nyckel = "procent{n}"
rubrik = "Andel {n} (%)"
typ = "procent"
''' for n in range(1, 5))}
[[analys]]
nyckel = "grupp"
rubrik = "Bristyrke"
typ = "lista"
lista = "malgrupper"

[[analys]]
nyckel = "steg"
rubrik = "Viktigaste steget"
typ = "lista"
lista = "kategorier"

[listor]
kategorier = [
  {{ namn = "Attrahera", beskrivning = "Synas som arbetsgivare." }},
  {{ namn = "Rekrytera", beskrivning = "Anställa rätt." }},
  {{ namn = "Introducera", beskrivning = "Ta emot nya." }},
  {{ namn = "Utveckla", alias = ["Kompetensutveckling"], beskrivning = "Lära i arbetet." }},
  {{ namn = "Behålla", beskrivning = "Vilja stanna." }},
  {{ namn = "Avsluta", alias = ["Avveckla", "Avveckling"], beskrivning = "Sluta väl." }},
]
roller = ["Verksamhetschef", {{ namn = "Enhetschef", alias = ["Enhetschefer"] }}, "Gruppledare", "HR-konsult",
          "Samordnare"]
malgrupper = ["Undersköterskor", "Vårdbiträden", {{ namn = "Sjuksköterskor", alias = ["SSK"] }}, "Alla"]
vp_mal = ["Mål 1: Trygg vård och omsorg", "Mål 2: Attraktiv arbetsgivare"]
uppfoljning = [{{ namn = "Delår 1", perioder = ["T1"] }}, {{ namn = "Delår 2", perioder = ["T2"] }},
               {{ namn = "Årsredovisning", alias = ["Bokslut"], perioder = ["VB"] }}]
status = ["Planerad", "Genomförd", "Inställd"]
"""


def second_config() -> Config:
    import tomllib

    return parse_config(tomllib.loads(SECOND), "skarpnack.toml")


CONFIGS = {
    "farsta": lambda: config_with({"antal_rader = 200": f"antal_rader = {ROWS}"}),
    "skarpnack": second_config,
}
LIST_KEYS = [c.key for c in C.COLUMNS if c.list_key]
NUMBER_TEXTS = ["40", "25 000 kr", "40 tim", "1,5", "0,5 h", "12h", "25\u00a0000", "2 500:-", " 7 ", "-5 kr", "-0",
                "fyrtio", "tio", "ca 45", "1.500.000", "45 st", "kr", ",5", "5,", "1e3"]


def _variant(rng: random.Random, value: str) -> str:
    """The same list value as a manager might type it: other case, spaces around."""
    return rng.choice([value, value.upper(), value.lower(), f" {value}", f"{value}  "])


def _valid(rng: random.Random, config: Config, number: int) -> dict[str, Any]:
    def pick(key: str) -> str:
        return _variant(rng, rng.choice(config.list_names(C.COLUMN_BY_KEY[key].list_key)))

    start, days = config.period_start, (config.period_end - config.period_start).days
    row: dict[str, Any] = {
        "category": pick("category"), "goal": f"Mål nummer {number}", "activity": f"Aktivitet {number}",
        "due": rng.choice([start + timedelta(rng.randrange(days + 1)), "Löpande", "löpande",
                           (start + timedelta(rng.randrange(days + 1))).isoformat()]),
        "responsible": pick("responsible"), "follow_up": pick("follow_up"),
    }
    for key in ("vp_goal", "target_group", "status"):
        if rng.random() < 0.5:
            row[key] = pick(key)
    if rng.random() < 0.4:
        categories = [c for c in config.list_names("categories") if c.casefold() != row["category"].strip().casefold()]
        row["category2"] = rng.choice(categories)
    if rng.random() < 0.5:
        row["hours"] = rng.randrange(0, 200)
        row["kronor"] = rng.choice([0, 1500, 25000.5])
    return row


def _dates(config: Config) -> list[Any]:
    """Måldatum as managers write it: dates, years, free text, Löpande's aliases, impossible days."""
    y0, y1 = config.period_start_year, config.period_end_year
    return [
        date(y1 + 2, 3, 1), date(y0 - 3, 12, 31), y1, y1 + 5, y0 - 1, float(y0) + 0.5, 45000.5,
        "Kontinuerligt", "pågående", "LÖPANDE", f"{y1 + 1}-06-30", f"{y1}-02-30", f"{y1}-6-30", f"{y0}-12-31 00:00:00",
        f"30/6-{y1}", f"31/12 – {y1}", f"31/12 -{y0 % 100:02d}", f"30/6 {(y1 + 3) % 100:02d}", f"31.12.{y0}",
        f"31 december {y0}", f"Tertial 1 {y1}", f"T2 {y1 + 1}", f"{y0}-{y1}", f"{y0 - 2}-{y0 - 1}", str(y1),
        str(y1 + 4), f"hösten {y0}", f"hösten {y1 + 3}", f"v. 45 {y1}", f"31/2-{y1}", "snart", "vecka 45",
        f"1. {y0}-12-31 2. {y1}-06-30", "0123", f"{y0}-13-01",
    ]


def _break(rng: random.Random, config: Config, row: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Break one rule of ``row`` (or give it an alias, a text date or number-like text)."""
    kind = rng.choice(["required", "typo", "person", "two", "qualifier", "alias", "due", "due", "number", "number",
                       "same", "duplicate"])
    if kind == "required":
        row.pop(rng.choice([c.key for c in C.REQUIRED]), None)
        if not any(k in row for k in ("goal", "activity")):
            row["comment"] = "kvar"
    elif kind == "typo":
        key = rng.choice(LIST_KEYS)
        value = rng.choice(config.list_names(C.COLUMN_BY_KEY[key].list_key))
        cut = rng.randrange(1, len(value))
        row[key] = value[:cut] + value[cut + 1:]
    elif kind == "person":
        row["responsible"] = rng.choice(["Eva Andersson", "Karl-Erik Berg"])
    elif kind == "two":
        first, second = rng.sample(config.list_names("categories"), 2)
        row["category"] = rng.choice([f"{first}/{second.lower()}", f"{first} och {second}"])
    elif kind == "qualifier":
        row["responsible"] = config.list_names("roles")[1] + " LSS"
    elif kind == "alias":
        key = rng.choice(LIST_KEYS)
        aliases = [a for item in getattr(config.lists, C.COLUMN_BY_KEY[key].list_key) for a in item.aliases]
        key, aliases = (key, aliases) if aliases else ("category", [a for i in config.lists.categories
                                                                    for a in i.aliases])
        row[key] = _variant(rng, rng.choice(aliases))
        row.pop("category2", None)
    elif kind == "due":
        row["due"] = rng.choice(_dates(config))
    elif kind == "number":
        row[rng.choice(["hours", "kronor"])] = rng.choice([-5, -0.5, *NUMBER_TEXTS])
    elif kind == "same":
        row["category2"] = _variant(rng, row["category"].strip())
    else:
        earlier = rng.choice([r for r in rows if r.get("goal") and r.get("activity")] or [row])
        row["goal"], row["activity"] = earlier["goal"].upper(), f" {earlier['activity']} "


def _rows(config: Config, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for number in range(config.rows):
        row = _valid(rng, config, number)
        if rng.random() < 0.6:
            _break(rng, config, row, rows)
        if rng.random() < 0.05:
            row = {}  # an empty row in between
        rows.append(row)
    return rows


def _analysis_values(rng: random.Random, config: Config) -> dict[str, Any]:
    """A random value for most Analys fields: numbers, number-like and other text, shares, list values."""
    values: dict[str, Any] = {}
    for field in config.analysis:
        if rng.random() < 0.15:
            continue
        if field.kind == "tal":
            values[field.key] = rng.choice([45, 0, -3, 12.5, "45", "ca 45", "6 000", "-3", "tio", "12,5", "45 st",
                                            "1 200 personer"])
        elif field.kind == "procent":
            values[field.key] = rng.choice([12, 0, 100, 0.12, 0.5, 120, -1, "12 %", "0,12", "120", "8,5 %", "ca 10",
                                            "-1 %", "100,0", "110 %"])
        elif field.list_key:
            names = config.list_names(field.list_key)
            aliases = [a for item in getattr(config.lists, field.list_key) for a in item.aliases]
            values[field.key] = rng.choice([*names, *(aliases or names), names[0].lower(), " " + names[-1],
                                            "Brandmän", names[0] + "x"])
        else:
            values[field.key] = rng.choice(["Läget är stabilt.", "=inte en formel", "12"])
    return values


def _below(config: Config, rows: list[dict[str, Any]], extra: int, values: dict[str, Any]) -> Any:
    """A mutator typing ``extra`` rows under the table (with gaps) and ``values`` into Analys."""
    keys = [f.key for f in config.analysis]

    def mutate(wb: openpyxl.Workbook) -> None:
        plan, analysis = wb[C.SHEET_PLAN], wb[C.SHEET_ANALYSIS]
        for n in range(extra):
            row = last_row(config) + 1 + 2 * n
            set_text(plan[f"{C.letter('goal')}{row}"], f"Inklistrad rad {n}")
            set_text(plan[f"{C.letter('activity')}{row}"], f"Inklistrad aktivitet {n}")
        for key, value in values.items():
            set_text(analysis[C.analysis_cell(keys.index(key))], value)

    return mutate


@pytest.fixture(scope="module")
def agreement_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Config, list[tuple[Path, Path]]]]:
    """Per config: (config, [(filled plan, that plan as LibreOffice recalculated and saved it)]), the big plan
    first; one LibreOffice start converts every plan of every config."""
    root = tmp_path_factory.mktemp("agreement")
    plans: dict[str, tuple[Config, list[Path]]] = {}
    for name in sorted(CONFIGS):
        config = CONFIGS[name]()
        unit = next((u for u in config.plan_units() if u.unit), config.plan_units()[-1])  # a unit's plan if any
        template = write_template(config, unit, root / name / "mall")
        rng = random.Random(sum(map(ord, name)))
        rows = _rows(config, seed=rng.randrange(10**6))
        empty = sum(1 for row in rows if not row)
        extra = 3 if name == "farsta" else empty + 2  # room to move them up; too many for the room left
        info = {"manager": "Chef", "email": "chef@example.se", "date": config.period_start}
        files = [fill(template, root / name / f"plan-{name}.xlsx", rows, info,
                      mutate=_below(config, rows, extra, _analysis_values(rng, config)))]
        row = _valid(rng, config, 0)
        files += [fill(template, root / name / f"analys-{name}-{n}.xlsx", [row], info,
                       mutate=_below(config, [row], 0, _analysis_values(rng, config))) for n in range(ANALYSIS_PLANS)]
        plans[name] = (config, files)
    converted = soffice_convert_many([f for _, files in plans.values() for f in files], "xlsx", root / "lo")
    return {name: (config, [(f, next(p for p in converted[f] if p.suffix == ".xlsx")) for f in files])
            for name, (config, files) in plans.items()}


def _worst(severities: list[str]) -> str:
    return "fel" if "fel" in severities else "varning" if "varning" in severities else "ok"


def _sheet_verdict(check: Any) -> str:
    text = check or ""
    return "fel" if text.startswith("Fel:") else "varning" if text.startswith("Varning:") else "ok" if not text else "?"


def _counted(errors: int, warnings: int, one: str, many: str) -> list[str]:
    return ([count(errors, f"{one} har fel", f"{many} har fel")] if errors else []) + (
        [count(warnings, f"{one} har varningar", f"{many} har varningar")] if warnings else [])


def expected_status(report: Report, config: Config) -> tuple[str, str]:
    """What Aktivitetsplan!B2 and Analys!B2 must say, from the validator's issues alone."""
    last = last_row(config)
    rows: dict[int, list[str]] = {}
    fields: dict[str, list[str]] = {}
    below = 0
    for issue in report.issues:
        if issue.code == "for-manga-rader":
            below = int(issue.message.split()[0])
        elif issue.sheet == C.SHEET_PLAN and issue.row and issue.row <= last:
            rows.setdefault(issue.row, []).append(issue.severity)
        elif issue.sheet == C.SHEET_ANALYSIS:
            fields.setdefault(issue.cell, []).append(issue.severity)
    row_verdicts = [_worst(v) for v in rows.values()]
    field_verdicts = [_worst(v) for v in fields.values()]
    table = _counted(row_verdicts.count("fel"), row_verdicts.count("varning"), "rad", "rader")
    if below:
        free = config.rows - sum(1 for r in report.activities.index if r <= last)
        where = f"flytta upp {'den' if below == 1 else 'dem'} till tomma rader" if below <= free else \
            "be HR om en mall med fler rader"
        table.append(f"{count(below, 'rad står', 'rader står')} under tabellen – {where}")
    analysis = _counted(field_verdicts.count("fel"), field_verdicts.count("varning"), "fält", "fält")
    plan = ", ".join(table) + ("; " if table and analysis else "") + (
        f"{C.SHEET_ANALYSIS}: " + ", ".join(analysis) if analysis else "")
    return plan or "Inga fel hittade", ", ".join(analysis) or "Inga fel hittade"


def disagreements(config: Config, filled: Path, saved: Path) -> tuple[list[Any], dict[str, int]]:
    """Every place where the recalculated sheet and the validator disagree, and the verdicts counted."""
    book = openpyxl.load_workbook(saved, data_only=True)
    sheet, analysis = book[C.SHEET_PLAN], book[C.SHEET_ANALYSIS]
    report = validate_file(filled, config)
    assert not any(i.code == "text-for-lang" for i in report.issues)
    by_cell: dict[str, list[str]] = {}
    for issue in report.issues:
        if issue.sheet in (C.SHEET_PLAN, C.SHEET_ANALYSIS) and issue.row:
            by_cell.setdefault(f"{issue.sheet}!{issue.row}", []).append(issue.severity)
    wrong: list[Any] = []
    verdicts: dict[str, int] = {}
    for row in range(C.FIRST_ROW, last_row(config) + 1):
        got = _sheet_verdict(sheet[f"{C.CHECK_LETTER}{row}"].value)
        expected = _worst(by_cell.get(f"{C.SHEET_PLAN}!{row}", []))
        verdicts[got] = verdicts.get(got, 0) + 1
        if got != expected:
            wrong.append((filled.name, row, [sheet.cell(row, col).value for col in range(1, len(C.COLUMNS) + 2)],
                          expected))
    for index in range(len(config.analysis)):
        row = C.ANALYSIS_FIRST_ROW + index
        got = _sheet_verdict(analysis[f"{C.ANALYSIS_CHECK}{row}"].value)
        expected = _worst(by_cell.get(f"{C.SHEET_ANALYSIS}!{row}", []))
        verdicts["analys " + got] = verdicts.get("analys " + got, 0) + 1
        if got != expected:
            wrong.append((filled.name, "Analys", row, analysis[f"{C.ANALYSIS_VALUE}{row}"].value, got, expected))
    plan_status, analysis_status = expected_status(report, config)
    for cell, got, expected in ((f"{C.SHEET_PLAN}!B2", sheet[C.CHECK_STATUS_CELL].value, plan_status),
                                (f"{C.SHEET_ANALYSIS}!B2", analysis[C.ANALYSIS_STATUS_CELL].value, analysis_status)):
        if got != expected:
            wrong.append((filled.name, cell, got, expected))
    return wrong, verdicts


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_sheet_and_validator_agree(name: str, agreement_plans) -> None:
    config, plans = agreement_plans[name]
    wrong: list[Any] = []
    verdicts: dict[str, int] = {}
    for filled, saved in plans:
        found, counted = disagreements(config, filled, saved)
        wrong += found
        for key, n in counted.items():
            verdicts[key] = verdicts.get(key, 0) + n
    print(f"{name}: {len(wrong)} disagreements; verdicts {dict(sorted(verdicts.items()))}")
    assert not wrong, "\n".join(map(repr, wrong[:10]))
    # Every verdict occurs often enough for the comparison to mean something.
    assert verdicts["fel"] > 60 and verdicts["varning"] > 40 and verdicts["ok"] > 60
    assert min(verdicts["analys fel"], verdicts["analys varning"], verdicts["analys ok"]) >= 5


def test_rows_below_the_table_are_counted_in_b2(agreement_plans) -> None:
    """Rows pasted under the table: B2 says how many and what to do (move them up, or ask for more rows)."""
    said = {}
    for name in sorted(CONFIGS):
        _, plans = agreement_plans[name]
        saved = plans[0][1]
        said[name] = openpyxl.load_workbook(saved, data_only=True)[C.SHEET_PLAN][C.CHECK_STATUS_CELL].value
    assert "3 rader står under tabellen – flytta upp dem till tomma rader" in said["farsta"]
    assert "rader står under tabellen – be HR om en mall med fler rader" in said["skarpnack"]


def test_empty_and_clean_plan_status(tmp_path: Path) -> None:
    """B2 in words, singular and plural, recalculated by LibreOffice."""
    config = config_with()
    template = write_template(config, config.plan_units()[0], tmp_path / "mall")
    good = {"category": "Utveckla", "goal": "Mål", "activity": "Aktivitet", "due": date(2023, 12, 31),
            "responsible": "Rektor", "follow_up": "Tertial 1"}
    cases = {
        "tom": ([], "Inga fel hittade"),
        "ren": ([good], "Inga fel hittade"),
        "ett-fel": ([good, {**good, "goal": "Annat", "category": "Utvekla"}], "1 rad har fel"),
        "blandat": ([{**good, "due": "Kontinuerligt"}, {**good, "goal": "B", "responsible": "Eva Andersson"},
                     {**good, "goal": "C", "hours": -1}, {**good, "goal": "D", "category": "Utveckling"}],
                    "2 rader har fel, 2 rader har varningar"),
    }
    filled = {name: fill(template, tmp_path / f"{name}.xlsx", rows) for name, (rows, _) in cases.items()}
    converted = soffice_convert_many(list(filled.values()), "xlsx", tmp_path / "lo")  # one LibreOffice start
    for name, (_, expected) in cases.items():
        files = converted[filled[name]]
        sheet = openpyxl.load_workbook(next(p for p in files if p.suffix == ".xlsx"), data_only=True)[C.SHEET_PLAN]
        assert sheet[C.CHECK_STATUS_CELL].value == expected, name
