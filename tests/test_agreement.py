"""The template's own verdict equals the validator's, checked in a real spreadsheet application.

A few hundred random rows (valid rows, each rule broken on its own, aliases, text dates, pasted
values that the dropdowns would refuse) are typed into a generated template; LibreOffice
recalculates the workbook; row by row, Radkontroll's verdict (fel / varning / ok) must equal the
worst severity `validate` reports for that row, and B2 must count the same rows.

The one allowed difference is the issue's exception: text in Måldatum (other than Löpande, an
ongoing alias or an exact ISO date) and text in a number column are shown as a warning by the sheet,
whatever the validator decides for that cell.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kfworkbook.config import Config, parse_config
from kfworkbook.forms import columns as C
from kfworkbook.template.plan import write_template
from kfworkbook.validate.run import validate_file
from kfworkbook.words import count

from .conftest import config_with, soffice_convert_many
from .plans import fill

pytestmark = pytest.mark.slow

ROWS = 300
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


def _break(rng: random.Random, config: Config, row: dict[str, Any]) -> None:
    """Break one rule of ``row`` (or give it an alias or a text date)."""
    end_year, start = config.period_end_year, config.period_start
    kind = rng.choice(["required", "typo", "person", "two", "qualifier", "alias", "due", "number", "same"])
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
        row["due"] = rng.choice([
            date(end_year + 2, 3, 1), date(start.year - 3, 12, 31), end_year, end_year + 5, start.year - 1,
            "Kontinuerligt", "pågående", f"{end_year + 1}-06-30", f"{end_year}-02-30", f"{end_year}-6-30",
            f"30/6-{end_year}", f"31/12 – {end_year}", f"Tertial 1 {end_year}", "snart", f"{start.year}-{end_year}",
        ])
    elif kind == "number":
        key = rng.choice(["hours", "kronor"])
        row[key] = rng.choice([-5, -0.5, "40", "25 000 kr", "fyrtio"])
    else:
        row["category2"] = _variant(rng, row["category"].strip())


def _rows(config: Config, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for number in range(config.rows):
        row = _valid(rng, config, number)
        if rng.random() < 0.6:
            _break(rng, config, row)
        if rng.random() < 0.05:
            row = {}  # an empty row in between
        rows.append(row)
    return rows


ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _exempt(config: Config, row: dict[str, Any]) -> set[str]:
    """Keys of the row's cells where the sheet shows a warning and the validator decides."""
    keys = set()
    due = row.get("due")
    ongoing = {C.ONGOING.casefold(), *C.ONGOING_ALIASES}
    if isinstance(due, str) and due.strip().casefold() not in ongoing and not ISO.fullmatch(due.strip()):
        keys.add("due")
    keys |= {k for k in ("hours", "kronor") if isinstance(row.get(k), str)}
    return keys


def _worst(severities: list[str]) -> str:
    return "fel" if "fel" in severities else "varning" if "varning" in severities else "ok"


def _sheet_verdict(check: Any) -> str:
    text = check or ""
    return "fel" if text.startswith("Fel:") else "varning" if text.startswith("Varning:") else "ok" if not text else "?"


@pytest.fixture(scope="module")
def agreement_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Config, list[dict[str, Any]], Path, Path]]:
    """Per config: (config, rows, the filled plan, that plan as LibreOffice recalculated and saved it);
    one LibreOffice start converts every config's plan."""
    root = tmp_path_factory.mktemp("agreement")
    plans = {}
    for name in sorted(CONFIGS):
        config = CONFIGS[name]()
        unit = next((u for u in config.plan_units() if u.unit), config.plan_units()[-1])  # a unit's plan if any
        template = write_template(config, unit, root / name / "mall")
        rows = _rows(config, seed=sum(map(ord, name)))
        filled = fill(template, root / name / f"plan-{name}.xlsx", rows,
                      info={"manager": "Chef", "email": "chef@example.se", "date": config.period_start})
        plans[name] = (config, rows, filled)
    converted = soffice_convert_many([filled for _, _, filled in plans.values()], "xlsx", root / "lo")
    return {name: (config, rows, filled, next(p for p in converted[filled] if p.suffix == ".xlsx"))
            for name, (config, rows, filled) in plans.items()}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_sheet_and_validator_agree(name: str, agreement_plans) -> None:
    config, rows, filled, saved = agreement_plans[name]
    sheet = openpyxl.load_workbook(saved, data_only=True)[C.SHEET_PLAN]
    report = validate_file(filled, config)

    by_row: dict[int, list[tuple[str, str, str]]] = {}
    for issue in report.issues:
        if issue.sheet == C.SHEET_PLAN and issue.row:
            by_row.setdefault(issue.row, []).append((issue.cell[0], issue.severity, issue.code))
    assert not any(code in ("dubblett", "text-for-lang") for v in by_row.values() for _, _, code in v)

    mismatches, verdicts, validator_verdicts = [], [], []
    for offset, row in enumerate(rows):
        excel_row = C.FIRST_ROW + offset
        exempt = {C.letter(k) for k in _exempt(config, row)}
        issues = by_row.get(excel_row, [])
        validator_verdicts.append(_worst([sev for _, sev, _ in issues]))
        expected = _worst([sev for letter, sev, _ in issues if letter not in exempt] + ["varning"] * bool(exempt))
        got = _sheet_verdict(sheet[f"{C.CHECK_LETTER}{excel_row}"].value)
        verdicts.append(got)
        if got != expected:
            mismatches.append((excel_row, row, issues, sheet[f"{C.CHECK_LETTER}{excel_row}"].value))
    assert not mismatches, "\n".join(map(repr, mismatches[:10]))
    # Both verdicts occur often enough for the comparison to mean something.
    assert verdicts.count("fel") > 40 and verdicts.count("varning") > 20 and verdicts.count("ok") > 40

    errors, warnings = verdicts.count("fel"), verdicts.count("varning")
    status = ", ".join(part for part in (count(errors, "rad har fel", "rader har fel") if errors else "",
                                         count(warnings, "rad har varningar", "rader har varningar") if warnings else "")
                       if part)
    assert sheet[C.CHECK_STATUS_CELL].value == status
    # B2's numbers are the validator's, except for rows whose only difference is the allowed exception.
    exempt_rows = [i for i, row in enumerate(rows) if _exempt(config, row)]
    same = [i for i in range(len(rows)) if i not in exempt_rows]
    assert [verdicts[i] for i in same] == [validator_verdicts[i] for i in same]


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
