"""What every command of the CLI shares: exit codes, the common options, failing with a Swedish line,
loading the configuration the way the README promises, printing a ``--json`` document, and the cyclic
garbage collector's pause while a command starts (:func:`pause_gc`)."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
OPTIONS = "[FLAGGOR]"

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Konfigurationsfil (TOML). Utan den används kfworkbook.toml i den aktuella "
                 "mappen om den finns, annars den inbyggda standarden.",
                 show_default=False, metavar="FIL", readable=False),
]

PlansArgument = Annotated[
    list[Path],
    typer.Argument(help="Inlämnade planer (.xlsx, .xlsm eller .ods) eller mappar med planer.", show_default=False,
                   metavar="FIL_ELLER_MAPP...", readable=False),
]


JsonOption = Annotated[bool, typer.Option("--json", help="Skriv resultatet som ett JSON-dokument (se docs/json/).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bara summeringsraderna (och fel).")]


def emit(command: str, body: dict[str, Any]) -> None:
    """Print the ``--json`` document of ``command``, checked against its model (:mod:`kfworkbook.cli.contract`,
    imported here: pydantic's models are built only for a ``--json`` run)."""
    from .contract import document_text

    typer.echo(document_text(command, body))


def one_blas_thread() -> None:
    """Let numpy's linear-algebra library (OpenBLAS, in numpy's wheels) use one thread, unless the user's
    environment says otherwise. Called before anything imports numpy: when it is imported, OpenBLAS starts a
    thread for each further core and sets up a buffer for each, about 0.05 s of CPU on two cores and more on
    a laptop with eight, for work no command does (nothing here multiplies matrices)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


_gc_paused = False


def pause_gc() -> None:
    """Pause the cyclic garbage collector while the command line starts (:func:`kfworkbook.cli.app.main`).

    Importing pandas, pandera and the command's modules makes a few million objects that live until the
    process ends; with the collector on, each full collection on the way walks all of them again (about a
    third of a one-plan ``validate``). :func:`imports_done` turns it back on.
    """
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def imports_done() -> None:
    """Called when a command has imported what it needs and starts its work: the objects made so far move to
    the collector's permanent generation (never walked again, never freed: they live until exit anyway) and a
    collector paused by :func:`pause_gc` runs again, so that a long merge frees its cycles as before."""
    global _gc_paused
    if _gc_paused:
        gc.freeze()
        gc.enable()
        _gc_paused = False


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``Fel: message`` on standard error and stop with ``code``."""
    typer.echo(f"Fel: {message}", err=True)
    raise typer.Exit(code)


def load(path: Path | None, announce: bool = True):
    """Load the configuration (``--config``, else kfworkbook.toml here, else the built-in default).

    With ``announce``, the first output line says which configuration is in use.
    """
    from ..config import ConfigError, load_config

    imports_done()  # every command loads its configuration after its imports, before its work
    path = config_path(path)
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        fail(str(exc))
    if announce:
        typer.echo(f"Konfiguration: {config_source(path)} ({cfg.forvaltning}, planår {cfg.plan_year})")
    return cfg


def config_path(path: Path | None) -> Path | None:
    """``--config``, else kfworkbook.toml in the current folder when it exists, else None (the built-in default)."""
    from ..config import DEFAULT_CONFIG_NAME

    if path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        return Path(DEFAULT_CONFIG_NAME)
    return path


def config_source(path: Path | None) -> str:
    """How the first output line names the configuration in use."""
    return "inbyggd standard" if path is None else str(path)


def config_json(path: Path | None, cfg) -> dict:
    """The ``config`` entry of every JSON document."""
    return {"source": config_source(config_path(path)), "forvaltning": cfg.forvaltning, "plan_year": cfg.plan_year}
