"""Sub-commands for instructors: the student release."""

from __future__ import annotations

import argparse
import sys

from ..errors import CourseError


def _cmd_release(args: argparse.Namespace) -> int:
    from ..release import release_student

    if not args.student:
        raise CourseError("release", "say which edition: --student OUT/")
    report = release_student(args.student, execute=not args.no_execute, force=args.force)
    for problem in report.problems:
        print(f"leak: {problem}", file=sys.stderr)
    if report.problems:
        print(f"error: {len(report.problems)} answer-key leak(s) in {report.out}; do not hand "
              "it out", file=sys.stderr)
        return 1
    print(report.summary())
    print("Leak scan: no answer key, model answer, rubric or instructor note found.")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("release", help="write the student edition (no answer keys) to a folder")
    p.add_argument("--student", metavar="OUT", help="folder to write the student release to")
    p.add_argument("--force", action="store_true", help="replace OUT if it is not empty")
    p.add_argument("--no-execute", action="store_true",
                   help="leave released notebooks unexecuted (faster; outputs empty)")
    p.set_defaults(func=_cmd_release)
