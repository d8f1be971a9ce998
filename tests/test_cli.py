"""The command line, driven through typer's runner: exact output, exit codes, Swedish help."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.config import default_config_text, load_config
from kfworkbook.forms import columns as C

from .cli_helpers import runner

ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|Show this message|default|required|Error)\b")

BUILTIN = "Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)"


def _commands(group=None, path=()):
    """Every command path of the CLI, e.g. ('config', 'init')."""
    import typer.main

    group = group or typer.main.get_command(app)
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*path, name))


def test_every_command_has_swedish_help():
    paths = list(_commands())
    assert ("template",) in paths and ("config", "init") in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Användning: kfworkbook" in result.output, path
        assert not ENGLISH.search(result.output), (path, ENGLISH.search(result.output))
        assert "Visa den här hjälpen och avsluta." in result.output


def test_template_without_arguments(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Konfiguration: inbyggd standard (Farsta stadsdelsförvaltning, planår 2022)"
    assert lines[1] == "Skrev 5 mallar för Farsta stadsdelsförvaltning 2022 till mallar:"
    assert lines[2:] == [str(Path("mallar") / n) for n in (
        "Kompetensförsörjningsplan_2022_Förskola.xlsx", "Kompetensförsörjningsplan_2022_Stadsutveckling.xlsx",
        "Kompetensförsörjningsplan_2022_Äldreomsorg.xlsx", "Kompetensförsörjningsplan_2022_Individ_och_familj.xlsx",
        "Kompetensförsörjningsplan_2022_Funktionsnedsättning.xlsx")]
    for line in lines[2:]:
        assert openpyxl.load_workbook(tmp_path / line).sheetnames[2] == C.SHEET_PLAN


def test_template_one_department(tmp_path):
    result = runner.invoke(app, ["template", "--out", str(tmp_path), "--avdelning", "äldreomsorg"])
    assert result.exit_code == 0
    assert result.output.splitlines()[2:] == [str(tmp_path / "Kompetensförsörjningsplan_2022_Äldreomsorg.xlsx")]
    assert result.output.splitlines()[1] == f"Skrev 1 mall för Farsta stadsdelsförvaltning 2022 till {tmp_path}:"


def test_template_for_the_button(tmp_path):
    """--knapp: the button's cell and result sheet; without it the template has neither."""
    for flag, out in ((["--knapp"], tmp_path / "knapp"), ([], tmp_path / "vanlig")):
        result = runner.invoke(app, ["template", "--out", str(out), "-a", "Förskola", *flag])
        assert result.exit_code == 0, result.output
        wb = openpyxl.load_workbook(next(out.iterdir()))
        assert (C.SHEET_RESULTS in wb.sheetnames) == bool(flag)
        assert (wb[C.SHEET_PLAN][C.VALIDERA_CELL].value == "▶ Validera") == bool(flag)


TYPE_NAMES = re.compile(r"<(bool|path|list\[\w+\]|int|str|text)>|\{[A-ZÅÄÖ_]+\.\.\.\}|Prefill-filen")


def test_help_has_no_python_type_names():
    for path in _commands():
        result = runner.invoke(app, [*path, "--help"], terminal_width=160)
        assert not TYPE_NAMES.search(result.output), (path, TYPE_NAMES.search(result.output))
    usage = runner.invoke(app, ["validate", "--help"], terminal_width=160).output
    assert "Användning: kfworkbook validate [FLAGGOR] FIL_ELLER_MAPP..." in usage
    assert "Användning: kfworkbook config init [FLAGGOR] [FIL]" in runner.invoke(app, ["config", "init", "-h"]).output


def test_template_unknown_department(tmp_path):
    result = runner.invoke(app, ["template", "--out", str(tmp_path), "--avdelning", "Skola"])
    assert result.exit_code == 2
    assert result.output == (BUILTIN + "\nFel: Avdelningen 'Skola' finns inte i konfigurationen. Välj en av: Förskola, "
                             "Stadsutveckling, Äldreomsorg, Individ och familj, Funktionsnedsättning.\n")
    assert not list(tmp_path.iterdir())


def test_bad_config_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "fel.toml"
    bad.write_text(default_config_text().replace("mallversion", "mallversio"), encoding="utf-8")
    result = runner.invoke(app, ["template", "--config", str(bad), "--out", str(tmp_path / "ut")])
    assert result.exit_code == 2
    assert result.output == f"Fel: Fel i konfigurationen {bad}: okänd nyckel mallversio – menade du mallversion?\n"
    assert "Traceback" not in result.output


