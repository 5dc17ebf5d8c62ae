"""Sub-commands for instructors: the student release and the class gradebook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CourseError
from .outputs import CHART_FORMATS, output_dir, output_file, write_text


def _cmd_release(args: argparse.Namespace) -> int:
    from ..paths import course_root
    from ..release import order_signal, release_student

    if not args.student:
        raise CourseError("release", "say which edition: --student OUT/")
    output_dir(args.student, "release folder")
    report = release_student(args.student, execute=not args.no_execute, force=args.force)
    for problem in report.problems:
        print(f"leak: {problem}", file=sys.stderr)
    if report.problems:
        print(f"error: {len(report.problems)} answer-key leak(s) in {report.out}; do not hand "
              "it out", file=sys.stderr)
        return 1
    print(report.summary())
    print("Leak scan: no answer key, model answer, rubric or instructor note found.")
    hint = order_signal(course_root())
    if hint:
        print(f"note: {hint}", file=sys.stderr)
    return 0


def _cmd_gradebook(args: argparse.Namespace) -> int:
    from ..gradebook import build, mastery_chart

    out = output_file(args.out, "gradebook CSV") if args.out else None
    chart = args.chart or (Path(args.out).with_suffix(".png") if args.out else None)
    if chart:
        chart = output_file(chart, "mastery chart", CHART_FORMATS)
    book = build(args.files)
    for name, why in book.skipped:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for note in book.notes:
        print(f"note: {note}", file=sys.stderr)
    if not book.used:
        print("error: no usable results file", file=sys.stderr)
        return 1
    if out:
        write_text(out, book.to_csv())
        learners = len({r["learner"] for r in book.rows})
        print(f"{args.out}: {len(book.rows)} rows for {learners} learner(s) from "
              f"{len(book.used)} file(s); {len(book.skipped)} skipped")
    else:
        sys.stdout.write(book.to_csv())
    if chart and book.rows:
        try:
            alt = mastery_chart(book, chart)
        except OSError as exc:
            raise CourseError(str(chart), f"cannot be written ({exc.strerror or exc})") from None
        print(f"{chart}: mastery chart ({alt[:120]}…)" if len(alt) > 120 else
              f"{chart}: mastery chart ({alt})")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("release", help="write the student edition (no answer keys) to a folder")
    p.add_argument("--student", metavar="OUT", help="folder to write the student release to")
    p.add_argument("--force", action="store_true", help="replace OUT if it is not empty")
    p.add_argument("--no-execute", action="store_true",
                   help="leave released notebooks unexecuted (faster; outputs empty)")
    p.set_defaults(func=_cmd_release)
    p = sub.add_parser("gradebook", help="merge learners' results files into one grade table")
    p.add_argument("files", nargs="+", help="results files (JSON) from notebooks or the book")
    p.add_argument("--out", help="write the table as CSV here (default: print it)")
    p.add_argument("--chart", help="save the class mastery chart here (PNG; default: next to "
                   "--out)")
    p.set_defaults(func=_cmd_gradebook)
