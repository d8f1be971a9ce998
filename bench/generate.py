"""Generating many filled plans quickly (XlsxWriter), for the benchmarks.

Each plan has the sheets, labels and metadata of a kfworkbook template and about 60 activities
drawn from the default configuration, with ~5% defective cells (unknown roles, bad dates, text
dates, missing fields), so that validation has real work to do.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from kfworkbook.config import Config, default_config, default_config_text
from kfworkbook.forms import columns as C
from kfworkbook.template.sheets import metadata


def _activity(rng: random.Random, config: Config, n: int) -> list[object]:
    names = {spec.key: config.list_names(spec.key) for spec in C.LISTS}
    start = config.period_start
    row: dict[str, object] = {
        "category": rng.choice(names["categories"]),
        "category2": rng.choice(names["categories"]) if rng.random() < 0.2 else None,
        "vp_goal": rng.choice(names["vp_goals"]) if rng.random() < 0.7 else None,
        "goal": f"Mål {n}: {rng.choice(['Ökad kompetens', 'Bättre introduktion', 'Lägre personalomsättning'])}",
        "activity": f"Aktivitet {n}: {rng.choice(['Utbildning', 'Workshop', 'Mentorprogram', 'Kartläggning'])}",
        "target_group": rng.choice(names["target_groups"]) if rng.random() < 0.6 else None,
        "due": start + timedelta(days=rng.randrange(0, 1090)) if rng.random() < 0.85 else C.ONGOING,
        "responsible": rng.choice(names["roles"]),
        "hours": rng.randrange(0, 200) if rng.random() < 0.4 else None,
        "kronor": rng.randrange(0, 100_000) if rng.random() < 0.3 else None,
        "resources_other": "Utvecklingsenheten" if rng.random() < 0.2 else None,
        "follow_up": rng.choice(names["follow_up"]),
        "status": rng.choice(names["statuses"]) if rng.random() < 0.5 else None,
        "comment": "Kommentar" if rng.random() < 0.3 else None,
    }
    if row["category2"] == row["category"]:
        row["category2"] = None
    if rng.random() < 0.05:  # one defect in ~5% of the rows
        defect = rng.choice(["responsible", "due", "text_due", "goal", "category"])
        row.update({"responsible": "Anna Svensson"} if defect == "responsible" else
                   {"due": "2025-13-01"} if defect == "due" else
                   {"due": "31/12 2023"} if defect == "text_due" else
                   {"goal": None} if defect == "goal" else {"category": "Avsluta"})
    return [row[c.key] for c in C.COLUMNS]


def write_plan(path: Path, config: Config, unit_index: int, rows: int, rng: random.Random) -> None:
    """Write one filled plan for the config's ``unit_index``-th unit."""
    unit = config.plan_units()[unit_index % len(config.plan_units())]
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    book.add_worksheet(C.SHEET_INSTRUCTIONS).write(0, 0, "Instruktioner")
    info = book.add_worksheet(C.SHEET_INFO)
    values = {"forvaltning": config.forvaltning, "department": unit.department, "unit": unit.unit,
              "period": config.period_label, "manager": "Avdelningschef", "email": "chef@example.se",
              "date": date(config.plan_year, 1, 15)}
    for offset, (key, label, _) in enumerate(C.INFO_FIELDS):
        info.write_string(C.INFO_FIRST_ROW - 1 + offset, 0, label)
        value = values[key]
        if isinstance(value, date):
            info.write_datetime(C.INFO_FIRST_ROW - 1 + offset, 1, value, date_format)
        elif value:
            info.write_string(C.INFO_FIRST_ROW - 1 + offset, 1, value)
    plan = book.add_worksheet(C.SHEET_PLAN)
    plan.write_row(C.HEADER_ROW - 1, 0, [c.header for c in C.COLUMNS])
    for n in range(rows):
        for col, value in enumerate(_activity(rng, config, n)):
            if value is None:
                continue
            if isinstance(value, date):
                plan.write_datetime(C.FIRST_ROW - 1 + n, col, value, date_format)
            elif isinstance(value, str):
                plan.write_string(C.FIRST_ROW - 1 + n, col, value)
            else:
                plan.write_number(C.FIRST_ROW - 1 + n, col, value)
    lists = book.add_worksheet(C.SHEET_LISTS)
    for offset, (key, label) in enumerate(C.META_FIELDS):
        lists.write_string(C.META_FIRST_ROW - 1 + offset, 0, label)
        lists.write_string(C.META_FIRST_ROW - 1 + offset, 1, metadata(config, unit)[key])
    lists.hide()
    book.close()


def bench_config_text(units: int) -> str:
    """The default configuration with ``units`` units (20 per department), as TOML text."""
    text = default_config_text()
    start = re.search(r"^\[\[avdelningar\]\]", text, re.MULTILINE).start()  # not the commented example
    end = text.index("[listor]")
    departments = []
    for d in range(1, units // 20 + 1):
        names = ", ".join(f'"Enhet {d}.{u}"' for u in range(1, 21))
        departments.append(f'[[avdelningar]]\nnamn = "Avdelning {d}"\nenheter = [{names}]\n')
    return text[:start] + "\n".join(departments) + "\n" + text[end:]


def write_plans(folder: Path, count: int, rows: int = 60, seed: int = 2022, config: Config | None = None) -> list[Path]:
    """Write ``count`` plans into ``folder`` (reused when already there); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    config = config or default_config()
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"plan_{i:04d}.xlsx"
        if not path.exists():
            write_plan(path, config, i, rows, rng)
        paths.append(path)
    return paths
