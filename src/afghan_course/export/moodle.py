"""Moodle XML: every question type has a core Moodle counterpart; ordering is an option.

single → ``multichoice`` (single=true); multiple → ``multichoice`` (single=false, each
right option ``100/n`` %, each wrong one ``-100/n`` %, as the book grades); truefalse →
``truefalse``; numeric → ``numerical`` (tolerance; a ``*`` answer carries the incorrect
feedback); matching → ``matching`` (distractors as subquestions with empty text); short →
``shortanswer`` (case-insensitive; ``*`` catch-all carries the incorrect feedback); open →
``essay`` with ``graderinfo`` = model answer + rubric. Ordering becomes ``matching``
(position → item) by default, Moodle's ``ordering`` type with ``--ordering native`` (core
since Moodle 4.4, a plugin before; graded RELATIVE_ALL_PREVIOUS_AND_NEXT, which is the
book's share of pairs in the right order), or is skipped. Objective, level and difficulty
become tags; the name is the id and the prompt's opening words, the idnumber the id.
Questions sit in a category per chapter and, below it, one per objective. Choice questions ask
Moodle to shuffle (``shuffleanswers``, off for ``order: fixed``) and list their options in the
order the book shows them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..markup import esc, md_inline
from ..quiz.model import Bank, Question
from ..quiz.order import is_fixed, shown_options
from .common import (
    Export,
    by_objective,
    category_path,
    general_feedback_html,
    grader_info_html,
    multiple_fractions,
    number,
    ordering_note,
    ordering_pairs,
    percent,
    prompt_html,
    question_name,
    xml_text,
)

FORMAT = "moodle-xml"


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html",
          **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, ({"format": fmt} if fmt else {}) | attrs)
    ET.SubElement(el, "text").text = xml_text(text)
    return el


def _plain(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, tag)
    el.text = xml_text(text)
    return el


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str,
            fmt: str = "html") -> ET.Element:
    el = _text(parent, "answer", text, fmt, fraction=percent(fraction))
    _text(el, "feedback", feedback)
    return el


def _shortanswer_text(answer: str) -> str:
    """In Moodle short answers ``*`` is a wildcard; ``\\*`` matches a literal asterisk."""
    return answer.replace("*", "\\*")


def _head(root: ET.Element, q: Question, qtype: str, sources: dict[str, dict],
          gf_with_model: bool = False) -> ET.Element:
    el = ET.SubElement(root, "question", type=qtype)
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = xml_text(question_name(q))
    _text(el, "questiontext", prompt_html(q))
    _text(el, "generalfeedback", general_feedback_html(q, sources, gf_with_model))
    _plain(el, "defaultgrade", number(q.points))
    _plain(el, "penalty", "0.3333333")
    _plain(el, "hidden", "0")
    _plain(el, "idnumber", q.id)
    return el


def _tags(el: ET.Element, q) -> None:
    tags = ET.SubElement(el, "tags")
    for tag in (q.objective, f"level:{q.level}", f"difficulty:{q.difficulty}"):
        t = ET.SubElement(tags, "tag")
        ET.SubElement(t, "text").text = tag


def _combined_feedback(el: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(el, tag, "")


def _matching(root: ET.Element, q: Question, sources: dict[str, dict], pairs: list[tuple[str, str]],
              distractors: list[str], shuffle: bool) -> ET.Element:
    el = _head(root, q, "matching", sources)
    _plain(el, "shuffleanswers", "true" if shuffle else "false")
    _combined_feedback(el)
    for left, right in pairs:
        sub = _text(el, "subquestion", md_inline(left))
        a = ET.SubElement(sub, "answer")
        ET.SubElement(a, "text").text = xml_text(right)
    for d in distractors:
        sub = _text(el, "subquestion", "")
        a = ET.SubElement(sub, "answer")
        ET.SubElement(a, "text").text = xml_text(d)
    return el


def _question(root: ET.Element, q: Question, sources: dict[str, dict], out: Export,
              ordering: str) -> ET.Element | None:
    t = q.type
    if t in ("single", "multiple"):
        el = _head(root, q, "multichoice", sources)
        _plain(el, "single", "true" if t == "single" else "false")
        # Moodle shuffles unless the author pinned the order; the options are written in
        # the order the book shows them either way (quiz settings may turn shuffling off).
        _plain(el, "shuffleanswers", "false" if is_fixed(q) else "true")
        _plain(el, "answernumbering", "abc")
        _plain(el, "showstandardinstruction", "0")
        _combined_feedback(el)
        right = {q.answer} if t == "single" else set(q.answer)
        good, bad = (1.0, 0.0) if t == "single" else multiple_fractions(len(right))
        for o in shown_options(q):
            _answer(el, good if o.text in right else bad, md_inline(o.text),
                    md_inline(o.feedback))
    elif t == "truefalse":
        el = _head(root, q, "truefalse", sources)
        _answer(el, 1.0 if q.answer else 0.0, "true", md_inline(q.feedback_true),
                "moodle_auto_format")
        _answer(el, 0.0 if q.answer else 1.0, "false", md_inline(q.feedback_false),
                "moodle_auto_format")
    elif t == "numeric":
        el = _head(root, q, "numerical", sources)
        a = _answer(el, 1.0, number(q.answer), md_inline(q.feedback_correct),
                    "moodle_auto_format")
        _plain(a, "tolerance", number(q.tolerance))
        a = _answer(el, 0.0, "*", md_inline(q.feedback_incorrect), "moodle_auto_format")
        _plain(a, "tolerance", "0")
        # Units are not graded: the prompt names the unit and only the number is marked.
        _plain(el, "unitgradingtype", "0")
        _plain(el, "unitpenalty", "0.1000000")
        _plain(el, "showunits", "3")
        _plain(el, "unitsleft", "0")
    elif t == "matching":
        el = _matching(root, q, sources, [(p.left, p.right) for p in q.pairs],
                       list(q.distractors), shuffle=True)
    elif t == "short":
        el = _head(root, q, "shortanswer", sources)
        _plain(el, "usecase", "0")
        for a in q.answers:
            _answer(el, 1.0, _shortanswer_text(a), md_inline(q.feedback_correct),
                    "moodle_auto_format")
        _answer(el, 0.0, "*", md_inline(q.feedback_incorrect), "moodle_auto_format")
    elif t == "open":
        el = _head(root, q, "essay", sources)
        _plain(el, "responseformat", "editor")
        _plain(el, "responserequired", "1")
        _plain(el, "responsefieldlines", "15")
        _plain(el, "attachments", "0")
        _plain(el, "attachmentsrequired", "0")
        _text(el, "graderinfo", grader_info_html(q))
        _text(el, "responsetemplate", "")
    elif t == "ordering" and ordering == "native":
        el = _head(root, q, "ordering", sources)
        _plain(el, "layouttype", "VERTICAL")
        _plain(el, "selecttype", "ALL")
        _plain(el, "selectcount", str(len(q.items)))
        _plain(el, "gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT")
        _plain(el, "showgrading", "SHOW")
        _plain(el, "numberingstyle", "none")
        _combined_feedback(el)
        _plain(el, "shownumcorrect", "1")
        for i, item in enumerate(q.items, start=1):
            _text(el, "answer", md_inline(item), fraction=f"{i}.0000000")
    elif t == "ordering":
        kind, reason = ordering_note(FORMAT, ordering)
        out.add(q.id, kind, reason)
        if kind == "skipped":
            return None
        el = _matching(root, q, sources, ordering_pairs(q), [], shuffle=False)
    else:  # pragma: no cover - the model admits no other type
        out.add(q.id, "skipped", f"question type {t!r} has no Moodle counterpart")
        return None
    _tags(el, q)
    return el


def _category(root: ET.Element, path: str, info: str) -> None:
    cat = ET.SubElement(root, "question", type="category")
    c = ET.SubElement(cat, "category")
    ET.SubElement(c, "text").text = xml_text(path)
    _text(cat, "info", info)


def export(bank: Bank, sources: dict[str, dict], ordering: str = "matching") -> Export:
    """The bank as a Moodle XML ``<quiz>``: a category per chapter and one per objective.

    Each question is named by its id and the prompt's opening words, worth the points the
    bank gives it (``defaultgrade``), with its id as the idnumber.
    """
    out = Export(bank.chapter, FORMAT, b"")
    root = ET.Element("quiz")
    _category(root, category_path(bank), esc(bank.title))
    for objective, questions in by_objective(bank):
        _category(root, category_path(bank, objective),
                  esc(f"{objective}: {bank.objectives[objective]}"))
        for q in questions:
            if _question(root, q, sources, out, ordering) is not None:
                out.exported += 1
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    out.data = (text + "\n").encode("utf-8")
    return out
