"""The live quiz: ipywidgets with instant feedback, retry and a running score.

Options, matching choices and ordering items appear in the order of :mod:`.order`, the
same as in the static book. Each question is a labelled, boxed group of standard controls
(radio buttons, checkboxes, text fields, drop-downs), all reachable with Tab and operable from
the keyboard. Every check is appended to the learner's results file, and a quiz shown again
(after a kernel restart, a re-run or in a new session) starts from the latest answers that
file holds. A file problem is shown next to the question just checked and kept there until
that question is saved; an answer that was not saved does not count in the score.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import progress
from ..display import save_records
from ..errors import CourseError
from ..i18n import current_language, msg
from ..i18n.messages import localise
from ..live_view import frame
from ..markup import esc, md, md_inline, source_list_html
from .grading import SELF_ASSESSMENT, Result, grade, normalise, parse_number
from .order import choice_texts, item_texts, option_texts

CHOOSE = "Choose…"


def _html(value: str, cls: str | None = None) -> w.HTML:
    box = w.HTML(value=value)
    if cls:
        box.add_class(cls)
    return box


def unreadable(q, answer: Any) -> str | None:
    """Why *answer* cannot be marked yet (the learner is asked again), or None when it can.

    An answer that cannot be read is not an attempt: nothing is recorded and the explanation
    stays hidden. Numbers are read by the grader's own :func:`parse_number`.
    """
    t = q.type
    if t in ("single", "truefalse") and answer is None:
        return "Choose one of the options, then check."
    if t == "multiple" and not answer:
        return "Select every option that applies, then check."
    if t == "numeric" and parse_number(answer) is None:
        if not str(answer or "").strip():
            return f"Type a number (in {q.unit}), then check."
        return (f"“{str(answer)[:60]}” could not be read as a number. Type it as digits "
                f"(in {q.unit}), then check again.")
    if t == "short" and not normalise(answer or ""):
        return "Type an answer, then check."
    if t == "ordering" and (len(answer) != len(q.items) or len(set(answer)) != len(answer)):
        return "Place every item exactly once (each position a different item), then check."
    if t == "matching" and not answer:
        return "Choose a match for at least one row, then check."
    if t == "open" and not str((answer or {}).get("text") or "").strip():
        return "Write your answer, then check."
    return None


def verdict_html(result: Result, lang=None) -> str:
    """The verdict line: words, an icon and a colour (never colour alone)."""
    lang = lang or current_language()
    if result.correct is None:
        rated = result.answer and isinstance(result.answer, dict) \
            and result.answer.get("self_assessment")
        text, cls = (msg("verdict.self_assessed", lang) if rated
                     else msg("verdict.compare", lang)), "ac-self"
    elif result.correct:
        text, cls = "✓ " + msg("verdict.correct", lang), "ac-right"
    else:
        text = msg("verdict.partly", lang) if result.score > 0 else msg("verdict.wrong", lang)
        text, cls = "✗ " + text, "ac-wrong"
    score = msg("verdict.score", lang, percent=f"{result.score * 100:.0f}")
    return f'<p class="ac-verdict {cls}"><strong>{esc(text)}</strong> — {esc(score)}</p>'


class QuestionView:
    """Widgets for one question, how to read the learner's answer and how to restore it."""

    def __init__(self, q, number: int, on_check, record_only: bool = False, lang=None):
        self.q = q
        self.lang = lang = lang or current_language()
        self.number = number
        self.on_check = on_check
        self.record_only = record_only
        self.feedback = _html("", "ac-feedback")
        self.save_note = _html("", "ac-save-note")
        self.control, self.read, self.restore = self._build_control()
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
        self.widget = w.VBox([header, *self.before, self.control,
                              w.HBox([self.check, self.retry]), self.save_note, self.feedback])
        self.widget.add_class("ac-q")

    def _build_control(self):
        q = self.q
        t = q.type
        self.before = []
        if t in ("single", "truefalse"):
            opts = option_texts(q)
            radio = w.RadioButtons(options=opts, value=None, description="Answer:",
                                   layout=w.Layout(width="auto"))

            def restore_choice(a):
                want = ("True" if a else "False") if isinstance(a, bool) else a
                radio.value = want if want in opts else None

            return radio, lambda: radio.value, restore_choice
        if t == "multiple":
            boxes = [w.Checkbox(value=False, description=text, indent=False,
                                layout=w.Layout(width="auto")) for text in option_texts(q)]

            def restore_boxes(a):
                for b in boxes:
                    b.value = isinstance(a, list) and b.description in a

            return (w.VBox(boxes), lambda: [b.description for b in boxes if b.value],
                    restore_boxes)
        if t in ("numeric", "short"):
            label = f"Answer ({q.unit}):" if t == "numeric" else "Answer:"
            text = w.Text(description=label, placeholder=q.unit if t == "numeric" else "",
                          style={"description_width": "initial"})

            def restore_text(a):
                text.value = f"{a:g}" if isinstance(a, (int, float)) and not \
                    isinstance(a, bool) else str(a or "")

            return text, lambda: text.value, restore_text
        if t == "ordering":
            items = item_texts(q)
            self.before = [_html('<p class="ac-hint">Items (in no particular order):</p>'
                                 '<ul class="ac-items">'
                                 + "".join(f"<li>{md_inline(i)}</li>" for i in items)
                                 + "</ul><p>Put them in order:</p>")]
            drops = [w.Dropdown(options=[CHOOSE, *items], value=CHOOSE,
                                description=f"Position {n + 1}:",
                                style={"description_width": "initial"},
                                layout=w.Layout(width="auto"))
                     for n in range(len(items))]

            def restore_order(a):
                a = a if isinstance(a, list) else []
                for n, d in enumerate(drops):
                    d.value = a[n] if n < len(a) and a[n] in items else CHOOSE

            return (w.VBox(drops), lambda: [d.value for d in drops if d.value != CHOOSE],
                    restore_order)
        if t == "matching":
            choices = choice_texts(q)
            drops = [w.Dropdown(options=[CHOOSE, *choices], value=CHOOSE, description=p.left,
                                style={"description_width": "initial"},
                                layout=w.Layout(width="auto")) for p in q.pairs]

            def restore_matches(a):
                a = a if isinstance(a, dict) else {}
                for d in drops:
                    v = a.get(d.description)
                    d.value = v if v in choices else CHOOSE

            return w.VBox(drops), lambda: {d.description: d.value for d in drops
                                           if d.value != CHOOSE}, restore_matches
        if t == "open":
            area = w.Textarea(description="Answer:", layout=w.Layout(width="95%", height="8em"))
            if self.record_only:
                return (area, lambda: {"text": area.value, "self_assessment": None},
                        lambda a: setattr(area, "value", str((a or {}).get("text") or "")
                                          if isinstance(a, dict) else str(a or "")))
            rating = w.ToggleButtons(options=list(SELF_ASSESSMENT), value=None,
                                     description="Self-assessment:",
                                     style={"description_width": "initial"},
                                     tooltips=["Not yet", "Partly", "Fully"])

            def restore_open(a):
                a = a if isinstance(a, dict) else {"text": a}
                area.value = str(a.get("text") or "")
                r = a.get("self_assessment")
                rating.value = r if r in SELF_ASSESSMENT else None

            return w.VBox([area, rating]), lambda: {"text": area.value,
                                                    "self_assessment": rating.value}, restore_open
        raise ValueError(t)

    def _check(self) -> None:
        answer = self.read()
        why = unreadable(self.q, answer)
        if why is not None:
            self.feedback.value = f'<div role="status"><p class="ac-ask">{esc(why)}</p></div>'
            return
        if self.record_only:
            from .student import raw_answer

            self.feedback.value = ('<div role="status"><p>Answer saved for your instructor to '
                                   "mark. You can change it and save again.</p></div>")
            self.on_check(self, raw_answer(self.q, answer))
            return
        try:
            result = grade(self.q, answer)
        except Exception as exc:  # a grading bug must not break the notebook
            self.feedback.value = f"<p>Could not check this answer: {esc(exc)}</p>"
            return
        self.show_result(result)
        self.on_check(self, result)

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
        fb = "".join(f"<li>{md_inline(localise(f, self.lang))}</li>" for f in result.feedback)
        extra = ""
        if q.type == "open":
            extra = f"<p><strong>Model answer</strong></p>{md(q.model_answer)}"
        self.feedback.value = (
            f'<div role="status">{verdict_html(result, self.lang)}<ul>{fb}</ul>{extra}'
            f'<div class="ac-explanation">{md(q.explanation)}'
            f'<p>{esc(msg("quiz.sources", self.lang))}</p>'
            f"{source_list_html(q.sources, self.sources)}</div></div>")

    sources: dict = {}


