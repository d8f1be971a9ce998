"""Files that cannot be read as a plan: each becomes exactly one clear issue, never an exception."""

from __future__ import annotations

import io
import zipfile

import pytest

from kfworkbook.read import workbook as read_module
from kfworkbook.validate.run import validate_file

from .plans import GOOD_ROWS, fill, flat


def _only(report, code):
    assert flat(report) == [(code, "", "fel")]
    assert not report.readable and report.activities is None
    return report.issues[0]


def test_missing_file(tmp_path, config):
    issue = _only(validate_file(tmp_path / "finns-inte.xlsx", config), "fil-saknas")
    assert issue.message == "Filen finns inte. Kontrollera namnet och mappen."


def test_lock_file(tmp_path, config):
    lock = tmp_path / "~$Kompetensförsörjningsplan_2022_Förskola.xlsx"
    lock.write_bytes(b"\x0bAnvandare" + b"\x00" * 150)
    issue = _only(validate_file(lock, config), "fil-las")
    assert "låsfil" in issue.message


def test_old_xls(tmp_path, config):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    book.add_sheet("Aktivitetsplan").write(0, 0, "Kategori (UBARA)")
    book.save(str(tmp_path / "plan.xls"))
    issue = _only(validate_file(tmp_path / "plan.xls", config), "fil-xls")
    assert issue.message.startswith("Filen är sparad i det gamla formatet .xls.")


def test_password_protected(template_path, tmp_path, config):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = fill(template_path, tmp_path / "plain.xlsx")
    encrypted = tmp_path / "lösen.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("hemligt", target)
    assert msoffcrypto  # the real encryption Excel uses (ECMA-376 agile)
    issue = _only(validate_file(encrypted, config), "fil-losenord")
    assert issue.message.startswith("Filen är lösenordsskyddad och kan inte läsas.")


def test_corrupt_zip(template_path, tmp_path, config):
    data = fill(template_path, tmp_path / "hel.xlsx").read_bytes()
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    _only(validate_file(broken, config), "fil-skadad")


def test_damaged_sheet_xml(template_path, tmp_path, config):
    source = fill(template_path, tmp_path / "hel.xlsx")
    damaged = tmp_path / "skadad.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 3]
            zout.writestr(item, data)
    _only(validate_file(damaged, config), "fil-skadad-xml")  # calamine's XmlError has its own issue (issue 20)


@pytest.mark.parametrize("content", [b"Detta \xe4r ingen arbetsbok\n", b"%PDF-1.7\n"])
def test_not_a_workbook(tmp_path, config, content):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    _only(validate_file(path, config), "fil-format")


def test_word_document_renamed(tmp_path, config):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    _only(validate_file(path, config), "fil-format")


