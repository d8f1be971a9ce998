"""output/xlsxzip.py and deflate.py: a workbook packaged within ``quick_zip`` holds the same parts, byte for byte
once unpacked, as XlsxWriter packages itself; only the deflate engine and level differ. XlsxWriter's own classes are back
when the block ends, also after an error."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
import xlsxwriter.packager
import xlsxwriter.workbook

from kfworkbook import deflate
from kfworkbook.output.xlsxzip import BATCH, Pieces, XmlPieces, quick_zip


def _write(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties({"created": None})
    bold = wb.add_format({"bold": True, "text_wrap": True})
    ws = wb.add_worksheet("Aktiviteter")
    ws.write_row(0, 0, ["Avdelning", "Enhet", "Aktivitet", "Måldatum"], bold)
    for r in range(1, 3 * BATCH):  # more pieces than one batch
        ws.write_row(r, 0, [f"Avdelning {r % 7}", "Förskola Ängen", f"Åtgärd {r} – ”citat” & <tagg>", r * 1.5])
        ws.write_datetime(r, 4, date(2027, 1 + r % 12, 1))
    wb.add_worksheet("Tom")
    wb.close()


def _parts(path: Path) -> dict[str, tuple[bytes, int]]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: (archive.read(info), info.compress_type) for info in archive.infolist()}


def test_the_same_parts_as_xlsxwriter_packages(tmp_path: Path):
    _write(tmp_path / "plain.xlsx")
    with quick_zip():
        _write(tmp_path / "quick.xlsx")
    plain, quick = _parts(tmp_path / "plain.xlsx"), _parts(tmp_path / "quick.xlsx")
    assert list(quick) == list(plain)
    assert quick == plain  # the same bytes unpacked, each part deflated
    assert len(quick["xl/worksheets/sheet1.xml"][0]) > 100_000


def test_xlsxwriters_classes_are_back_after_the_block_also_after_an_error(tmp_path: Path):
    zip_file, text_file = xlsxwriter.workbook.ZipFile, xlsxwriter.packager.StringIO
    with pytest.raises(RuntimeError), quick_zip():
        assert xlsxwriter.packager.StringIO is XmlPieces
        raise RuntimeError("stop")
    assert (xlsxwriter.workbook.ZipFile, xlsxwriter.packager.StringIO) == (zip_file, text_file)


def test_pieces_are_utf8_only_and_come_in_batches():
    pieces = XmlPieces()
    pieces.write("<a>")
    pieces.writelines(["å" for _ in range(BATCH + 1)])
    text = pieces.getvalue()
    assert isinstance(text, Pieces) and text.encode("UTF-8") is text
    assert b"".join(text.batches()) == ("<a>" + "å" * (BATCH + 1)).encode("utf-8")
    assert len(list(text.batches())) == 2
    with pytest.raises(ValueError):
        text.encode("latin-1")


def test_parts_are_deflated_by_the_fast_engine_where_it_is_installed(tmp_path: Path):
    """ISA-L (python-isal, a dependency wherever it has a wheel) deflates the parts at level 1: its stream,
    byte for byte, not zlib's."""
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    assert deflate.ENGINE == "ISA-L"
    with quick_zip():
        _write(tmp_path / "quick.xlsx")
    with zipfile.ZipFile(tmp_path / "quick.xlsx") as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        text = archive.read(info)
        with open(tmp_path / "quick.xlsx", "rb") as handle:
            handle.seek(info.header_offset + 26)
            name_length, extra_length = int.from_bytes(handle.read(2), "little"), int.from_bytes(handle.read(2), "little")
            handle.seek(name_length + extra_length, 1)
            stored = handle.read(info.compress_size)
    engine = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    assert stored == engine.compress(text) + engine.flush()
    assert deflate.inflate(stored) == text


@pytest.mark.parametrize("level", [1, 6])
def test_deflate_round_trip_and_damage(level: int):
    text = b'<row r="1"><c t="s"><v>0</v></c></row>' * 500
    engine = deflate.compressor(level)
    stream = engine.compress(text) + engine.flush()
    assert deflate.inflate(stream) == text
    with pytest.raises(deflate.ERRORS):
        deflate.inflate(stream[:-5])
