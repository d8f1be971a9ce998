"""The Validera button in xlwings Lite's own runtime: Pyodide 0.27.7 under Node, offline.

One run (module fixture ``pyodide_run``) does what Lite does on a manager's computer, on files written by
``kfworkbook lite`` for a förvaltning configured here (not the default):

1. builds the kfworkbook wheel, downloads the pure-Python wheels at the lower bounds of requirements.txt for the
   ``pyodide_2024_0_wasm32`` platform (cached in .cache/pyodide-wheels, git-ignored) and serves them
   as a package index on 127.0.0.1 (a free port, stopped at the end);
2. starts Pyodide in Node from ``../shared/pyodide-0.27.7`` (beside the repository) and installs the
   requirements one line at a time with micropip (its lock file first, then the index);
3. imports main.py and presses ``validera`` on ``xlwings.Book(json=...)`` payloads (tests/excel_payload.py);
4. validates a plan through the library there and writes a file with ``fileio.atomic_write``.

The actions Pyodide returns are compared with those of the same payload on CPython's remote engine
(tests/test_excel.py). Timings are printed (``pytest -s``) and checked in macros/README.md by hand.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kfworkbook import __version__
from kfworkbook.button.lite import PYODIDE_VERSION, TESTED
from kfworkbook.cli import app
from kfworkbook.config import Config
from kfworkbook.forms import columns as C
from kfworkbook.validate.run import validate_file

from .cli_helpers import runner
from .lite_helpers import build_wheel, prepare_host, timing_line
from .test_excel import alerts, marks, result_rows, run, status

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT.parent / "shared" / f"pyodide-{PYODIDE_VERSION}"
CACHE = ROOT / ".cache" / "pyodide-wheels"
NODE = shutil.which("node")
PLATFORM = ["--only-binary=:all:", "--platform", "pyodide_2024_0_wasm32", "--python-version", "3.12",
            "--implementation", "cp", "--abi", "cp312"]

if NODE is None:
    pytest.skip("Node.js (node) saknas: installera nodejs (.ci/run gör det) för att köra knappen i Pyodide",
                allow_module_level=True)
if not (PYODIDE / "pyodide.mjs").is_file():
    pytest.skip(f"Pyodide {PYODIDE_VERSION} saknas i {PYODIDE}: lägg mappen shared/ bredvid repot",
                allow_module_level=True)

# -- the package index ---------------------------------------------------------------------------


def download_wheels() -> list[Path]:
    """The tested wheels (the lower bounds of requirements.txt) for Pyodide's platform, downloaded once into CACHE."""
    from packaging.utils import canonicalize_name, parse_wheel_filename

    CACHE.mkdir(parents=True, exist_ok=True)
    have = {(canonicalize_name(n), str(v)) for n, v, *_ in (parse_wheel_filename(p.name) for p in CACHE.glob("*.whl"))}
    pins = [f"{name}=={version}" for name, version in TESTED.items()]
    missing = [p for p in pins if (canonicalize_name(p.split("==")[0]), p.split("==")[1]) not in have]
    if missing:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", *PLATFORM, "-d", str(CACHE),
                               *missing], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"pip download {missing}: {done.stderr[-2000:]}"
    wanted = {(canonicalize_name(p.split("==")[0]), p.split("==")[1]) for p in pins}
    return [p for p in CACHE.glob("*.whl") if (lambda w: (w[0], str(w[1])))(parse_wheel_filename(p.name)) in wanted]


