"""The JSON contract: every command has ``--json``, and every document validates against its schema in docs/json/.

The schemas are generated from the models in kfworkbook.cli.contract (``make docs``); here they are read
back from the files a script author would use, and each command's real output is checked with the
``jsonschema`` library, not with the models that made it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from kfworkbook import __version__
from kfworkbook.cli import app
from kfworkbook.cli.contract import DOCUMENTS, schema_id
from kfworkbook.docs import SCHEMA_DIR, schema_files

from .cli_helpers import runner

ROOT = Path(__file__).resolve().parents[1]
FARSTA = ROOT / "examples" / "farsta-2022"
ENSKEDE = ROOT / "examples" / "enskede-2027" / "kfworkbook.toml"
WHEEL = f"https://hr.example.se/lite/kfworkbook-{__version__}-py3-none-any.whl"


def command_paths(group=None, path=()):
    """Every command of the CLI that does something (not the groups): ('validate',), ('config', 'check'), …"""
    import typer.main

    group = group or typer.main.get_command(app)
    commands = getattr(group, "commands", None)
    if commands is None:
        yield path
        return
    for name, command in commands.items():
        yield from command_paths(command, (*path, name))


def checked(args: list[str], exit_code: int = 0) -> dict:
    """Run ``kfworkbook ARGS --json``; its document, validated against docs/json/<command>.schema.json."""
    command = "-".join(a for a in args[:2] if not a.startswith("-") and "/" not in a and a in NAMES)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == exit_code, result.output
    document = json.loads(result.output)
    schema = json.loads((ROOT / SCHEMA_DIR / f"{command}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert (document["schema"], document["version"]) == (schema_id(command), __version__)
    return document


NAMES = {"template", "validate", "merge", "dokument", "uppfoljning", "paminnelser", "demo", "lite", "config", "init",
         "check", "schema"}


def test_schema_files_are_current():
    for relative, text in schema_files().items():
        assert (ROOT / relative).read_text("utf-8") == text, f"{relative} är inaktuell: kör make docs"
    assert sorted(p.name for p in (ROOT / SCHEMA_DIR).glob("*.schema.json")) == sorted(
        p.name for p in schema_files())


def test_every_command_has_json_and_a_schema():
    commands = {"-".join(path) for path in command_paths()}
    assert commands == set(DOCUMENTS)
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"], terminal_width=200)
        assert "--json" in result.output, path


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> Path:
    """Farsta's example plans, plus one broken file and one plan of another förvaltning's template."""
    folder = tmp_path_factory.mktemp("inlamnade")
    for plan in sorted((FARSTA / "planer").glob("*.xlsx")):
        shutil.copy2(plan, folder / plan.name)
    (folder / "trasig.xlsx").write_bytes(b"PK\x03\x04 inte en arbetsbok")
    (folder / "~$låsfil.xlsx").write_bytes(b"")
    return folder


def test_template_and_prefill(tmp_path, returned):
    document = checked(["template", "--config", str(ENSKEDE), "--out", str(tmp_path / "mallar")])
    assert len(document["templates"]) == 13 and "prefill" not in document
    assert max(len(Path(t["file"]).name) for t in document["templates"]) <= 80
    prefilled = checked(["template", "--config", str(FARSTA / "kfworkbook.toml"), "--prefill", str(returned),
                         "--out", str(tmp_path / "ifyllda")])
    assert prefilled["prefill"]["attention"], prefilled["prefill"]


def test_validate_with_annotate(tmp_path, returned):
    document = checked(["validate", str(returned), "--config", str(FARSTA / "kfworkbook.toml"), "--annotate",
                        str(tmp_path / "granskade")], exit_code=1)
    statuses = {Path(f["file"]).name: f["status"] for f in document["files"]}
    assert statuses["trasig.xlsx"] == "kunde inte läsas"
    assert document["skipped"] == ["~$låsfil.xlsx"]
    assert document["annotated"] and all(Path(p).parent == tmp_path / "granskade" for p in document["annotated"])
    broken = next(f for f in document["files"] if f["file"].endswith("trasig.xlsx"))
    assert broken["issues"][0]["detail"]  # the optional key, present


def test_validate_against_another_config_gives_the_hint(returned):
    document = checked(["validate", str(returned), "--config", str(ENSKEDE)], exit_code=1)
    assert document["hint"].startswith("Planerna är gjorda för Farsta stadsdelsförvaltning 2022")
    assert {f["belongs"] for f in document["files"] if f["status"] != "kunde inte läsas"} == {False}


def test_merge_and_document(tmp_path, returned):
    config = str(FARSTA / "kfworkbook.toml")
    merged = checked(["merge", str(returned), "--config", config, "-o", str(tmp_path / "s.xlsx")])
    document = checked(["dokument", str(returned), "--config", config, "-o", str(tmp_path / "p.docx")])
    assert merged["totals"] == document["totals"] and merged["totals"]["unreadable_files"] == 1
    assert {f["status"] for f in merged["files"]} >= {"godkänd", "kunde inte läsas"}


def test_follow_up(tmp_path):
    document = checked(["uppfoljning", "--period", "T1", str(FARSTA / "planer"), "--config",
                        str(FARSTA / "kfworkbook.toml"), "--out", str(tmp_path / "t1")])
    assert (document["period"], document["activities"], len(document["files"])) == ("T1", 76, 5)
    assert sum(f["activities"] for f in document["files"]) == 76
    report = checked(["merge", str(tmp_path / "t1"), "--config", str(FARSTA / "kfworkbook.toml"),
                      "-o", str(tmp_path / "r.xlsx")])
    assert report["totals"]["plans"] == 5


def test_reminders(tmp_path):
    document = checked(["paminnelser", str(FARSTA / "planer"), "--config", str(FARSTA / "kfworkbook.toml"),
                        "--sista-dag", "2022-03-31", "--out", str(tmp_path / "utkast")])
    assert (document["totals"]["drafts"], document["totals"]["med fel"], document["deadline"]) == (3, 3, "2022-03-31")
    assert {d["to_source"] for d in document["drafts"]} == {"Uppgifter"}


def test_demo(tmp_path):
    document = checked(["demo", "--out", str(tmp_path / "demo")])
    assert Path(document["summary"]).is_file() and len(document["files"]) == len(document["plans"])


def test_lite(tmp_path):
    document = checked(["lite", "--config", str(ENSKEDE), "--wheel-url", WHEEL, "--out", str(tmp_path / "lite")])
    assert [Path(p).name for p in document["files"]] == ["main.py", "requirements.txt"]
    assert document["wheel_url"] == WHEEL


def test_config_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert checked(["config", "init", "ny.toml"])["file"] == "ny.toml"
    check = checked(["config", "check", str(ENSKEDE)])
    assert check["paths"]["length"] == len(check["paths"]["longest"]) and check["paths"]["too_long"] == []
    assert check["lists"]["kategorier"] == 6 and check["analysis"][-1] == {
        "label": "Svårast att rekrytera", "kind": "lista", "list": "malgrupper"}
    rules = checked(["config", "schema", "--config", str(ENSKEDE)])
    assert {r["severity"] for r in rules["rules"]} == {"fel", "varning"}


def _enums(node) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        found |= {str(v) for v in node.get("enum", [])}
        for value in node.values():
            found |= _enums(value)
    elif isinstance(node, list):
        for value in node:
            found |= _enums(value)
    return found


def test_enum_values_are_documented():
    readme = (ROOT / SCHEMA_DIR / "README.md").read_text("utf-8")
    values = set().union(*(_enums(json.loads((ROOT / p).read_text("utf-8"))) for p in schema_files()))
    assert values >= {"fel", "varning", "godkänd", "saknas", "T1", "lista"}
    for value in values:
        assert f"`{value}`" in readme, value
    for command in DOCUMENTS:
        assert f"`{schema_id(command)}`" in readme, command
