"""The follow-up report of a period ('Uppföljning T1 2022'): the merge of the follow-up workbooks.

``kfworkbook merge`` recognises follow-up workbooks by their metadata (:func:`kfworkbook.merge.
follow_up_period`) and builds the same :class:`~kfworkbook.merge.Summary` (identity, counting,
Inlämning, Valideringsfel) with the follow-up form's rows as its activities. This module makes those
rows, the counts per department and UBARA step per status, and writes the workbook with XlsxWriter,
reusing the summary writer's sheets and chart.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from . import forms as F
from .config import Config, fold
from .fileio import atomic_write
from .identity import Identity
from .issues import Report
from .merge import INVALID, Summary, _bucket, _crosstab, batch_parts
from .summary import WORKBOOK_OPTIONS, OutputExists, _crosstab_sheet, _Formats, _records, _table_sheet, _value
from .xlsxbulk import BulkWorksheet

NO_STATUS = "(ingen status)"
DUE, COMPLETED, SHARE = "Följs upp nu", "Genomförda", "Andel genomförda"
LATEST = ("Senaste status", "Senaste kommentar", "Gällande måldatum")
"""The latest answer of any period so far and the Måldatum that holds now (what next year's prefill carries)."""
ACTIVITY_COLUMNS = ["Avdelning", "Enhet", "Aktivitets-ID", "Kategori (UBARA)", "Vad ska vi uppnå?",
                    "Aktivitet – hur gör vi det?", "Måldatum", "Ansvarig (funktion)", "Uppföljning", DUE, "Status",
                    "Kommentar", "Nytt måldatum", *LATEST, "Fel", "Varningar", "Källfil", "Källrad"]
LIST_COLUMNS = ["Avdelning", "Enhet", "Aktivitets-ID", "Aktivitet – hur gör vi det?", "Måldatum", "Status",
                "Nytt måldatum", "Kommentar"]
SHEETS = {"overview": "Översikt", "by_department": "Per avdelning och status", "by_step": "Per steg och status",
          "delayed": "Försenade och utgår", "activities": "Aktiviteter", "submissions": "Inlämning",
          "issues": "Valideringsfel"}
_KEYS = {"activity_id": "Aktivitets-ID", "category": "Kategori (UBARA)", "goal": "Vad ska vi uppnå?",
         "activity": "Aktivitet – hur gör vi det?", "due": "Måldatum", "responsible": "Ansvarig (funktion)",
         "follow_up": "Uppföljning", "due_this": DUE, "status": "Status", "comment": "Kommentar",
         "new_due": "Nytt måldatum", "errors": "Fel", "warnings": "Varningar",
         "latest_status": LATEST[0], "latest_comment": LATEST[1], "latest_due": LATEST[2]}


def follow_up_activities(reports: list[Report], identities: dict[str, Identity], labels: dict[str, str],
                         config: Config, strict: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The rows of the counted follow-up workbooks, in configuration order (as merge's ``_activities``)."""
    frames = []
    for part, members in batch_parts(reports):
        plan = part["plan"]
        frame = part.rename(columns=_KEYS)
        frame["Avdelning"] = plan.map({k: identities[r.file].department or None for k, r in members.items()})
        frame["Enhet"] = plan.map({k: identities[r.file].unit or None for k, r in members.items()})
        frame["Källfil"] = plan.map({k: labels.get(r.file, Path(r.file).name) for k, r in members.items()})
        frame["Källrad"] = part["rad"]
        frames.append(frame[ACTIVITY_COLUMNS])
    if not frames:
        empty = pd.DataFrame(columns=ACTIVITY_COLUMNS)
        return empty, (empty.copy() if strict else None)
    merged = pd.concat(frames, ignore_index=True)
    rank = {d.name: i for i, d in enumerate(config.departments)}
    merged["_d"] = merged["Avdelning"].map(rank).fillna(len(rank))
    merged = merged.sort_values(["_d", "Avdelning", "Enhet", "Källfil", "Källrad"], kind="stable",
                                na_position="first").drop(columns="_d").reset_index(drop=True)
    excluded = None
    if strict:
        bad = merged["Fel"] > 0
        excluded, merged = merged[bad].reset_index(drop=True), merged[~bad].reset_index(drop=True)
    return merged, excluded


def completed_status(config: Config) -> str:
    """The status that counts as completed in the share ('Genomförd')."""
    names = config.list_names("statuses")
    return next((n for n in names if fold(n) == "genomförd"), (config.finished_statuses() or names)[0])


def by_status(summary: Summary, rows: str) -> pd.DataFrame:
    """Activities per ``rows`` ('Avdelning' or 'Kategori (UBARA)') and status, with totals."""
    frame, departments = summary._by_department()
    statuses = summary.config.list_names("statuses")
    frame["Status"] = _bucket(frame["Status"], statuses, NO_STATUS)
    if rows == "Avdelning":
        order = departments
    else:
        order = [*summary.config.list_names("categories"), "(saknas)", INVALID]
        frame[rows] = _bucket(frame[rows], order[:-2], "(saknas)")
    return _crosstab(frame, rows, "Status", order, [*statuses, NO_STATUS, INVALID], drop_empty=True)


def completion(summary: Summary) -> pd.DataFrame:
    """Per department: activities due this period, how many of them are completed, and the share."""
    frame, departments = summary._by_department()
    done = completed_status(summary.config)
    due = frame[frame[DUE].astype(bool)]
    counts = due.groupby("Avdelning").size().reindex(departments, fill_value=0)
    completed = due[due["Status"] == done].groupby("Avdelning").size().reindex(departments, fill_value=0)
    table = pd.DataFrame({DUE: counts, COMPLETED: completed})
    table.loc["Totalt"] = table.sum()
    table[SHARE] = (table[COMPLETED] / table[DUE].where(table[DUE] > 0)).fillna(0.0)
    table.index.name = "Avdelning"
    return table


def delayed_and_cancelled(summary: Summary) -> pd.DataFrame:
    """The delayed and cancelled activities with their comments and new dates, grouped by department."""
    config = summary.config
    cancelled = set(config.finished_statuses()) - {completed_status(config)}  # Utgår, Avbruten, Struken, …
    statuses = set(F.delayed_statuses(config)) | cancelled
    rows = summary.activities[summary.activities["Status"].isin(statuses)]
    return rows[LIST_COLUMNS].reset_index(drop=True)


def report_title(summary: Summary) -> str:
    """'Uppföljning T1 2022'."""
    return f"Uppföljning {summary.period} {summary.config.plan_year}"


def write_follow_up_report(summary: Summary, out: str | Path, force: bool = False) -> Path:
    """Write the follow-up report to ``out`` (atomically); refuse to replace a file unless ``force``."""
    out = Path(out)
    if out.exists() and not force:
        raise OutputExists(str(out))
    shown = dataclasses.replace(  # the caller's Summary is left as it is
        summary, submissions=summary.submissions.replace({"Ingen plan inlämnad": "Ingen uppföljning inlämnad"}))
    return atomic_write(out, lambda tmp: _write(shown, tmp))


def _write(summary: Summary, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"{report_title(summary)} – {summary.config.forvaltning}",
                       "subject": "Uppföljning av kompetensförsörjningsplan", "author": summary.config.forvaltning,
                       "created": summary.made_at})
    fmt = _Formats(wb)
    sheets = {key: wb.add_worksheet(name, worksheet_class=BulkWorksheet) for key, name in SHEETS.items()}
    by_department = by_status(summary, "Avdelning")
    _overview(sheets["overview"], summary, by_department, wb, fmt)
    _crosstab_sheet(sheets["by_department"], by_department, fmt, f"{report_title(summary)}: aktiviteter per "
                    "avdelning och status", wb, chart=True)
    _crosstab_sheet(sheets["by_step"], by_status(summary, "Kategori (UBARA)"), fmt,
                    f"{report_title(summary)}: aktiviteter per steg (UBARA) och status", wb)
    widths = {"Aktivitet – hur gör vi det?": 48, "Kommentar": 60, "Måldatum": 12, "Nytt måldatum": 12,
              "Aktivitets-ID": 13, "Vad ska vi uppnå?": 36}
    delayed = sheets["delayed"]
    _table_sheet(delayed, delayed_and_cancelled(summary), fmt, "Forsenade", widths=widths)
    delayed.set_landscape()
    delayed.set_paper(9)
    delayed.fit_to_pages(1, 0)
    delayed.repeat_rows(0)
    _table_sheet(sheets["activities"], summary.activities, fmt, "Aktiviteter", widths=widths, wrap=False,
                 records=_records(summary.activities))
    _table_sheet(sheets["submissions"], summary.submissions, fmt, "Inlamning", status_column="Status")
    sheets["submissions"].set_landscape()
    sheets["submissions"].set_paper(9)
    sheets["submissions"].fit_to_pages(1, 0)
    _table_sheet(sheets["issues"], summary.issues, fmt, "Valideringsfel", wrap=False)
    sheets["overview"].activate()
    wb.close()


def _overview(ws: Any, summary: Summary, by_department: pd.DataFrame, wb: Any, fmt: _Formats) -> None:
    config, totals = summary.config, summary.totals
    percent = wb.add_format({"num_format": "0%"})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 16)
    ws.write_string(0, 0, f"{report_title(summary)} – {config.forvaltning}", fmt.title)
    facts = [("Period", F.PERIOD_NAMES[summary.period]), ("Planperiod", config.period_label),
             ("Skapad", summary.made_at),
             ("Inlämnade uppföljningar", f"{totals['handed_in']} av {totals['expected']}"),
             ("Saknas", str(totals["missing"])), ("Aktiviteter", str(totals["activities"]))]
    for r, (label, value) in enumerate(facts, start=2):
        ws.write_string(r, 0, label, fmt.bold)
        _value(ws, r, 1, value, fmt, fmt.datetime if not isinstance(value, str) else None)
    row = 2 + len(facts) + 1
    ws.write_string(row, 0, f"Andel genomförda av dem som följs upp vid {summary.period}", fmt.h2)
    table = completion(summary)
    row += 1
    for c, header in enumerate(["Avdelning", DUE, COMPLETED, SHARE]):
        ws.write_string(row, c, header, fmt.header)
    for label, values in table.iterrows():
        row += 1
        bold = fmt.total if label == "Totalt" else None
        ws.write_string(row, 0, str(label), bold)
        ws.write_number(row, 1, int(values[DUE]), bold)
        ws.write_number(row, 2, int(values[COMPLETED]), bold)
        ws.write_number(row, 3, float(values[SHARE]), percent)
    row += 2
    if summary.notes:
        ws.write_string(row, 0, "Att notera", fmt.h2)
        for offset, note in enumerate(summary.notes, start=1):
            ws.write_string(row + offset, 0, note)
        row += len(summary.notes) + 2
    if len(by_department) > 1:
        from .summary import _stacked_chart

        _stacked_chart(wb, wb.get_worksheet_by_name(SHEETS["by_department"]), by_department,
                       "Aktiviteter per avdelning och status", anchor="F3", target=ws)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)

