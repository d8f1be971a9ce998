"""The ``kfworkbook`` command line: a thin typer layer over the public API, in Swedish."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..version import __version__
from ..words import count
from .typer_sv import install as _install_swedish

_install_swedish()

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
OPTIONS = "[FLAGGOR]"

app = typer.Typer(
    name="kfworkbook",
    help="Mallar, validering och sammanställning av kompetensförsörjningsplaner.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar=OPTIONS,
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
)
config_app = typer.Typer(help="Skapa och kontrollera konfigurationsfilen och visa reglerna den ger.", no_args_is_help=True,
                         options_metavar=OPTIONS, subcommand_metavar="KOMMANDO [ARGUMENT]...")
app.add_typer(config_app, name="config")

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Konfigurationsfil (TOML). Utan den används kfworkbook.toml i den aktuella "
                 "mappen om den finns, annars den inbyggda standarden.",
                 show_default=False, metavar="FIL"),
]

PlansArgument = Annotated[
    list[Path],
    typer.Argument(help="Inlämnade planer (.xlsx, .xlsm eller .ods) eller mappar med planer.", show_default=False,
                   metavar="FIL_ELLER_MAPP..."),
]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"Fel: {message}", err=True)
    raise typer.Exit(code)


def _config(path: Path | None, announce: bool = True):
    """Load the configuration (``--config``, else kfworkbook.toml here, else the built-in default).

    With ``announce``, the first output line says which configuration is in use.
    """
    from ..config import ConfigError, load_config

    path = _config_path(path)
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        _fail(str(exc))
    if announce:
        typer.echo(f"Konfiguration: {_config_source(path)} ({cfg.forvaltning}, planår {cfg.plan_year})")
    return cfg


def _config_path(path: Path | None) -> Path | None:
    from ..config import DEFAULT_CONFIG_NAME

    if path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        return Path(DEFAULT_CONFIG_NAME)
    return path


def _config_source(path: Path | None) -> str:
    return "inbyggd standard" if path is None else str(path)


def _config_json(path: Path | None, cfg) -> dict:
    return {"source": _config_source(_config_path(path)), "forvaltning": cfg.forvaltning, "plan_year": cfg.plan_year}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kfworkbook {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Visa versionen och avsluta.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Mallar, validering och sammanställning av kompetensförsörjningsplaner.

    Årets gång: [bold]config init[/] → [bold]template[/] (skicka mallarna till cheferna) →
    [bold]validate[/] (kontrollera de ifyllda planerna) → [bold]merge[/] (sammanställning för HR) →
    [bold]paminnelser[/] (e-postutkast till enheter som saknas eller har fel) → [bold]dokument[/] (planen som
    Word-dokument).
    """


