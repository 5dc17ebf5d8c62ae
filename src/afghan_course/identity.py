"""Who a results file belongs to: the learner id, the name, and how they are matched.

A results document carries ``learner_id`` (the student number or e-mail address the
instructor asks for) and ``learner`` (the name, for people to read). The id is typed once (in
the book's quiz box, or with :func:`set_learner` in a notebook) and kept in the document, so
every later check and every download carries it. The gradebook groups files by the id,
normalised (:func:`normalise_id`), and uses names (:func:`normalise_name`) only to point out
likely duplicates; it never invents a learner from a file name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

MAX_ID_CHARS = 80
MAX_NAME_CHARS = 80
ENV_ID = "AFGHAN_COURSE_LEARNER_ID"
ENV_NAME = "AFGHAN_COURSE_LEARNER"


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", s).casefold()


def normalise_name(name: object) -> str:
    """A name as matched: case, accents, spacing and stray punctuation do not count.

    ``"ben okafor "``, ``"Ben  Okafor"`` and ``"Bén Okafor."`` all give ``"ben okafor"``.
    """
    if not isinstance(name, str):
        return ""
    s = re.sub(r"[^\w\s'-]", " ", _fold(name))
    return re.sub(r"\s+", " ", s).strip(" '-")


def normalise_id(learner_id: object) -> str:
    """A learner id as matched: case and every space ignored (``" S 1234 "`` -> ``"s1234"``)."""
    if isinstance(learner_id, (int, float)) and not isinstance(learner_id, bool):
        learner_id = str(learner_id)
    if not isinstance(learner_id, str):
        return ""
    return re.sub(r"\s+", "", _fold(learner_id))[:MAX_ID_CHARS]


def clean(text: object, limit: int) -> str:
    """Text as stored: spaces collapsed, trimmed, at most *limit* characters."""
    return re.sub(r"\s+", " ", text).strip()[:limit] if isinstance(text, str) else ""


def of(doc: dict) -> tuple[str, str]:
    """(learner id, name) of a results document, cleaned; either may be empty."""
    return clean(doc.get("learner_id"), MAX_ID_CHARS), clean(doc.get("learner"), MAX_NAME_CHARS)


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", normalise_name(text.replace("@", " at ")))
    return s.strip("-")[:40]


def download_name(learner_id: str, name: str, part: str, day: date | None = None) -> str:
    """The file name of a results download (the book's JS builds the same name).

    ``afghan-course_<id or name>_<course part>_<YYYY-MM-DD>.json``; a learner who gave neither
    gets ``no-id`` so the file says it needs one.
    """
    who = _slug(learner_id) or _slug(name) or "no-id"
    day = day or date.today()
    return f"afghan-course_{who}_{_slug(part) or 'course'}_{day.isoformat()}.json"


def set_learner(learner_id: str, name: str = "", path: str | Path | None = None) -> Path:
    """Keep *learner_id* (and *name*) in the results file, for every later check in notebooks.

    Call it once, e.g. ``identity.set_learner("s1234567", "Ada Lovelace")``; the file keeps
    the id, so quizzes and exercises need nothing more. Returns the results file's path.
    """
    from . import progress
    from .errors import CourseError

    lid = clean(learner_id, MAX_ID_CHARS)
    if not normalise_id(lid):
        raise CourseError("learner id", "is empty: type the student number or e-mail address "
                          "your instructor asked for")
    return progress.append([], path, learner=clean(name, MAX_NAME_CHARS) or None,
                           learner_id=lid)
