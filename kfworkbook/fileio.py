"""Writing output files safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import os
import re
import tempfile
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
