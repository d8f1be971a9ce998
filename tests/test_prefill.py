"""Next year starts from this year: `template --prefill` from a summary, plans, CSV and Excel."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.config import ConfigError, default_config_text
from kfworkbook.forms import columns as C
from kfworkbook.output.summary_workbook import write_summary
from kfworkbook.prefill.plans import prefill
from kfworkbook.summary.merge import merge
from kfworkbook.template.plan import write_templates
from tests.cli_helpers import body as _body
from tests.cli_helpers import runner
from tests.conftest import config_with
from tests.plans import fill

HEADERS = ["Avdelning", *[c.header for c in C.COLUMNS]]
MULTILINE = "Under året genomförs följande:\n- kompletterande kurser\n- handledning i grupp"
BULLETS = "- första punkten\n- andra punkten"

# Last year's (2022) plans, as managers filled them: statuses, old dates, two steps in one cell,
# a role with a qualifier, a typo and a role that is not in the lists.
FORSKOLA_2022 = [
    {"category": "Utveckla", "goal": "Fler förskollärare", "activity": MULTILINE, "due": date(2023, 12, 31),
     "responsible": "Rektor", "follow_up": "Tertial 1", "status": "Pågår", "comment": "Startar i januari"},
    {"category": "Behålla", "goal": "Mål B", "activity": "Klar aktivitet", "due": date(2022, 6, 30),
     "responsible": "HR", "follow_up": "Verksamhetsberättelse", "status": "Genomförd"},
    {"category": "Utveckla/behålla", "goal": "Mål C", "activity": "=SUMMA(A1)", "due": date(2022, 12, 31),
     "responsible": "Enhetschef LSS", "follow_up": "T2", "status": "Försenad"},
    {"category": "Rekrytering", "goal": "Mål D", "activity": "Strukits", "due": "Löpande",
     "responsible": "Controller", "follow_up": "Tertial 1", "status": "Utgår"},
    {"category": "Utvekla", "goal": "Mål E", "activity": BULLETS, "due": "Löpande", "responsible": "Kurator",
     "follow_up": "Tertial 1"},
]
STADSUTVECKLING_2022 = [
    {"category": "Attrahera", "goal": "Synas på högskolor", "activity": "+ mässor", "due": date(2024, 6, 30),
     "responsible": "HR", "follow_up": "Tertial 2", "status": "Ej påbörjad"},
]

# What the 2023 templates must hold, column by column (None: empty).
EXPECTED_FORSKOLA = [
    {"category": "Utveckla", "goal": "Fler förskollärare", "activity": MULTILINE, "due": datetime(2023, 12, 31),
     "responsible": "Rektor", "follow_up": "Tertial 1", "status": None, "comment": "Startar i januari"},
    {"category": "Utveckla", "category2": "Behålla", "goal": "Mål C", "activity": "=SUMMA(A1)", "due": None,
     "responsible": "Enhetschef", "follow_up": "Tertial 2", "status": None,
     "comment": "Tidigare måldatum 2022-12-31\nTidigare ansvarig: Enhetschef LSS"},
    {"category": "Utvekla", "goal": "Mål E", "activity": BULLETS, "due": "Löpande", "responsible": "Kurator",
     "follow_up": "Tertial 1"},
]
EXPECTED_STADSUTVECKLING = [
    {"category": "Attrahera", "goal": "Synas på högskolor", "activity": "+ mässor", "due": datetime(2024, 6, 30),
     "responsible": "HR", "follow_up": "Tertial 2"},
]
# (code, source row offset from the first activity row) of the rows needing attention, in order.
EXPECTED_ATTENTION = [("forifyll-delad", 2), ("forifyll-datum-fore", 2), ("forifyll-roll", 2),
                      ("forifyll-ej-i-listan", 4), ("forifyll-ej-i-listan", 4)]


def config_2023(extra: str = ""):
    return config_with({"plan_ar = 2022": "plan_ar = 2023", 'planperiod = "2022-2024"': 'planperiod = "2023-2025"'},
                       extra)


def config_file(folder: Path, replacements: dict[str, str]) -> Path:
    text = default_config_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "kfworkbook.toml"
    path.write_text(text, encoding="utf-8")
    return path


YEAR_2023 = {"plan_ar = 2022": "plan_ar = 2023", 'planperiod = "2022-2024"': 'planperiod = "2023-2025"'}


@pytest.fixture(scope="module")
def last_year(tmp_path_factory, config):
    """A folder of 2022 plans (Förskola, Stadsutveckling) and the summary `merge` wrote of them."""
    root = tmp_path_factory.mktemp("2022")
    templates = write_templates(config, root / "mallar")
    fill(templates[0], root / "planer" / templates[0].name, FORSKOLA_2022)
    fill(templates[1], root / "planer" / templates[1].name, STADSUTVECKLING_2022)
    write_summary(merge([root / "planer"], config), root / "sammanstallning_2022.xlsx")
    return root


def table(path: Path) -> list[dict]:
    """The activity rows of a written template, by column key (empty cells left out)."""
    ws = openpyxl.load_workbook(path)[C.SHEET_PLAN]
    rows = []
    for values in ws.iter_rows(min_row=C.FIRST_ROW, max_col=len(C.COLUMNS), values_only=True):
        row = {c.key: v for c, v in zip(C.COLUMNS, values, strict=True) if v is not None}
        if row:
            rows.append(row)
    return rows


def expected(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def template(out: Path, name: str, year: int = 2023) -> Path:
    return out / f"Kompetensförsörjningsplan_{year}_{name}.xlsx"


@pytest.mark.parametrize("source", ["sammanstallning_2022.xlsx", "planer"])
def test_roll_over_from_summary_and_from_folder(last_year, tmp_path, source):
    cfg = config_file(tmp_path, YEAR_2023)
    result = runner.invoke(app, ["template", "--config", str(cfg), "--prefill", str(last_year / source),
                                 "--out", str(tmp_path / "mallar")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "mallar"
    assert table(template(out, "Förskola")) == expected(EXPECTED_FORSKOLA)
    assert table(template(out, "Stadsutveckling")) == expected(EXPECTED_STADSUTVECKLING)
    assert table(template(out, "Äldreomsorg")) == []
    lines = _body(result).splitlines()
    if source == "planer":
        assert lines[0] == "Källa: mappen planer (2 filer), 6 rader med aktiviteter."
        rows, place = [8, 8, 8, 10, 10], "Kompetensförsörjningsplan_2022_Förskola.xlsx, Aktivitetsplan rad {}"
    else:
        assert lines[0] == ("Källa: sammanställningen sammanstallning_2022.xlsx (fliken Aktiviteter, planår 2022), "
                            "6 rader med aktiviteter.")
        rows, place = [5, 5, 5, 6, 6], "Aktiviteter rad {}"  # merge sorts by category: Mål D, A, B, C, E
    assert lines[1] == ("Planår 2022 → 2023: avslutade aktiviteter förs inte över, Status töms och måldatum före "
                        "2023–2025 flyttas till Kommentar.")
    assert lines[2] == "Förde inte över 2 avslutade aktiviteter (Genomförd 1, Utgår 1)."
    assert lines[3] == f"Skrev 5 mallar för Farsta stadsdelsförvaltning 2023 till {out}:"
    assert lines[4] == f"  {template(out, 'Förskola')}: 3 aktiviteter"
    assert lines[5] == f"  {template(out, 'Stadsutveckling')}: 1 aktivitet"
    assert lines[9] == "2 rader behöver åtgärdas:"
    attention = lines[10:]
    assert [line.split(": ", 1)[0] for line in attention] == [
        f"  {place.format(row)} (Förskola)" for row in rows]
    assert [offset + C.FIRST_ROW for _, offset in EXPECTED_ATTENTION] == [8, 8, 8, 10, 10]
    assert attention[0].endswith("'Utveckla/behålla' innehöll flera steg: Utveckla står nu i Kategori (UBARA) och "
                                 "Behålla i Kategori 2. Kontrollera att det stämmer.")
    assert "Måldatum 2022-12-31 ligger före planperioden 2023–2025" in attention[1]
    assert "'Enhetschef LSS' blev Enhetschef" in attention[2]
    assert "'Utvekla' finns inte i listan för Kategori (UBARA); värdet behölls som det var. Menade du Utveckla?" \
        in attention[3]
    assert "'Kurator' finns inte i listan för Ansvarig (funktion)" in attention[4]


def test_json_gives_the_same_report(last_year, tmp_path):
    cfg = config_file(tmp_path, YEAR_2023)
    result = runner.invoke(app, ["template", "--config", str(cfg), "--prefill", str(last_year / "planer"),
                                 "--out", str(tmp_path / "mallar"), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [(t["template"], t["activities"]) for t in document["templates"]] == [
        ("Förskola", 3), ("Stadsutveckling", 1), ("Äldreomsorg", 0), ("Individ och familj", 0),
        ("Funktionsnedsättning", 0)]
    report = document["prefill"]
    assert report["plan_years"] == [2022] and report["rolled_over"] == 6
    assert report["not_carried"] == {"Genomförd": 1, "Utgår": 1}
    assert [(a["code"], a["row"], a["template"]) for a in report["attention"]] == [
        (code, C.FIRST_ROW + offset, "Förskola") for code, offset in EXPECTED_ATTENTION]
    assert report["attention"][1]["value"] == "2022-12-31"


def test_same_year_summary_is_mapping_only(last_year, tmp_path, config):
    """A source of the config's own year keeps Status and old dates; only values are mapped and reported."""
    result = prefill(last_year / "sammanstallning_2022.xlsx", config)
    assert not result.rolled and not result.finished
    rows = result.plans[config.plan_units()[0]][0]
    assert [(r["goal"], r.get("status")) for r in rows] == [  # the plan's order (Källfil, Källrad), not merge's
        ("Fler förskollärare", "Pågår"), ("Mål B", "Genomförd"), ("Mål C", "Försenad"), ("Mål D", "Utgår"),
        ("Mål E", None)]
    assert rows[3]["category"] == "Rekrytera"  # an alias becomes the list value
    assert rows[1]["due"] == date(2022, 6, 30)  # same year: the finished activity and its date stay


