"""A faster XlsxWriter worksheet for large blocks of plain rows.

XlsxWriter keeps every cell as an object and turns it into XML at close, which costs about 9 µs per
cell on a small machine: most of the time of a 60,000-activity summary. :class:`BulkWorksheet`
(passed to ``Workbook.add_worksheet(worksheet_class=...)``, XlsxWriter's own extension point) lets a
caller hand over whole rows at once: they are turned into row XML immediately — strings go through
XlsxWriter's shared string table, formats through its format indices, exactly as for ``write()`` —
and written in their place among the ordinary rows when the sheet is assembled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from ..fileio import has_xml_illegal, xml_safe
from ..values import excel_serial


class BulkWorksheet(Worksheet):
    """A worksheet that also accepts whole rows through :meth:`write_rows`."""

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
        formats = [*formats, *([None] * (width - len(formats)))]
        names = [str(number + 1) for number in numbers]
        # Column by column: each column's cells are made in one comprehension, typed by what it holds.
        columns = [self._column_xml(xl_col_to_name(c), [values[c] for values in rows], names, formats[c],
                                    date_format) for c in range(width)]
        for offset, cells in enumerate(zip(*columns, strict=True)):
            height = heights[offset] if heights is not None else None
            head = f'<row r="{names[offset]}" ht="{height}" customHeight="1">' if height else \
                f'<row r="{names[offset]}">'
            self._bulk[numbers[offset]] = head + "".join(cells) + "</row>"
        if rows:
            self._check_dimensions(min(numbers), 0)
            self._check_dimensions(max(numbers), width - 1)

    def _column_xml(self, letter: str, values: list[Any], numbers: list[str], cell_format: Format | None,
                    date_format: Format) -> list[str]:
        """The <c> elements of one column, one per row ('' for an empty unformatted cell)."""
        style = f' s="{cell_format._get_xf_index()}"' if cell_format is not None else ""
        dated = cell_format if cell_format is not None and cell_format.num_format not in (0, "General") \
            else date_format
        date_style = f' s="{dated._get_xf_index()}"'
        index = self.str_table._get_shared_string_index
        texts = [v for v in values if isinstance(v, str)]
        if texts and has_xml_illegal("\n".join(texts)):  # one search per column; rarely true
            values = [xml_safe(v) if isinstance(v, str) else v for v in values]
        kinds = {type(v) for v in values}
        empty = f'<c r="{letter}{{}}"{style}/>' if style else ""
        if kinds <= {str, type(None)}:
            return [f'<c r="{letter}{n}"{style} t="s"><v>{index(v)}</v></c>' if v is not None else empty.format(n)
                    for v, n in zip(values, numbers, strict=True)]
        return [self._cell_xml(f"{letter}{n}", v, style, date_style, empty.format(n))
                for v, n in zip(values, numbers, strict=True)]

    def _cell_xml(self, ref: str, value: Any, style: str, date_style: str, empty: str) -> str:
        if value is None:
            return empty
        if isinstance(value, str):
            return f'<c r="{ref}"{style} t="s"><v>{self.str_table._get_shared_string_index(value)}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
        if isinstance(value, date):
            return f'<c r="{ref}"{date_style}><v>{float(excel_serial(value))!r}</v></c>'
        return f'<c r="{ref}"{style} t="s"><v>{self.str_table._get_shared_string_index(str(value))}</v></c>'

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
        bulk = sorted(self._bulk)
        position = 0
        row = low
        while row <= high:
            if row in self._bulk:
                self.fh.write(self._bulk[row])
                row += 1
                continue
            while position < len(bulk) and bulk[position] < row:
                position += 1
            stop = bulk[position] - 1 if position < len(bulk) else high
            self.dim_rowmin, self.dim_rowmax = row, stop
            super()._write_rows()
            row = stop + 1
        self.dim_rowmin, self.dim_rowmax = low, high
