"""The yearly cycle on the embedded Farsta example: templates, filled plans, validation, summary, plan document.

The filled plans are the real activity tables of Farsta stadsdelsförvaltning's plan 2022
(``data/farsta-2022/aktiviteter.csv``), prefilled into the templates, with a few typical mistakes
added (:data:`MISTAKES`) so that validation has something to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Config, PlanUnit, default_config
from ..forms import columns as C
from ..output.annotate import annotate
from ..output.console import print_reports
from ..output.document import write_document
from ..output.write import write_workbook
from ..prefill.plans import read_prefill, split_by_unit
from ..read.workbook import read_plan
from ..summary.merge import summarise
from ..template.plan import write_templates
from ..validate.run import validate_plans
from .follow_up import run_follow_up

EXAMPLE = "farsta-2022"


@dataclass(frozen=True)
class Mistake:
    """A typical mistake put into the example: which department's n-th activity, which column, what value."""

    department: str
    activity: int
    column: str
    value: Any
    shows: str


MISTAKES: tuple[Mistake, ...] = (
    Mistake("Stadsutveckling", 0, "category", "Utvekla", "felstavad kategori (fel)"),
    Mistake("Stadsutveckling", 4, "category", "Rekrytering", "kategori med annan stavning (varning)"),
    Mistake("Äldreomsorg", 1, "due", "31/12 – 2023", "datum skrivet som text (varning)"),
    Mistake("Individ och familj", 2, "responsible", None, "Ansvarig saknas (fel)"),
    Mistake("Funktionsnedsättning", 3, "responsible", "Karin Lund", "en person i stället för en funktion (fel)"),
)


def example_rows_path() -> Path:
    """The transcribed activities of the Farsta plan (CSV), as shipped inside the package."""
    return Path(str(resources.files("kfworkbook").joinpath("data", EXAMPLE, "aktiviteter.csv")))


def example_introduction_path() -> Path:
    """HR's chapter 1 of the Farsta plan (Markdown, shortened from its chapter 1), for the demo's plan document."""
    return Path(str(resources.files("kfworkbook").joinpath("data", EXAMPLE, "inledning.md")))


def example_analysis_path() -> Path:
    """The departments' own analysis of the Farsta plan (CSV: Avdelning, Nyckel, Värde), from its chapter 2."""
    return Path(str(resources.files("kfworkbook").joinpath("data", EXAMPLE, "analys.csv")))


def example_analysis(config: Config | None = None) -> dict[PlanUnit, dict[str, str]]:
    """The example's Analys values per department plan (fields the configuration does not have are left out)."""
    import csv

    config = config or default_config()
    keys = {field.key for field in config.analysis}
    values: dict[PlanUnit, dict[str, str]] = {}
    with example_analysis_path().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            department = config.find_department(row["Avdelning"])
            if department is not None and row["Nyckel"] in keys:
                values.setdefault(PlanUnit(department.name), {})[row["Nyckel"]] = row["Värde"]
    return values


def _slug(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé ", "aaoe-"))


def example_prefill(config: Config | None = None) -> dict[PlanUnit, tuple[list[dict[str, Any]], dict[str, Any]]]:
    """The example's filled plans: real activities per department, typical mistakes, Uppgifter filled in."""
    config = config or default_config()
    plans = split_by_unit(read_prefill(example_rows_path()), config).plans
    for number, (unit, (rows, info)) in enumerate(plans.items()):
        info.setdefault("manager", f"Avdelningschef {unit.department.lower()}")
        info.setdefault("email", f"kfp.{_slug(unit.department)}@farsta.example")
        info.setdefault("date", date(config.plan_year, 1, 24 + number))
        for mistake in MISTAKES:
            if mistake.department == unit.department and mistake.activity < len(rows):
                if mistake.value is None:
                    rows[mistake.activity].pop(mistake.column, None)
                else:
                    rows[mistake.activity][mistake.column] = mistake.value
    return plans


def write_example_plans(out_dir: str | Path, config: Config | None = None) -> list[Path]:
    """Write the example's filled plans (one per department, with their Analys texts) into ``out_dir``."""
    config = config or default_config()
    return write_templates(config, out_dir, prefill=example_prefill(config), force=True,
                           analysis=example_analysis(config))


@dataclass
class DemoResult:
    """Where the demo put its outputs."""

    templates: list[Path]
    plans: list[Path]
    annotated: list[Path]
    summary: Path
    reports: list[Any]
    document: Path
    follow_ups: list[Path] = field(default_factory=list)
    """The returned T1 follow-up workbooks (with typical mistakes)."""
    follow_up_report: Path | None = None


def run_demo(out: str | Path, console: Any = None) -> DemoResult:
    """Run the whole yearly cycle into ``out`` and print what happens (rich console, optional)."""
    out = Path(out)
    config = default_config()
    say = console.print if console is not None else (lambda *a, **k: None)
    say(f"[bold]1. Mallar[/bold] – HR skriver en mall per avdelning för {config.forvaltning} {config.plan_year}.")
    templates = write_templates(config, out / "mallar", force=True)
    say(f"[bold]2. Ifyllda planer[/bold] – cheferna fyller i (här: de verkliga aktiviteterna ur Farstas plan, "
        f"med {len(MISTAKES)} typiska misstag).")
    plans = write_example_plans(out / "inlamnade", config)
    say("[bold]3. Validering[/bold] – HR kontrollerar de inlämnade planerna:")
    reports = validate_plans([read_plan(p) for p in plans], config)
    if console is not None:
        print_reports(reports, console)
    annotated = [p for p in (annotate(r, path, out / "granskade") for r, path in zip(reports, plans, strict=True)) if p]
    say(f"[bold]4. Sammanställning[/bold] – {len(plans)} planer slås ihop till en arbetsbok för förvaltningen.")
    merged = summarise(reports, config)
    summary = write_workbook(merged, out / "sammanstallning.xlsx", force=True)
    say("[bold]5. Plandokument[/bold] – HR:s inledning, avdelningarnas analys och aktivitetsplanerna som "
        "Word-dokument.")
    document = out / "kompetensforsorjningsplan.docx"
    write_document(merged, document, force=True, introduction=example_introduction_path())
    follow_ups, follow_up_report = run_follow_up(out, config, merged, say)
    return DemoResult(templates, plans, annotated, summary, reports, document, follow_ups, follow_up_report)


def print_outputs(result: DemoResult, console: Any) -> None:
    """Tell the user where each output is and what to open first."""
    console.print()
    console.print("[bold]Klart. Här finns resultatet:[/bold]")
    console.print(f"  Sammanställning för HR:        {result.summary}   ← öppna den först (fliken Översikt)")
    console.print(f"  Plandokument (Word):           {result.document}   ← öppna det sedan: förvaltningens "
                  "kompetensförsörjningsplan")
    console.print(f"  Granskade kopior med markeringar: {result.annotated[0].parent if result.annotated else '–'}"
                  f" ({len(result.annotated)} filer, fliken Valideringsfel)")
    console.print(f"  Inlämnade planer:              {result.plans[0].parent} ({len(result.plans)} filer)")
    console.print(f"  Tomma mallar att skicka ut:    {result.templates[0].parent} ({len(result.templates)} filer)")
    if result.follow_up_report is not None:
        console.print(f"  Uppföljning T1:                {result.follow_up_report} (inlämnade i "
                      f"{result.follow_ups[0].parent if result.follow_ups else '–'})")
    console.print(f"Nästa steg: kfworkbook config init min-forvaltning.toml – och gör om allt för er förvaltning. "
                  f"Fliken {C.SHEET_PLAN} i en mall är det cheferna fyller i.")