# -- CSV and Excel tables -------------------------------------------------------------------------------

CSV_ROWS = [
    ["Förskola", "Utveckla", "", "", "Mål 1", MULTILINE, "", "2023-12-31", "Rektor", "12,5", "", "", "Tertial 1",
     "", "=1+1"],
    ["Förskola", "Behålla", "", "", "Mål 2", BULLETS, "", "Löpande", "HR", "", "", "", "Verksamhetsberättelse",
     "", "@kommentar"],
    ["Stadsutveckling", "Attrahera", "", "", "Mål 3", "  Indrag och mellanslag  ", "", "2024-06-30", "HR", "",
     "", "", "Tertial 2", "", ""],
]


def _csv_text(rows: list[list[str]], delimiter: str, newline: str, header: list[str] = HEADERS) -> str:
    def quote(value: str) -> str:
        if any(ch in value for ch in (delimiter, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(quote(v) for v in row) + newline for row in [header, *rows])


@pytest.mark.parametrize(("encoding", "delimiter", "newline"), [
    ("utf-8", ",", "\n"),            # UTF-8 without BOM
    ("utf-8-sig", ",", "\r\n"),      # UTF-8 with BOM
    ("utf-8-sig", ";", "\r\n"),      # Swedish Excel: CSV UTF-8 (semikolon, BOM, CRLF)
    ("cp1252", ";", "\r\n"),         # Swedish Excel: CSV (semikolonavgränsad), Windows-1252
])
def test_csv_text_arrives_byte_for_byte(tmp_path, encoding, delimiter, newline):
    source = tmp_path / "rader.csv"
    source.write_bytes(_csv_text(CSV_ROWS, delimiter, newline).encode(encoding))
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    assert _body(result).splitlines()[-1] == "1 rad behöver åtgärdas:" or "Inga rader" in result.output
    forskola = table(template(tmp_path / "ut", "Förskola", 2022))
    assert [r["activity"] for r in forskola] == [MULTILINE, BULLETS]
    assert forskola[0]["hours"] == 12.5 and forskola[0]["due"] == datetime(2023, 12, 31)
    assert [r["comment"] for r in forskola] == ["=1+1", "@kommentar"]
    assert table(template(tmp_path / "ut", "Stadsutveckling", 2022))[0]["activity"] == "  Indrag och mellanslag  "
    ws = openpyxl.load_workbook(template(tmp_path / "ut", "Förskola", 2022))[C.SHEET_PLAN]
    assert ws[f"N{C.FIRST_ROW}"].data_type == "s"  # text that looks like a formula stays text
    assert ws.row_dimensions[C.FIRST_ROW].height >= 45  # three lines show
    kind = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}[encoding]
    separator = {",": "komma", ";": "semikolon"}[delimiter]
    assert _body(result).startswith(f"Källa: CSV-filen rader.csv ({kind}, {separator}), 3 rader med aktiviteter.")


