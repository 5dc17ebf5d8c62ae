"""Item analysis: which questions work, from the class's results files.

The files are read exactly as the gradebook reads them (:func:`.gradebook.collect`: the
same checks, skips and notes, the latest attempt at each question counts), and every answer
is marked again against the current bank. For each question:

``attempts``
    Learners whose latest answer to the question is in the files.
``facility``
    The mean score (0–1) of those answers: Moodle's *facility index*, the average score on
    the question divided by its maximum (Moodle shows it as a percentage).
``discrimination``
    The Pearson correlation between a learner's score on the question and their score on the
    rest of the chapter's bank (the other questions, weighted by points, unanswered ones
    counting 0): Moodle's *discrimination index*, "the correlation between the weighted scores
    on this question and those on the rest of the test" (Moodle shows it ×100). For a
    question scored right/wrong it is the point-biserial correlation. Empty when every learner
    scored the same on the question or on the rest.
``options``
    How often each option was chosen (single and multiple choice, true/false), in the order
    learners see the options.
``flags``
    With at least ``MIN_ATTEMPTS`` attempts: facility above ``EASY`` or below ``HARD``;
    discrimination below ``WEAK``; a distractor nobody chose; a distractor chosen by more of
    the upper group than of the lower group, the upper and lower 27 % of learners ranked by
    their score on the rest of the bank (the classic Kelley groups), by at least
    ``STRONG_MARGIN`` of a group and at least two learners, so that sampling noise in small
    groups is not flagged.

References: Moodle's developer documentation, "Quiz statistics calculations"
(https://docs.moodle.org/dev/index.php?title=Quiz_statistics_calculations&oldid=7586) and
"Quiz report statistics" (https://docs.moodle.org/28/en/Development:Quiz_report_statistics).
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .gradebook import Gradebook, collect
from .quiz.grading import grade
from .quiz.order import option_texts

EASY = 0.9
HARD = 0.2
WEAK = 0.2
GROUP = 0.27
STRONG_MARGIN = 0.05
MIN_ATTEMPTS = 10
COLUMNS = ["chapter", "question_id", "type", "attempts", "facility", "discrimination",
           "options", "flags"]


@dataclass
class ItemRow:
    """The statistics of one question."""

    chapter: str
    question_id: str
    type: str
    attempts: int
    facility: float | None
    discrimination: float | None
    options: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def as_csv(self) -> dict:
        return {"chapter": self.chapter, "question_id": self.question_id, "type": self.type,
                "attempts": self.attempts,
                "facility": "" if self.facility is None else f"{self.facility:.3f}",
                "discrimination": "" if self.discrimination is None
                else f"{self.discrimination:.3f}",
                "options": "; ".join(f"{k} = {v}" for k, v in self.options.items()),
                "flags": "; ".join(self.flags)}


@dataclass
class ItemAnalysis:
    """Every question's row, and what the gradebook reader said about the files."""

    rows: list[ItemRow]
    book: Gradebook

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.as_csv() for r in self.rows)
        return buf.getvalue()

    def flagged(self) -> dict[str, list[str]]:
        """``chapter/question id`` → flags, for the questions with any."""
        return {f"{r.chapter}/{r.question_id}": r.flags for r in self.rows if r.flags}


def _chosen(q, answer) -> list[str]:
    """The options an answer picked (as the grader read it)."""
    if q.type == "truefalse":
        return [] if answer is None else ["True" if answer else "False"]
    if q.type == "single":
        return [] if answer is None else [answer]
    if q.type == "multiple":
        return list(answer or [])
    return []


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def _keys(q) -> set[str]:
    if q.type == "truefalse":
        return {"True" if q.answer else "False"}
    return {q.answer} if q.type == "single" else set(q.answer)


def _row(chapter: str, q, learners: list[str], marked: dict, chosen: dict,
         rest: dict[str, float]) -> ItemRow:
    who = [learner for learner in learners if (learner, q.id) in marked]
    scores = [marked[(learner, q.id)] for learner in who]
    row = ItemRow(chapter, q.id, q.type, len(who),
                  statistics.fmean(scores) if scores else None,
                  _correlation(scores, [rest[learner] for learner in who]) if who else None)
    if q.type in ("single", "multiple", "truefalse"):
        row.options = {t: sum(t in chosen[(learner, q.id)] for learner in who)
                       for t in option_texts(q)}
    if row.attempts < MIN_ATTEMPTS:
        if row.attempts:
            row.flags.append(f"too few attempts to judge (fewer than {MIN_ATTEMPTS})")
        return row
    if row.facility is not None and row.facility > EASY:
        row.flags.append(f"facility {row.facility:.2f} above {EASY}: too easy to tell "
                         "learners apart")
    if row.facility is not None and row.facility < HARD:
        row.flags.append(f"facility {row.facility:.2f} below {HARD}: check the key and wording")
    if row.discrimination is not None and row.discrimination < WEAK:
        row.flags.append(f"discrimination {row.discrimination:.2f} below {WEAK}")
    if q.type in ("single", "multiple"):
        ranked = sorted(who, key=lambda learner: (rest[learner], learner))
        k = max(1, round(GROUP * len(ranked)))
        lower, upper = ranked[:k], ranked[-k:]
        for option in option_texts(q):
            if option in _keys(q):
                continue
            if row.options[option] == 0:
                row.flags.append(f"distractor {option!r} chosen by nobody")
                continue
            up = sum(option in chosen[(learner, q.id)] for learner in upper)
            low = sum(option in chosen[(learner, q.id)] for learner in lower)
            if up - low >= max(STRONG_MARGIN * k, 2):
                row.flags.append(f"distractor {option!r} chosen by {up / k:.0%} of the upper "
                                 f"group and {low / k:.0%} of the lower group")
    return row


