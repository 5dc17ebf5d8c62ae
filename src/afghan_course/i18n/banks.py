"""Translated quiz banks and exercise sets.

A translation file (``quizzes/translations/<tag>/<bank>.yml`` or
``exercises/translations/<tag>/<set>.yml``) holds only learner-facing text, keyed by field
path, with list items that have an ``id`` keyed by it (``questions.gs-doha-party.prompt``,
``questions.gs-doha-party.options.1.feedback``). Each entry stores the text and a hash of the
English it translates::

    language: fa-AF
    source: getting-started
    fields:
      title: {text: "…", source_hash: 3f1a…}
      questions.gs-doha-party.prompt: {text: "…", source_hash: 9c0e…}

Everything language-independent (ids, answers that are numbers or booleans, data_refs,
sources, points, tolerances) stays in the English file alone. :func:`apply` lays the
translation over the English data and validates the result with the English model (Bank or
ExerciseSet), so a translated bank obeys the same rules. An entry whose English changed since
(hash differs) is *stale*: the English text is used and :func:`check` reports it, as gettext
does with fuzzy entries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import CourseError
from .languages import Language, get_language

# Keys whose string values (or lists of strings) learners read. Everything else is a key.
TRANSLATABLE = {
    "title", "prompt", "explanation", "text", "feedback", "feedback_true", "feedback_false",
    "feedback_correct", "feedback_incorrect", "unit", "items", "left", "right", "distractors",
    "answers", "model_answer", "criterion", "levels", "central_question", "context", "note",
    "sourcing", "contextualisation", "close_reading", "corroboration", "name", "brief",
    "activity", "objectives",
}
NOT_TRANSLATED_UNDER = {"sources", "data_ref", "check", "instructor_note"}


def source_hash(text: str) -> str:
    """A short hash of an English field, stored with its translation."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def translatable_fields(data: Any, prefix: str = "") -> dict[str, str]:
    """Every learner-facing string of a bank or set, by field path."""
    out: dict[str, str] = {}

    def walk(value: Any, path: str, inside: bool) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key in NOT_TRANSLATED_UNDER:
                    continue
                walk(sub, f"{path}.{key}" if path else str(key), inside or key in TRANSLATABLE)
        elif isinstance(value, list):
            for n, sub in enumerate(value):
                name = sub.get("id") if isinstance(sub, dict) and "id" in sub else n
                walk(sub, f"{path}.{name}", inside)
        elif isinstance(value, str) and inside and value.strip():
            out[path] = value

    walk(data, prefix, False)
    return out


def _set(data: Any, path: str, text: str) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = _child(node, part)
    last = parts[-1]
    if isinstance(node, list):
        node[_index(node, last)] = text
    else:
        node[last] = text


def _child(node: Any, part: str) -> Any:
    if isinstance(node, list):
        return node[_index(node, part)]
    return node[part]


def _index(node: list, part: str) -> int:
    for n, item in enumerate(node):
        if isinstance(item, dict) and item.get("id") == part:
            return n
    return int(part)


@dataclass
class Report:
    """What a translation lacks or holds wrongly, one line each."""

    file: str
    translated: int = 0
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ([f"{self.file}: {p}: stale (the English changed since it was translated)"
                 for p in self.stale]
                + [f"{self.file}: {p}: untranslated" for p in self.missing]
                + [f"{self.file}: {p}: not a learner-facing field of the English"
                   for p in self.unknown])


def read_translation(path: Path) -> dict:
    """A translation file, shape-checked; errors are one line naming the file and entry."""
    from ..quiz.bank import parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(str(path), "no such translation file") from None
    except UnicodeDecodeError as exc:
        raise CourseError(str(path), f"not UTF-8 text ({exc.reason})") from None
    raw = parse_yaml(text, str(path))
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), dict):
        raise CourseError(str(path), "must hold language, source and a fields mapping")
    get_language(raw.get("language"))
    for key, entry in raw["fields"].items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("text"), str)
                or not entry["text"].strip() or not isinstance(entry.get("source_hash"), str)):
            raise CourseError(str(path), "needs text and source_hash", item=str(key))
    return raw


