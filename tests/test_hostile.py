"""Hostile files and odd folders: nothing crashes and nothing is lost (issue 20).

Each kind of hostile file is built from a filled plan (or from nothing) and run through the command
line. For every kind the test asserts the exit code, the issue code, a Swedish message without a
library's English words, no traceback, the input byte-identical afterwards and no temporary file left.
The write faults are in ``test_write_faults.py``; the merge of the five demo plans with a
XFD1048576 file and a million-row file is ``test_oversized_files_do_not_slow_a_merge`` below.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from kfworkbook.cli import app
from kfworkbook.forms import columns as C
from kfworkbook.read.package import sheet_parts

from .cli_helpers import runner
from .plans import fill

ENGLISH = re.compile(r"\b(the|and|not|file|error|found|invalid|cannot|failed|denied|permission|errno|traceback|"
                     r"none|is|of|to|at|no|such|directory|unrecognized|entity)\b", re.IGNORECASE)
"""Words of a library's English error text: none may reach a message (``detail`` may hold them)."""

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# -- building hostile files --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(template_path: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A filled, valid plan (three activities), as bytes."""
    return fill(template_path, tmp_path_factory.mktemp("plan") / "plan.xlsx").read_bytes()


def _part(data: bytes, sheet: str) -> str:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sheet_parts(archive)[sheet]


def rewrite(data: bytes, target: Path, change: dict[str, Callable[[bytes], bytes] | None] | None = None,
            add: dict[str, bytes] | None = None) -> Path:
    """``data`` (an .xlsx) written to ``target`` with parts changed (None: removed) and parts added."""
    import io

    change = change or {}
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in change and change[item.filename] is None:
                continue
            content = zin.read(item.filename)
            if item.filename in change:
                content = change[item.filename](content)
            zout.writestr(item, content)
        for name, content in (add or {}).items():
            zout.writestr(name, content)
    return target


def _in_plan_sheet(data: bytes, target: Path, edit: Callable[[bytes], bytes]) -> Path:
    return rewrite(data, target, {_part(data, C.SHEET_PLAN): edit})


def _append_rows(xml: bytes, rows: bytes, dimension: bytes | None = None) -> bytes:
    if dimension is not None:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', xml)
    return xml.replace(b"</sheetData>", rows + b"</sheetData>")


def _ods(target: Path, content: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
                         f"<office:body><office:spreadsheet>{content}</office:spreadsheet></office:body>"
                         "</office:document-content>")
    return target


