"""`kfworkbook validate` through the typer runner: exit codes, JSON equal to the library, annotated copies."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import openpyxl
import pytest

from kfworkbook import __version__
from kfworkbook.cli import app
from kfworkbook.config import default_config_text, load_config
from kfworkbook.forms import columns as C
from kfworkbook.issues import reports_to_json
from kfworkbook.output.annotate import ISSUE_SHEET
from kfworkbook.validate.run import reports_json, validate_paths

from .cli_helpers import runner
from .plans import GOOD_ROWS, fill


@pytest.fixture(scope="module")
def plans(template_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("inlamnat")
    rows_warn = [dict(GOOD_ROWS[0], category="Avsluta"), *GOOD_ROWS[1:]]
    rows_err = [dict(GOOD_ROWS[0], responsible=None, due="2025-13-01"), *GOOD_ROWS[1:]]
    return {
        "ren": fill(template_path, folder / "a_ren.xlsx"),
        "varning": fill(template_path, folder / "b_varning.xlsx", rows_warn),
        "fel": fill(template_path, folder / "c_fel.xlsx", rows_err),
        "folder": folder,
    }


def _hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clean_file_exit_0(plans):
    result = runner.invoke(app, ["validate", str(plans["ren"])])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)",
        "a_ren.xlsx: Inga fel hittade",
        "Totalt: 1 fil kontrollerad – 1 utan anmärkning, 0 med bara varningar, 0 med fel (0 fel, 0 varningar).",
    ]


def test_warnings_only_exit_0(plans):
    result = runner.invoke(app, ["validate", str(plans["varning"])])
    assert result.exit_code == 0
    assert "b_varning.xlsx: 1 varning" in result.output
    assert "'Avsluta' räknas som 'Avveckla'." in result.output


def test_errors_exit_1(plans):
    result = runner.invoke(app, ["validate", str(plans["folder"])])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == ["Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)",
                         "a_ren.xlsx: Inga fel hittade"]
    assert "c_fel.xlsx: 2 fel" in result.output
    assert "Aktivitetsplan!G6" in result.output and "Aktivitetsplan!H6" in result.output
    assert lines[-1] == ("Totalt: 3 filer kontrollerade – 1 utan anmärkning, 1 med bara varningar, 1 med fel "
                         "(2 fel, 1 varning).")


def test_json_equals_library_report(plans):
    result = runner.invoke(app, ["validate", str(plans["folder"]), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document.pop("config") == {"source": "inbyggd standard", "forvaltning": "Farsta stadsdelsförvaltning",
                                      "plan_year": 2022}
    assert (document.pop("schema"), document.pop("version"), document.pop("annotated")) == (
        "kfworkbook.validate/1", __version__, [])
    config = load_config(None)
    assert document == reports_json(validate_paths([plans["folder"]]), config)
    assert [f["issues"] for f in document["files"]] == [
        f["issues"] for f in reports_to_json(validate_paths([plans["folder"]]))["files"]]
    assert {(f["forvaltning"], f["plan_year"], f["department"], f["unit"], f["belongs"])
            for f in document["files"]} == {("Farsta stadsdelsförvaltning", "2022", "Förskola", None, True)}
    files = {f["file"].rsplit("/", 1)[-1]: f for f in document["files"]}
    assert [files[n]["valid"] for n in ("a_ren.xlsx", "b_varning.xlsx", "c_fel.xlsx")] == [True, True, False]
    error = files["c_fel.xlsx"]["issues"][0]
    assert set(error) == {"code", "severity", "sheet", "cell", "row", "column", "value", "message"}
    assert (error["code"], error["cell"], error["row"], error["column"]) == ("datum-ogiltigt", "G6", 6, "Måldatum")


def test_annotate_writes_marked_copy_and_never_touches_original(plans, tmp_path):
    before = {name: _hash(plans[name]) for name in ("ren", "varning", "fel")}
    out = tmp_path / "granskade"
    result = runner.invoke(app, ["validate", str(plans["folder"]), "--annotate", str(out)])
    assert result.exit_code == 1
    assert {name: _hash(plans[name]) for name in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["b_varning.xlsx", "c_fel.xlsx"]
    assert f"Skrev kopia med anmärkningar: {out / 'c_fel.xlsx'}" in result.output

    wb = openpyxl.load_workbook(out / "c_fel.xlsx")
    assert wb.sheetnames[0] == ISSUE_SHEET
    plan = wb[C.SHEET_PLAN]
    assert plan["G6"].fill.start_color.rgb == "FFFFC7CE"
    assert "Måldatum '2025-13-01' är inget giltigt datum" in plan["G6"].comment.text
    assert plan["H6"].comment.text.startswith("FEL: Cellen är tom, men Ansvarig (funktion) måste fyllas i.")
    assert plan["D6"].comment is None
    sheet = wb[ISSUE_SHEET]
    rows = list(sheet.iter_rows(min_row=C.RESULT_HEADER_ROW, values_only=True))
    assert rows[0] == C.RESULT_HEADERS
    assert [r[0] for r in rows[1:]] == ["Aktivitetsplan!G6", "Aktivitetsplan!H6"]
    assert sheet["A4"].hyperlink.location == "'Aktivitetsplan'!G6"
    warned = openpyxl.load_workbook(out / "b_varning.xlsx")[C.SHEET_PLAN]
    assert warned["A6"].fill.start_color.rgb == "FFFFEB9C"


def test_annotate_keeps_formula_like_text_as_text(template_path, tmp_path):
    rows = [dict(GOOD_ROWS[0], category="=HYPERLINK(\"http://x\")", comment="=1+1")]
    plan = fill(template_path, tmp_path / "in" / "plan.xlsx", rows)
    result = runner.invoke(app, ["validate", str(plan), "--annotate", str(tmp_path / "ut")])
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(tmp_path / "ut" / "plan.xlsx")
    assert wb[C.SHEET_PLAN]["N6"].data_type == "s" and wb[C.SHEET_PLAN]["N6"].value == "=1+1"
    value = wb[ISSUE_SHEET]["C4"]
    assert value.value == '=HYPERLINK("http://x")' and value.data_type == "s"


def test_annotate_refuses_the_source_folder(plans):
    result = runner.invoke(app, ["validate", str(plans["fel"]), "--annotate", str(plans["folder"])])
    assert result.exit_code == 2
    assert "Välj en annan mapp" in result.output


def test_unreadable_files_are_issues_not_tracebacks(tmp_path):
    (tmp_path / "trasig.xlsx").write_bytes(b"inte en arbetsbok")
    (tmp_path / "~$lås.xlsx").write_bytes(b"x")
    result = runner.invoke(app, ["validate", str(tmp_path / "trasig.xlsx"), str(tmp_path / "~$lås.xlsx")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Filen är ingen Excel-arbetsbok" in result.output and "låsfil" in result.output


def test_folder_skips_lock_files_and_other_files(plans, tmp_path):
    (tmp_path / "~$a_ren.xlsx").write_bytes(b"x")
    (tmp_path / "anteckningar.txt").write_text("hej", encoding="utf-8")
    fill_target = tmp_path / "plan.xlsx"
    fill_target.write_bytes(plans["ren"].read_bytes())
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0
    assert "Hoppade över anteckningar.txt (ingen plan)." in result.output
    assert "Hoppade över ~$a_ren.xlsx (ingen plan)." in result.output


@pytest.mark.parametrize("args", [["validate"], ["validate", "saknas.xlsx"]])
def test_usage_problems_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, args).exit_code == 2


def test_bad_config_exit_2(plans, tmp_path):
    bad = tmp_path / "fel.toml"
    bad.write_text(default_config_text().replace("[listor]", "[listorr]"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(plans["ren"]), "--config", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith("Fel: Fel i konfigurationen")


def test_config_changes_the_rules(plans, tmp_path):
    other = tmp_path / "ar2023.toml"
    other.write_text(default_config_text().replace("plan_ar = 2022", "plan_ar = 2023")
                     .replace('"2022-2024"', '"2023-2025"'), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(plans["ren"]), "--config", str(other), "--json"])
    codes = [i["code"] for i in json.loads(result.output)["files"][0]["issues"]]
    assert codes == ["mall-ar", "datum-utanfor"]  # 2022-08-31 is before the new period
    assert date(2022, 8, 31) < date(2023, 1, 1)


def test_identical_messages_are_grouped_in_the_table_only(template_path, tmp_path):
    """23 cells saying 'VB' give one line in the table; --json and the annotated copy keep every cell."""
    rows = [dict(GOOD_ROWS[i % 3], goal=f"Mål {i}", follow_up="VB") for i in range(23)]
    rows[4]["follow_up"] = "Tertial 1"
    plan = fill(template_path, tmp_path / "vb.xlsx", rows)
    result = runner.invoke(app, ["validate", str(plan), "--annotate", str(tmp_path / "ut")], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "vb.xlsx: 22 varningar" in lines
    assert ("Aktivitetsplan varning 'VB' räknas som 'Verksamhetsberättelse' – 22 celler: L6, L7, L8, L9, L11, L12, "
            "L13, L14, L15, L16 och 12 till. Välj 'Verksamhetsberättelse' i rullistan.") in lines
    assert sum("räknas som" in line for line in lines) == 1
    document = json.loads(runner.invoke(app, ["validate", str(plan), "--json"]).output)
    assert [i["cell"] for i in document["files"][0]["issues"]] == [f"L{r}" for r in range(6, 29) if r != 10]
    copy = openpyxl.load_workbook(tmp_path / "ut" / "vb.xlsx")
    assert copy[C.SHEET_PLAN]["L28"].comment is not None and copy[C.SHEET_PLAN]["L10"].comment is None


def test_a_single_cell_is_not_grouped(plans):
    result = runner.invoke(app, ["validate", str(plans["varning"])], env={"COLUMNS": "300"})
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "Aktivitetsplan!A6 varning 'Avsluta' räknas som 'Avveckla'. Välj 'Avveckla' i rullistan." in lines
