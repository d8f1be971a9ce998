"""The follow-up of a period as a Word document, in the plan document's style (``kfworkbook dokument``).

Written from the same :class:`~kfworkbook.summary.model.Summary` the follow-up report is written from,
with the document kit (:mod:`kfworkbook.output.docx`): Word's styles, the table style, A4 pages and a
table of contents.
"""

from __future__ import annotations

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
from ..summary.model import Summary
from .docx import TEXT_WIDTH_CM, add_table, new_document


def build_follow_up_document(summary: Summary, template: str | Path | None = None) -> Document:
    """The follow-up document of ``summary.period``: summary, status per department, delayed and cancelled
    (under the configuration's own status names)."""
    config, totals = summary.config, summary.totals
    document, style = new_document(f"{report_title(summary)} – {config.forvaltning}", config.forvaltning, template)
    document.add_heading("1. Sammanfattning", level=1)
    document.add_paragraph(
        f"Uppföljning av kompetensförsörjningsplanen vid {PERIOD_NAMES[summary.period].lower()} "
        f"{config.plan_year}: {totals['handed_in']} av {totals['expected']} uppföljningar inlämnade med "
        f"{totals['activities']} aktiviteter (sammanställt {summary.made_at:%Y-%m-%d}).")
    if summary.accounts is not None:
        f = summary.accounts.figures()
        why = ", ".join(f"{REASONS[r]} {f[r]}" for r in REASONS if f[r])
        document.add_paragraph(
            f"Av de {f['approved']} aktiviteterna i de godkända planerna har {f['answered']} svar, "
            f"{f['unanswered']} saknar svar{f' ({why})' if why else ''} och {f['removed_by_hr']} är borttagna av HR.")
    shares = completion(summary)
    rows = [(str(label), int(v[DUE]), int(v[COMPLETED]), f"{round(100 * v[SHARE])} %") for label, v in shares.iterrows()]
    add_table(document, style, ("Avdelning", DUE, COMPLETED, SHARE), rows, bold_last=True, widths=(7.0, 3.2, 3.2, 3.2))
    document.add_heading("2. Aktiviteter per avdelning och status", level=1)
    statuses = by_status(summary, "Avdelning")
    rows = [(str(label), *map(int, values)) for label, values in statuses.iterrows()]
    count = len(statuses.columns)
    add_table(document, style, ("Avdelning", *map(str, statuses.columns)), rows, bold_last=True, size=8,
             widths=(3.4, *[(TEXT_WIDTH_CM - 3.4) / count] * count))
    document.add_heading(f"3. Avvikelser: {listed_heading(config)}", level=1)
    listed = delayed_and_cancelled(summary)
    if listed.empty:
        names = listed_statuses(config)
        document.add_paragraph(f"Ingen aktivitet har status {or_list(names)}." if names else
                               "Konfigurationen har ingen status som betyder försenad eller utgår.")
    for department, part in listed.groupby("Avdelning", sort=False):
        document.add_heading(str(department), level=2)
        rows = [(r["Aktivitet – hur gör vi det?"], format_date(r["Måldatum"]), r["Status"],
                 format_date(r["Nytt måldatum"]), r["Kommentar"] or "")
                for r in part.astype(object).where(part.notna(), None).to_dict("records")]
        add_table(document, style, ("Aktivitet", "Måldatum", "Status", "Nytt måldatum", "Kommentar"), rows, size=9,
                 widths=(6.0, 2.3, 2.2, 2.3, 3.8))
    return document
