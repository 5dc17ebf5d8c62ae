"""The marks file: an instructor's rubric marks and comments, written by the marking sheet.

.. code-block:: json

    {"format": "afghan-course-marks", "version": 1,
     "marks": [{"learner_id": "s1001", "learner": "Ada", "kind": "quiz",
                "chapter": "recognition", "item": "rec-open",
                "criteria": [{"criterion": "Attribution", "level": 2, "points": 2}],
                "earned": 5, "possible": 6, "comment": "…", "answer_time": "…",
                "time": "2026-12-04T10:00:00+00:00"}]}

``kind`` is ``quiz`` (an open question; ``item`` is its id) or ``exercise`` (``item`` is the
exercise set's id). The gradebook reads marks files given among its inputs and lets a mark
replace the learner's own rating.
"""

from __future__ import annotations

from typing import Any

from .errors import CourseError
from .identity import normalise_id, normalise_name
from .scores import Mark

FORMAT = "afghan-course-marks"
VERSION = 1
KINDS = ("quiz", "exercise")


def learner_key(learner_id: str, name: str, allow_name: bool = False) -> str | None:
    """The key files and marks are grouped by: the normalised id (or name when allowed)."""
    lid = normalise_id(learner_id)
    if lid:
        return f"id:{lid}"
    if allow_name and normalise_name(name):
        return f"name:{normalise_name(name)}"
    return None


def _num(entry: dict, key: str, file: str, item: str) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise CourseError(file, "must be a number of 0 or more", item=item, field=key)
    return float(value)


def parse(doc: Any, file: str, allow_name: bool = False
          ) -> dict[tuple[str, str, str, str], Mark]:
    """Marks of a marks document by (learner key, kind, chapter, item); raises CourseError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CourseError(file, f"not a marks file (no 'format': '{FORMAT}')")
    if doc.get("version") != VERSION:
        raise CourseError(file, f"marks format version {doc.get('version')!r} is not "
                          f"supported (expected {VERSION})")
    entries = doc.get("marks")
    if not isinstance(entries, list):
        raise CourseError(file, "'marks' must be a list")
    out: dict[tuple[str, str, str, str], Mark] = {}
    for n, e in enumerate(entries, start=1):
        item = f"mark {n}"
        if not isinstance(e, dict):
            raise CourseError(file, "is not an object", item=item)
        for key in ("kind", "chapter", "item"):
            if not isinstance(e.get(key), str) or not e[key]:
                raise CourseError(file, "is missing or not text", item=item, field=key)
        if e["kind"] not in KINDS:
            raise CourseError(file, f"unknown kind {e['kind']!r}", item=item, field="kind")
        key = learner_key(e.get("learner_id"), e.get("learner"), allow_name)
        if key is None:
            raise CourseError(file, "has no learner id", item=item, field="learner_id")
        earned, possible = _num(e, "earned", file, item), _num(e, "possible", file, item)
        if earned > possible:
            raise CourseError(file, f"earned {earned:g} is more than possible {possible:g}",
                              item=item, field="earned")
        mark = Mark(earned, possible, [c for c in e.get("criteria") or [] if isinstance(c, dict)],
                    e["comment"].strip()[:5000] if isinstance(e.get("comment"), str) else "",
                    str(e.get("time") or ""), e.get("answer_time"), file)
        k = (key, e["kind"], e["chapter"], e["item"])
        if k not in out or mark.time >= out[k].time:
            out[k] = mark
    return out
