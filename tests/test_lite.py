"""``kfworkbook lite``: main.py and requirements.txt for the Validera button in xlwings Lite.

That the written files install and run in Pyodide is tests/test_pyodide.py; here: what is written,
what is refused, and that the generated main.py checks against the embedded configuration.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest

from kfworkbook import __version__
from kfworkbook.button.lite import INCLUDE, PYODIDE_PACKAGES, requirement_lines
from kfworkbook.cli import app
from kfworkbook.config import default_config_text, load_config, parse_config
from kfworkbook.fileio import atomic_write
from kfworkbook.template.plan import write_templates

from .cli_helpers import body as _body
from .cli_helpers import runner
from .lite_helpers import script_include
from .plans import fill

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_URL = f"https://example.org/kfworkbook/kfworkbook-{__version__}-py3-none-any.whl"
URL = f"https://hr.skarholmen.example.se/lite/kfworkbook-{__version__}-py3-none-any.whl"

# Another förvaltning, with a comment that a naive embedding in a Python string would break.
SKARHOLMEN = default_config_text().replace(
    'forvaltning = "Farsta stadsdelsförvaltning"',
    '# Citattecken """ och snedstreck \\ ska klara inbäddningen i main.py.\n'
    'forvaltning = "Skärholmens stadsdelsförvaltning"').replace(
    "plan_ar = 2022", "plan_ar = 2025").replace('planperiod = "2022-2024"', 'planperiod = "2025-2027"').replace(
    '[[avdelningar]]\nnamn = "Förskola"\n', '[[avdelningar]]\nnamn = "Förskola"\nenheter = ["Bredäng", "Sätra"]\n')


@pytest.fixture
def skarholmen(tmp_path: Path) -> Path:
    assert "Skärholmens" in SKARHOLMEN and '"""' in SKARHOLMEN and "Bredäng" in SKARHOLMEN
    path = tmp_path / "skarholmen.toml"
    path.write_text(SKARHOLMEN, "utf-8")
    return path


def lite(*args: str):
    return runner.invoke(app, ["lite", *args])


def embedded_config_text(main_py: Path) -> str:
    tree = ast.parse(main_py.read_text("utf-8"))
    (node,) = [n for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "KONFIGURATION"]
    return ast.literal_eval(node.value)


