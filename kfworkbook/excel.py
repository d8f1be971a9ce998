"""The Validera button's stable entry point: ``kfworkbook.excel`` (the button lives in :mod:`kfworkbook.button.excel`).

Macro-enabled templates call ``RunPython "import kfworkbook.excel; kfworkbook.excel.main()"``
(``macros/Validera.bas``) and the xlwings Lite code written by ``kfworkbook lite`` imports
``validate_book`` and ``show_error`` from here, so workbooks already handed out keep working whatever
the package's inner layout.
"""

from __future__ import annotations

from .button.excel import main, show_error, validate_book

__all__ = ["main", "show_error", "validate_book"]
