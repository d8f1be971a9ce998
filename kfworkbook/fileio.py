"""Writing output files safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_filename(text: str) -> str:
    """``text`` made safe as a file name on Windows, macOS and Linux (Swedish letters kept)."""
    cleaned = _UNSAFE.sub("-", text).strip(" .")
    return re.sub(r"\s+", "_", cleaned) or "fil"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The permissions of a new file: 0o666 less the process umask, but always readable and writable by its owner.

    Pyodide 0.27 (xlwings Lite) reports a umask of 0o777, which would leave a file nobody can read.
    """
    return (0o666 & ~_umask()) | 0o600


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` for a temporary path beside ``path``, then move it into place.

    A reader never sees a half-written file, and a failure leaves any earlier file untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~kf-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, file_mode())  # mkstemp makes the file private; give it ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


FORMULA_PREFIXES = ("=", "+", "-", "@")


def set_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell so that text stays text.

    openpyxl turns a string starting with '=' into a live formula; text a user typed must never
    become one, so such strings are stored with the string type. Other values are written as is.
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"


class OutputExists(Exception):
    """The output file exists and ``force`` was not given."""


def refuse_overwrite(out: Path, force: bool) -> None:
    """Raise :class:`OutputExists` when ``out`` exists and ``force`` was not given."""
    if out.exists() and not force:
        raise OutputExists(str(out))
