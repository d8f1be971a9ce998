"""Pins on private APIs guard themselves: lifting one is one test run away.

kfworkbook/cli/typer_sv.py patches typer internals to print help and errors in Swedish. Each patch is
guarded (a typer that moved a string leaves it in English instead of crashing), so a change in typer
would go unnoticed. These tests name every internal typer_sv.py touches and fail with a message that says
which one changed. To lift the pin in pyproject.toml: install the next typer minor version, run
``pytest tests/test_pins.py``, fix what it names, then raise ``TYPER_TESTED`` and the pin together.
XlsxWriter's pin is guarded by tests/test_xlsxbulk.py; here only its form is checked.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from kfworkbook.cli import app, typer_sv

from .cli_helpers import runner

ROOT = Path(__file__).resolve().parents[1]
TYPER_TESTED = "0.29"
"""The typer minor version typer_sv.py was checked against (the pin is ``<`` the next one)."""
XLSXWRITER_TESTED = "3.3"

HOW = f"typer_sv.py was written for typer {TYPER_TESTED}; see tests/test_pins.py for how to lift the pin."


def _dependency(name: str) -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    (line,) = [d for d in project["dependencies"] if re.match(rf"{name}\b", d)]
    return line.split(";")[0].strip()


def _next_minor(tested: str) -> str:
    major, minor = tested.split(".")
    return f"{major}.{int(minor) + 1}"


@pytest.mark.parametrize(("name", "tested"), [("typer", TYPER_TESTED), ("xlsxwriter", XLSXWRITER_TESTED)])
def test_each_pin_stops_before_the_next_untested_minor(name, tested):
    assert _dependency(name).endswith(f",<{_next_minor(tested)}"), (
        f"{_dependency(name)}: the upper bound must be <{_next_minor(tested)}, the first minor not yet tested")


def test_installed_typer_is_the_tested_minor():
    installed = version("typer")
    assert installed.startswith(TYPER_TESTED + "."), f"typer {installed} is installed. {HOW}"


def test_typer_has_the_rich_texts_typer_sv_replaces():
    from typer import rich_utils

    for name in typer_sv._RICH:
        assert isinstance(getattr(rich_utils, name, None), str), f"typer.rich_utils.{name} is gone. {HOW}"


def test_typer_has_the_internals_typer_sv_patches():
    from typer._click import decorators, exceptions
    from typer._click.formatting import HelpFormatter
    from typer.core import TyperArgument, TyperOption

    assert callable(getattr(decorators, "help_option", None)), f"typer._click.decorators.help_option is gone. {HOW}"
    assert "Show this message and exit." in inspect.getsource(decorators), (
        f"typer's help option no longer says 'Show this message and exit.'. {HOW}")
    assert hasattr(TyperOption, "display_type_rich"), f"TyperOption.display_type_rich is gone. {HOW}"
    assert hasattr(TyperArgument, "_usage_display_name"), f"TyperArgument._usage_display_name is gone. {HOW}"
    assert list(inspect.signature(HelpFormatter.write_usage).parameters)[:4] == ["self", "prog", "args", "prefix"], (
        f"HelpFormatter.write_usage(self, prog, args, prefix) changed. {HOW}")
    patched = {c.__name__ for c in vars(exceptions).values()
               if isinstance(c, type) and issubclass(c, Exception) and "format_message" in vars(c)}
    assert patched >= {"BadParameter", "MissingParameter", "NoSuchOption"}, (
        f"typer._click.exceptions: format_message moved ({sorted(patched)}). {HOW}")


def test_the_patches_took_effect():
    from typer import rich_utils

    assert any("Användning: " in h for h in rich_utils.highlighter.highlights), f"the usage highlighter moved. {HOW}"
    assert "Användning: kfworkbook validate" in runner.invoke(app, ["validate", "--help"]).output
    unknown = runner.invoke(app, ["validate", "--nej"])
    assert unknown.exit_code == 2 and "Okänd flagga: --nej" in unknown.output, unknown.output
    missing = runner.invoke(app, ["merge", "mapp"])
    assert "Flaggan --out (-o) saknas." in missing.output, missing.output
