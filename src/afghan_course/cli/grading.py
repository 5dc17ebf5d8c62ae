"""Sub-commands for marking: the gradebook, the offline marking sheet and feedback pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CourseError


def _report(book) -> None:
    for name, why in book.skipped:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for line in book.conflicts:
        print(f"conflict: {line}", file=sys.stderr)
    for note in book.notes:
        print(f"note: {note}", file=sys.stderr)


def _build(args: argparse.Namespace):
    from ..gradebook import build

    book = build(args.files, count_self_rated=getattr(args, "count_self_rated", False),
                 allow_name_only=args.allow_name_only)
    _report(book)
    if not book.learners:
        raise CourseError("gradebook", "no usable results file (see the lines above)")
    return book


def _cmd_gradebook(args: argparse.Namespace) -> int:
    from ..gradebook import check_output, mastery_chart

    chart = args.chart or (Path(args.out).with_suffix(".png") if args.out else None)
    for target in (args.out, chart):
        if target:
            check_output(target, args.files)
    book = _build(args)
    if args.out:
        Path(args.out).write_text(book.to_csv(), encoding="utf-8")
        print(f"{args.out}: {len(book.rows)} rows for {len(book.learners)} learner(s) from "
              f"{len(book.used)} file(s); {len(book.skipped)} skipped, "
              f"{len(book.conflicts)} conflict(s)")
    else:
        sys.stdout.write(book.to_csv())
    if chart and any(r["part"] == "objective" for r in book.rows):
        mastery_chart(book, chart)
        print(f"{chart}: class chart of completion, mastery of what was answered and self-rated "
              "open answers per objective (never-attempted questions lower completion only)")
    return 1 if book.conflicts else 0


def _out_dir(out: str, inputs: list[str]) -> Path:
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise CourseError(out, "is a file; give a folder to write into")
    for p in inputs:
        if Path(p).resolve().parent == path.resolve() and Path(p).suffix == ".html":
            raise CourseError(out, f"holds the input {p}; choose another folder")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cmd_marking(args: argparse.Namespace) -> int:
    from ..marking import write_sheet

    book = _build(args)
    out = _out_dir(args.out, args.files)
    path, count = write_sheet(book, out)
    print(f"{path}: {count} answer(s) to mark; open it in a browser (no network needed), pick a "
          "level per criterion, then 'Download marks file' and give that file to "
          "afghan-course gradebook")
    return 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    from ..feedback import write_pages

    book = _build(args)
    out = _out_dir(args.out, args.files)
    pages = write_pages(book, out)
    print(f"{out}: {len(pages)} feedback page(s) and index.html (print them from the browser)")
    return 1 if book.conflicts else 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="results files (JSON) from notebooks, the book or "
                   "the student release, and marks files from the marking sheet")
    p.add_argument("--allow-name-only", action="store_true",
                   help="accept files without a learner id, matching them by normalised name")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``gradebook``, ``marking`` and ``feedback``."""
    from ..scores import COMPLETION, MASTERY, SELF_RATED

    p = sub.add_parser(
        "gradebook", help="merge learners' results (and marks) files into one grade table",
        description="One row per learner, chapter and objective (and per exercise), every "
                    f"answer marked again against the full banks. {COMPLETION}; {MASTERY}; "
                    f"{SELF_RATED}. Files without a learner id, duplicates and two files that "
                    "claim one learner but disagree are reported on stderr (exit status 1 for "
                    "a conflict).")
    _common(p)
    p.add_argument("--out", help="write the table as CSV here (default: print it); never an "
                   "input, results or marks file")
    p.add_argument("--chart", help="save the class chart here (PNG; default: next to --out)")
    p.add_argument("--count-self-rated", action="store_true",
                   help="count learners' own ratings of open answers in mastery")
    p.set_defaults(func=_cmd_gradebook)

    p = sub.add_parser(
        "marking", help="write an offline HTML marking sheet for open answers and exercises",
        description="Write DIR/marking.html: for each open question and exercise, every "
                    "learner's answer beside the model answer and rubric. Pick a level per "
                    "criterion (levels carry the points the banks and exercise sets declare), "
                    "add a comment, and download a marks file for the gradebook. Marks files "
                    "given among FILES fill the sheet in again.")
    _common(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write marking.html to")
    p.set_defaults(func=_cmd_marking)

    p = sub.add_parser(
        "feedback", help="write one printable HTML feedback page per learner",
        description="Write DIR/<learner>.html for each learner: every answer with its verdict, "
                    "feedback and explanation, the rubric marks and comments of the marking "
                    "sheet, and the figures of the gradebook; DIR/index.html lists them.")
    _common(p)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the pages to")
    p.add_argument("--count-self-rated", action="store_true",
                   help="count learners' own ratings of open answers in mastery")
    p.set_defaults(func=_cmd_feedback)