@app.command("template", options_metavar=OPTIONS)
def template_cmd(
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som mallarna skrivs till.", metavar="MAPP")] = Path(
        "mallar"),
    avdelning: Annotated[str | None, typer.Option("--avdelning", "-a",
                                                  help="Skriv bara mallarna för den här avdelningen.",
                                                  show_default=False, metavar="NAMN")] = None,
    prefill: Annotated[Path | None, typer.Option(
        "--prefill", help="Fyll i mallarna med aktiviteterna i en sammanställning från merge, en mapp med förra "
        "årets planer, en CSV- eller Excel-fil med mallens rubriker och Avdelning (och Enhet), eller förra årets "
        "plan i Word (.docx, eller en mapp med ett dokument per avdelning).",
        show_default=False, metavar="FIL_ELLER_MAPP")] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över filer med samma namn i mappen.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som ett JSON-dokument.")] = False,
    knapp: Annotated[bool, typer.Option(
        "--knapp", help="Gör mallarna för Validera-knappen: med knappens cell, fliken Valideringsresultat och "
        "instruktioner om knappen. HR gör sedan en makroaktiverad mall av dem (se macros/README.md).")] = False,
) -> None:
    """Skriv en Excel-mall per avdelning (och per enhet där konfigurationen har enheter).

    Med --prefill börjar mallarna från förra årets aktiviteter. Varje rad som behöver ett beslut listas.

    Filer med samma namn skrivs bara över med --force.
    Slutkod 0: mallarna skrevs. 2: fel i kommandot, konfigurationen eller källan, eller filerna finns redan.
    """
    from ..template.plan import TemplatesExist, select_units, write_templates

    cfg = _config(config, announce=not as_json)
    try:
        units = select_units(cfg, avdelning)
    except LookupError as exc:
        _fail(str(exc))
    result = None
    if prefill is not None:
        from ..prefill.plans import PrefillError
        from ..prefill.plans import prefill as prefill_templates

        try:
            result = prefill_templates(prefill, cfg).only(units)
        except PrefillError as exc:
            _fail(str(exc))
    try:
        paths = write_templates(cfg, out, avdelning, result.plans if result else None, force=force, button=knapp)
    except TemplatesExist as exc:
        listed = "\n".join(f"  {p}" for p in exc.paths)
        _fail(f"{count(len(exc.paths), 'fil', 'filer')} i {out} skulle skrivas över:\n{listed}\n"
              "Välj en annan mapp med --out eller lägg till --force för att skriva över dem.")
    if as_json:
        import json

        document: dict = {"config": _config_json(config, cfg), "output": str(out), "plan_year": cfg.plan_year,
                          "templates": [{"file": str(p), "template": u.label,
                                         "activities": len(result.plans.get(u, ((), {}))[0]) if result else 0}
                                        for u, p in zip(units, paths, strict=True)]}
        if result is not None:
            document["prefill"] = result.to_dict()
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
        return
    if result is None:
        typer.echo(f"Skrev {count(len(paths), 'mall', 'mallar')} för {cfg.forvaltning} {cfg.plan_year} till {out}:")
        for path in paths:
            typer.echo(str(path))
        return
    from ..prefill.plans import report_lines

    for line in report_lines(result, cfg, list(zip(units, paths, strict=True)), out):
        typer.echo(line)


@app.command("validate", options_metavar=OPTIONS)
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Ifyllda planer (.xlsx, .xlsm eller .ods) eller mappar med planer.",
                                                show_default=False, metavar="FIL_ELLER_MAPP...")],
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som ett JSON-dokument.")] = False,
    annotate_dir: Annotated[Path | None, typer.Option(
        "--annotate", help="Skriv en kopia av varje fil med anmärkningar till den här mappen: markerade celler och "
        "en kommentar på varje. Originalen ändras aldrig.",
        show_default=False, metavar="MAPP")] = None,
) -> None:
    """Kontrollera ifyllda planer cell för cell och visa vad som behöver rättas.

    Slutkod 0: inga fel (varningar tillåtna). 1: minst en fil har fel. 2: fel i kommandot eller konfigurationen.
    """
    from ..read.intake import collect
    from ..read.workbook import read_plan
    from ..validate.run import reports_json, validate_plans

    cfg = _config(config, announce=not as_json)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    intake = collect(paths)
    files, skipped = intake.files, intake.skipped
    if not files:
        _fail("Inga planer (.xlsx, .xlsm eller .ods) hittades i " + ", ".join(str(p) for p in paths) + ".")
    reports = validate_plans([read_plan(p) for p in files], cfg)
    document = reports_json(reports, cfg, [intake.label(p) for p in skipped])
    written: list[Path] = []
    if annotate_dir is not None:
        from ..output.annotate import annotate

        for path, report in zip(files, reports, strict=True):
            if path.resolve().parent == annotate_dir.resolve():
                _fail(f"Välj en annan mapp än {annotate_dir} för --annotate: originalfilerna ligger där.")
            copy = annotate(report, path, annotate_dir)
            if copy is not None:
                written.append(copy)
    if as_json:
        import json


        document = {"config": _config_json(config, cfg), **document}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        from ..output.console import print_reports

        console = Console(highlight=False, soft_wrap=True)
        foreign = {}
        if "hint" in document:  # said once, to HR, instead of every plan's errors against the wrong lists
            console.print(document["hint"])
            foreign = {e["file"]: e["reason"] for e in document["files"] if e.get("reason")}
        print_reports(reports, console, intake.label, foreign)
        for path in skipped:
            console.print(f"Hoppade över {intake.label(path)} (ingen plan).")
        for path in written:
            console.print(f"Skrev kopia med anmärkningar: {path}")
    raise typer.Exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)


