"""The docs page of issue codes is generated from the catalogue and must not be stale."""

from __future__ import annotations

import re
from pathlib import Path

from kfworkbook.docs import DOCS_PAGE, issue_codes_page
from kfworkbook.issues import CATALOGUE

ROOT = Path(__file__).parents[1]


def test_issue_codes_page_is_current():
    assert (ROOT / DOCS_PAGE).read_text(encoding="utf-8") == issue_codes_page(), "kör: make docs"


def test_every_code_is_documented_and_used():
    page = (ROOT / DOCS_PAGE).read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kfworkbook").rglob("*.py")
                        if p.name != "issues.py")
    for code in CATALOGUE:
        assert f"`{code}`" in page
        assert re.search(rf'"{re.escape(code)}"', sources), f"{code} is never raised"
