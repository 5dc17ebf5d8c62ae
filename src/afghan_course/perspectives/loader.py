"""Read exercise sets from YAML, with one-line errors naming file, item, field and reason.

Besides the schema, every document must point at a row of ``data/statements.csv`` and every
``check`` at a row of a table in ``data/`` (the table exists, has an ``id`` column and a row
with that id), and a set's ``id`` must equal its file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import CourseError, CourseErrors
from ..paths import exercises_dir
from ..quiz.bank import _message, parse_yaml, shown_path
from .model import Check, ExerciseSet


def _where(loc: tuple) -> tuple[str | None, str | None]:
    """Turn a pydantic error location into (item, field path)."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "documents" and isinstance(parts[1], int):
        doc = f"document {parts[1] + 1}"
        if len(parts) >= 4 and parts[2] == "claims" and isinstance(parts[3], int):
            return f"claim {parts[3] + 1} of {doc}", ".".join(map(str, parts[4:])) or None
        return doc, ".".join(map(str, parts[2:])) or None
    if len(parts) >= 2 and parts[0] == "rubric" and isinstance(parts[1], int):
        return f"rubric criterion {parts[1] + 1}", ".".join(map(str, parts[2:])) or None
    if len(parts) >= 3 and parts[0] == "sac" and isinstance(parts[2], int):
        kind = {"roles": "role", "steps": "step"}.get(str(parts[1]), str(parts[1]))
        return f"sac {kind} {parts[2] + 1}", ".".join(map(str, parts[3:])) or None
    return None, ".".join(map(str, parts)) or None


@dataclass(frozen=True)
class References:
    """The ids an exercise may point at: statements and the rows of every ``data/`` table."""

    statements: set[str]
    tables: dict[str, set[str] | None]  # table -> its ids, or None when it has no id column

    def check_problem(self, check: Check) -> str | None:
        if check.table not in self.tables:
            return (f"check table {check.table!r} is not a table in data/ (tables: "
                    f"{', '.join(sorted(self.tables))})")
        ids = self.tables[check.table]
        if ids is None:
            return f"check table {check.table!r} has no id column"
        if check.id not in ids:
            return f"check id {check.id!r} is not a row of data/{check.table}"
        return None


def known_references() -> References:
    """Statement ids and row ids of every table in the course's ``data/``."""
    from ..data import open_package, read_rows

    pkg = open_package()
    tables: dict[str, set[str] | None] = {}
    for name in pkg.names:
        has_id = any(f["name"] == "id" for f in pkg.resource(name)["schema"]["fields"])
        tables[name] = {r["id"] for r in read_rows(pkg, name)[1]} if has_id else None
    return References(statements=tables.get("statements") or set(), tables=tables)


def _reference_errors(ex: ExerciseSet, file: str, refs: References) -> list[CourseError]:
    errors = []
    for n, d in enumerate(ex.documents, start=1):
        if d.statement not in refs.statements:
            errors.append(CourseError(file, f"statement {d.statement!r} is not an id in "
                                      "data/statements.csv", item=f"document {n}",
                                      field="statement"))
        for m, c in enumerate(d.claims, start=1):
            problem = c.check and refs.check_problem(c.check)
            if problem:
                errors.append(CourseError(file, problem, item=f"claim {m} of document {n}",
                                          field="check"))
    return errors


def parse_exercise(text: str, file: str, stem: str | None = None,
                   refs: References | None = None) -> ExerciseSet:
    """Validate an exercise set's YAML text; raise :class:`CourseErrors` with every problem.

    *stem* is the file name the ``id`` must equal; *refs* the ids of ``data/`` to check
    statements and look-ups against (None skips both checks).
    """
    raw = parse_yaml(text, file)
    if not isinstance(raw, dict):
        raise CourseError(file, "an exercise set must be a mapping with id, title, "
                          "central_question, documents, prompts, model_answer and rubric")
    try:
        ex = ExerciseSet.model_validate(raw)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            item, field = _where(err["loc"])
            msg = _message(err)
            if msg.startswith("document ") and ": " in msg:
                item, _, msg = msg.partition(": ")
            errors.append(CourseError(file, msg, item=item, field=field))
        raise CourseErrors(errors) from None
    errors = []
    if stem is not None and ex.id != stem:
        errors.append(CourseError(file, f"id {ex.id!r} must equal the file name {stem!r}",
                                  field="id"))
    if refs is not None:
        errors += _reference_errors(ex, file, refs)
    if errors:
        raise CourseErrors(errors)
    return ex


def exercise_path(exercise_id: str, folder: str | Path | None = None) -> Path:
    folder = Path(folder) if folder is not None else exercises_dir()
    return folder / f"{exercise_id}.yml"


@lru_cache(maxsize=32)
def _cached(path: str, mtime: float, check_refs: bool) -> ExerciseSet:
    text = Path(path).read_text(encoding="utf-8")
    return parse_exercise(text, shown_path(path), Path(path).stem,
                          known_references() if check_refs else None)


def load_exercise(id_or_path: str | Path, check_refs: bool = True) -> ExerciseSet:
    """Load an exercise set by id (``"recognition-neighbours"``) or by path."""
    p = Path(id_or_path)
    path = p if p.suffix in (".yml", ".yaml") else exercise_path(str(id_or_path))
    if not path.is_file():
        folder = exercises_dir()
        available = sorted(x.stem for x in folder.glob("*.yml")) if folder.is_dir() else []
        raise CourseError(str(path), "no such exercise set" +
                          (f" (available: {', '.join(available)})" if available else ""))
    return _cached(str(path.resolve()), path.stat().st_mtime, check_refs)


def all_exercises() -> list[ExerciseSet]:
    """Every exercise set in ``exercises/``, sorted by id."""
    return [load_exercise(p) for p in sorted(exercises_dir().glob("*.yml"))]


@dataclass(frozen=True)
class Context:
    """What rendering an exercise needs from ``data/``: its statements, look-ups and sources."""

    statements: dict[str, dict]
    rows: dict[tuple[str, str], dict]
    sources: dict[str, dict]
    outlets: dict[str, dict] = field(default_factory=dict)
    """The outlets table by id: who carried each statement (its kind, owner or funder)."""


def context_for(ex: ExerciseSet) -> Context:
    """The statement rows, ``check`` rows and sources table for *ex*, as plain dicts."""
    from ..data import load, sources_by_id

    statements = {r["id"]: r for r in load("statements").to_dict("records")}
    wanted: dict[str, set[str]] = {}
    for d in ex.documents:
        for c in d.claims:
            if c.check:
                wanted.setdefault(c.check.table, set()).add(c.check.id)
    rows = {}
    for table, ids in sorted(wanted.items()):
        for r in load(table).to_dict("records"):
            if r.get("id") in ids:
                rows[(table, r["id"])] = r
    outlets = {r["id"]: r for r in load("outlets").to_dict("records")}
    return Context(statements={d.statement: statements[d.statement] for d in ex.documents
                               if d.statement in statements},
                   rows=rows, sources=sources_by_id(), outlets=outlets)
