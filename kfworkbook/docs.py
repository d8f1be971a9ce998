"""Generating ``docs/felkoder.md``, the page of every issue code, from the issue catalogue.

Run ``python -m kfworkbook.docs`` (or ``make docs``) after changing the catalogue; a test fails
while the page is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .issues import ADVICE, CATALOGUE

DOCS_PAGE = Path("docs") / "felkoder.md"


def issue_codes_page() -> str:
    """The Markdown page listing every issue code by group, with severity, title and message."""
    lines = [
        "# Felkoder",
        "",
        "Alla anmärkningar som `kfworkbook validate` kan ge, med kod, allvarlighet och meddelande. "
        "`fel` måste rättas innan planen räknas som godkänd; `varning` godtas men bör rättas. "
        "Fält inom klammer fylls i med värdet från planen. Gruppen Förifyllning är de rader som "
        "`kfworkbook template --prefill` listar för beslut.",
        "",
        "Sidan genereras från `kfworkbook/issues.py` med `make docs`; ändra inte här.",
    ]
    groups: dict[str, list[str]] = {}
    for kind in CATALOGUE.values():
        message = _readable(kind.template)
        groups.setdefault(kind.group, []).append(f"| `{kind.code}` | {kind.severity} | {kind.title} | {message} |")
    for group, rows in groups.items():
        lines += ["", f"## {group}", "", "| Kod | Typ | Rubrik | Meddelande |", "|---|---|---|---|", *rows]
    lines += ["", "## Råd i meddelandena", "",
              "`{advice}` i ett meddelande är ett av dessa råd, valt efter cellen och det som står i den.", "",
              "| Råd | Text |", "|---|---|"]
    lines += [f"| `{name}` | {_readable(text)} |" for name, text in ADVICE.items()]
    return "\n".join(lines) + "\n"


def _readable(template: str) -> str:
    """A template for the page: ``{count:rad|rader}`` shown as ``{count} rad/rader``, pipes escaped."""
    return re.sub(r"\{(\w+):([^|{}]+)\|([^{}]+)\}", r"{\1} \2/\3", template).replace("|", "\\|")


def main(root: str | Path = ".") -> None:
    """Write the page under ``root``."""
    target = Path(root) / DOCS_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(issue_codes_page(), encoding="utf-8")
    print(f"Skrev {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