def test_csv_with_several_bad_rows_lists_all_with_editor_line_numbers(tmp_path):
    rows = [
        ["Förskola", "Utveckla", "", "", "Mål 1", MULTILINE, "", "2023-12-31", "Rektor", "", "", "", "Tertial 1", "",
         ""],                                                                          # lines 2-4
        ["Skola", "Utveckla", "", "", "Mål 2", "A", "", "2023-12-31", "Rektor", "", "", "", "Tertial 1", "", ""],  # 5
        ["Förskola", "Utvekla", "", "", "Mål 3", BULLETS, "", "2026-01-31", "Rektor", "", "", "", "Tertial 1", "",
         ""],                                                                          # lines 6-7
        ["Äldreomsorg", "Behålla", "", "", "Mål 4", "B", "", "i höst", "Rektor", "", "", "", "Tertial 1", "", ""],  # 8
    ]
    source = tmp_path / "rader.csv"
    source.write_text(_csv_text(rows, ";", "\r\n"), encoding="utf-8-sig")
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    lines = _body(result).splitlines()
    start = lines.index("3 rader behöver åtgärdas:")
    assert [line.split(":", 1)[0] for line in lines[start + 1:]] == [
        "  rad 5", "  rad 6 (Förskola)", "  rad 6 (Förskola)", "  rad 8 (Äldreomsorg)"]
    assert lines[start + 1] == ("  rad 5: Avdelningen 'Skola' finns inte i konfigurationen, så raden fördes inte över. "
                                "Lägg till avdelningen i konfigurationen eller skriv in aktiviteten i rätt mall "
                                "(Förskola, Stadsutveckling, Äldreomsorg, Individ och familj, Funktionsnedsättning).")
    assert "Måldatum 2026-01-31 ligger utanför planperioden 2022–2024" in lines[start + 3]
    assert "Måldatum 'i höst' är inget datum" in lines[start + 4]
    assert source.read_text(encoding="utf-8-sig").splitlines()[4].startswith("Skola;")  # line 5 in an editor


