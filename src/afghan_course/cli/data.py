"""Sub-commands on the data package: check, review, bib."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta


def _duration(text: str) -> timedelta:
    m = re.fullmatch(r"(\d+)([dwmy]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 180d, 26w, 6m or 1y")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return timedelta(days=n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit])


def _cmd_data_check(args: argparse.Namespace) -> int:
    from ..data import check, open_package

    errors = check(args.data)
    if errors:
        for e in errors:
            print(e.line(), file=sys.stderr)
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    pkg = open_package(args.data)
    print(f"data package OK: {len(pkg.names)} tables ({', '.join(pkg.names)})")
    return 0


def _cmd_data_review(args: argparse.Namespace) -> int:
    from ..data import as_of_line, time_sensitive_rows

    print(as_of_line(args.data))
    rows = time_sensitive_rows(args.older_than, folder=args.data)
    if rows.empty:
        print(f"no time-sensitive row is older than {args.older_than.days} days")
        return 0
    print(f"{len(rows)} time-sensitive row(s) older than {args.older_than.days} days "
          "(re-check each against a newer source):")
    print(rows.to_string(index=False))
    return 0


def _cmd_data_bib(args: argparse.Namespace) -> int:
    from ..bibliography import render_bibtex

    sys.stdout.write(render_bibtex(args.data))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``data check|review|bib``."""
    data = sub.add_parser("data", help="validate and review the data package")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    p = dsub.add_parser("check", help="validate schema, keys, sources and duplicates")
    p.add_argument("--data", help="folder holding datapackage.json (default: the course's data/)")
    p.set_defaults(func=_cmd_data_check)
    p = dsub.add_parser("review", help="list time-sensitive rows due for re-checking")
    p.add_argument("--older-than", type=_duration, default=timedelta(days=180),
                   help="age threshold such as 180d, 26w, 6m (default 180d)")
    p.add_argument("--data", help="folder holding datapackage.json")
    p.set_defaults(func=_cmd_data_review)
    p = dsub.add_parser("bib", help="print the BibTeX generated from sources.csv")
    p.add_argument("--data", help="folder holding datapackage.json")
    p.set_defaults(func=_cmd_data_bib)
