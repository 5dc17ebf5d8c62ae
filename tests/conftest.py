"""Shared fixtures: the repository root and a built book."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "book" / "_build" / "html"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML build; `make test` builds it first, so a missing build is an error."""
    if not (BUILD / "index.html").is_file():
        if os.environ.get("CI"):
            pytest.fail("book/_build/html is missing: `make test` builds it before the tests")
        subprocess.run([sys.executable, "-m", "jupyter_book", "build", str(ROOT / "book"),
                        "--warningiserror", "--keep-going"], check=True)
    return BUILD
