"""The live exercise: the documents and prompts as HTML, the grid as labelled widgets.

Each claim is a drop-down (fact / interpretation / value judgement) and each free-text
column a text area, all with descriptions and reachable with Tab. "Save" appends one
exercise record to the learner's results file (the same file as the quizzes); a grid shown
again (after a kernel restart, a re-run or in a new session) starts from the latest grid that
file holds. A file problem is shown next to the Save button, never raised.
"""

from __future__ import annotations

import ipywidgets as w

from .. import progress
from ..display import save_records
from ..live_view import frame
from ..markup import esc, md_inline
from ..quiz.widgets import CHOOSE, _html, latest_records
from .loader import Context
from .model import GRID_COLUMNS, KINDS, ExerciseSet, claim_field
from .render_html import (
    documents_html,
    instructor_html,
    lookup_details,
    prompts_html,
    sac_html,
    speaker_line,
)

WIDE = w.Layout(width="95%")


class LiveExercise:
    """The widget tree of an exercise and its results-file writer."""

    def __init__(self, ex: ExerciseSet, ctx: Context, results_path=None, learner=None,
                 instructor: bool = False):
        self.ex = ex
        self.results_path = results_path
        self.learner = learner
        self.controls: dict[str, w.Dropdown | w.Textarea] = {}
        title = _html(f"<p><strong>Perspectives: {esc(ex.title)}</strong></p>"
                      f"<p><strong>Central question:</strong> {md_inline(ex.central_question)}"
                      "</p>")
        rows = [self._document_row(n, d, ctx) for n, d in enumerate(ex.documents, start=1)]
        self.save = w.Button(description="Save", button_style="primary",
                             tooltip="Save your grid to your results file")
        self.save.on_click(lambda _b: self.save_answers())
        self.status = _html("", "ac-status")
        parts = [title, _html(documents_html(ex, ctx)), _html(prompts_html(ex)),
                 _html("<p><strong>Your grid</strong>: classify each claim, then note the "
                       "interests, evidence and other claims of each document.</p>"),
                 *rows, w.HBox([self.save]), self.status]
        if ex.sac is not None:
            parts.append(_html(sac_html(ex)))
        if instructor:
            parts.append(_html(instructor_html(ex)))
        self._resume()
        self.widget = frame(parts, "ac-exercise")

    def _document_row(self, n: int, d, ctx: Context) -> w.VBox:
        st = ctx.statements.get(d.statement, {})
        kids: list[w.Widget] = [_html(f"<p><strong>Document {n}: {esc(speaker_line(st))}"
                                      "</strong></p>")]
        options = [(CHOOSE, ""), *[(label, key) for key, label in KINDS.items()]]
        for m, c in enumerate(d.claims, start=1):
            kids.append(_html(f"<p>Claim {m}: {md_inline(c.text)}</p>"))
            drop = w.Dropdown(options=options, value="", description=f"Claim {m} is a:",
                              style={"description_width": "initial"},
                              layout=w.Layout(width="auto"))
            self.controls[claim_field(d, m)] = drop
            kids.append(drop)
            if c.check:
                kids.append(_html(lookup_details(c.check, ctx)))
        for suffix, heading in GRID_COLUMNS.items():
            area = w.Textarea(description=f"{heading}:", placeholder=heading,
                              style={"description_width": "initial"}, layout=WIDE)
            self.controls[f"{d.statement}-{suffix}"] = area
            kids.append(area)
        box = w.VBox(kids)
        box.add_class("ac-doc")
        return box

    def _resume(self) -> None:
        """Fill the grid from the latest one saved for this exercise."""
        latest, problem = latest_records(self.results_path, self.ex.record_chapter,
                                         kind="exercise")
        if problem:
            self.status.value = (f'<p class="ac-unsaved">⚠ Your earlier grid could not be read: '
                                 f"{esc(problem)}. The grid starts empty; the next save keeps "
                                 "that file aside.</p>")
            return
        record = latest.get(self.ex.id)
        answer = record.get("answer") if record else None
        if not isinstance(answer, dict):
            return
        for field, control in self.controls.items():
            value = answer.get(field)
            if not isinstance(value, str):
                continue
            if isinstance(control, w.Dropdown):
                if value in {v for _, v in control.options}:
                    control.value = value
            else:
                control.value = value
        self.status.value = (f"<p><small>Your latest saved grid "
                             f"({esc(record.get('time', ''))}).</small></p>")

    def answers(self) -> dict[str, str]:
        """The grid as ``{field: value}`` in page order (empty strings for blanks)."""
        return {f: str(self.controls[f].value or "") for f in self.ex.fields()}

    def save_answers(self) -> None:
        record = progress.exercise_record(self.ex, self.answers())
        save_records(self.status, [record], self.results_path, self.learner,
                     "Could not save your grid")