def _shared_string(data: bytes, target: Path, sheet: str, cell: str, text: str) -> Path:
    """``data`` with ``sheet!cell`` pointing at a new shared string ``text`` (as Excel stores most text)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = archive.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in archive.namelist() else None
    index = 0 if strings is None else strings.count(b"<si>") + strings.count(b"<si ")
    entry = b"<si><t>" + text.encode() + b"</t></si>"

    def point(xml: bytes) -> bytes:
        found = re.search(rb'<c r="' + cell.encode() + rb'"[^>]*?(/>|>.*?</c>)', xml, re.DOTALL)
        new = b'<c r="' + cell.encode() + b'" t="s"><v>' + str(index).encode() + b"</v></c>"
        if found:
            return xml[:found.start()] + new + xml[found.end():]
        row = int(re.sub(r"\D", "", cell))
        return re.sub(rb'(<row r="' + str(row).encode() + rb'"[^>]*>)', rb"\1" + new, xml, count=1)

    change: dict[str, Callable[[bytes], bytes] | None] = {_part(data, sheet): point}
    add = {}
    if strings is None:
        add["xl/sharedStrings.xml"] = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN.encode() + \
            b'">' + entry + b"</sst>"
        change["[Content_Types].xml"] = lambda xml: xml.replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>'))
        change["xl/_rels/workbook.xml.rels"] = lambda xml: xml.replace(b"</Relationships>", (
            b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    else:
        change["xl/sharedStrings.xml"] = lambda xml: xml.replace(b"</sst>", entry + b"</sst>")
    return rewrite(data, target, change, add)


LAUGHS = (b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>')


def _with_doctype(xml: bytes, doctype: bytes, entity: bytes) -> bytes:
    xml = doctype + xml[xml.index(b"<worksheet"):]
    return xml.replace(b"</sheetData>", b'<row r="300"><c r="A300" t="inlineStr"><is><t>' + entity +
                       b"</t></is></c></row></sheetData>")


def _flip_deflate(data: bytes, target: Path, part: str) -> Path:
    import io
    import struct

    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + 100, start + min(info.compress_size - 10, 400)):
        raw[i] ^= 0x5A
    target.write_bytes(bytes(raw))
    return target


def _method(data: bytes, target: Path, part: str, method: int) -> Path:
    """``data`` with ``part`` claiming a compression method nothing unpacks (in both of its zip headers)."""
    import io
    import struct

    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    raw[info.header_offset + 8: info.header_offset + 10] = struct.pack("<H", method)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack("<H", raw[central + 28: central + 30])[0]
        if bytes(raw[central + 46: central + 46 + length]) == part.encode():
            raw[central + 10: central + 12] = struct.pack("<H", method)
        central = raw.find(b"PK\x01\x02", central + 4)
    target.write_bytes(bytes(raw))
    return target


def _errors(wb: openpyxl.Workbook) -> None:
    plan = wb[C.SHEET_PLAN]
    for ref, error in ((f"{C.letter('responsible')}6", "#REF!"), (f"{C.letter('goal')}7", "#DIV/0!")):
        plan[ref] = error
        plan[ref].data_type = "e"


def _hide(wb: openpyxl.Workbook) -> None:
    wb.active = 0
    wb[C.SHEET_PLAN].sheet_state = "hidden"


@dataclass(frozen=True)
class Kind:
    """One kind of hostile file: how to build it, the issue codes it gives (first: the one asserted
    at the file or cell), and the exit code of ``validate``."""

    build: Callable[[Path, bytes], Path]
    codes: tuple[str, ...]
    exit_code: int = 1
    cells: tuple[str, ...] = ()
    folder: bool = False
    """Validate the folder the file is in (a broken link named on the command line is a path that is not there)."""


def _write(name: str, content: bytes) -> Callable[[Path, bytes], Path]:
    def build(folder: Path, plan: bytes) -> Path:
        (folder / name).write_bytes(content)
        return folder / name
    return build


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ROW_LIMIT = 20_000
KINDS: dict[str, Kind] = {
    "tom fil": Kind(_write("plan.xlsx", b""), ("fil-tom",)),
    "slumpbytes": Kind(_write("plan.xlsx", os.urandom(4096).replace(b"PK", b"pk")), ("fil-format",)),
    "pdf med fel ändelse": Kind(_write("plan.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), ("fil-format",)),
    "gammal xls": Kind(_write("plan.xls", OLE + b"\x00" * 4088), ("fil-xls",)),
    "krypterad": Kind(_write("plan.xlsx", OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")),
                      ("fil-losenord",)),
    "låsfil": Kind(_write("~$plan.xlsx", b"\x0bAnvandare" + b"\x00" * 150), ("fil-las",)),
    "avkortad": Kind(lambda f, p: _write("plan.xlsx", p[: len(p) // 2])(f, p), ("fil-skadad",)),
    "word med fel ändelse": Kind(lambda f, p: _zip(f / "plan.xlsx", {"[Content_Types].xml": b"<Types/>",
                                                                      "word/document.xml": b"<document/>"}),
                                 ("fil-format",)),
    "xlsb": Kind(lambda f, p: _zip(f / "plan.xlsb", {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83"}),
                 ("fil-xlsb",)),
    "ods med ändelsen xlsx": Kind(lambda f, p: _ods(f / "plan.xlsx", '<table:table table:name="Aktivitetsplan"/>'),
                                  ("fil-andelse",)),
    "xlsx med ändelsen ods": Kind(lambda f, p: _write("plan.ods", p)(f, p), ("fil-andelse",)),
    "för många blad": Kind(lambda f, p: _zip(f / "plan.xlsx", {"xl/workbook.xml": b"<workbook/>", **{
        f"xl/worksheets/sheet{i}.xml": b"<worksheet/>" for i in range(150)}}), ("fil-for-manga-blad",)),
    "zip-bomb (uppgiven storlek)": Kind(lambda f, p: _bomb(f / "plan.xlsx"), ("fil-for-stor",)),
    "dimension till XFD1048576": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _append_rows(
        x, b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', b"A1:XFD1048576")),
        ("fil-for-stort-blad",)),
    "för många rader": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _append_rows(
        x, b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(300, ROW_LIMIT + 300)),
        b"A1:R%d" % (ROW_LIMIT + 299))), ("fil-for-stort-blad",)),
    "falsk dimension, cell långt ner": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _append_rows(
        x, b'<row r="900000"><c r="B900000"><v>1</v></c></row>', b"A1")), ("fil-for-stort-blad",)),
    "celler utan adress": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _append_rows(
        x, b'<row r="300">' + b"<c><v>1</v></c>" * 400 + b"</row>")), ("fil-for-stort-blad",)),
    "prefix på elementen": Kind(lambda f, p: rewrite(p, f / "plan.xlsx", {_part(p, C.SHEET_PLAN): lambda x: (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="70000"><x:c r="A70000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>').encode()}),
        ("fil-for-stort-blad",)),
    "ods med upprepade rader": Kind(lambda f, p: _ods(f / "plan.ods", '<table:table table:name="Aktivitetsplan">'
                                                      '<table:table-row table:number-rows-repeated="1048576">'
                                                      '<table:table-cell table:number-columns-repeated="16384" '
                                                      'office:value-type="string"><text:p>x</text:p>'
                                                      "</table:table-cell></table:table-row></table:table>"),
                                    ("fil-for-stort-blad",)),
    "trasig workbook.xml": Kind(lambda f, p: rewrite(p, f / "plan.xlsx", {"xl/workbook.xml": lambda x: x[: len(x) // 3]}),
                                ("fil-skadad-xml",)),
    "trasigt blad": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: x[: len(x) // 2]),
                         ("fil-skadad-xml",)),
    "okänd komprimeringsmetod": Kind(lambda f, p: _method(p, f / "plan.xlsx", "xl/styles.xml", 99), ("fil-skadad-zip",)),
    "trasig komprimering": Kind(lambda f, p: _flip_deflate(p, f / "plan.xlsx", _part(p, C.SHEET_PLAN)),
                                ("fil-skadad",)),
    "delad text som saknas": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _append_rows(
        x, b'<row r="300"><c r="A300" t="s"><v>99999</v></c></row>')), ("fil-skadad",)),
    "bladets del saknas": Kind(lambda f, p: rewrite(p, f / "plan.xlsx", {_part(p, C.SHEET_PLAN): None}),
                               ("blad-saknas",)),
    "entitetsbomb": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _with_doctype(x, LAUGHS, b"&f;")),
                         ("fil-skadad-xml",)),
    "extern entitet (XXE)": Kind(lambda f, p: _in_plan_sheet(p, f / "plan.xlsx", lambda x: _with_doctype(
        x, b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;")), ("fil-skadad-xml",)),
    "zip med ../ i namnen": Kind(lambda f, p: rewrite(p, f / "plan.xlsx", add={"../../utanfor.txt": b"x",
                                                                               "/abs/utanfor.txt": b"y"}), (), 0),
    "felvärden från formler": Kind(lambda f, p: _filled(f / "plan.xlsx", p, _errors), ("cell-felvarde",),
                                   cells=(f"{C.letter('goal')}7", f"{C.letter('responsible')}6")),
    "dold flik": Kind(lambda f, p: _filled(f / "plan.xlsx", p, _hide), ("blad-dolt",), 0),
    "40 000 tecken i delad text (Uppgifter)": Kind(lambda f, p: _shared_string(
        p, f / "plan.xlsx", C.SHEET_INFO, C.info_cell("manager"), "Chef " * 8000), ("text-for-lang",),
        cells=(C.info_cell("manager"),)),
    "40 000 tecken i delad text (Kommentar)": Kind(lambda f, p: _shared_string(
        p, f / "plan.xlsx", C.SHEET_PLAN, f"{C.letter('comment')}6", "Kommentar " * 4000), ("text-for-lang",),
        cells=(f"{C.letter('comment')}6",)),
    "fifo med ändelsen xlsx": Kind(lambda f, p: _fifo(f / "plan.xlsx"), ("fil-behorighet",)),
    "trasig länk": Kind(lambda f, p: _link(f / "plan.xlsx", f / "finns-inte.xlsx"), ("fil-lank",), folder=True),
    "länk i cirkel": Kind(lambda f, p: _loop(f), ("fil-lank", "fil-lank"), folder=True),
}


def _zip(target: Path, parts: dict[str, bytes]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return target


def _bomb(target: Path) -> Path:
    import io

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"")
    raw = bytearray(data.getvalue())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24: central + 28] = (3 * 1024 ** 3).to_bytes(4, "little")  # claims 3 GB unpacked
    target.write_bytes(bytes(raw))
    return target


def _filled(target: Path, plan: bytes, mutate: Callable[[openpyxl.Workbook], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = target.with_name("källa.xlsx")
    source.write_bytes(plan)
    wb = openpyxl.load_workbook(source)
    mutate(wb)
    wb.save(target)
    source.unlink()
    return target


def _fifo(target: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(target)
    return target


def _link(link: Path, target: Path) -> Path:
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    return link


def _loop(folder: Path) -> Path:
    _link(folder / "b.xlsx", folder / "plan.xlsx")
    return _link(folder / "plan.xlsx", folder / "b.xlsx")


# -- what every case must show -----------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every regular file under ``folder`` and a hash of its bytes (links and pipes as what they are)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.exists() and not path.is_dir():
            found[str(path)] = "special"
    return found


def no_temporaries(folder: Path) -> None:
    assert not [p for p in folder.rglob(".~kf-*")], "a temporary file was left"


def swedish(message: str) -> None:
    assert message and not ENGLISH.search(message), message


def assert_clean(result, before: dict[str, str], folder: Path) -> None:
    """No traceback, the inputs as they were, no temporary file."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert snapshot(folder) == before
    no_temporaries(folder)


