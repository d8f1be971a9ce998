"""Writing the Word document of a :class:`~kfworkbook.summary.model.Summary`: an entry point of the output stage and
its registry.

``DOCUMENTS[form.kind]`` builds the document of a summary's form (the plan document, or the follow-up
document of a period), its large tables streamed when it is saved (:mod:`kfworkbook.output.docx_stream`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from docx.document import Document

from ..fileio import atomic_write, refuse_overwrite
from ..forms.spec import FOLLOW_UP_KIND, PLAN_KIND
from ..summary.model import Summary
from .docx_stream import StreamedDocument
from .docx_text import Block
from .follow_up_document import stream_follow_up_document
from .plan_document import stream_document

DOCUMENTS: dict[str, Callable[..., StreamedDocument]] = {PLAN_KIND: stream_document,
                                                         FOLLOW_UP_KIND: stream_follow_up_document}
"""The Word document of each form: ``build(summary, template, introduction=..., appendix=...)``, by :attr:`Form.kind`,
its large tables streamed when it is saved."""


def write_document(summary: Summary, out: str | Path, template: str | Path | None = None,
                   force: bool = False, introduction: str | Path | Sequence[Block] | None = None,
                   appendix: bool = True) -> Document:
    """Write the Word document of ``summary``'s form to ``out`` (atomically) and return it; refuse to replace a
    file unless ``force``. ``template`` is the förvaltning's own .docx to start from, ``introduction`` HR's own
    chapter 1 (a Markdown or .docx file, or its blocks from :func:`kfworkbook.output.docx_text.read_introduction`);
    ``appendix`` False leaves the intake for HR out.

    The large tables (the plan document's activity rows) are written as a stream and are not in the returned
    python-docx document (their header rows are): memory stays small at any size. Open the file written to read
    them, or build the whole document in memory with ``build_document``."""
    out = Path(out)
    refuse_overwrite(out, force)
    streamed = DOCUMENTS[summary.form.kind](summary, template, introduction=introduction, appendix=appendix)
    atomic_write(out, streamed.save, overwrite=force)
    return streamed.release()
