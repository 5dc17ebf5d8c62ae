"""The ``item-analysis`` command: facility, discrimination and option counts per question."""

from __future__ import annotations

import argparse
import sys

from ..errors import CourseError
from .outputs import CHART_FORMATS, output_file, write_text


def _cmd_item_analysis(args: argparse.Namespace) -> int:
    from ..itemanalysis import analyse, item_chart

    out = output_file(args.out, "item table CSV") if args.out else None
    chart = output_file(args.chart, "item chart", CHART_FORMATS) if args.chart else None
    result = analyse(args.files, chapters=args.chapter or None)
    book = result.book
    for name, why in book.skipped:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for note in book.notes:
        print(f"note: {note}", file=sys.stderr)
    if not book.used:
        print("error: no usable results file", file=sys.stderr)
        return 1
    if out:
        write_text(out, result.to_csv())
        print(f"{args.out}: {len(result.rows)} question(s) from {len(book.used)} file(s); "
              f"{len(book.skipped)} skipped")
    else:
        sys.stdout.write(result.to_csv())
    for qid, flags in result.flagged().items():
        print(f"flag: {qid}: {'; '.join(flags)}", file=sys.stderr)
    if chart and result.rows:
        try:
            alt = item_chart(result, chart)
        except OSError as exc:
            raise CourseError(str(chart), f"cannot be written ({exc.strerror or exc})") from None
        print(f"{args.chart}: item chart ({alt[:120]}…)" if len(alt) > 120 else
              f"{args.chart}: item chart ({alt})")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``item-analysis`` command."""
    p = sub.add_parser("item-analysis",
                       help="per-question facility, discrimination, option counts and flags "
                            "from learners' results files")
    p.add_argument("files", nargs="+", metavar="RESULTS", help="results files (JSON)")
    p.add_argument("--out", help="write the table as CSV to this file (default: print it)")
    p.add_argument("--chart", help="save a facility × discrimination chart (PNG) here")
    p.add_argument("--chapter", action="append",
                   help="only this chapter's bank (repeat for more)")
    p.set_defaults(func=_cmd_item_analysis)
