"""Sub-commands for planning and deployment: the objectives matrix and nbgitpuller links."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..errors import CourseError


def _cmd_syllabus(args: argparse.Namespace) -> int:
    from .. import syllabus

    if args.outline:
        from pathlib import Path

        from ..planning import plan_html, plan_markdown, week_plan

        plan = week_plan(args.outline)
        sys.stdout.write(plan_markdown(plan))
        if args.html:
            Path(args.html).write_text(plan_html(plan), encoding="utf-8")
            print(f"wrote {args.html} (printable page)", file=sys.stderr)
        return 0
    table = syllabus.chapter_summary() if args.chapters else syllabus.objectives_matrix()
    if args.format == "csv":
        sys.stdout.write(syllabus.flat(table).to_csv(index=False, lineterminator="\n"))
    else:
        print(syllabus.markdown_table(table))
    if not args.chapters:
        gaps = syllabus.coverage_gaps(table)
        for row in gaps.itertuples():
            print(f"note: {row.chapter} {row.objective} is tested by {row.questions} "
                  f"question(s), fewer than {syllabus.MIN_QUESTIONS}", file=sys.stderr)
    return 0


def _release_remote(folder: Path) -> str:
    run = subprocess.run(["git", "-C", str(folder), "remote", "get-url", "origin"],
                         capture_output=True, text=True)
    return run.stdout.strip() if run.returncode == 0 else ""


def _cmd_nbgitpuller_link(args: argparse.Namespace) -> int:
    from ..deploy import check_path, nbgitpuller_link
    from ..paths import course_root
    from ..release import is_release

    repo, base = args.repo, None
    if args.release:
        base = Path(args.release)
        if not is_release(base):
            print(f"error: {args.release}: not a student release (make one with afghan-course "
                  "release --student OUT --git)", file=sys.stderr)
            return 2
        repo = repo or _release_remote(base)
        if not repo:
            print(f"error: {args.release}: the release has no 'origin' remote; push it to its "
                  "own repository and give that address with --repo", file=sys.stderr)
            return 2
    if not repo:
        print("error: --repo: give the git address of the student release's repository "
              "(or --release OUT)", file=sys.stderr)
        return 2
    try:
        link = nbgitpuller_link(args.hub, repo, args.branch, args.path, args.app)
    except CourseError as exc:
        print(f"error: {exc.line()}", file=sys.stderr)
        return 2
    if args.path is not None:
        try:
            here = ((base or course_root()) / check_path(args.path)).exists()
        except FileNotFoundError:
            here = True
        if not here:
            where = "the release" if base else "this course"
            print(f"warning: {args.path} is not a file of {where}; check that the "
                  "repository holds it", file=sys.stderr)
    if base is None:
        print("note: learners pull the whole repository: point links at the student release "
              "(afghan-course release --student OUT --git, then --release OUT) so that no "
              "answer key reaches them", file=sys.stderr)
    print(link)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``syllabus`` and ``nbgitpuller-link`` sub-commands."""
    p = sub.add_parser(
        "syllabus", help="print the learning objectives and the questions that test them",
        description="Print every learning objective of the question banks with the number "
                    "of questions testing it (recall = levels remember and understand; above "
                    "recall = apply, analyse, evaluate), their types and ids. Objectives with "
                    "fewer than two questions are noted on stderr.")
    p.add_argument("--format", choices=["markdown", "csv"], default="markdown",
                   help="output format (default: markdown)")
    p.add_argument("--chapters", action="store_true",
                   help="print one row per chapter (stated time, objectives, questions) instead")
    p.add_argument("--outline", choices=["1-week", "3-week", "6-week"],
                   help="print the week-by-week plan instead: readings, quizzes, class "
                   "sessions, written work and minutes (Markdown)")
    p.add_argument("--html", metavar="FILE", help="with --outline: also write the plan as a "
                   "printable HTML page")
    p.set_defaults(func=_cmd_syllabus)

    p = sub.add_parser(
        "nbgitpuller-link", help="print a JupyterHub link that pulls the course and opens a page",
        description="Print an nbgitpuller link: opening it logs a learner in to the hub, clones "
                    "or updates the student release's repository in their home folder, and "
                    "opens the notebook. The hub needs nbgitpuller installed "
                    "(binder/requirements.txt includes it).")
    p.add_argument("--hub", required=True, help="the JupyterHub's address, e.g. "
                   "https://hub.example.edu")
    p.add_argument("--repo", help="the student release's git URL, as git clone takes it "
                   "(default with --release: its 'origin' remote)")
    p.add_argument("--release", metavar="OUT", help="the student release folder (made with "
                   "release --student OUT --git): checks --path against it and reads its remote")
    p.add_argument("--branch", default="main", help="branch to pull (default: main)")
    p.add_argument("--path", help="file or folder to open, relative to the repository "
                   "(e.g. book/recognition.ipynb; default: the repository's folder)")
    p.add_argument("--app", choices=["lab", "notebook"], default="lab",
                   help="interface to open it in (default: lab)")
    p.set_defaults(func=_cmd_nbgitpuller_link)
