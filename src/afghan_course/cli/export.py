"""The ``export`` sub-command: question banks as Moodle XML, GIFT, Canvas QTI or JSON."""

from __future__ import annotations

import argparse
import sys

from ..errors import CourseError
from .outputs import output_dir

DEFAULT_OUT = "dist/lms"


def _chapters_available() -> list[str]:
    from ..paths import quizzes_dir

    return sorted(p.stem for p in quizzes_dir().glob("*.yml"))


def _cmd_export(args: argparse.Namespace) -> int:
    from ..data import sources_by_id
    from ..export import FORMATS, export_bank, write_export
    from ..quiz.bank import load_bank

    available = _chapters_available()
    wanted = list(dict.fromkeys(args.chapter or available))
    unknown = [c for c in wanted if c not in available]
    if unknown:
        print(f"error: unknown chapter {unknown[0]!r} (chapters: {', '.join(available)})",
              file=sys.stderr)
        return 2
    if args.ordering == "native" and not FORMATS[args.format].native_ordering:
        print(f"error: --ordering native: {args.format} has no ordering type "
              "(only moodle-xml does)", file=sys.stderr)
        return 2
    out = output_dir(args.out, "export folder")
    banks = [load_bank(c) for c in wanted]
    sources = sources_by_id()
    results = [export_bank(bank, args.format, sources, args.ordering) for bank in banks]
    for result in results:
        for line in result.warnings():
            print(f"warning: {line}", file=sys.stderr)
        try:
            path = write_export(result, out)
        except OSError as exc:
            raise CourseError(str(exc.filename or out), f"cannot be written ({exc.strerror})"
                              ) from None
        print(f"wrote {path}: {result.summary()}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``export`` sub-command."""
    from ..export import FORMATS, ORDERING_CHOICES

    p = sub.add_parser(
        "export", help="write question banks for Moodle or Canvas (or as JSON)",
        description="Write each chapter's question bank as <chapter>.xml (moodle-xml), "
                    "<chapter>.gift.txt (gift), <chapter>.qti.zip (canvas-qti) or "
                    "<chapter>.json (json). Questions a format cannot hold are converted or "
                    "skipped, with a warning on stderr naming each.")
    p.add_argument("--format", required=True, choices=list(FORMATS),
                   help="target format")
    p.add_argument("--chapter", action="append", metavar="CHAPTER",
                   help="a chapter to export (repeatable; default: every bank in quizzes/)")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--ordering", choices=list(ORDERING_CHOICES), default="matching",
                   help="ordering questions: as matching position → item (default), Moodle's "
                        "native ordering type (moodle-xml only, core since Moodle 4.4), or skip")
    p.set_defaults(func=_cmd_export)