def _zip_with(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in entries:
            archive.writestr(name, data)
    return path


def test_zip_bomb(tmp_path, config, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_UNCOMPRESSED_MB", 4)
    bomb = _zip_with(tmp_path / "bomb.xlsx", [("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))])
    assert bomb.stat().st_size < 100_000
    issue = _only(validate_file(bomb, config), "fil-for-stor")
    assert issue.message.startswith("Filen packas upp till 5 MB, mer än gränsen 4 MB")


def test_real_size_limit_is_checked_before_reading(tmp_path, config, monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("calamine must not open a refused file")

    monkeypatch.setattr(read_module, "_calamine_grids", explode)
    bomb = _zip_with(tmp_path / "bomb.xlsx", [])
    # Claim a gigantic uncompressed size in the central directory without writing it.
    data = io.BytesIO(bomb.read_bytes())
    with zipfile.ZipFile(data, "a") as archive:
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        archive.writestr(info, b"")
    raw = bytearray(data.getvalue())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24: central + 28] = (3 * 1024 ** 3).to_bytes(4, "little")
    bomb.write_bytes(bytes(raw))
    _only(validate_file(bomb, config), "fil-for-stor")


def test_thousands_of_sheets(tmp_path, config):
    many = _zip_with(tmp_path / "blad.xlsx", [(f"xl/worksheets/sheet{i}.xml", b"<worksheet/>") for i in range(2000)])
    issue = _only(validate_file(many, config), "fil-for-manga-blad")
    assert issue.message == "Filen har 2000 blad, men en plan har högst 100. Kontrollera att det är rätt fil."


def test_openpyxl_fallback_when_calamine_refuses(template_path, tmp_path, config, monkeypatch):
    """A file calamine cannot parse is tried with openpyxl before it is called damaged."""
    def refuse(path):
        from python_calamine import CalamineError

        raise CalamineError("calamine: unsupported feature")

    from kfworkbook.forms import columns as C
    from kfworkbook.validate.run import validate_plan

    from .plans import GOOD_ROWS

    plan_path = fill(template_path, tmp_path / "plan.xlsx", [GOOD_ROWS[0], {**GOOD_ROWS[1], "responsible": None}],
                     mutate=lambda wb: wb[C.SHEET_PLAN].merge_cells("K7:K8"))
    expected = flat(validate_file(plan_path, config))
    monkeypatch.setattr(read_module, "_calamine_grids", refuse)
    plan = read_module.read_plan(plan_path)
    assert plan.readable and list(plan.rows.index) == [6, 7]
    assert flat(validate_plan(plan, config)) == expected == [("sammanfogade-celler", "K7", "fel"),
                                                             ("obligatorisk", "H7", "fel")]


def test_empty_file(tmp_path, config):
    path = tmp_path / "Förskola.xlsx"
    path.write_bytes(b"")
    issue = _only(validate_file(path, config), "fil-tom")
    assert issue.message == "Filen är tom (0 byte). Spara planen i Excel igen och skicka den på nytt."


def test_binary_workbook(tmp_path, config):
    xlsb = tmp_path / "plan.xlsb"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert "(.xlsb)" in _only(validate_file(xlsb, config), "fil-xlsb").message
    (tmp_path / "gammal.xlsb").write_bytes(b"not a zip at all")
    _only(validate_file(tmp_path / "gammal.xlsb", config), "fil-xlsb")


def test_library_detail_is_kept_apart_from_the_swedish_message(template_path, tmp_path, config):
    data = fill(template_path, tmp_path / "hel.xlsx").read_bytes()
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    issue = _only(validate_file(broken, config), "fil-skadad")
    assert issue.message == "Filen är skadad och kan inte öppnas. Spara om den i Excel eller be om en ny kopia."
    assert issue.detail and issue.detail not in issue.message
    assert issue.to_dict()["detail"] == issue.detail
    assert "detail" not in validate_file(template_path, config).issues[0].to_dict()


def test_text_beyond_the_cell_limit_is_reported_not_cut(template_path, tmp_path, config):
    from kfworkbook.forms.columns import MAX_CELL_TEXT

    long_text = "Lång beskrivning. " * 2500  # 45,000 characters: calamine would return only 32,767
    short = fill(template_path, tmp_path / "kort.xlsx", [dict(GOOD_ROWS[0], activity="LONGTEXTMARKER"), *GOOD_ROWS[1:]])
    path = tmp_path / "lang.xlsx"  # openpyxl cuts what it writes, so put the long text into the XML itself
    with zipfile.ZipFile(short) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename).replace(b"LONGTEXTMARKER", long_text.strip().encode()))
    report = validate_file(path, config)
    assert flat(report) == [("text-for-lang", "E6", "fel")]
    length = f"{len(long_text.strip()):,}".replace(",", " ")  # 44 999: Swedish digit grouping
    assert report.issues[0].message.startswith(f"Aktivitet – hur gör vi det? har {length} tecken")
    assert len(long_text) > MAX_CELL_TEXT
    assert report.activities.loc[6, "activity"] == long_text.strip()


@pytest.mark.slow
def test_ods_that_lost_the_template_is_one_issue(tmp_path, config):
    import openpyxl

    from .conftest import soffice_convert

    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.active["A1"] = "Vår plan"
    wb.save(tmp_path / "egen.xlsx")
    ods = next(p for p in soffice_convert(tmp_path / "egen.xlsx", "ods", tmp_path / "ods") if p.suffix == ".ods")
    assert "spara den som Excel-arbetsbok (.xlsx)" in _only(validate_file(ods, config), "fil-ods").message
