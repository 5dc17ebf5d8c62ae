"""The two-command promise: the CLI answers, and the layout the README describes exists."""

from __future__ import annotations

import subprocess
import sys

from afghan_course import __version__
from afghan_course.cli import main


def test_version_and_help(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert __version__ in capsys.readouterr().out
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "data" in out and "afghan-course" in out


def test_console_script_is_installed():
    exe = subprocess.run([sys.executable, "-m", "afghan_course.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert exe.stdout.strip() == f"afghan-course {__version__}"


def test_layout(root):
    for name in ("pyproject.toml", "README.md", "Makefile", "book/_config.yml", "book/_toc.yml",
                 "data/datapackage.json", "quizzes", "exercises", "src/afghan_course", ".ci/run"):
        assert (root / name).exists(), name


def test_readme_starts_with_the_two_commands(root):
    head = (root / "README.md").read_text(encoding="utf-8")[:1500]
    assert "make book" in head and "make test" in head


def test_jupyter_book_is_pinned_below_2(root):
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '"jupyter-book>=1.0.4,<2"' in text
