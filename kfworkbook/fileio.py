"""Writing output files safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_filename(text: str) -> str:
    """``text`` made safe as a file name on Windows, macOS and Linux (Swedish letters kept)."""
    cleaned = _UNSAFE.sub("-", text).strip(" .")
    return re.sub(r"\s+", "_", cleaned) or "fil"


MAX_FILENAME = 80
"""The longest file name kfworkbook writes for a unit (extension included): with a usual OneDrive folder of about
70 characters the whole path stays far below the 218 characters Excel can open."""


PLAN_PREFIX, PLAN_SHORT_PREFIX = "Kompetensförsörjningsplan", "KFP"
"""How a plan template's name begins, in the usual and the short form (followed by the plan year)."""


def plan_filenames(year: int | str, pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The template file names of ``pairs`` (department, unit) for plan year ``year`` (see :func:`unit_filenames`)."""
    return unit_filenames(f"{PLAN_PREFIX} {year}", f"{PLAN_SHORT_PREFIX} {year}", pairs)


def file_name_words(year: int | str, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, int, bool]]:
    """What a template's file name may say about its unit, as (words, index in ``pairs``, exact).

    Exact: each template's own name without its prefix and year ('Hemtjänst Enskede-Årsta Äldreomsorg',
    numbered ones too); then, not exact, 'unit department' with any number of the department's first
    words, as people shorten or lengthen a name they rename (the caller keeps only those one unit has).
    """
    found = [(" ".join(name.rsplit(".", 1)[0].split("_")[2:]), n, True)
             for n, name in enumerate(plan_filenames(year, pairs))]
    for n, (department, unit) in enumerate(pairs):
        words = department.split()
        found += [(f"{unit} {' '.join(words[:end])}", n, False) for end in range(1, len(words) + 1) if unit]
    return found


def unit_filenames(prefix: str, short_prefix: str, pairs: Sequence[tuple[str, str]], suffix: str = ".xlsx",
                   limit: int = MAX_FILENAME) -> list[str]:
    """One file name per (department, unit) of ``pairs``, each at most ``limit`` characters and all different.

    The rule: ``<prefix>_<department>[_<unit>]<suffix>`` when that fits. Otherwise the short form,
    ``<short_prefix>_<unit>_<department>``: the unit first, the department shortened to its first term
    ('Äldreomsorg, funktionsnedsättning och …' → 'Äldreomsorg', 'Individ- och familjeomsorg' stays
    whole) with more of its words only where two names would otherwise be the same; a department
    without a unit stands alone. A name still too long is cut at a word; names that are still the
    same get a number (_2, _3 …) in the order of ``pairs``. ``prefix`` keeps the year
    ('Kompetensförsörjningsplan 2027', 'KFP 2027').
    """
    names = [safe_filename(" ".join(p for p in (prefix, department, unit) if p)) + suffix
             for department, unit in pairs]
    long = [n for n, name in enumerate(names) if len(name) > limit]
    taken = {name for n, name in enumerate(names) if n not in long}
    room = limit - len(suffix)
    words = {n: len(_first_term(pairs[n][0])) for n in long}
    while True:
        stems = {n: _short_stem(short_prefix, pairs[n], words[n], room) for n in long}
        clashes = Counter(stems.values())
        grow = [n for n in long if clashes[stems[n]] > 1 and words[n] < len(pairs[n][0].split())]
        if not grow:
            break
        for n in grow:
            words[n] += 1
    seen: Counter[str] = Counter()
    for n in long:
        stem = stems[n]
        seen[stem] += 1
        if seen[stem] > 1 or stem + suffix in taken:
            number = f"_{seen[stem] + (stem + suffix in taken)}"
            stem = _cut(stem, room - len(number)) + number
        names[n] = stem + suffix
    return names


def _first_term(department: str) -> list[str]:
    """The words of a department's first term: 'Individ- och familjeomsorg' whole, 'Äldreomsorg, …' one word."""
    words = department.split()
    end = 1
    while end < len(words) and (words[end - 1].endswith("-") or words[end - 1] in ("och", "eller")):
        end += 1
    return words[:end]


def _short_stem(short_prefix: str, pair: tuple[str, str], department_words: int, room: int) -> str:
    department, unit = pair
    shortened = " ".join(department.split()[:department_words]).rstrip(" ,;:.-")
    if not unit:
        return _cut(safe_filename(f"{short_prefix} {department}"), room)
    tail = "_" + safe_filename(shortened)
    head = safe_filename(f"{short_prefix} {unit}")
    return _cut(head, max(room - len(tail), len(short_prefix) + 1)) + tail


def _cut(stem: str, room: int) -> str:
    """``stem`` cut to ``room`` characters at the last word boundary ('_') that fits, without a trailing separator."""
    if len(stem) <= room:
        return stem
    cut = stem[:room]
    if "_" in cut and stem[room] != "_":
        cut = cut[: cut.rindex("_")]
    words = cut.rstrip("_-,. ").split("_")
    while len(words) > 1 and words[-1].casefold() in _SMALL_WORDS:
        words.pop()
    return "_".join(words).rstrip("_-,. ")


