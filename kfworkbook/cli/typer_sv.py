"""Swedish texts for the help and error screens that typer prints.

typer keeps these strings as module constants and defaults; this module replaces them once, at
CLI start. Each replacement is guarded, so a typer release that moves a string leaves that one
string in English instead of breaking the CLI (a test checks the help screens).

The strings of typer's rich screens live in ``typer.rich_utils``, which imports most of rich (markdown,
tables, tracebacks) and which typer itself imports only to draw help, a usage error or an abort. So
that a command that runs without any of these never imports it, its strings are replaced when typer
first imports it (:class:`_WhenImported`), not at start.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

_RICH = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "DEFAULT_STRING": "[standard: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "RICH_HELP": "Skriv [blue]'{command_path} {help_option}'[/] för hjälp.",
}

_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (\S+) \(Possible options: (.*)\)$", r"Okänd flagga: \1 (möjliga flaggor: \2)"),
    (r"^No such option: (.*)$", r"Okänd flagga: \1"),
    (r"^No such command '(.*?)'\. Did you mean '(.*?)'\?$", r"Okänt kommando: \1. Menade du \2?"),
    (r"^No such command '?(.*?)'?\.$", r"Okänt kommando: \1"),
    (r"^Missing argument '(.*)'\.?$", r"Argumentet \1 saknas."),
    (r"^Missing option '([^']*)' / '([^']*)'\.?$", r"Flaggan \1 (\2) saknas."),
    (r"^Missing option '(.*)'\.?$", r"Flaggan \1 saknas."),
    (r"^Missing command\.$", "Ange ett kommando."),
    (r"^Option '(.*)' requires an argument\.$", r"Flaggan \1 behöver ett värde."),
    (r"^Got unexpected extra argument(?:\(s\))? \((.*)\)$", r"Oväntade argument: \1"),
    (r"^Invalid value for (.*?): (?:File|Directory|Path) '(.*)' is not readable\.$",
     r"\2 kan inte läsas: du har inte behörighet att öppna den. Kontrollera behörigheten eller kopiera filen till en "
     r"mapp du har tillgång till."),
    (r"^Invalid value for (.*?): (?:File|Directory|Path) '(.*)' is not writable\.$",
     r"\2 kan inte skrivas: du har inte behörighet. Välj en annan fil eller mapp."),
    (r"^Invalid value for (.*?): (?:File|Directory|Path) '(.*)' does not exist\.$",
     r"Hittar inte \2. Ange en befintlig fil eller mapp."),
    (r"^Invalid value for (.*?): (?:File|Directory|Path) '(.*)' is a file\.$", r"\2 är en fil; ange en mapp."),
    (r"^Invalid value for (.*?): (?:File|Directory|Path) '(.*)' is a directory\.$", r"\2 är en mapp; ange en fil."),
    (r"^Invalid value for (.*?): (.*)$", r"Ogiltigt värde för \1: \2"),
)

_installed = False


def translate_error(message: str) -> str:
    """The Swedish form of a typer usage-error message (unchanged when no rule matches)."""
    for pattern, replacement in _ERRORS:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def install() -> None:
    """Replace typer's English help and error texts with Swedish ones (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    _patch_help_option()
    _patch_type_column()
    _patch_usage_prefix()
    _patch_usage_errors()
    if RICH_UTILS in sys.modules:
        _patch_rich_utils(sys.modules[RICH_UTILS])
    else:
        sys.meta_path.insert(0, _WhenImported(RICH_UTILS, _patch_rich_utils))


RICH_UTILS = "typer.rich_utils"


def _patch_rich_utils(rich_utils: ModuleType) -> None:
    for name, text in _RICH.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    highlighter = getattr(rich_utils, "highlighter", None)
    if highlighter is not None and hasattr(highlighter, "highlights"):
        highlighter.highlights = [h.replace("Usage: ", "Användning: ") for h in highlighter.highlights]


class _WhenImported(importlib.abc.MetaPathFinder):
    """Runs ``patch(module)`` right after the module ``name`` is first imported, then leaves ``sys.meta_path``."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name, self.patch = name, patch

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec  # pragma: no cover - not a plain module file: typer's rich screens stay in English
        loader, patch = spec.loader, self.patch

        class Patching(importlib.abc.Loader):
            def create_module(self, spec: Any) -> ModuleType | None:
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                patch(module)

        spec.loader = Patching()
        return spec


def _patch_help_option() -> None:
    try:
        from typer._click import decorators
    except ImportError:  # pragma: no cover
        return
    original = decorators.help_option

    def help_option(param_decls: list[str]) -> Any:
        decorator = original(param_decls)

        def apply(command: Any) -> Any:
            result = decorator(command)
            for param in getattr(result, "params", []):
                if getattr(param, "help", None) == "Show this message and exit.":
                    param.help = "Visa den här hjälpen och avsluta."
            return result

        return apply

    decorators.help_option = help_option


def _patch_type_column() -> None:
    """No Python type names in help: a flag shows no type (not ``<bool>``), an argument only its
    metavar (not ``<list[Path]>``), and the usage line writes ``FIL...``, not ``{FIL...}...``."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover
        return
    if not hasattr(TyperOption, "display_type_rich") or not hasattr(TyperArgument, "_usage_display_name"):
        return  # pragma: no cover - another typer release
    option_type = TyperOption.display_type_rich

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else option_type(self, ctx)

    def usage_name(self: Any) -> str:
        name = self.metavar or self.name.upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]


def _patch_usage_prefix() -> None:
    try:
        from typer._click.formatting import HelpFormatter
    except ImportError:  # pragma: no cover
        return
    original = HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, "Användning: " if prefix is None else prefix)

    HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


def _patch_usage_errors() -> None:
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover
        return

    classes = {c for c in vars(exceptions).values() if isinstance(c, type) and issubclass(c, Exception)}
    for cls in classes:
        if "format_message" in vars(cls):
            cls.format_message = _translated(cls.format_message)  # type: ignore[method-assign]


def _translated(original: Any) -> Any:
    def format_message(self: Any) -> str:
        return translate_error(original(self))

    return format_message