@app.command("merge", options_metavar=OPTIONS)
def merge_cmd(
    paths: PlansArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Sammanställningen som skrivs (.xlsx).",
                                      show_default=False, metavar="UT.xlsx")],
    config: ConfigOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Ta bara med rader utan fel; rader med fel listas.")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över en befintlig sammanställning.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv summor och status per fil som JSON.")] = False,
) -> None:
    """Slå ihop de inlämnade planerna till förvaltningens sammanställning för HR.

    Varje fil valideras; en fil som inte kan läsas eller har fel stoppar aldrig körningen.
    Slutkod 0: sammanställningen skrevs. 2: fel i kommandot eller konfigurationen.
    """
    from ..fileio import OutputExists
    from ..output.write import write_workbook
    from ..summary.merge import summary_json

    cfg = _prepare(paths, out, config, force, ".xlsx", "Sammanställningen", announce=not as_json)
    summary = _merge(paths, cfg, strict)
    try:
        write_workbook(summary, out, force=force)
    except OutputExists:
        _fail(f"{out} finns redan. Lägg till --force för att skriva över den.")
    if as_json:
        import json

        document = {"config": _config_json(config, cfg), "output": str(out), **summary_json(summary)}
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
        return
    for line in _merge_lines(summary, out):
        typer.echo(line)


def _prepare(paths: list[Path], out: Path, config: Path | None, force: bool, suffix: str, what: str,
             announce: bool = True):
    """The preamble of merge and dokument: the configuration (announced), then the inputs and ``out`` checked."""
    cfg = _config(config, announce=announce)
    _check_inputs(paths, out, suffix, what, force)
    return cfg


def _merge(paths: list[Path], cfg, strict: bool):
    """Read, validate and merge ``paths`` (with a progress bar on a terminal)."""
    from ..summary.merge import merge

    return _with_progress(lambda progress: merge(paths, cfg, strict=strict, progress=progress))


def _check_inputs(paths: list[Path], out: Path, suffix: str, what: str, force: bool) -> None:
    """Stop with a message when an input is missing, ``out`` has the wrong suffix, or exists without ``force``."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    if out.suffix.lower() != suffix:
        _fail(f"{what} ska ha ändelsen {suffix}, inte {out.name}.")
    if out.exists() and not force:
        _fail(f"{out} finns redan. Lägg till --force för att skriva över den.")


def _merge_lines(summary, out: Path) -> list[str]:
    """The console lines of ``merge``: what was written, the figures that add up, then every note."""
    _n = count
    t, form = summary.totals, summary.form
    return [
        f"Skrev {out}: {_n(t['activities'], 'aktivitet', 'aktiviteter')} från {_n(t['plans'], *form.nouns)}"
        + (f" ({form.period})" if form.period else "") + ".",
        f"Enheter: {_n(t['expected'], 'förväntad', 'förväntade')} – {_n(t['approved'], 'godkänd', 'godkända')}, "
        f"{t['with_warnings']} med varningar, {t['with_errors']} med fel, {t['unreadable']} kunde inte läsas, "
        f"{t['missing']} saknas.",
        f"Filer: {t['files']} i inlämningen – {t['plans']} räknas, {_n(t['replaced'], 'ersatt', 'ersatta')} av en "
        f"nyare, {t['foreign']} hör inte till planen, {t['unreadable_files']} kunde inte läsas, "
        f"{_n(t['skipped'], 'överhoppad', 'överhoppade')}.",
        *summary.notes,
    ]


@app.command("dokument", options_metavar=OPTIONS)
def document_cmd(
    paths: PlansArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Plandokumentet som skrivs (.docx).",
                                      show_default=False, metavar="UT.docx")],
    config: ConfigOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Ta bara med rader utan fel.")] = False,
    template: Annotated[Path | None, typer.Option("--mall", help="Förvaltningens egen Word-mall (.docx): dess "
                                                  "formatmallar, sidhuvud och logotyp används.", show_default=False,
                                                  metavar="MALL.docx")] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över ett befintligt dokument.")] = False,
) -> None:
    """Skriv förvaltningens kompetensförsörjningsplan som Word-dokument ur de inlämnade planerna.

    Dokumentet har en sammanfattning, avdelningarnas egen analys och aktivitetsplanerna per avdelning.
    Samma regler som merge: planer för en annan förvaltning eller ett annat år räknas inte.
    Slutkod 0: dokumentet skrevs. 2: fel i kommandot, konfigurationen eller mallen.
    """
    from ..fileio import OutputExists
    from ..output.docx import TemplateError
    from ..output.write import write_document

    cfg = _prepare(paths, out, config, force, ".docx", "Plandokumentet")
    if template is not None and (not template.is_file() or template.suffix.lower() != ".docx"):
        _fail(f"Word-mallen {template} finns inte eller är inget .docx-dokument.")
    summary = _merge(paths, cfg, strict)
    try:
        write_document(summary, out, template=template, force=force)
    except OutputExists:
        _fail(f"{out} finns redan. Lägg till --force för att skriva över den.")
    except TemplateError as exc:
        _fail(str(exc))
    for line in _merge_lines(summary, out):
        typer.echo(line)
    typer.echo(f"Öppna {out} i Word: innehållsförteckningen fylls i när dokumentet öppnas.")


def _with_progress(run):
    """Run ``run(progress)`` with a rich progress bar on standard error when it is a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return run(None)
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Läser planer", total=None)
        return run(lambda done, total: bar.update(task, completed=done, total=total))


