"""The one issue that makes a file unreadable, before or while python-calamine reads it.

Too large a sheet (:mod:`kfworkbook.read.package` measures it before calamine builds a grid), an error
python-calamine raises (one issue code per kind: ``PasswordError``, ``ZipError``, ``XmlError``,
``WorksheetNotFound``, any other ``CalamineError``), or a file the operating system will not let us read.
The library's own English text goes only into the issue's ``detail``.
"""

from __future__ import annotations

import errno
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from ..issues import Issue, make_issue
from .package import Limits, SheetScan, scan_sheets

ZIP_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                                               ValueError)
"""What zipfile raises for a damaged or unusual archive while a part is unpacked (besides OSError)."""


def short(exc: BaseException) -> str:
    """The first line of an exception's text (at most 120 characters), for an issue's ``detail``."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def check_sheets(source: Path | zipfile.ZipFile, file: str, names: Collection[str] | None, limits: Limits
                 ) -> tuple[Issue | None, dict[str, SheetScan]]:
    """(the issue that makes the file at ``source`` (its path, or its zip archive already open) too large or
    damaged to read, the scans of its sheets ``names``; None: every sheet), before calamine builds any grid
    (see :mod:`kfworkbook.read.package`)."""
    try:
        scans, oversized = scan_sheets(source, names, limits)
    except OSError as exc:
        return os_error_issue(exc, file), {}
    except ZIP_ERRORS as exc:
        return make_issue("fil-skadad", file=file, detail=short(exc)), {}
    if oversized is None:
        return None, scans
    grouped = {key: f"{value:,}".replace(",", " ") for key, value in (
        ("sheet_rows", oversized.rows), ("sheet_columns", oversized.columns), ("max_rows", limits.rows),
        ("max_columns", limits.columns))}
    return make_issue("fil-for-stort-blad", file=file, sheet=oversized.name, end=oversized.end, **grouped), scans


def calamine_errors() -> tuple[type[BaseException], ...]:
    """What python-calamine raises for a file it cannot read: its own errors (``PasswordError``, ``ZipError``,
    ``XmlError``, ``WorksheetNotFound``, all ``CalamineError``) and OSError for a read that fails. Called in
    an ``except`` clause, so that python-calamine is imported only when an exception is matched."""
    from python_calamine import CalamineError

    return (CalamineError, OSError)


def unreadable_issue(exc: BaseException, file: str) -> Issue:
    """The issue for an error python-calamine raised reading ``file``: one code per kind of error, the
    library's own (English) text only in ``detail``."""
    from python_calamine import PasswordError, WorksheetNotFound, XmlError, ZipError

    if isinstance(exc, OSError):
        return os_error_issue(exc, file)
    codes = ((PasswordError, "fil-losenord"), (ZipError, "fil-skadad-zip"), (XmlError, "fil-skadad-xml"),
             (WorksheetNotFound, "fil-blad-trasigt"))
    code = next((code for kind, code in codes if isinstance(exc, kind)), "fil-skadad")
    return make_issue(code, file=file, detail=short(exc))


def os_error_issue(exc: OSError, file: str) -> Issue:
    """The issue for a file the operating system would not let us read."""
    if exc.errno == errno.ELOOP or (isinstance(exc, FileNotFoundError) and Path(file).is_symlink()):
        return make_issue("fil-lank", file=file)
    if isinstance(exc, FileNotFoundError):
        return make_issue("fil-saknas", file=file)
    if isinstance(exc, (PermissionError, IsADirectoryError)):
        return make_issue("fil-behorighet", file=file, detail=short(exc))
    return make_issue("fil-las-fel", file=file, detail=short(exc))
