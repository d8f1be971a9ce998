"""The newcomer's journey: prefill, the demo on the real Farsta example, and the README's promises."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.demo.year import MISTAKES, example_introduction_path, example_rows_path, run_demo
from kfworkbook.forms import columns as C
from kfworkbook.read.workbook import read_plan

from .cli_helpers import runner

ROOT = Path(__file__).parents[1]


def _example_rows():
    with example_rows_path().open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_example_folder_shows_the_packaged_data():
    folder = ROOT / "examples" / "farsta-2022"
    assert (folder / "aktiviteter.csv").read_bytes() == example_rows_path().read_bytes()
    assert (folder / "inledning.md").read_bytes() == example_introduction_path().read_bytes()
    assert (folder / "kfworkbook.toml").read_text(encoding="utf-8").startswith("# Konfiguration för kfworkbook")
    assert sorted(p.name for p in (folder / "planer").iterdir()) == sorted(
        f"Kompetensförsörjningsplan_2022_{n}.xlsx" for n in
        ("Förskola", "Stadsutveckling", "Äldreomsorg", "Individ_och_familj", "Funktionsnedsättning"))


def test_examples_hold_no_contact_details_from_the_seeds():
    text = example_rows_path().read_text(encoding="utf-8")
    assert not re.search(r"[\w.]+@[\w.]+", text)
    assert not re.search(r"\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2}\b", text)


def test_prefill_fills_each_department(tmp_path):
    result = runner.invoke(app, ["template", "--prefill", str(example_rows_path()), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    expected = Counter(row["Avdelning"] for row in _example_rows())
    for path in sorted(tmp_path.iterdir()):
        plan = read_plan(path)
        department = plan.info["department"]
        assert len(plan.rows) == expected[department], department
    plan = read_plan(tmp_path / "Kompetensförsörjningsplan_2022_Förskola.xlsx")
    first = _example_rows()[0]
    assert plan.rows.loc[C.FIRST_ROW, "goal"] == first["Vad ska vi uppnå?"]
    due = plan.rows.loc[C.FIRST_ROW, "due"]
    assert isinstance(due, date) and due == date.fromisoformat(first["Måldatum"])  # a real date, not text


def test_prefill_semicolons_numbers_and_formula_text(tmp_path):
    source = tmp_path / "rader.csv"
    source.write_text("Avdelning;Kategori (UBARA);Vad ska vi uppnå?;Aktivitet – hur gör vi det?;Måldatum;"
                      "Ansvarig (funktion);Uppföljning;Resurser – timmar;Kommentar;E-post\n"
                      "Förskola;Utveckla;Mål;Aktivitet;Löpande;Rektor;Tertial 1;12,5;=1+1;kfp@farsta.example\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "ut"),
                                 "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(next((tmp_path / "ut").iterdir()))
    plan = wb[C.SHEET_PLAN]
    assert plan["I6"].value == 12.5 and plan["G6"].value == "Löpande"
    assert plan["N6"].value == "=1+1" and plan["N6"].data_type == "s"
    assert wb[C.SHEET_INFO][C.info_cell("email")].value == "kfp@farsta.example"


def test_prefill_unknown_department_is_reported_not_fatal(tmp_path):
    source = tmp_path / "rader.csv"
    source.write_text("Avdelning,Vad ska vi uppnå?\nSkola,Mål\nFörskola,Mål 2\n", encoding="utf-8")
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "1 rad behöver åtgärdas:",
        "  rad 2: Avdelningen 'Skola' finns inte i konfigurationen, så raden fördes inte över. Lägg till "
        "avdelningen i konfigurationen eller skriv in aktiviteten i rätt mall (Förskola, Stadsutveckling, "
        "Äldreomsorg, Individ och familj, Funktionsnedsättning)."]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo"))


def test_demo_writes_every_promised_output(demo):
    assert len(demo.templates) == 5 and all(p.exists() for p in demo.templates)
    assert len(demo.plans) == 5 and all(p.exists() for p in demo.plans)
    assert sorted(p.name for p in demo.annotated) == sorted(p.name for p in demo.plans if "Förskola" not in p.name)
    assert demo.summary.exists()
    assert demo.document.name == "kompetensforsorjningsplan.docx" and demo.document.exists()


def test_check_docx_reports_nothing_on_the_demo_documents(demo, tmp_path):
    """The demo's plan document and its T1 follow-up as a document: every part schema-valid, Swedish, titled,
    headings without jumps, header rows marked (../shared/tools/ooxml/check_docx.py)."""
    from kfworkbook.config import default_config
    from kfworkbook.output.document import write_document
    from kfworkbook.summary.merge import merge

    from .test_plan_document import check_docx

    t1 = tmp_path / "uppfoljning_T1_2022.docx"
    write_document(merge([demo.follow_ups[0].parent], default_config(), workers=1), t1)
    assert check_docx(demo.document, t1) == [f"{demo.document}: 0 problems", f"{t1}: 0 problems"]


def test_demo_summary_matches_the_example_data(demo):
    rows = _example_rows()
    wb = openpyxl.load_workbook(demo.summary)
    activities = list(wb["Aktiviteter"].iter_rows(min_row=2, values_only=True))
    assert len(activities) == len(rows) == 76
    assert Counter(r[0] for r in activities) == Counter(r["Avdelning"] for r in rows)
    submissions = {r[0]: r[2] for r in wb["Inlämning"].iter_rows(min_row=2, values_only=True)}
    assert submissions == {"Förskola": "godkänd", "Stadsutveckling": "med fel", "Äldreomsorg": "med varningar",
                           "Individ och familj": "med fel", "Funktionsnedsättning": "med fel"}
    codes = Counter(r[6] for r in wb["Valideringsfel"].iter_rows(min_row=2, values_only=True))
    assert codes == {"ej-i-listan": 1, "alias": 1, "datum-text": 1, "obligatorisk": 1, "person-som-ansvarig": 1,
                     "datum-utanfor": 1}
    assert len(MISTAKES) == 5


def test_demo_command(tmp_path):
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "Totalt: 5 filer kontrollerade – 1 utan anmärkning, 1 med bara varningar, 3 med fel" in result.output
    assert f"{tmp_path / 'demo' / 'sammanstallning.xlsx'}   ← öppna den först" in result.output
    assert f"{tmp_path / 'demo' / 'kompetensforsorjningsplan.docx'}   ← öppna det sedan" in result.output


def test_readme_commands_are_what_ci_and_make_use():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert re.search(r"^demo: \$\(VENV\)/\.installed$", makefile, re.MULTILINE)  # no test dependencies
    assert re.search(r"^test: \$\(VENV\)/\.installed-test$", makefile, re.MULTILINE)
    for command in ("config init", "config check", "config schema", "template", "validate", "merge", "demo",
                    "uppfoljning"):
        assert f"kfworkbook {command}" in readme, command
    assert "macros/README.md" in readme


def test_demo_continues_with_the_t1_follow_up(tmp_path):
    from kfworkbook.demo.follow_up import MISTAKES as FOLLOW_UP_MISTAKES
    from kfworkbook.demo.year import run_demo
    from kfworkbook.read.workbook import read_plan
    from kfworkbook.validate.run import validate_plans

    result = run_demo(tmp_path / "demo")
    assert len(result.follow_ups) == 5 and result.follow_up_report.name == "uppfoljning_T1_2022.xlsx"
    reports = validate_plans([read_plan(p) for p in result.follow_ups])
    codes = sorted(i.code for r in reports for i in r.issues)
    # the four mistakes, and one real activity of Äldreomsorg (Måldatum 2022-04-30) still Pågår at T1
    assert codes == sorted(["uppf-nytt-datum", "uppf-kommentar", "uppf-status-okand", "uppf-status-saknas",
                            "uppf-maldatum-passerat"])
    assert len(FOLLOW_UP_MISTAKES) == 4
    import openpyxl

    sheets = openpyxl.load_workbook(result.follow_up_report, read_only=True).sheetnames
    assert sheets[:2] == ["Översikt", "Per avdelning och status"]