@app.command("uppfoljning", options_metavar=OPTIONS)
def follow_up_cmd(
    paths: Annotated[list[Path], typer.Argument(
        help="Godkända planer, en sammanställning från merge eller uppföljningar från en tidigare period "
        "(filer eller mappar).", show_default=False, metavar="FIL_ELLER_MAPP...")],
    period: Annotated[str, typer.Option("--period", "-p", help="Uppföljningsperiod: T1, T2 eller VB.",
                                        show_default=False, metavar="PERIOD")],
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som uppföljningarna skrivs till.",
                                      metavar="MAPP")] = Path("uppfoljning"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över befintliga uppföljningar.")] = False,
) -> None:
    """Skriv en uppföljning per avdelning eller enhet som lämnade en plan (tertial 1, tertial 2 eller VB).

    Slutkod 0: uppföljningarna skrevs. 2: fel i kommandot, källorna eller konfigurationen.
    """
    from ..forms.spec import PERIODS
    from ..prefill.follow_up_sources import SourceError, read_sources
    from ..template.follow_up import FollowUpsExist, write_follow_ups

    cfg = _config(config)
    period = period.strip().upper()
    if period not in PERIODS:
        _fail(f"Perioden ska vara T1, T2 eller VB, inte {period}.")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    try:
        units = read_sources(paths, cfg)
        written = write_follow_ups(cfg, units, period, out, force=force)
    except SourceError as exc:
        _fail(str(exc))
    except FollowUpsExist as exc:
        _fail(f"{count(len(exc.paths), 'uppföljning', 'uppföljningar')} finns redan i {out}. Lägg till --force "
              "för att skriva över dem.")
    activities = sum(len(u.rows) for u in units)
    typer.echo(f"Skrev {count(len(written), 'uppföljning', 'uppföljningar')} för {period} "
               f"({count(activities, 'aktivitet', 'aktiviteter')}) till {out}.")


