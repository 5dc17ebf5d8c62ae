"""The currency log: what each month and topic of the newest evidence was searched for.

``data/notes/currency-log.csv`` records, for every month of a review window and every chapter
topic, the searches made in the stored pages, what they found, the rows added and what was
left out and why. It is a note table, not part of the data package (the package describes the
world; the log describes the review), so it is checked here: every month of the window has a
row for every topic, and every row id it names exists in the data. A review that skipped a
month, or a log that names a row nobody added, fails the data tests.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from . import data
from .errors import CourseError
from .paths import data_dir

COLUMNS = ["month", "topic", "query", "found", "added_row_ids", "left_out_and_why", "searched_on"]
TOPICS = [
    "recognition and engagement",
    "UN track",
    "sanctions and national measures",
    "reserves and courts",
    "security, TTP and Pakistan border",
    "connectivity and trade",
    "rights decrees and education",
    "aid, funding, disasters and returns",
    "US, Russian, Chinese, Pakistani, Iranian, Indian and Central Asian policy",
]
"""The chapter topics every month of a review is searched for."""

WINDOW = ("2025-08", "2026-04")
"""First and last month of the review the log records (inclusive)."""

ROW_ID = re.compile(r"\b(?:E|G|ST|S|A|R|V)\d{3}\b")
TABLE_OF = {"E": "events", "G": "engagement", "ST": "statements", "S": "sanctions",
            "A": "assets", "R": "returns", "V": "un_votes"}


def log_path(folder: str | Path | None = None) -> Path:
    """Where the log lives: ``notes/currency-log.csv`` under the data folder."""
    return (Path(folder) if folder is not None else data_dir()) / "notes" / "currency-log.csv"


def months(first: str = WINDOW[0], last: str = WINDOW[1]) -> list[str]:
    """Every ``YYYY-MM`` from *first* to *last*, inclusive."""
    y, m = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def read_log(folder: str | Path | None = None) -> list[dict[str, str]]:
    """The log's rows as dicts; a missing file or a wrong header is one clear error."""
    path = log_path(folder)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != COLUMNS:
                raise CourseError(str(path), f"header must be {', '.join(COLUMNS)}", item="row 1")
            return list(reader)
    except FileNotFoundError:
        raise CourseError(str(path), "file not found") from None


def check_log(folder: str | Path | None = None) -> list[CourseError]:
    """Every problem in the log: a month x topic without a row, a bad cell, an unknown row id."""
    path = str(log_path(folder))
    try:
        rows = read_log(folder)
    except CourseError as exc:
        return [exc]
    errors: list[CourseError] = []
    ids: dict[str, set[str]] = {}
    for name in set(TABLE_OF.values()):
        ids[name] = set(data.load(name, folder)["id"].astype(str))
    seen = set()
    for i, row in enumerate(rows, start=2):
        item = f"row {i}"
        if not re.fullmatch(r"\d{4}-\d{2}", row["month"]):
            errors.append(CourseError(path, f"{row['month']!r} is not a month (YYYY-MM)",
                                      item=item, field="month"))
        if row["topic"] not in TOPICS:
            errors.append(CourseError(path, f"{row['topic']!r} is not one of the log's topics",
                                      item=item, field="topic"))
        for col in ("query", "found"):
            if not row[col].strip():
                errors.append(CourseError(path, "is required but empty", item=item, field=col))
        try:
            date.fromisoformat(row["searched_on"])
        except ValueError:
            errors.append(CourseError(path, f"{row['searched_on']!r} is not a date (YYYY-MM-DD)",
                                      item=item, field="searched_on"))
        for rid in ROW_ID.findall(row["added_row_ids"]):
            table = TABLE_OF["ST" if rid.startswith("ST") else rid[0]]
            if rid not in ids[table]:
                errors.append(CourseError(path, f"{rid} is not an id in {table}.csv", item=item,
                                          field="added_row_ids"))
        seen.add((row["month"], row["topic"]))
    for month in months():
        for topic in TOPICS:
            if (month, topic) not in seen:
                errors.append(CourseError(path, f"no row for {month} and topic {topic!r}"))
    return errors
