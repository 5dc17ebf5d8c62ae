"""The static quiz: self-contained HTML that the built book shows with no kernel.

Options, matching choices and ordering items are shown in the order of :mod:`.order`
(shuffled per question, seeded by its id), as the live widget shows them. Controls are
plain form elements rendered here, so every question reads (and its answer,
in a collapsed ``<details>``) with JavaScript off. ``afghan-course.js`` from the book's
``_static/`` finds each ``.ac-quiz``, reads its key from the embedded JSON and adds
checking, feedback, the score, localStorage and the results download.
"""

from __future__ import annotations

from ..i18n import Language, current_language, msg
from ..markup import esc, json_for_script, md, md_inline, source_list_html
from .model import Bank
from .order import choice_texts, item_texts, option_texts, shown_options

NOTEBOOK_NOTE = ('<p class="ac-live-note"><strong>This is the stored copy of the quiz: run this '
                 "cell to answer here.</strong> Your saved answers come back when it runs.</p>")
"""Shown where the stored HTML is read in a notebook (JupyterLab, Notebook 7) before the cell
has run; the book's stylesheet hides it. The no-JavaScript line is ``hidden`` for the same
readers and shown by the book's stylesheet until its script runs."""


def _answer_text(q, lang: Language) -> str:
    t = q.type
    if t == "single":
        return md_inline(q.answer)
    if t == "multiple":
        return "; ".join(md_inline(a) for a in q.answer)
    if t == "truefalse":
        return msg("quiz.true", lang) if q.answer else msg("quiz.false", lang)
    if t == "numeric":
        return f"{q.answer:g} {esc(q.unit)} (± {q.tolerance:g})"
    if t == "ordering":
        return "<ol>" + "".join(f"<li>{md_inline(i)}</li>" for i in q.items) + "</ol>"
    if t == "matching":
        return "<ul>" + "".join(f"<li>{md_inline(p.left)} → {md_inline(p.right)}</li>"
                                for p in q.pairs) + "</ul>"
    if t == "short":
        return " / ".join(esc(a) for a in q.answers)
    if t == "open":
        return rubric_html(q.model_answer, q.rubric, lang)
    return ""


def rubric_html(model_answer: str, rubric: list, lang: Language | None = None) -> str:
    """A model answer and its rubric (criteria with levels, weakest first)."""
    crit = "".join(f"<li><strong>{esc(c.criterion)}</strong>: "
                   + " · ".join(esc(lv) for lv in c.levels) + "</li>" for c in rubric)
    return (f'<div class="ac-model-answer">{md(model_answer)}</div>'
            f'<p>{esc(msg("quiz.rubric", lang))}</p><ul>{crit}</ul>')