@app.command("paminnelser", options_metavar=OPTIONS)
def reminders_cmd(
    paths: PlansArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som utkasten (.eml) skrivs till.",
                                      metavar="MAPP")] = Path("utkast"),
    config: ConfigOption = None,
    deadline: Annotated[str | None, typer.Option(
        "--sista-dag", help="Sista dag att lämna in, till exempel 2027-03-31. Utan den gäller sista_dag under "
        "\\[paminnelse] i konfigurationen.", show_default=False, metavar="ÅÅÅÅ-MM-DD")] = None,
    sent_from: Annotated[Path | None, typer.Option(
        "--utskick", help="Mappen som mallarna eller uppföljningarna skickades ut från: en enhet som saknas får "
        "sin egen fil därifrån. Krävs för uppföljningar; för planen bifogas annars en ny tom mall.",
        show_default=False, metavar="MAPP")] = None,
    warnings: Annotated[bool, typer.Option("--varningar", help="Skriv utkast också till enheter vars plan bara "
                                           "har varningar.")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över befintliga utkast.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv utkasten och enheterna som JSON.")] = False,
) -> None:
    """Skriv ett e-postutkast till varje enhet som inte har lämnat in eller behöver rätta sin plan.

    Kör kommandot på samma filer som merge, för planen eller för en periods uppföljning. Utkasten öppnas
    som osända meddelanden i Outlook, med mottagare, text och bilaga klara att skicka.
    Slutkod 0: utkasten skrevs. 2: fel i kommandot eller konfigurationen, ingen sista dag, en uppföljning
    att bifoga som inte finns, eller utkast som skulle skrivas över utan --force.
    """
    from datetime import date

    from ..output.reminders import DraftsExist, ReminderError, reminder_lines, write_reminders

    cfg = _config(config, announce=not as_json)
    missing = [str(p) for p in [*paths, *([sent_from] if sent_from else [])] if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    day = None
    if deadline is not None:
        try:
            day = date.fromisoformat(deadline.strip())
        except ValueError:
            _fail(f"Sista dag ska skrivas ÅÅÅÅ-MM-DD, till exempel {cfg.plan_year}-03-31, inte {deadline}.")
    summary = _merge(paths, cfg, strict=False)
    try:
        result = write_reminders(summary, out, deadline=day, warnings=warnings, sent_from=sent_from, force=force)
    except ReminderError as exc:
        _fail(str(exc))
    except DraftsExist as exc:
        listed = "\n".join(f"  {p}" for p in exc.paths)
        _fail(f"{count(len(exc.paths), 'fil', 'filer')} i {out} skulle skrivas över:\n{listed}\n"
              "Välj en annan mapp med --out eller lägg till --force för att skriva över dem.")
    if as_json:
        import json

        typer.echo(json.dumps({"config": _config_json(config, cfg), **result.to_dict()}, ensure_ascii=False,
                              indent=2))
        return
    for line in reminder_lines(result):
        typer.echo(line)


@app.command("demo", options_metavar=OPTIONS)
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som demonstrationen skriver till.",
                                      metavar="MAPP")] = Path("demo"),
) -> None:
    """Kör hela årets cykel på exemplet Farsta 2022: mallar, ifyllda planer, validering och sammanställning."""
    from rich.console import Console

    from ..demo.year import print_outputs, run_demo

    console = Console(highlight=False, soft_wrap=True)
    print_outputs(run_demo(out, console), console)


@app.command("lite", options_metavar=OPTIONS)
def lite_cmd(
    wheel_url: Annotated[str, typer.Option(
        "--wheel-url", help="Webbadressen (https) till kfworkbook-hjulet som xlwings Lite ska installera.",
        show_default=False, metavar="ADRESS")],
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som main.py och requirements.txt skrivs till.",
                                      metavar="MAPP")] = Path("xlwings_lite"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över befintliga filer.")] = False,
) -> None:
    """Skriv main.py och requirements.txt för Validera-knappen i xlwings Lite, med förvaltningens konfiguration."""
    from ..button.lite import LiteError, write_lite
    from ..config import ConfigError

    config = _config_path(config)
    cfg = _config(config)
    try:
        paths = write_lite(out, wheel_url, config, force=force)
    except (ConfigError, LiteError) as exc:
        _fail(str(exc))
    typer.echo(f"Skrev koden för Validera-knappen i xlwings Lite för {cfg.forvaltning} {cfg.plan_year}:")
    for path in paths:
        typer.echo(f"  {path}")
    typer.echo("Klistra in filerna i flikarna main.py och requirements.txt i Lite-redigeraren (se macros/README.md).")


