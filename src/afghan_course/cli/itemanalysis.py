"""The ``item-analysis`` command: facility, discrimination and option counts per question."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_item_analysis(args: argparse.Namespace) -> int:
    from ..itemanalysis import analyse, item_chart

    result = analyse(args.files, chapters=args.chapter or None)
    book = result.book
    for name, why in book.skipped:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for note in book.notes:
        print(f"note: {note}", file=sys.stderr)
    if not book.used:
        print("error: no usable results file", file=sys.stderr)
        return 1
    if args.out:
        Path(args.out).write_text(result.to_csv(), encoding="utf-8")
        print(f"{args.out}: {len(result.rows)} question(s) from {len(book.used)} file(s); "
              f"{len(book.skipped)} skipped")
    else:
        sys.stdout.write(result.to_csv())
    for qid, flags in result.flagged().items():
        print(f"flag: {qid}: {'; '.join(flags)}", file=sys.stderr)
    if args.chart and result.rows:
        alt = item_chart(result, args.chart)
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
