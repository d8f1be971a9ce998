"""What ``config check`` and ``config schema`` print and put in their ``--json`` documents."""

from __future__ import annotations

from typing import Any

from ..config import Config, Lists
from ..forms.columns import LIST_BY_KEY
from ..template.paths import EXCEL_PATH_LIMIT, PathReport, check_paths
from ..template.plan import template_filename
from ..words import count

ANALYSIS_KINDS = {"text": "fri text", "tal": "tal", "procent": "procent 0–100", "lista": "värde ur listan"}
"""How ``config check`` describes the kinds of Analys fields."""


def check(config: Config, folder: str | None) -> tuple[PathReport, list[str]]:
    """The paths of ``config``'s files in ``folder`` (default: a usual OneDrive folder) and every warning, in Swedish."""
    paths = check_paths(config, folder)
    warnings = config.warnings()
    if paths.too_long:
        example = paths.too_long[0]
        warnings.append(f"{count(len(paths.too_long), 'fil får', 'filer får')} en längre sökväg än de "
                        f"{EXCEL_PATH_LIMIT} tecken som Excel kan öppna i {paths.folder}, till exempel "
                        f"{example[len(paths.folder):].lstrip(chr(92))} ({len(example)} tecken). Välj en kortare "
                        "mapp eller kortare namn på avdelningar och enheter.")
    return paths, warnings


def check_document(config: Config, paths: PathReport, warnings: list[str]) -> dict[str, Any]:
    """The ``config check --json`` document after its ``config``."""
    return {
        "plan_period": config.period_label, "template_version": config.template_version,
        "departments": [{"name": d.name, "units": list(d.units)} for d in config.departments],
        "templates": [{"template": u.label, "file": template_filename(config, u)} for u in config.plan_units()],
        "lists": {Lists.model_fields[key].alias: len(items) for key, items in config.iter_lists()},
        "analysis": [{"label": f.label, "kind": f.kind, "list": f.list_name or None} for f in config.analysis],
        "paths": {"folder": paths.folder, "longest": paths.longest, "length": paths.length, "limit": EXCEL_PATH_LIMIT,
                  "too_long": list(paths.too_long)},
        "warnings": warnings,
    }


def meaning_lines(config: Config) -> list[str]:
    """Which periods each follow-up point names and what each status means (``config check``)."""
    from ..meanings import MEANING_NAMES, MEANING_RULES

    lines = ["Uppföljning – vid vilka uppföljningar aktiviteten följs upp:"]
    lines += [f"  {item.name} → {', '.join(p for p in ('T1', 'T2', 'VB') if p in item.period_set)}"
              + ("" if item.periods is not None else " (läst ur namnet)") for item in config.lists.follow_up]
    lines.append("Status – vad varje värde betyder vid uppföljningen:")
    for name in config.list_names("statuses"):
        meaning = config.status_meaning(name)
        lines.append(f"  {name}: {MEANING_NAMES[meaning] or 'ingen särskild regel'}"
                     + (f" – {MEANING_RULES[meaning]}" if MEANING_RULES.get(meaning) else ""))
    return lines


def check_lines(config: Config, paths: PathReport, warnings: list[str], own_folder: bool) -> list[str]:
    """What ``config check`` prints after the configuration line."""
    units = config.plan_units()
    lines = [f"{config.forvaltning}, planår {config.plan_year}, planperiod {config.period_label}, "
             f"mallversion {config.template_version}",
             f"{count(len(config.departments), 'avdelning', 'avdelningar')}, {count(len(units), 'mall', 'mallar')}:",
             *(f"  {unit.label}" for unit in units),
             *(f"{LIST_BY_KEY[key].title}: {count(len(items), 'värde', 'värden')}" for key, items in config.iter_lists()),
             *meaning_lines(config),
             f"Fliken Analys: {count(len(config.analysis), 'fält', 'fält')}:"]
    lines += [f"  {f.label} ({ANALYSIS_KINDS[f.kind]}{' ' + f.list_name if f.list_name else ''})" for f in config.analysis]
    where = "mappen" if own_folder else "en vanlig OneDrive-mapp"
    lines += [f"Längsta sökvägen i {where}: {paths.length} tecken (Excel öppnar högst {EXCEL_PATH_LIMIT}):",
              f"  {paths.longest}", *(f"Varning: {w}" for w in warnings), "Konfigurationen är giltig."]
    return lines


def rules_document(config: Config) -> dict[str, Any]:
    """The ``config schema --json`` document after its ``config``."""
    from ..issues import CATALOGUE
    from ..validate.schema import describe, describe_analysis

    return {name: [{"column": column, "rule": rule, "severity": CATALOGUE[code].severity, "code": code}
                   for column, rule, code in found]
            for name, found in (("rules", describe(config)), ("analysis", describe_analysis(config)))}


def print_rules(config: Config) -> None:
    """The two tables of ``config schema``: the activity plan's rules and the Analys sheet's."""
    from rich.console import Console
    from rich.table import Table

    document = rules_document(config)
    table = Table(title=f"Regler för aktivitetsplanen – {config.forvaltning} {config.plan_year}",
                  title_justify="left", header_style="bold")
    table.add_column("Kolumn", no_wrap=True)
    table.add_column("Regel", overflow="fold")
    table.add_column("Typ", no_wrap=True)
    table.add_column("Kod", no_wrap=True)
    for rule in document["rules"]:
        table.add_row(rule["column"], rule["rule"], rule["severity"], rule["code"])
    Console(highlight=False, soft_wrap=True).print(table)
    analysis = Table(title="Regler för fliken Analys", title_justify="left", header_style="bold")
    for name in ("Fält", "Regel", "Typ", "Kod"):
        analysis.add_column(name, overflow="fold" if name == "Regel" else "ellipsis", no_wrap=name != "Regel")
    for rule in document["analysis"]:
        analysis.add_row(rule["column"], rule["rule"], rule["severity"], rule["code"])
    Console(highlight=False, soft_wrap=True).print(analysis)
