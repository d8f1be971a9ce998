"""What the two runs of the Lite button share: Pyodide (tests/test_pyodide.py) and the newest CPython here
(tests/test_lite_cpython.py). Both press the ``validera`` of a main.py written by ``kfworkbook lite`` for a
förvaltning configured here, on payloads that carry only the sheets its ``@script(include=...)`` names,
through tests/pyodide_driver.py, and compare the actions with those of the whole payload on this CPython.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kfworkbook import __version__
from kfworkbook.cli import app

from .cli_helpers import runner
from .excel_payload import payload_from_xlsx

ROOT = Path(__file__).resolve().parent.parent

# A second förvaltning: another name, year and period, a department with units, other roles, and a
# comment with characters that must survive being embedded in main.py.
CONFIG_TOML = '''\
# Skärholmen 2025. Citattecken """ och snedstreck \\ i en kommentar ska klara inbäddningen i main.py.
forvaltning = "Skärholmens stadsdelsförvaltning"
kontakt = "HR-avdelningen, Skärholmen"
plan_ar = 2025
planperiod = "2025-2027"
mallversion = "2025.1"
antal_rader = 200

[[avdelningar]]
namn = "Förskola"
enheter = ["Bredäng", "Sätra"]

[[avdelningar]]
namn = "Äldreomsorg"

[listor]
kategorier = ["Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla",
              { namn = "Avveckla", alias = ["Avsluta"] }]
roller = ["Avdelningschef", "Enhetschef", "Rektor", "HR", "Samordnare"]
malgrupper = ["Alla medarbetare", "Chefer", "Förskollärare", "Barnskötare", "Undersköterskor"]
vp_mal = ["Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare"]
uppfoljning = ["Tertial 1", "Tertial 2", "Verksamhetsberättelse"]
status = ["Ej påbörjad", "Pågår", "Klar"]
'''

INFO = {"manager": "Enhetschef Bredäng", "email": "bredang@example.se", "date": date(2025, 2, 3)}


def plan_rows(count: int) -> list[dict[str, Any]]:
    """``count`` realistic activities (all valid for CONFIG_TOML)."""
    categories = ["Attrahera", "Rekrytera", "Introducera", "Utveckla", "Behålla", "Avveckla"]
    roles = ["Avdelningschef", "Enhetschef", "Rektor", "HR", "Samordnare"]
    groups = ["Alla medarbetare", "Chefer", "Förskollärare", "Barnskötare", "Undersköterskor"]
    return [{"category": categories[i % 6], "goal": f"Mål {i + 1}: fler behöriga medarbetare",
             "activity": f"Aktivitet {i + 1}: utbildning och handledning i arbetslaget",
             "target_group": groups[i % 5], "due": date(2025 + i % 3, 1 + i % 12, 15),
             "responsible": roles[i % 5], "hours": 8 + i % 30, "kronor": 1000 * (i % 9),
             "follow_up": "Tertial 1" if i % 2 else "Verksamhetsberättelse", "status": "Pågår"}
            for i in range(count)]


def bad_rows() -> list[dict[str, Any]]:
    """Typical manager mistakes: a missing responsible, an alias, a role not in the list, a date outside the period."""
    rows = plan_rows(5)
    rows[0]["responsible"] = None
    rows[1]["category"] = "Avsluta"
    rows[2]["responsible"] = "Förskolechef"
    rows[3]["due"] = date(2031, 6, 30)
    return rows


def build_wheel(out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return next(out.glob(f"kfworkbook-{__version__}-*.whl"))



def script_include(main_py: Path) -> list[str]:
    """The ``include`` of ``validera``'s ``@script(...)`` in a written main.py (outside Lite, ``@script`` records
    nothing)."""
    tree = ast.parse(main_py.read_text("utf-8"))
    (function,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "validera"]
    (decorator,) = function.decorator_list
    return ast.literal_eval(next(k.value for k in decorator.keywords if k.arg == "include"))


PRESSES = (("first", "sextio"), ("second", "sextio"), ("fel", "fel"))


def prepare_host(host: Path, config_path: Path, plans: dict[str, Path], wheel_url: str, prefix: str) -> dict[str, Any]:
    """Write into ``host`` what a run needs: the config, ``kfworkbook lite``'s files, one payload per plan (with the
    script's ``include``) and a plan file. Returns the driver's params (paths under ``prefix``, the host as the run
    sees it) and the payload sizes in bytes with and without ``include``."""
    shutil.copy2(config_path, host / "kfworkbook.toml")
    written = runner.invoke(app, ["lite", "--config", str(config_path), "--wheel-url", wheel_url,
                                  "--out", str(host / "lite")])
    assert written.exit_code == 0, written.output
    include = script_include(host / "lite" / "main.py")
    sizes = {}
    for name, path in plans.items():
        whole = payload_from_xlsx(path, client="Office.js")
        payload = payload_from_xlsx(path, client="Office.js", include=include)
        sizes[name] = {"whole": len(json.dumps(whole, ensure_ascii=False).encode()),
                       "include": len(json.dumps(payload, ensure_ascii=False).encode())}
        (host / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    shutil.copy2(plans["fel"], host / "plan.xlsx")
    return {"requirements": f"{prefix}/lite/requirements.txt", "lite_dir": f"{prefix}/lite", "plan": f"{prefix}/plan.xlsx",
            "presses": [[press, f"{prefix}/{plan}.json"] for press, plan in PRESSES], "sizes": sizes}


def timing_line(runtime: str, result: dict[str, Any], sizes: dict[str, dict[str, int]]) -> str:
    """One line for ``pytest -s``: the press times and the payload sizes."""
    presses = ", ".join(f"{name} {p['seconds']:.2f} s" for name, p in result["presses"].items())
    sixty = sizes["sextio"]
    return (f"{runtime}: import av main.py {result['import_seconds']:.2f} s, {presses}; nyttolast 60 aktiviteter "
            f"{sixty['include']} byte med include, {sixty['whole']} byte hela arbetsboken")
