"""Check an output path before a command writes anything, so a bad one costs nothing.

Every command that writes files (``export``, ``release``, ``gradebook``, ``quiz schema``)
checks all its outputs first: a missing or read-only folder, a folder where a file is
wanted, a file where a folder is wanted, or an unknown chart format is one line naming
the path and the reason, and nothing is written. The checks try the write (a temporary
file, removed at once) rather than trusting permission bits, which say nothing to root or
on a read-only file system.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import CourseError

CHART_FORMATS = (".png", ".svg", ".pdf")


def _probe(folder: Path, shown: str) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".afghan-course-probe-", dir=folder)
    except OSError as exc:
        raise CourseError(shown, f"cannot write in {folder} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(tmp)


def _nearest_existing(path: Path) -> Path:
    for p in [path, *path.parents]:
        if p.exists() or p.is_symlink():
            return p
    return Path(".")


def output_file(path: str | Path, what: str = "output file",
                suffixes: tuple[str, ...] | None = None) -> Path:
    """*path* if a file can be written there (its folder must exist); else a CourseError."""
    p = Path(path)
    shown = str(path)
    if str(path).strip() == "":
        raise CourseError("(empty path)", f"the {what} needs a file name")
    if suffixes is not None and p.suffix.lower() not in suffixes:
        raise CourseError(shown, f"the {what} must end in {', '.join(suffixes)} (not "
                          f"{p.suffix or 'no extension'})")
    if p.is_dir():
        raise CourseError(shown, f"is a folder; the {what} needs a file name")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise CourseError(shown, f"folder {parent} does not exist")
    if not parent.is_dir():
        raise CourseError(shown, f"{parent} is a file, not a folder")
    if p.exists() and not p.is_file():
        raise CourseError(shown, f"is not a regular file; the {what} cannot replace it")
    _probe(parent, shown)
    if p.exists():
        try:
            with open(p, "ab"):
                pass
        except OSError as exc:
            raise CourseError(shown, f"cannot be overwritten ({exc.strerror or exc})") from None
    return p


def output_dir(path: str | Path, what: str = "output folder") -> Path:
    """*path* if it is (or can be made) a writable folder; else a CourseError."""
    p = Path(path)
    shown = str(path)
    if str(path).strip() == "":
        raise CourseError("(empty path)", f"the {what} needs a name")
    if p.exists() and not p.is_dir():
        raise CourseError(shown, f"is a file, not a folder; the {what} must be a folder")
    base = _nearest_existing(p)
    if not base.is_dir():
        raise CourseError(shown, f"{base} is a file, not a folder")
    _probe(base, shown)
    return p


def write_text(path: Path, text: str) -> None:
    """Write a checked output; an error the checks could not foresee is still one line."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CourseError(str(path), f"cannot be written ({exc.strerror or exc})") from None
