"""The förvaltning's configuration: one TOML file describing the plan year and every list.

The file uses Swedish keys (HR edits it); the model exposes English attribute names. A bad file
raises :class:`ConfigError` whose message is one Swedish sentence naming the file, the key and what
to write, so the CLI can print it as it is.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .contacts import Reminder, UnitEntry, check_email

DEFAULT_CONFIG_NAME = "kfworkbook.toml"
MIN_ROWS = 200
MAX_ROWS = 5000


FINISHED_WORDS = frozenset({"genomförd", "genomfört", "utgår", "utgått", "utgick", "klar", "klart", "avslutad",
                            "avslutat", "slutförd", "slutfört", "avbruten", "avbrutet", "struken", "struket"})
"""Status names that mean "finished" when the config has no ``avslutade_status`` key."""


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str(error)`` is a Swedish message for the user."""


def fold(text: str) -> str:
    """Return ``text`` normalised for tolerant comparison: NFC, trimmed, single spaces, casefolded."""
    text = str(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()).casefold()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ListItem(_Model):
    """One value of a dropdown list, with the spellings that also count as it."""

    name: str = Field(alias="namn", min_length=1)
    aliases: tuple[str, ...] = Field(default=(), alias="alias")
    description: str = Field(default="", alias="beskrivning")

    @field_validator("name", "description")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class Department(_Model):
    """An avdelning and, optionally, its enheter (each unit then gets a template of its own)."""

    name: str = Field(alias="namn", min_length=1)
    entries: tuple[UnitEntry, ...] = Field(default=(), alias="enheter")
    """The units as written: a name, or a name with its manager and address ({ namn, chef, epost })."""
    own_template: bool = Field(default=True, alias="avdelningsmall")
    """With units: whether the department also gets a template of its own (for department-wide
    activities) beside the unit templates. A department without units always has one."""
    manager: str = Field(default="", alias="chef")
    """The department manager's name (the reminders' greeting and recipient of the department's plan)."""
    email: str = Field(default="", alias="epost")

    @property
    def units(self) -> tuple[str, ...]:
        """The names of the department's units, in config order."""
        return tuple(entry.name for entry in self.entries)

    @property
    def has_department_plan(self) -> bool:
        """Whether a plan for the whole department (Enhet empty) is handed out."""
        return not self.units or self.own_template

    @field_validator("entries", mode="before")
    @classmethod
    def _names_to_entries(cls, value: Any) -> Any:
        return _as_items(value)

    @field_validator("entries")
    @classmethod
    def _unique_units(cls, entries: tuple[UnitEntry, ...]) -> tuple[UnitEntry, ...]:
        _reject_duplicates([e.name for e in entries], "enheten")
        return entries

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return check_email(value)


def _as_items(value: Any) -> Any:
    if isinstance(value, list):
        return [{"namn": v} if isinstance(v, str) else v for v in value]
    return value


class Lists(_Model):
    """Every dropdown list of the template."""

    categories: tuple[ListItem, ...] = Field(alias="kategorier", min_length=1)
    roles: tuple[ListItem, ...] = Field(alias="roller", min_length=1)
    target_groups: tuple[ListItem, ...] = Field(alias="malgrupper", min_length=1)
    vp_goals: tuple[ListItem, ...] = Field(alias="vp_mal", min_length=1)
    follow_up: tuple[ListItem, ...] = Field(alias="uppfoljning", min_length=1)
    statuses: tuple[ListItem, ...] = Field(alias="status", min_length=1)

    @field_validator("*", mode="before")
    @classmethod
    def _strings_to_items(cls, value: Any) -> Any:
        return _as_items(value)

    @field_validator("*")
    @classmethod
    def _no_duplicates(cls, items: tuple[ListItem, ...]) -> tuple[ListItem, ...]:
        spellings = [s for item in items for s in (item.name, *item.aliases)]
        _reject_duplicates(spellings, "värdet")
        return items