def _controls(q, dom: str, lang: Language) -> str:
    t = q.type
    if t in ("single", "multiple", "truefalse"):
        kind = "checkbox" if t == "multiple" else "radio"
        opts = option_texts(q)
        words = {"True": msg("quiz.true", lang), "False": msg("quiz.false", lang)}
        shown = [words[o] for o in opts] if t == "truefalse" else opts
        rows = []
        for i, text in enumerate(opts):
            oid = f"{dom}-o{i}"
            rows.append(f'<div class="ac-option"><input type="{kind}" id="{oid}" name="{dom}" '
                        f'value="{esc(text)}" data-index="{i}"><label for="{oid}">'
                        f'{md_inline(shown[i])}</label></div>')
        return '<div class="ac-options">' + "".join(rows) + "</div>"
    if t == "numeric":
        label = esc(msg("quiz.your_answer_unit", lang, unit=q.unit))
        return (f'<div class="ac-field"><label for="{dom}-in">{label}</label> '
                f'<input type="text" inputmode="decimal" id="{dom}-in" class="ac-input" '
                f'autocomplete="off" maxlength="40"> <span class="ac-unit">{esc(q.unit)}</span>'
                "</div>")
    if t == "short":
        return (f'<div class="ac-field"><label for="{dom}-in">{esc(msg("quiz.your_answer", lang))}'
                f'</label> <input type="text" id="{dom}-in" class="ac-input" autocomplete="off" '
                'maxlength="200"></div>')
    if t == "ordering":
        items = item_texts(q)
        opts = f'<option value="">{esc(msg("quiz.choose", lang))}</option>' + "".join(
            f'<option value="{esc(i)}">{esc(i)}</option>' for i in items)
        rows = "".join(f'<li><label for="{dom}-p{n}">'
                       f'{esc(msg("quiz.position", lang, number=n + 1))}</label> '
                       f'<select id="{dom}-p{n}" class="ac-select" data-pos="{n}">{opts}</select>'
                       "</li>" for n in range(len(items)))
        listing = "".join(f"<li>{md_inline(i)}</li>" for i in items)
        return (f'<p class="ac-hint">{esc(msg("quiz.items_unordered", lang))}</p>'
                f'<ul class="ac-items">{listing}</ul>'
                f'<ol class="ac-order">{rows}</ol>')
    if t == "matching":
        opts = f'<option value="">{esc(msg("quiz.choose", lang))}</option>' + "".join(
            f'<option value="{esc(c)}">{esc(c)}</option>' for c in choice_texts(q))
        rows = "".join(f'<li><label for="{dom}-m{n}">{md_inline(p.left)}</label> '
                       f'<select id="{dom}-m{n}" class="ac-select" data-left="{esc(p.left)}">'
                       f"{opts}</select></li>" for n, p in enumerate(q.pairs))
        return f'<ul class="ac-matching">{rows}</ul>'
    if t == "open":
        return (f'<div class="ac-field"><label for="{dom}-in">{esc(msg("quiz.your_answer", lang))}'
                f'</label><textarea id="{dom}-in" class="ac-textarea" rows="5" maxlength="10000">'
                "</textarea></div>")
    return ""


def _key(q, sources) -> dict:
    """What the page script needs to grade and give feedback, as in grading.py."""
    base = {"id": q.id, "type": q.type, "objective": q.objective, "points": q.points}
    t = q.type
    if t in ("single", "multiple"):
        base["answer"] = q.answer
        base["feedback"] = {o.text: md_inline(o.feedback) for o in shown_options(q)}
    elif t == "truefalse":
        base.update(answer=q.answer, feedback={"True": md_inline(q.feedback_true),
                                               "False": md_inline(q.feedback_false)})
    elif t == "numeric":
        base.update(answer=q.answer, tolerance=q.tolerance, unit=q.unit,
                    feedback={"correct": md_inline(q.feedback_correct),
                              "incorrect": md_inline(q.feedback_incorrect)})
    elif t == "ordering":
        base["answer"] = list(q.items)
    elif t == "matching":
        base["answer"] = {p.left: p.right for p in q.pairs}
    elif t == "short":
        base.update(answer=list(q.answers),
                    feedback={"correct": md_inline(q.feedback_correct),
                              "incorrect": md_inline(q.feedback_incorrect)})
    return base