def analyse(paths: list[str | Path], banks: dict | None = None,
            chapters: list[str] | None = None) -> ItemAnalysis:
    """Item statistics for every question answered in the results files at *paths*."""
    book, latest, banks = collect(paths, banks)
    marked: dict[tuple[str, str, str], float] = {}
    chosen: dict[tuple[str, str, str], list[str]] = {}
    for (learner, chapter, qid), record in latest.items():
        q = banks[chapter].question(qid)
        try:
            result = grade(q, record.get("answer"))
        except Exception:  # an answer of the wrong shape is left out, never crashes
            book.notes.append(f"{learner}: answer to {chapter}/{qid} could not be marked")
            continue
        marked[(learner, chapter, qid)] = result.score
        chosen[(learner, chapter, qid)] = _chosen(q, result.answer)
    rows: list[ItemRow] = []
    for chapter in sorted({c for _, c, _ in marked}):
        if chapters and chapter not in chapters:
            continue
        bank = banks[chapter]
        learners = sorted({learner for learner, c, _ in marked if c == chapter})
        points = {q.id: q.points for q in bank.questions}
        total = {learner: sum(points[qid] * s for (lr, c, qid), s in marked.items()
                              if lr == learner and c == chapter) for learner in learners}
        by_q = {(lr, qid): s for (lr, c, qid), s in marked.items() if c == chapter}
        picks = {(lr, qid): v for (lr, c, qid), v in chosen.items() if c == chapter}
        for q in bank.questions:
            rest = {learner: total[learner] - points[q.id] * by_q.get((learner, q.id), 0.0)
                    for learner in learners}
            if any((learner, q.id) in by_q for learner in learners):
                rows.append(_row(chapter, q, learners, by_q, picks, rest))
    return ItemAnalysis(rows, book)


def item_chart(analysis: ItemAnalysis, path: str | Path) -> str:
    """Save a facility × discrimination scatter chart to *path*; return its alt text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .charts import OKABE_ITO

    rows = [r for r in analysis.rows if r.facility is not None]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.axvspan(0, HARD, color="#eeeeee", zorder=0)
    ax.axvspan(EASY, 1.0, color="#eeeeee", zorder=0)
    ax.axhline(WEAK, color="black", linestyle="--", linewidth=0.8)
    ok = [r for r in rows if not r.flags]
    bad = [r for r in rows if r.flags]
    ax.scatter([r.facility for r in ok], [r.discrimination or 0.0 for r in ok], marker="o",
               color=OKABE_ITO[0], edgecolor="black", linewidth=0.5, label="no flag")
    ax.scatter([r.facility for r in bad], [r.discrimination or 0.0 for r in bad], marker="X",
               s=70, color=OKABE_ITO[3], edgecolor="black", linewidth=0.5, label="flagged")
    for r in bad:
        ax.annotate(r.question_id, (r.facility, r.discrimination or 0.0), fontsize=7,
                    xytext=(4, 4), textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_ylim(min(-0.2, *(r.discrimination or 0 for r in rows)) if rows else -0.2, 1)
    ax.set_xlabel(f"Facility (share of the marks earned; shaded: below {HARD} or above {EASY})")
    ax.set_ylabel(f"Discrimination (correlation with the rest; dashed line {WEAK})")
    ax.set_title("Item analysis: each point is a question")
    ax.legend(loc="lower left")
    fig.tight_layout()
    alt = (f"Scatter chart of {len(rows)} questions by facility (x) and discrimination (y); "
           f"{len(bad)} flagged, marked with crosses: "
           + ("; ".join(f"{r.question_id} (facility {r.facility:.2f}, discrimination "
                        + ("n/a" if r.discrimination is None else f"{r.discrimination:.2f}")
                        + ")" for r in bad) or "none") + ".")
    fig.savefig(path, dpi=100, metadata={"Description": alt})
    plt.close(fig)
    return alt
