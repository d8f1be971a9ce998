"""The follow-up of a period as a Word document, in the plan document's style (``kfworkbook dokument``).

Written from the same :class:`~kfworkbook.summary.model.Summary` the follow-up report is written from,
with the document kit (:mod:`kfworkbook.output.docx`): Swedish, Word's styles, the table style, A4 pages
and a table of contents. HR's own text (``--inledning``) comes first when given; the tables that need the
room (status per department, the delayed and cancelled activities with their unit) stand on landscape
pages; the units that did not answer and the files not counted are in an appendix for HR.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document

from ..forms.columns import or_list
from ..forms.follow_up import REASONS
from ..forms.spec import PERIOD_NAMES
from ..summary.chapters import format_date
from ..summary.follow_up import (
    COMPLETED,
    DUE,
    SHARE,
    by_status,
    completion,
    delayed_and_cancelled,
    listed_heading,
    listed_statuses,
    report_title,
)
from ..summary.model import MISSING, Summary
from .docx import (
    add_table,
    fit_widths,
    landscape_section,
    new_document,
    note,
    percent_text,
    portrait_section,
    text_width,
)
from .docx_stream import StreamedDocument
from .docx_text import Block, introduction_chapter, read_introduction

TABLE_PT = 9.0
LISTED = ("Enhet", "Aktivitet", "Måldatum", "Status", "Nytt måldatum", "Kommentar")


def build_follow_up_document(summary: Summary, template: str | Path | None = None,
                             introduction: str | Path | Sequence[Block] | None = None,
                             appendix: bool = True) -> Document:
    """The follow-up document of ``summary.period``: summary, status per department, delayed and cancelled,
    with HR's ``introduction`` first when given and the intake for HR in an appendix (unless ``appendix`` is
    False)."""
    config, totals = summary.config, summary.totals
    blocks = read_introduction(introduction) if isinstance(introduction, (str, Path)) else introduction
    document, style = new_document(report_title(summary), config.forvaltning, template, subtitle=config.forvaltning)
    number = 1
    if blocks:
        introduction_chapter(document, style, f"Kompetensförsörjningen vid {PERIOD_NAMES[summary.period].lower()}",
                             blocks, None)
        number += 1
    document.add_heading(f"{number}. Sammanfattning", level=1)
    document.add_paragraph(
        f"Uppföljning av kompetensförsörjningsplanen vid {PERIOD_NAMES[summary.period].lower()} "
        f"{config.plan_year}: {totals['activities']} aktiviteter i {totals['handed_in']} uppföljningar.")
    if summary.accounts is not None:
        f = summary.accounts.figures()
        why = ", ".join(f"{REASONS[r]} {f[r]}" for r in REASONS if f[r])
        document.add_paragraph(
            f"Av de {f['approved']} aktiviteterna i de godkända planerna har {f['answered']} svar, "
            f"{f['unanswered']} saknar svar{f' ({why})' if why else ''} och {f['removed_by_hr']} är borttagna av HR.")
    shares = completion(summary)
    rows = [(str(label), int(v[DUE]), int(v[COMPLETED]), percent_text(100 * v[SHARE])) for label, v in shares.iterrows()]
    headers = ("Avdelning", DUE, COMPLETED, SHARE)
    add_table(document, style, headers, rows, bold_last=True, size=TABLE_PT,
              widths=fit_widths(headers, rows, text_width(document.sections[-1]), TABLE_PT))
    width = landscape_section(document)
    document.add_heading(f"{number + 1}. Aktiviteter per avdelning och status", level=1)
    statuses = by_status(summary, "Avdelning")
    rows = [(str(label), *map(int, values)) for label, values in statuses.iterrows()]
    headers = ("Avdelning", *map(str, statuses.columns))
    add_table(document, style, headers, rows, bold_last=True, size=TABLE_PT,
              widths=fit_widths(headers, rows, width, TABLE_PT) or fit_widths(headers, rows, width, 7.5))
    document.add_heading(f"{number + 2}. Avvikelser: {listed_heading(config)}", level=1)
    listed = delayed_and_cancelled(summary)
    if listed.empty:
        names = listed_statuses(config)
        document.add_paragraph(f"Ingen aktivitet har status {or_list(names)}." if names else
                               "Konfigurationen har ingen status som betyder försenad eller utgår.")
    parts = {str(department): [(r["Enhet"] or "Avdelningsgemensamt", r["Aktivitet – hur gör vi det?"],
                                format_date(r["Måldatum"]), r["Status"], format_date(r["Nytt måldatum"]),
                                r["Kommentar"] or "")
                               for r in part.astype(object).where(part.notna(), None).to_dict("records")]
             for department, part in listed.groupby("Avdelning", sort=False)}
    every = [row for rows in parts.values() for row in rows]  # one set of widths: the columns line up
    widths = fit_widths(LISTED, every, width, TABLE_PT) or [w * width / 25.0 for w in (4.0, 7.0, 2.4, 2.6, 2.6, 6.4)]
    for department, rows in parts.items():
        document.add_heading(department, level=2)
        add_table(document, style, LISTED, rows, size=TABLE_PT, widths=widths)
    if appendix:
        _appendix(document, summary, style)
    return document


def stream_follow_up_document(summary: Summary, template: str | Path | None = None,
                              introduction: str | Path | Sequence[Block] | None = None,
                              appendix: bool = True) -> StreamedDocument:
    """The follow-up document of :func:`build_follow_up_document`, for :func:`~kfworkbook.output.write.write_document`
    (its tables are small enough to be built in memory)."""
    return StreamedDocument(build_follow_up_document(summary, template, introduction=introduction, appendix=appendix))


def _appendix(document: Document, summary: Summary, style: str) -> None:
    """For HR: the units that did not answer and every file not simply counted."""
    portrait_section(document)
    document.add_heading("Bilaga. Inlämning", level=1)
    totals = summary.totals
    document.add_paragraph(f"{totals['handed_in']} av {totals['expected']} uppföljningar är inlämnade "
                           f"(sammanställt {summary.made_at:%Y-%m-%d}). Bilagan är underlag för HR och kan lämnas "
                           "utanför dokumentet (kfworkbook dokument --utan-bilaga).")
    subs = summary.submissions
    missing = subs[subs["Status"] == MISSING] if len(subs) else subs
    if len(missing):
        note(document, "Ingen uppföljning från:")
        for department, unit in zip(missing["Avdelning"], missing["Enhet"], strict=True):
            document.add_paragraph(f"{department} – {unit}" if isinstance(unit, str) and unit else str(department),
                                   style="List Bullet")
    for line in summary.notes:
        document.add_paragraph(line, style="List Bullet")
