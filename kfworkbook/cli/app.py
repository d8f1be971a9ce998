"""The ``kfworkbook`` command line: a thin typer layer over the public API, in Swedish."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..fileio import OutputExists, os_error_message
from ..version import __version__
from ..words import count
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    OPTIONS,
    ConfigOption,
    JsonOption,
    PlansArgument,
    QuietOption,
    emit,
    imports_done,
    one_blas_thread,
    pause_gc,
)
from .common import config_json as _config_json
from .common import config_path as _config_path
from .common import fail as _fail
from .common import load as _config
from .config_cmds import config_app
from .terminal import echo_lines, with_progress
from .typer_sv import install as _install_swedish

_install_swedish()



class Commands(TyperGroup):
    """The root command group: the one place where a file-system error of any command becomes one Swedish
    line and exit code 2 (a write fault: a read-only folder, a full disk, a file open in Excel, …)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OutputExists as exc:  # decided when the file was moved into place
            _fail(f"{exc} finns redan. Lägg till --force för att skriva över den.")
        except OSError as exc:  # WriteError (a Swedish message) and whatever else the system refused
            _fail(os_error_message(exc))


app = typer.Typer(
    cls=Commands,
    name="kfworkbook",
    help="Mallar, validering och sammanställning av kompetensförsörjningsplaner.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar=OPTIONS,
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
)
app.add_typer(config_app, name="config")

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
        show_default=False, metavar="FIL_ELLER_MAPP", readable=False)] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över filer med samma namn i mappen.")] = False,
    as_json: JsonOption = False,
    knapp: Annotated[bool, typer.Option(
        "--knapp", help="Gör mallarna för Validera-knappen: med knappens cell, fliken Valideringsresultat och "
        "instruktioner om knappen. HR gör sedan en makroaktiverad mall av dem (se macros/README.md).")] = False,
    answers: AnswersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Skriv en Excel-mall per avdelning (och per enhet där konfigurationen har enheter).

    Med --prefill börjar mallarna från förra årets aktiviteter. Med --svar också från årets uppföljningar:
    varje aktivitet som inte är avslutad förs över med sitt senaste svar. Varje rad som behöver ett beslut listas.

    Filer med samma namn skrivs bara över med --force.
    Slutkod 0: mallarna skrevs. 2: fel i kommandot, konfigurationen eller källan, eller filerna finns redan.
    """
    from ..template.plan import TemplatesExist, select_units, write_templates

    cfg = _config(config, announce=not (as_json or quiet))
    try:
        units = select_units(cfg, avdelning)
    except LookupError as exc:
        _fail(str(exc))
    result = None
    if prefill is not None:
        from ..prefill.plans import PrefillError

        try:
            result = _prefill(prefill, answers or [], cfg).only(units)
        except PrefillError as exc:
            _fail(str(exc))
    try:
        paths = with_progress(lambda progress: write_templates(cfg, out, avdelning, result.plans if result else None,
                                                               force=force, button=knapp, progress=progress),
                              "Skriver mallar")
    except TemplatesExist as exc:
        listed = "\n".join(f"  {p}" for p in exc.paths)
        _fail(f"{count(len(exc.paths), 'fil', 'filer')} i {out} skulle skrivas över:\n{listed}\n"
              "Välj en annan mapp med --out eller lägg till --force för att skriva över dem.")
    if as_json:
        document: dict = {"config": _config_json(config, cfg), "output": str(out), "plan_year": cfg.plan_year,
                          "templates": [{"file": str(p), "template": u.label,
                                         "activities": len(result.plans.get(u, ((), {}))[0]) if result else 0}
                                        for u, p in zip(units, paths, strict=True)]}
        emit("template", document | ({"prefill": result.to_dict()} if result is not None else {}))
        return
    if result is None:
        header = f"Skrev {count(len(paths), 'mall', 'mallar')} för {cfg.forvaltning} {cfg.plan_year} till {out}:"
        echo_lines([header] if quiet else [header, *map(str, paths)], quiet)
        return
    from ..prefill.plans import report_lines

    echo_lines(report_lines(result, cfg, list(zip(units, paths, strict=True)), out), quiet)


def _prefill(source: Path, answers: list[Path], cfg):
    """What template --prefill starts from: the source, or with --svar the ledger of last year's plans and answers."""
    from ..prefill.plans import PrefillError
    from ..prefill.plans import prefill as prefill_templates

    if not answers:
        return prefill_templates(source, cfg)
    from ..prefill.follow_up_sources import SourceError, read_ledger
    from ..prefill.ledger_rows import prefill_from_ledger

    missing = [str(p) for p in [source, *answers] if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    try:
        return prefill_from_ledger(read_ledger([source], cfg, answers), cfg)
    except SourceError as exc:
        raise PrefillError(str(exc)) from None


@app.command("validate", options_metavar=OPTIONS)
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Ifyllda planer (.xlsx, .xlsm eller .ods) eller mappar med planer.",
                                                show_default=False, metavar="FIL_ELLER_MAPP...", readable=False)],
    config: ConfigOption = None,
    as_json: JsonOption = False,
    annotate_dir: Annotated[Path | None, typer.Option(
        "--annotate", help="Skriv en kopia av varje fil med anmärkningar till den här mappen: markerade celler och "
        "en kommentar på varje. Originalen ändras aldrig.",
        show_default=False, metavar="MAPP")] = None,
    quiet: QuietOption = False,
) -> None:
    """Kontrollera ifyllda planer cell för cell och visa vad som behöver rättas.

    Slutkod 0: inga fel (varningar tillåtna). 1: minst en fil har fel. 2: fel i kommandot eller konfigurationen,
    eller kopiorna med anmärkningar kunde inte skrivas.
    """
    from ..read.intake import collect, read_plans
    from ..validate.run import reports_json, validate_plans

    cfg = _config(config, announce=not (as_json or quiet))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    intake = collect(paths)
    files, skipped = intake.files, intake.skipped
    if not files:
        _fail("Inga planer (.xlsx, .xlsm eller .ods) hittades i " + ", ".join(str(p) for p in paths) + ".")
    if annotate_dir is not None and any(p.resolve().parent == annotate_dir.resolve() for p in files):
        _fail(f"Välj en annan mapp än {annotate_dir} för --annotate: originalfilerna ligger där.")
    reports = validate_plans(with_progress(lambda progress: read_plans(files, None, progress)), cfg)
    document = reports_json(reports, cfg, [intake.label(p) for p in skipped])
    copies, written = None, []
    if annotate_dir is not None:
        from ..output.reviewed import CopiesRefused, annotate_all

        try:
            copies = annotate_all(files, reports, intake.label, annotate_dir)
        except CopiesRefused as exc:
            _fail(str(exc))
        written = list(copies.written)
    if as_json:
        emit("validate", {"config": _config_json(config, cfg), **document, "annotated": [str(p) for p in written]})
    else:
        from ..output.console import print_validation

        skipped_lines = [(intake.label(p), intake.reasons.get(str(p)) or 'ingen plan') for p in skipped]
        print_validation(reports, document, intake.label, skipped_lines, written, quiet)
    for line in copies.not_written if copies else ():
        typer.echo(line, err=True)
    if copies and copies.write_fault:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)




