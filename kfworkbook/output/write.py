"""Writing a :class:`~kfworkbook.summary.model.Summary`: the entry point of the output stage and its registries.

``WRITERS[form.kind]`` writes the workbook of a summary's form (the summary workbook of the plans, or
the follow-up report of a period) and ``DOCUMENTS[form.kind]`` builds its Word document; a new form or
output is one more entry here and a module beside this one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from ..fileio import atomic_write, refuse_overwrite
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..summary.model import Summary
from .follow_up_document import build_follow_up_document
from .follow_up_workbook import write_follow_up_report
from .plan_document import build_document
from .summary_workbook import write_summary

WRITERS: dict[str, Callable[..., Path]] = {PLAN_KIND: write_summary, FOLLOW_UP_KIND: write_follow_up_report}
"""The workbook writer of each form: ``writer(summary, out, force=...)``, by :attr:`Form.kind`."""
DOCUMENTS: dict[str, Callable[[Summary, str | Path | None], Document]] = {
    PLAN_KIND: build_document, FOLLOW_UP_KIND: build_follow_up_document}
"""The Word document of each form: ``build(summary, template)``, by :attr:`Form.kind`."""


def write_workbook(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the workbook of ``summary``'s form to ``out`` (atomically); refuse to replace a file unless ``force``."""
    return WRITERS[summary.form.kind](summary, out, force=force)


def write_document(summary: Summary, out: str | Path, template: str | Path | None = None,
                   force: bool = False) -> Document:
    """Write the Word document of ``summary``'s form to ``out`` (atomically) and return it; refuse to replace a
    file unless ``force``. ``template`` is the förvaltning's own .docx to start from."""
    out = Path(out)
    refuse_overwrite(out, force)
    document = DOCUMENTS[summary.form.kind](summary, template)
    atomic_write(out, lambda tmp: document.save(str(tmp)), overwrite=force)
    return document
