"""Writing the follow-up report of a period ('Uppföljning T1 2022') with XlsxWriter.

The same kit as the summary workbook (:mod:`kfworkbook.output.xlsx`): Översikt with the share
completed and a chart, the crosstabs per department and per UBARA step and status, the delayed and
cancelled activities, every activity with its latest answer, Inlämning and Valideringsfel. What is
counted comes from :mod:`kfworkbook.summary.follow_up`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from .. import collector
from .. import printing as P
from ..fileio import atomic_write, refuse_overwrite
from ..forms import columns as C
from ..forms.spec import PERIOD_NAMES
from ..summary.follow_up import (
    COMPLETED,
    DUE,
    SHARE,
    by_status,
    completion,
    delayed_and_cancelled,
    listed_heading,
    report_title,
)
from ..summary.model import Summary
from .xlsx import (
    ISSUE_KEYS,
    SUBMISSION_PRINTED,
    Formats,
    chart_on_its_page,
    crosstab_sheet,
    issue_widths,
    new_workbook,
    page_setup,
    split_note,
    split_sheets,
    stacked_chart,
    submission_widths,
    table_sheets,
    text_row,
    title_row,
    write_value,
)
from .xlsxzip import quick_zip

SHEETS = {"overview": "Översikt", "by_department": "Per avdelning och status", "by_step": "Per steg och status",
          "delayed": "Avvikelser", "activities": "Aktiviteter", "submissions": "Inlämning",
          "issues": "Valideringsfel"}
"""The sheets of the report. 'Avvikelser' lists the activities with a delayed or cancelled status, in the
configuration's words (its title names the statuses: 'Försenad och Utgår', 'Försenad, Senarelagd och Avbruten')."""
ACCOUNT_FIGURES = (("Aktiviteter i de godkända planerna", "approved"), ("Med svar", "answered"),
                   ("Utan svar", "unanswered"), ("– ingen uppföljning inlämnad", "not_returned"),
                   ("– uppföljningen kunde inte läsas", "unreadable"), ("– raden borttagen", "deleted"),
                   ("– Aktivitets-ID ändrat", "id_changed"), ("Borttagna av HR", "removed_by_hr"),
                   ("Tillagda rader (räknas inte)", "added_rows"))
"""The account of the period on Översikt: approved = answered + without an answer + removed by HR."""


