"""CSV that a spreadsheet opens as data, never as formulas (CSV or formula injection).

Learner names and answers reach the gradebook's ``grades.csv`` and ``items.csv``. A cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a NUL is run as a
formula by Excel, LibreOffice and Google Sheets; as OWASP and the ASVS (1.2.10) advise, such
a cell gets a leading single quote, which spreadsheets read as "this is text". Quoting and
embedded quotes and line breaks follow RFC 4180 through :mod:`csv`. Numbers are data and are
left alone; only text is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

# ASCII triggers, and their full-width forms (some spreadsheets fold those to ASCII).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d",
                  "\uff20")


def neutralise(value: Any) -> Any:
    """*value* with a leading ``'`` when it is text a spreadsheet would take as a formula."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


safe_cell = neutralise
"""The name the gradebook's CSV writer looks for."""


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of *row* neutralised."""
    return {k: neutralise(v) for k, v in row.items()}


def to_csv(fieldnames: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A CSV document (header first) whose text cells cannot start a formula."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row(r) for r in rows)
    return buf.getvalue()
