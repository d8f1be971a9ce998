"""The JSON contract of ``--json``: one pydantic model per command, from which docs/json/*.schema.json is generated.

Every document starts with ``"schema": "kfworkbook.<command>/1"`` and ``"version"`` (the kfworkbook
that wrote it). Keys are English; values that people read are Swedish, and the Swedish values a
script may branch on (severity, status) are closed sets: each is a ``Literal`` here, so it is an
``enum`` in the schema, and docs/json/README.md says what each means. Within ``/1`` documents only
gain keys; a key removed or a value renamed makes it ``/2``.

:func:`document_text` checks each document against its model (strict JSON validation of the very text
printed) before :func:`kfworkbook.cli.common.emit` prints it, so the schema files and the output cannot
drift apart. Each model builds its validator on first use (``defer_build``): a command builds only its own
document's, and a command without ``--json`` never imports this module (the options live in
:mod:`kfworkbook.cli.common`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..version import __version__

SCHEMA_VERSION = 1

def schema_id(command: str) -> str:
    """'kfworkbook.validate/1' for ``validate``; a subcommand is joined with '-' ('config-check')."""
    return f"kfworkbook.{command}/{SCHEMA_VERSION}"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


Severity = Annotated[Literal["fel", "varning"], Field(
    description="fel = error: the plan is not approved until it is fixed; varning = warning: accepted, should be fixed.")]
FileStatus = Annotated[Literal["godkänd", "med varningar", "med fel", "kunde inte läsas"], Field(
    description="godkänd = approved (no issues); med varningar = warnings only; med fel = has errors; "
    "kunde inte läsas = could not be read at all.")]
SubmissionStatus = Annotated[Literal["godkänd", "med varningar", "med fel", "kunde inte läsas", "ersatt",
                                     "hör inte till planen", "hoppades över", "saknas"], Field(
    description="A file's status on the Inlämning sheet: the four of validate, or ersatt = replaced by a newer file "
    "of the same unit; hör inte till planen = made for another förvaltning, plan year (or period): never counted; "
    "hoppades över = skipped (not a plan); saknas = missing.")]
Period = Annotated[Literal["T1", "T2", "VB"], Field(
    description="T1 = tertial 1 (January–April), T2 = tertial 2 (May–August), VB = verksamhetsberättelse (the year).")]


class ConfigRef(_Part):
    """The configuration a command used."""

    source: str = Field(description="The file, or 'inbyggd standard' for the built-in default.")
    forvaltning: str
    plan_year: int


class IssueDoc(_Part):
    """One issue in one place."""

    code: str = Field(description="An issue code of docs/felkoder.md.")
    severity: Severity
    sheet: str
    cell: str
    row: int | None
    column: str
    value: str
    message: str = Field(description="Swedish: what is wrong and what to do.")
    detail: str | None = Field(None, description="Technical detail (e.g. a library's own English text); absent when empty.")


class Identity(_Part):
    """Where a file belongs (kfworkbook.read.identity)."""

    forvaltning: str | None
    plan_year: str | None
    department: str | None
    unit: str | None
    belongs: bool = Field(description="False when made for another förvaltning or plan year: then never counted.")
    reason: str | None = Field(description="Swedish: why the file does not belong, else null.")


class ValidatedFile(Identity):
    file: str
    valid: bool = Field(description="True when the file has no errors (warnings allowed).")
    errors: int
    warnings: int
    issues: list[IssueDoc]
    status: FileStatus


class _Document(_Part):
    schema_: str = Field(alias="schema", description="kfworkbook.<command>/<major>.")
    version: str = Field(description="The kfworkbook version that wrote the document.")


class ValidateDocument(_Document):
    """``kfworkbook validate --json``."""

    schema_: Literal["kfworkbook.validate/1"] = Field(alias="schema")
    config: ConfigRef
    files: list[ValidatedFile]
    skipped: list[str] = Field(description="Files in the folders that are not plans (lock files, other files).")
    annotated: list[str] = Field(description="The annotated copies written with --annotate.")
    hint: str | None = Field(None, description="Swedish, once per run: most plans are made for another förvaltning "
                             "or year than the configuration.")


class TemplateFile(_Part):
    file: str
    template: str = Field(description="The department, or 'department – unit'.")
    activities: int = Field(description="Activities prefilled (0 without --prefill).")


class AttentionRow(_Part):
    place: str = Field(description="Where the row stands in the source, in Swedish ('Aktiviteter rad 7').")
    file: str
    sheet: str
    row: int | None
    template: str | None
    code: str
    column: str
    value: str
    message: str


class DepartmentCount(_Part):
    department: str | None
    activities: int


class WordTable(_Part):
    """One table of a Word document given to --prefill: read or skipped, and where its activities went."""

    file: str
    table: int
    place: str = Field(description="Swedish: where the table stands in the document.")
    read: bool
    reason: str | None = Field(description="Swedish: why the table was skipped.")
    header: str | None
    first_row: str | None
    department: str | None
    unit: str | None
    activities: int
    not_placed: int


class PrefillDoc(_Part):
    source: str
    kind: str = Field(description="Swedish: what the source is.")
    plan_years: list[int]
    rolled_over: int = Field(description="Rows from an earlier plan year, carried with the roll-over rules.")
    not_carried: dict[str, int] = Field(description="Finished activities not carried, by status.")
    attention: list[AttentionRow]
    rows_read: int | None = Field(None, description="A Word document only: activity rows read after placing its tables.")
    per_department: list[DepartmentCount] | None = Field(None, description="A Word document only.")
    tables: list[WordTable] | None = Field(None, description="A Word document only: every table, read or skipped.")


class TemplateDocument(_Document):
    """``kfworkbook template --json``."""

    schema_: Literal["kfworkbook.template/1"] = Field(alias="schema")
    config: ConfigRef
    output: str
    plan_year: int
    templates: list[TemplateFile]
    prefill: PrefillDoc | None = Field(None, description="With --prefill only.")


class Totals(_Part):
    """The figures of the Översikt sheet; they add up (see Summary.totals)."""

    expected: int
    handed_in: int
    approved: int
    with_warnings: int
    with_errors: int
    unreadable: int
    missing: int
    files: int
    plans: int
    replaced: int
    foreign: int
    unreadable_files: int
    skipped: int
    activities: int


class MergedFile(Identity):
    file: str
    status: SubmissionStatus
    note: str | None
    valid: bool
    errors: int
    warnings: int
    activities: int


class Replacement(_Part):
    file: str
    by: str


class _SummaryDocument(_Document):
    config: ConfigRef
    output: str
    totals: Totals
    files: list[MergedFile]
    skipped: list[str]
    replaced: list[Replacement]
    notes: list[str] = Field(description="Swedish: every file that did not simply count, and why.")
    hint: str | None = None
    activity_accounts: dict[str, Any] | None = Field(
        default=None, description="Follow-up reports only: per period, where every activity of the approved plans "
        "went (approved = answered + not answered, with the reason + removed by HR).")


class MergeDocument(_SummaryDocument):
    """``kfworkbook merge --json``."""

    schema_: Literal["kfworkbook.merge/1"] = Field(alias="schema")


class DocumentDocument(_SummaryDocument):
    """``kfworkbook dokument --json``."""

    schema_: Literal["kfworkbook.dokument/1"] = Field(alias="schema")


class FollowUpFile(_Part):
    file: str
    department: str
    unit: str | None
    activities: int


class FollowUpDocument(_Document):
    """``kfworkbook uppfoljning --json``."""

    schema_: Literal["kfworkbook.uppfoljning/1"] = Field(alias="schema")
    config: ConfigRef
    period: Period
    output: str
    activities: int
    files: list[FollowUpFile]
    ledger: list[str] = Field(default_factory=list, description="Swedish: one line per unit that did not simply "
                              "answer, and what the ledger made of it (as the console prints them).")


class ReminderTotals(_Part):
    """``expected`` = ``drafts`` + ``without``; then the units by their status (Swedish keys, as the statuses)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    expected: int
    drafts: int
    without: int
    no_address: int = Field(description="Drafts without a recipient: HR fills in To.")
    missing: int = Field(alias="saknas")
    with_errors: int = Field(alias="med fel")
    unreadable: int = Field(alias="kunde inte läsas")
    approved: int = Field(alias="godkänd")
    with_warnings: int = Field(alias="med varningar")


