"""A faster XlsxWriter worksheet for large blocks of plain rows.

XlsxWriter keeps every cell as an object and turns it into XML at close, which costs about 9 µs per
cell on a small machine: most of the time of a 60,000-activity summary. :class:`BulkWorksheet`
(passed to ``Workbook.add_worksheet(worksheet_class=...)``, XlsxWriter's own extension point) lets a
caller hand over whole rows at once: they are turned into row XML immediately — strings go through
XlsxWriter's shared string table, formats through its format indices, exactly as for ``write()`` —
and written in their place among the ordinary rows when the sheet is assembled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import repeat
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from ..fileio import has_xml_illegal, xml_safe
from ..values import excel_serial

ROW_LIMIT = 1_048_576
"""Excel's rows per worksheet (XlsxWriter refuses a cell below them): writers that could pass it split a sheet
(:func:`kfworkbook.output.xlsx.sheet_parts`); tests lower it."""


LEFT_OUT = "\x00"
"""Marks an empty cell without a format while its row is made (a character XML cannot hold, so never in it): such a
cell is then taken out of the row, as XlsxWriter leaves it out."""
_LEFT_OUT_CELL = re.compile(f'<c r="[A-Z]+[0-9]+"{LEFT_OUT}/>')


def _each(values: Sequence[Any], make: Callable[[Any], str]) -> Iterator[str]:
    """``make(value)`` for each of ``values``, called once per distinct value in the order they first occur."""
    distinct = dict.fromkeys(values)
    texts = all(type(key) is str or key is None for key in distinct)  # then no 1, 1.0 or True among the values
    if not texts and len(set(map(type, values)) & {int, float, bool}) > 1:  # 1, 1.0 and True are one key: by type
        keys: Sequence[Any] = [(type(v), v) for v in values]
        made: dict[Any, str] = {}
        for key, value in zip(keys, values, strict=True):
            if key not in made:
                made[key] = make(value)
    else:
        keys = values
        made = {value: make(value) for value in distinct}
    return map(made.__getitem__, keys)


class RowLimitError(ValueError):
    """A bulk row or column outside the sheet: raised, never dropped (XlsxWriter would ignore the write)."""


class BulkWorksheet(Worksheet):
    """A worksheet that also accepts whole rows through :meth:`write_rows` (or columns, :meth:`write_columns_at`)."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: dict[int, str] = {}

    def write_rows(self, first_row: int, rows: Iterable[Sequence[Any]], formats: Sequence[Format | None],
                   date_format: Format, heights: Sequence[float | None] | None = None) -> int:
        """Write ``rows`` (Python values; None = empty) from ``first_row`` down; return the next free row.

        ``formats`` gives the cell format of each column (None for none); dates take ``date_format``
        (or the column's format when it has a number format). Text is always written as text.
        """
        rows = list(rows)
        self.write_rows_at(range(first_row, first_row + len(rows)), rows, formats, date_format, heights)
        return first_row + len(rows)

    def write_rows_at(self, numbers: Sequence[int], rows: Iterable[Sequence[Any]], formats: Sequence[Format | None],
                      date_format: Format, heights: Sequence[float | None] | None = None) -> None:
        """Like :meth:`write_rows`, but row ``rows[i]`` goes to row ``numbers[i]`` (rows need not be adjacent).

        One call for rows scattered between headings costs far less than a call per run of rows.
        """
        rows = [list(values) for values in rows]
        width = max([len(formats), *(len(values) for values in rows)])
        for values in rows:
            values.extend([None] * (width - len(values)))
        self.write_columns_at(numbers, [list(column) for column in zip(*rows, strict=True)] if rows else [],
                              formats, date_format, heights)

    def write_columns_at(self, numbers: Sequence[int], columns: Sequence[Sequence[Any]],
                         formats: Sequence[Format | None], date_format: Format,
                         heights: Sequence[float | None] | None = None) -> None:
        """Write the cells given column by column (``columns[c][i]`` goes to row ``numbers[i]``, column ``c``).

        The form rows come in from a DataFrame: no row lists are built. Each distinct value of a column is
        turned into its XML once. Raises :class:`RowLimitError` for a row or column outside the sheet.
        """
        numbers = list(numbers)
        if not numbers:
            return
        width = max(len(formats), len(columns))
        low, high = min(numbers), max(numbers)
        if low < 0 or high >= self.xls_rowmax or width > self.xls_colmax:
            raise RowLimitError(f"rows {low + 1}-{high + 1} x {width} columns do not fit on sheet {self.name!r} "
                                f"({self.xls_rowmax} rows, {self.xls_colmax} columns)")
        count = len(numbers)
        if any(len(column) != count for column in columns) or (heights is not None and len(heights) != count):
            raise ValueError(f"{count} rows, but columns of {sorted({len(c) for c in columns})} values")
        if width == 0:
            return
        formats = [*formats, *([None] * (width - len(formats)))]
        empty = [None] * count
        letters = [xl_col_to_name(c) for c in range(width)]
        follows = [*(f'<c r="{letter}' for letter in letters[1:]), "</row>"]
        parts = [self._column_xml(columns[c] if c < len(columns) else empty, formats[c], date_format, follows[c])
                 for c in range(width)]
        first = f'><c r="{letters[0]}'
        heads: Iterable[str] = repeat(f'"{first}')
        if heights is not None:
            heads = _each(heights, lambda height: f'" ht="{height}" customHeight="1"{first}' if height else f'"{first}')
        # a row is its pieces joined by its number: '<row r="', '"><c r="A', '" s="2" t="s"><v>7</v></c><c r="B', …
        rows: Iterable[str] = map(str.join, [str(n + 1) for n in numbers], zip(repeat('<row r="'), heads, *parts))
        if None in formats:
            rows = [_LEFT_OUT_CELL.sub("", row) if LEFT_OUT in row else row for row in rows]
        self._bulk.update(zip(numbers, rows, strict=True))
        self._check_dimensions(low, 0)
        self._check_dimensions(high, width - 1)

    def _column_xml(self, values: Sequence[Any], cell_format: Format | None, date_format: Format,
                    follow: str) -> Iterator[str]:
        """What follows the row number in each cell of one column: the rest of the cell's XML and ``follow`` (the
        next cell up to its row number, or the row's end). An empty cell without a format is marked
        :data:`LEFT_OUT`.

        Each distinct value is turned into its XML once (a plan's columns repeat their list values): strings
        go through the shared string table in the order they first occur, as with ``write``.
        """
        style = f' s="{cell_format._get_xf_index()}"' if cell_format is not None else ""
        dated = cell_format if cell_format is not None and cell_format.num_format not in (0, "General") \
            else date_format
        date_style = f' s="{dated._get_xf_index()}"'
        index = self.str_table._get_shared_string_index

        def cell(value: Any) -> str:
            if value is None:
                return f'"{style or LEFT_OUT}/>{follow}'
            if isinstance(value, str):
                text = xml_safe(value) if has_xml_illegal(value) else value
                return f'"{style} t="s"><v>{index(text)}</v></c>{follow}'
            if isinstance(value, bool):
                return f'"{style} t="b"><v>{int(value)}</v></c>{follow}'
            if isinstance(value, (int, float)):
                return f'"{style}><v>{value!r}</v></c>{follow}'
            if isinstance(value, date):
                return f'"{date_style}><v>{float(excel_serial(value))!r}</v></c>{follow}'
            return f'"{style} t="s"><v>{index(str(value))}</v></c>{follow}'

        return _each(values, cell)

    def merge_rows_at(self, numbers: Sequence[int], texts: Sequence[str], formats: Sequence[Format],
                      last_col: int, heights: Sequence[float | None] | None = None) -> None:
        """Headings: ``texts[i]`` in row ``numbers[i]`` in format ``formats[i]``, merged over columns 0 to
        ``last_col`` as ``merge_range`` writes them (the text in the first cell, the others blank in the same
        format, the range in the sheet's merges) without XlsxWriter's cell-by-cell bookkeeping. ``heights`` in
        points (None: the default height).
        """
        numbers = list(numbers)
        if not numbers:
            return
        if min(numbers) < 0 or max(numbers) >= self.xls_rowmax or last_col >= self.xls_colmax:
            raise RowLimitError(f"headings up to row {max(numbers) + 1} do not fit on sheet {self.name!r}")
        styles = {id(f): f' s="{f._get_xf_index()}"' for f in formats}
        index = self.str_table._get_shared_string_index
        letters = [xl_col_to_name(c) for c in range(1, last_col + 1)]
        follows = [*(f'<c r="{letter}' for letter in letters), "</row>"]
        blanks = {key: [f'"{style}/>{follow}' for follow in follows[1:]] for key, style in styles.items()}
        spans = f' spans="1:{last_col + 1}"'
        for offset, (number, text, cell_format) in enumerate(zip(numbers, texts, formats, strict=True)):
            style = styles[id(cell_format)]
            pixels = int(heights[offset] * 4.0 / 3.0 + 0.5) if heights is not None and heights[offset] else None
            height = f' ht="{pixels * 0.75:.16g}" customHeight="1"' \
                if pixels is not None and pixels != self.default_row_height else ""
            text_xml = f'"{style} t="s"><v>{index(xml_safe(text))}</v></c>{follows[0]}'
            # joined by the row's number, as in write_columns_at
            self._bulk[number] = str(number + 1).join(['<row r="', f'"{spans}{height}><c r="A', text_xml,
                                                       *blanks[id(cell_format)]])
            self.merge.append([number, 0, number, last_col])
        self._check_dimensions(min(numbers), 0)
        self._check_dimensions(max(numbers), last_col)

    def _write_merge_cells(self) -> None:
        """XlsxWriter's <mergeCells> (the print sheet has one merged heading a row), each column's letter made once."""
        if not self.merge:
            return
        letters = {c: xl_col_to_name(c) for c in {c for merged in self.merge for c in (merged[1], merged[3])}}
        self._xml_start_tag("mergeCells", [("count", len(self.merge))])
        self.fh.writelines([f'<mergeCell ref="{letters[c1]}{r1 + 1}:{letters[c2]}{r2 + 1}"/>'
                            for r1, c1, r2, c2 in self.merge])
        self._xml_end_tag("mergeCells")

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict[str, Any] | None = None) -> Any:
        """Add a table without recording each of its cells (no total row, no data or formulas).

        XlsxWriter remembers every cell of a table to refuse overlapping tables: 1.2 million entries
        (and ~150 MB) for a 60,000-row table. Here the table is added over its header and first row
        and then widened to its full range, which is all XlsxWriter's table XML reads.
        """
        options = dict(options or {})
        plain = not any(options.get(key) for key in ("total_row", "data")) and not any(
            column.get("formula") or column.get("total_function") for column in options.get("columns", []))
        if not plain or last_row - first_row < 2:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        result = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        table = self.tables[-1]
        header = options.get("header_row", True)
        table["range"] = xl_range(first_row, first_col, last_row, last_col)
        table["a_range"] = table["range"]
        if table.get("autofilter"):
            table["autofilter"] = table["a_range"]
        if header is False:  # XlsxWriter's own rule: no header row, no autofilter
            table.pop("autofilter", None)
        self._check_dimensions(last_row, last_col, True, True)
        return result

    def _write_rows(self) -> None:
        """Write the ordinary rows through XlsxWriter and the bulk rows in their places."""
        if not self._bulk:
            super()._write_rows()
            return
        low, high = self.dim_rowmin, self.dim_rowmax
        bulk = self._bulk
        numbers = sorted(bulk)
        row = low  # the first row not yet written
        start = 0  # the first bulk row of the current run of adjacent ones
        for end in range(1, len(numbers) + 1):
            if end < len(numbers) and numbers[end] == numbers[end - 1] + 1:
                continue
            if row < numbers[start]:
                self._write_ordinary(row, numbers[start] - 1)
            self.fh.writelines(map(bulk.__getitem__, numbers[start:end]))
            row, start = numbers[end - 1] + 1, end
        if row <= high:
            self._write_ordinary(row, high)
        self.dim_rowmin, self.dim_rowmax = low, high

    def _write_ordinary(self, first: int, last: int) -> None:
        """XlsxWriter's own rows from ``first`` to ``last`` (with their spans counted over these rows only)."""
        self.dim_rowmin, self.dim_rowmax = first, last
        super()._write_rows()
