"""Load and validate the course's Frictionless data package.

Every table in ``data/`` is described by ``data/datapackage.json``. :func:`load` returns a
typed DataFrame (dates as datetimes, the engagement ladder and stances as ordered
categories) after checking the table against its schema, so a bad row stops the lesson
with one clear line instead of a wrong chart. :func:`check` validates the whole package,
including what Frictionless cannot express: ``;``-separated lists of source ids and
duplicated facts.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import CourseError, CourseErrors
from .paths import data_dir

LADDER = ["no_official_contact", "official_contact", "diplomats_accepted",
          "ambassador_accredited", "formal_recognition"]
"""Engagement levels, lowest first. Documented in ``datapackage.json`` (``x-ladder``)."""

LADDER_LABELS = {
    "no_official_contact": "No official contact",
    "official_contact": "Official talks or visits",
    "diplomats_accepted": "Taliban-appointed diplomats accepted",
    "ambassador_accredited": "Taliban ambassador's credentials accepted",
    "formal_recognition": "Formal recognition",
}
STANCES = ["against", "conditional", "neutral", "for"]
ORDERED = {"step": None, "stance": STANCES}
LIST_FIELDS = {"extra_source_ids": "sources", "fact_ids": "facts"}


@dataclass(frozen=True)
class Package:
    """A data package on disk: its folder and its parsed descriptor."""

    folder: Path
    descriptor: dict

    @property
    def names(self) -> list[str]:
        return [r["name"] for r in self.descriptor["resources"]]

    def resource(self, name: str) -> dict:
        for r in self.descriptor["resources"]:
            if r["name"] == name:
                return r
        raise CourseError(str(self.folder / "datapackage.json"), f"no table named {name!r}; "
                          f"tables are {', '.join(self.names)}")


def open_package(folder: str | Path | None = None) -> Package:
    """Read ``datapackage.json`` from *folder* (default: the course's ``data/``)."""
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(str(path), "file not found") from None
    except json.JSONDecodeError as exc:
        raise CourseError(str(path), f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return Package(folder, descriptor)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_rows(pkg: Package, name: str) -> tuple[str, list[dict[str, str]]]:
    """The raw rows of one table as strings, with the file name for messages."""
    res = pkg.resource(name)
    path = pkg.folder / res["path"]
    shown = _rel(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            rows = list(reader)
    except FileNotFoundError:
        raise CourseError(shown, "file not found (listed in datapackage.json)") from None
    except UnicodeDecodeError as exc:
        raise CourseError(shown, f"not UTF-8 text ({exc.reason})") from None
    expected = [f["name"] for f in res["schema"]["fields"]]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unexpected " + ", ".join(extra))
        if not detail:
            detail.append("columns out of order")
        raise CourseError(shown, "header does not match the schema: " + "; ".join(detail),
                          item="row 1")
    for i, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise CourseError(shown, f"has {len(header)} columns in the header but a different "
                              "number in this row", item=f"row {i}")
    return shown, rows


def _parse(value: str, field: dict):
    """Convert one cell to its schema type; raise ValueError with a reason."""
    ftype = field.get("type", "string")
    if ftype == "string":
        return value
    if ftype == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    raise ValueError(f"unsupported type {ftype}")


def _check_cell(value: str, field: dict) -> str | None:
    """Return the reason a cell breaks its field's schema, or None."""
    cons = field.get("constraints", {})
    if value == "":
        return "is required but empty" if cons.get("required") else None
    try:
        parsed = _parse(value, field)
    except ValueError as exc:
        return str(exc) or f"{value!r} is not a valid {field.get('type')}"
    if "enum" in cons and value not in cons["enum"]:
        return f"{value!r} is not one of {', '.join(cons['enum'])}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        return f"{value!r} does not match the pattern {cons['pattern']}"
    if "maxLength" in cons and len(value) > cons["maxLength"]:
        return f"is {len(value)} characters long, more than {cons['maxLength']}"
    if "minimum" in cons and parsed < cons["minimum"]:
        return f"{value} is below the minimum {cons['minimum']}"
    if "maximum" in cons and parsed > cons["maximum"]:
        return f"{value} is above the maximum {cons['maximum']}"
    return None


def validate_table(pkg: Package, name: str, *, key_sets: dict[str, set[str]] | None = None
                   ) -> list[CourseError]:
    """Every schema problem in one table (types, constraints, keys, foreign keys)."""
    res = pkg.resource(name)
    schema = res["schema"]
    try:
        shown, rows = read_rows(pkg, name)
    except CourseError as exc:
        return [exc]
    errors: list[CourseError] = []
    fields = schema["fields"]
    pk = schema.get("primaryKey")
    pk = [pk] if isinstance(pk, str) else (pk or [])
    seen: dict[tuple, int] = {}
    uniques: dict[str, dict[str, int]] = {f["name"]: {} for f in fields
                                         if f.get("constraints", {}).get("unique")}
    for i, row in enumerate(rows, start=2):
        item = f"row {i}"
        for field in fields:
            reason = _check_cell(row[field["name"]], field)
            if reason:
                errors.append(CourseError(shown, reason, item=item, field=field["name"]))
        if pk:
            key = tuple(row[k] for k in pk)
            if key in seen:
                errors.append(CourseError(shown, f"duplicate key {'/'.join(key)} (first on row "
                                          f"{seen[key]})", item=item, field="/".join(pk)))
            else:
                seen[key] = i
        for fname, values in uniques.items():
            v = row[fname]
            if v and fname not in pk:
                if v in values:
                    errors.append(CourseError(shown, f"{v!r} repeats row {values[v]}", item=item,
                                              field=fname))
                values[v] = i
    if key_sets is not None:
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"]
            known = key_sets.get(target, set())
            for i, row in enumerate(rows, start=2):
                v = row[fk["fields"]]
                if v and v not in known:
                    errors.append(CourseError(shown, f"{v!r} is not an id in {target}.csv",
                                              item=f"row {i}", field=fk["fields"]))
        for lfield, target in LIST_FIELDS.items():
            if lfield not in rows[0] if rows else True:
                continue
            known = key_sets.get(target, set())
            for i, row in enumerate(rows, start=2):
                for v in filter(None, row[lfield].split(";")):
                    if v not in known:
                        errors.append(CourseError(shown, f"{v!r} is not an id in {target}.csv",
                                                  item=f"row {i}", field=lfield))
    return errors


def _duplicate_facts(pkg: Package) -> list[CourseError]:
    """Rows that state the same thing twice (same normalised text, or same date and title)."""
    errors = []
    checks = {"facts": ("statement",), "events": ("date", "title"), "statements": ("text",),
              "engagement": ("actor", "step", "date")}
    for name, cols in checks.items():
        if name not in pkg.names:
            continue
        try:
            shown, rows = read_rows(pkg, name)
        except CourseError:
            continue
        seen: dict[tuple, int] = {}
        for i, row in enumerate(rows, start=2):
            key = tuple(re.sub(r"\W+", " ", row[c]).strip().lower() for c in cols)
            if key in seen:
                errors.append(CourseError(shown, f"repeats row {seen[key]} "
                                          f"(same {' and '.join(cols)})", item=f"row {i}"))
            else:
                seen[key] = i
    return errors


REPORTED_AFTER = {"events": "date", "assets": "as_of"}
"""Tables with a ``reported_on`` column, and the column it may not precede."""


def _reported_dates(pkg: Package) -> list[CourseError]:
    """A ``reported_on`` date before the date it reports is a slip in one of the two."""
    errors = []
    for name, col in REPORTED_AFTER.items():
        if name not in pkg.names:
            continue
        fields = [f["name"] for f in pkg.resource(name)["schema"]["fields"]]
        if "reported_on" not in fields:
            continue
        try:
            shown, rows = read_rows(pkg, name)
        except CourseError:
            continue
        for i, row in enumerate(rows, start=2):
            rep, when = row["reported_on"], row[col]
            if (re.fullmatch(r"\d{4}-\d{2}-\d{2}", rep) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", when)
                    and rep < when):
                errors.append(CourseError(shown, f"reported on {rep}, before its {col} {when}",
                                          item=f"row {i}", field="reported_on"))
    return errors


def _word_limits(pkg: Package) -> list[CourseError]:
    errors = []
    if "statements" in pkg.names:
        try:
            shown, rows = read_rows(pkg, "statements")
        except CourseError:
            return []
        for i, row in enumerate(rows, start=2):
            words = len(row["text"].split())
            if row["text_kind"] == "excerpt" and words > 40:
                errors.append(CourseError(shown, f"an excerpt may have at most 40 words, this one "
                                          f"has {words}", item=f"row {i}", field="text"))
    return errors


def check(folder: str | Path | None = None) -> list[CourseError]:
    """Validate the whole package; return every problem found (empty when all is well)."""
    pkg = open_package(folder)
    key_sets: dict[str, set[str]] = {}
    errors: list[CourseError] = []
    for name in pkg.names:
        try:
            _, rows = read_rows(pkg, name)
        except CourseError:
            continue
        pk = pkg.resource(name)["schema"].get("primaryKey")
        if isinstance(pk, str):
            key_sets[name] = {r[pk] for r in rows}
    for name in pkg.names:
        errors.extend(validate_table(pkg, name, key_sets=key_sets))
    errors.extend(_duplicate_facts(pkg))
    errors.extend(_word_limits(pkg))
    errors.extend(_reported_dates(pkg))
    return errors


def _typed_frame(pkg: Package, name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    fields = pkg.resource(name)["schema"]["fields"]
    df = pd.DataFrame(rows, columns=[f["name"] for f in fields], dtype="string")
    for field in fields:
        col, ftype = field["name"], field.get("type", "string")
        series = df[col].replace("", pd.NA)
        if ftype == "date":
            df[col] = pd.to_datetime(series, format="%Y-%m-%d")
        elif ftype == "integer":
            df[col] = pd.to_numeric(series).astype("Int64")
        elif ftype == "number":
            df[col] = pd.to_numeric(series).astype("float64")
        elif col == "step":
            df[col] = pd.Categorical(series, categories=field["constraints"]["enum"])
        elif col == "stance":
            df[col] = pd.Categorical(series, categories=STANCES, ordered=True)
        elif "enum" in field.get("constraints", {}):
            df[col] = pd.Categorical(series, categories=field["constraints"]["enum"])
        else:
            df[col] = series.fillna("")
    return df


@lru_cache(maxsize=64)
def _load_cached(folder: str, name: str, mtime: float) -> pd.DataFrame:
    pkg = open_package(folder)
    key_sets = None
    fks = pkg.resource(name)["schema"].get("foreignKeys", [])
    if fks or any(f["name"] in LIST_FIELDS for f in pkg.resource(name)["schema"]["fields"]):
        key_sets = {}
        targets = {fk["reference"]["resource"] for fk in fks} | set(LIST_FIELDS.values())
        for target in targets & set(pkg.names):
            _, rows = read_rows(pkg, target)
            key_sets[target] = {r["id"] for r in rows}
    errors = validate_table(pkg, name, key_sets=key_sets)
    if errors:
        raise CourseErrors(errors)
    _, rows = read_rows(pkg, name)
    return _typed_frame(pkg, name, rows)


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Return table *name* as a typed DataFrame, validated against its schema.

    >>> load("events").dtypes["date"]
    dtype('<M8[ns]')
    """
    pkg = open_package(folder)
    path = pkg.folder / pkg.resource(name)["path"]
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_cached(str(pkg.folder), name, mtime).copy()


def levels_on(when: str | date | datetime, folder: str | Path | None = None) -> pd.DataFrame:
    """Every actor's engagement level on a date: its highest ladder step taken on or before it.

    Returns one row per actor in the engagement table with ``level`` (an ordered category
    from :data:`LADDER`), ``since`` (the date of that step, NaT for no official contact) and
    ``source_id``.
    """
    when = pd.Timestamp(when)
    eng = load("engagement", folder)
    ladder_steps = eng[eng["step"].isin(LADDER)].copy()
    ladder_steps["rank"] = ladder_steps["step"].astype(str).map(LADDER.index)
    out = []
    for actor, group in eng.groupby("actor", sort=True, observed=True):
        taken = ladder_steps[(ladder_steps["actor"] == actor) & (ladder_steps["date"] <= when)]
        if taken.empty:
            out.append({"actor": actor, "actor_type": group["actor_type"].iloc[0],
                        "level": LADDER[0], "since": pd.NaT, "source_id": ""})
            continue
        top = taken.sort_values(["rank", "date"]).iloc[-1]
        out.append({"actor": actor, "actor_type": top["actor_type"], "level": top["step"],
                    "since": top["date"], "source_id": top["source_id"]})
    df = pd.DataFrame(out)
    df["level"] = pd.Categorical(df["level"].astype(str), categories=LADDER, ordered=True)
    df["actor_type"] = df["actor_type"].astype(str)
    return df.sort_values(["level", "actor"], ascending=[False, True]).reset_index(drop=True)


def level_counts(start: str, end: str, freq: str = "MS", folder: str | Path | None = None
                 ) -> pd.DataFrame:
    """How many actors stood at each ladder level, sampled from *start* to *end*."""
    rows = []
    for when in pd.date_range(start, end, freq=freq):
        counts = levels_on(when, folder)["level"].value_counts().reindex(LADDER, fill_value=0)
        rows.append({"date": when, **counts.to_dict()})
    return pd.DataFrame(rows).set_index("date")


def time_sensitive_rows(older_than: timedelta, today: date | None = None,
                        folder: str | Path | None = None) -> pd.DataFrame:
    """Rows whose as-of date is older than *older_than*: what a maintainer should re-check."""
    today = today or date.today()
    pkg = open_package(folder)
    cutoff = pd.Timestamp(today - older_than)
    found = []
    for res in pkg.descriptor["resources"]:
        col = res.get("x-time-sensitive")
        if not col:
            continue
        df = load(res["name"], folder)
        key = res["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else key
        old = df[df[col] < cutoff]
        for _, row in old.iterrows():
            found.append({"table": res["name"], "row": "/".join(str(row[k]) for k in key),
                          "as_of": row[col].date().isoformat(),
                          "age_days": (pd.Timestamp(today) - row[col]).days,
                          "source_id": row["source_id"]})
    return pd.DataFrame(found, columns=["table", "row", "as_of", "age_days", "source_id"])


def sources_by_id(folder: str | Path | None = None) -> dict[str, dict]:
    """The sources table as a dict keyed by id (for citations and quiz feedback)."""
    return {r["id"]: r for r in load("sources", folder).to_dict("records")}


def source_tiers(folder: str | Path | None = None) -> dict[str, dict[str, str]]:
    """The source tiers, in order from most to least direct, with label and definition.

    Defined once in ``datapackage.json`` (``x-source-tiers``); the ``tier`` column of
    ``sources.csv`` takes these codes.
    """
    pkg = open_package(folder)
    tiers = pkg.descriptor.get("x-source-tiers")
    if not isinstance(tiers, dict) or not tiers:
        raise CourseError(str(pkg.folder / "datapackage.json"),
                          "x-source-tiers is missing or empty")
    return tiers


def reviewed_on(folder: str | Path | None = None) -> date:
    """The date the data package was last reviewed as a whole (``x-reviewed-on``)."""
    pkg = open_package(folder)
    return date.fromisoformat(pkg.descriptor["x-reviewed-on"])


def evidence_up_to(folder: str | Path | None = None) -> date:
    """The newest date the evidence in the package refers to or was reported on.

    The latest value of any date column in the tables that describe events, steps, figures
    and statements (every table but ``sources``, whose dates are about the pages). It is
    computed, never stored, so adding a row moves it; the review date
    (:func:`reviewed_on`) says when the package was last checked as a whole, which is a
    different thing: a review in December can find nothing newer than April.
    """
    pkg = open_package(folder)
    newest: date | None = None
    for res in pkg.descriptor["resources"]:
        if res["name"] == "sources":
            continue
        cols = [f["name"] for f in res["schema"]["fields"] if f.get("type") == "date"]
        if not cols:
            continue
        df = load(res["name"], folder)
        for col in cols:
            latest = df[col].max()
            if pd.notna(latest) and (newest is None or latest.date() > newest):
                newest = latest.date()
    if newest is None:
        raise CourseError(str(pkg.folder / "datapackage.json"), "no table has a dated row")
    return newest


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B} {value.year}"


def as_of_text(folder: str | Path | None = None) -> str:
    """``evidence up to 8 April 2026; reviewed on 4 December 2026``: both dates, computed.

    Every page that prints a data date uses this, so a reader never takes the review date for
    the date of the newest evidence.
    """
    return (f"evidence up to {_long_date(evidence_up_to(folder))}; "
            f"reviewed on {_long_date(reviewed_on(folder))}")


def as_of_line(folder: str | Path | None = None) -> str:
    """:func:`as_of_text` as a sentence: ``Evidence up to …; reviewed on ….``"""
    text = as_of_text(folder)
    return text[0].upper() + text[1:] + "."


def overview(folder: str | Path | None = None) -> pd.DataFrame:
    """One row per table: title, rows, date range and the column that dates its figures."""
    pkg = open_package(folder)
    rows = []
    for res in pkg.descriptor["resources"]:
        df = load(res["name"], folder)
        dated = [c for c in ("date", "as_of", "period_end") if c in df.columns
                 and pd.api.types.is_datetime64_any_dtype(df[c])]
        first = df[dated[0]].min().date().isoformat() if dated else ""
        last = df[dated[0]].max().date().isoformat() if dated else ""
        rows.append({"table": res["name"], "title": res["title"], "rows": len(df),
                     "from": first, "to": last, "as_of column": res.get("x-time-sensitive", "")})
    return pd.DataFrame(rows).set_index("table")
