"""Generating ``docs/felkoder.md``, the page of every issue code, from the issue catalogue, and the JSON
Schemas of ``--json`` (``docs/json/<command>.schema.json``) from the models in :mod:`kfworkbook.cli.contract`.

Run ``python -m kfworkbook.docs`` (or ``make docs``) after changing the catalogue or a model; a test
fails while a page or schema is stale.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .issues import ADVICE, CATALOGUE

DOCS_PAGE = Path("docs") / "felkoder.md"
SCHEMA_DIR = Path("docs") / "json"


def schema_files() -> dict[Path, str]:
    """The text of every JSON Schema file, by its path under the repository root."""
    from .cli.contract import DOCUMENTS, json_schema

    return {SCHEMA_DIR / f"{command}.schema.json": json.dumps(json_schema(command), ensure_ascii=False, indent=2) + "\n"
            for command in DOCUMENTS}


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
    """Write the page and the schemas under ``root``."""
    for relative, text in {DOCS_PAGE: issue_codes_page(), **schema_files()}.items():
        target = Path(root) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"Skrev {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
