"""What the commands show besides their result: a progress bar on a terminal, and the summary lines of ``--quiet``.

The progress bar goes to standard error and only when that is a terminal (rich's own test, which also
honours ``FORCE_COLOR`` and ``TERM=dumb``); it is removed when the run ends. Piped or redirected, a
command writes its lines and nothing else: no bar, no colour codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

Progress = Callable[[int, int], None]


def with_progress(run: Callable[[Progress | None], T], label: str = "Läser planer") -> T:
    """Run ``run(progress)`` with a rich progress bar named ``label`` on standard error when it is a terminal."""
    if not _maybe_terminal():
        return run(None)
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return run(None)
    from rich.progress import Progress as Bar

    with Bar(console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        return run(lambda done, total: bar.update(task, completed=done, total=total))


TERMINAL_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE")
"""The environment variables that make rich treat a stream that is no terminal as one (or the reverse)."""


def _maybe_terminal() -> bool:
    """False when rich's own test would certainly find that standard error is no terminal (not a tty, and
    no variable saying otherwise), without importing rich: a piped or scripted run (``--json``) never needs it."""
    if any(name in os.environ for name in TERMINAL_VARIABLES):
        return True
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream: rich says no terminal as well
        return False


def summary_lines(lines: Iterable[str]) -> list[str]:
    """The lines ``--quiet`` keeps of a command's output: those that are not indented (the lists under a line
    are), a line that introduced such a list ending with a full stop instead of a colon."""
    kept = [line for line in lines if line and not line.startswith(" ")]
    return [line[:-1] + "." if line.endswith(":") else line for line in kept]


def echo_lines(lines: Iterable[str], quiet: bool = False, echo: Callable[[str], Any] | None = None) -> None:
    """Print ``lines`` (only :func:`summary_lines` with ``quiet``)."""
    import typer

    echo = echo or typer.echo
    for line in summary_lines(lines) if quiet else lines:
        echo(line)
