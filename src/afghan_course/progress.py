"""The learner's results file: every check appended, never lost.

One JSON format serves the live notebooks (this module) and the static book (its
"Download my results" button writes the same document):

.. code-block:: json

    {"format": "afghan-course-results", "version": 1, "learner": "Ada",
     "records": [{"kind": "quiz", "chapter": "recognition", "objective": "REC-1",
                  "question_id": "rec-first", "type": "single", "answer": "Russia",
                  "correct": true, "score": 1.0, "points": 1.0,
                  "time": "2026-11-28T10:00:00+00:00", "origin": "notebook"}]}

Writes are atomic and serialised by an exclusive lock on a side file (``<name>.lock``), so two
notebooks checking at once both land. The new content is written to an unnamed file in the
same folder (Linux ``O_TMPFILE``), named only to replace the old one, so a writer killed
mid-write leaves nothing behind; elsewhere a named temporary is used and any left by a crash is
removed by the next write. A link is followed to the file it points at, the file keeps its
permission bits, and a file without write permission is refused with one line, not replaced.
A file that cannot be read is moved aside (``.corrupt-<time>``) with a warning, never
overwritten.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import secrets
import stat
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
    learner = doc.get("learner")
    if learner is not None and not isinstance(learner, str):
        raise CourseError(file, f"must be text, not {type(learner).__name__}", field="learner")
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


class Unreadable(CourseError):
    """The path cannot be read at all (a folder, no permission): nothing to set aside."""


def read(path: str | Path) -> dict:
    """Read and validate a results file (raises :class:`CourseError` with a one-line reason)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise CourseError(str(path), "not UTF-8 text") from None
    except IsADirectoryError:
        raise Unreadable(str(path), "is a folder, not a results file") from None
    except OSError as exc:
        raise Unreadable(str(path), f"cannot be read ({exc.strerror})") from None
    return validate_document(decode(text, str(path)), str(path))


def decode(text: str, file: str):
    """Parse a results file's JSON; every way it can fail is one :class:`CourseError`.

    A document nested thousands of levels deep makes :mod:`json` raise ``RecursionError``;
    caught here, so the file is reported (and, when saving, set aside) like any corrupt one
    instead of breaking every later save and the gradebook.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseError(file, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise CourseError(file, "not a results file: JSON nested too deeply") from None


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


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def _stale_temps(path: Path) -> list[Path]:
    """Temporary files an earlier writer of *path* left when it was killed mid-write.

    ``.<name>.<hex>.tmp`` is this module's; ``<name>.<random>.tmp`` is what earlier versions
    of the course wrote (``tempfile.mkstemp``), so those are cleared too.
    """
    name = glob.escape(path.name)
    return sorted({*path.parent.glob(f".{name}.*.tmp"), *path.parent.glob(f"{name}.*.tmp")})


def _new_mode(path: Path) -> tuple[int, int | None, int | None]:
    """Permission bits and owner for the new content: the old file's, else umask's default."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask, None, None
    return stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid


_unnamed_works: bool | None = None  # can this system name an O_TMPFILE file? (found once)


def _open_unnamed(folder: Path) -> int | None:
    """An unnamed file in *folder* (``O_TMPFILE``), or None where it cannot be named later."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or _unnamed_works is False:
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:
        return None


def _name_unnamed(fd: int, tmp: Path) -> bool:
    """Give an ``O_TMPFILE`` file a name; False (and remembered) where the system refuses."""
    global _unnamed_works
    try:
        os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
    except OSError:
        _unnamed_works = False
        return False
    _unnamed_works = True
    return True


def _write_atomic(path: Path, doc: dict) -> None:
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    mode, uid, gid = _new_mode(path)
    tmp = _temp_name(path)
    fd = _open_unnamed(path.parent)
    if fd is not None:
        try:
            _fill(fd, data, mode, uid, gid)
            named = _name_unnamed(fd, tmp)
        finally:
            os.close(fd)
        if named:
            _move_into_place(tmp, path)
            return
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        try:
            _fill(fd, data, mode, uid, gid)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _move_into_place(tmp, path)


def _fill(fd: int, data: bytes, mode: int, uid: int | None, gid: int | None) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    if uid is not None and hasattr(os, "fchown") and uid != os.geteuid():
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(fd, uid, gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    os.fsync(fd)


def _move_into_place(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _sweep(target: Path) -> None:
    """Remove what a writer killed mid-write left (call under the lock)."""
    for stale in _stale_temps(target):
        with contextlib.suppress(OSError):
            stale.unlink()


def _check_writable(path: Path, shown: Path) -> None:
    """Refuse a results file its owner has made read-only (root included)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise CourseError(str(shown), "is a folder, not a results file; nothing was saved")
    if not stat.S_ISREG(st.st_mode):
        raise CourseError(str(shown), "is not a regular file; nothing was saved")
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise CourseError(str(shown), "is not writable (permission denied); nothing was saved")


def _set_aside(path: Path, reason: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    warnings.warn(f"{path}: {reason}; kept it as {aside.name} and started a new results file",
                  stacklevel=3)
    return aside


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def tidy(path: str | Path | None = None) -> None:
    """Remove temporary files that a writer killed mid-write left beside the results file.

    Where the system can name an unnamed file (Linux ``O_TMPFILE``) a kill leaves none; where
    it cannot, the live views call this when they open, and every append does it too.
    """
    target = Path(os.path.realpath(Path(path) if path is not None else default_path()))
    if target.parent.is_dir() and _stale_temps(target):
        with contextlib.suppress(OSError), _locked(target):
            _sweep(target)


def append(records: Iterable[dict], path: str | Path | None = None,
           learner: str | None = None, learner_id: str | None = None) -> Path:
    """Append records to the results file under a lock; set the learner name and id if given.

    A file with no learner id takes it from ``$AFGHAN_COURSE_LEARNER_ID`` when that is set
    (a JupyterHub can set it from the login), so the id is typed at most once. Returns the
    path written (the target when *path* is a symbolic link). Raises :class:`CourseError`
    for a file that may not be written and ``OSError`` for a folder that cannot be; in both
    cases the file is unchanged.
    """
    shown = Path(path) if path is not None else default_path()
    target = Path(os.path.realpath(shown))
    target.parent.mkdir(parents=True, exist_ok=True)
    records = list(records)
    with _locked(target):
        _sweep(target)
        _check_writable(target, shown)
        doc = None
        if target.exists():
            try:
                doc = read(target)
            except Unreadable:
                raise  # a folder or a file we may not read is never moved or replaced
            except CourseError as exc:
                _set_aside(target, exc.reason)
        if doc is None:
            doc = empty_document(learner)
        if learner:
            doc["learner"] = learner
        if learner_id:
            doc["learner_id"] = learner_id
        elif not doc.get("learner_id") and os.environ.get("AFGHAN_COURSE_LEARNER_ID"):
            doc["learner_id"] = os.environ["AFGHAN_COURSE_LEARNER_ID"].strip()[:80]
        doc["records"].extend(records)
        _write_atomic(target, doc)
    return target


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
