"""``kfworkbook config``: write, check and explain the configuration file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import OPTIONS, ConfigOption, JsonOption, config_json, emit, fail, load
from .terminal import echo_lines

config_app = typer.Typer(help="Skapa och kontrollera konfigurationsfilen och visa reglerna den ger.", no_args_is_help=True,
                         options_metavar=OPTIONS, subcommand_metavar="KOMMANDO [ARGUMENT]...")


@config_app.command("init", options_metavar=OPTIONS)
def config_init(
    path: Annotated[Path, typer.Argument(help="Filen som skapas.", metavar="FIL")] = Path("kfworkbook.toml"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Skriv över en befintlig fil.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Skriv standardkonfigurationen till en fil som du redigerar för din förvaltning."""
    from ..config import default_config_text
    from ..fileio import atomic_write

    if path.exists() and not force:
        fail(f"{path} finns redan. Välj ett annat namn eller lägg till --force för att skriva över den.")
    text = default_config_text()
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if as_json:
        emit("config-init", {"file": str(path)})
        return
    typer.echo(f"Skrev {path}. Redigera förvaltning, år, avdelningar och listor, och kontrollera sedan med:")
    typer.echo(f"  kfworkbook config check {path}")


@config_app.command("check", options_metavar=OPTIONS)
def config_check(
    path: Annotated[Path | None, typer.Argument(help="Filen som kontrolleras. Utan den kontrolleras den inbyggda "
                                                "standarden.", show_default=False, metavar="FIL", readable=False)] = None,
    folder: Annotated[str | None, typer.Option(
        "--mapp", help="Mappen (Windows-sökväg) där mallarna ska ligga, för att mäta sökvägarnas längd. Utan den: en "
        "vanlig OneDrive-mapp.", show_default=False, metavar="MAPP")] = None,
    as_json: JsonOption = False,
) -> None:
    """Kontrollera en konfigurationsfil och visa vad mallarna kommer att innehålla och hur långa sökvägarna blir."""
    from .config_report import check, check_document, check_lines

    cfg = load(path, announce=not as_json)
    paths, warnings = check(cfg, folder)
    if as_json:
        emit("config-check", {"config": config_json(path, cfg), **check_document(cfg, paths, warnings)})
        return
    echo_lines(check_lines(cfg, paths, warnings, folder is not None))


@config_app.command("schema", options_metavar=OPTIONS)
def config_schema(config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Visa reglerna som valideringen kontrollerar med konfigurationen: kolumn, regel, fel eller varning."""
    from .config_report import print_rules, rules_document

    cfg = load(config, announce=not as_json)
    if as_json:
        emit("config-schema", {"config": config_json(config, cfg), **rules_document(cfg)})
        return
    print_rules(cfg)
