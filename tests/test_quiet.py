"""``--quiet`` prints only the summary lines (and errors); a progress bar only on a terminal, nothing decorative piped."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kfworkbook.cli import app

from .cli_helpers import runner

ROOT = Path(__file__).resolve().parents[1]
FARSTA = ROOT / "examples" / "farsta-2022"
PLANS = FARSTA / "planer"
CONFIG = str(FARSTA / "kfworkbook.toml")
CHECKED = [
    "Kompetensförsörjningsplan_2022_Funktionsnedsättning.xlsx: 1 fel",
    "Kompetensförsörjningsplan_2022_Individ_och_familj.xlsx: 2 fel",
    "Kompetensförsörjningsplan_2022_Stadsutveckling.xlsx: 1 fel, 1 varning",
    "Totalt: 5 filer kontrollerade – 1 utan anmärkning, 1 med bara varningar, 3 med fel (4 fel, 2 varningar).",
]
FIGURES = [
    "Enheter: 5 förväntade – 1 godkänd, 1 med varningar, 3 med fel, 0 kunde inte läsas, 0 saknas.",
    "Filer: 5 i inlämningen – 5 räknas, 0 ersatta av en nyare, 0 hör inte till planen, 0 kunde inte läsas, "
    "0 överhoppade.",
]


def lines(args: list[str], exit_code: int = 0) -> list[str]:
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, result.output
    return result.output.splitlines()


def test_validate_quiet_lists_only_files_with_errors_and_the_total(tmp_path):
    assert lines(["validate", str(PLANS), "-c", CONFIG, "--quiet"], 1) == CHECKED
    annotated = lines(["validate", str(PLANS), "-c", CONFIG, "-q", "--annotate", str(tmp_path / "granskade")], 1)
    assert annotated == [*CHECKED, f"Skrev 4 kopior med anmärkningar till {tmp_path / 'granskade'}."]
    assert len(list((tmp_path / "granskade").glob("*.xlsx"))) == 4


def test_validate_without_quiet_still_prints_every_table():
    full = lines(["validate", str(PLANS), "-c", CONFIG], 1)
    assert full[0].startswith("Konfiguration: ") and full[-1] == CHECKED[-1]
    assert len(full) > 20 and any("Aktivitetsplan!" in line for line in full)


def test_merge_and_document_quiet_print_the_three_figure_lines(tmp_path):
    out = tmp_path / "s.xlsx"
    assert lines(["merge", str(PLANS), "-c", CONFIG, "-o", str(out), "--quiet"]) == [
        f"Skrev {out}: 76 aktiviteter från 5 planer.", *FIGURES]
    doc = tmp_path / "p.docx"
    assert lines(["dokument", str(PLANS), "-c", CONFIG, "-o", str(doc), "--quiet"]) == [
        f"Skrev {doc}: 76 aktiviteter från 5 planer.", *FIGURES]


def test_template_and_follow_up_quiet(tmp_path):
    assert lines(["template", "-c", CONFIG, "--out", str(tmp_path / "m"), "-q"]) == [
        f"Skrev 5 mallar för Farsta stadsdelsförvaltning 2022 till {tmp_path / 'm'}."]
    assert lines(["template", "-c", CONFIG, "--out", str(tmp_path / "f"), "--prefill", str(PLANS), "-q"]) == [
        f"Källa: mappen {PLANS.name} (5 filer), 76 rader med aktiviteter.",
        f"Skrev 5 mallar för Farsta stadsdelsförvaltning 2022 till {tmp_path / 'f'}.",
        "3 rader behöver åtgärdas."]
    assert lines(["uppfoljning", "--period", "T1", str(PLANS), "-c", CONFIG, "--out", str(tmp_path / "t1"), "-q"]) == [
        f"Skrev 5 uppföljningar för T1 (76 aktiviteter) till {tmp_path / 't1'}."]


def test_reminders_quiet_leave_out_the_lists(tmp_path):
    out = tmp_path / "utkast"
    assert lines(["paminnelser", str(PLANS), "-c", CONFIG, "--sista-dag", "2022-03-31", "--out", str(out), "-q"]) == [
        f"Skrev 3 utkast till {out} (kompetensförsörjningsplan 2022, sista dag 31 mars 2022).",
        "Ingen påminnelse behövs för 2 enheter.",
        "Enheter: 5 förväntade – 3 med utkast (3 med fel) och 2 utan (1 godkänd, 1 med varningar).",
        "Sista dag 31 mars 2022 har redan passerat. Ange en ny med --sista-dag.",
        "Utkasten har ingen avsändare: skriv kontakt_epost i konfigurationen (annars skickas de från ditt eget konto)."]


def test_demo_quiet_prints_only_where_the_results_are(tmp_path):
    printed = lines(["demo", "--out", str(tmp_path / "demo"), "--quiet"])
    assert printed[:2] == ["", "Klart. Här finns resultatet:"] and len(printed) == 9


def test_errors_are_printed_with_quiet(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "finns-inte"), "--quiet"])
    assert result.exit_code == 2
    assert result.output == f"Fel: Hittar inte {tmp_path / 'finns-inte'}. Ange befintliga filer eller mappar.\n"


# -- progress: a real terminal (a pty) on standard error, or a pipe --------------------------------


def run_with_stderr(args: list[str], cwd: Path, terminal: bool) -> tuple[int, str, str]:
    """Run ``python -m kfworkbook ARGS`` with stdout piped and stderr a pty (``terminal``) or a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    if not terminal:
        done = subprocess.run([sys.executable, "-m", "kfworkbook", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        return done.returncode, done.stdout, done.stderr
    import pty

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "kfworkbook", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=slave, stdin=subprocess.DEVNULL, timeout=300)
    finally:
        os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return done.returncode, done.stdout.decode("utf-8"), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("args", "label", "code"), [
    (["validate", str(PLANS), "-c", CONFIG, "--quiet"], "Läser planer", 1),
    (["template", "-c", CONFIG, "--out", "mallar", "--quiet"], "Skriver mallar", 0),
    (["merge", str(PLANS), "-c", CONFIG, "-o", "s.xlsx", "--quiet"], "Läser planer", 0),
])
def test_progress_only_on_a_terminal(tmp_path, args, label, code):
    piped_dir, tty_dir = tmp_path / "rör", tmp_path / "terminal"
    piped_dir.mkdir()
    tty_dir.mkdir()
    returncode, stdout, stderr = run_with_stderr(args, piped_dir, terminal=False)
    assert returncode == code and stderr == ""
    assert "\x1b[" not in stdout and label not in stdout  # nothing decorative when piped
    returncode, tty_stdout, tty_stderr = run_with_stderr(args, tty_dir, terminal=True)
    assert returncode == code
    assert label in tty_stderr and "\x1b[" in tty_stderr  # the bar, drawn and then removed
    assert tty_stdout == stdout  # the lines themselves are the same
