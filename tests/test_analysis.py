"""The departments' own analysis: the Analys sheet from config to template, validator, copy and summary."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.config import DEFAULT_ANALYSIS, Config, ConfigError, PlanUnit, default_config, parse_config
from kfworkbook.demo.year import example_analysis, example_analysis_path
from kfworkbook.forms import columns as C
from kfworkbook.output.annotate import annotate
from kfworkbook.read.workbook import read_plan
from kfworkbook.summary.merge import merge, summarise
from kfworkbook.summary.model import ANALYSIS_COLUMNS
from kfworkbook.template.livecheck import AMBER_FILL, RED_FILL
from kfworkbook.template.plan import write_template
from kfworkbook.validate.run import validate_file, validate_plans

from .cli_helpers import runner
from .conftest import config_with, soffice_convert_many
from .plans import fill, flat

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLANS = ROOT / "examples" / "farsta-2022" / "planer"

SKARPNACK = """
forvaltning = "Skarpnäcks stadsdelsförvaltning"
plan_ar = 2025
planperiod = "2025-2027"
mallversion = "2025.2"

[[avdelningar]]
namn = "Äldreomsorg"
enheter = ["Hemtjänst", "Vård- och omsorgsboende"]

[[avdelningar]]
namn = "Ekonomi"

[[analys]]
nyckel = "lage"
rubrik = "Läget i verksamheten"
hjalp = "Vad har hänt det senaste året?"

[[analys]]
nyckel = "vakanser"
rubrik = "Antal vakanta tjänster"
typ = "tal"

[[analys]]
nyckel = "sjukfranvaro"
rubrik = "Sjukfrånvaro (%)"
typ = "procent"

[[analys]]
nyckel = "bristyrke"
rubrik = "Bristyrke"
typ = "lista"
lista = "malgrupper"