@pytest.mark.parametrize("name", KINDS)
def test_hostile_file_is_one_clear_issue(name, plan, tmp_path):
    kind = KINDS[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = kind.build(folder, plan)
    before = snapshot(folder)
    result = runner.invoke(app, ["validate", str(folder if kind.folder else path), "--json"])
    assert result.exit_code == kind.exit_code, result.output
    document = json.loads(result.stdout)
    issues = [i for f in document["files"] for i in f["issues"]]
    codes = [i["code"] for i in issues]
    if kind.codes and kind.codes[0].startswith("fil-"):  # an unreadable file: exactly one issue, for the file
        assert codes == list(kind.codes)
        assert {f["status"] for f in document["files"]} == {"kunde inte läsas"}
    else:
        assert set(kind.codes) <= set(codes), codes
    if kind.cells:
        assert sorted(i["cell"] for i in issues if i["code"] == kind.codes[0]) == sorted(kind.cells)
        assert not [i for i in issues if i["cell"] in kind.cells and i["code"] not in kind.codes]
    for issue in issues:
        swedish(issue["message"])
    assert_clean(result, before, folder)


@pytest.mark.parametrize("error, code", [
    ("PasswordError", "fil-losenord"), ("ZipError", "fil-skadad-zip"), ("XmlError", "fil-skadad-xml"),
    ("WorksheetNotFound", "fil-blad-trasigt"), ("CalamineError", "fil-skadad"), ("TablesNotLoaded", "fil-skadad"),
])
def test_each_calamine_error_is_its_own_issue(error, code, plan, tmp_path, monkeypatch):
    """python-calamine's errors are caught by type, never as Exception; the library's text is only the detail."""
    import python_calamine

    from kfworkbook.read import workbook as read_module

    def refuse(path):
        raise getattr(python_calamine, error)("Worksheet 'Aktivitetsplan' not found in the archive")

    def also_refuse(path):
        raise KeyError("There is no item named 'xl/workbook.xml' in the archive")

    monkeypatch.setattr(read_module, "_calamine_grids", refuse)
    monkeypatch.setattr(read_module, "_openpyxl_grids", also_refuse)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan)
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    issue = json.loads(result.stdout)["files"][0]["issues"][0]
    assert (issue["code"], issue["detail"]) == (code, "Worksheet 'Aktivitetsplan' not found in the archive")
    swedish(issue["message"])


