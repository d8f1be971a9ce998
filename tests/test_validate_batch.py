"""Validation in bulk reads each distinct value once: the batch must read every row as it reads it alone."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from kfworkbook.forms import columns as C
from kfworkbook.validate import schema
from kfworkbook.validate.schema import PLAN, ROW, activity_schema, distinct, expand, failures, fold_series, prepare

CELLS = [None, float("nan"), pd.NaT, True, False, 1, 1.0, "1", 0, 2028, 2028.0, "2028", 45000, 46000.5,
         date(2028, 6, 30), datetime(2028, 6, 30), datetime(2028, 6, 30, 13, 5), pd.Timestamp("2028-06-30"),
         "Löpande", "löpande ", "pågående", "31/12 -27", "30/6-2028", "Tertial 1 2028", "2028-02-30",
         "25 000 kr", "ca 45", "-3", -3.0, "Anna Svensson", "Enhetschef Förskola", "Kompetensutveckling",
         "Utveckla, Behålla", "UTVECKLA", "=SUM(A1)", "Kurs", "kurs ", "x" * 33_000]
"""Values that compare equal across types (1, 1.0, True, "1"), empty cells of several kinds, and typical mistakes."""


def _rows(values: list) -> pd.DataFrame:
    data = {PLAN: [0] * len(values), ROW: list(range(10, 10 + len(values)))}
    data.update({c.key: list(values) for c in C.COLUMNS})
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
    return frame.astype({PLAN: "int64", ROW: "int64"})


def _cell(value) -> tuple[str, str]:
    value = value.item() if isinstance(value, np.generic) else value  # np.True_ in a bool column, True in object
    return type(value).__name__, repr(value)


def test_distinct_keeps_values_of_different_types_apart():
    values = pd.Series(["a", 1, 1.0, True, None, float("nan"), "a", 1.0, None, np.nan], dtype=object)
    codes, uniques = distinct(values)
    assert [_cell(uniques.iloc[c]) for c in codes] == [_cell(v) for v in values]
    assert len(uniques) == 6  # 'a', 1, 1.0, True, None, nan: equal values of another type are other values
    back = expand(uniques, codes, pd.Index(range(100, 110)))
    assert list(back.index) == list(range(100, 110))
    assert [_cell(v) for v in back] == [_cell(v) for v in values]


def test_distinct_of_nothing_and_of_only_empty_cells():
    codes, uniques = distinct(pd.Series([], dtype=object))
    assert len(codes) == 0 and len(uniques) == 0
    codes, uniques = distinct(pd.Series([None, None, None], dtype=object))
    assert list(codes) == [0, 0, 0] and uniques.tolist() == [None]


def test_fold_series_folds_each_value_as_typed():
    values = pd.Series(["  Kurs ", "kurs", None, "KURS  A"], dtype=object, index=[5, 6, 7, 8], name="goal")
    folded = fold_series(values)
    assert folded.tolist() == ["kurs", "kurs", "none", "kurs a"]
    assert list(folded.index) == [5, 6, 7, 8] and folded.name == "goal" and folded.dtype == object


def _bulk(monkeypatch, on: bool) -> None:
    """Read per distinct value and check categoricals from the first row (on), or never (off)."""
    for name in ("DISTINCT_FROM", "CATEGORICAL_FROM"):
        monkeypatch.setattr(schema, name, 1 if on else 10**9)


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_a_batch_reads_each_row_as_that_row_alone(config, monkeypatch, order):
    """Read per distinct value, every derived cell must equal what the row gives read on its own."""
    values = CELLS if order == "as listed" else CELLS[::-1]
    _bulk(monkeypatch, True)
    batch = prepare(_rows(values), config)
    _bulk(monkeypatch, False)
    assert list(batch.dtypes) == list(prepare(_rows(values), config).dtypes)
    for position, value in enumerate(values):
        alone = prepare(_rows([value]), config)
        for column in batch.columns:
            if column in (ROW, "activity:duplicate_of"):
                continue  # where the row sits, and which earlier row it repeats, depend on the batch
            assert _cell(batch[column].iloc[position]) == _cell(alone[column].iloc[0]), (column, value)


def test_the_schema_finds_the_same_failures_in_categoricals(config, monkeypatch):
    """The categorical frame pandera checks in bulk fails exactly where the object frame fails."""
    rows = _rows(CELLS * 3)
    _bulk(monkeypatch, False)
    expected = failures(activity_schema(config), prepare(rows, config))
    _bulk(monkeypatch, True)
    prepared, checked = schema.prepare_checked(rows, config)
    assert any(str(dtype) == "category" for dtype in checked.dtypes)
    found = failures(activity_schema(config), checked)
    assert len(found) > 100 and {"ej-i-listan", "obligatorisk", "alias", "tal-text", "dubblett"} <= set(found["check"])
    assert found.to_dict("records") == expected.to_dict("records")
    assert failures(activity_schema(config), prepared).to_dict("records") == expected.to_dict("records")


def test_repeated_goal_and_activity_are_found_per_plan_folded(config):
    rows = _rows([None] * 6)
    rows[PLAN] = [0, 0, 1, 0, 1, 0]
    rows["goal"] = pd.Series(["Mål", "mål ", "Mål", "MÅL", "Mål", 5.0], dtype=object)
    rows["activity"] = pd.Series(["Kurs", "KURS", "Kurs", "kurs", "kurs", 5], dtype=object)
    duplicate_of = prepare(rows, config)["activity:duplicate_of"]
    assert [None if np.isnan(v) else int(v) for v in duplicate_of] == [None, 10, None, 10, 12, None]
