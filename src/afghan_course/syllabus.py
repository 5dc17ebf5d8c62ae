"""Course planning tables computed from the question banks, the exercises and the book.

- :func:`objectives_matrix`: one row per learning objective of every bank in ``quizzes/``,
  with how many questions test it, at which levels, of which types, and their ids;
- :func:`chapter_summary`: one row per chapter in ``book/_toc.yml`` order, with the
  time its opening states (read only where it is machine-readable), its objectives and
  questions, and the perspective exercises it shows;
- :func:`exercise_summary`: the exercise sets, their rubrics' criteria and, for a
  structured academic controversy, its planned minutes;
- :func:`outline`: the chapters of a one-week, three-week or six-week plan, week by week.

Nothing here is typed in by hand except the grouping of chapters into weeks
(:data:`OUTLINES`): counts, titles and times come from the files, so a new question or
chapter shows up the next time the tables are computed.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .errors import CourseError
from .paths import book_dir

RECALL_LEVELS = ("remember", "understand")
"""Levels counted as recall. The others (apply, analyse, evaluate: ``HIGHER_LEVELS`` of the
quiz model) are "above recall", as the course's chapter standard counts them (at least 40%
of a chapter's questions)."""

MIN_QUESTIONS = 2
"""An objective tested by fewer questions than this is flagged in the coverage summary."""

TIME_RE = re.compile(r"\*\*Time[.:]?\*\*[.:]?\s*about\s+(\d+)\s+minutes", re.IGNORECASE)
"""The time estimate in a chapter's opening, e.g. ``**Time:** about 90 minutes (...)``."""

_QUIZ_RE = re.compile(r"""\bquiz\.show\(\s*["']([a-z0-9][a-z0-9-]*)["']""")
_EXERCISE_RE = re.compile(r"""\bperspectives\.show\(\s*["']([a-z0-9][a-z0-9-]*)["']""")

OUTLINES: dict[str, dict] = {
    "one-week": {
        "title": "One-week module",
        "weeks": [["timeline", "recognition", "sanctions", "frozen-assets"]],
    },
    "three-week": {
        "title": "Three-week unit",
        "weeks": [["timeline", "recognition"], ["sanctions", "frozen-assets"],
                  ["security", "rights", "oped-analysis"]],
    },
    "six-week": {
        "title": "Six-week course",
        "weeks": [["how-quizzes-work", "timeline"], ["recognition"], ["sanctions"],
                  ["frozen-assets"], ["security", "rights"], ["oped-analysis"]],
    },
}
"""Which chapters (``book/_toc.yml`` file names) each plan takes, week by week, in book order."""


@dataclass(frozen=True)
class Page:
    """One page of the book, as its table of contents and its opening describe it."""

    file: str
    part: str | None
    path: Path | None
    title: str
    minutes: int | None = None
    banks: tuple[str, ...] = field(default_factory=tuple)
    exercises: tuple[str, ...] = field(default_factory=tuple)

    @property
    def short_title(self) -> str:
        """The title up to its first colon or dash: "Recognition", "Frozen assets"."""
        return re.split(r":\s| — | - ", self.title, maxsplit=1)[0].strip()


def _toc_entries(toc: dict) -> list[tuple[str, str | None]]:
    entries: list[tuple[str, str | None]] = []

    def walk(items, part):
        for item in items or []:
            if "file" in item:
                entries.append((str(item["file"]), part))
            walk(item.get("sections"), part)

    if toc.get("root"):
        entries.append((str(toc["root"]), None))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"), part.get("caption"))
    walk(toc.get("chapters"), None)
    return entries


