"""The engine's own words, one JSON catalog per language in ``messages/``.

The same catalog serves Python (the static quiz HTML, the widgets) and the book's script:
the book writes the edition's catalog to ``_static/afghan-course-messages.js`` and the
script looks words up in it. A key missing from a translated catalog falls back to English;
``check_catalogs`` (run by the tests) reports such gaps and placeholder mismatches.
"""

from __future__ import annotations

import json
import re
import string
from functools import cache
from pathlib import Path

from ..errors import CourseError
from .languages import LANGUAGES, Language, current_language, get_language

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


@cache
def catalog(tag: str) -> dict[str, str]:
    """The messages of one language (BCP 47 tag), as stored."""
    path = MESSAGES_DIR / f"{get_language(tag).tag}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(path.name, "no message catalog for this language") from None
    except ValueError as exc:
        raise CourseError(path.name, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CourseError(path.name, "must map message keys to strings")
    return data


def messages_for(lang: Language | str | None = None) -> dict[str, str]:
    """Every message in *lang*, English where the translation lacks one."""
    lang = _lang(lang)
    merged = dict(catalog("en"))
    if not lang.is_english:
        merged.update(catalog(lang.tag))
    return merged


def msg(key: str, lang: Language | str | None = None, /, **values: object) -> str:
    """The message *key* in *lang* (default: the current language), formatted with *values*."""
    lang = _lang(lang)
    text = messages_for(lang).get(key)
    if text is None:
        raise KeyError(f"no message {key!r} in the English catalog")
    if not values:
        return text
    return text.format(**{k: local_digits(str(v), lang) if isinstance(v, int | float)
                          or str(v).replace(".", "", 1).isdigit() else v
                          for k, v in values.items()})


DIGITS = {"fa-AF": "۰۱۲۳۴۵۶۷۸۹", "ps": "۰۱۲۳۴۵۶۷۸۹"}
"""The digits Dari and Pashto print (Extended Arabic-Indic), used for the engine's numbers;
learners may type any digits: the graders read Latin, Persian and Arabic-Indic alike."""


def local_digits(text: str, lang: Language | str | None = None) -> str:
    """*text* with Latin digits written in *lang*'s digits (unchanged in English)."""
    digits = DIGITS.get(_lang(lang).tag)
    if not digits:
        return text
    if re.fullmatch(r"\d+\.\d+", text):
        text = text.replace(".", "٫")
    return text.translate(str.maketrans("0123456789", digits))


def _lang(lang: Language | str | None) -> Language:
    if isinstance(lang, Language):
        return lang
    return current_language() if lang is None else get_language(lang)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_catalogs() -> list[str]:
    """One line per problem: a key missing or extra, or placeholders that differ from English."""
    english = catalog("en")
    problems = []
    for tag in LANGUAGES:
        if tag == "en":
            continue
        other = catalog(tag)
        for key in sorted(set(english) - set(other)):
            problems.append(f"{tag}.json: {key}: missing")
        for key in sorted(set(other) - set(english)):
            problems.append(f"{tag}.json: {key}: not in en.json")
        for key in sorted(set(english) & set(other)):
            if _fields(english[key]) != _fields(other[key]):
                problems.append(f"{tag}.json: {key}: placeholders differ from English")
    return problems


def script_catalog(lang: Language | str) -> str:
    """The JavaScript that gives the book's script its words (``window.AfghanCourseMessages``)."""
    lang = _lang(lang)
    payload = json.dumps({"lang": lang.tag, "dir": lang.direction,
                          "digits": DIGITS.get(lang.tag, "0123456789"),
                          "messages": messages_for(lang)}, ensure_ascii=False, sort_keys=True)
    payload = payload.replace("</", "<\\/")
    return ("/* Generated from afghan_course/i18n/messages: the engine's words. */\n"
            f"window.AfghanCourseMessages = {payload};\n")


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for key, text in catalog("en").items():
        parts = re.split(r"\{(\w+)\}", text)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                        for i, p in enumerate(parts))
        out.append((re.compile(f"^{regex}$"), key))
    return out


def localise(text: str, lang: Language | str | None = None) -> str:
    """An English engine line (as ``grading.py`` writes it) in *lang*; other text unchanged.

    The grader keeps one language; learners see its lines through this lookup, so the
    catalog is the one place where the words change.
    """
    lang = _lang(lang)
    if lang.is_english:
        return text
    for pattern, key in _patterns():
        found = pattern.match(text)
        if found:
            return msg(key, lang, **found.groupdict())
    return text
