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
from ..i18n import current_language, msg
from ..i18n.messages import localise
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

    def __init__(self, q, number: int, on_check, record_only: bool = False, lang=None):
        self.q = q
        self.lang = lang = lang or current_language()
        self.on_check = on_check
        self.record_only = record_only
        self.feedback = _html("", "ac-feedback")
        self.control, self.read = self._build_control()
        self.check = w.Button(description=msg("widget.save_answer", lang) if record_only
                              else msg("quiz.check", lang),
                              tooltip=f"{'Save' if record_only else 'Check'} question {number}",
                              button_style="primary")
        self.retry = w.Button(description=msg("quiz.try_again", lang),
                              tooltip=f"Clear question {number}")
        self.check.on_click(lambda _b: self._check())
        self.retry.on_click(lambda _b: self._retry())
        header = _html(f'<div class="ac-prompt" role="heading" aria-level="4">'
                       f"<strong>{esc(msg('quiz.question', lang, number=number))}</strong> "
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
            verdict = msg("verdict.self_assessed", self.lang) if result.answer and \
                result.answer.get("self_assessment") else msg("verdict.compare", self.lang)
        else:
            verdict = msg("verdict.correct", self.lang) if result.correct else (
                msg("verdict.partly", self.lang) if result.score > 0
                else msg("verdict.wrong", self.lang))
        fb = "".join(f"<li>{md_inline(localise(f, self.lang))}</li>" for f in result.feedback)
        extra = ""
        if q.type == "open":
            extra = f"<p><strong>Model answer</strong></p>{md(q.model_answer)}"
        self.feedback.value = (
            f'<div role="status"><p><strong>{verdict}</strong> — '
            f'{esc(msg("verdict.score", self.lang, percent=f"{result.score * 100:.0f}"))}</p>'
            f"<ul>{fb}</ul>{extra}"
            f'<div class="ac-explanation">{md(q.explanation)}'
            f'<p>{esc(msg("quiz.sources", self.lang))}</p>'
            f"{source_list_html(q.sources, self.sources)}</div></div>")

    sources: dict = {}


class LiveQuiz:
    """The widget tree of a quiz plus its score summary and results-file writer."""

    def __init__(self, bank, questions, sources, results_path=None, learner=None, lang=None):
        self.bank = bank
        self.lang = lang = lang or current_language()
        self.results_path = results_path
        self.learner = learner
        self.record_only = getattr(bank, "edition", None) == "student"
        self.best: dict[str, Result] = {}
        self.saved: set[str] = set()
        QuestionView.sources = sources
        self.views = [QuestionView(q, n, self._record, self.record_only, lang)
                      for n, q in enumerate(questions, 1)]
        self.total = sum(q.points for q in questions)
        self.summary = _html(self._summary_text(), "ac-summary")
        self.status = _html("")
        how = msg("widget.saved_for_instructor" if self.record_only else "widget.saved", lang)
        count = msg("quiz.count.one" if len(questions) == 1 else "quiz.count.other", lang,
                    count=len(questions))
        title = _html(f"<p><strong>{esc(msg('quiz.title', lang, title=bank.title))}</strong> "
                      f"({esc(count)}). {esc(how)}</p>")
        self.widget = w.VBox([title, *[v.widget for v in self.views], self.summary,
                              self.status])

    def _summary_text(self) -> str:
        if self.record_only:
            return (f'<p role="status">{len(self.saved)} of {len(self.views)} questions '
                    "answered</p>")
        earned = sum(r.earned for r in self.best.values())
        score = msg("quiz.score", self.lang, earned=f"{earned:g}", total=f"{self.total:g}",
                    answered=len(self.best), questions=len(self.views))
        return f'<p role="status">{esc(score)}</p>'

    def _record(self, q, result) -> None:
        if self.record_only:
            self.saved.add(q.id)
            record = progress.answer_record(result, q, self.bank.chapter)
        else:
            self.best[q.id] = result
            record = progress.quiz_record(result, q, self.bank.chapter)
        self.summary.value = self._summary_text()
        save_records(self.status, [record], self.results_path, self.learner,
                     msg("widget.save_error", self.lang))
