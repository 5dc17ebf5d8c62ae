"""The live quiz: ipywidgets with instant feedback, retry and a running score.

Options, matching choices and ordering items appear in the order of :mod:`.order`, the
same as in the static book. Each question is a labelled group of standard controls (radio
buttons, checkboxes, text fields, drop-downs), all reachable with Tab and operable from the
keyboard. Every check is appended to the learner's results file; a file problem is reported,
never raised.
"""

from __future__ import annotations

import ipywidgets as w

from .. import progress
from ..display import save_records
from ..markup import esc, md, md_inline, source_list_html
from .grading import SELF_ASSESSMENT, Result, grade
from .order import choice_texts, item_texts, option_texts

CHOOSE = "Choose…"


def _html(value: str, cls: str | None = None) -> w.HTML:
    box = w.HTML(value=value)
    if cls:
        box.add_class(cls)
    return box


class QuestionView:
    """Widgets for one question, and how to read the learner's answer from them."""

    def __init__(self, q, number: int, on_check, record_only: bool = False):
        self.q = q
        self.on_check = on_check
        self.record_only = record_only
        self.feedback = _html("", "ac-feedback")
        self.control, self.read = self._build_control()
        self.check = w.Button(description="Save answer" if record_only else "Check",
                              tooltip=f"{'Save' if record_only else 'Check'} question {number}",
                              button_style="primary")
        self.retry = w.Button(description="Try again", tooltip=f"Clear question {number}")
        self.check.on_click(lambda _b: self._check())
        self.retry.on_click(lambda _b: self._retry())
        header = _html(f'<div class="ac-prompt" role="heading" aria-level="4">'
                       f"<strong>Question {number}.</strong> "
                       f'<span class="ac-meta">[{esc(q.objective)} · {esc(q.level)}]</span></div>'
                       f"{md(q.prompt)}")
        self.widget = w.VBox([header, self.control, w.HBox([self.check, self.retry]),
                              self.feedback])
        self.widget.add_class("ac-q")

    def _build_control(self):
        q = self.q
        t = q.type
        if t in ("single", "truefalse"):
            opts = option_texts(q)
            radio = w.RadioButtons(options=opts, value=None, description="Answer:",
                                   layout=w.Layout(width="auto"))
            return radio, lambda: radio.value
        if t == "multiple":
            boxes = [w.Checkbox(value=False, description=text, indent=False,
                                layout=w.Layout(width="auto")) for text in option_texts(q)]
            return w.VBox(boxes), lambda: [b.description for b in boxes if b.value]
        if t in ("numeric", "short"):
            label = f"Answer ({q.unit}):" if t == "numeric" else "Answer:"
            text = w.Text(description=label, placeholder=q.unit if t == "numeric" else "",
                          style={"description_width": "initial"})
            return text, lambda: text.value
        if t == "ordering":
            items = item_texts(q)
            drops = [w.Dropdown(options=[CHOOSE, *items], value=CHOOSE,
                                description=f"Position {n + 1}:",
                                style={"description_width": "initial"},
                                layout=w.Layout(width="auto"))
                     for n in range(len(items))]
            return w.VBox(drops), lambda: [d.value for d in drops if d.value != CHOOSE]
        if t == "matching":
            choices = choice_texts(q)
            drops = [w.Dropdown(options=[CHOOSE, *choices], value=CHOOSE, description=p.left,
                                style={"description_width": "initial"},
                                layout=w.Layout(width="auto")) for p in q.pairs]
            return w.VBox(drops), lambda: {d.description: d.value for d in drops
                                           if d.value != CHOOSE}
        if t == "open" and self.record_only:
            area = w.Textarea(description="Answer:", layout=w.Layout(width="95%", height="8em"))
            return area, lambda: {"text": area.value, "self_assessment": None}
        if t == "open":
            area = w.Textarea(description="Answer:", layout=w.Layout(width="95%", height="8em"))
            rating = w.ToggleButtons(options=list(SELF_ASSESSMENT), value=None,
                                     description="Self-assessment:",
                                     style={"description_width": "initial"},
                                     tooltips=["Not yet", "Partly", "Fully"])
            return w.VBox([area, rating]), lambda: {"text": area.value,
                                                    "self_assessment": rating.value}
        raise ValueError(t)

    def _check(self) -> None:
        if self.record_only:
            from .student import raw_answer

            answer = raw_answer(self.q, self.read())
            self.feedback.value = ('<div role="status"><p>Answer saved for your instructor to '
                                   "mark. You can change it and save again.</p></div>")
            self.on_check(self.q, answer)
            return
        try:
            result = grade(self.q, self.read())
        except Exception as exc:  # a grading bug must not break the notebook
            self.feedback.value = f"<p>Could not check this answer: {esc(exc)}</p>"
            return
        self.show_result(result)
        self.on_check(self.q, result)

    def _retry(self) -> None:
        self.feedback.value = ""
        c = self.control
        kids = getattr(c, "children", None) or [c]
        for k in kids:
            if isinstance(k, w.Checkbox):
                k.value = False
            elif isinstance(k, w.Dropdown):
                k.value = CHOOSE
            elif isinstance(k, (w.Text, w.Textarea)):
                k.value = ""
            elif isinstance(k, (w.RadioButtons, w.ToggleButtons)):
                k.value = None

    def show_result(self, result: Result) -> None:
        q = self.q
        if result.correct is None:
            verdict = "Self-assessed" if result.answer and result.answer.get("self_assessment") \
                else "Compare with the model answer"
        else:
            verdict = "Correct" if result.correct else (
                "Partly correct" if result.score > 0 else "Not correct")
        fb = "".join(f"<li>{md_inline(f)}</li>" for f in result.feedback)
        extra = ""
        if q.type == "open":
            extra = f"<p><strong>Model answer</strong></p>{md(q.model_answer)}"
        self.feedback.value = (
            f'<div role="status"><p><strong>{verdict}</strong> — score '
            f"{result.score * 100:.0f}%</p><ul>{fb}</ul>{extra}"
            f'<div class="ac-explanation">{md(q.explanation)}<p>Sources:</p>'
            f"{source_list_html(q.sources, self.sources)}</div></div>")

    sources: dict = {}


