"""One meaning for every number: how answers become the figures every command reports.

The gradebook, ``progress summary``, the marking sheet, the feedback pages and the book's own
score line all use these definitions (the book's JS restates them):

- **completion**: questions answered ÷ questions of the objective (or chapter), in percent.
  A question never attempted counts against completion and nowhere else.
- **mastery of what was answered**: points earned ÷ points of the answered questions that are
  marked, in percent. Never-attempted questions are left out, so it says how well the
  learner did on what they tried; read it with completion beside it.
- **self-rated**: open answers scored only by the learner's own rating (not yet / partly /
  fully) are kept apart: their own count and percent, left out of mastery unless the
  instructor asks (``--count-self-rated``). An instructor's mark from the marking sheet
  replaces the learner's rating.
- **awaiting marking**: open answers with neither an instructor mark nor (when counted) a
  rating; they count towards completion, not mastery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .quiz.grading import grade

COMPLETION = "completion: questions answered ÷ questions, in percent"
MASTERY = ("mastery of what was answered: points earned ÷ points of the answered, marked "
           "questions, in percent (never-attempted questions left out)")
SELF_RATED = ("self-rated: open answers scored by the learner's own rating, kept apart and "
              "left out of mastery unless --count-self-rated")

MARKED, INSTRUCTOR, SELF, AWAITING = "marked", "instructor-marked", "self-rated", \
    "awaiting marking"


@dataclass
class Mark:
    """An instructor's mark of one open answer or exercise grid (from a marks file)."""

    earned: float
    possible: float
    criteria: list[dict] = field(default_factory=list)
    comment: str = ""
    time: str = ""
    answer_time: str | None = None
    file: str = ""

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


@dataclass
class Answer:
    """A learner's latest answer to one question, with how it was marked."""

    question: Any
    record: dict
    status: str
    score: float | None
    feedback: list[str] = field(default_factory=list)
    correct: bool | None = None
    mark: Mark | None = None

    @property
    def points(self) -> float:
        return float(self.question.points)


def mark_answer(question, record: dict, mark: Mark | None = None) -> Answer:
    """Mark *record* (a results-file record) against the full *question*."""
    answer = record.get("answer")
    try:
        result = grade(question, answer)
    except Exception:  # an answer of the wrong shape scores nothing, never crashes
        return Answer(question, record, MARKED, 0.0, ["This answer could not be marked."], False)
    if question.type != "open":
        return Answer(question, record, MARKED, result.score, result.feedback, result.correct)
    if mark is not None:
        return Answer(question, record, INSTRUCTOR, mark.fraction, [], None, mark)
    rated = isinstance(result.answer, dict) and result.answer.get("self_assessment")
    if rated:
        return Answer(question, record, SELF, result.score, result.feedback, None)
    return Answer(question, record, AWAITING, None, [], None)


def counted(a: Answer, count_self_rated: bool) -> bool:
    """Whether *a* counts in mastery of what was answered."""
    return a.status in (MARKED, INSTRUCTOR) or (a.status == SELF and count_self_rated)


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def tally(questions: list, answers: dict[str, Answer], count_self_rated: bool = False) -> dict:
    """The figures for a group of *questions* (an objective, a chapter) from *answers* by id."""
    mine = [answers[q.id] for q in questions if q.id in answers]
    inc = [a for a in mine if counted(a, count_self_rated)]
    selfs = [a for a in mine if a.status == SELF]
    earned = sum(a.points * (a.score or 0.0) for a in inc)
    marked_points = sum(a.points for a in inc)
    self_earned = sum(a.points * (a.score or 0.0) for a in selfs)
    self_points = sum(a.points for a in selfs)
    return {
        "questions": len(questions), "answered": len(mine),
        "completion_percent": _pct(len(mine), len(questions)),
        "marked": len(inc), "earned": round(earned, 2), "marked_points": round(marked_points, 2),
        "mastery_of_answered_percent": _pct(earned, marked_points),
        "self_rated": len(selfs), "self_rated_percent": _pct(self_earned, self_points),
        "awaiting_marking": sum(a.status == AWAITING for a in mine),
        "possible": round(sum(float(q.points) for q in questions), 2),
    }


def objective_rows(bank, answers: dict[str, Answer], count_self_rated: bool = False
                   ) -> list[dict]:
    """One tally per objective of *bank* (in the bank's order), each with its objective id."""
    rows = []
    for objective in bank.objectives:
        qs = [q for q in bank.questions if q.objective == objective]
        rows.append({"objective": objective, **tally(qs, answers, count_self_rated)})
    return rows


def fmt_pct(value: float | None) -> str:
    """A percent for people: ``75%``, or ``–`` when there is nothing to divide by."""
    return "–" if value is None else f"{value:g}%"
