"""Taking in what HR gives: every file reached from the paths (each once), then reading them all.

:func:`collect` decides which files are checked, which are skipped and how messages name each file;
:func:`read_plans` reads the files into :class:`~kfworkbook.read.workbook.Workbook` objects, in
parallel processes when there are many and cores to spare. Every command that takes folders of plans
or follow-ups (validate, merge, dokument, uppfoljning, template --prefill) starts here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import TEMP_PREFIX
from .workbook import Workbook, read_plan

PLAN_SUFFIXES = (".xlsx", ".xlsm", ".ods")


OTHER_SPREADSHEETS = (".xls", ".xlsb", ".xltx", ".xltm", ".numbers", ".ots", ".fods")
"""Spreadsheets we cannot read as plans: taken from folders all the same, so that each gets an issue."""


LOCK_PREFIXES = ("~$", ".~lock.")


@dataclass
class Intake:
    """Every file reached from the paths given: the ones to check, the ones skipped, and their labels.

    ``labels`` maps each file (as ``str(path)``) to how messages name it: its path relative to the
    folder it was found in (the outermost, when folders nest), or its name for a file given as such.
    A link is named by where it stands, never by where it points. ``reasons`` says in Swedish why a
    skipped entry was not read, where that is more than "no plan" (a link to a folder, a folder that
    cannot be opened).
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def label(self, file: str | Path) -> str:
        """How messages name ``file``."""
        label = self.labels.get(str(file))
        return label if label is not None else Path(file).name

    def reason(self, path: str | Path) -> str:
        """Why ``path`` was skipped, as the words in brackets after 'Hoppade över …'."""
        return skip_reason(path, self.reasons)


def skip_reason(path: str | Path, reasons: dict[str, str]) -> str:
    """Why ``path`` was skipped: its reason in ``reasons``, else 'låsfil, ingen plan' or 'ingen plan'."""
    reason = reasons.get(str(path))
    if reason:
        return reason
    return "låsfil, ingen plan" if Path(path).name.startswith(LOCK_PREFIXES) else "ingen plan"


LINK_TO_FOLDER = "genväg till en mapp, följs inte"
BROKEN_LINK = "genväg som inte pekar på någon fil"
NOT_A_FILE = "ingen vanlig fil"
FOLDER_DENIED = "mappen kunde inte öppnas: behörighet saknas"
FOLDER_FAILED = "mappen kunde inte läsas"
UNFINISHED = "ofärdig fil från en avbruten körning av kfworkbook"


def collect(paths: Iterable[str | Path]) -> Intake:
    """Expand folders into the files they hold, each file once, in a stable order.

    Files named explicitly are always checked (a lock file or .xls then gets its own issue). In
    folders, workbooks (.xlsx, .xlsm, .ods) and spreadsheets we cannot read (.xls, .xlsb, …) are
    checked, the latter so that each gets an issue that says to save as .xlsx; lock files and other
    files (.pdf, .docx, images) are listed as skipped. A file reached twice (a folder and its
    subfolder, the same path twice, or a link to a file that is also in the folder) is taken once.

    Links inside folders are followed only when they point at a file; a link to a folder is
    skipped (so a link cannot loop), and so is a folder that cannot be opened, each with its reason.
    A broken link named like a workbook is checked, so that it gets its own issue.
    """
    given = [Path(p) for p in paths]
    folders = [p for p in given if p.is_dir()]
    intake = Intake()
    seen: set[Path] = set()
    for path in given:
        if not path.is_dir():
            _take(intake, seen, path, path.name, checked=True)
            continue
        root = _outermost(path, folders)
        try:
            prefix = path.resolve().relative_to(root.resolve()).as_posix()
        except (OSError, ValueError):
            prefix = "."
        for child, label, reason in _walk(path, "" if prefix == "." else prefix + "/"):
            if child.name.startswith(TEMP_PREFIX) and not reason:
                reason = UNFINISHED
            if reason:
                _take(intake, seen, child, label, checked=False, reason=reason)
                continue
            name, suffix = child.name, child.suffix.lower()
            is_plan = suffix in (*PLAN_SUFFIXES, *OTHER_SPREADSHEETS) and not name.startswith((*LOCK_PREFIXES, "."))
            _take(intake, seen, child, label, checked=is_plan)
    return intake