class Draft(_Part):
    department: str
    unit: str | None
    label: str
    status: SubmissionStatus
    errors: int
    warnings: int
    to: str | None
    to_name: str | None
    to_source: Literal["konfigurationen", "Uppgifter"] | None = Field(
        description="Where the address came from: konfigurationen = the configuration file; Uppgifter = the plan's "
        "Uppgifter sheet; null = no address.")
    subject: str
    file: str
    attachment: str | None


class UnitWithout(_Part):
    department: str
    unit: str | None
    label: str
    status: SubmissionStatus


class RemindersDocument(_Document):
    """``kfworkbook paminnelser --json``."""

    schema_: Literal["kfworkbook.paminnelser/1"] = Field(alias="schema")
    config: ConfigRef
    output: str
    what: str = Field(description="Swedish: what is handed in ('kompetensförsörjningsplanen 2027').")
    deadline: str = Field(description="The last day, YYYY-MM-DD.")
    totals: ReminderTotals
    drafts: list[Draft]
    without: list[UnitWithout] = Field(description="Expected units that need no reminder.")
    no_address: list[str]
    notes: list[str]


class DemoDocument(_Document):
    """``kfworkbook demo --json``."""

    schema_: Literal["kfworkbook.demo/1"] = Field(alias="schema")
    output: str
    templates: list[str]
    plans: list[str]
    annotated: list[str]
    summary: str
    document: str
    follow_ups: list[str]
    follow_up_report: str | None
    files: list[ValidatedFile] = Field(description="The demo's plans as validate --json reports them.")