def check(english: BaseModel, translation: dict, file: str = "translation") -> Report:
    """Compare a translation with its English model: translated, stale, missing, unknown."""
    fields = translatable_fields(english.model_dump(mode="json", exclude_none=True))
    report = Report(file)
    given = translation.get("fields", {})
    for path, text in fields.items():
        entry = given.get(path)
        if entry is None or entry.get("todo"):
            report.missing.append(path)
        elif entry["source_hash"] != source_hash(text):
            report.stale.append(path)
        else:
            report.translated += 1
    report.unknown = sorted(set(given) - set(fields))
    return report


def apply(english: BaseModel, translation: dict, file: str = "translation") -> BaseModel:
    """The English model with current (not stale) translations laid over, re-validated.

    Choice answers name option texts, so they follow their options into the translation.
    """
    data = english.model_dump(mode="json", exclude_none=True)
    fields = translatable_fields(data)
    report = check(english, translation, file)
    if report.unknown:
        raise CourseError(file, "not a learner-facing field of the English", item=report.unknown[0])
    stale = set(report.stale)
    renamed: dict[str, dict[str, str]] = {}
    for path, entry in translation["fields"].items():
        if path in stale or path not in fields or entry.get("todo"):
            continue
        _set(data, path, entry["text"])
        parts = path.split(".")
        if len(parts) == 5 and parts[0] == "questions" and parts[2] == "options" \
                and parts[4] == "text":
            renamed.setdefault(parts[1], {})[fields[path]] = entry["text"]
    for q in data.get("questions", []):
        names = renamed.get(q.get("id"), {})
        if q.get("type") == "single" and q.get("answer") in names:
            q["answer"] = names[q["answer"]]
        elif q.get("type") == "multiple":
            q["answer"] = [names.get(a, a) for a in q.get("answer", [])]
        elif q.get("type") == "short":
            english_q = next(e for e in english.model_dump(mode="json")["questions"]
                             if e["id"] == q["id"])
            q["answers"] = list(dict.fromkeys([*q["answers"], *english_q["answers"]]))
    try:
        return type(english).model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise CourseError(file, err["msg"].removeprefix("Value error, "), item=where) from None


def translation_path(kind: str, name: str, lang: Language) -> Path:
    """Where the translation of bank or exercise set *name* into *lang* lives."""
    from ..paths import exercises_dir, quizzes_dir

    base = quizzes_dir() if kind == "quiz" else exercises_dir()
    return base / "translations" / lang.tag / f"{name}.yml"


def template(english: BaseModel, lang: Language, name: str,
             previous: dict | None = None) -> dict:
    """A translation skeleton for *english*: every field, with the English text to replace
    and its hash; entries of *previous* are kept (stale ones keep their old hash)."""
    old = (previous or {}).get("fields", {})
    fields = {}
    for path, text in translatable_fields(english.model_dump(mode="json",
                                                             exclude_none=True)).items():
        fields[path] = old.get(path) or {"text": text, "source_hash": source_hash(text),
                                         "todo": True}
    return {"language": lang.tag, "source": name, "fields": fields}


def translate_bank(bank, lang: Language | str | None = None):
    """*bank* in *lang* (default: the current language) where a translation file exists.

    With no translation file, or in English, the bank comes back unchanged.
    """
    from .languages import current_language

    lang = current_language() if lang is None else (
        get_language(lang) if isinstance(lang, str) else lang)
    if lang.is_english or getattr(bank, "edition", None) == "student":
        return bank
    path = translation_path("quiz", bank.chapter, lang)
    if not path.is_file():
        return bank
    return apply(bank, read_translation(path), str(path))


def translate_exercise(exercise_set, lang: Language | str | None = None):
    """An exercise set in *lang* where a translation file exists (as :func:`translate_bank`)."""
    from .languages import current_language

    lang = current_language() if lang is None else (
        get_language(lang) if isinstance(lang, str) else lang)
    if lang.is_english:
        return exercise_set
    path = translation_path("exercise", exercise_set.id, lang)
    if not path.is_file():
        return exercise_set
    return apply(exercise_set, read_translation(path), str(path))
