"""Printing reports for people: one rich table of issues per file and a one-line total (Swedish)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .issues import Report


def file_summary(report: Report) -> str:
    """'Inga fel hittade' / '2 fel, 1 varning' for one report."""
    from .issues import summary_text

    return summary_text(report.errors, report.warnings)


def total_line(reports: Sequence[Report]) -> str:
    """One line: how many files, how many clean, with warnings, with errors, and the totals."""
    clean = sum(1 for r in reports if not r.issues)
    warned = sum(1 for r in reports if r.valid and r.issues)
    failed = sum(1 for r in reports if not r.valid)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    files = "1 fil" if len(reports) == 1 else f"{len(reports)} filer"
    return (f"Totalt: {files} kontrollerade – {clean} utan anmärkning, {warned} med bara varningar, "
            f"{failed} med fel ({errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'}).")


def print_reports(reports: Sequence[Report], console: Console, label: Callable[[str], str] | None = None) -> None:
    """Print each file's issues as a table, then the total line; ``label`` names a file (default: its name)."""
    for report in reports:
        name = label(report.file) if label else Path(report.file).name
        style = "green" if not report.issues else ("yellow" if report.valid else "red")
        console.print(f"[bold]{name}[/bold]: [{style}]{file_summary(report)}[/{style}]", highlight=False)
        if not report.issues:
            continue
        table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
        table.add_column("Cell", no_wrap=True)
        table.add_column("Typ", no_wrap=True)
        table.add_column("Meddelande", overflow="fold")
        for issue in report.issues:
            kind = "[red]fel[/red]" if issue.severity == "fel" else "[yellow]varning[/yellow]"
            table.add_row(issue.location or "–", kind, issue.message)
        console.print(table)
    console.print(total_line(reports), highlight=False, soft_wrap=True)
