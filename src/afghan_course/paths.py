"""Where the course's content lives, from any working directory.

Order: the ``AFGHAN_COURSE_ROOT`` environment variable; the source tree this package sits
in (``src/afghan_course`` -> repository root, the usual editable install); the content that
a built wheel carries under ``afghan_course/content``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"


def _is_root(path: Path) -> bool:
    return (path / "data" / "datapackage.json").is_file()


@cache
def course_root() -> Path:
    """The folder holding ``data/``, ``quizzes/`` and ``exercises/``."""
    env = os.environ.get("AFGHAN_COURSE_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in (PACKAGE_DIR.parent.parent, PACKAGE_DIR / "content"):
        if _is_root(candidate):
            return candidate
    raise FileNotFoundError(
        "course content not found: set AFGHAN_COURSE_ROOT to the folder that holds data/"
    )


def data_dir() -> Path:
    return course_root() / "data"


def quizzes_dir() -> Path:
    return course_root() / "quizzes"


def exercises_dir() -> Path:
    return course_root() / "exercises"


def book_dir() -> Path:
    return course_root() / "book"