[listor]
kategorier = ["Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla", "Avsluta"]
roller = ["Verksamhetschef", "Enhetschef", "HR-konsult"]
malgrupper = ["Undersköterskor", { namn = "Sjuksköterskor", alias = ["SSK"] }, "Alla"]
vp_mal = ["Mål 1: Trygg vård och omsorg"]
uppfoljning = [{ namn = "Delår 1", perioder = ["T1"] }, { namn = "Årsredovisning", perioder = ["VB"] }]
status = ["Planerad", "Genomförd"]
"""
SK_ROW = {"category": "Utveckla", "goal": "Fler undersköterskor med specialistutbildning",
          "activity": "Undersköterskor läser demensvård på yrkeshögskolan", "target_group": "Undersköterskor",
          "due": "2026-12-31", "responsible": "Enhetschef", "follow_up": "Årsredovisning"}
SK_INFO = {"manager": "Enhetschef hemtjänst", "email": "hemtjanst@skarpnack.example", "date": "2025-01-20"}
SK_UNIT = PlanUnit("Äldreomsorg", "Hemtjänst")
SK_GOOD = {"lage": "Fler äldre bor kvar hemma; hemtjänsten har svårt att behålla undersköterskor.",
           "vakanser": 6, "sjukfranvaro": 8.5, "bristyrke": "Sjuksköterskor"}


def skarpnack() -> Config:
    return parse_config(tomllib.loads(SKARPNACK), "skarpnack.toml")


def put_analysis(values: dict[str, Any], config: Config) -> Any:
    """A mutator for :func:`fill` that types ``values`` into the Analys sheet by field key."""
    from kfworkbook.fileio import set_text

    keys = [f.key for f in config.analysis]

    def mutate(wb: openpyxl.Workbook) -> None:
        sheet = wb[C.SHEET_ANALYSIS]
        for key, value in values.items():
            set_text(sheet[C.analysis_cell(keys.index(key))], value)

    return mutate


@pytest.fixture(scope="module")
def sk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(skarpnack(), SK_UNIT, tmp_path_factory.mktemp("sk"))


def sk_plan(template: Path, target: Path, values: dict[str, Any]) -> Path:
    return fill(template, target, [SK_ROW], SK_INFO, mutate=put_analysis(values, skarpnack()))


# -- configuration -------------------------------------------------------------------------------


def test_default_fields_come_from_the_toml_and_match_the_defaults() -> None:
    config = default_config()
    assert config.analysis == DEFAULT_ANALYSIS
    assert [(f.key, f.kind) for f in config.analysis] == [
        ("nulage", "text"), ("behov", "text"), ("prioriterade_omraden", "text"),
        ("antal_tillsvidareanstallda", "tal"), ("andel_over_61", "procent"), ("personalomsattning", "procent"),
        ("svarrekryterade", "lista")]
    assert config.analysis[-1].list_key == "target_groups"
    assert all(f.help for f in config.analysis)


def test_a_config_without_the_section_gets_the_defaults() -> None:
    text = SKARPNACK.split("[[analys]]")[0] + "[listor]" + SKARPNACK.split("[listor]")[1]
    assert parse_config(tomllib.loads(text), "x.toml").analysis == DEFAULT_ANALYSIS
    assert [f.key for f in skarpnack().analysis] == ["lage", "vakanser", "sjukfranvaro", "bristyrke"]


@pytest.mark.parametrize(("block", "says"), [
    ('nyckel = "x"\nrubrik = "X"\ntyp = "datum"', 'ska vara "text", "tal", "procent" eller "lista"'),
    ('nyckel = "x"\nrubrik = "X"\ntyp = "lista"', "behöver lista = ett av kategorier"),
    ('nyckel = "x"\nrubrik = "X"\nlista = "roller"', 'skriv typ = \\"lista\\"'.replace("\\", "")),
    ('nyckel = "Antal anställda"\nrubrik = "X"', "små bokstäver a–z"),
    ('nyckel = "nulage"\nrubrik = "X"\n[[analys]]\nnyckel = "nulage"\nrubrik = "Y"', "fältet 'nulage' två gånger"),
])
def test_bad_fields_get_a_swedish_message(block: str, says: str) -> None:
    text = SKARPNACK.split("[[analys]]")[0] + "[[analys]]\n" + block + "\n\n[listor]" + SKARPNACK.split("[listor]")[1]
    with pytest.raises(ConfigError) as error:
        parse_config(tomllib.loads(text), "x.toml")
    assert says in str(error.value)
    assert "analys" in str(error.value)


def test_config_check_shows_and_init_documents_the_fields(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["config", "check"])
    assert shown.exit_code == 0, shown.output
    assert "Fliken Analys: 7 fält:" in shown.output
    assert "  Andel medarbetare över 61 år (%) (procent 0–100)" in shown.output
    assert "  Svårrekryterade yrkesgrupper (värde ur listan malgrupper)" in shown.output
    target = tmp_path / "ny.toml"
    made = runner.invoke(app, ["config", "init", str(target)])
    assert made.exit_code == 0, made.output
    text = target.read_text("utf-8")
    assert text.splitlines().count("[[analys]]") == len(DEFAULT_ANALYSIS)
    assert "# Fliken Analys i mallen" in text and 'typ    = "text" (fri text)' in text


# -- the template --------------------------------------------------------------------------------


def test_analys_sheet_layout_validation_and_protection(sk_template: Path) -> None:
    wb = openpyxl.load_workbook(sk_template)
    assert wb.sheetnames.index(C.SHEET_ANALYSIS) == wb.sheetnames.index(C.SHEET_PLAN) + 1
    ws = wb[C.SHEET_ANALYSIS]
    config = skarpnack()
    assert ws.protection.sheet
    rows = range(C.ANALYSIS_FIRST_ROW, C.ANALYSIS_FIRST_ROW + len(config.analysis))
    assert [ws[f"A{r}"].value for r in rows] == [f.label for f in config.analysis]
    assert [ws[f"{C.ANALYSIS_KEY}{r}"].value for r in rows] == [f.key for f in config.analysis]
    assert ws.column_dimensions[C.ANALYSIS_KEY].hidden
    unlocked = {c.coordinate for row in ws.iter_rows(min_row=1, max_row=20, max_col=8) for c in row
                if not c.protection.locked}
    assert unlocked == {C.analysis_cell(i) for i in range(len(config.analysis))}
    text = ws[C.analysis_cell(0)]
    assert text.alignment.wrap_text and ws.row_dimensions[text.row].height >= 100
    assert ws.column_dimensions[C.ANALYSIS_VALUE].width >= 60
    assert ws[f"C{C.ANALYSIS_FIRST_ROW}"].value == "Vad har hänt det senaste året?"

    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    number, percent, listed = (validations[C.analysis_cell(i)] for i in (1, 2, 3))
    assert (number.type, number.operator, number.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == ("decimal", "between", "0", "100")
    assert (listed.type, listed.formula1) == ("list", C.LIST_BY_KEY["target_groups"].defined_name)
    assert C.analysis_cell(0) not in validations
    assert all(dv.errorStyle == "stop" and dv.error for dv in validations.values())

    assert ws[C.ANALYSIS_STATUS_CELL].value.startswith("=IF(")
    formatted = {str(rng.sqref) for rng in ws.conditional_formatting}
    assert formatted == {C.analysis_cell(i) for i in (1, 2, 3)}
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_area == f"'{C.SHEET_ANALYSIS}'!$A$1:$D${rows[-1]}"


def test_template_passes_the_ooxml_check(sk_template: Path) -> None:
    import subprocess
    import sys

    checker = Path("/work/shared/tools/ooxml/check_ooxml.py")
    if not checker.exists():
        pytest.skip("check_ooxml.py finns inte på den här datorn")
    pytest.importorskip("lxml")
    result = subprocess.run([sys.executable, str(checker), "--quiet", str(sk_template)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# -- reading and validating ----------------------------------------------------------------------


def test_reader_finds_the_values_by_key(sk_template: Path, tmp_path: Path) -> None:
    plan = read_plan(sk_plan(sk_template, tmp_path / "p.xlsx", SK_GOOD))
    assert plan.analysis == {**SK_GOOD, "vakanser": 6, "sjukfranvaro": 8.5}
    assert plan.analysis_cells == {"lage": "B5", "vakanser": "B6", "sjukfranvaro": "B7", "bristyrke": "B8"}


def test_clean_analysis_gives_no_issue_and_normalised_values(sk_template: Path, tmp_path: Path) -> None:
    report = validate_file(sk_plan(sk_template, tmp_path / "p.xlsx", SK_GOOD), skarpnack())
    assert flat(report) == []
    assert report.analysis == {"lage": SK_GOOD["lage"], "vakanser": 6.0, "sjukfranvaro": 8.5,
                               "bristyrke": "Sjuksköterskor"}


ONE_DEFECT = [
    ("vakanser", -2, "analys-tal-negativt", "fel", "Antal vakanta tjänster är -2. Skriv ett tal som är 0 eller "
                                                    "större, eller lämna fältet tomt."),
    ("vakanser", "sex", "analys-tal-ogiltigt", "fel", "'sex' är inget tal. Skriv Antal vakanta tjänster med "
                                                      "siffror, till exempel 40, eller lämna fältet tomt."),
    ("vakanser", "6 st", "analys-tal-ogiltigt", "fel", None),
    ("vakanser", "6 000", "analys-tal-text", "varning", "'6 000' i Antal vakanta tjänster tolkas som 6000. "
                                                        "Skriv bara talet."),
    ("sjukfranvaro", 120, "analys-procent-utanfor", "fel",
     "Sjukfrånvaro (%) är 120, men en procentsats ligger mellan 0 och 100. Skriv till exempel 12 för 12 procent."),
    ("sjukfranvaro", -1, "analys-procent-utanfor", "fel", None),
    ("sjukfranvaro", "8,5 %", "analys-tal-text", "varning", "'8,5 %' i Sjukfrånvaro (%) tolkas som 8,5. "
                                                            "Skriv bara talet."),
    ("sjukfranvaro", "110 %", "analys-procent-utanfor", "fel", None),
    ("sjukfranvaro", 0.12, "analys-procent-andel", "varning",
     "Sjukfrånvaro (%) är 0,12, alltså mindre än 1 procent. Menade du 12 procent? Skriv då 12; Excel gör 12 % till "
     "0,12."),
    ("sjukfranvaro", 0.5, "analys-procent-andel", "varning", None),
    ("sjukfranvaro", -0.5, "analys-procent-utanfor", "fel", "Sjukfrånvaro (%) är -0,5, men en procentsats ligger "
                                                            "mellan 0 och 100. Skriv till exempel 12 för 12 procent."),
    ("bristyrke", "SSK", "analys-alias", "varning", "'SSK' räknas som 'Sjuksköterskor'. Välj 'Sjuksköterskor' i "
                                                    "rullistan."),
    ("bristyrke", "Undersköterska", "analys-ej-i-listan", "fel", None),
    ("bristyrke", "Lokalvårdare", "analys-ej-i-listan", "fel",
     "'Lokalvårdare' finns inte i listan för Bristyrke. Välj ett värde i rullistan, till exempel Undersköterskor, "
     "Sjuksköterskor eller Alla."),
]


@pytest.mark.parametrize(("key", "value", "code", "severity", "message"), ONE_DEFECT)
def test_one_defect_one_issue_at_its_cell(sk_template: Path, tmp_path: Path, key: str, value: Any, code: str,
                                          severity: str, message: str | None) -> None:
    config = skarpnack()
    report = validate_file(sk_plan(sk_template, tmp_path / "p.xlsx", {**SK_GOOD, key: value}), config)
    index = [f.key for f in config.analysis].index(key)
    assert flat(report) == [(code, C.analysis_cell(index), severity)]
    issue = report.issues[0]
    assert (issue.sheet, issue.column) == (C.SHEET_ANALYSIS, config.analysis[index].label)
    if message is not None:
        assert issue.message == message
    if severity == "fel":
        assert key not in report.analysis  # a wrong value never reaches the summary
    else:
        assert key in report.analysis


def test_older_template_without_analys_reads_with_only_the_version_warning(tmp_path: Path) -> None:
    old_config = config_with({'mallversion = "2022.1"': 'mallversion = "2021.3"'})
    template = write_template(old_config, PlanUnit("Förskola"), tmp_path / "old")

    def drop(wb: openpyxl.Workbook) -> None:
        del wb[C.SHEET_ANALYSIS]

    plan_path = fill(template, tmp_path / "gammal.xlsx", mutate=drop)
    report = validate_file(plan_path, default_config())
    assert flat(report) == [("mall-version", "", "varning")]
    assert report.plan.analysis == {} and report.analysis == {}


def test_many_plans_one_run(sk_template: Path, tmp_path: Path) -> None:
    config = skarpnack()
    plans = [read_plan(sk_plan(sk_template, tmp_path / f"p{n}.xlsx", {**SK_GOOD, "vakanser": value}))
             for n, value in enumerate([3, -1, "x", 4])]
    reports = validate_plans(plans, config)
    assert [flat(r) for r in reports] == [[], [("analys-tal-negativt", "B6", "fel")],
                                          [("analys-tal-ogiltigt", "B6", "fel")], []]
    assert [r.analysis.get("vakanser") for r in reports] == [3.0, None, None, 4.0]


# -- the annotated copy --------------------------------------------------------------------------


def test_annotated_copy_marks_analys_cells(sk_template: Path, tmp_path: Path) -> None:
    source = sk_plan(sk_template, tmp_path / "in" / "p.xlsx", {**SK_GOOD, "vakanser": -2, "bristyrke": "SSK"})
    report = validate_file(source, skarpnack())
    copy = annotate(report, source, tmp_path / "out")
    assert copy is not None
    ws = openpyxl.load_workbook(copy)[C.SHEET_ANALYSIS]
    assert ws["B6"].fill.start_color.rgb == RED_FILL.start_color.rgb
    assert ws["B8"].fill.start_color.rgb == AMBER_FILL.start_color.rgb
    assert "Antal vakanta tjänster är -2" in ws["B6"].comment.text
    issues = openpyxl.load_workbook(copy)["Valideringsfel"]
    assert [issues.cell(r, 1).value for r in (4, 5)] == ["Analys!B6", "Analys!B8"]


# -- the summary ---------------------------------------------------------------------------------


def test_summary_analysis_one_row_per_plan_and_field(sk_template: Path, tmp_path: Path) -> None:
    config = skarpnack()
    folder = tmp_path / "in"
    sk_plan(sk_template, folder / "hemtjanst.xlsx", {**SK_GOOD, "sjukfranvaro": 140})
    other = write_template(config, PlanUnit("Ekonomi"), tmp_path / "t")
    fill(other, folder / "ekonomi.xlsx", [SK_ROW], SK_INFO, mutate=put_analysis({"vakanser": 1}, config))
    foreign = write_template(config_with(), PlanUnit("Förskola"), tmp_path / "f")
    fill(foreign, folder / "farsta.xlsx", mutate=put_analysis({"nulage": "Ska inte synas"}, config_with()))
    summary = merge([folder], config)
    frame = summary.analysis
    assert list(frame.columns) == ANALYSIS_COLUMNS
    assert len(frame) == 2 * len(config.analysis)
    assert frame[["Avdelning", "Enhet"]].drop_duplicates().values.tolist() == [
        ["Äldreomsorg", "Hemtjänst"], ["Ekonomi", None]]
    first = frame[frame["Enhet"] == "Hemtjänst"]
    assert first["Nyckel"].tolist() == [f.key for f in config.analysis]
    assert first["Rubrik"].tolist() == [f.label for f in config.analysis]
    assert first["Typ"].tolist() == ["text", "tal", "procent", "lista"]
    assert first["Värde"].tolist() == [SK_GOOD["lage"], 6.0, None, "Sjuksköterskor"]  # 140 % is an error
    ekonomi = frame[frame["Avdelning"] == "Ekonomi"]
    assert ekonomi["Värde"].tolist() == [None, 1.0, None, None]
    assert "Ska inte synas" not in frame["Värde"].tolist()


def test_summary_without_reports_has_the_columns() -> None:
    summary = summarise([], skarpnack())
    assert list(summary.analysis.columns) == ANALYSIS_COLUMNS and summary.analysis.empty


# -- the Farsta example --------------------------------------------------------------------------


def test_example_plans_carry_the_seed_texts_and_no_invented_figures() -> None:
    values = example_analysis()
    assert sorted(u.department for u in values) == sorted(d.name for d in default_config().departments)
    for unit, fields in values.items():
        assert {"nulage", "behov", "prioriterade_omraden"} <= set(fields), unit
        assert not {"antal_tillsvidareanstallda", "andel_over_61", "personalomsattning"} & set(fields)
    assert values[PlanUnit("Äldreomsorg")]["svarrekryterade"] == "Sjuksköterskor"
    assert "51 procent" in values[PlanUnit("Äldreomsorg")]["nulage"]
    summary = merge([EXAMPLE_PLANS])
    frame = summary.analysis
    assert len(frame) == 5 * len(DEFAULT_ANALYSIS)
    texts = frame[frame["Typ"] == "text"]
    assert texts["Värde"].notna().all()
    assert frame[frame["Typ"].isin(["tal", "procent"])]["Värde"].isna().all()
    assert not any(i.sheet == C.SHEET_ANALYSIS for r in summary.reports for i in r.issues)
    assert (ROOT / "examples" / "farsta-2022" / "analys.csv").read_bytes() == example_analysis_path().read_bytes()


# -- LibreOffice: the sheet's verdict equals the validator's -------------------------------------

AGREEMENT_CASES: list[dict[str, Any]] = [
    SK_GOOD,
    {**SK_GOOD, "vakanser": -2},
    {**SK_GOOD, "vakanser": "6 000"},
    {**SK_GOOD, "sjukfranvaro": 120},
    {**SK_GOOD, "sjukfranvaro": -0.5},
    {**SK_GOOD, "sjukfranvaro": 100},
    {**SK_GOOD, "sjukfranvaro": 0.12},
    {**SK_GOOD, "sjukfranvaro": 1},
    {**SK_GOOD, "sjukfranvaro": "8 %"},
    {**SK_GOOD, "bristyrke": "SSK"},
    {**SK_GOOD, "bristyrke": " sjuksköterskor "},
    {**SK_GOOD, "bristyrke": "Lokalvårdare"},
    {**SK_GOOD, "vakanser": 0, "sjukfranvaro": 0, "bristyrke": "Alla"},
    {"lage": "=SUMMA(A1)", "vakanser": -1, "sjukfranvaro": 101, "bristyrke": "ssk"},
    {},
]


def _verdict(text: Any) -> str:
    text = text or ""
    return "fel" if text.startswith("Fel:") else "varning" if text.startswith("Varning:") else "ok"


@pytest.mark.slow
def test_libreoffice_verdict_equals_the_validator(sk_template: Path, tmp_path: Path) -> None:
    config = skarpnack()
    paths = [sk_plan(sk_template, tmp_path / f"case{number}.xlsx", values) for number, values in enumerate(AGREEMENT_CASES)]
    converted = soffice_convert_many(paths, "xlsx", tmp_path / "lo")  # one LibreOffice start for every case
    for path, values in zip(paths, AGREEMENT_CASES, strict=True):
        report = validate_file(path, config)
        files = converted[path]
        ws = openpyxl.load_workbook(next(p for p in files if p.suffix == ".xlsx"), data_only=True)[C.SHEET_ANALYSIS]
        expected: dict[str, str] = {}
        for issue in report.issues:
            if issue.sheet == C.SHEET_ANALYSIS:
                expected[issue.cell] = "fel" if "fel" in (issue.severity, expected.get(issue.cell)) else "varning"
        for index in range(len(config.analysis)):
            row = C.ANALYSIS_FIRST_ROW + index
            sheet = _verdict(ws[f"{C.ANALYSIS_CHECK}{row}"].value)
            assert sheet == expected.get(C.analysis_cell(index), "ok"), (values, row, ws[f"D{row}"].value)
        errors = sum(1 for v in expected.values() if v == "fel")
        warnings = len(expected) - errors
        status = ws[C.ANALYSIS_STATUS_CELL].value
        if not expected:
            assert status == "Inga fel hittade", values
        else:
            parts = ([f"{errors} fält har fel"] if errors else []) + ([f"{warnings} fält har varningar"]
                                                                    if warnings else [])
            assert status == ", ".join(parts), values


def test_config_schema_lists_the_analys_rules(tmp_path: Path) -> None:
    path = tmp_path / "skarpnack.toml"
    path.write_text(SKARPNACK, encoding="utf-8")
    result = runner.invoke(app, ["config", "schema", "--config", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    start = lines.index("Regler för fliken Analys")
    rows = [line for line in lines[start:] if line and line[0].isalpha() and not line.startswith("Regler")]
    assert rows == [
        "Läget i verksamheten högst 32 767 tecken fel analys-text-for-lang",
        "Antal vakanta tjänster ett tal fel analys-tal-ogiltigt",
        "Antal vakanta tjänster skrivet som ett tal, inte som text varning analys-tal-text",
        "Antal vakanta tjänster 0 eller större fel analys-tal-negativt",
        "Sjukfrånvaro (%) ett tal fel analys-tal-ogiltigt",
        "Sjukfrånvaro (%) skrivet som ett tal, inte som text varning analys-tal-text",
        "Sjukfrånvaro (%) mellan 0 och 100 fel analys-procent-utanfor",
        "Sjukfrånvaro (%) 1 eller mer, eller 0 (inte en andel som 0,12) varning analys-procent-andel",
        "Bristyrke ett värde i listan: Undersköterskor, Sjuksköterskor, Alla fel analys-ej-i-listan",
        "Bristyrke skrivet som i listan, inte med en annan stavning varning analys-alias",
    ]
