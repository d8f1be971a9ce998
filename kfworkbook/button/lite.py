"""The xlwings Lite code for the Validera button: ``main.py`` and ``requirements.txt`` for one förvaltning.

xlwings Lite keeps a workbook's Python code in two tabs of its editor, ``main.py`` and
``requirements.txt``, and runs it on Pyodide (CPython compiled to WebAssembly) inside Excel. This
module writes both files: ``main.py`` with the förvaltning's configuration embedded (a Lite workbook
cannot read a ``kfworkbook.toml`` beside it) and the sheets the button reads and writes named in
``include`` (so Lite sends only those to Python), and ``requirements.txt`` with version ranges, plus
the address of the kfworkbook wheel.

The ranges are what the tests proved: each lower bound is the version ``tests/test_pyodide.py``
installs and runs in Pyodide, and ``tests/test_lite_cpython.py`` installs the newest versions inside
the ranges on the newest CPython here (with pandas 3). The upper bound is the next major version, as
xlwings Lite advises now that it records the exact versions it installed in its own
``requirements-pinned.txt``; a package whose private API kfworkbook uses keeps kfworkbook's own
narrower pin (XlsxWriter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Config, default_config_text, load_config
from ..fileio import atomic_write
from ..forms import columns as C
from ..forms.spec import SHEET_FOLLOW_UP
from ..version import __version__

PYODIDE_VERSION = "0.27.7"
"""The Pyodide version the requirements below were proven on (tests/test_pyodide.py)."""

FIRST = ("typing-extensions",)
"""Installed before anything else: the Pyodide lock file's typing-extensions 4.11 (which pydantic
pulls in) is too old for typeguard (a pandera dependency), and micropip keeps whatever came first
when requirements are installed one line at a time."""

PYODIDE_PACKAGES = ("numpy", "pandas", "pydantic")
"""Compiled packages that Pyodide itself provides: no version, it follows the Pyodide version."""

TESTED: dict[str, str] = {
    "typing-extensions": "4.16.0",
    "xlwings": "0.37.8",
    "pandera": "0.35.0",
    "typeguard": "4.6.0",
    "typing-inspect": "0.9.0",
    "mypy-extensions": "1.2.0",
    "openpyxl": "3.1.5",
    "et-xmlfile": "2.0.0",
    "defusedxml": "0.7.1",
    "xlsxwriter": "3.3.1",
}
"""The pure-Python packages from PyPI (every dependency of kfworkbook and of these packages that
Pyodide's lock file does not provide), each at the version installed and run in Pyodide: the lower bound."""

UPPER: dict[str, str] = {"xlsxwriter": "3.4"}
"""Upper bounds narrower than the next major version: kfworkbook's own guarded pins (pyproject.toml)."""

INCLUDE = (C.SHEET_INFO, C.SHEET_PLAN, C.SHEET_ANALYSIS, C.SHEET_LISTS, SHEET_FOLLOW_UP, C.SHEET_RESULTS)
"""The sheets the button reads (kfworkbook.read.workbook.READ_SHEETS: Listor holds the template's identity)
and writes (Valideringsresultat): Lite sends only these, never Instruktioner or a sheet a manager added."""

FILES = ("main.py", "requirements.txt")
_WHEEL_NAME = re.compile(r"kfworkbook-(?P<version>[^-/]+)-py3-none-any\.whl")
_LOCAL_HOSTS = ("127.0.0.1", "localhost")


class LiteError(ValueError):
    """A wheel address or an output folder that cannot be used; the message is Swedish."""


def requirement(name: str) -> str:
    """The requirement line of a package of :data:`TESTED`: 'xlwings>=0.37.8,<1'."""
    version = TESTED[name]
    return f"{name}>={version},<{UPPER.get(name) or int(version.split('.')[0]) + 1}"


PINNED = tuple(requirement(name) for name in TESTED if name not in FIRST)
"""The PyPI packages after typing-extensions, as requirement lines with their ranges."""


def requirement_lines() -> list[str]:
    """The package lines of requirements.txt in install order (without the wheel's address)."""
    first = [requirement(name) for name in FIRST]
    return [*first, *PINNED[:1], *PYODIDE_PACKAGES, *PINNED[1:]]


def check_wheel_url(url: str) -> str:
    """``url`` if Lite can install kfworkbook from it; else raise :class:`LiteError` saying why.

    The add-in runs in a browser on https, which fetches only https addresses (http only for this
    computer, as in tests), and micropip reads the package name and version from the file name.
    """
    url = url.strip()
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if parts.scheme != "https" and not local:
        raise LiteError(f"Adressen till hjulet måste börja med https:// (inte {url!r}): "
                        "Excel hämtar bara filer över https.")
    name = parts.path.rsplit("/", 1)[-1]
    match = _WHEEL_NAME.fullmatch(name)
    if not parts.hostname or match is None:
        raise LiteError(f"Adressen {url!r} ska sluta med hjulets filnamn, till exempel "
                        f".../kfworkbook-{__version__}-py3-none-any.whl.")
    if match.group("version") != __version__:
        raise LiteError(f"Hjulet i adressen är version {match.group('version')}, men koden skrivs för "
                        f"kfworkbook {__version__}. Bygg och lägg upp hjulet för version {__version__}.")
    return url


def requirements_text(wheel_url: str) -> str:
    """The requirements.txt for Lite, installing kfworkbook from ``wheel_url``."""
    lines = requirement_lines()
    return "\n".join([
        f"# requirements.txt för Validera-knappen i xlwings Lite (skriven av kfworkbook lite {__version__}).",
        "# Klistra in hela filen i fliken requirements.txt i Lite-redigeraren och starta sedan om Lite",
        "# (☰ > Restart): först då installeras de nya versionerna.",
        f"# Den lägsta versionen av varje paket är provad i Pyodide {PYODIDE_VERSION}, de nyaste inom gränserna i",
        "# CPython 3.13 med pandas 3. Gränsen uppåt är nästa huvudversion (xlsxwriter: kfworkbooks egen gräns).",
        "# Lite (med Pyodide 314 eller senare) skriver själv filen requirements-pinned.txt med de exakta",
        "# versioner den installerade och installerar samma versioner vid varje omstart. Låt den filen vara;",
        "# ta bort den (och starta om Lite) bara när knappen ska få nyare versioner, och prova knappen efteråt.",
        "# typing-extensions ska stå först. numpy, pandas och pydantic har ingen version: de följer Pyodide.",
        *lines,
        "# kfworkbook-hjulet (servern måste tillåta CORS, se macros/README.md):",
        check_wheel_url(wheel_url),
        "",
    ])


def _python_string(text: str) -> str:
    """``text`` as a triple-quoted Python literal that evaluates to exactly ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""\\\n' + escaped + '"""'


MAIN_TEMPLATE = '''\
"""Validera-knappen i xlwings Lite, skriven av kfworkbook lite {version} för {forvaltning} {year}.

Klistra in hela filen i fliken main.py i Lite-redigeraren. Knappen är en figur som heter
ValideraKnapp och ligger över cellen {sheet}!{cell} i en plan och över {follow_up_sheet}!{cell} i en
uppföljning, med en länk till just den cellen (se macros/README.md). När cellen väljs kör Lite
funktionen validera (planen) eller validera_uppfoljning (uppföljningen) nedan, som gör samma kontroll
som kfworkbook på HR:s dator och markerar resultatet i arbetsboken.
Lite skickar bara flikarna i include till Python (inte Instruktioner eller flikar som chefen själv
har lagt till).

Ändra inte texten i KONFIGURATION här: ändra förvaltningens kfworkbook.toml och kör kfworkbook lite
igen, så att knappen och HR:s kontroll använder samma listor.
"""

import tomllib

import xlwings as xw
from xlwings import script

from kfworkbook.config import parse_config
from kfworkbook.excel import show_error, validate_book

KONFIGURATION = {config}

_CONFIG = None


def _config():
    """Förvaltningens konfiguration, läst en gång (vid första tryckningen)."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = parse_config(tomllib.loads(KONFIGURATION), "main.py")
    return _CONFIG


@script(button="[ValideraKnapp]{sheet}!{cell}", show_taskpane=True, include={include})
def validera(book: xw.Book):
    """Kontrollera planen i den öppna arbetsboken och markera fel och varningar."""
    try:
        validate_book(book, _config())
    except Exception as exc:  # chefen ska få en begriplig ruta, inte en felsökningsutskrift
        show_error(book, exc)


@script(button="[ValideraKnapp]{follow_up_sheet}!{cell}", show_taskpane=True, include={include})
def validera_uppfoljning(book: xw.Book):
    """Kontrollera uppföljningen i den öppna arbetsboken och markera fel och varningar."""
    try:
        validate_book(book, _config())
    except Exception as exc:  # chefen ska få en begriplig ruta, inte en felsökningsutskrift
        show_error(book, exc)
'''


def main_text(config: Config, config_text: str) -> str:
    """The main.py for Lite with ``config_text`` (the TOML that ``config`` was read from) embedded."""
    return MAIN_TEMPLATE.format(version=__version__, forvaltning=config.forvaltning, year=config.plan_year,
                                config=_python_string(config_text), sheet=C.SHEET_PLAN, cell=C.VALIDERA_CELL,
                                follow_up_sheet=SHEET_FOLLOW_UP,
                                include=json.dumps(list(INCLUDE), ensure_ascii=False))


def write_lite(out: str | Path, wheel_url: str, config_path: str | Path | None = None,
               force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for xlwings Lite into the folder ``out``.

    ``config_path``: the förvaltning's kfworkbook.toml (checked first; ConfigError if it is not
    valid); None embeds the built-in default. Raises :class:`LiteError` for an unusable wheel address
    or when a file exists and ``force`` is False; nothing is written then.
    """
    config = load_config(config_path)
    text = default_config_text() if config_path is None else Path(config_path).read_bytes().decode("utf-8-sig")
    contents = {"main.py": main_text(config, text), "requirements.txt": requirements_text(wheel_url)}
    out = Path(out)
    existing = [out / name for name in FILES if (out / name).exists()]
    if existing and not force:
        raise LiteError(f"{', '.join(str(p) for p in existing)} finns redan. "
                        "Lägg till --force för att skriva över.")
    written = []
    for name in FILES:
        written.append(atomic_write(out / name, _writer(contents[name]), overwrite=force))
    return written


def _writer(text: str) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n")
