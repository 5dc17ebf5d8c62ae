"""Sub-commands on quiz banks and learners' progress files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import CourseError, CourseErrors


def _cmd_quiz_check(args: argparse.Namespace) -> int:
    from ..paths import quizzes_dir
    from ..quiz.bank import load_bank
    from ..quiz.datarefs import evaluate, matches

    files = [Path(f) for f in args.files] or sorted(quizzes_dir().glob("*.yml"))
    problems = 0
    for f in files:
        try:
            bank = load_bank(f)
        except CourseErrors as exc:
            print(str(exc), file=sys.stderr)
            problems += len(exc.errors)
            continue
        except CourseError as exc:
            print(exc.line(), file=sys.stderr)
            problems += 1
            continue
        for q in bank.questions:
            if q.data_ref is None:
                continue
            try:
                value = evaluate(q.data_ref, str(f), q.id)
            except CourseError as exc:
                print(exc.line(), file=sys.stderr)
                problems += 1
                continue
            if not matches(value, q.data_ref.expect):
                print(f"{f}: question {q.id}: field data_ref: the data now gives {value!r}, the "
                      f"question expects {q.data_ref.expect!r}", file=sys.stderr)
                problems += 1
        print(f"{f}: {len(bank.questions)} questions")
    if problems:
        print(f"{problems} problem(s) found", file=sys.stderr)
        return 1
    return 0


def _cmd_quiz_lint(args: argparse.Namespace) -> int:
    from ..paths import quizzes_dir
    from ..quiz.lint import lint_files, measure
    from ..quiz.simulate import MARGIN, beats_random

    files = [Path(f) for f in args.files] or sorted(quizzes_dir().glob("*.yml"))
    try:
        misses, notes, banks = lint_files(files)
    except CourseErrors as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for line in notes:
        print(f"note: {line}")
    for m in misses:
        print(m.line(), file=sys.stderr)
    strategies = 0
    for f, bank in zip(files, banks, strict=True):
        for name, score, chance in beats_random(bank):
            strategies += 1
            print(f"{f}: bank {bank.chapter}: test-wise learner: always-{name} scores "
                  f"{100 * score:.0f} %, random guessing {100 * chance:.0f} % (at most "
                  f"{100 * MARGIN:.0f} points more allowed)", file=sys.stderr)
    if args.measure:
        for shown in (False, True):
            print("\n".join(measure(banks, shown).lines("shown" if shown else "bank order")))
    if misses or strategies:
        print(f"{len(misses) + strategies} item-writing problem(s) in {len(banks)} bank(s)",
              file=sys.stderr)
        return 1
    print(f"{len(banks)} bank(s) meet the item-writing rules")
    return 0


def _cmd_quiz_schema(args: argparse.Namespace) -> int:
    from ..quiz.model import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_progress_summary(args: argparse.Namespace) -> int:
    from ..gradebook import summary_lines

    status = 0
    for f in args.files:
        try:
            lines = summary_lines(f, count_self_rated=args.count_self_rated)
        except CourseError as exc:
            print(f"skipped {exc.line()}", file=sys.stderr)
            status = 1
            continue
        print("\n".join(lines))
    return status


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``quiz`` and ``progress`` sub-commands."""
    quiz = sub.add_parser("quiz", help="validate question banks, publish their schema")
    qsub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    p = qsub.add_parser("check", help="validate banks and recompute keys that rest on data/")
    p.add_argument("files", nargs="*", help="bank files (default: every quizzes/*.yml)")
    p.set_defaults(func=_cmd_quiz_check)
    p = qsub.add_parser("lint", help="hold banks to the item-writing rules and run the "
                        "simulated test-wise learners")
    p.add_argument("files", nargs="*", help="bank files (default: every quizzes/*.yml)")
    p.add_argument("--measure", action="store_true",
                   help="also print key-first, keys-first, key-longest and False shares")
    p.set_defaults(func=_cmd_quiz_lint)
    p = qsub.add_parser("schema", help="print (or write) the JSON Schema of a bank")
    p.add_argument("--out", help="write to this file, e.g. quizzes/schema.json")
    p.set_defaults(func=_cmd_quiz_schema)

    prog = sub.add_parser("progress", help="learners' results files")
    psub = prog.add_subparsers(dest="progress_command", metavar="ACTION", required=True)
    p = psub.add_parser("summary", help="completion and mastery per chapter and objective",
                        description="For each results file: per chapter and objective, "
                        "completion and mastery of what was answered, as the gradebook "
                        "computes them (unmarked answers are marked against the full banks).")
    p.add_argument("files", nargs="+", help="results files (JSON)")
    p.add_argument("--count-self-rated", action="store_true",
                   help="count the learner's own ratings of open answers in mastery")
    p.set_defaults(func=_cmd_progress_summary)