def make_index(root: Path, wheels: list[Path]) -> None:
    """A PEP 503 simple index in ``root``: /simple/<name>/ links to /<wheel>."""
    from packaging.utils import canonicalize_name, parse_wheel_filename

    for wheel in wheels:
        shutil.copy2(wheel, root / wheel.name)
        page = root / "simple" / canonicalize_name(parse_wheel_filename(wheel.name)[0]) / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<html><body><a href="../../{wheel.name}">{wheel.name}</a></body></html>\n', "utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def index_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, folder) of a package index on 127.0.0.1 with the tested wheels and kfworkbook's."""
    root = tmp_path_factory.mktemp("index")
    make_index(root, [*download_wheels(), build_wheel(tmp_path_factory.mktemp("wheel"))])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def run_in_pyodide(host: Path, params: dict[str, Any]) -> dict[str, Any]:
    """Run tests/pyodide_driver.py in Pyodide with ``host`` mounted at /host; its result.json."""
    (host / "params.json").write_text(json.dumps(params), "utf-8")
    shutil.copy2(Path(__file__).with_name("pyodide_driver.py"), host / "driver.py")
    done = subprocess.run([NODE, str(Path(__file__).with_name("pyodide_run.mjs")), str(PYODIDE), str(host),
                           str(host / "driver.py")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((host / "result.json").read_text("utf-8"))
    assert "error" not in result, result["error"]
    return result


# -- the run ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory, index_server: tuple[str, Path],
                lite_config: tuple[Path, Config], lite_plans: dict[str, Path]) -> dict[str, Any]:
    base_url, _ = index_server
    host = tmp_path_factory.mktemp("host")
    config_path, _ = lite_config
    params = prepare_host(host, config_path, lite_plans, f"{base_url}/kfworkbook-{__version__}-py3-none-any.whl", "/host")
    params["index_url"] = base_url + "/simple/{package_name}/"
    result = run_in_pyodide(host, params)
    print(f"\nPyodide {PYODIDE_VERSION}: start {result['load_seconds']:.2f} s, installation "
          f"{result['install_seconds']:.2f} s")
    print(timing_line(f"Pyodide {PYODIDE_VERSION}", result, params["sizes"]))
    return result


# -- the tests -------------------------------------------------------------------------------------


def test_requirements_install_the_tested_versions(pyodide_run: dict[str, Any]) -> None:
    """The index holds the lower bounds only: Pyodide installs and runs exactly those."""
    installed = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pyodide_run["installed"].items()}
    for name, version in TESTED.items():
        assert installed[name] == version, name
    assert installed["kfworkbook"] == __version__
    for absent in ("python-calamine", "typer", "rich", "click"):  # the button needs none of them
        assert absent not in installed


def test_button_does_in_pyodide_what_it_does_on_cpython(pyodide_run: dict[str, Any], lite_plans: dict[str, Path],
                                                        lite_config: tuple[Path, Config]) -> None:
    _, config = lite_config
    press = pyodide_run["presses"]["fel"]
    names, actions = press["sheet_names"], press["actions"]
    report, expected = run(lite_plans["fel"], config, client="Office.js")
    assert actions == expected
    assert [(i.code, i.cell) for i in report.issues] == [
        ("obligatorisk", "H6"), ("alias", "A7"), ("ej-i-listan", "H8"), ("datum-utanfor", "G9")]
    assert marks(actions, names) == {(C.SHEET_PLAN, "H6"): "#FFC7CE", (C.SHEET_PLAN, "A7"): "#FFEB9C",
                                     (C.SHEET_PLAN, "H8"): "#FFC7CE", (C.SHEET_PLAN, "G9"): "#FFC7CE"}
    assert status(actions, names) == "3 fel, 1 varning – se fliken Valideringsresultat"
    assert [row[0] for row in result_rows(actions, names)] == [
        f"{C.SHEET_PLAN}!H6", f"{C.SHEET_PLAN}!A7", f"{C.SHEET_PLAN}!H8", f"{C.SHEET_PLAN}!G9"]
    ((text, title, _buttons, mode, _callback),) = alerts(actions)
    assert (title, mode) == ("Validera", "critical")
    assert text.startswith("3 fel, 1 varning. Celler med fel är röda")


def _without_clock(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``actions`` with the time in 'Inga fel hittade 14:05' replaced, so two runs compare equal."""
    return json.loads(re.sub(r"(Inga fel hittade) \d\d:\d\d", r"\1 HH:MM", json.dumps(actions, ensure_ascii=False)))


def test_clean_plan_with_sixty_activities(pyodide_run: dict[str, Any], lite_plans: dict[str, Path],
                                          lite_config: tuple[Path, Config]) -> None:
    _, config = lite_config
    report, expected = run(lite_plans["sextio"], config, client="Office.js")
    assert report.issues == [] and len(report.activities) == 60
    for name in ("first", "second"):
        press = pyodide_run["presses"][name]
        names, actions = press["sheet_names"], press["actions"]
        assert _without_clock(actions) == _without_clock(expected)
        assert re.fullmatch(r"Inga fel hittade \d\d:\d\d", status(actions, names))
        assert marks(actions, names) == {} and result_rows(actions, names) == []
        ((text, _title, _buttons, mode, _callback),) = alerts(actions)
        assert (text, mode) == ("Inga fel hittade. Planen kan skickas till HR.", "info")


def test_second_press_is_fast(pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["presses"]["second"]["seconds"] < 2.0


def test_library_validates_plans_in_pyodide(pyodide_run: dict[str, Any], lite_plans: dict[str, Path],
                                            lite_config: tuple[Path, Config]) -> None:
    _, config = lite_config
    report = validate_file(lite_plans["fel"], config, "plan.xlsx")
    expected = [[i.code, i.cell, i.severity, i.message] for i in report.issues]
    assert pyodide_run["library"]["grids"] == expected
    assert pyodide_run["library"]["read_plan"] == expected


def test_runtime_limits_and_atomic_write(pyodide_run: dict[str, Any]) -> None:
    runtime = pyodide_run["runtime"]
    assert (runtime["platform"], runtime["python"]) == ("emscripten", "3.12.7")
    assert runtime["umask"] == 0o777  # Pyodide 0.27's umask: the reason fileio must not trust it
    assert runtime["thread"] != "started" and runtime["process"] != "started"
    assert runtime["written_mode"] == 0o600  # owner read/write, whatever the umask says
    assert runtime["read_back"] == "Skrivet i Pyodide åäö"
    assert runtime["calamine"] is False


def test_typing_extensions_must_come_first(tmp_path: Path, index_server: tuple[str, Path]) -> None:
    """Why requirements.txt starts with typing-extensions: moved after pydantic, pandera cannot be installed."""
    base_url, _ = index_server
    assert runner.invoke(app, ["lite", "--wheel-url", f"{base_url}/kfworkbook-{__version__}-py3-none-any.whl",
                               "--out", str(tmp_path / "lite")]).exit_code == 0
    lines = (tmp_path / "lite" / "requirements.txt").read_text("utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("typing-extensions>="))
    moved = ["pydantic", next(line for line in lines if line.startswith("pandera>=")), lines[first]]  # the minimal case
    (tmp_path / "lite" / "requirements.txt").write_text("\n".join(moved) + "\n", "utf-8")
    result = run_in_pyodide(tmp_path, {"index_url": base_url + "/simple/{package_name}/", "install_only": True,
                                       "requirements": "/host/lite/requirements.txt"})
    failed = {line.split(">=")[0]: message for line, message in result["install_errors"]}
    assert list(failed) == ["pandera", "typing-extensions"] and "pandera" not in result["installed"]
    assert "Requested 'typing-extensions>=4.14.0', but typing-extensions==4.11.0 is already installed" in failed["pandera"]
