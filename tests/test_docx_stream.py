"""The plan document with chapter 3's rows streamed (``write_document``, ``kfworkbook dokument``) is the document
python-docx builds in memory (``build_document``): every part of the package the same, ``document.xml`` byte
for byte, also when the managers' text holds what XML must escape or cannot hold at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document as open_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from kfworkbook.output.document import write_document
from kfworkbook.output.docx import ColumnText, fit_measured, fit_widths
from kfworkbook.output.docx_stream import MARKER_PATTERN, text_xml
from kfworkbook.output.plan_document import build_document, stream_document
from kfworkbook.summary.merge import merge

from .test_document import vallby, vallby_plans
from .test_plan_document import check_docx

LONG_WORD = "Kompetensförsörjningsplaneringsarbetsgruppsmöte" * 12
HOSTILE = {  # (row, column) → the text a manager typed
    (0, "Vad ska vi uppnå?"): "a < b & c > d \"citat\" 'apostrof' <w:p/>",
    (0, "Aktivitet – hur gör vi det?"): "\x01styr\x0btecken\x1fbort\x7f\x00",
    (0, "Måldatum"): "",
    (0, "Ansvarig (funktion)"): None,
    (0, "Uppföljning"): "rad 1\r\nrad 2\rrad 3\n\n",
    (0, "Kommentar"): "lång text " * 3000 + LONG_WORD,
    (1, "Vad ska vi uppnå?"): "   ",
    (1, "Aktivitet – hur gör vi det?"): "\ttabb och  två  mellanslag ",
    (1, "Måldatum"): "<!--kfworkbook-rader-0-->",
    (1, "Ansvarig (funktion)"): "😀 \u2028 \ud800 \ufffe \uffff slut",
    (1, "Kommentar"): "]]> &amp; &#13; <![CDATA[x]]>",
    (2, "Enhet"): "Ny enhet <&> \x02",
    (3, "Vad ska vi uppnå?"): "\r",
    (4, "Kommentar"): "\n" * 500 + "&" * 500 + "😀" * 500,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Vallby's plans merged, then the managers' hostile texts put in the activities as a reader could give them."""
    summary = merge([vallby_plans(tmp_path_factory)], vallby(), workers=1)
    frame = summary.activities.astype(object)
    for (row, column), value in HOSTILE.items():
        frame.iloc[row, frame.columns.get_loc(column)] = value
    summary.activities = frame
    return summary


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_streamed_document_is_the_python_docx_document(hostile, tmp_path):
    build_document(hostile).save(str(tmp_path / "i-minnet.docx"))
    returned = write_document(hostile, tmp_path / "strommat.docx")
    whole, streamed = _parts(tmp_path / "i-minnet.docx"), _parts(tmp_path / "strommat.docx")
    assert list(streamed) == list(whole)
    assert streamed["word/document.xml"] == whole["word/document.xml"]
    assert streamed == whole
    xml = streamed["word/document.xml"].decode("utf-8")
    assert not MARKER_PATTERN.search(streamed["word/document.xml"])
    for text in ("a &lt; b &amp; c &gt; d \"citat\" 'apostrof' &lt;w:p/&gt;", "styrteckenbort\x7f",
                 "&lt;!--kfworkbook-rader-0--&gt;", "😀 \u2028    slut", "]]&gt; &amp;amp; &amp;#13;",
                 "Ny enhet &lt;&amp;&gt;  (enheten finns inte i konfigurationen)", LONG_WORD,
                 '<w:t xml:space="preserve">rad 2\nrad 3</w:t><w:br/><w:t xml:space="preserve"/>'):
        assert text in xml, text
    # what python-docx reads back: the same cells, the characters XML cannot hold left out
    cells = [c.text for t in open_document(str(tmp_path / "strommat.docx")).tables for r in t.rows for c in r.cells]
    assert "\ttabb och  två  mellanslag " in cells
    # a carriage return is a line feed in w:t (as python-docx's parser has always made it), "\n" a w:br
    assert any(c.startswith("rad 1\n\nrad 2\nrad 3\n\n\nlång text ") for c in cells)
    assert check_docx(tmp_path / "strommat.docx") == [f"{tmp_path / 'strommat.docx'}: 0 problems"]
    # the document returned holds chapter 3's tables with their header rows only, and no marker
    assert not [c for c in returned.element.body.iter(etree.Comment)]
    assert len(returned.tables) == len(build_document(hostile).tables)


def test_zip64_when_the_rows_could_pass_4_gb(hostile, tmp_path):
    """A document.xml that could pass ZIP's 4 GB is written with ZIP64 (decided before its first byte)."""
    streamed = stream_document(hostile)
    assert streamed.tables
    for rows in streamed.tables.values():
        assert len("".join(rows.rows()).encode("utf-8")) <= rows.bound  # the bound bounds: ZIP64 is never missed
        rows.bound = zipfile.ZIP64_LIMIT
    streamed.save(tmp_path / "zip64.docx")
    build_document(hostile).save(str(tmp_path / "i-minnet.docx"))
    assert _parts(tmp_path / "zip64.docx") == _parts(tmp_path / "i-minnet.docx")
    with open(tmp_path / "zip64.docx", "rb") as file:
        assert b"\x01\x00\x10\x00" in file.read()  # the ZIP64 extra field of document.xml's local header
    assert open_document(str(tmp_path / "zip64.docx")).tables


def test_a_lost_marker_is_an_error_not_a_document_without_rows(hostile, tmp_path):
    streamed = stream_document(hostile)
    body = streamed.document.element.body
    marker = next(body.iter(etree.Comment))
    marker.getparent().remove(marker)
    with pytest.raises(ValueError, match="tabellmarkörer"):
        streamed.save(tmp_path / "trasig.docx")


def _through_lxml(xml: str) -> str:
    """``xml`` parsed as python-docx parses it and written again as lxml writes it (inside the document)."""
    wrapper = f"<w:tc {nsdecls('w')}>"
    written = etree.tostring(parse_xml(f"{wrapper}{xml}</w:tc>"), encoding="unicode")
    assert written.startswith(wrapper) and written.endswith("</w:tc>")
    return written[len(wrapper):-len("</w:tc>")]


def test_text_xml_is_what_lxml_writes():
    """Each streamed paragraph is the one lxml writes after parsing it: the bytes of both paths agree."""
    for text in ["", " ", "\r", "a\r\nb", "\n\n", "x < y & z > 0", "\x00\x08\x0b\x0c\x0e\x1f", "\ud83d\ude00",
                 "\U0001f600", "\u0085 \u2028", "'\"", "]]>", "\t"]:
        for bold, italic in ((False, False), (True, False), (True, True)):
            xml = text_xml(text, bold=bold, italic=italic)
            assert _through_lxml(xml) == xml, text


def test_widths_gathered_one_row_at_a_time_are_fit_widths():
    headers = ("Namn", "Värde", "Text med flera ord")
    rows = [("Förskola", 1234.5, "kort"), ("Äldreomsorg\x01", 7, "en mycket längre text " * 4), ("", 0, LONG_WORD[:30])]
    columns = [ColumnText() for _ in headers]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.add(value)
    assert fit_measured(headers, columns, 16.6, 9) == fit_widths(headers, rows, 16.6, 9) == \
        fit_widths(headers, iter(rows), 16.6, 9)
    assert fit_widths(headers, rows, 16.6, 9) is not None and fit_widths(headers, rows, 3.0, 9) is None