@app.command("merge", options_metavar=OPTIONS)
def merge_cmd(
    paths: PlansArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Sammanställningen som skrivs (.xlsx).",
                                      show_default=False, metavar="UT.xlsx")],
    config: ConfigOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Ta bara med rader utan fel; rader med fel listas.")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över en befintlig sammanställning.")] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Slå ihop de inlämnade planerna till förvaltningens sammanställning för HR.

    Varje fil valideras; en fil som inte kan läsas eller har fel stoppar aldrig körningen.
    Slutkod 0: sammanställningen skrevs. 2: fel i kommandot eller konfigurationen, eller filen kunde inte skrivas.
    """
    from ..fileio import OutputExists
    from ..output.write import write_workbook
    from ..summary.merge import summary_json

    cfg = _prepare(paths, out, config, force, ".xlsx", "Sammanställningen", announce=not (as_json or quiet))
    summary = _merge(paths, cfg, strict)
    try:
        write_workbook(summary, out, force=force)
    except OutputExists:
        _fail(f"{out} finns redan. Lägg till --force för att skriva över den.")
    if as_json:
        emit("merge", {"config": _config_json(config, cfg), "output": str(out), **summary_json(summary)})
        return
    echo_lines(_merge_lines(summary, out)[:3 if quiet else None])


def _prepare(paths: list[Path], out: Path, config: Path | None, force: bool, suffix: str, what: str,
             announce: bool = True):
    """The preamble of merge and dokument: the configuration (announced), then the inputs and ``out`` checked."""
    cfg = _config(config, announce=announce)
    _check_inputs(paths, out, suffix, what, force)
    return cfg


def _merge(paths: list[Path], cfg, strict: bool):
    """Read, validate and merge ``paths`` (with a progress bar on a terminal)."""
    from ..summary.merge import merge

    return with_progress(lambda progress: merge(paths, cfg, strict=strict, progress=progress))


def _check_inputs(paths: list[Path], out: Path, suffix: str, what: str, force: bool) -> None:
    """Stop with a message when an input is missing, ``out`` has the wrong suffix, is a folder, or exists
    without ``force``."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    if out.suffix.lower() != suffix:
        _fail(f"{what} ska ha ändelsen {suffix}, inte {out.name}.")
    if out.is_dir():
        example = {".xlsx": "sammanstallning.xlsx", ".docx": "kompetensforsorjningsplan.docx"}.get(suffix, "ut" + suffix)
        _fail(f"{out} är en mapp. Ange ett filnamn, till exempel {out / example}.")
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
        *([summary.accounts.summary_line()] if summary.accounts is not None else []),
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
                                                  metavar="MALL.docx", readable=False)] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över ett befintligt dokument.")] = False,
    inledning: Annotated[Path | None, typer.Option(
        "--inledning", help="HR:s eget kapitel 1 för hela förvaltningen (Markdown .md eller Word .docx): rubriker, "
        "stycken, punktlistor och enkla tabeller.", show_default=False, metavar="FIL")] = None,
    utan_bilaga: Annotated[bool, typer.Option(
        "--utan-bilaga", help="Ta inte med bilagan för HR (inlämning, planer som saknas eller har fel).")] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Skriv förvaltningens kompetensförsörjningsplan som Word-dokument ur de inlämnade planerna.

    Kapitel 1 är HR:s egen text (--inledning), kapitel 2 avdelningarnas analys och nyckeltal, kapitel 3
    aktivitetsplanerna per avdelning; bilagan för HR visar inlämningen.
    Samma regler som merge: planer för en annan förvaltning eller ett annat år räknas inte.
    Slutkod 0: dokumentet skrevs. 2: fel i kommandot, konfigurationen, mallen eller inledningen.
    """
    from ..fileio import OutputExists
    from ..output.document import write_document
    from ..output.docx import TemplateError
    from ..output.docx_text import IntroductionError, read_introduction
    from ..summary.merge import summary_json

    cfg = _prepare(paths, out, config, force, ".docx", "Plandokumentet", announce=not (as_json or quiet))
    if template is not None and (not template.is_file() or template.suffix.lower() != ".docx"):
        _fail(f"Word-mallen {template} finns inte eller är inget .docx-dokument.")
    introduction = None
    if inledning is not None:
        try:
            introduction = read_introduction(inledning)
        except IntroductionError as exc:
            _fail(str(exc))
    summary = _merge(paths, cfg, strict)
    try:
        write_document(summary, out, template=template, force=force, introduction=introduction,
                       appendix=not utan_bilaga)
    except OutputExists:
        _fail(f"{out} finns redan. Lägg till --force för att skriva över den.")
    except TemplateError as exc:
        _fail(str(exc))
    if as_json:
        emit("dokument", {"config": _config_json(config, cfg), "output": str(out), **summary_json(summary)})
        return
    echo_lines(_merge_lines(summary, out)[:3] if quiet else [
        *_merge_lines(summary, out), f"Öppna {out} i Word: innehållsförteckningen fylls i när dokumentet öppnas."])


AnswersOption = Annotated[
    list[Path] | None,
    typer.Option("--svar", help="Inlämnade uppföljningar från tidigare perioder (filer eller mappar); ange flaggan en "
                 "gång per mapp, till exempel --svar uppfoljning-T1-inlamnade/.", show_default=False,
                 metavar="FIL_ELLER_MAPP"),
]


@app.command("uppfoljning", options_metavar=OPTIONS)
def follow_up_cmd(
    paths: Annotated[list[Path], typer.Argument(
        help="Godkända planer eller en sammanställning från merge (filer eller mappar).", show_default=False,
        metavar="FIL_ELLER_MAPP...", readable=False)],
    period: Annotated[str, typer.Option("--period", "-p", help="Uppföljningsperiod: T1, T2 eller VB.",
                                        show_default=False, metavar="PERIOD")],
    answers: AnswersOption = None,
    remove: Annotated[list[str] | None, typer.Option(
        "--ta-bort", help="Ta bort en aktivitet ur uppföljningen efter beslut av HR: ett Aktivitets-ID, eller en "
        "textfil med ett Aktivitets-ID och skälet på varje rad. Aktiviteten räknas som borttagen av HR.",
        show_default=False, metavar="ID_ELLER_FIL")] = None,
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som uppföljningarna skrivs till.",
                                      metavar="MAPP")] = Path("uppfoljning"),
    knapp: Annotated[bool, typer.Option(
        "--knapp", help="Gör uppföljningarna för Validera-knappen: med knappens cell, fliken Valideringsresultat "
        "och instruktioner om knappen (se macros/README.md).")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över befintliga uppföljningar.")] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Skriv en uppföljning per avdelning eller enhet med en godkänd plan (tertial 1, tertial 2 eller VB).

    Varje period görs ur de godkända planerna och alla svar som har kommit in (--svar): en enhet som inte
    svarade förra perioden får alla sina aktiviteter igen, och borttagna rader och ändrade id kommer
    tillbaka med det senaste svaret. Konsolen visar vart varje aktivitet tog vägen.
    Slutkod 0: uppföljningarna skrevs. 2: fel i kommandot, källorna eller konfigurationen.
    """
    from ..forms.spec import PERIODS
    from ..prefill.follow_up_sources import SourceError, read_ledger, read_removals
    from ..summary.ledger import LedgerError
    from ..template.follow_up import FollowUpsExist, write_follow_ups

    cfg = _config(config, announce=not (as_json or quiet))
    period = period.strip().upper()
    if period not in PERIODS:
        _fail(f"Perioden ska vara T1, T2 eller VB, inte {period}.")
    missing = [str(p) for p in [*paths, *(answers or [])] if not p.exists()]
    if missing:
        _fail(f"Hittar inte {', '.join(missing)}. Ange befintliga filer eller mappar.")
    try:
        ledger = read_ledger(paths, cfg, answers or [], read_removals(remove or []))
        units = ledger.returned_units if ledger.from_answers_only else ledger.follow_up_units(period)
        written = write_follow_ups(ledger.config, units, period, out, force=force, button=knapp)
    except (SourceError, LedgerError) as exc:
        _fail(str(exc))
    except FollowUpsExist as exc:
        _fail(f"{count(len(exc.paths), 'uppföljning', 'uppföljningar')} finns redan i {out}. Lägg till --force "
              "för att skriva över dem.")
    activities = sum(len(u.rows) for u in units)
    if as_json:
        emit("uppfoljning", {"config": _config_json(config, cfg), "period": period, "output": str(out),
                             "activities": activities, "ledger": ledger.lines(period),
                             "files": [{"file": str(path), "department": u.unit.department, "unit": u.unit.unit or None,
                                        "activities": len(u.rows)} for u, path in zip(units, written, strict=True)]})
        return
    if not quiet:
        echo_lines(ledger.lines(period))
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
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Skriv ett e-postutkast till varje enhet som inte har lämnat in eller behöver rätta sin plan.

    Kör kommandot på samma filer som merge, för planen eller för en periods uppföljning. Utkasten öppnas
    som osända meddelanden i Outlook, med mottagare, text och bilaga klara att skicka.
    Slutkod 0: utkasten skrevs. 2: fel i kommandot eller konfigurationen, ingen sista dag, en uppföljning
    att bifoga som inte finns, eller utkast som skulle skrivas över utan --force.
    """
    from datetime import date

    from ..output.reminders import DraftsExist, ReminderError, reminder_lines, write_reminders

    cfg = _config(config, announce=not (as_json or quiet))
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
        emit("paminnelser", {"config": _config_json(config, cfg), **result.to_dict()})
        return
    echo_lines(reminder_lines(result), quiet)


@app.command("demo", options_metavar=OPTIONS)
def demo_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som demonstrationen skriver till.",
                                      metavar="MAPP")] = Path("demo"),
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Kör hela årets cykel på exemplet Farsta 2022: mallar, ifyllda planer, validering och sammanställning."""
    from rich.console import Console

    from ..demo.year import print_outputs, run_demo

    imports_done()
    console = Console(highlight=False, soft_wrap=True)
    result = run_demo(out, None if as_json or quiet else console)
    if as_json:
        from ..config import default_config
        from ..validate.run import reports_json

        emit("demo", {"output": str(out), **{k: _strings(getattr(result, k)) for k in (
            "templates", "plans", "annotated", "summary", "document", "follow_ups", "follow_up_report")},
            "files": reports_json(result.reports, default_config())["files"]})
        return
    print_outputs(result, console)