def _reject_duplicates(values: Any, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        key = fold(value)
        if key in seen:
            raise ValueError(f"har {what} '{value}' två gånger. Ta bort den ena")
        seen.add(key)


AnalysisKind = Literal["text", "tal", "procent", "lista"]
"""The kinds of an Analys field: free text, a number ≥ 0, a percentage 0–100, a value of a list."""


class AnalysisField(_Model):
    """One field of the template's Analys sheet, where the department writes its own analysis."""

    key: str = Field(alias="nyckel", pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    label: str = Field(alias="rubrik", min_length=1, max_length=80)
    kind: AnalysisKind = Field(default="text", alias="typ")
    help: str = Field(default="", alias="hjalp", max_length=250)
    list_name: str = Field(default="", alias="lista")
    """For ``typ = "lista"``: the Swedish key of the list under [listor] (for example "malgrupper")."""

    @field_validator("label", "help", "list_name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @model_validator(mode="after")
    def _list_named(self) -> AnalysisField:
        if self.kind == "lista" and self.list_name not in _LIST_KEYS:
            raise ValueError(f"fältet {self.key} har typ = \"lista\" och behöver lista = ett av "
                             f"{', '.join(_LIST_KEYS)}")
        if self.kind != "lista" and self.list_name:
            raise ValueError(f"fältet {self.key} har lista = \"{self.list_name}\" men typ = \"{self.kind}\"; "
                             "skriv typ = \"lista\" eller ta bort lista")
        return self

    @property
    def list_key(self) -> str | None:
        """The English list key (``target_groups``) of a list field, else None."""
        return _LIST_KEYS.get(self.list_name) if self.kind == "lista" else None


_LIST_KEYS = {"kategorier": "categories", "roller": "roles", "malgrupper": "target_groups", "vp_mal": "vp_goals",
              "uppfoljning": "follow_up", "status": "statuses"}
"""The lists an Analys field may use: Swedish config key → English attribute."""

DEFAULT_ANALYSIS: tuple[AnalysisField, ...] = (
    AnalysisField(nyckel="nulage", rubrik="Nuläge och utmaningar", typ="text",
                  hjalp="Vilka förändringar står verksamheten inför? Till exempel befolkningens utveckling, "
                        "nya uppdrag, digitalisering och svårigheter att rekrytera eller behålla medarbetare."),
    AnalysisField(nyckel="behov", rubrik="Behov de kommande tre åren", typ="text",
                  hjalp="Vilken kompetens behöver verksamheten under planperioden? Skriv gärna en punkt per rad."),
    AnalysisField(nyckel="prioriterade_omraden", rubrik="Prioriterade områden", typ="text",
                  hjalp="Vilka områden prioriterar avdelningen i aktivitetsplanen, och varför?"),
    AnalysisField(nyckel="antal_tillsvidareanstallda", rubrik="Antal tillsvidareanställda", typ="tal",
                  hjalp="Antal tillsvidareanställda medarbetare den 31 december förra året. Lämna tomt om "
                        "uppgiften saknas."),
    AnalysisField(nyckel="andel_over_61", rubrik="Andel medarbetare över 61 år (%)", typ="procent",
                  hjalp="Andel av medarbetarna som är 62 år eller äldre, i procent (0–100), till exempel 12. "
                        "Lämna tomt om uppgiften saknas."),
    AnalysisField(nyckel="personalomsattning", rubrik="Personalomsättning (%)", typ="procent",
                  hjalp="Personalomsättning förra året i procent (0–100), till exempel 14. Lämna tomt om "
                        "uppgiften saknas."),
    AnalysisField(nyckel="svarrekryterade", rubrik="Svårrekryterade yrkesgrupper", typ="lista", lista="malgrupper",
                  hjalp="Välj den yrkesgrupp som är svårast att rekrytera. Nämn fler i Nuläge och utmaningar."),
)
"""The Analys fields of a configuration without an [[analys]] section (from the seeds' chapter 2)."""


@dataclass(frozen=True)
class PlanUnit:
    """One template to hand out: a department, or one unit of it."""

    department: str
    unit: str = ""

    @property
    def label(self) -> str:
        """Human label, e.g. 'Förskola – Mälarhöjden'."""
        return f"{self.department} – {self.unit}" if self.unit else self.department


def squash(text: str) -> str:
    """Letters and digits only, folded: 'Individ_och familj' and 'individ-och-familj' match."""
    return re.sub(r"[\W_]+", "", fold(text))


@dataclass(frozen=True)
class UnitIndex:
    """Dictionaries for finding a configuration's departments and units, however a plan spells them.

    Keys are folded (:func:`fold`): ``departments`` maps a department to the configuration's spelling,
    ``units`` a (department, unit) pair to the unit's spelling, ``plan_units`` a pair to its
    :class:`PlanUnit` and ``rank`` to its position in :meth:`Config.plan_units`; ``names`` maps a file
    name's words (:func:`squash`) to the unit it names: 'department unit', or the unit alone when no
    other department has a unit of that name.
    """

    departments: dict[str, str]
    units: dict[tuple[str, str], str]
    plan_units: dict[tuple[str, str], PlanUnit]
    rank: dict[tuple[str, str], int]
    names: dict[str, PlanUnit]

    @classmethod
    def of(cls, config: Config) -> UnitIndex:
        """The index of ``config``."""
        plan_units = config.plan_units()
        pairs = {(fold(u.department), fold(u.unit)): u for u in plan_units}
        rank = {(fold(u.department), fold(u.unit)): n for n, u in enumerate(plan_units)}
        names: dict[str, PlanUnit] = {}
        counts = Counter(squash(u.unit) for u in plan_units if u.unit)
        for unit in plan_units:
            names.setdefault(squash(f"{unit.department} {unit.unit}"), unit)
            if unit.unit and counts[squash(unit.unit)] == 1:
                names.setdefault(squash(unit.unit), unit)
        return cls(departments={fold(d.name): d.name for d in config.departments},
                   units={(fold(d.name), fold(u)): u for d in config.departments for u in d.units},
                   plan_units=pairs, rank=rank, names=names)


class Config(_Model):
    """The förvaltning's plan configuration."""

    forvaltning: str = Field(alias="forvaltning", min_length=1)
    contact: str = Field(default="", alias="kontakt")
    contact_email: str = Field(default="", alias="kontakt_epost")
    """HR's address: the sender of the reminders (``kfworkbook paminnelser``)."""
    plan_year: int = Field(alias="plan_ar", ge=2000, le=2100)
    plan_period: str = Field(alias="planperiod")
    template_version: str = Field(alias="mallversion", min_length=1)
    rows: int = Field(default=MIN_ROWS, alias="antal_rader", ge=MIN_ROWS, le=MAX_ROWS)
    password: str = Field(default="", alias="losenord")
    departments: tuple[Department, ...] = Field(alias="avdelningar", min_length=1)
    lists: Lists = Field(alias="listor")
    finished: tuple[str, ...] | None = Field(default=None, alias="avslutade_status")
    """Statuses of finished activities, which roll-over does not carry; None: see :meth:`finished_statuses`."""
    analysis: tuple[AnalysisField, ...] = Field(default=DEFAULT_ANALYSIS, alias="analys", min_length=1, max_length=20)
    """The fields of the template's Analys sheet, in order (defaults: :data:`DEFAULT_ANALYSIS`)."""
    reminder: Reminder = Field(default_factory=Reminder, alias="paminnelse")
    """The reminders' subject, body and deadlines (the ``[paminnelse]`` section)."""

    @field_validator("plan_period")
    @classmethod
    def _period_format(cls, value: str, info: ValidationInfo) -> str:
        example = _period_example(info.data.get("plan_year"))
        match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", value)
        if not match:
            raise ValueError(f"ska skrivas som två årtal, till exempel {example}")
        start, end = int(match[1]), int(match[2])
        if not 0 <= end - start <= 5:
            raise ValueError(f"ska vara 1–6 år, till exempel {example}")
        return f"{start}-{end}"

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        return check_email(value)

    @field_validator("departments")
    @classmethod
    def _unique_departments(cls, departments: tuple[Department, ...]) -> tuple[Department, ...]:
        _reject_duplicates([d.name for d in departments], "avdelningen")
        return departments

    @field_validator("analysis")
    @classmethod
    def _unique_fields(cls, fields: tuple[AnalysisField, ...]) -> tuple[AnalysisField, ...]:
        _reject_duplicates([f.key for f in fields], "fältet")
        return fields

    @model_validator(mode="after")
    def _year_in_period(self) -> Config:
        if not self.period_start_year <= self.plan_year <= self.period_end_year:
            raise ValueError(f"plan_ar {self.plan_year} ligger inte inom planperioden {self.plan_period}. Skriv "
                             f"planperiod = {_period_example(self.plan_year)} eller rätta plan_ar")
        return self

    def warnings(self) -> list[str]:
        """Swedish warnings about a usable but unusual configuration (``config check`` prints them)."""
        found: list[str] = []
        years = self.period_end_year - self.period_start_year + 1
        example = _period_example(self.plan_year)
        if years != PERIOD_YEARS:
            found.append(f"Planperioden {self.plan_period} är {years} år lång. Planerna är rullande treårsplaner; "
                         f"skriv planperiod = {example} om inget annat är beslutat.")
        elif self.period_start_year != self.plan_year:
            found.append(f"Planperioden {self.plan_period} börjar inte med planåret {self.plan_year}. Skriv "
                         f"planperiod = {example} om inget annat är beslutat.")
        return found

    @model_validator(mode="after")
    def _finished_are_statuses(self) -> Config:
        for name in self.finished or ():
            if self.canonical("statuses", name) is None:
                raise ValueError(f"avslutade_status: '{name}' finns inte i listan status "
                                 f"({', '.join(self.list_names('statuses'))})")
        return self

    def finished_statuses(self) -> list[str]:
        """The statuses that mark an activity as finished (not carried to next year's plan).

        The key ``avslutade_status`` names them; without it, the statuses whose name says so:
        Genomförd, Utgår, Klar, Avslutad, Slutförd, Avbruten, Struken (and their -t/-tt forms).
        """
        if self.finished is not None:
            return [found[0] for name in self.finished if (found := self.canonical("statuses", name))]
        return [name for name in self.list_names("statuses") if fold(name) in FINISHED_WORDS]

    @property
    def period_start_year(self) -> int:
        """First year of the plan period."""
        return int(self.plan_period[:4])

    @property
    def period_end_year(self) -> int:
        """Last year of the plan period."""
        return int(self.plan_period[-4:])

    @property
    def period_start(self) -> date:
        """First day of the plan period."""
        return date(self.period_start_year, 1, 1)

    @property
    def period_end(self) -> date:
        """Last day of the plan period."""
        return date(self.period_end_year, 12, 31)

    @property
    def period_label(self) -> str:
        """The period as users write it, '2022–2024'."""
        return f"{self.period_start_year}–{self.period_end_year}"

    def plan_units(self) -> list[PlanUnit]:
        """Every template to hand out, in config order: per department, the department-level one
        (unless ``avdelningsmall = false``) and then one per unit."""
        return [
            PlanUnit(d.name, u) for d in self.departments
            for u in (("",) if d.has_department_plan else ()) + d.units
        ]

    def contact_of(self, unit: PlanUnit) -> tuple[str, str]:
        """(manager, e-mail) the configuration gives for a department's own plan or a unit; '' where none."""
        department = self.find_department(unit.department)
        if department is None:
            return "", ""
        if not unit.unit:
            return department.manager, department.email
        entry = next((e for e in department.entries if fold(e.name) == fold(unit.unit)), None)
        return (entry.manager, entry.email) if entry is not None else ("", "")

    def find_department(self, name: str) -> Department | None:
        """The department whose name matches ``name`` (case and spacing ignored)."""
        return next((d for d in self.departments if fold(d.name) == fold(name)), None)

    @cached_property
    def unit_index(self) -> UnitIndex:
        """The one department/unit lookup of this configuration, built once (see :class:`UnitIndex`)."""
        return UnitIndex.of(self)

    def plan_unit(self, department: str, unit: str = "") -> PlanUnit:
        """The configuration's plan unit of that department and unit (any case), or a new one."""
        found = self.unit_index.plan_units.get((fold(department), fold(unit or "")))
        return found if found is not None else PlanUnit(department, unit or "")

    def unit_rank(self, department: str, unit: str = "") -> int:
        """The position of a department/unit among :meth:`plan_units` (any case); after all of them if unknown."""
        index = self.unit_index
        return index.rank.get((fold(department), fold(unit or "")), len(index.rank))

    def in_unit_order(self, units: Iterable[PlanUnit]) -> list[PlanUnit]:
        """``units`` in configuration order, unknown ones last by label."""
        return sorted(units, key=lambda u: (self.unit_rank(u.department, u.unit), u.label))

    @cached_property
    def _canonical(self) -> dict[str, dict[str, tuple[str, bool]]]:
        table: dict[str, dict[str, tuple[str, bool]]] = {}
        for key, items in self.lists:
            spellings: dict[str, tuple[str, bool]] = {}
            for item in items:
                spellings[fold(item.name)] = (item.name, False)
                for alias in item.aliases:
                    spellings.setdefault(fold(alias), (item.name, True))
            table[key] = spellings
        return table

    def spellings(self, list_key: str) -> dict[str, tuple[str, bool]]:
        """Every accepted spelling of list ``list_key``, folded: {spelling: (list value, is_alias)}."""
        return self._canonical[list_key]

    def canonical(self, list_key: str, value: str) -> tuple[str, bool] | None:
        """Map a typed value of list ``list_key`` to (list value, was_alias); None if unknown.

        Exact list values match ignoring case and spacing; aliases match too, and are reported
        as such so that validation can warn.
        """
        return self._canonical[list_key].get(fold(value))

    def list_names(self, list_key: str) -> list[str]:
        """The values of one list, in config order."""
        return [item.name for item in getattr(self.lists, list_key)]

    def iter_lists(self) -> Iterator[tuple[str, tuple[ListItem, ...]]]:
        """(key, items) for every list."""
        yield from self.lists


# -- loading -----------------------------------------------------------------------------------

PERIOD_YEARS = 3
"""A plan period is normally three years starting with the plan year (a rolling three-year plan)."""


def _period_example(year: Any) -> str:
    """'"2023-2025"' for plan year 2023: the period a plan year normally has, as TOML text."""
    start = year if isinstance(year, int) else date.today().year
    return f'"{start}-{start + PERIOD_YEARS - 1}"'


_KEY_NAMES = {english: swedish for swedish, english in _LIST_KEYS.items()}

def _hints(year: int) -> dict[str, str]:
    """Examples for each key, in the configuration's own plan year."""
    return {
        "forvaltning": 'forvaltning = "Farsta stadsdelsförvaltning"',
        "plan_ar": f"plan_ar = {year}",
        "planperiod": f"planperiod = {_period_example(year)}",
        "mallversion": f'mallversion = "{year}.1"',
        "avdelningar": '[[avdelningar]] med namn = "Förskola"',
        "listor": "[listor] med kategorier, roller, malgrupper, vp_mal, uppfoljning och status",
        "namn": 'namn = "..."',
        "antal_rader": f"ett heltal mellan {MIN_ROWS} och {MAX_ROWS}",
    }


def _year_of(data: Any) -> int:
    """The plan year a file means: plan_ar, else the start of planperiod, else this year."""
    if isinstance(data, dict):
        year = data.get("plan_ar")
        if isinstance(year, int) and 2000 <= year <= 2100:
            return year
        match = re.match(r"\s*(\d{4})", str(data.get("planperiod", "")))
        if match:
            return int(match[1])
    return date.today().year


def _known_keys() -> list[str]:
    """Every key a configuration file may use (the Swedish names of every model field)."""
    keys: list[str] = []
    for model in (Config, Department, UnitEntry, Reminder, Lists, ListItem, AnalysisField):
        keys += [field.alias or name for name, field in model.model_fields.items()]
    return keys


def _location(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part + 1}]"] if parts else [f"[{part + 1}]"]
        else:
            parts.append(_KEY_NAMES.get(str(part), str(part)))
    return ".".join(parts) or "(filen)"


def _explain(error: dict[str, Any], year: int) -> str:
    kind = error["type"]
    key = str(error["loc"][-1]) if error["loc"] else ""
    hint = _hints(year).get(_KEY_NAMES.get(key, key))
    if kind == "missing":
        return "saknas. Lägg till " + (hint or "nyckeln") + "."
    if kind == "extra_forbidden":
        if key in _known_keys():
            return "– nyckeln hör hemma under en annan rubrik. Kontrollera var den står (se kfworkbook config init)."
        guess = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.6)
        if guess:
            return f"– menade du {guess[0]}?"
        return "– ta bort den eller rätta stavningen (se kfworkbook config init)."
    if kind in ("too_short", "string_too_short"):
        return "får inte vara tom. Skriv minst ett värde."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "ska vara ett heltal" + (f", till exempel {hint}" if hint else "") + "."
    if kind in ("string_type",):
        return "ska vara en text inom citattecken" + (f", till exempel {hint}" if hint else "") + "."
    if kind in ("tuple_type", "list_type"):
        return "ska vara en lista inom hakparenteser, till exempel [\"A\", \"B\"]."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "har fel form" + (f"; skriv {hint}" if hint else "") + "."
    if kind == "string_pattern_mismatch":
        return "ska skrivas med små bokstäver a–z, siffror och understreck, till exempel antal_anstallda."
    if kind == "literal_error":
        return 'ska vara "text", "tal", "procent" eller "lista".'
    if kind in ("too_long", "string_too_long"):
        return "är för lång" + (" (högst 20 fält)." if key == "analys" else ".")
    if kind.startswith("date"):
        return f"ska vara ett datum som skrivs ÅÅÅÅ-MM-DD, till exempel {year}-03-31."
    if kind in ("greater_than_equal", "less_than_equal"):
        return "har ett otillåtet värde" + (f"; skriv {hint}" if hint else "") + "."
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return message + "."


def parse_config(data: dict[str, Any], source: str) -> Config:
    """Build a :class:`Config` from parsed TOML; raise ConfigError with a Swedish message."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key also makes the right key missing: name the misspelling first.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        where = _location(tuple(first["loc"]))
        if first["type"] == "extra_forbidden":
            where = f"okänd nyckel {where}"
        what = f"{where} {_explain(first, _year_of(data))}" if first["loc"] else _explain(first, _year_of(data))
        raise ConfigError(f"Fel i konfigurationen {source}: {what}") from None


def load_config(path: str | Path | None = None) -> Config:
    """Load a configuration file, or the embedded default when ``path`` is None."""
    if path is None:
        return default_config()
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"Konfigurationsfilen {path} finns inte. Skapa en med: kfworkbook config init {path}") from None
    except OSError as exc:
        raise ConfigError(f"Konfigurationsfilen {path} kan inte läsas ({exc.strerror}).") from None
    return _parse_bytes(raw, str(path))


def _parse_bytes(raw: bytes, source: str) -> Config:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"Konfigurationsfilen {source} är inte sparad som UTF-8. Spara om den som UTF-8.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"Konfigurationsfilen {source} är ingen giltig TOML-fil ({exc}). "
            "Kontrollera citattecken, hakparenteser och likhetstecken på den raden."
        ) from None
    return parse_config(data, source)


def default_config_text() -> str:
    """The embedded default configuration file, as text."""
    return resources.files("kfworkbook").joinpath("data", DEFAULT_CONFIG_NAME).read_text("utf-8")


def default_config() -> Config:
    """The embedded default configuration (Farsta stadsdelsförvaltning)."""
    return _parse_bytes(default_config_text().encode("utf-8"), "(inbyggd standard)")