def test_excel_table_names_its_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Läs mig"
    wb.active["A1"] = "Raderna står på nästa flik."
    sheet = wb.create_sheet("Förra året")
    sheet.append(["Rader att föra över"])
    sheet.append(HEADERS)
    for row in CSV_ROWS:
        sheet.append([_number(v) for v in row])
    sheet["H3"] = date(2023, 12, 31)
    path = tmp_path / "rader.xlsx"
    wb.save(path)
    result = runner.invoke(app, ["template", "--prefill", str(path), "--out", str(tmp_path / "ut"),
                                 "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    assert _body(result).splitlines()[0] == "Källa: Excel-filen rader.xlsx (fliken Förra året), 3 rader med aktiviteter."
    rows = table(template(tmp_path / "ut", "Förskola", 2022))
    assert [r["activity"] for r in rows] == [MULTILINE, BULLETS]
    assert rows[0]["due"] == datetime(2023, 12, 31) and rows[0]["hours"] == 12.5
    assert "Stadsutveckling" not in result.output  # --avdelning: only Förskola's template and rows


def _number(value: str):
    return float(value.replace(",", ".")) if value.replace(",", "").isdigit() else (value or None)


def test_csv_plan_year_column_turns_on_roll_over(tmp_path):
    source = tmp_path / "rader.csv"
    source.write_text("Planår,Avdelning,Kategori (UBARA),Vad ska vi uppnå?,Måldatum,Status\n"
                      "2022,Förskola,Utveckla,Kvar,2022-12-31,Pågår\n"
                      "2022,Förskola,Utveckla,Klar,2022-12-31,genomförd\n"
                      "2022,Förskola,Utveckla,Avklarad,Löpande,Avklarad\n", encoding="utf-8")
    result = prefill(source, config_2023())
    assert result.finished == {"Genomförd": 1}
    (rows, _), = result.plans.values()
    assert rows == [{"category": "Utveckla", "goal": "Kvar", "comment": "Tidigare måldatum 2022-12-31"},
                    {"category": "Utveckla", "goal": "Avklarad", "due": "Löpande"}]
    assert [(a.place, a.issue.code) for a in result.attention] == [("rad 2", "forifyll-datum-fore"),
                                                                    ("rad 4", "forifyll-status-okand")]
    assert result.attention[1].issue.message.startswith("Status 'Avklarad' finns inte i listan, så")


# -- placement by department and unit --------------------------------------------------------------------

@pytest.mark.parametrize("department_plan", [True, False])
def test_rows_are_placed_by_the_new_departments_and_units(tmp_path, department_plan):
    units = 'enheter = ["Farsta strand", "Hökarängen"]\n' + ("" if department_plan else "avdelningsmall = false\n")
    cfg = config_with({'[[avdelningar]]\nnamn = "Förskola"\n': '[[avdelningar]]\nnamn = "Förskola"\n' + units})
    source = tmp_path / "rader.csv"
    source.write_text("Avdelning,Enhet,Vad ska vi uppnå?\n"
                      "förskola,hökarängen,A\n"          # line 2: case does not matter
                      "Förskola,Sköndal,B\n"            # line 3: a unit that no longer exists
                      "Förskola,,C\n"                   # line 4: no unit: the department's own plan, if it has one
                      "Stadsutveckling,Gamla enheten,D\n"  # line 5: the department has no units any more
                      "Kultur,,E\n", encoding="utf-8")  # line 6: a department that no longer exists
    result = prefill(source, cfg)
    plans = {unit.label: [r["goal"] for r in rows] for unit, (rows, _) in result.plans.items()}
    expected_plans = {"Förskola – Hökarängen": ["A"], "Stadsutveckling": ["D"]}
    attention = [("rad 3", "forifyll-enhet", None), ("rad 4", "forifyll-enhet", None),
                 ("rad 5", "forifyll-enhet-borttagen", "Stadsutveckling"), ("rad 6", "forifyll-avdelning", None)]
    if department_plan:
        expected_plans["Förskola"] = ["C"]
        del attention[1]
    assert plans == expected_plans
    assert [(a.place, a.issue.code, a.unit.label if a.unit else None) for a in result.attention] == attention
    assert result.attention[0].issue.message == (
        "Enheten 'Sköndal' finns inte under Förskola, så raden fördes inte över. Skriv in aktiviteten i rätt "
        "enhets mall (Farsta strand, Hökarängen).")


def test_a_full_template_reports_the_rows_left_over(tmp_path, config):
    source = tmp_path / "rader.csv"
    source.write_text("Avdelning,Vad ska vi uppnå?\n" + "".join(f"Förskola,Mål {n}\n" for n in range(1, 203)),
                      encoding="utf-8")
    result = prefill(source, config)
    assert len(result.plans[config.plan_units()[0]][0]) == config.rows == 200
    assert [(a.place, a.issue.code) for a in result.attention] == [("rad 202", "forifyll-for-manga"),
                                                                    ("rad 203", "forifyll-for-manga")]


# -- finished statuses ------------------------------------------------------------------------------------

def test_finished_statuses_by_name_or_by_key():
    other = config_with({'status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]':
                         'status = ["Ej startad", "Pågår", "Klar", "Struken", "Stängd"]',
                         'avslutade_status = ["Genomförd", "Utgår"]\n': ""})
    assert other.finished_statuses() == ["Klar", "Struken"]
    keyed = config_with({'avslutade_status = ["Genomförd", "Utgår"]': 'avslutade_status = ["genomförd"]'})
    assert keyed.finished_statuses() == ["Genomförd"]
    with pytest.raises(ConfigError, match="avslutade_status: 'Stängd' finns inte i listan status"):
        config_with({'avslutade_status = ["Genomförd", "Utgår"]': 'avslutade_status = ["Stängd"]'})


# -- never overwrite a filled plan ------------------------------------------------------------------------

def test_template_refuses_to_overwrite_and_force_replaces(tmp_path):
    out = tmp_path / "mallar"
    assert runner.invoke(app, ["template", "--out", str(out)]).exit_code == 0
    filled = template(out, "Förskola", 2022)
    fill(filled, filled, [FORSKOLA_2022[0]])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(app, ["template", "--out", str(out)])
    assert result.exit_code == 2
    names = ["Förskola", "Stadsutveckling", "Äldreomsorg", "Individ_och_familj", "Funktionsnedsättning"]
    assert _body(result).splitlines() == [
        f"Fel: 5 filer i {out} skulle skrivas över:", *[f"  {template(out, n, 2022)}" for n in names],
        "Välj en annan mapp med --out eller lägg till --force för att skriva över dem."]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing touched, the filled plan kept
    one = runner.invoke(app, ["template", "--out", str(out), "--avdelning", "Förskola"])
    assert one.exit_code == 2 and _body(one).startswith(f"Fel: 1 fil i {out} skulle skrivas över:")
    result = runner.invoke(app, ["template", "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert table(filled) == []


def test_unusable_sources_are_one_line_and_exit_2(tmp_path):
    no_department = tmp_path / "rader.csv"
    no_department.write_text("Vad ska vi uppnå?,Måldatum\nMål,2023-12-31\n", encoding="utf-8")
    result = runner.invoke(app, ["template", "--prefill", str(no_department), "--out", str(tmp_path / "ut")])
    assert result.exit_code == 2
    assert _body(result) == ("Fel: rader.csv saknar kolumnen Avdelning. Lägg till den med avdelningens namn på "
                             "varje rad.\n")
    result = runner.invoke(app, ["template", "--prefill", str(tmp_path / "finns-inte.csv"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "Hittar inte" in result.output
    assert not (tmp_path / "ut").exists()


# -- a second förvaltning: the README's example ------------------------------------------------------------

def _skarholmen(year: int, forskola_units: str, extra_departments: str = "", finished: str = "") -> str:
    text = default_config_text()
    departments = text[text.index("\n[[avdelningar]]") + 1:text.index("[listor]")]  # not the commented example
    text = text.replace(departments, f'[[avdelningar]]\nnamn = "Förskola"\nenheter = {forskola_units}\n\n'
                        '[[avdelningar]]\nnamn = "Äldreomsorg"\n\n[[avdelningar]]\nnamn = "Individ och familj"\n'
                        f'enheter = ["Barn och unga", "Vuxen"]\n\n{extra_departments}')
    replacements = {'forvaltning = "Farsta stadsdelsförvaltning"': 'forvaltning = "Skärholmens stadsdelsförvaltning"',
                    "plan_ar = 2022": f"plan_ar = {year}", 'planperiod = "2022-2024"': f'planperiod = "{year}-{year + 2}"',
                    'avslutade_status = ["Genomförd", "Utgår"]\n': finished,
                    'status = ["Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Utgår"]':
                    'status = ["Ej startad", "Pågår", "Klar", "Stryks"]'}
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def test_readme_example_second_forvaltning_with_units(tmp_path):
    from kfworkbook.config import load_config

    (tmp_path / "sk23.toml").write_text(_skarholmen(2023, '["Bredäng", "Sätra", "Skärholmen"]'), encoding="utf-8")
    (tmp_path / "skarholmen.toml").write_text(_skarholmen(2024, '["Bredäng", "Sätra"]',
                                                          '[[avdelningar]]\nnamn = "Kultur och fritid"\n\n',
                                                          'avslutade_status = ["Klar", "Stryks"]\n'),
                                              encoding="utf-8")
    cfg23 = load_config(tmp_path / "sk23.toml")
    templates = {p.name.removeprefix("Kompetensförsörjningsplan_2023_"): p
                 for p in write_templates(cfg23, tmp_path / "mallar23")}
    plans = {
        "Förskola_Bredäng.xlsx": [
            {"category": "Utveckla och behålla", "goal": "Alla barnskötare har utbildning",
             "activity": "Barnskötarutbildning:\n- Komvux\n- validering på arbetsplatsen", "due": date(2023, 12, 31),
             "responsible": "Rektor", "follow_up": "Tertial 1 och 2", "status": "Pågår"},
            {"category": "Introducera", "goal": "Nya medarbetare känner sig välkomna",
             "activity": "Introduktionsdag varje termin", "due": "Löpande", "responsible": "Rektorerna",
             "follow_up": "VB", "status": "Pågår"},
            {"category": "Rekrytera", "goal": "Fler förskollärare", "activity": "Annonser på högskolor",
             "due": date(2023, 6, 30), "responsible": "Rektor", "follow_up": "Tertial 1", "status": "Klar"}],
        "Förskola_Skärholmen.xlsx": [
            {"category": "Utvekla", "goal": "Språkutvecklande arbetssätt", "activity": "Läslyftet i förskolan",
             "due": date(2024, 6, 30), "responsible": "Rektr", "follow_up": "Tertial 2", "status": "Ej startad"}],
        "Äldreomsorg.xlsx": [
            {"category": "Behålla", "goal": "Lägre sjukfrånvaro", "activity": "Hälsofrämjande arbete", "due": "2023",
             "responsible": "Enhetschef hemtjänst", "follow_up": "Tertial 1 och 2 samt verksamhetsberättelse",
             "status": "Pågår", "comment": "Följs upp med HR"},
            {"category": "Avveckla", "goal": "Kunskap stannar kvar", "activity": "Avslutssamtal",
             "due": date(2023, 12, 31), "responsible": "Enhetschef", "follow_up": "VB", "status": "Stryks"}],
        "Individ_och_familj_Vuxen.xlsx": [
            {"category": "Utveckla", "goal": "Trygg dokumentation", "activity": "=Utbildning i dokumentation",
             "due": date(2025, 3, 31), "responsible": "Enhetschef", "follow_up": "Tertial 2"}],
    }
    for name, rows in plans.items():
        fill(templates[name], tmp_path / "planer23" / templates[name].name, rows)
    write_summary(merge([tmp_path / "planer23"], cfg23), tmp_path / "samman23.xlsx")

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("   $ kfworkbook template --config skarholmen.toml"):]
    block = block[:block.index("   ```")]
    command, *shown = [line.removeprefix("   ") for line in block.splitlines()]
    import os
    import shlex

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, shlex.split(command)[2:])  # without "$ kfworkbook"
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    output = result.output.splitlines()
    for line in shown:
        if line.strip() == "…":
            continue
        if line.endswith(" …"):
            assert any(o.startswith(line[:-2]) for o in output), line
        else:
            assert line in output, line
    bredang = table(tmp_path / "mallar24" / "Kompetensförsörjningsplan_2024_Förskola_Bredäng.xlsx")
    assert bredang == [
        {"category": "Utveckla", "category2": "Behålla", "goal": "Alla barnskötare har utbildning",
         "activity": "Barnskötarutbildning:\n- Komvux\n- validering på arbetsplatsen", "responsible": "Rektor",
         "follow_up": "Tertial 1 och 2", "comment": "Tidigare måldatum 2023-12-31"},
        {"category": "Introducera", "goal": "Nya medarbetare känner sig välkomna",
         "activity": "Introduktionsdag varje termin", "due": "Löpande", "responsible": "Rektor",
         "follow_up": "Verksamhetsberättelse"}]
    assert table(tmp_path / "mallar24" / "Kompetensförsörjningsplan_2024_Äldreomsorg.xlsx") == [
        {"category": "Behålla", "goal": "Lägre sjukfrånvaro", "activity": "Hälsofrämjande arbete",
         "responsible": "Enhetschef", "follow_up": "Tertial 1 och 2 samt verksamhetsberättelse",
         "comment": "Följs upp med HR\nTidigare måldatum 2023-12-31\nTidigare ansvarig: Enhetschef hemtjänst"}]


def test_readme_documents_every_template_option():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `kfworkbook template"))
    for flag in ("--config", "--out", "--avdelning", "--prefill FIL_ELLER_MAPP", "--force", "--json"):
        assert flag in row, flag


@pytest.mark.slow
def test_prefilled_text_survives_libreoffice(tmp_path):
    """The prefilled template as a spreadsheet application saves it: the same text, byte for byte."""
    from tests.conftest import soffice_convert

    source = tmp_path / "rader.csv"
    source.write_bytes(_csv_text(CSV_ROWS, ";", "\r\n").encode("utf-8-sig"))
    assert runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "ut"),
                               "--avdelning", "Förskola"]).exit_code == 0
    (saved,) = [p for p in soffice_convert(template(tmp_path / "ut", "Förskola", 2022), "xlsx", tmp_path / "lo")
                if p.suffix == ".xlsx"]
    from kfworkbook.read.workbook import read_plan

    rows = read_plan(saved).rows
    assert list(rows["activity"]) == [MULTILINE, BULLETS]
    assert list(rows["comment"]) == ["=1+1", "@kommentar"]


def test_one_plan_and_a_folder_with_problems(last_year, tmp_path):
    plan = last_year / "planer" / "Kompetensförsörjningsplan_2022_Stadsutveckling.xlsx"
    result = prefill(plan, config_2023())
    assert result.source.kind == "planen Kompetensförsörjningsplan_2022_Stadsutveckling.xlsx"
    assert [rows for rows, _ in result.plans.values()] == [[{
        "category": "Attrahera", "goal": "Synas på högskolor", "activity": "+ mässor", "due": date(2024, 6, 30),
        "responsible": "HR", "follow_up": "Tertial 2"}]]
    folder = tmp_path / "planer"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(plan.read_bytes())
    (folder / "b.xlsx").write_bytes(plan.read_bytes())  # handed in twice
    (folder / "c.xlsx").write_text("ingen arbetsbok", encoding="utf-8")
    (folder / "~$a.xlsx").write_bytes(b"")  # Excel's lock file: not a plan, skipped
    result = prefill(folder, config_2023())
    assert result.source.kind == "mappen planer (3 filer)"
    assert [(a.place, a.issue.code) for a in result.attention] == [("b.xlsx", "forifyll-dubbel-plan"),
                                                                    ("c.xlsx", "forifyll-plan-olasbar")]
    assert len(next(iter(result.plans.values()))[0]) == 2


def test_one_department_gets_only_its_rows_and_problems(last_year, tmp_path):
    cfg = config_file(tmp_path, YEAR_2023)
    result = runner.invoke(app, ["template", "--config", str(cfg), "--prefill", str(last_year / "planer"),
                                 "--out", str(tmp_path / "mallar"), "--avdelning", "Stadsutveckling"])
    assert result.exit_code == 0, result.output
    assert _body(result).splitlines()[2:] == [
        f"Skrev 1 mall för Farsta stadsdelsförvaltning 2023 till {tmp_path / 'mallar'}:",
        f"  {template(tmp_path / 'mallar', 'Stadsutveckling')}: 1 aktivitet",
        "Inga rader behöver åtgärdas."]  # Förskola's finished rows and problems are not Stadsutveckling's
