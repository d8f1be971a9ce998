"""The ``kfworkbook`` command line (:mod:`~kfworkbook.cli.app`), in Swedish (:mod:`~kfworkbook.cli.typer_sv`)."""

from .app import app, main

__all__ = ["app", "main"]
