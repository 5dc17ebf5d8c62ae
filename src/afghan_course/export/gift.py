"""Moodle GIFT text: every text is HTML (``[html]`` marker) with ``~ = # { } :`` and ``\\`` escaped.

GIFT as Moodle reads it (``question/format/gift/format.php``) has no question mark (points),
no grader information, no tags and no ordering type, and its answer weights stop at 99 %:

* single, truefalse, numeric, matching, short keep prompt, answers, per-answer feedback and
  the general feedback (``####``: explanation + sources);
* multiple → checkbox multichoice, each right option ``~%100/n%``, each wrong one
  ``~%-100/n%``; with only one right option GIFT cannot express it (a ``=`` answer turns the
  question into single choice and ``~%100%`` is not read as a weight), so it is skipped;
* open → essay; the model answer and rubric go into the general feedback, where learners
  see them after answering (a warning says so);
* ordering → matching "Position n → item" (or skipped with ``--ordering skip``);
* points other than 1 are written in the comment above the question and warned about:
  Moodle imports every GIFT question with a mark of 1;
* a short answer containing ``->`` would make Moodle read the question as matching, so such
  a question is skipped;
* GIFT has no shuffle flag (Moodle's quiz setting decides), so choice options are written in
  the order the book shows them (shuffled per question, :mod:`afghan_course.quiz.order`).
"""

from __future__ import annotations

import re

from ..markup import md_inline
from ..quiz.model import Bank, Question
from ..quiz.order import shown_options
from .common import (
    Export,
    by_objective,
    category_path,
    general_feedback_html,
    multiple_fractions,
    number,
    ordering_note,
    ordering_pairs,
    percent,
    prompt_html,
    question_name,
)

FORMAT = "gift"
_RESERVED = [("\\", "\\\\"), ("#", "\\#"), ("=", "\\="), ("~", "\\~"), ("{", "\\{"),
             ("}", "\\}"), (":", "\\:"), ("\r", ""), ("\n", "\\n")]


def escape(text: str) -> str:
    """Escape GIFT's reserved characters and newlines (as Moodle's own GIFT writer does)."""
    for char, repl in _RESERVED:
        text = text.replace(char, repl)
    return text


def html(text: str) -> str:
    """HTML text with its ``[html]`` format marker, escaped for GIFT."""
    return "[html]" + escape(text)


def _lines(head: str, answers: list[str], general: str) -> str:
    body = "".join(f"\t{a}\n" for a in answers)
    return f"{head}{{\n{body}\t####{html(general)}\n}}"


def _matching(head: str, pairs: list[tuple[str, str]], distractors: list[str],
              general: str) -> str:
    answers = [f"={html(md_inline(left))} -> {escape(right)}" for left, right in pairs]
    answers += [f"= -> {escape(d)}" for d in distractors]
    return _lines(head, answers, general)


def _question(q: Question, sources: dict[str, dict], out: Export, ordering: str) -> str | None:
    t = q.type
    head = f"::{escape(question_name(q))}::{html(prompt_html(q))}"
    general = general_feedback_html(q, sources, with_model_answer=t == "open")
    if t == "single":
        answers = [("=" if o.text == q.answer else "~") + html(md_inline(o.text)) + "#"
                   + html(md_inline(o.feedback)) for o in shown_options(q)]
        return _lines(head, answers, general)
    if t == "multiple":
        if len(q.answer) == 1:
            out.add(q.id, "skipped", "multiple-select with one right option cannot be written "
                    "in GIFT (a 100 % option makes it single choice, and weights stop at 99 %); "
                    "use the moodle-xml export for it")
            return None
        good, bad = multiple_fractions(len(q.answer))
        answers = [f"~%{percent(good if o.text in q.answer else bad)}%"
                   + html(md_inline(o.text)) + "#" + html(md_inline(o.feedback))
                   for o in shown_options(q)]
        return _lines(head, answers, general)
    if t == "truefalse":
        right, wrong = (q.feedback_true, q.feedback_false) if q.answer else \
            (q.feedback_false, q.feedback_true)
        # GIFT: {TRUE#feedback for the wrong answer#feedback for the right answer}
        return (f"{head}{{{'TRUE' if q.answer else 'FALSE'}#{html(md_inline(wrong))}"
                f"#{html(md_inline(right))}####{html(general)}}}")
    if t == "numeric":
        answers = [f"={number(q.answer)}:{number(q.tolerance)}#"
                   + html(md_inline(q.feedback_correct)),
                   "~#" + html(md_inline(q.feedback_incorrect))]
        return f"{head}{{#\n" + "".join(f"\t{a}\n" for a in answers) + \
            f"\t####{html(general)}\n}}"
    if t == "matching":
        return _matching(head, [(p.left, p.right) for p in q.pairs], list(q.distractors),
                         general)
    if t == "short":
        if any("->" in a for a in q.answers):
            out.add(q.id, "skipped", "an accepted answer contains '->', which GIFT reads as a "
                    "matching pair; use the moodle-xml export for it")
            return None
        answers = ["=" + escape(a.replace("*", "\\*")) + "#" + html(md_inline(q.feedback_correct))
                   for a in q.answers]
        answers.append("=%0%*#" + html(md_inline(q.feedback_incorrect)))
        return _lines(head, answers, general)
    if t == "open":
        out.add(q.id, "lossy", "GIFT has no grader-only field: the model answer and rubric are "
                "in the general feedback, which learners see after answering")
        return f"{head}{{####{html(general)}}}"
    if t == "ordering":
        kind, reason = ordering_note(FORMAT, ordering)
        out.add(q.id, kind, reason)
        if kind == "skipped":
            return None
        return _matching(head, ordering_pairs(q), [], general)
    out.add(q.id, "skipped", f"question type {t!r} has no GIFT form")  # pragma: no cover
    return None  # pragma: no cover


def _bracketed(text: str) -> str:
    """Text for a ``[id:…]`` or ``[tag:…]`` token: ``]`` escaped, no ``<``, ``>`` or controls."""
    return re.sub(r"[<>\x00-\x1f]", "", text).replace("]", "\\]")


def comment(q: Question) -> str:
    """The comment line Moodle's GIFT import reads the idnumber and tags from."""
    tags = [q.objective, f"level:{q.level}", f"difficulty:{q.difficulty}"]
    return (f"// [id:{_bracketed(q.id)}] " + " ".join(f"[tag:{_bracketed(t)}]" for t in tags)
            + f" points {number(q.points)}")


def export(bank: Bank, sources: dict[str, dict], ordering: str = "matching") -> Export:
    """The bank as GIFT text: a ``$CATEGORY`` per chapter objective, ids and tags in comments."""
    out = Export(bank.chapter, FORMAT, b"")
    blocks = [f"// afghan-course question bank quizzes/{bank.chapter}.yml: {escape(bank.title)}"]
    for objective, questions in by_objective(bank):
        blocks.append(f"// {escape(objective)}: {escape(bank.objectives[objective])}\n"
                      f"$CATEGORY: {category_path(bank, objective)}")
        for q in questions:
            text = _question(q, sources, out, ordering)
            if text is None:
                continue
            if q.points != 1:
                out.add(q.id, "lossy", f"points {number(q.points)} not kept: GIFT has no "
                        "question mark, so Moodle imports it as 1 (set it after the import)")
            blocks.append(f"{comment(q)}\n{text}")
            out.exported += 1
    out.data = ("\n\n".join(blocks) + "\n").encode("utf-8")
    return out
