"""Presses the Lite button where xlwings Lite runs it: in Pyodide (started by tests/pyodide_run.mjs for
tests/test_pyodide.py), or on another CPython with the packages already installed (tests/test_lite_cpython.py,
which runs ``main()`` with ``KF_HOST`` set to its folder and ``install`` false).

Reads HOST/params.json, installs the lines of the requirements.txt that ``kfworkbook lite`` wrote one
at a time with micropip (the lock file of the Pyodide distribution first, then the local index),
imports that main.py, presses its ``validera`` on xlwings ``Book(json=...)`` payloads, validates plans
through the library, probes the runtime (umask, threads, processes, fileio) and writes everything it
saw to HOST/result.json for the test to check.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any

HOST = os.environ.get("KF_HOST", "/host")


def _requirement_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


async def _install(lines: list[str], index_url: str, keep_going: bool = False) -> dict[str, Any]:
    """Install ``lines`` one at a time; with ``keep_going`` a failing line is recorded instead of raised."""
    import micropip

    micropip.set_index_urls([index_url])
    started = time.perf_counter()
    errors = []
    for line in lines:
        try:
            await micropip.install(line)
        except ValueError as exc:  # micropip's resolver errors
            if not keep_going:
                raise
            errors.append([line, str(exc)])
    installed = {name: str(info.version) for name, info in micropip.list().items()}
    return {"install_seconds": time.perf_counter() - started, "installed": installed, "install_errors": errors}


def _press(lite: Any, payload_path: str) -> dict[str, Any]:
    """One press of the button: a fresh Book for the payload (as Lite builds it), then validera(book)."""
    import xlwings as xw

    with open(payload_path, encoding="utf-8") as handle:
        payload = json.load(handle)
    book = xw.Book(json=payload)
    started = time.perf_counter()
    lite.validera(book)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "actions": book.json()["actions"], "sheet_names": book.sheet_names}


def _library(plan_path: str) -> dict[str, Any]:
    """Validate a plan through the library: from cell grids, and through read_plan (no calamine here)."""
    from openpyxl import load_workbook

    from kfworkbook.config import load_config
    from kfworkbook.read.workbook import SheetGrid, plan_from_grids, read_plan
    from kfworkbook.validate.run import validate_plan

    config = load_config(f"{HOST}/kfworkbook.toml")
    workbook = load_workbook(plan_path, data_only=True)
    grids = {ws.title: SheetGrid(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in workbook}
    from_grids = validate_plan(plan_from_grids(grids, "plan.xlsx", workbook.sheetnames), config)
    from_file = validate_plan(read_plan(plan_path, "plan.xlsx"), config)
    return {name: [[i.code, i.cell, i.severity, i.message] for i in report.issues]
            for name, report in (("grids", from_grids), ("read_plan", from_file))}


def _runtime() -> dict[str, Any]:
    """What Pyodide allows: umask, threads, processes, and kfworkbook's atomic writer."""
    import threading

    import pandas

    from kfworkbook.fileio import atomic_write

    out: dict[str, Any] = {"platform": sys.platform, "python": sys.version.split()[0], "pandas": pandas.__version__}
    mask = os.umask(0)
    os.umask(mask)
    out["umask"] = mask
    try:
        threading.Thread(target=lambda: None).start()
        out["thread"] = "started"
    except RuntimeError as exc:
        out["thread"] = str(exc)
    try:
        import multiprocessing

        multiprocessing.Process(target=print).start()
        out["process"] = "started"
    except Exception as exc:
        out["process"] = f"{type(exc).__name__}: {exc}"
    target = f"{HOST}/kf-utdata/resultat.txt" if sys.platform != "emscripten" else "/tmp/kf-utdata/resultat.txt"
    atomic_write(target, lambda tmp: tmp.write_text("Skrivet i Pyodide åäö", encoding="utf-8"))
    out["written_mode"] = os.stat(target).st_mode & 0o777
    try:
        with open(target, encoding="utf-8") as handle:
            out["read_back"] = handle.read()
    except OSError as exc:
        out["read_back"] = f"{type(exc).__name__}: {exc}"
    out["calamine"] = "python_calamine" in sys.modules
    return out


async def main() -> None:
    with open(f"{HOST}/params.json", encoding="utf-8") as handle:
        params = json.load(handle)
    result: dict[str, Any] = {"load_seconds": float(globals().get("PYODIDE_LOAD_SECONDS", 0.0))}
    try:
        if params.get("install", True):
            result.update(await _install(_requirement_lines(params["requirements"]), params["index_url"],
                                         params.get("install_only", False)))
        if params.get("install_only"):
            return _write(result)
        os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # what Lite provides for its own engine
        sys.path.insert(0, params["lite_dir"])
        started = time.perf_counter()
        import main as lite

        result["import_seconds"] = time.perf_counter() - started
        result["presses"] = {name: _press(lite, path) for name, path in params["presses"]}
        result["library"] = _library(params["plan"])
        result["runtime"] = _runtime()
    except BaseException:
        result["error"] = traceback.format_exc()
    _write(result)


def _write(result: dict[str, Any]) -> None:
    with open(f"{HOST}/result.json", "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, default=str)
