"""The ``afghan-course`` command: maintainer and instructor tasks on the course content."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from .. import __version__
from ..errors import CourseError, CourseErrors, capped


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line (the full usage is one ``--help`` away)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="afghan-course",
        description="Tasks for the 'Afghanistan after 2021' course: data checks, quiz "
                    "progress, LMS exports and releases.")
    parser.add_argument("--version", action="version", version=f"afghan-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    from . import course, data, export, grading, i18n, instructor, itemanalysis, quiz

    for group in (data, quiz, export, course, grading, instructor, itemanalysis, i18n):
        group.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        status = args.func(args)
        sys.stdout.flush()
        return status
    except CourseErrors as exc:
        for line in capped([e.line() for e in exc.errors]):
            print(f"error: {line}", file=sys.stderr)
        return 1
    except CourseError as exc:
        print(f"error: {exc.line()}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other command-line tools do.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
        return 1
    except OSError as exc:
        # A write the command's own checks could not foresee (disk full, a path that
        # changed): still one line with the file and the reason.
        where = exc.filename or ("standard output" if exc.errno is not None else "output")
        print(f"error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