def _walk(folder: Path, prefix: str) -> Iterator[tuple[Path, str, str]]:
    """(path, label, reason) of every entry under ``folder`` that is a file or cannot be taken, sorted by
    path; ``reason`` is '' for a regular file (or a link to one) and says why the others are skipped.
    Subfolders are entered once each (by device and inode), links to folders never."""
    visited: set[tuple[int, int]] = set()
    found: list[tuple[str, Path, str]] = []
    pending: list[tuple[Path, str]] = [(folder, prefix)]
    while pending:
        current, rel = pending.pop()
        try:
            identity = os.stat(current)
            if (identity.st_dev, identity.st_ino) in visited:
                continue
            visited.add((identity.st_dev, identity.st_ino))
            with os.scandir(current) as entries:
                listed = list(entries)
        except PermissionError:
            found.append((rel, current, FOLDER_DENIED))
            continue
        except OSError:
            found.append((rel, current, FOLDER_FAILED))
            continue
        for entry in listed:
            path, label = Path(entry.path), rel + entry.name
            reason = _entry_reason(entry)
            if reason is None:  # a real folder
                pending.append((path, label + "/"))
            else:
                found.append((label, path, reason))
    found.sort(key=lambda item: item[1])  # as Path: parts in order, as the file list always was
    for label, path, reason in found:
        yield path, label.rstrip("/") or path.name, reason


def _entry_reason(entry: os.DirEntry) -> str | None:
    """None for a folder to enter, '' for a file to take, else why the entry is skipped."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return None
        if not entry.is_symlink():
            return "" if entry.is_file(follow_symlinks=False) else NOT_A_FILE
        target = os.stat(entry.path)  # follows the link: ELOOP for a loop, ENOENT for a broken link
    except OSError:
        target = None
    if target is None:
        suffix = Path(entry.name).suffix.lower()
        return "" if suffix in (*PLAN_SUFFIXES, *OTHER_SPREADSHEETS) else BROKEN_LINK
    if stat.S_ISDIR(target.st_mode):
        return LINK_TO_FOLDER
    return "" if stat.S_ISREG(target.st_mode) else NOT_A_FILE


def displayable(name: str) -> str:
    """A file name as messages can show it: bytes that are not UTF-8 (Python keeps them as lone surrogates,
    which no console, workbook or document can hold) become U+FFFD, control characters (a line break in a
    name) a space."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("utf-8", errors="replace")
    return "".join(" " if ord(c) < 32 or c == "\x7f" else c for c in name)


def _outermost(folder: Path, folders: list[Path]) -> Path:
    resolved = folder.resolve()
    outer = [f for f in folders if resolved.is_relative_to(f.resolve())]
    return min(outer, key=lambda f: len(f.resolve().parts), default=folder)


def _take(intake: Intake, seen: set[Path], path: Path, label: str, checked: bool, reason: str = "") -> None:
    try:
        key = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        key = path.absolute()
    if key in seen:
        return
    seen.add(key)
    (intake.files if checked else intake.skipped).append(path)
    intake.labels[str(path)] = displayable(label)
    if reason:
        intake.reasons[str(path)] = reason


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to check, files skipped) of :func:`collect`."""
    intake = collect(paths)
    return intake.files, intake.skipped


PARALLEL_FROM = 40
"""Read in parallel processes from this many files on (below it, process start-up costs more)."""


PARALLEL_CORES = 4
"""Read in parallel processes by default only on machines with at least this many cores."""


Progress = Callable[[int, int], None]


def read_plans(files: Sequence[Path], workers: int | None = None, progress: Progress | None = None) -> list[Workbook]:
    """Read ``files`` into plans, in order; in parallel processes when there are many and cores to spare.

    By default, reading is sequential below :data:`PARALLEL_CORES` cores: on two cores the worker
    processes lose to one reader (pickling plans back costs ~0.5 s per 1,000 plans, and the cores are
    shared with the validation that follows).
    """
    cores = os.cpu_count() or 1
    workers = workers if workers is not None else (min(4, cores) if cores >= PARALLEL_CORES else 1)
    total = len(files)
    if workers <= 1 or total < PARALLEL_FROM:
        plans = []
        for done, path in enumerate(files, start=1):
            plans.append(read_plan(path))
            if progress:
                progress(done, total)
        return plans
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(50, total // (workers * 4)))
    plans = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, plan in enumerate(pool.map(read_plan, files, chunksize=chunk), start=1):
            plans.append(plan)
            if progress and (done % chunk == 0 or done == total):
                progress(done, total)
    return plans
