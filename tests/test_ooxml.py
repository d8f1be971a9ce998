"""Every kind of workbook kfworkbook writes passes the OOXML check (schemas + Excel's repair rules).

The checker lives beside the project in ``shared/tools/ooxml`` (a proxy for "Excel opens this file
without the repair dialog"); the test is skipped with a reason where that folder is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kfworkbook.demo.year import run_demo
from kfworkbook.output.annotate import annotate
from kfworkbook.template.plan import write_templates
from kfworkbook.validate.run import validate_file

from .plans import fill

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ooxml" / "check_ooxml.py"


def check(paths: list[Path]) -> list[dict]:
    """The checker's findings for ``paths`` (an empty list when every file is clean)."""
    if not CHECKER.exists():
        pytest.skip(f"OOXML-kontrollen saknas ({CHECKER}); den ligger i shared/ bredvid projektet")
    pytest.importorskip("lxml", reason="lxml behövs för OOXML-kontrollen (testberoende i pyproject.toml)")
    done = subprocess.run([sys.executable, str(CHECKER), "--json", *map(str, paths)], capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_every_workbook_kind_passes(tmp_path, config, units_config):
    demo = run_demo(tmp_path / "demo")  # templates, filled plans, annotated copies, the summary
    written = [*demo.templates, *demo.plans, *demo.annotated, demo.summary]
    written += write_templates(units_config, tmp_path / "knapp", department="Förskola", button=True)
    filled = fill(written[0], tmp_path / "plan.xlsx", [{"comment": "=SUMMA(A1)", "activity": "rad 1\n- rad 2"}])
    copy = annotate(validate_file(filled, config), filled, tmp_path / "granskade")
    assert copy is not None
    written.append(copy)
    assert len(written) >= 12 and all(p.exists() for p in written)
    assert check(written) == []
