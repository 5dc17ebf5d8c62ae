"""Quizzes: banks in ``quizzes/*.yml``, graded live with ipywidgets or statically in the book.

``show("recognition")`` returns an object that Jupyter displays as a live widget quiz and
the built book displays as self-contained HTML (both are in one display bundle).
"""

from __future__ import annotations

import random
from pathlib import Path

from ..display import DualDisplay, display_bundle
from .bank import all_banks, load_bank
from .grading import Result, grade
from .model import Bank

__all__ = ["show", "select", "load_bank", "all_banks", "grade", "Result", "Bank", "QuizDisplay",
           "display_bundle"]


def select(bank: Bank, ids: list[str] | None = None, objective: str | list[str] | None = None,
           shuffle: bool = False, seed: int | None = None) -> list:
    """The questions to show: all, or those with given ids or objectives, optionally shuffled."""
    questions = list(bank.questions)
    if ids is not None:
        known = {q.id for q in questions}
        unknown = [i for i in ids if i not in known]
        if unknown:
            from ..errors import CourseError

            raise CourseError(f"quizzes/{bank.chapter}.yml", f"no question with id {unknown[0]!r}")
        questions = [bank.question(i) for i in ids]
    if objective is not None:
        wanted = {objective} if isinstance(objective, str) else set(objective)
        questions = [q for q in questions if q.objective in wanted]
    if shuffle:
        random.Random(seed).shuffle(questions)
    return questions


class QuizDisplay(DualDisplay):
    """One quiz in two renderings: a widget view for kernels and HTML for the static book."""

    def __init__(self, bank: Bank, questions: list, results_path: str | Path | None = None,
                 learner: str | None = None, quiz_id: str | None = None):
        from ..data import sources_by_id
        from .render_html import render_quiz_html

        self.bank = bank
        self.questions = questions
        self.sources = sources_by_id()
        if getattr(bank, "edition", None) == "student":
            from .render_html import render_student_html

            self.html = render_student_html(bank, questions, quiz_id)
        else:
            self.html = render_quiz_html(bank, questions, self.sources, quiz_id)
        self.results_path = results_path
        self.learner = learner

    def _make_live(self):
        from .widgets import LiveQuiz

        return LiveQuiz(self.bank, self.questions, self.sources, self.results_path, self.learner)

    def _summary(self) -> str:
        if getattr(self.bank, "edition", None) == "student":
            return (f"Quiz: {self.bank.title} — {len(self.questions)} questions (run this "
                    "cell in Jupyter to answer; answers are saved for your instructor to mark)")
        return (f"Quiz: {self.bank.title} — {len(self.questions)} questions "
                "(interactive in Jupyter and in the book)")


def show(chapter: str, ids: list[str] | None = None, objective: str | list[str] | None = None,
         shuffle: bool = False, seed: int | None = None, results_path: str | Path | None = None,
         learner: str | None = None) -> QuizDisplay:
    """Show a chapter's quiz (or a subset) live in Jupyter and statically in the book."""
    bank = load_bank(chapter)
    questions = select(bank, ids, objective, shuffle, seed)
    suffix = "" if ids is None and objective is None and not shuffle else \
        "-" + "-".join(q.id for q in questions)[:40]
    return QuizDisplay(bank, questions, results_path, learner, f"acq-{bank.chapter}{suffix}")