@config_app.command("init", options_metavar=OPTIONS)
def config_init(
    path: Annotated[Path, typer.Argument(help="Filen som skapas.", metavar="FIL")] = Path("kfworkbook.toml"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över en befintlig fil.")] = False,
) -> None:
    """Skriv standardkonfigurationen till en fil som du redigerar för din förvaltning."""
    from ..config import default_config_text
    from ..fileio import atomic_write

    if path.exists() and not force:
        _fail(f"{path} finns redan. Välj ett annat namn eller lägg till --force för att skriva över den.")
    text = default_config_text()
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    typer.echo(f"Skrev {path}. Redigera förvaltning, år, avdelningar och listor, och kontrollera sedan med:")
    typer.echo(f"  kfworkbook config check {path}")


@config_app.command("check", options_metavar=OPTIONS)
def config_check(
    path: Annotated[Path | None, typer.Argument(help="Filen som kontrolleras. Utan den kontrolleras den inbyggda "
                                                "standarden.", show_default=False, metavar="FIL")] = None,
) -> None:
    """Kontrollera en konfigurationsfil och visa vad mallarna kommer att innehålla."""
    cfg = _config(path)
    typer.echo(f"{cfg.forvaltning}, planår {cfg.plan_year}, planperiod {cfg.period_label}, "
               f"mallversion {cfg.template_version}")
    units = cfg.plan_units()
    typer.echo(f"{count(len(cfg.departments), 'avdelning', 'avdelningar')}, {count(len(units), 'mall', 'mallar')}:")
    for unit in units:
        typer.echo(f"  {unit.label}")
    for key, items in cfg.iter_lists():
        from ..forms.columns import LIST_BY_KEY

        typer.echo(f"{LIST_BY_KEY[key].title}: {count(len(items), 'värde', 'värden')}")
    typer.echo(f"Fliken Analys: {count(len(cfg.analysis), 'fält', 'fält')}:")
    for field in cfg.analysis:
        typer.echo(f"  {field.label} ({ANALYSIS_KINDS[field.kind]}{' ' + field.list_name if field.list_name else ''})")
    for warning in cfg.warnings():
        typer.echo(f"Varning: {warning}")
    typer.echo("Konfigurationen är giltig.")


ANALYSIS_KINDS = {"text": "fri text", "tal": "tal", "procent": "procent 0–100", "lista": "värde ur listan"}
"""How ``config check`` describes the kinds of Analys fields."""


@config_app.command("schema", options_metavar=OPTIONS)
def config_schema(config: ConfigOption = None) -> None:
    """Visa reglerna som valideringen kontrollerar med konfigurationen: kolumn, regel, fel eller varning."""
    from rich.console import Console
    from rich.table import Table

    from ..issues import CATALOGUE
    from ..validate.schema import describe

    cfg = _config(config)
    table = Table(title=f"Regler för aktivitetsplanen – {cfg.forvaltning} {cfg.plan_year}", title_justify="left",
                  header_style="bold")
    table.add_column("Kolumn", no_wrap=True)
    table.add_column("Regel", overflow="fold")
    table.add_column("Typ", no_wrap=True)
    table.add_column("Kod", no_wrap=True)
    for header, rule, code in describe(cfg):
        table.add_row(header, rule, CATALOGUE[code].severity, code)
    Console(highlight=False, soft_wrap=True).print(table)
    from ..validate.schema import describe_analysis

    analysis = Table(title="Regler för fliken Analys", title_justify="left", header_style="bold")
    for name in ("Fält", "Regel", "Typ", "Kod"):
        analysis.add_column(name, overflow="fold" if name == "Regel" else "ellipsis", no_wrap=name != "Regel")
    for label, rule, code in describe_analysis(cfg):
        analysis.add_row(label, rule, CATALOGUE[code].severity, code)
    Console(highlight=False, soft_wrap=True).print(analysis)


def main() -> None:
    """Entry point of the ``kfworkbook`` script."""
    app(prog_name="kfworkbook")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
