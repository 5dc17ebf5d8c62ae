"""Recompute the figures that question keys restate, from ``data/``.

A question whose answer restates a date, an amount or a count declares ``data_ref``; the
tests evaluate it here and compare with ``expect`` (and, for numeric questions, with the
answer), so a data update that changes the figure fails until the question is updated.
"""

from __future__ import annotations

import pandas as pd

from ..data import load
from ..errors import CourseError
from .model import DataQuery, DataRef


def matching_rows(query: DataQuery, file: str = "quizzes", qid: str = "?") -> pd.DataFrame:
    """The rows of *query*'s table that its ``where`` and ``on_or_before`` select."""
    df = load(query.table)
    for col, want in query.where.items():
        if col not in df.columns:
            raise CourseError(file, f"data_ref: table {query.table} has no column {col!r}",
                              item=f"question {qid}")
        series = df[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            df = df[series == pd.Timestamp(str(want))]
        else:
            df = df[series.astype(str) == str(want)]
    if query.on_or_before is not None:
        if "date" not in df.columns:
            raise CourseError(file, f"data_ref: table {query.table} has no date column",
                              item=f"question {qid}")
        df = df[df["date"] <= pd.Timestamp(query.on_or_before)]
    return df


def _value(query: DataQuery, file: str, qid: str):
    df = matching_rows(query, file, qid)
    if query.aggregate == "count":
        return len(df)
    if query.field is None or query.field not in df.columns:
        raise CourseError(file, f"data_ref: needs a field of table {query.table}",
                          item=f"question {qid}")
    col = df[query.field]
    if query.aggregate == "nunique":
        return int(col.nunique())
    if query.aggregate == "value":
        if len(df) != 1:
            raise CourseError(file, f"data_ref: {len(df)} rows of {query.table} match "
                              f"{query.where}, expected exactly one", item=f"question {qid}")
        value = col.iloc[0]
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if hasattr(value, "item"):
            value = value.item()
        return value
    return float(getattr(col, query.aggregate)())


def evaluate(ref: DataRef, file: str = "quizzes", qid: str = "?"):
    """The value *ref* points at, computed from the current data."""
    value = _value(ref, file, qid)
    if ref.divide_by is not None:
        value = float(value) / float(_value(ref.divide_by, file, qid))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = value * ref.scale if ref.scale != 1 else value
        if ref.round is not None:
            value = round(float(value), ref.round)
    return value


def matches(value, expect) -> bool:
    if isinstance(expect, (int, float)) and not isinstance(expect, bool):
        try:
            return abs(float(value) - float(expect)) <= 1e-9 * max(1.0, abs(float(expect)))
        except (TypeError, ValueError):
            return False
    return str(value) == str(expect)