def _read_page(book: Path, file: str, part: str | None) -> Page:
    for suffix in (".ipynb", ".md"):
        path = book / f"{file}{suffix}"
        if path.is_file():
            break
    else:
        return Page(file, part, None, file)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
        except (ValueError, KeyError) as exc:
            raise CourseError(str(path), f"not a readable notebook ({exc.__class__.__name__})") \
                from None
        sources = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                    c["cell_type"]) for c in cells]
        opening = next((s for s, kind in sources if kind == "markdown"), "")
        code = "\n".join(s for s, kind in sources if kind == "code")
    else:
        opening = re.split(r"^## ", text, maxsplit=1, flags=re.MULTILINE)[0]
        code = "\n".join(re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text,
                                    flags=re.MULTILINE | re.DOTALL))
    title_match = re.search(r"^# (.+)$", opening, flags=re.MULTILINE)
    title = title_match.group(1).strip() if title_match else file
    time_match = TIME_RE.search(opening)
    minutes = int(time_match.group(1)) if time_match else None
    banks = tuple(dict.fromkeys(_QUIZ_RE.findall(code)))
    exercises = tuple(dict.fromkeys(_EXERCISE_RE.findall(code)))
    return Page(file, part, path, title, minutes, banks, exercises)


def toc_pages(book: str | Path | None = None) -> list[Page]:
    """Every page in ``book/_toc.yml``, in book order, with what its opening states."""
    book = Path(book) if book is not None else book_dir()
    toc_path = book / "_toc.yml"
    if not toc_path.is_file():
        raise CourseError(str(toc_path), "no table of contents")
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    return [_read_page(book, file, part) for file, part in _toc_entries(toc)]


def _objective_key(objective: str) -> tuple[str, int]:
    prefix, _, number = objective.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0


def _banks_in_book_order(pages: list[Page]):
    """(bank, page showing it or None), banks shown in the book first, in book order."""
    from .quiz.bank import all_banks

    banks = {b.chapter: b for b in all_banks()}
    order: list[tuple[object, Page | None]] = []
    for page in pages:
        for name in page.banks:
            if name in banks and all(b.chapter != name for b, _ in order):
                order.append((banks[name], page))
    shown = {b.chapter for b, _ in order}
    order += [(banks[name], None) for name in sorted(banks) if name not in shown]
    return order


def objectives_matrix(pages: list[Page] | None = None) -> pd.DataFrame:
    """One row per objective of every bank: its text, chapter and the questions testing it.

    Columns: ``objective``, ``text``, ``chapter`` (the bank), ``page`` (the book page that
    shows the bank, or None), ``questions``, ``recall`` (levels remember and understand),
    ``above_recall`` (apply, analyse, evaluate), ``types`` and ``question_ids`` (lists).
    Objectives no question tests are kept, with zero counts.
    """
    from .quiz.model import HIGHER_LEVELS, QUESTION_TYPES

    pages = toc_pages() if pages is None else pages
    rows = []
    for bank, page in _banks_in_book_order(pages):
        for objective in sorted(bank.objectives, key=_objective_key):
            qs = [q for q in bank.questions if q.objective == objective]
            types = {q.type for q in qs}
            rows.append({
                "objective": objective,
                "text": bank.objectives[objective],
                "chapter": bank.chapter,
                "page": page.file if page else None,
                "questions": len(qs),
                "recall": sum(q.level in RECALL_LEVELS for q in qs),
                "above_recall": sum(q.level in HIGHER_LEVELS for q in qs),
                "types": [t for t in QUESTION_TYPES if t in types],
                "question_ids": [q.id for q in qs],
            })
    columns = ["objective", "text", "chapter", "page", "questions", "recall", "above_recall",
               "types", "question_ids"]
    return pd.DataFrame(rows, columns=columns)


def coverage_gaps(matrix: pd.DataFrame | None = None,
                  minimum: int = MIN_QUESTIONS) -> pd.DataFrame:
    """The objectives tested by fewer than *minimum* questions (empty when none are)."""
    matrix = objectives_matrix() if matrix is None else matrix
    gaps = matrix[matrix["questions"] < minimum]
    return gaps[["chapter", "objective", "questions", "text"]].reset_index(drop=True)