_SMALL_WORDS = frozenset({"och", "i", "med", "för", "av", "eller", "samt", "på", "till"})
"""Words a cut name does not end with ('… Bagarmossen och' → '… Bagarmossen')."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The permissions of a new file: 0o666 less the process umask, but always readable and writable by its owner.

    Pyodide 0.27 (xlwings Lite) reports a umask of 0o777, which would leave a file nobody can read.
    """
    return (0o666 & ~_umask()) | 0o600


TEMP_PREFIX = ".~kf-"
"""The name of every temporary file :func:`atomic_write` makes beside its target."""

STALE_AFTER = 3600
"""Seconds after which a temporary file beside a target is taken for one a killed run left behind."""


class WriteError(OSError):
    """An output file could not be written. ``str(error)`` is one Swedish sentence that says what happened
    and what to do; the operating system's own (English) text is in ``detail``."""

    def __init__(self, path: str | Path, message: str, cause: OSError | None = None) -> None:
        super().__init__(cause.errno if cause is not None else None, message, str(path))
        self.path = Path(path)
        self.message = message
        self.detail = str(cause) if cause is not None else ""

    def __str__(self) -> str:
        return self.message


def atomic_write(path: str | Path, write: Callable[[Path], None], overwrite: bool = True) -> Path:
    """Call ``write(tmp)`` for a temporary path beside ``path``, then move it into place.

    A reader never sees a half-written file, and a failure leaves any earlier file untouched: the
    temporary file is removed on every failure (temporaries a killed run left behind are removed by
    the next write into the folder). Without ``overwrite`` an existing ``path`` is never replaced:
    that is decided at the moment of the move (a hard link fails when the name is taken), so two runs
    started together cannot both write it; :class:`OutputExists` is raised then. Any OSError becomes a
    :class:`WriteError` with a Swedish message.
    """
    path = Path(path)
    if path.is_dir():
        raise WriteError(path, f"{path} är en mapp. Ange ett filnamn, till exempel {path / 'ut'}{path.suffix or '.xlsx'}"
                               ", eller ta bort mappen.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise WriteError(path, write_message(exc, path, "create"), exc) from exc
    tmp = Path(tmp_name)
    stage = "write"
    try:
        write(tmp)
        os.chmod(tmp, file_mode())  # mkstemp makes the file private; give it ordinary permissions
        stage = "replace"
        _move(tmp, path, overwrite)
    except BaseException as exc:
        close_files_of(exc, tmp)
        _remove(tmp)
        cause = os_error_in(exc)
        if cause is not None and not isinstance(exc, (WriteError, OutputExists)):
            raise WriteError(path, write_message(cause, path, stage), cause) from exc
        raise
    return path


def _move(tmp: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name is taken, at this very moment
    except FileExistsError:
        raise OutputExists(str(path)) from None
    except OSError:  # no hard links on this file system (FAT, some network shares)
        if os.name == "nt":
            try:
                os.rename(tmp, path)  # on Windows, rename refuses an existing target
            except FileExistsError:
                raise OutputExists(str(path)) from None
            return
        if path.exists():
            raise OutputExists(str(path)) from None
        os.replace(tmp, path)
        return
    _remove(tmp)


def close_files_of(exc: BaseException, path: Path) -> None:
    """Close what a library left open on ``path`` when ``exc`` interrupted it.

    XlsxWriter, openpyxl and python-docx open the file they are given as a ZipFile and leave it open when
    writing fails (a full disk). Left to the garbage collector, its close would fail again at exit and print
    an English "Exception ignored" traceback, and on Windows the temporary file could not be removed while
    it is open. The objects are found in the frames of the tracebacks of ``exc`` and of the errors it wraps.
    """
    name = str(path)
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        error = pending.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        pending += [e for e in (error.__cause__, error.__context__, *error.args[:1]) if isinstance(e, BaseException)]
        traceback = error.__traceback__
        while traceback is not None:
            for value in list(traceback.tb_frame.f_locals.values()):
                if (isinstance(value, zipfile.ZipFile) and value.filename == name) or \
                        (isinstance(value, io.IOBase) and getattr(value, "name", None) == name):
                    _close(value)
            traceback = traceback.tb_next


def _close(value: zipfile.ZipFile | io.IOBase) -> None:
    with contextlib.suppress(Exception):  # closing writes what is left: on a full disk that fails again
        value.close()
    handle = getattr(value, "fp", None)
    if handle is not None:
        with contextlib.suppress(Exception):
            handle.close()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # else removed by the next write into the folder (remove_stale)
        path.unlink(missing_ok=True)


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed run left in ``folder`` (older than :data:`STALE_AFTER`); return them."""
    now = time.time() if now is None else now
    removed = []
    try:
        with os.scandir(folder) as entries:
            stale = [Path(e.path) for e in entries if e.name.startswith(TEMP_PREFIX) and e.is_file(follow_symlinks=False)
                     and now - e.stat(follow_symlinks=False).st_mtime > STALE_AFTER]
    except OSError:
        return removed
    for path in stale:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc``: itself, the error a library wrapped (XlsxWriter's FileCreateError holds it
    as its argument), or its explicit cause."""
    if isinstance(exc, OSError):
        return exc
    for inner in (*exc.args[:1], exc.__cause__):
        if isinstance(inner, OSError):
            return inner
    return None


_LOCKED = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}
_FULL = {errno.ENOSPC, errno.EDQUOT} if hasattr(errno, "EDQUOT") else {errno.ENOSPC}
_WINDOWS_LOCKED = {5, 32, 33}
"""ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: the file is open in Excel."""
_WINDOWS_TOO_LONG = {206, 3}
"""ERROR_FILENAME_EXCED_RANGE, and ERROR_PATH_NOT_FOUND that a path over 260 characters gives."""


def write_message(exc: OSError, path: str | Path, stage: str = "write") -> str:
    """One Swedish sentence for ``exc`` raised while writing ``path``: what happened and what to do.

    ``stage`` is where it happened: 'create' (the folder, the temporary file), 'write' (the content) or
    'replace' (the finished file moved into place; on Windows a file open in Excel fails here)."""
    path = Path(path)
    name, folder = path.name, path.parent
    code, winerror = exc.errno, getattr(exc, "winerror", None)
    if code in _FULL:
        return f"Disken är full: {name} kunde inte skrivas i {folder}. Frigör utrymme eller välj en annan mapp och " \
               "kör kommandot igen."
    if code == errno.EROFS:
        return f"Mappen {folder} är skrivskyddad (enheten kan bara läsas): {name} kunde inte skrivas. Välj en " \
               "annan mapp."
    if code == errno.ENAMETOOLONG or winerror in _WINDOWS_TOO_LONG:
        return f"Sökvägen {path} är för lång. Välj en mapp närmare enhetens rot eller ett kortare namn."
    if stage == "replace" and (code in _LOCKED or winerror in _WINDOWS_LOCKED):
        return f"{name} är öppen i ett annat program och kan inte skrivas över. Stäng {name} i Excel och kör " \
               "kommandot igen."
    if code in _LOCKED:
        return f"Mappen {folder} är skrivskyddad: du har inte behörighet att skriva {name} där. Välj en annan mapp " \
               "eller be om behörighet."
    if isinstance(exc, IsADirectoryError):
        return f"{path} är en mapp. Ange ett filnamn eller ta bort mappen."
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return f"{_file_in(path)} är en fil, inte en mapp, så {name} kan inte skrivas där. Ange en mapp."
    if isinstance(exc, FileNotFoundError):
        return f"Mappen {folder} finns inte längre eller kan inte nås. Kontrollera mappen och kör kommandot igen."
    if code == errno.EIO:
        return f"Skrivfel på disken när {name} skrevs. Kontrollera disken eller nätverksanslutningen och kör " \
               "kommandot igen."
    label = errno.errorcode.get(code, str(code)) if code is not None else type(exc).__name__
    return f"{name} kunde inte skrivas i {folder} (systemfel {label}). Kontrollera mappen och kör kommandot igen."


def _file_in(path: Path) -> Path:
    """The first part of ``path``'s folders that is a file (or the folder itself when none is)."""
    for parent in reversed(path.parents):
        if parent.is_file():
            return parent
    return path.parent


def os_error_message(exc: OSError) -> str:
    """One Swedish sentence for an OSError that escaped a command (reading or writing)."""
    if isinstance(exc, WriteError):
        return exc.message
    where = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileNotFoundError):
        return f"Hittar inte {where}. Kontrollera namnet och mappen." if where else "En fil saknas."
    if isinstance(exc, PermissionError):
        return f"Du har inte behörighet att öppna {where}. Kontrollera behörigheten eller välj en annan fil." \
            if where else "Behörighet saknas för en fil eller mapp."
    if where:
        return write_message(exc, where)
    label = errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno is not None else type(exc).__name__
    return f"Ett fel i filsystemet (systemfel {label}) stoppade kommandot. Kontrollera mapparna och kör igen."


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML file cannot hold (control characters other than tab and line
    breaks, unpaired surrogates, U+FFFE, U+FFFF). Every writer (openpyxl, XlsxWriter, Word) cleans text
    with this one function."""
    return _XML_ILLEGAL.sub("", text)


def has_xml_illegal(text: str) -> bool:
    """True when :func:`xml_safe` would change ``text``."""
    return _XML_ILLEGAL.search(text) is not None


FORMULA_PREFIXES = ("=", "+", "-", "@")


def set_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell so that text stays text.

    openpyxl turns a string starting with '=' into a live formula; text a user typed must never
    become one, so such strings are stored with the string type, and characters XML cannot hold are
    removed (:func:`xml_safe`). Other values are written as is.
    """
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"


class OutputExists(Exception):
    """The output file exists and ``force`` was not given."""


def refuse_overwrite(out: Path, force: bool) -> None:
    """Raise :class:`OutputExists` when ``out`` exists and ``force`` was not given (checked again by
    :func:`atomic_write` when the file is moved into place)."""
    if out.exists() and not force:
        raise OutputExists(str(out))