def latest_records(path: str | Path | None, chapter: str, kind: str = "quiz"
                   ) -> tuple[dict[str, dict], str | None]:
    """The learner's latest record per question of *chapter*, and why the file was not read.

    A missing file is a first visit (no records, no problem); a file that cannot be read is
    reported in one line and left as it is (the next save keeps it aside).
    """
    target = Path(path) if path is not None else progress.default_path()
    progress.tidy(target)
    if not target.exists():
        return {}, None
    try:
        doc = progress.read(target)
    except (CourseError, OSError) as exc:
        return {}, str(exc)
    out: dict[str, dict] = {}
    mine = [r for r in doc["records"] if r.get("kind") == kind and r.get("chapter") == chapter]
    for r in sorted(mine, key=lambda r: r["time"]):  # stable: file order breaks ties
        out[r["question_id"]] = r
    return out, None


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
        self.unsaved: dict[str, int] = {}
        QuestionView.sources = sources
        self.views = [QuestionView(q, n, self._record, self.record_only, lang)
                      for n, q in enumerate(questions, 1)]
        self.total = sum(q.points for q in questions)
        self.status = _html("", "ac-status")
        self._resume()
        self.summary = _html(self._summary_text(), "ac-summary")
        how = msg("widget.saved_for_instructor" if self.record_only else "widget.saved", lang)
        count = msg("quiz.count.one" if len(questions) == 1 else "quiz.count.other", lang,
                    count=len(questions))
        title = _html(f"<p><strong>{esc(msg('quiz.title', lang, title=bank.title))}</strong> "
                      f"({esc(count)}). {esc(how)} {esc(msg('widget.rerun_note', lang))}</p>")
        self.widget = frame([title, *[v.widget for v in self.views], self.summary,
                             self.status], "ac-quiz-live")

    def _resume(self) -> None:
        """Show the latest saved answer, verdict and score of each question."""
        latest, problem = latest_records(self.results_path, self.bank.chapter)
        if problem:
            self.status.value = (f'<p class="ac-unsaved">⚠ Your earlier answers could not be '
                                 f"read: {esc(problem)}. The quiz starts empty; the next save "
                                 "keeps that file aside.</p>")
        for view in self.views:
            r = latest.get(view.q.id)
            if r is None:
                continue
            try:
                view.restore(r.get("answer"))
            except Exception:  # noqa: BLE001 - an odd stored answer only stays unshown
                continue
            if self.record_only or r.get("graded") is False:
                self.saved.add(view.q.id)
                view.save_note.value = ('<p><small>Your saved answer is shown '
                                        f"(saved {esc(r.get('time', ''))}).</small></p>")
                continue
            result = grade(view.q, r.get("answer"))
            self.best[view.q.id] = result
            view.show_result(result)
            view.save_note.value = ('<p><small>Your latest saved answer '
                                    f"({esc(r.get('time', ''))}).</small></p>")

    def _summary_text(self) -> str:
        unsaved = ""
        if self.unsaved:
            nums = ", ".join(str(n) for n in sorted(self.unsaved.values()))
            unsaved = (f'; <span class="ac-unsaved">not saved, so not counted: question'
                       f'{"s" if len(self.unsaved) > 1 else ""} {nums}</span>')
        if self.record_only:
            return (f'<p role="status">{len(self.saved)} of {len(self.views)} questions '
                    f"answered{unsaved}</p>")
        earned = sum(r.earned for r in self.best.values())
        score = esc(msg("quiz.score", self.lang, earned=f"{earned:g}", total=f"{self.total:g}",
                        answered=len(self.best), questions=len(self.views)))
        if unsaved:
            score = score[:-1] + unsaved + ")" if score.endswith(")") else score + unsaved
        return f'<p role="status">{score}</p>'

    def _record(self, view: QuestionView, result) -> None:
        q = view.q
        if self.record_only:
            record = progress.answer_record(result, q, self.bank.chapter)
        else:
            record = progress.quiz_record(result, q, self.bank.chapter)
        ok = save_records(view.save_note, [record], self.results_path, self.learner,
                          f"Not saved (question {view.number})")
        if ok:
            self.unsaved.pop(q.id, None)
            if self.record_only:
                self.saved.add(q.id)
            else:
                self.best[q.id] = result
        else:
            view.save_note.value = view.save_note.value.replace(
                "<p>", '<p class="ac-unsaved" role="alert">', 1) + (
                "<p><small>This answer is shown but not kept, and the score leaves it out. "
                "Check it again once the file can be written.</small></p>")
            self.unsaved[q.id] = view.number
            if self.record_only:
                self.saved.discard(q.id)
            else:
                self.best.pop(q.id, None)
        self.summary.value = self._summary_text()
        self._update_status(ok, view)

    def _update_status(self, ok: bool, view: QuestionView) -> None:
        if self.unsaved:
            nums = ", ".join(str(n) for n in sorted(self.unsaved.values()))
            self.status.value = (f'<p class="ac-unsaved">⚠ Not saved: question'
                                 f'{"s" if len(self.unsaved) > 1 else ""} {nums} (see the '
                                 "warning under each). Check them again once the results file "
                                 "can be written.</p>")
        else:
            self.status.value = view.save_note.value