def test_every_hostile_file_in_one_merge(plan, tmp_path):
    """All the kinds in one folder with a good plan: the merge goes on, each file is accounted for."""
    folder = tmp_path / "inlamnade"
    for number, kind in enumerate(KINDS.values()):
        kind.build(_mkdir(folder / f"{number:02d}"), plan)
    (folder / "bra.xlsx").write_bytes(plan)
    before = snapshot(folder)
    out = tmp_path / "sammanstallning.xlsx"
    result = runner.invoke(app, ["merge", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert_clean(result, before, folder)
    lines = result.output.splitlines()
    unreadable = [line for line in lines if " kunde inte läsas: " in line]
    skipped_in_folders = {"fil-las", "fil-behorighet"}  # a lock file and a pipe in a folder are skipped, not read
    expected = sum(len(k.codes) for k in KINDS.values()
                   if k.codes and k.codes[0].startswith("fil-") and k.codes[0] not in skipped_in_folders)
    assert len(unreadable) == expected
    for line in unreadable:
        swedish(line.split(" kunde inte läsas: ", 1)[1])
    assert any(line.startswith("Hoppade över 05/~$plan.xlsx (låsfil, ingen plan)") for line in lines)
    assert out.is_file()


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- folders: links, loops, pipes, rights ------------------------------------------------------------


@pytest.fixture
def linked(plan, tmp_path):
    """A folder with a plan, a link to a plan outside it, a link to a folder (and so a loop), a broken
    link, a pipe and one of our own temporary files."""
    outside = _mkdir(tmp_path / "utanfor")
    (outside / "Förskola.xlsx").write_bytes(plan)
    folder = _mkdir(tmp_path / "inlamnade")
    (folder / "egen.xlsx").write_bytes(plan)
    _link(folder / "länk.xlsx", outside / "Förskola.xlsx")
    _link(folder / "mapp", outside)
    _link(folder / "varv", folder)
    _link(folder / "trasig.txt", folder / "finns-inte.txt")
    _link(folder / "samma.xlsx", folder / "egen.xlsx")
    _fifo(folder / "rör.xlsx")
    (folder / ".~kf-abc123.xlsx").write_bytes(b"half")
    return folder


def test_links_in_a_folder_are_followed_only_to_files(linked):
    before = snapshot(linked.parent)
    result = runner.invoke(app, ["merge", str(linked), "-o", str(linked.parent / "s.xlsx")])
    assert result.exit_code == 0, result.output
    assert_clean_except(result, before, linked.parent, {str(linked.parent / "s.xlsx")})
    assert result.output.splitlines()[1:4] == [
        f"Skrev {linked.parent / 's.xlsx'}: 3 aktiviteter från 1 plan.",
        "Enheter: 5 förväntade – 1 godkänd, 0 med varningar, 0 med fel, 0 kunde inte läsas, 4 saknas.",
        "Filer: 7 i inlämningen – 1 räknas, 1 ersatt av en nyare, 0 hör inte till planen, 0 kunde inte läsas, "
        "5 överhoppade."]  # samma.xlsx, a link to egen.xlsx, is egen.xlsx: read once
    assert [line for line in result.output.splitlines() if line.startswith(("Hoppade", "länk", "egen"))] == [
        "egen.xlsx ersattes av den nyare länk.xlsx (Förskola).",
        "Hoppade över .~kf-abc123.xlsx (ofärdig fil från en avbruten körning av kfworkbook).",
        "Hoppade över mapp (genväg till en mapp, följs inte).",
        "Hoppade över rör.xlsx (ingen vanlig fil).",
        "Hoppade över trasig.txt (genväg som inte pekar på någon fil).",
        "Hoppade över varv (genväg till en mapp, följs inte).",
    ]


def assert_clean_except(result, before: dict[str, str], folder: Path, written: set[str]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert {k: v for k, v in snapshot(folder).items() if k not in written} == before
    assert not [p for p in folder.rglob(".~kf-*") if p.name != ".~kf-abc123.xlsx"]


@pytest.mark.parametrize("command", ["merge", "validate", "dokument", "uppfoljning", "template"])
def test_every_folder_command_takes_a_folder_with_links(command, linked, tmp_path):
    """The link to a plan outside the folder once stopped each of these with a ValueError traceback."""
    out = tmp_path / "ut"
    args = {"merge": ["merge", str(linked), "-o", str(out / "s.xlsx")],
            "validate": ["validate", str(linked), "--annotate", str(out)],
            "dokument": ["dokument", str(linked), "-o", str(out / "plan.docx")],
            "uppfoljning": ["uppfoljning", "--period", "T1", str(linked), "--out", str(out)],
            "template": ["template", "--prefill", str(linked), "--out", str(out)]}[command]
    before = snapshot(linked.parent)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert_clean_except(result, before, linked.parent, {str(p) for p in out.rglob("*")})


def test_a_folder_that_cannot_be_opened_is_listed(plan, tmp_path, monkeypatch):
    folder = _mkdir(tmp_path / "inlamnade")
    (folder / "plan.xlsx").write_bytes(plan)
    _mkdir(folder / "låst")
    (folder / "låst" / "dold.xlsx").write_bytes(plan)
    scandir = os.scandir

    def refuse(path):
        if Path(path).name == "låst":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Hoppade över låst (mappen kunde inte öppnas: behörighet saknas)."


def test_a_file_named_on_the_command_line_that_cannot_be_read(plan, tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan)
    opened = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    issue = json.loads(result.stdout)["files"][0]["issues"][0]
    assert (issue["code"], issue["message"]) == ("fil-behorighet", (
        "Filen kan inte öppnas: du har inte behörighet att läsa den, eller så är den ingen vanlig fil. Kopiera "
        "planen till en mapp du har tillgång till och kör kommandot igen."))
    assert issue["detail"].startswith("[Errno 13]")


def test_typer_path_errors_are_swedish():
    from kfworkbook.cli.typer_sv import translate_error

    assert translate_error("Invalid value for 'FIL_ELLER_MAPP...': Path 'a/plan.xlsx' is not readable.") == (
        "a/plan.xlsx kan inte läsas: du har inte behörighet att öppna den. Kontrollera behörigheten eller kopiera "
        "filen till en mapp du har tillgång till.")
    assert translate_error("Invalid value for '--out': Directory 'ut' is not writable.") == (
        "ut kan inte skrivas: du har inte behörighet. Välj en annan fil eller mapp.")


def test_names_that_are_not_utf8_or_hold_a_line_break(plan, tmp_path):
    folder = _mkdir(tmp_path / "inlamnade")
    try:
        (Path(os.fsdecode(bytes(folder)) + os.fsdecode(b"/plan\xff.xlsx"))).write_bytes(plan)
    except (OSError, UnicodeError):
        pytest.skip("the file system takes only UTF-8 names")
    (folder / "rad\nbrytning.xlsx").write_bytes(plan)
    result = runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    assert "plan\ufffd.xlsx ersattes av den nyare rad brytning.xlsx (Förskola)." in result.output.splitlines()


# -- annotated copies: every format, every folder ----------------------------------------------------


def _with_issue(wb: openpyxl.Workbook) -> None:
    wb[C.SHEET_PLAN][f"{C.letter('category')}6"] = "Utvekla"


def test_annotate_keeps_subfolders_and_tells_same_names_apart(plan, tmp_path):
    folder = tmp_path / "inlamnade"
    for sub in ("lo_saved", "gamla"):
        _filled(_mkdir(folder / sub) / "X.xlsx", plan, _with_issue)
    elsewhere = _filled(_mkdir(tmp_path / "annan") / "X.xlsx", plan, _with_issue)
    before = snapshot(tmp_path)
    out = tmp_path / "granskade"
    result = runner.invoke(app, ["validate", str(folder), str(elsewhere), "--annotate", str(out)])
    assert result.exit_code == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xlsx")) == [
        "X.xlsx", "gamla/X.xlsx", "lo_saved/X.xlsx"]
    assert [line for line in result.output.splitlines() if line.startswith("Skrev kopia")] == [
        f"Skrev kopia med anmärkningar: {out / 'gamla' / 'X.xlsx'}",
        f"Skrev kopia med anmärkningar: {out / 'lo_saved' / 'X.xlsx'}",
        f"Skrev kopia med anmärkningar: {out / 'X.xlsx'}"]
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith(str(out))} == before
    no_temporaries(tmp_path)


def test_two_files_of_one_name_given_by_name(plan, tmp_path):
    first = _filled(_mkdir(tmp_path / "a") / "X.xlsx", plan, _with_issue)
    second = _filled(_mkdir(tmp_path / "b") / "X.xlsx", plan, _with_issue)
    out = tmp_path / "granskade"
    result = runner.invoke(app, ["validate", str(first), str(second), "--annotate", str(out)])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["X (2).xlsx", "X.xlsx"]


def test_a_plan_that_cannot_be_copied_is_one_line_and_the_run_goes_on(plan, tmp_path, monkeypatch):
    from kfworkbook.output import copies

    folder = tmp_path / "inlamnade"
    bad = _filled(_mkdir(folder) / "a.xlsx", plan, _with_issue)
    _filled(folder / "b.xlsx", plan, _with_issue)
    load = copies.load_workbook

    def refuse(path, *args, **kwargs):
        if Path(path) == bad:
            raise KeyError("There is no item named 'xl/styles.xml' in the archive")
        return load(path, *args, **kwargs)

    monkeypatch.setattr(copies, "load_workbook", refuse)
    out = tmp_path / "granskade"
    result = runner.invoke(app, ["validate", str(folder), "--annotate", str(out)])
    assert result.exit_code == 1  # the plans' own result: the copy is not a write fault
    assert sorted(p.name for p in out.iterdir()) == ["b.xlsx"]
    assert result.stderr.splitlines() == ["Kunde inte skriva en kopia med anmärkningar av a.xlsx: filen kan inte "
                                          "öppnas för att markeras (den kontrollerades ändå)."]
    no_temporaries(tmp_path)


@pytest.mark.slow
def test_annotate_writes_an_xlsx_copy_of_an_ods_plan(plan, tmp_path):
    from .conftest import soffice_convert

    source = _filled(tmp_path / "lo" / "Förskola.xlsx", plan, _with_issue)
    ods = next(p for p in soffice_convert(source, "ods", tmp_path / "ods") if p.suffix == ".ods")
    folder = _mkdir(tmp_path / "inlamnade" / "lo_saved")
    shutil.copy(ods, folder / "Förskola.ods")
    (folder.parent / "Förskola.xlsx").write_bytes(plan)
    before = snapshot(folder.parent)
    out = tmp_path / "granskade"
    result = runner.invoke(app, ["validate", str(folder.parent), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    copy = out / "lo_saved" / "Förskola.xlsx"
    assert f"Skrev kopia med anmärkningar: {copy}" in result.output
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Valideringsfel"
    cell = wb[C.SHEET_PLAN][f"{C.letter('category')}6"]
    assert cell.value == "Utvekla" and cell.comment is not None and "Menade du Utveckla?" in cell.comment.text
    assert wb[C.SHEET_LISTS].sheet_state == "hidden"
    assert snapshot(folder.parent) == before
    no_temporaries(tmp_path)


# -- template --prefill: control characters and long fields -----------------------------------------


def test_prefill_cleans_control_characters_and_says_so(plan, tmp_path):
    source = _shared_string(plan, tmp_path / "förra.xlsx", C.SHEET_PLAN, f"{C.letter('activity')}6",
                            "Kurs_x0001_ i bem\u00f6tande_x0007_")
    out = tmp_path / "mallar"
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(out), "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "1 rad behöver åtgärdas:",
        "  förra.xlsx, Aktivitetsplan rad 6 (Förskola): Aktivitet – hur gör vi det? innehöll tecken som inte kan "
        "stå i en Excel-cell (osynliga styrtecken); de togs bort. Kontrollera att texten är hel."]
    written = openpyxl.load_workbook(next(out.glob("*.xlsx")))[C.SHEET_PLAN][f"{C.letter('activity')}6"].value
    assert written == "Kurs i bemötande"


def _csv_rows(activity: str) -> str:
    return ("Avdelning;Kategori (UBARA);Vad ska vi uppnå?;Aktivitet – hur gör vi det?;Måldatum;Ansvarig (funktion);"
            "Uppföljning\n"
            f"Förskola;Utveckla;Mål;{activity};2023-12-31;Rektor;Tertial 1\n")


@pytest.mark.parametrize("encoding, separator, name", [
    ("utf-16", "\t", "Unicode-text från Excel (UTF-16, tabb)"),
    ("utf-8", "|", "lodstreck"),
])
def test_prefill_reads_utf16_and_pipe_csv(encoding, separator, name, tmp_path):
    source = tmp_path / "rader.csv"
    source.write_bytes(_csv_rows("Handledning").replace(";", separator).encode(encoding))
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "mallar"),
                                 "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    assert "Kompetensförsörjningsplan_2022_Förskola.xlsx: 1 aktivitet" in result.output


def test_prefill_csv_fields_of_any_length_and_nul(tmp_path):
    source = tmp_path / "rader.csv"
    long = "Lång beskrivning. " * 10_000  # 180,000 characters: past csv's default field limit (131,072)
    source.write_text(_csv_rows("Start\x00" + long.strip()), encoding="utf-8")
    out = tmp_path / "mallar"
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(out), "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:] == [
        "1 rad behöver åtgärdas:",
        "  rad 2 (Förskola): Aktivitet – hur gör vi det? innehöll tecken som inte kan stå i en Excel-cell (osynliga "
        "styrtecken); de togs bort. Kontrollera att texten är hel.",
        "  rad 2 (Förskola): Aktivitet – hur gör vi det? har 180 004 tecken, men en Excel-cell rymmer högst 32 767, "
        "så texten kortades. Läs slutet i källan och korta texten i mallen."]
    written = openpyxl.load_workbook(next(out.glob("*.xlsx")))[C.SHEET_PLAN][f"{C.letter('activity')}6"].value
    assert len(written) == C.MAX_CELL_TEXT and written.startswith("StartLång beskrivning.")