def render_quiz_html(bank: Bank, questions: list, sources: dict[str, dict],
                     quiz_id: str | None = None, lang: Language | None = None) -> str:
    """HTML for *questions* of *bank*; ``quiz_id`` keeps element ids unique on a page.

    The engine's words come from the message catalog of *lang* (default: the current
    language, ``AFGHAN_COURSE_LANG``); the bank's own text is whatever *bank* holds, so a
    translated bank (``i18n.banks.apply``) gives a fully translated quiz.
    """
    lang = lang or current_language()
    quiz_id = quiz_id or f"acq-{bank.chapter}"
    count = msg("quiz.count.one" if len(questions) == 1 else "quiz.count.other", lang,
                count=len(questions))
    attrs = "" if lang.is_english else f' lang="{lang.tag}" dir="{lang.direction}"'
    parts = [f'<div class="ac-quiz" id="{esc(quiz_id)}" data-chapter="{esc(bank.chapter)}" '
             f'data-quiz="{esc(quiz_id)}"{attrs}>',
             f'<p class="ac-quiz-title"><strong>{esc(msg("quiz.title", lang, title=bank.title))}'
             f'</strong> ({esc(count)})</p>',
             NOTEBOOK_NOTE,
             f'<p class="ac-noscript" hidden="hidden">{esc(msg("quiz.noscript", lang))}</p>',
             f'<div class="ac-learner" hidden="hidden"><label>{esc(msg("quiz.learner_id", lang))} '
             '<input type="text" class="ac-learner-id" maxlength="80" autocomplete="off">'
             f'</label> <label>{esc(msg("quiz.learner_name", lang))} '
             '<input type="text" class="ac-learner-name" maxlength="80" autocomplete="name">'
             "</label></div>",
             '<ol class="ac-questions">']
    for n, q in enumerate(questions, start=1):
        dom = f"{quiz_id}-q{n}"
        parts.append(
            f"{_question_open(q, n, dom, lang)}"
            f'<div class="ac-actions" hidden="hidden"><button type="button" class="ac-check">'
            f'{esc(msg("quiz.check", lang))}</button> <button type="button" class="ac-retry">'
            f'{esc(msg("quiz.try_again", lang))}</button></div>'
            '<div class="ac-feedback" role="status" aria-live="polite"></div>'
            "</fieldset>"
            f'<details class="ac-answer"><summary>{esc(msg("quiz.show_answer", lang))}</summary>'
            f'<div class="ac-key"><p><strong>{esc(msg("quiz.answer", lang))}</strong></p>'
            f'{_answer_text(q, lang)}</div>'
            f'<div class="ac-explanation">{md(q.explanation)}'
            f'<p>{esc(msg("quiz.sources", lang))}</p>{source_list_html(q.sources, sources)}'
            "</div></details></li>")
    parts.append("</ol>")
    parts.append('<div class="ac-summary" hidden="hidden"><p class="ac-score" role="status" '
                 f'aria-live="polite"></p><button type="button" class="ac-download">'
                 f'{esc(msg("quiz.download", lang))}</button> <button type="button" '
                 f'class="ac-reset">{esc(msg("quiz.reset", lang))}</button></div>')
    key = {"chapter": bank.chapter, "questions": [_key(q, sources) for q in questions]}
    parts.append(f'<script type="application/json" class="ac-quiz-data">{json_for_script(key)}'
                 "</script></div>")
    return "".join(parts)


def _question_open(q, n: int, dom: str, lang: Language | None = None) -> str:
    """A question's list item up to its controls: number, objective, prompt and inputs."""
    lang = lang or current_language()
    return (f'<li class="ac-q" id="{dom}" data-qid="{esc(q.id)}" data-type="{q.type}">'
            f'<fieldset><legend class="ac-prompt"><span class="ac-qnum">'
            f'{esc(msg("quiz.question", lang, number=n))}</span> '
            f'<span class="ac-meta">[{esc(q.objective)} · {esc(q.level)}]</span></legend>'
            f'<div class="ac-prompt-body">{md(q.prompt)}</div>{_controls(q, dom, lang)}')


def render_student_html(bank, questions: list, quiz_id: str | None = None) -> str:
    """A student-edition quiz: the questions and their controls, no key, no answers.

    Learners answer it in a live notebook, where each answer is recorded for the instructor
    to mark; this static view only lets the questions be read.
    """
    quiz_id = quiz_id or f"acq-{bank.chapter}"
    parts = [f'<div class="ac-quiz ac-student" id="{esc(quiz_id)}" '
             f'data-chapter="{esc(bank.chapter)}">',
             f'<p class="ac-quiz-title"><strong>Quiz: {esc(bank.title)}</strong> '
             f'({len(questions)} question{"s" if len(questions) != 1 else ""}). Answer in a '
             "running notebook: each answer is saved to your results file for your instructor "
             "to mark.</p>", '<ol class="ac-questions">']
    for n, q in enumerate(questions, start=1):
        dom = f"{quiz_id}-q{n}"
        parts.append(f"{_question_open(q, n, dom)}</fieldset></li>")
    parts.append("</ol></div>")
    return "".join(parts)
