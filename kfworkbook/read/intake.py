"""Taking in what HR gives: every file reached from the paths (each once), then reading them all.

:func:`collect` decides which files are checked, which are skipped and how messages name each file;
:func:`read_plans` reads the files into :class:`~kfworkbook.read.workbook.Workbook` objects, in
parallel processes when there are many and cores to spare. Every command that takes folders of plans
or follow-ups (validate, merge, dokument, uppfoljning, template --prefill) starts here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, file: str | Path) -> str:
        """How messages name ``file``."""
        label = self.labels.get(str(file))
        return label if label is not None else Path(file).name


def collect(paths: Iterable[str | Path]) -> Intake:
    """Expand folders into the files they hold, each file once, in a stable order.

    Files named explicitly are always checked (a lock file or .xls then gets its own issue). In
    folders, workbooks (.xlsx, .xlsm, .ods) and spreadsheets we cannot read (.xls, .xlsb, …) are
    checked, the latter so that each gets an issue that says to save as .xlsx; lock files and other
    files (.pdf, .docx, images) are listed as skipped. A file reached twice (a folder and its
    subfolder, or the same path twice) is taken once.
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
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            label = child.resolve().relative_to(root.resolve()).as_posix()
            name, suffix = child.name, child.suffix.lower()
            is_plan = suffix in (*PLAN_SUFFIXES, *OTHER_SPREADSHEETS) and not name.startswith((*LOCK_PREFIXES, "."))
            _take(intake, seen, child, label, checked=is_plan)
    return intake


def _outermost(folder: Path, folders: list[Path]) -> Path:
    resolved = folder.resolve()
    outer = [f for f in folders if resolved.is_relative_to(f.resolve())]
    return min(outer, key=lambda f: len(f.resolve().parts), default=folder)


def _take(intake: Intake, seen: set[Path], path: Path, label: str, checked: bool) -> None:
    try:
        key = path.resolve()
    except OSError:
        key = path.absolute()
    if key in seen:
        return
    seen.add(key)
    (intake.files if checked else intake.skipped).append(path)
    intake.labels[str(path)] = label


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
