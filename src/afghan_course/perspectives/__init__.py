"""Perspectives: exercise sets in ``exercises/*.yml`` that set several actors side by side.

``show("recognition-neighbours")`` returns an object that Jupyter displays as a live widget
grid and the built book displays as self-contained HTML (both are in one display bundle).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..display import DualDisplay
from .framing import FRAMING_TERMS, framing_counts
from .loader import Context, all_exercises, context_for, load_exercise, parse_exercise
from .model import ExerciseSet

__all__ = ["show", "load_exercise", "all_exercises", "parse_exercise", "context_for",
           "Context", "ExerciseSet", "ExerciseDisplay", "FRAMING_TERMS", "framing_counts"]


class ExerciseDisplay(DualDisplay):
    """One exercise in two renderings: a widget view for kernels and HTML for the static book."""

    def __init__(self, ex: ExerciseSet, instructor: bool = False,
                 results_path: str | Path | None = None, learner: str | None = None,
                 ctx: Context | None = None):
        from .render_html import render_exercise_html

        self.exercise = ex
        self.instructor = instructor
        self.ctx = ctx if ctx is not None else context_for(ex)
        self.html = render_exercise_html(ex, self.ctx, instructor)
        self.results_path = results_path
        self.learner = learner

    def _make_live(self):
        from .widgets import LiveExercise

        return LiveExercise(self.exercise, self.ctx, self.results_path, self.learner,
                            self.instructor)

    def _summary(self) -> str:
        return (f"Perspectives exercise: {self.exercise.title} — "
                f"{len(self.exercise.documents)} documents (interactive in Jupyter and in "
                "the book)")

def show(exercise_id: str, instructor: bool | None = None,
         results_path: str | Path | None = None, learner: str | None = None) -> ExerciseDisplay:
    """Show an exercise set live in Jupyter and statically in the book.

    The model answer, rubric and claim key are shown when *instructor* is true; by default
    that follows the edition being built (``AFGHAN_COURSE_EDITION=instructor``).
    """
    if instructor is None:
        instructor = os.environ.get("AFGHAN_COURSE_EDITION") == "instructor"
    return ExerciseDisplay(load_exercise(exercise_id), instructor, results_path, learner)