def write_follow_up_report(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the follow-up report to ``out`` (atomically); refuse to replace a file unless ``force``."""
    out = Path(out)
    refuse_overwrite(out, force)
    shown = dataclasses.replace(  # the caller's Summary is left as it is
        summary, submissions=summary.submissions.replace({"Ingen plan inlämnad": "Ingen uppföljning inlämnad"}))
    return atomic_write(out, lambda tmp: _write(shown, tmp), overwrite=force)


def _write(summary: Summary, path: Path) -> None:
    with collector.paused():  # a few hundred thousand cells: no full collection walks them again and again
        _write_sheets(summary, path)


def _write_sheets(summary: Summary, path: Path) -> None:
    delayed_rows = delayed_and_cancelled(summary)
    frames = {"delayed": delayed_rows, "activities": summary.activities, "submissions": summary.submissions,
              "issues": summary.issues}
    names, parts = split_sheets(SHEETS, {key: (len(frame), 2 if key == "delayed" else 0)
                                         for key, frame in frames.items()})
    wb, fmt, sheets = new_workbook(
        path, summary, f"{report_title(summary)} – {summary.config.forvaltning}",
        "Uppföljning av kompetensförsörjningsplan", names)
    by_department = by_status(summary, "Avdelning")
    split = [[names[k] for k, _, _ in table] for table in parts.values() if len(table) > 1]
    _overview(sheets["overview"], summary, by_department, wb, fmt, [split_note(n) for n in split])
    widths = crosstab_sheet(sheets["by_department"], by_department, fmt, f"{report_title(summary)}: aktiviteter per "
                            "avdelning och status", wb, chart=True)
    page_setup(sheets["by_department"], summary, widths, repeat_rows=2, repeat_columns=(0, 0))
    widths = crosstab_sheet(sheets["by_step"], by_status(summary, "Kategori (UBARA)"), fmt,
                            f"{report_title(summary)}: aktiviteter per steg (UBARA) och status", wb)
    page_setup(sheets["by_step"], summary, widths, repeat_rows=2, repeat_columns=(0, 0))
    names_widths = submission_widths(summary)
    widths = {"Aktivitet – hur gör vi det?": 48, "Kommentar": 60, "Måldatum": 12, "Nytt måldatum": 12,
              "Aktivitets-ID": 13, "Vad ska vi uppnå?": 36, "Avdelning": names_widths["Avdelning"],
              "Enhet": names_widths["Enhet"]}
    statuses = P.word_width(summary.config.list_names("statuses"), 10, 16)
    table_sheets(sheets, parts["delayed"], delayed_rows, fmt, "Avvikelser", summary,
                 {"repeat_rows": 2, "repeat_columns": (0, 3)},
                 title=f"{report_title(summary)}: {listed_heading(summary.config)}, med kommentarer och nya måldatum",
                 first_row=2, widths={
                     **widths, "Enhet": min(names_widths["Enhet"], 16), "Aktivitets-ID": 12,
                     "Aktivitet – hur gör vi det?": 30, "Måldatum": 11, "Status": statuses, "Nytt måldatum": 11,
                     "Kommentar": 30})
    table_sheets(sheets, parts["activities"], summary.activities, fmt, "Aktiviteter", summary,
                 {"repeat_rows": 0, "repeat_columns": (0, 2)}, widths=widths, wrap=False)
    table_sheets(sheets, parts["submissions"], summary.submissions, fmt, "Inlamning", summary,
                 {"repeat_rows": 0, "print_columns": SUBMISSION_PRINTED}, status_column="Status", widths=names_widths)
    table_sheets(sheets, parts["issues"], summary.issues, fmt, "Valideringsfel", summary,
                 {"repeat_rows": 0, "repeat_columns": ISSUE_KEYS}, widths=issue_widths(summary))
    sheets["overview"].activate()
    with quick_zip():
        wb.close()


def _overview(ws: Any, summary: Summary, by_department: pd.DataFrame, wb: Any, fmt: Formats,
              extra: list[str]) -> None:
    config, totals = summary.config, summary.totals
    percent = wb.add_format({"num_format": "0 %", "valign": "top"})
    percent_total = wb.add_format({"num_format": "0 %", "bold": True, "top": 1, "valign": "top"})
    table = completion(summary)
    labels = [str(label) for label in table.index]
    bold = max(len(label) for label, _ in ACCOUNT_FIGURES) * 1.1 + 1  # the account's labels, bold, on one line
    widths = (max(30.0, P.word_width(labels, 30, 40), bold), 14.0, 14.0, 16.0)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    heading = f"{report_title(summary)} – {config.forvaltning}"
    title_row(ws, heading, widths, fmt)
    facts = [("Period", PERIOD_NAMES[summary.period]), ("Planperiod", config.period_label),
             ("Skapad", summary.made_at),
             ("Inlämnade uppföljningar", f"{totals['handed_in']} av {totals['expected']}"),
             ("Saknas", str(totals["missing"])),
             ("Rader i inlämnade uppföljningar", str(totals["activities"]))]
    for r, (label, value) in enumerate(facts, start=2):
        ws.write_string(r, 0, label, fmt.bold)
        write_value(ws, r, 1, value, fmt, fmt.datetime if not isinstance(value, str) else None)
    row = 2 + len(facts) + 1
    ws.write_string(row, 0, f"Andel genomförda av dem som följs upp vid {summary.period}", fmt.h2)
    row += 1
    for c, header in enumerate(["Avdelning", DUE, COMPLETED, SHARE]):
        ws.write_string(row, c, header, fmt.header)
    ws.set_row(row, C.row_height(zip(["Avdelning", DUE, COMPLETED, SHARE], widths, strict=True)) + 4)
    for label, values in table.iterrows():
        row += 1
        total = label == "Totalt"
        bold = fmt.total if total else fmt.top
        ws.write_string(row, 0, str(label), fmt.total_wrap if total else fmt.wrap)
        ws.write_number(row, 1, int(values[DUE]), bold)
        ws.write_number(row, 2, int(values[COMPLETED]), bold)
        ws.write_number(row, 3, float(values[SHARE]), percent_total if total else percent)
        height = C.row_height([(str(label), widths[0])])
        if height > 15.0:
            ws.set_row(row, height)
    row += 2
    if summary.accounts is not None:
        figures = summary.accounts.figures()
        ws.write_string(row, 0, f"Vart aktiviteterna tog vägen vid {summary.period}", fmt.h2)
        for label, key in ACCOUNT_FIGURES:
            if key in ("unreadable", "id_changed", "added_rows") and not figures[key]:
                continue
            row += 1
            ws.write_string(row, 0, label, fmt.bold if not label.startswith("–") else None)
            ws.write_number(row, 1, int(figures[key]))
        row += 2
    above = P.title_height(heading, sum(widths), 16) + 15.0 * row + 15.0 * len(table)
    notes = [*summary.notes, *extra]
    if notes:
        ws.write_string(row, 0, "Att notera", fmt.h2)
        for offset, note in enumerate(notes, start=1):
            text_row(ws, row + offset, note, widths, fmt.wrap)
            above += C.row_height([(note, sum(widths))])
        row += len(notes) + 2
        above += 45.0
    if len(by_department) > 1:
        stacked_chart(wb, wb.get_worksheet_by_name(SHEETS["by_department"]), by_department,
                       "Aktiviteter per avdelning och status", anchor=xl_rowcol_to_cell(row, 0), target=ws,
                       width=widths)
        chart_on_its_page(ws, row, above, len(by_department) - 1, P.PORTRAIT)
    page_setup(ws, summary, widths, page=P.PORTRAIT)
