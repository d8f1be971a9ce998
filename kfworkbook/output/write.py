"""Writing a :class:`~kfworkbook.summary.model.Summary` as a workbook: an entry point of the output stage and its
registry.

``WRITERS[form.kind]`` writes the workbook of a summary's form (the summary workbook of the plans, or the
follow-up report of a period); its Word document is :mod:`kfworkbook.output.document`'s (``DOCUMENTS``), a
module of its own so that a merge never imports python-docx. A new form or output is one more entry in a
registry and a module beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..summary.model import Summary
from .follow_up_workbook import write_follow_up_report
from .summary_workbook import write_summary

WRITERS: dict[str, Callable[..., Path]] = {PLAN_KIND: write_summary, FOLLOW_UP_KIND: write_follow_up_report}
"""The workbook writer of each form: ``writer(summary, out, force=...)``, by :attr:`Form.kind`."""


def write_workbook(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the workbook of ``summary``'s form to ``out`` (atomically); refuse to replace a file unless ``force``."""
    return WRITERS[summary.form.kind](summary, out, force=force)
