"""The annotated copies of a whole ``validate --annotate`` run: one per plan with issues, each in its place.

A plan that cannot be copied (openpyxl cannot open it, or the folder cannot be written) is one Swedish
line and the run goes on; :mod:`kfworkbook.output.copies` says where each copy goes and what it starts
from, :mod:`kfworkbook.output.annotate` marks it up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import WriteError
from ..issues import Report
from .annotate import annotate
from .copies import CopyError, copy_names


@dataclass
class Copies:
    """What :func:`annotate_all` did: the copies written, a Swedish line for each plan that got none though
    it should have, and whether one failed because the folder could not be written (a write fault)."""

    written: list[Path] = field(default_factory=list)
    not_written: list[str] = field(default_factory=list)
    write_fault: bool = False


class CopiesRefused(Exception):
    """No copy was written: one would have replaced an original. ``str(error)`` is the Swedish message."""


def annotate_all(files: Sequence[Path], reports: Sequence[Report], label: Callable[[Path], str],
                 folder: str | Path) -> Copies:
    """Write the annotated copy of every plan with issues into ``folder`` (see
    :func:`kfworkbook.output.annotate.annotate`), keeping each plan's place under the folder it was found in
    (``label``). A plan that cannot be copied is one line of :attr:`Copies.not_written`, and the others are
    still written; nothing is written when a copy would replace an original (:class:`CopiesRefused`)."""
    folder = Path(folder)
    names = copy_names(files, label)
    for path, name in names.items():
        if (folder / name).resolve() == path.resolve():
            raise CopiesRefused(f"Välj en annan mapp än {folder} för --annotate: originalfilerna ligger där.")
    copies = Copies()
    for path, report in zip(files, reports, strict=True):
        try:
            copy = annotate(report, path, folder, names[path])
        except CopyError as exc:
            copies.not_written.append(f"Kunde inte skriva en kopia med anmärkningar av {label(path)}: {exc}.")
            continue
        except WriteError as exc:
            copies.not_written.append(f"Kunde inte skriva en kopia med anmärkningar av {label(path)}. {exc}")
            copies.write_fault = True
            continue
        if copy is not None:
            copies.written.append(copy)
    return copies
