"""The command line as a process of its own (``kfworkbook.cli.app.main``, what the ``kfworkbook`` script runs):
it imports only what the command needs, pauses the garbage collector only while it starts, and prints
the same as through typer's runner (which the other CLI tests use and which never calls ``main``)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kfworkbook.cli import app
from kfworkbook.cli.common import imports_done, pause_gc
from kfworkbook.cli.terminal import TERMINAL_VARIABLES, with_progress

from .cli_helpers import runner
from .plans import ROW_A, ROW_B, fill

# Runs main() with the arguments given, then reports on standard error whether the garbage collector ran
# during the command (it is paused while the command imports) and which of these the process imported:
# typer's help screens (and rich's markdown), pandera's hypothesis strategies (hypothesis is installed in
# the test venv), the Excel and Word libraries, and the --json models; and numpy's OpenBLAS threads.
SCRIPT = """
import gc, json, os, sys
starts = []
gc.callbacks.append(lambda phase, info: starts.append(phase) if phase == "start" else None)
from kfworkbook.cli.app import main
sys.argv = ["kfworkbook", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
names = ("typer.rich_utils", "rich.markdown", "hypothesis", "openpyxl", "xlsxwriter", "docx", "kfworkbook.cli.contract")
print(json.dumps({"code": code, "imported": [n for n in names if sys.modules.get(n) is not None],
                  "collections": len(starts), "frozen": gc.get_freeze_count() > 0, "numpy": "numpy" in sys.modules,
                  "blas": os.environ.get("OPENBLAS_NUM_THREADS"),
                  "threads": len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None}),
      file=sys.stderr)
"""

COLUMNS = "100"


def _process(args: list[str], cwd: Path, **env: str) -> tuple[subprocess.CompletedProcess, dict]:
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, cwd=cwd,
                          env={**environment, "COLUMNS": COLUMNS, **env}, check=False)
    return done, json.loads(done.stderr.splitlines()[-1])


@pytest.fixture(scope="module")
def bad_plan(template_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [dict(ROW_A, responsible=None), dict(ROW_B, category="Avsluta")]  # an error and a warning
    return fill(template_path, tmp_path_factory.mktemp("process") / "plan.xlsx", rows)


@pytest.mark.parametrize("as_json", [True, False])
def test_validate_imports_only_what_it_needs_and_prints_what_the_runner_prints(bad_plan: Path, as_json: bool,
                                                                                monkeypatch: pytest.MonkeyPatch):
    args = ["validate", str(bad_plan), *(["--json"] if as_json else [])]
    done, seen = _process(args, bad_plan.parent)
    assert seen["code"] == 1, done.stderr
    assert seen["imported"] == (["kfworkbook.cli.contract"] if as_json else [])  # the --json models only for --json
    assert seen["collections"] > 0  # the collector ran again once the command had imported its modules
    assert seen["frozen"]  # ... and what lives until exit was frozen, not walked again
    monkeypatch.chdir(bad_plan.parent)
    monkeypatch.setenv("COLUMNS", COLUMNS)
    expected = runner.invoke(app, args)
    assert expected.exit_code == 1
    assert done.stdout == expected.stdout
    if as_json:
        assert json.loads(done.stdout)["files"][0]["status"] == "med fel"


def test_merge_imports_no_word_library(bad_plan: Path, tmp_path: Path):
    """A merge writes a workbook: python-docx (the Word document's registry is a module of its own) and openpyxl
    (the reader's fallback) stay out of the process."""
    done, seen = _process(["merge", str(bad_plan), "-o", str(tmp_path / "s.xlsx")], bad_plan.parent)
    assert seen["code"] == 0, done.stderr
    assert seen["imported"] == ["xlsxwriter"]
    assert (tmp_path / "s.xlsx").exists()


def test_numpy_runs_one_thread_unless_the_user_says_otherwise(bad_plan: Path, tmp_path: Path):
    """numpy's OpenBLAS would start a thread per core when pandas imports it (CPU for nothing: no command
    multiplies matrices); the process stays single-threaded, unless OPENBLAS_NUM_THREADS is set."""
    done, seen = _process(["merge", str(bad_plan), "-o", str(tmp_path / "s.xlsx")], bad_plan.parent)
    assert seen["code"] == 0 and seen["numpy"], done.stderr
    assert seen["blas"] == "1"
    assert seen["threads"] in (1, None)  # None: no /proc to count threads in
    done, seen = _process(["merge", str(bad_plan), "-o", str(tmp_path / "t.xlsx")], bad_plan.parent,
                          OPENBLAS_NUM_THREADS="2")
    assert seen["code"] == 0 and seen["blas"] == "2", done.stderr


def test_help_in_a_process_is_swedish_when_typer_imports_its_help_late(tmp_path: Path):
    """typer imports typer.rich_utils only to draw help: its texts are replaced then (typer_sv._WhenImported)."""
    done, seen = _process(["validate", "--help"], tmp_path)
    assert seen["code"] == 0 and "typer.rich_utils" in seen["imported"]
    assert "Användning: kfworkbook validate [FLAGGOR] FIL_ELLER_MAPP..." in done.stdout
    assert "─ Flaggor ─" in done.stdout and "─ Argument ─" in done.stdout
    assert "Visa den här hjälpen och avsluta." in done.stdout
    done, seen = _process(["validate", "--bogus"], tmp_path)
    assert seen["code"] == 2
    assert "Okänd flagga: --bogus" in done.stderr and "─ Fel ─" in done.stderr
    assert "Skriv 'kfworkbook validate -h' för hjälp." in done.stderr


def test_the_collector_resumes_only_after_a_pause():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    imports_done()  # nothing paused: nothing changes (commands run through typer's runner in this process)
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    try:
        pause_gc()
        assert not gc.isenabled()
        imports_done()
        assert gc.isenabled() and gc.get_freeze_count() >= frozen
        imports_done()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"},
                                 {"TTY_COMPATIBLE": "1"}])
def test_a_progress_bar_exactly_when_rich_sees_a_terminal(env: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    """with_progress decides without importing rich when rich would surely say no; it agrees with rich always."""
    from rich.console import Console

    for name in TERMINAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    terminal = Console(stderr=True).is_terminal
    assert (with_progress(lambda progress: progress) is not None) == terminal
    if env.get("FORCE_COLOR") or env.get("TTY_COMPATIBLE") == "1":
        assert terminal
