"""Read question banks from YAML, with one-line errors naming file, question, field and reason."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import CourseError, CourseErrors
from ..paths import quizzes_dir
from .model import QUESTION_TYPES, Bank


def _where(raw: dict, loc: tuple) -> tuple[str | None, str | None]:
    """Turn a pydantic error location into (question item, field path)."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        qs = raw.get("questions") or []
        q = qs[loc[1]] if loc[1] < len(qs) else None
        qid = q.get("id") if isinstance(q, dict) else None
        item = f"question {qid}" if qid else f"question #{loc[1] + 1}"
        rest = [str(p) for p in loc[2:] if p not in QUESTION_TYPES]
        return item, ".".join(rest) or None
    return None, ".".join(str(p) for p in loc) or None


def _message(err: dict) -> str:
    msg = err["msg"]
    if err["type"] == "union_tag_invalid":
        return f"unknown question type {err['input'].get('type')!r} (known: " \
               f"{', '.join(QUESTION_TYPES)})" if isinstance(err.get("input"), dict) else msg
    if err["type"] == "union_tag_not_found":
        return "missing 'type' (one of " + ", ".join(QUESTION_TYPES) + ")"
    if err["type"] == "missing":
        return "is required"
    if err["type"] == "extra_forbidden":
        return "is not a known field"
    return msg.removeprefix("Value error, ")


def parse_yaml(text: str, file: str):
    """Parse YAML text; a syntax error becomes a one-line :class:`CourseError` with its line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CourseError(file, f"not valid YAML ({problem})", item=where) from None


def shown_path(path: str | Path) -> str:
    """A path relative to the working directory when it lies below it, for messages."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_bank(text: str, file: str, known_sources: set[str] | None = None) -> Bank:
    """Validate a bank's YAML text; raise :class:`CourseErrors` with every problem found."""
    raw = parse_yaml(text, file)
    if not isinstance(raw, dict):
        raise CourseError(file, "a bank must be a mapping with chapter, title, objectives and "
                          "questions")
    try:
        if raw.get("edition") == "student":
            from .student import StudentBank

            return StudentBank.model_validate(raw)
        bank = Bank.model_validate(raw)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            item, field = _where(raw, err["loc"])
            msg = _message(err)
            if msg.startswith("question ") and ":" in msg:
                head, _, msg = msg.partition(": ")
                item = item or head
            errors.append(CourseError(file, msg, item=item, field=field))
        raise CourseErrors(errors) from None
    if known_sources is not None:
        errors = [CourseError(file, f"source {s!r} is not an id in data/sources.csv",
                              item=f"question {q.id}", field="sources")
                  for q in bank.questions for s in q.sources if s not in known_sources]
        if errors:
            raise CourseErrors(errors)
    return bank


def bank_path(chapter: str, folder: str | Path | None = None) -> Path:
    folder = Path(folder) if folder is not None else quizzes_dir()
    return folder / f"{chapter}.yml"


def _known_sources() -> set[str]:
    from ..data import load

    return set(load("sources")["id"])


@lru_cache(maxsize=32)
def _cached(path: str, mtime: float, check_sources: bool) -> Bank:
    shown = shown_path(path)
    text = Path(path).read_text(encoding="utf-8")
    return parse_bank(text, shown, _known_sources() if check_sources else None)


def load_bank(chapter_or_path: str | Path, check_sources: bool = True) -> Bank:
    """Load a bank by chapter name (``"recognition"``) or by path."""
    p = Path(chapter_or_path)
    path = p if p.suffix in (".yml", ".yaml") else bank_path(str(chapter_or_path))
    if not path.is_file():
        available = sorted(x.stem for x in quizzes_dir().glob("*.yml")) if quizzes_dir().is_dir() \
            else []
        raise CourseError(str(path), "no such question bank" +
                          (f" (available: {', '.join(available)})" if available else ""))
    return _cached(str(path.resolve()), path.stat().st_mtime, check_sources)


def all_banks() -> list[Bank]:
    """Every bank in ``quizzes/``, sorted by chapter."""
    return [load_bank(p) for p in sorted(quizzes_dir().glob("*.yml"))]