def test_config_init_writes_default_and_refuses_overwrite(tmp_path):
    target = tmp_path / "min.toml"
    result = runner.invoke(app, ["config", "init", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == default_config_text()
    assert load_config(target).forvaltning == "Farsta stadsdelsförvaltning"
    again = runner.invoke(app, ["config", "init", str(target)])
    assert again.exit_code == 2 and "finns redan" in again.output
    assert runner.invoke(app, ["config", "init", str(target), "--force"]).exit_code == 0


def test_config_check(tmp_path):
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == BUILTIN
    assert result.output.splitlines()[1] == (
        "Farsta stadsdelsförvaltning, planår 2022, planperiod 2022–2024, mallversion 2022.1")
    assert result.output.splitlines()[-1] == "Konfigurationen är giltig."


@pytest.mark.parametrize("args", [["template", "--bogus"], ["okänt"]])
def test_usage_errors_exit_2_in_swedish(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Okänd flagga: --bogus" in result.output or "Okänt kommando" in result.output


def test_outputs_get_ordinary_permissions(tmp_path):
    import os

    runner.invoke(app, ["template", "--out", str(tmp_path), "--avdelning", "Förskola"])
    mode = next(tmp_path.iterdir()).stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    assert mode == 0o666 & ~mask


def test_public_api_does_not_shadow_submodules():
    import importlib

    import kfworkbook as kf

    assert callable(kf.merge_plans) and callable(kf.annotate_copy) and callable(kf.validate_file)
    for module in ("forms", "template", "read", "validate", "summary", "output", "prefill", "button", "demo", "cli"):
        assert importlib.import_module(f"kfworkbook.{module}").__name__ == f"kfworkbook.{module}"
        assert getattr(kf, module).__name__ == f"kfworkbook.{module}"


def test_config_schema_lists_the_rules_of_the_config(tmp_path):
    """`config schema` prints each rule of the pandera schema: column, rule, fel/varning, code."""
    other = tmp_path / "annan.toml"
    other.write_text(default_config_text().replace("plan_ar = 2022", "plan_ar = 2025").replace(
        '"2022-2024"', '"2025-2027"').replace('"Rektor", alias = ["Rektorer", "Rektorerna"]', '"Rektor"'),
        encoding="utf-8")
    result = runner.invoke(app, ["config", "schema", "--config", str(other)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "Regler för aktivitetsplanen – Farsta stadsdelsförvaltning 2025" in lines
    for expected in (
        "Kategori (UBARA) obligatorisk, får inte vara tom fel obligatorisk",
        "Kategori (UBARA) ett värde i listan: Attrahera, Rekrytera, Introducera, Utveckla, Behålla, Avveckla fel "
        "ej-i-listan",
        "Kategori (UBARA) skrivet som i listan, inte med en annan stavning varning alias",
        "Kategori 2 inte samma steg som Kategori (UBARA) fel kategori-lika",
        "Måldatum inom planperioden, 2025-01-01 till 2027-12-31 fel datum-utanfor",
        "Måldatum skrivet som datum, till exempel 2027-12-31, inte som text eller årtal varning datum-text",
        "Resurser – kronor 0 eller större fel tal-negativt",
        "Kommentar högst 32 767 tecken fel text-for-lang",
        "Ansvarig (funktion) en funktion, inte namnet på en person fel person-som-ansvarig",
    ):
        assert expected in lines, expected
    assert not any(line.startswith("Koppling till verksamhetsplan skrivet som i listan") for line in lines)


def test_config_schema_is_the_schema_validation_runs():
    """Every check of the schema is listed, with the severity the catalogue gives its code."""
    from kfworkbook.issues import CATALOGUE
    from kfworkbook.validate.schema import activity_schema, describe

    config = load_config(None)
    schema = activity_schema(config)
    checks = sum(len(c.checks) for c in schema.columns.values()) + sum(
        not c.nullable for c in schema.columns.values())
    rules = describe(config)
    assert len(rules) == checks
    assert {code for _, _, code in rules} <= set(CATALOGUE)
    assert {CATALOGUE[code].severity for _, _, code in rules} == {"fel", "varning"}


def test_config_check_warns_about_an_unusual_period(tmp_path):
    path = tmp_path / "k.toml"
    path.write_text(default_config_text().replace('"2022-2024"', '"2022-2023"'), encoding="utf-8")
    result = runner.invoke(app, ["config", "check", str(path)])
    assert result.exit_code == 0
    assert ('Varning: Planperioden 2022-2023 är 2 år lång. Planerna är rullande treårsplaner; skriv planperiod = '
            '"2022-2024" om inget annat är beslutat.') in result.output.splitlines()


def test_counts_agree_with_their_nouns(template_path, tmp_path):
    """One plan merged: '1 plan', '1 godkänd' – not '1 planer', '1 godkända'."""
    from .plans import fill

    fill(template_path, tmp_path / "in" / "plan.xlsx")
    out = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["merge", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Skrev {out}: 3 aktiviteter från 1 plan." in lines
    assert "Enheter: 5 förväntade – 1 godkänd, 0 med varningar, 0 med fel, 0 kunde inte läsas, 4 saknas." in lines