def chapter_summary(pages: list[Page] | None = None) -> pd.DataFrame:
    """One row per chapter quiz, in book order.

    Columns: ``chapter`` (the bank), ``page``, ``part`` (its caption in the table of
    contents), ``title`` (the page's heading, or the bank's title if no page shows it),
    ``short_title`` (the heading up to its first colon or dash), ``minutes`` (the time the
    page's opening states as "about N minutes"; missing when it states none),
    ``objectives``, ``questions``, ``recall``, ``above_recall``, ``above_recall_share``
    (percent) and ``exercises`` (ids the page shows).
    """
    pages = toc_pages() if pages is None else pages
    matrix = objectives_matrix(pages)
    rows = []
    for bank, page in _banks_in_book_order(pages):
        mine = matrix[matrix["chapter"] == bank.chapter]
        rows.append({
            "chapter": bank.chapter,
            "page": page.file if page else None,
            "part": page.part if page else None,
            "title": page.title if page else bank.title,
            "short_title": page.short_title if page else bank.title,
            "minutes": page.minutes if page else None,
            "objectives": len(mine),
            "questions": int(mine["questions"].sum()),
            "recall": int(mine["recall"].sum()),
            "above_recall": int(mine["above_recall"].sum()),
            "above_recall_share": round(100 * mine["above_recall"].sum()
                                        / max(mine["questions"].sum(), 1)),
            "exercises": list(page.exercises) if page else [],
        })
    df = pd.DataFrame(rows, columns=["chapter", "page", "part", "title", "short_title", "minutes",
                                     "objectives",
                                     "questions", "recall", "above_recall",
                                     "above_recall_share", "exercises"])
    df["minutes"] = df["minutes"].astype("Int64")
    return df


def exercise_summary(pages: list[Page] | None = None) -> pd.DataFrame:
    """One row per exercise set in ``exercises/``.

    Columns: ``exercise``, ``title``, ``pages`` (book pages that show it), ``documents``,
    ``claims``, ``rubric`` (the criteria's names, not their levels), ``sac_minutes`` (the
    planned length of its structured academic controversy, if it has one).
    """
    from .perspectives import all_exercises

    pages = toc_pages() if pages is None else pages
    rows = []
    for ex in all_exercises():
        rows.append({
            "exercise": ex.id,
            "title": ex.title,
            "pages": [p.file for p in pages if ex.id in p.exercises],
            "documents": len(ex.documents),
            "claims": sum(len(d.claims) for d in ex.documents),
            "rubric": [c.criterion for c in ex.rubric or []],
            "sac_minutes": sum(s.minutes for s in ex.sac.steps) if ex.sac else None,
        })
    df = pd.DataFrame(rows, columns=["exercise", "title", "pages", "documents", "claims",
                                     "rubric", "sac_minutes"])
    df["sac_minutes"] = df["sac_minutes"].astype("Int64")
    return df


def outline(name: str, pages: list[Page] | None = None) -> pd.DataFrame:
    """A plan from :data:`OUTLINES`, one row per week.

    Columns: ``week``, ``chapters`` (short titles, in book order), ``pages``, ``minutes``
    (the sum of the times the chapters state; missing if none states one), ``unstated``
    (pages that state no time), ``exercises`` (perspective exercises those pages show) and
    ``sac_minutes`` (planned class time of any structured academic controversy among them).
    """
    if name not in OUTLINES:
        raise CourseError("syllabus", f"no outline {name!r} (outlines: {', '.join(OUTLINES)})")
    pages = toc_pages() if pages is None else pages
    by_file = {p.file: p for p in pages}
    position = {p.file: i for i, p in enumerate(pages)}
    sac = {}
    if any(p.exercises for p in pages):
        sac = {r.exercise: r.sac_minutes for r in exercise_summary(pages).itertuples()
               if not pd.isna(r.sac_minutes)}
    rows, last = [], -1
    for n, week in enumerate(OUTLINES[name]["weeks"], start=1):
        missing = [f for f in week if f not in by_file]
        if missing:
            raise CourseError("syllabus", f"outline {name}: {missing[0]!r} is not a page in "
                              "book/_toc.yml")
        chosen = [by_file[f] for f in week]
        for p in chosen:
            if position[p.file] <= last:
                raise CourseError("syllabus", f"outline {name}: {p.file!r} comes out of book "
                                  "order")
            last = position[p.file]
        stated = [p.minutes for p in chosen if p.minutes is not None]
        exercises = [e for p in chosen for e in p.exercises]
        rows.append({
            "week": n,
            "chapters": [p.short_title for p in chosen],
            "pages": [p.file for p in chosen],
            "minutes": sum(stated) if stated else None,
            "unstated": [p.file for p in chosen if p.minutes is None],
            "exercises": exercises,
            "sac_minutes": sum(sac[e] for e in exercises if e in sac) or None,
        })
    df = pd.DataFrame(rows, columns=["week", "chapters", "pages", "minutes", "unstated",
                                     "exercises", "sac_minutes"])
    df["minutes"] = df["minutes"].astype("Int64")
    df["sac_minutes"] = df["sac_minutes"].astype("Int64")
    return df


