"""How long the paths of the files kfworkbook writes get in the folders HR and managers use on Windows.

Excel opens a workbook only when its full path has at most :data:`EXCEL_PATH_LIMIT` characters, and
HR keeps the files in OneDrive or SharePoint folders whose own path is already long. ``config check``
shows the longest path a template or follow-up of a configuration gets in such a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PureWindowsPath

from ..config import Config
from ..forms.spec import PERIODS
from .follow_up import follow_up_filename
from .plan import template_filename

EXCEL_PATH_LIMIT = 218
"""The longest full path (folder and file name) Excel opens a workbook from."""

ONEDRIVE_FOLDER = r"C:\Users\anna.andersson\OneDrive - Stockholms stad\Dokument\KFP {year}"
"""A usual folder in a förvaltning's OneDrive (about 70 characters); ``{year}`` is the plan year."""

TEMPLATE_FOLDER, FOLLOW_UP_FOLDER = "mallar", "uppfoljning"
"""The folders ``template`` and ``uppfoljning`` write to by default."""


@dataclass(frozen=True)
class PathReport:
    """The paths of a configuration's files in ``folder``: the longest, and those Excel cannot open."""

    folder: str
    longest: str
    too_long: tuple[str, ...]

    @property
    def length(self) -> int:
        """Characters in the longest path."""
        return len(self.longest)


def output_paths(config: Config, folder: str | None = None) -> list[str]:
    """Every template (in mallar\\) and follow-up (in uppfoljning\\) of ``config`` as a Windows path under ``folder``.

    ``folder`` defaults to :data:`ONEDRIVE_FOLDER` for the plan year.
    """
    base = PureWindowsPath(folder or ONEDRIVE_FOLDER.format(year=config.plan_year))
    units = config.plan_units()
    paths = [base / TEMPLATE_FOLDER / template_filename(config, u) for u in units]
    paths += [base / FOLLOW_UP_FOLDER / follow_up_filename(config, u, p) for u in units for p in PERIODS]
    return [str(p) for p in paths]


def check_paths(config: Config, folder: str | None = None) -> PathReport:
    """The longest path of :func:`output_paths` and every path longer than :data:`EXCEL_PATH_LIMIT`."""
    paths = output_paths(config, folder)
    longest = max(paths, key=len)
    return PathReport(folder or ONEDRIVE_FOLDER.format(year=config.plan_year), longest,
                      tuple(p for p in paths if len(p) > EXCEL_PATH_LIMIT))
