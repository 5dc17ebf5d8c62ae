"""What every LMS writer shares: the per-file report, HTML pieces and number formatting."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import unescape as html_unescape

from ..markup import md, md_inline, source_list_html
from ..quiz.model import Bank, OpenResponse, Ordering, Question
from ..quiz.render_html import rubric_html

ORDERING_CHOICES = ("matching", "native", "skip")

# Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Note:
    """One line for the user about one question: converted, skipped, or kept with a loss."""

    qid: str
    kind: str  # "converted", "skipped" or "lossy"
    reason: str

    def line(self, chapter: str) -> str:
        """The warning as printed: ``quizzes/<chapter>.yml: question <id>: <reason>``."""
        return f"quizzes/{chapter}.yml: question {self.qid}: {self.reason}"


@dataclass
class Export:
    """One bank written in one format, with what happened to each question."""

    chapter: str
    format: str
    data: bytes
    exported: int = 0
    converted: int = 0
    skipped: int = 0
    notes: list[Note] = field(default_factory=list)

    def add(self, qid: str, kind: str, reason: str) -> None:
        """Record a note; converted and skipped questions are also counted."""
        self.notes.append(Note(qid, kind, reason))
        if kind == "converted":
            self.converted += 1
        elif kind == "skipped":
            self.skipped += 1

    def warnings(self) -> list[str]:
        """Every note as one warning line."""
        return [n.line(self.chapter) for n in self.notes]

    def summary(self) -> str:
        """Counts for the line printed after the file is written."""
        return (f"{self.exported} question{'s' if self.exported != 1 else ''} exported, "
                f"{self.converted} converted, {self.skipped} skipped")


def xml_text(text: str) -> str:
    """Drop the few characters that XML 1.0 cannot represent."""
    return _NOT_XML.sub("", text)


def number(x: float) -> str:
    """A float as the shortest exact text (``5``, ``1.185``), never in a rounded ``%g`` form."""
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    if x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return repr(x)


def bounds(answer: float, tolerance: float) -> tuple[float, float]:
    """The accepted interval of a numeric question, without binary noise (1.185±0.005)."""
    return round(answer - tolerance, 10), round(answer + tolerance, 10)


def percent(fraction: float) -> str:
    """A grade fraction as a Moodle/GIFT percentage: ``50``, ``33.33333``, ``-25``."""
    value = round(fraction * 100, 5)
    return number(value if value != 0 else 0.0)


def multiple_fractions(n_correct: int) -> tuple[float, float]:
    """(credit per correct option, credit per wrong option) matching ``grade_multiple``.

    The book scores ``max(0, (hits - wrong) / n_correct)``: each right choice earns
    ``1/n``, each wrong choice costs ``1/n``, and the total never drops below zero, as in
    Moodle's multiple-answer grading and Canvas's partial-credit scoring.
    """
    return 1 / n_correct, -1 / n_correct


def prompt_html(q: Question) -> str:
    """The prompt as HTML; numeric questions name their unit, as the book's label does."""
    html = md(q.prompt)
    if q.type == "numeric":
        html += unit_html(q.unit)
    return html


def unit_html(unit: str) -> str:
    """The line that tells the learner which unit the number is in."""
    return f"<p>Unit: {md_inline(unit)}</p>"


def general_feedback_html(q: Question, sources: dict[str, dict],
                          with_model_answer: bool = False) -> str:
    """Explanation and sources (and, where no grader-only field exists, model answer + rubric)."""
    html = md(q.explanation)
    if with_model_answer and q.type == "open":
        html += "<p><strong>Model answer</strong></p>" + rubric_html(q.model_answer, q.rubric)
    return html + "<p>Sources:</p>" + source_list_html(list(q.sources), sources)


def grader_info_html(q: OpenResponse) -> str:
    """Model answer and rubric of an open question, for graders."""
    return rubric_html(q.model_answer, q.rubric)


def position_label(n: int) -> str:
    """The left-hand label for position *n* (1-based) of an ordering turned into matching."""
    return f"Position {n}"


def ordering_pairs(q: Ordering) -> list[tuple[str, str]]:
    """(position label, item) pairs: the conversion of an ordering question to matching.

    The book shows an ordering question as one drop-down per position, each offering every
    item; a matching question with "Position 1", "Position 2", ... on the left and the items
    on the right is the same task, with the same full-credit answer.
    """
    return [(position_label(i), item) for i, item in enumerate(q.items, start=1)]


ORDERING_CREDIT = ("partial credit counts items in the right position, while the book counts "
                   "pairs in the right relative order")

ORDERING_WHY = {
    "moodle-xml": "Moodle before 4.4 has no ordering type in core (--ordering native writes "
                  "Moodle's own ordering type)",
    "gift": "core GIFT has no ordering syntax",
    "canvas-qti": "Canvas classic quizzes have no ordering type",
}


def ordering_note(fmt: str, how: str) -> tuple[str, str]:
    """(kind, reason) for an ordering question exported with ``--ordering`` *how*."""
    if how == "skip":
        return "skipped", "ordering question skipped (--ordering skip)"
    return "converted", (f"ordering converted to matching (position → item): {ORDERING_WHY[fmt]}; "
                         f"{ORDERING_CREDIT}")


def category_path(bank: Bank, objective: str | None = None) -> str:
    """The Moodle question-bank category of a bank, or of one of its objectives.

    ``$course$/top/<chapter>/<objective>``: one category per chapter, one below it per
    learning objective, so a random-question slot can draw from one objective.
    """
    base = f"$course$/top/{bank.chapter}"
    return f"{base}/{objective}" if objective else base


def by_objective(bank: Bank) -> list[tuple[str, list]]:
    """The bank's questions grouped by objective (objectives in the bank's order)."""
    return [(o, [q for q in bank.questions if q.objective == o]) for o in bank.objectives
            if any(q.objective == o for q in bank.questions)]


NAME_WORDS = 8


def question_name(q: Question) -> str:
    """A name that reads in an LMS question bank: the id and the prompt's opening words."""
    plain = re.sub(r"<[^>]+>", "", md_inline(q.prompt.split("\n\n")[0]))
    plain = re.sub(r"\s+", " ", html_unescape(plain)).strip()
    words = plain.split(" ")
    opening = " ".join(words[:NAME_WORDS]) + (" …" if len(words) > NAME_WORDS else "")
    return f"{q.id}: {opening}"