def controversy_plan(exercise_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The roles and the timed steps of an exercise's structured academic controversy.

    Returns ``(roles, steps)``: roles has ``role`` and ``brief``; steps has ``step``,
    ``start`` and ``end`` (minutes from the start of the activity), ``minutes`` and
    ``activity``, all read from the ``sac:`` block of ``exercises/<id>.yml``.
    """
    from .perspectives import load_exercise

    ex = load_exercise(exercise_id)
    if ex.sac is None:
        raise CourseError(f"exercises/{exercise_id}.yml", "has no sac: block (no structured "
                          "academic controversy is planned for it)")
    roles = pd.DataFrame([{"role": r.name, "brief": r.brief} for r in ex.sac.roles],
                         columns=["role", "brief"])
    rows, start = [], 0
    for n, step in enumerate(ex.sac.steps, start=1):
        rows.append({"step": n, "start": start, "end": start + step.minutes,
                     "minutes": step.minutes, "activity": step.activity})
        start += step.minutes
    steps = pd.DataFrame(rows, columns=["step", "start", "end", "minutes", "activity"])
    return roles, steps


def exercise_documents(exercise_id: str) -> pd.DataFrame:
    """The documents of an exercise, in order: who speaks, when, and how the text is given.

    Columns: ``document`` (1, 2, ...), ``statement`` (id in ``data/statements.csv``),
    ``speaker``, ``actor``, ``date`` (at the row's precision: "5 July 2025", "July 2025"),
    ``text_kind`` and ``source_id``, from the statements table.
    """
    from .data import load
    from .perspectives import load_exercise
    from .perspectives.render_html import format_date

    ex = load_exercise(exercise_id)
    statements = load("statements").set_index("id")
    rows = []
    for n, d in enumerate(ex.documents, start=1):
        st = statements.loc[d.statement]
        rows.append({"document": n, "statement": d.statement, "speaker": st["speaker"],
                     "actor": st["actor"], "date": format_date(st["date"], st["date_precision"]),
                     "text_kind": st["text_kind"], "source_id": st["source_id"]})
    return pd.DataFrame(rows, columns=["document", "statement", "speaker", "actor", "date",
                                       "text_kind", "source_id"])


# --- rendering -------------------------------------------------------------------------

def _cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with list cells joined by ", " and missing values blank (for CSV and display)."""
    return df.apply(lambda col: col.map(_cell)).astype(str) if len(df) else df.astype(str)


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of *df* (lists joined, pipes escaped)."""
    cells = flat(df)

    def row(values):
        return "| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ")
                                 for v in values) + " |"

    lines = [row(df.columns), "|" + "|".join("---" for _ in df.columns) + "|"]
    lines += [row(r) for r in cells.itertuples(index=False)]
    return "\n".join(lines)


class Table:
    """A captioned table that Jupyter and the book show as HTML, and text as Markdown.

    Cells may hold inline Markdown (emphasis, code); raw HTML in them is shown as text.
    """

    def __init__(self, df: pd.DataFrame, caption: str, headers: dict[str, str] | None = None):
        self.df = df
        self.caption = caption
        self.headers = headers or {}

    def _repr_html_(self) -> str:
        from .markup import md_inline

        cells = flat(self.df)
        head = "".join(f'<th scope="col">{html.escape(self.headers.get(c, c))}</th>'
                       for c in self.df.columns)
        body = "".join("<tr>" + "".join(f"<td>{md_inline(v)}</td>" for v in r) + "</tr>"
                       for r in cells.itertuples(index=False))
        return (f'<table class="dataframe ac-table"><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        renamed = self.df.rename(columns=self.headers)
        return f"{self.caption}\n\n{markdown_table(renamed)}"