@pytest.mark.parametrize("content, message", [
    ("Kategori|Mål|Aktivitet\nUtveckla|Mål|Kurs\n".encode("cp1252"),
     "Fel: rader.csv har inga av mallens rubriker på första raden. Filen lästes som Windows-1252 med lodstreck som "
     "avgränsare, och första raden är 'Kategori|Mål|Aktivitet'. Spara tabellen från Excel som CSV UTF-8 med mallens "
     "rubriker och Avdelning på första raden, eller som Excel-arbetsbok."),
    (bytes(range(256)) * 8,
     "Fel: rader.csv är ingen textfil, inte en CSV-fil. Spara tabellen som CSV UTF-8 eller ge Excel-filen med sin "
     "rätta filändelse (.xlsx)."),
])
def test_prefill_unknown_csv_layout_names_what_it_found(content, message, tmp_path):
    source = tmp_path / "rader.csv"
    source.write_bytes(content)
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "mallar")])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message


# -- every writer cleans text the same way ----------------------------------------------------------


@pytest.mark.parametrize("command", ["merge", "dokument", "validate"])
def test_control_characters_never_reach_an_output(command, plan, tmp_path):
    folder = _mkdir(tmp_path / "inlamnade")
    _shared_string(plan, folder / "plan.xlsx", C.SHEET_PLAN, f"{C.letter('category')}6", "Utvek_x0001_la")
    out = {"merge": tmp_path / "s.xlsx", "dokument": tmp_path / "plan.docx", "validate": tmp_path / "granskade"}[command]
    args = [command, str(folder), *(["--annotate", str(out)] if command == "validate" else ["-o", str(out)])]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    files = [out] if out.is_file() else sorted(out.rglob("*.xlsx"))
    assert files
    for written in files:
        with zipfile.ZipFile(written) as archive:
            for name in archive.namelist():
                if name.endswith(".xml") and (command != "validate" or "comments" in name or name.endswith(
                        "sheet1.xml")):  # the copy keeps the plan's own cells as they were; our texts are clean
                    text = archive.read(name)
                    assert b"_x0001_" not in text and b"\x01" not in text, name