def _strings(value):
    return [str(v) for v in value] if isinstance(value, list) else (None if value is None else str(value))


@app.command("lite", options_metavar=OPTIONS)
def lite_cmd(
    wheel_url: Annotated[str, typer.Option(
        "--wheel-url", help="Webbadressen (https) till kfworkbook-hjulet som xlwings Lite ska installera.",
        show_default=False, metavar="ADRESS")],
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Mapp som main.py och requirements.txt skrivs till.",
                                      metavar="MAPP")] = Path("xlwings_lite"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över befintliga filer.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Skriv main.py och requirements.txt för Validera-knappen i xlwings Lite, med förvaltningens konfiguration."""
    from ..button.lite import PYODIDE_VERSION, LiteError, requirement_lines, write_lite
    from ..config import ConfigError

    config = _config_path(config)
    cfg = _config(config, announce=not as_json)
    try:
        paths = write_lite(out, wheel_url, config, force=force)
    except (ConfigError, LiteError) as exc:
        _fail(str(exc))
    if as_json:
        emit("lite", {"config": _config_json(config, cfg), "output": str(out), "files": [str(p) for p in paths],
                      "wheel_url": wheel_url.strip(), "requirements": requirement_lines(), "pyodide": PYODIDE_VERSION})
        return
    typer.echo(f"Skrev koden för Validera-knappen i xlwings Lite för {cfg.forvaltning} {cfg.plan_year}:")
    for path in paths:
        typer.echo(f"  {path}")
    typer.echo("Klistra in filerna i flikarna main.py och requirements.txt i Lite-redigeraren (se macros/README.md).")


def main() -> None:
    """Entry point of the ``kfworkbook`` script: one command in a process of its own.

    pandera imports its hypothesis strategies when hypothesis is installed (a test or analyst's venv), to
    generate data, which no command does: here it is not importable, as in a runtime install. The cyclic
    garbage collector pauses while the command imports its modules (:func:`~kfworkbook.cli.common.pause_gc`)
    and is frozen when the command ends, so that leaving the process does not walk every object once more.
    numpy runs single-threaded (:func:`~kfworkbook.cli.common.one_blas_thread`).
    """
    sys.modules.setdefault("hypothesis", None)
    one_blas_thread()
    pause_gc()
    try:
        app(prog_name="kfworkbook")
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