class LiteDocument(_Document):
    """``kfworkbook lite --json``."""

    schema_: Literal["kfworkbook.lite/1"] = Field(alias="schema")
    config: ConfigRef
    output: str
    files: list[str]
    wheel_url: str
    requirements: list[str] = Field(description="The package lines of requirements.txt, in order.")
    pyodide: str = Field(description="The Pyodide version the lower bounds were installed and run on.")


class ConfigInitDocument(_Document):
    """``kfworkbook config init --json``."""

    schema_: Literal["kfworkbook.config-init/1"] = Field(alias="schema")
    file: str


class DepartmentDoc(_Part):
    name: str
    units: list[str]


class CheckedTemplate(_Part):
    template: str
    file: str


class AnalysisFieldDoc(_Part):
    label: str
    kind: Literal["text", "tal", "procent", "lista"] = Field(
        description="text = free text; tal = a number ≥ 0; procent = 0–100; lista = a value of the list `list`.")
    list: str | None


class PathsDoc(_Part):
    folder: str = Field(description="The folder the paths were measured in (default: a usual OneDrive folder).")
    longest: str
    length: int
    limit: int = Field(description="The longest path Excel opens (218).")
    too_long: list[str]


class ConfigCheckDocument(_Document):
    """``kfworkbook config check --json``."""

    schema_: Literal["kfworkbook.config-check/1"] = Field(alias="schema")
    config: ConfigRef
    plan_period: str
    template_version: str
    departments: list[DepartmentDoc]
    templates: list[CheckedTemplate]
    lists: dict[str, int] = Field(description="Values per list, by its key in the configuration file.")
    analysis: list[AnalysisFieldDoc]
    paths: PathsDoc
    warnings: list[str]


class Rule(_Part):
    column: str
    rule: str
    severity: Severity
    code: str


class ConfigSchemaDocument(_Document):
    """``kfworkbook config schema --json``."""

    schema_: Literal["kfworkbook.config-schema/1"] = Field(alias="schema")
    config: ConfigRef
    rules: list[Rule]
    analysis: list[Rule] = Field(description="The Analys sheet's rules; `column` is the field's label.")


DOCUMENTS: dict[str, type[_Document]] = {
    "template": TemplateDocument, "validate": ValidateDocument, "merge": MergeDocument,
    "dokument": DocumentDocument, "uppfoljning": FollowUpDocument, "paminnelser": RemindersDocument,
    "demo": DemoDocument, "lite": LiteDocument,
    "config-init": ConfigInitDocument, "config-check": ConfigCheckDocument, "config-schema": ConfigSchemaDocument,
}
"""The document model of each command (``config check`` is 'config-check')."""


def document_text(command: str, body: dict[str, Any]) -> str:
    """The ``--json`` text of ``command``: ``schema`` and ``version`` first, then ``body``, checked against its model."""
    text = json.dumps({"schema": schema_id(command), "version": __version__, **body}, ensure_ascii=False, indent=2,
                      default=str)
    DOCUMENTS[command].model_validate_json(text, strict=True)
    return text


def json_schema(command: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``command``'s document."""
    schema = DOCUMENTS[command].model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": schema_id(command)}
