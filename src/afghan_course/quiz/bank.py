"""Read question banks from YAML, with one-line errors naming file, question, field and reason."""

from __future__ import annotations

import math
import re
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
    errors = _non_finite(raw, bank, file)
    if errors:
        raise CourseErrors(errors)
    if known_sources is not None:
        errors = [CourseError(file, f"source {s!r} is not an id in data/sources.csv",
                              item=f"question {q.id}", field="sources")
                  for q in bank.questions for s in q.sources if s not in known_sources]
        if errors:
            raise CourseErrors(errors)
    return bank


def _non_finite(raw: dict, bank, file: str) -> list[CourseError]:
    """Numbers YAML reads as ``.inf`` or ``.nan`` (a key no answer can meet; the book's
    embedded JSON cannot even hold them, which would switch the chapter's quiz off)."""
    errors = []

    def walk(value, path: list[str], qid: str | None):
        if isinstance(value, float) and not math.isfinite(value):
            errors.append(CourseError(file, f"{value!r} is not a finite number",
                                      item=f"question {qid}" if qid else None,
                                      field=".".join(path) or None))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, [*path, str(k)], qid)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, [*path, str(i)], qid)

    for q in bank.questions:
        walk(q.model_dump(), [], q.id)
    return errors


BANK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.ya?ml$")


def bank_files(folder: str | Path | None = None) -> tuple[list[Path], list[Path]]:
    """(bank files, other ``.yml`` files) in *folder*: a bank is named ``<chapter>.yml``.

    ``notes.txt.yml`` or ``Draft.yml`` is not taken for a bank; callers report it.
    """
    folder = Path(folder) if folder is not None else quizzes_dir()
    if not folder.is_dir():
        return [], []
    found = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))
    banks = [p for p in found if BANK_NAME.match(p.name) and p.is_file()]
    return banks, [p for p in found if p not in banks]


def check_unique_ids(banks: list[Bank], files: list[str] | None = None) -> list[CourseError]:
    """A question id names one question in the whole course (results records rely on it)."""
    seen: dict[str, str] = {}
    errors = []
    for n, bank in enumerate(banks):
        file = files[n] if files else f"quizzes/{bank.chapter}.yml"
        for q in bank.questions:
            if q.id in seen and seen[q.id] != file:
                errors.append(CourseError(file, f"duplicate id: also a question in {seen[q.id]}",
                                          item=f"question {q.id}"))
            seen.setdefault(q.id, file)
    return errors


def bank_path(chapter: str, folder: str | Path | None = None) -> Path:
    folder = Path(folder) if folder is not None else quizzes_dir()
    return folder / f"{chapter}.yml"


def _known_sources() -> set[str]:
    from ..data import load

    return set(load("sources")["id"])


@lru_cache(maxsize=32)
def _cached(path: str, mtime: float, check_sources: bool) -> Bank:
    shown = shown_path(path)
    try:
        # utf-8-sig: an editor's byte-order mark is accepted.
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseError(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise CourseError(shown, f"cannot be read ({exc.strerror or exc})") from None
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
    """Every bank in ``quizzes/``, sorted by chapter (question ids unique across them)."""
    banks = [load_bank(p) for p in bank_files()[0]]
    errors = check_unique_ids(banks)
    if errors:
        raise CourseErrors(errors)
    return banks
