"""The Lite button's code path on the newest CPython this machine has, with the newest packages its ranges allow.

xlwings Lite now runs Pyodide 314 (Python 3.14, pandas 3), which cannot be had offline here. This test
takes the other end of what tests/test_pyodide.py proves (the lower bounds on Pyodide 0.27.7): a fresh
virtual environment on the newest CPython found (3.13 from pyenv on the development machines) gets the
requirement lines that ``kfworkbook lite`` wrote, as pip resolves them today (numpy, pandas and pydantic
unpinned: pandas 3), and the kfworkbook wheel without its own dependencies (as in Lite: no
python-calamine, typer, rich or python-docx). tests/pyodide_driver.py then presses ``validera`` on the
same payloads (only the sheets of ``include``) and validates through the library; everything must match
this CPython's remote engine. The environment is kept in .cache/ and rebuilt when the requirements change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kfworkbook import __version__
from kfworkbook.button.lite import TESTED, requirement_lines
from kfworkbook.config import Config
from kfworkbook.validate.run import validate_file

from .lite_helpers import build_wheel, prepare_host, timing_line
from .test_excel import run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).with_name("pyodide_driver.py")


def _version(python: Path) -> tuple[int, int] | None:
    try:
        done = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                              text=True, timeout=60)
    except OSError:
        return None
    return tuple(int(x) for x in done.stdout.split()) if done.returncode == 0 else None  # type: ignore[return-value]


def newest_python() -> tuple[Path, tuple[int, int]] | None:
    """The newest CPython 3.13 or later on this machine (pyenv's versions, then PATH), or None."""
    pyenv = Path(os.environ.get("PYENV_ROOT", "~/.pyenv")).expanduser() / "versions"
    candidates = sorted(pyenv.glob("3.*/bin/python3")) if pyenv.is_dir() else []
    candidates += [Path(p) for p in (shutil.which(f"python3.{minor}") for minor in range(13, 20)) if p]
    found = [(path, v) for path in candidates if (v := _version(path)) and v >= (3, 13)]
    return max(found, key=lambda item: item[1]) if found else None


NEWEST = newest_python()
if NEWEST is None:
    pytest.skip("Ingen CPython 3.13 eller senare på datorn (pyenv install 3.13 ger en)", allow_module_level=True)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The virtual environment's python, with the requirement lines installed (cached) and this kfworkbook's wheel."""
    python_path, (major, minor) = NEWEST
    lines = requirement_lines()
    key = hashlib.sha256("\n".join([str(python_path), *lines]).encode()).hexdigest()[:12]
    folder = ROOT / ".cache" / f"lite-cpython{major}.{minor}"
    python = folder / "bin" / "python"
    marker = folder / "requirements.sha"
    if not (python.exists() and marker.exists() and marker.read_text() == key):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([str(python_path), "-m", "venv", str(folder)], check=True, timeout=300)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", *lines], capture_output=True, text=True,
                              timeout=1200)
        assert done.returncode == 0, done.stderr[-3000:]
        marker.write_text(key)
    wheel = build_wheel(tmp_path_factory.mktemp("wheel"))
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return python


@pytest.fixture(scope="module")
def cpython_run(tmp_path_factory: pytest.TempPathFactory, environment: Path, lite_config: tuple[Path, Config],
                lite_plans: dict[str, Path]) -> dict[str, Any]:
    host = tmp_path_factory.mktemp("host")
    config_path, _ = lite_config
    params = prepare_host(host, config_path, lite_plans,
                          f"https://hr.example.se/lite/kfworkbook-{__version__}-py3-none-any.whl", str(host))
    params["install"] = False
    (host / "params.json").write_text(json.dumps(params), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(KF_HOST=str(host), TZ="Europe/Stockholm")
    done = subprocess.run([str(environment), "-c", "import asyncio, runpy, sys; "
                           f"asyncio.run(runpy.run_path({str(DRIVER)!r})['main']())"], cwd=host, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((host / "result.json").read_text("utf-8"))
    assert "error" not in result, result["error"]
    listed = subprocess.run([str(environment), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    result["installed"] = {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(listed.stdout)}
    runtime = result["runtime"]
    name = f"CPython {runtime['python']}, pandas {runtime['pandas']}"
    print("\n" + timing_line(name, result, params["sizes"]))
    packages = [*TESTED, "numpy", "pandas", "pydantic"]
    print("Installerat: " + ", ".join(f"{n} {result['installed'][n]}" for n in packages))
    return result


def test_newest_python_and_pandas(cpython_run: dict[str, Any]) -> None:
    runtime = cpython_run["runtime"]
    assert tuple(int(x) for x in runtime["python"].split(".")[:2]) == NEWEST[1] >= (3, 13)
    assert int(runtime["pandas"].split(".")[0]) >= 3
    assert runtime["calamine"] is False  # as in Lite: the wheel came without its own dependencies


def test_installed_versions_are_inside_the_ranges(cpython_run: dict[str, Any]) -> None:
    from packaging.specifiers import SpecifierSet

    installed = cpython_run["installed"]
    for line in requirement_lines():
        name, _, spec = line.partition(">")
        if spec:
            assert installed[name] in SpecifierSet(">" + spec), (line, installed[name])
    assert installed["kfworkbook"] == __version__
    for absent in ("python-calamine", "typer", "rich", "python-docx"):
        assert absent not in installed


def _without_clock(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return json.loads(re.sub(r"(Inga fel hittade) \d\d:\d\d", r"\1 HH:MM", json.dumps(actions, ensure_ascii=False)))


def test_presses_do_what_they_do_here(cpython_run: dict[str, Any], lite_plans: dict[str, Path],
                                      lite_config: tuple[Path, Config]) -> None:
    _, config = lite_config
    _, expected = run(lite_plans["fel"], config, client="Office.js")
    assert cpython_run["presses"]["fel"]["actions"] == expected
    _, clean = run(lite_plans["sextio"], config, client="Office.js")
    for press in ("first", "second"):
        assert _without_clock(cpython_run["presses"][press]["actions"]) == _without_clock(clean)
    assert cpython_run["presses"]["second"]["seconds"] < 2.0


def test_library_validates_the_same(cpython_run: dict[str, Any], lite_plans: dict[str, Path],
                                    lite_config: tuple[Path, Config]) -> None:
    _, config = lite_config
    report = validate_file(lite_plans["fel"], config, "plan.xlsx")
    expected = [[i.code, i.cell, i.severity, i.message] for i in report.issues]
    assert cpython_run["library"]["grids"] == expected == cpython_run["library"]["read_plan"]
