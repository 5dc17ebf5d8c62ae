"""Recompute the figures that question keys restate, from ``data/``.

A question whose answer restates a date, an amount or a count declares ``data_ref``; the
tests evaluate it here and compare with ``expect`` (and, for numeric questions, with the
answer), so a data update that changes the figure fails until the question is updated.
Every way a ``data_ref`` can be wrong (a table or column that does not exist, a date that
is not one, a division by a date or by zero) is one line naming the bank and the question.
"""

from __future__ import annotations

import math

import pandas as pd

from ..data import load, open_package
from ..errors import CourseError
from .model import DataQuery, DataRef


def _table(query: DataQuery, file: str, qid: str) -> pd.DataFrame:
    names = open_package().names
    if query.table not in names:
        raise CourseError(file, f"data_ref: no table {query.table!r} in data/ (tables: "
                          f"{', '.join(names)})", item=f"question {qid}", field="data_ref.table")
    return load(query.table)


def matching_rows(query: DataQuery, file: str = "quizzes", qid: str = "?") -> pd.DataFrame:
    """The rows of *query*'s table that its ``where`` and ``on_or_before`` select."""
    item = f"question {qid}"
    df = _table(query, file, qid)
    for col, want in query.where.items():
        if col not in df.columns:
            raise CourseError(file, f"data_ref: table {query.table} has no column {col!r}",
                              item=item)
        series = df[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            try:
                stamp = pd.Timestamp(str(want))
            except (ValueError, OverflowError):
                stamp = pd.NaT
            if pd.isna(stamp):
                raise CourseError(file, f"data_ref: {want!r} is not a date (YYYY-MM-DD) for "
                                  f"column {col}", item=item, field=f"data_ref.where.{col}")
            df = df[series == stamp]
        else:
            df = df[series.astype(str) == str(want)]
    if query.on_or_before is not None:
        if "date" not in df.columns:
            raise CourseError(file, f"data_ref: table {query.table} has no date column",
                              item=item)
        df = df[df["date"] <= pd.Timestamp(query.on_or_before)]
    return df


def _value(query: DataQuery, file: str, qid: str):
    item = f"question {qid}"
    df = matching_rows(query, file, qid)
    if query.aggregate == "count":
        return len(df)
    if query.field is None or query.field not in df.columns:
        raise CourseError(file, f"data_ref: needs a field of table {query.table}", item=item)
    col = df[query.field]
    if query.aggregate == "nunique":
        return int(col.nunique())
    if query.aggregate == "value":
        if len(df) != 1:
            raise CourseError(file, f"data_ref: {len(df)} rows of {query.table} match "
                              f"{query.where}, expected exactly one", item=item)
        value = col.iloc[0]
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if hasattr(value, "item"):
            value = value.item()
        return value
    if not pd.api.types.is_numeric_dtype(col):
        raise CourseError(file, f"data_ref: {query.aggregate} needs a numeric field; "
                          f"{query.table}.{query.field} is not numeric", item=item)
    return float(getattr(col, query.aggregate)())


def _number(value, what: str, file: str, qid: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CourseError(file, f"data_ref: {what} is {value!r}, not a number (divide_by and "
                          "scale need numbers, not dates or text)", item=f"question {qid}")
    return float(value)


def evaluate(ref: DataRef, file: str = "quizzes", qid: str = "?"):
    """The value *ref* points at, computed from the current data."""
    value = _value(ref, file, qid)
    if ref.divide_by is not None:
        top = _number(value, "the value", file, qid)
        bottom = _number(_value(ref.divide_by, file, qid), "divide_by", file, qid)
        if bottom == 0:
            raise CourseError(file, "data_ref: divide_by gives 0 (division by zero)",
                              item=f"question {qid}", field="data_ref.divide_by")
        value = top / bottom
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = value * ref.scale if ref.scale != 1 else value
        if ref.round is not None:
            value = round(float(value), ref.round)
        if isinstance(value, float) and not math.isfinite(value):
            raise CourseError(file, f"data_ref: gives {value!r}, not a finite number",
                              item=f"question {qid}")
    return value


def matches(value, expect) -> bool:
    if isinstance(expect, (int, float)) and not isinstance(expect, bool):
        try:
            return abs(float(value) - float(expect)) <= 1e-9 * max(1.0, abs(float(expect)))
        except (TypeError, ValueError):
            return False
    return str(value) == str(expect)
