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
    if args.git:
        from ..release import publish_git

        commit = publish_git(report.out)
        print(f"{report.out}: git repository on branch main, commit {commit[:12]}; push it to "
              "its own remote and make nbgitpuller links with "
              f"afghan-course nbgitpuller-link --release {report.out} ...")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("release", help="write the student edition (no answer keys) to a folder")
    p.add_argument("--student", metavar="OUT", help="folder to write the student release to")
    p.add_argument("--force", action="store_true", help="replace OUT if it is not empty")
    p.add_argument("--no-execute", action="store_true",
                   help="leave released notebooks unexecuted (faster; outputs empty)")
    p.add_argument("--git", action="store_true",
                   help="make OUT a git repository of its own (a new commit on re-release), "
                   "to publish for learners and nbgitpuller")
    p.set_defaults(func=_cmd_release)