def test_lite_writes_main_and_requirements(tmp_path: Path, skarholmen: Path) -> None:
    out = tmp_path / "lite"
    result = lite("--config", str(skarholmen), "--wheel-url", URL, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert _body(result).splitlines() == [
        "Skrev koden för Validera-knappen i xlwings Lite för Skärholmens stadsdelsförvaltning 2025:",
        f"  {out / 'main.py'}", f"  {out / 'requirements.txt'}",
        "Klistra in filerna i flikarna main.py och requirements.txt i Lite-redigeraren (se macros/README.md)."]
    assert sorted(p.name for p in out.iterdir()) == ["main.py", "requirements.txt"]

    text = embedded_config_text(out / "main.py")
    assert text == SKARHOLMEN  # byte for byte, quotes and backslashes included
    assert parse_config(tomllib.loads(text), "main.py") == load_config(skarholmen)

    lines = [line for line in (out / "requirements.txt").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert lines == [*requirement_lines(), URL]
    assert lines[0].startswith("typing-extensions>=")  # before pydantic pulls in Pyodide's older one
    for line in lines[:-1]:  # a range from the tested version to the next major, except what Pyodide builds itself
        assert bool(re.fullmatch(r"[a-z-]+>=[\d.]+,<[\d.]+", line)) != (line in PYODIDE_PACKAGES), line
    assert lines[:3] == ["typing-extensions>=4.16.0,<5", "xlwings>=0.37.8,<1", "numpy"]
    assert "xlsxwriter>=3.3.1,<3.4" in lines  # kfworkbook's own guarded pin, not the next major
    comments = (out / "requirements.txt").read_text("utf-8")
    assert "requirements-pinned.txt" in comments and "starta sedan om Lite" in comments
    for absent in ("python-calamine", "typer", "rich"):
        assert not any(line.startswith(absent) for line in lines)


def test_lite_default_config_and_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = lite("--wheel-url", URL)
    assert result.exit_code == 0, result.output
    assert "Farsta stadsdelsförvaltning 2022" in _body(result).splitlines()[0]
    assert embedded_config_text(tmp_path / "xlwings_lite" / "main.py") == default_config_text()


def test_existing_files_need_force(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("# min egen kod\n", "utf-8")
    result = lite("--wheel-url", URL, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert _body(result) == f"Fel: {tmp_path / 'main.py'} finns redan. Lägg till --force för att skriva över.\n"
    assert (tmp_path / "main.py").read_text("utf-8") == "# min egen kod\n"
    assert not (tmp_path / "requirements.txt").exists()
    assert lite("--wheel-url", URL, "--out", str(tmp_path), "--force").exit_code == 0
    assert "validera" in (tmp_path / "main.py").read_text("utf-8")


@pytest.mark.parametrize(("url", "message"), [
    (f"http://hr.example.se/kfworkbook-{__version__}-py3-none-any.whl",
     "Adressen till hjulet måste börja med https://"),
    ("https://hr.example.se/kfworkbook/", "ska sluta med hjulets filnamn"),
    ("https://hr.example.se/kfworkbook-9.9.9-py3-none-any.whl", "Hjulet i adressen är version 9.9.9"),
    (f"https://hr.example.se/kfworkbook-{__version__}.tar.gz", "ska sluta med hjulets filnamn"),
])
def test_unusable_wheel_addresses(tmp_path: Path, url: str, message: str) -> None:
    result = lite("--wheel-url", url, "--out", str(tmp_path / "ut"))
    assert result.exit_code == 2
    assert _body(result).startswith("Fel: ") and message in result.output, result.output
    assert not (tmp_path / "ut").exists()


def test_local_http_address_is_allowed_for_tests(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:8123/kfworkbook-{__version__}-py3-none-any.whl"
    assert lite("--wheel-url", url, "--out", str(tmp_path)).exit_code == 0
    assert (tmp_path / "requirements.txt").read_text("utf-8").splitlines()[-1] == url


def test_broken_config_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "trasig.toml"
    bad.write_text('forvaltning = "Farsta\nplan_ar = 2022\n', "utf-8")
    result = lite("--config", str(bad), "--wheel-url", URL, "--out", str(tmp_path / "ut"))
    assert result.exit_code == 2
    assert result.output.startswith(f"Fel: Konfigurationsfilen {bad} är ingen giltig TOML-fil")
    assert not (tmp_path / "ut").exists()


def test_macros_folder_is_the_commands_default_output(tmp_path: Path) -> None:
    assert lite("--wheel-url", EXAMPLE_URL, "--out", str(tmp_path)).exit_code == 0
    for name in ("main.py", "requirements.txt"):
        assert (ROOT / "macros" / "xlwings_lite" / name).read_text("utf-8") == (tmp_path / name).read_text("utf-8"), (
            f"macros/xlwings_lite/{name} är inaktuell: kör kfworkbook lite --wheel-url {EXAMPLE_URL} "
            "--out macros/xlwings_lite --force")


def _load_main(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_main_checks_against_the_embedded_config(tmp_path: Path, skarholmen: Path) -> None:
    """On xlwings' remote engine (CPython): a Skärholmen plan is clean for Skärholmen's main.py, not for Farsta's."""
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip("xlwings remote-motorn är inte aktiv: sätt XLWINGS_LICENSE_KEY=noncommercial")
    from .excel_payload import payload_from_xlsx
    from .test_excel import marks, status

    assert lite("--config", str(skarholmen), "--wheel-url", URL, "--out", str(tmp_path / "lite")).exit_code == 0
    config = load_config(skarholmen)
    template = next(p for p in write_templates(config, tmp_path / "mallar") if "Sätra" in p.name)
    info = {"manager": "Enhetschef Sätra", "email": "satra@example.se", "date": date(2025, 2, 3)}
    rows = [{"category": "Utveckla", "goal": "Fler förskollärare", "activity": "Handledning i arbetslaget",
             "due": date(2026, 6, 30), "responsible": "Rektor", "follow_up": "Tertial 1"}]
    plan = fill(template, tmp_path / "satra.xlsx", rows, info)

    def press(main_py: Path, name: str) -> tuple[str, dict]:
        book = xw.Book(json=payload_from_xlsx(plan, client="Office.js"))
        try:
            _load_main(main_py, name).validera(book)
            actions = book.json()["actions"]
            return status(actions, book.sheet_names), marks(actions, book.sheet_names)
        finally:
            book.close()

    text, marked = press(tmp_path / "lite" / "main.py", "kf_lite_main_skarholmen")
    assert text.startswith("Inga fel hittade") and marked == {}
    farsta_text, _ = press(ROOT / "macros" / "xlwings_lite" / "main.py", "kf_lite_main_farsta")
    assert not farsta_text.startswith("Inga fel hittade")  # Farsta's lists and year do not fit this plan


def test_hand_edited_broken_config_gives_a_message_box(tmp_path: Path, template_path: Path) -> None:
    """Someone edits KONFIGURATION in main.py by hand and breaks it: the manager gets one Swedish alert, nothing else."""
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip("xlwings remote-motorn är inte aktiv: sätt XLWINGS_LICENSE_KEY=noncommercial")
    from .excel_payload import payload_from_xlsx

    assert lite("--wheel-url", URL, "--out", str(tmp_path)).exit_code == 0
    main_py = tmp_path / "main.py"
    main_py.write_text(main_py.read_text("utf-8").replace('plan_ar = 2022', 'plan_ar = "tjugotjugotvå"'), "utf-8")
    book = xw.Book(json=payload_from_xlsx(fill(template_path, tmp_path / "plan.xlsx"), client="Office.js"))
    try:
        _load_main(main_py, "kf_lite_main_broken").validera(book)
        actions = book.json()["actions"]
    finally:
        book.close()
    assert [a["func"] for a in actions] == ["alert"]
    text, title, _buttons, mode, _callback = actions[0]["args"]
    assert (title, mode) == ("Validera", "critical")
    assert text.startswith("Valideringen kunde inte köras: Fel i konfigurationen main.py: plan_ar") and "Kontakta HR" in text


def test_owner_keeps_read_and_write_under_a_umask_of_777(tmp_path: Path) -> None:
    """Pyodide 0.27 reports umask 0o777; atomic_write must still leave a file its owner can read."""
    old = os.umask(0o777)
    try:
        path = atomic_write(tmp_path / "ut.txt", lambda tmp: tmp.write_text("åäö", "utf-8"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text("utf-8") == "åäö"
    ordinary = atomic_write(tmp_path / "vanlig.txt", lambda tmp: tmp.write_text("x", "utf-8"))
    assert stat.S_IMODE(ordinary.stat().st_mode) == 0o666 & ~old | 0o600


def test_readme_lists_the_lite_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "`kfworkbook lite --wheel-url ADRESS [--config FIL] [--out MAPP] [--force] [--json]`" in readme
    assert "kfworkbook lite" in (ROOT / "macros" / "README.md").read_text("utf-8")


def test_lite_binds_the_button_on_both_forms(tmp_path: Path) -> None:
    """main.py has a button for the plan (Aktivitetsplan!A3) and one for the follow-up (Uppföljning!A3); on
    xlwings' remote engine, the follow-up's press finds the follow-up's issues."""
    assert lite("--wheel-url", URL, "--out", str(tmp_path / "lite")).exit_code == 0
    tree = ast.parse((tmp_path / "lite" / "main.py").read_text("utf-8"))
    buttons = {node.name: ast.literal_eval(node.decorator_list[0].keywords[0].value)
               for node in tree.body if isinstance(node, ast.FunctionDef) and node.decorator_list}
    assert buttons == {"validera": "[ValideraKnapp]Aktivitetsplan!A3",
                       "validera_uppfoljning": "[ValideraKnapp]Uppföljning!A3"}
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip("xlwings remote-motorn är inte aktiv: sätt XLWINGS_LICENSE_KEY=noncommercial")
    from kfworkbook.button.excel import status_text
    from kfworkbook.prefill.follow_up_sources import read_ledger
    from kfworkbook.template.follow_up import write_follow_ups
    from kfworkbook.validate.run import validate_file

    from .excel_payload import payload_from_xlsx
    from .ledger_year import answer
    from .test_excel import values_on, where

    config = load_config(ROOT / "examples" / "farsta-2022" / "kfworkbook.toml")
    units = read_ledger([ROOT / "examples" / "farsta-2022" / "planer"], config).follow_up_units("T1")
    [path] = write_follow_ups(config, units[:1], "T1", tmp_path / "t1", button=True)
    first = units[0].rows[0]["activity_id"]
    filled = answer(path, tmp_path / "ifylld.xlsx", "T1", {first: ("Klart", "Klart i mars.", None)})
    book = xw.Book(json=payload_from_xlsx(filled, client="Office.js"))
    try:
        _load_main(tmp_path / "lite" / "main.py", "kf_lite_main_follow_up").validera_uppfoljning(book)
        actions, names = book.json()["actions"], book.sheet_names
    finally:
        book.close()
    [written] = [a["values"][0][0] for a in values_on(actions, names, "Uppföljning")
                 if where(a, names) == ("Uppföljning", "B3")]
    expected = validate_file(filled, config)
    assert "uppf-status-okand" in {i.code for i in expected.issues}
    assert written == status_text(expected)


def test_generated_main_asks_only_for_the_sheets_it_needs(tmp_path, button_template_path):
    """``include``: Lite sends these sheets only; the press does exactly what it does with the whole workbook."""
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip("xlwings remote-motorn är inte aktiv: sätt XLWINGS_LICENSE_KEY=noncommercial")
    from .excel_payload import payload_from_xlsx
    from .test_excel import BAD_ROWS, status

    assert lite("--wheel-url", URL, "--out", str(tmp_path / "lite")).exit_code == 0
    main = _load_main(tmp_path / "lite" / "main.py", "kf_lite_main_include")
    include = script_include(tmp_path / "lite" / "main.py")
    assert include == list(INCLUDE) == ["Uppgifter", "Aktivitetsplan", "Analys", "Listor", "Uppföljning",
                                        "Valideringsresultat"]
    plan = fill(button_template_path, tmp_path / "plan.xlsx", BAD_ROWS)
    full, sent = payload_from_xlsx(plan, client="Office.js"), payload_from_xlsx(plan, client="Office.js", include=include)
    assert [s["name"] for s in sent["sheets"] if s["values"] == [[]]] == ["Instruktioner"]

    def press(payload):
        book = xw.Book(json=payload)
        try:
            main.validera(book)
            return book.json()["actions"], book.sheet_names
        finally:
            book.close()

    (with_include, names), (without, _) = press(sent), press(full)
    assert with_include == without and status(with_include, names).startswith("1 fel, 1 varning")
    sizes = [len(json.dumps(p, ensure_ascii=False).encode()) for p in (full, sent)]
    assert sizes[1] < sizes[0] - 3000, sizes
