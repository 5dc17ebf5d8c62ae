"""The learner's results file: every check appended, never lost.

One JSON format serves the live notebooks (this module) and the static book (its
"Download my results" button writes the same document):

.. code-block:: json

    {"format": "afghan-course-results", "version": 1, "learner": "Ada",
     "records": [{"kind": "quiz", "chapter": "recognition", "objective": "REC-1",
                  "question_id": "rec-first", "type": "single", "answer": "Russia",
                  "correct": true, "score": 1.0, "points": 1.0,
                  "time": "2026-11-28T10:00:00+00:00", "origin": "notebook"}]}

Writes are atomic (a temporary file then ``os.replace``) and serialised by an exclusive lock
on a side file, so two notebooks checking at once both land. A file that cannot be read is
moved aside (``.corrupt-<time>``) with a warning, never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import CourseError

FORMAT = "afghan-course-results"
VERSION = 1
ENV_PATH = "AFGHAN_COURSE_RESULTS"
RECORD_KINDS = {"quiz", "exercise"}


def default_path() -> Path:
    """``$AFGHAN_COURSE_RESULTS``, else ``afghan-course-results.json`` in the home folder."""
    env = os.environ.get(ENV_PATH)
    return Path(env) if env else Path.home() / "afghan-course-results.json"


def empty_document(learner: str | None = None) -> dict:
    return {"format": FORMAT, "version": VERSION, "learner": learner or "", "learner_id": "",
            "records": []}


def validate_document(doc: Any, file: str) -> dict:
    """Check a results document's shape; raise a one-line :class:`CourseError` if foreign."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CourseError(file, "not an afghan-course results file (no 'format': "
                          f"'{FORMAT}')")
    if doc.get("version") != VERSION:
        raise CourseError(file, f"results format version {doc.get('version')!r} is not "
                          f"supported (expected {VERSION})")
    records = doc.get("records")
    if not isinstance(records, list):
        raise CourseError(file, "'records' must be a list")
    for i, r in enumerate(records, start=1):
        if not isinstance(r, dict):
            raise CourseError(file, "is not an object", item=f"record {i}")
        for key in ("kind", "chapter", "question_id", "time"):
            if not isinstance(r.get(key), str) or not r.get(key):
                raise CourseError(file, "is missing or not text", item=f"record {i}", field=key)
        if r["kind"] not in RECORD_KINDS:
            raise CourseError(file, f"unknown kind {r['kind']!r}", item=f"record {i}",
                              field="kind")
        score = r.get("score")
        ungraded = r.get("graded") is False and score is None
        if r["kind"] == "quiz" and not ungraded and not (
                isinstance(score, (int, float)) and 0 <= score <= 1):
            raise CourseError(file, "must be a number from 0 to 1", item=f"record {i}",
                              field="score")
    return doc


def read(path: str | Path) -> dict:
    """Read and validate a results file (raises :class:`CourseError` with a one-line reason)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise CourseError(str(path), "not UTF-8 text") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseError(str(path), f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return validate_document(doc, str(path))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as lock:
        try:
            import fcntl
        except ImportError:  # Windows: fall back to the atomic replace alone
            yield
            return
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _write_atomic(path: Path, doc: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _set_aside(path: Path, reason: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    warnings.warn(f"{path}: {reason}; kept it as {aside.name} and started a new results file",
                  stacklevel=3)
    return aside


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def append(records: Iterable[dict], path: str | Path | None = None,
           learner: str | None = None, learner_id: str | None = None) -> Path:
    """Append records to the results file under a lock; set the learner name and id if given.

    A file with no learner id takes it from ``$AFGHAN_COURSE_LEARNER_ID`` when that is set
    (a JupyterHub can set it from the login), so the id is typed at most once.
    """
    path = Path(path) if path is not None else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    records = list(records)
    with _locked(path):
        doc = None
        if path.exists():
            try:
                doc = read(path)
            except CourseError as exc:
                _set_aside(path, exc.reason)
        if doc is None:
            doc = empty_document(learner)
        if learner:
            doc["learner"] = learner
        if learner_id:
            doc["learner_id"] = learner_id
        elif not doc.get("learner_id") and os.environ.get("AFGHAN_COURSE_LEARNER_ID"):
            doc["learner_id"] = os.environ["AFGHAN_COURSE_LEARNER_ID"].strip()[:80]
        doc["records"].extend(records)
        _write_atomic(path, doc)
    return path


def quiz_record(result, question, chapter: str, origin: str = "notebook") -> dict:
    """A results-file record for one graded check."""
    return {"kind": "quiz", "chapter": chapter, "objective": question.objective,
            "question_id": question.id, "type": question.type, "answer": result.answer,
            "correct": result.correct, "score": result.score, "points": result.points,
            "time": now_iso(), "origin": origin}


def answer_record(answer, question, chapter: str, origin: str = "notebook") -> dict:
    """A record of an answer saved for marking later (student edition: no key at hand)."""
    return {"kind": "quiz", "chapter": chapter, "objective": question.objective,
            "question_id": question.id, "type": question.type, "answer": answer,
            "correct": None, "score": None, "graded": False, "points": question.points,
            "time": now_iso(), "origin": origin}


def exercise_record(exercise, answer: dict[str, str], origin: str = "notebook") -> dict:
    """A results-file record for one saved exercise grid (no score: it is not graded)."""
    return {"kind": "exercise", "chapter": exercise.record_chapter, "question_id": exercise.id,
            "exercise": exercise.id, "answer": dict(answer), "time": now_iso(),
            "origin": origin}
