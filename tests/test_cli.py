"""The command line, driven through typer's runner: exact output, exit codes, Swedish help."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kfworkbook import columns as C
from kfworkbook.cli import app
from kfworkbook.config import default_config_text, load_config

runner = CliRunner()
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
    assert result.output == (f"Fel: Fel i konfigurationen {bad}: mallversion saknas. "
                             'Lägg till mallversion = "2022.1".\n')
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
    for module in ("merge", "annotate", "validate", "summary"):
        assert importlib.import_module(f"kfworkbook.{module}").__name__ == f"kfworkbook.{module}"
        assert getattr(kf, module).__name__ == f"kfworkbook.{module}"
