"""Shared fixtures: the default config, generated templates and a LibreOffice runner.

Tests that start LibreOffice, Pyodide/Node, build a wheel or run hypothesis are marked ``slow``
(``make test-fast`` leaves them out; ``make test`` and CI run everything). ``soffice_convert_many``
converts a test's files with one LibreOffice start, and refuses to run in a test not marked slow.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kfworkbook.config import Config, default_config, default_config_text, load_config, parse_config
from kfworkbook.template.plan import write_templates

from . import lite_helpers
from .plans import fill

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def config() -> Config:
    return default_config()


def config_text_with(text_replacements: dict[str, str]) -> str:
    """The default config's TOML text with textual replacements (each must hit)."""
    text = default_config_text()
    for old, new in text_replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def config_with(text_replacements: dict[str, str] | None = None, append: str = "") -> Config:
    """The default config with textual replacements and appended TOML."""
    import tomllib

    return parse_config(tomllib.loads(config_text_with(text_replacements or {}) + append), "test.toml")


@pytest.fixture(scope="session")
def units_config() -> Config:
    """A config where Förskola has two units."""
    return config_with({'[[avdelningar]]\nnamn = "Förskola"\n':
                        '[[avdelningar]]\nnamn = "Förskola"\nenheter = ["Farsta strand", "Hökarängen"]\n'})


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    out = tmp_path_factory.mktemp("mallar")
    write_templates(config, out)
    return out


@pytest.fixture(scope="session")
def template_path(template_dir: Path) -> Path:
    return template_dir / "Kompetensförsörjningsplan_2022_Förskola.xlsx"


@pytest.fixture(scope="session")
def button_template_path(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    """The Förskola template made for the Validera button (kfworkbook template --knapp)."""
    out = tmp_path_factory.mktemp("knappmallar")
    return write_templates(config, out, department="Förskola", button=True)[0]


_running: dict[str, pytest.Item] = {}
_profile: list[Path] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Remember the running test (before its fixtures, module fixtures included, are set up)."""
    _running["item"] = item


def _lo_profile() -> Path:
    """One private LibreOffice profile for the whole session: a new profile costs every start about a second."""
    if not _profile:
        path = Path(tempfile.mkdtemp(prefix="kfworkbook-lo-"))
        atexit.register(shutil.rmtree, path, True)
        _profile.append(path)
    return _profile[0]


def soffice_convert_many(sources: Sequence[Path], fmt: str, outdir: Path) -> dict[Path, list[Path]]:
    """Convert every file of ``sources`` with ONE LibreOffice headless start, into ``outdir``.

    Returns each source's files (``name.xlsx``, or ``name-Blad.csv`` per sheet), sorted. The sources'
    names without suffix must differ: LibreOffice names what it writes after them.
    """
    item = _running.get("item")
    if item is not None and item.get_closest_marker("slow") is None:
        pytest.fail(f"{item.nodeid} startar LibreOffice men är inte märkt @pytest.mark.slow")
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) saknas: installera libreoffice-calc och libreoffice-writer (.ci/run gör det)")
    sources = [Path(s) for s in sources]
    stems = [s.stem for s in sources]
    assert sources and len(set(stems)) == len(stems), f"LibreOffice would write two files of one name: {stems}"
    outdir.mkdir(parents=True, exist_ok=True)
    before = {p: p.stat().st_mtime_ns for p in outdir.iterdir()}
    command = [SOFFICE, f"-env:UserInstallation={_lo_profile().as_uri()}", "--headless", "--convert-to", fmt,
               "--outdir", str(outdir), *map(str, sources)]
    timeout = 120 + 20 * len(sources)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
                          errors="replace", start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice.bin too, not only the wrapper script
            process.communicate()
            _profile.clear()  # the next start gets a fresh profile, not one a killed instance may have left locked
            raise
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, out, err)
    written = sorted(p for p in outdir.iterdir() if p.is_file() and before.get(p) != p.stat().st_mtime_ns)
    by_source: dict[Path, list[Path]] = {s: [] for s in sources}
    for path in written:
        owners = [s for s in sources if path.stem == s.stem or path.stem.startswith(f"{s.stem}-")]
        if owners:
            by_source[max(owners, key=lambda s: len(s.stem))].append(path)
    missing = [s.name for s, files in by_source.items() if not files]
    assert not missing, f"LibreOffice wrote nothing for {missing}\nstdout: {out}\nstderr: {err}"
    return by_source


def soffice_convert(src: Path, fmt: str, outdir: Path) -> list[Path]:
    """Convert ``src`` with LibreOffice headless; return the files in ``outdir`` (a batch of one)."""
    soffice_convert_many([src], fmt, outdir)
    return sorted(p for p in outdir.iterdir() if p.is_file())


# -- the Lite button's runs (tests/test_pyodide.py, tests/test_lite_cpython.py) ------------------------


@pytest.fixture(scope="module")
def lite_config(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Config]:
    path = tmp_path_factory.mktemp("config") / "kfworkbook.toml"
    path.write_text(lite_helpers.CONFIG_TOML, "utf-8")
    return path, load_config(path)


@pytest.fixture(scope="module")
def lite_plans(tmp_path_factory: pytest.TempPathFactory, lite_config: tuple[Path, Config]) -> dict[str, Path]:
    _, config = lite_config
    out = tmp_path_factory.mktemp("planer")
    template = next(p for p in write_templates(config, out / "mallar", button=True) if "Bredäng" in p.name)
    return {"sextio": fill(template, out / "sextio.xlsx", lite_helpers.plan_rows(60), lite_helpers.INFO),
            "fel": fill(template, out / "fel.xlsx", lite_helpers.bad_rows(), lite_helpers.INFO)}
