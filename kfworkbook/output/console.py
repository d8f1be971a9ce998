"""Printing reports for people: one rich table of issues per file and a one-line total (Swedish)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..issues import Issue, Report, summary_text
from ..words import count

GROUP_CELLS = 10
"""A group of identical messages lists this many cells, then how many more ('och 12 till')."""


def file_summary(report: Report) -> str:
    """'Inga fel hittade' / '2 fel, 1 varning' for one report."""

    return summary_text(report.errors, report.warnings)


def total_line(reports: Sequence[Report]) -> str:
    """One line: how many files, how many clean, with warnings, with errors, and the totals."""
    clean = sum(1 for r in reports if not r.issues)
    warned = sum(1 for r in reports if r.valid and r.issues)
    failed = sum(1 for r in reports if not r.valid)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    files = count(len(reports), "fil kontrollerad", "filer kontrollerade")
    return (f"Totalt: {files} – {clean} utan anmärkning, {warned} med bara varningar, "
            f"{failed} med fel ({errors} fel, {count(warnings, 'varning', 'varningar')}).")


def grouped(issues: Sequence[Issue]) -> list[tuple[str, str, Issue]]:
    """(place, message, first issue) per distinct message of one file, in report order.

    The same message on several cells of one sheet becomes one row, placed on the sheet, with the
    cells after its first sentence: "'VB' räknas som 'Verksamhetsberättelse' – 23 celler: L6, L7, … och 13 till".
    """
    groups: dict[tuple[str, str, str], list[Issue]] = {}
    for n, issue in enumerate(issues):
        key = (issue.code, issue.sheet, issue.message if issue.cell else str(n))
        groups.setdefault(key, []).append(issue)
    rows: list[tuple[str, str, Issue]] = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            rows.append((first.location or "–", first.message, first))
        else:
            rows.append((first.sheet, group_message(first.message, [i.cell for i in members]), first))
    return rows


def group_message(message: str, cells: Sequence[str]) -> str:
    """``message`` for several cells: the cells follow its first sentence."""
    shown = ", ".join(cells[:GROUP_CELLS])
    if len(cells) > GROUP_CELLS:
        shown += f" och {len(cells) - GROUP_CELLS} till"
    where = f" – {count(len(cells), 'cell', 'celler')}: {shown}"
    head, dot, rest = message.partition(". ")
    if not dot:
        return message.rstrip(".") + where + "."
    return f"{head}{where}. {rest}"


def print_reports(reports: Sequence[Report], console: Console, label: Callable[[str], str] | None = None,
                  foreign: Mapping[str, str] | None = None) -> None:
    """Print each file's issues as a table, then the total line; ``label`` names a file (default: its name).

    ``foreign`` maps files made for another förvaltning or plan year to the reason: when HR has been
    told once that the run uses the wrong configuration, such a file gets that one line instead of a
    table of issues found against lists it was never made for.
    """
    for report in reports:
        name = label(report.file) if label else Path(report.file).name
        if foreign and report.file in foreign:
            reason = foreign[report.file]
            console.print(f"[bold]{name}[/bold]: kontrollerades inte mot listorna – {reason[:1].lower()}{reason[1:]}.",
                          highlight=False)
            continue
        style = "green" if not report.issues else ("yellow" if report.valid else "red")
        console.print(f"[bold]{name}[/bold]: [{style}]{file_summary(report)}[/{style}]", highlight=False)
        if not report.issues:
            continue
        table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
        table.add_column("Cell", no_wrap=True)
        table.add_column("Typ", no_wrap=True)
        table.add_column("Meddelande", overflow="fold")
        for place, message, issue in grouped(report.issues):
            kind = "[red]fel[/red]" if issue.severity == "fel" else "[yellow]varning[/yellow]"
            table.add_row(place, kind, message)
        console.print(table)
    console.print(total_line(reports), highlight=False, soft_wrap=True)


def print_validation(reports: Sequence[Report], document: Mapping, label: Callable[[str], str],
                     skipped: Sequence[tuple[str, str]],
                     written: Sequence[Path], quiet: bool = False, console: Console | None = None) -> None:
    """What ``validate`` prints: the once-per-run hint, each file's table, the skipped files, the copies written.

    ``document`` is the ``validate --json`` document (its hint and reasons). With ``quiet``: the hint, one line
    per file with errors, the total line and how many copies were written.
    """
    console = console or Console(highlight=False, soft_wrap=True)
    foreign = {}
    if "hint" in document:  # said once, to HR, instead of every plan's errors against the wrong lists
        console.print(document["hint"])
        foreign = {e["file"]: e["reason"] for e in document["files"] if e.get("reason")}
    if quiet:
        for report in reports:
            if not report.valid and report.file not in foreign:
                console.print(f"{label(report.file)}: {file_summary(report)}", highlight=False, markup=False)
        console.print(total_line(reports), highlight=False, soft_wrap=True)
        if written:
            console.print(f"Skrev {count(len(written), 'kopia', 'kopior')} med anmärkningar till {written[0].parent}.")
        return
    print_reports(reports, console, label, foreign)
    for name, why in skipped:
        console.print(f"Hoppade över {name} ({why}).")
    for path in written:
        console.print(f"Skrev kopia med anmärkningar: {path}")