class LiveQuiz:
    """The widget tree of a quiz plus its score summary and results-file writer."""

    def __init__(self, bank, questions, sources, results_path=None, learner=None):
        self.bank = bank
        self.results_path = results_path
        self.learner = learner
        self.record_only = getattr(bank, "edition", None) == "student"
        self.best: dict[str, Result] = {}
        self.saved: set[str] = set()
        QuestionView.sources = sources
        self.views = [QuestionView(q, n, self._record, self.record_only)
                      for n, q in enumerate(questions, 1)]
        self.total = sum(q.points for q in questions)
        self.summary = _html(self._summary_text(), "ac-summary")
        self.status = _html("")
        how = ("Answers are saved to your results file for your instructor to mark."
               if self.record_only else "Results are saved to your results file.")
        title = _html(f"<p><strong>Quiz: {esc(bank.title)}</strong> ({len(questions)} "
                      f"questions). {how}</p>")
        self.widget = w.VBox([title, *[v.widget for v in self.views], self.summary,
                              self.status])

    def _summary_text(self) -> str:
        if self.record_only:
            return (f'<p role="status">{len(self.saved)} of {len(self.views)} questions '
                    "answered</p>")
        earned = sum(r.earned for r in self.best.values())
        return (f'<p role="status">Score: {earned:g} of {self.total:g} points '
                f"({len(self.best)} of {len(self.views)} answered)</p>")

    def _record(self, q, result) -> None:
        if self.record_only:
            self.saved.add(q.id)
            record = progress.answer_record(result, q, self.bank.chapter)
        else:
            self.best[q.id] = result
            record = progress.quiz_record(result, q, self.bank.chapter)
        self.summary.value = self._summary_text()
        save_records(self.status, [record], self.results_path, self.learner,
                     "Could not save this answer")
