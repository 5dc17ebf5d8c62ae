"""The ``afghan-course`` command: maintainer and instructor tasks on the course content."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import CourseError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afghan-course",
        description="Tasks for the 'Afghanistan after 2021' course: data checks, quiz "
                    "progress, LMS exports and releases.")
    parser.add_argument("--version", action="version", version=f"afghan-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from . import course, data, export, grading, instructor, itemanalysis, quiz

    for group in (data, quiz, export, course, grading, instructor, itemanalysis):
        group.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