# -- the merge with the two oversized files ---------------------------------------------------------


@pytest.mark.slow
def test_oversized_files_do_not_slow_a_merge(tmp_path):
    """The five demo plans, then the same with a XFD1048576 file and a million-row file: both are listed
    as unreadable with the reason, and the merge takes less than twice as long."""
    import time

    from kfworkbook.demo.year import write_example_plans

    from .hostile_files import million_rows, xfd

    plans = write_example_plans(tmp_path / "fem")
    both = _mkdir(tmp_path / "sju")
    for path in plans:
        shutil.copy(path, both / path.name)
    xfd(plans[0], both / "XFD.xlsx")
    million_rows(plans[0], both / "Miljon.xlsx")

    def merge(folder: Path) -> tuple[float, object]:
        start = time.perf_counter()
        result = runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / f"{folder.name}.xlsx"), "--force"])
        return time.perf_counter() - start, result

    alone = min(merge(tmp_path / "fem")[0] for _ in range(2))
    timings = [merge(both) for _ in range(2)]
    seconds, result = min(timings, key=lambda t: t[0])
    assert result.exit_code == 0, result.output
    reasons = [line for line in result.output.splitlines() if "kunde inte läsas" in line and ".xlsx" in line]
    assert reasons == [
        "Miljon.xlsx kunde inte läsas: Filen har 1 048 576 rader och 18 kolumner på fliken Aktivitetsplan (till cell "
        "R1048576), men en plan får ha högst 20 000 rader och 200 kolumner. Ta bort raderna och kolumnerna utanför "
        "tabellen, även tomma celler med formatering, och spara om filen i Excel.",
        "XFD.xlsx kunde inte läsas: Filen har 1 048 576 rader och 16 384 kolumner på fliken Aktivitetsplan (till cell "
        "XFD1048576), men en plan får ha högst 20 000 rader och 200 kolumner. Ta bort raderna och kolumnerna utanför "
        "tabellen, även tomma celler med formatering, och spara om filen i Excel."]
    assert seconds < 2 * alone, (seconds, alone)
