"""Canvas: a QTI 1.2 zip (``imsmanifest.xml``, one assessment per bank) for Canvas's QTI import.

Written directly, in the shape Canvas itself exports (and text2qti writes), rather than with
text2qti: text2qti takes its own Markdown-like text, has no matching or true/false question,
and would need the bank converted to its syntax and back.

single → ``multiple_choice_question``; multiple → ``multiple_answers_question``; truefalse →
``true_false_question``; numeric → ``numerical_question`` (exact answer with margin);
matching → ``matching_question`` (distractors as extra choices); short →
``short_answer_question``; open → ``essay_question``; ordering → ``matching_question``
(position → item) or skipped. Per-option feedback is ``<ident>_fb``; numeric and short
answers use ``correct_fb`` / ``general_incorrect_fb``; the explanation and sources are
``general_fb``. Canvas has no grader-only text, so an essay's model answer and rubric go
into ``general_fb`` (with a warning). Items are titled by id and the prompt's opening words and
carry their objective (QTI ``objectives`` and item metadata); the assessment and Canvas's
settings share one attempts policy (:data:`ATTEMPTS`). Choice lists ask Canvas to shuffle
(``render_choice shuffle="Yes"``; "No" for true/false and ``order: fixed``) and are written
in the order the book shows them (:mod:`afghan_course.quiz.order`); right-hand matching
choices are plain text.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from ..markup import md, md_inline
from ..quiz.model import Bank, Question
from ..quiz.order import choice_texts, is_fixed, item_texts, shown_options
from .common import (
    Export,
    bounds,
    by_objective,
    general_feedback_html,
    number,
    ordering_note,
    ordering_pairs,
    prompt_html,
    question_name,
    xml_text,
)

FORMAT = "canvas-qti"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_TYPES = {
    "single": "multiple_choice_question", "multiple": "multiple_answers_question",
    "truefalse": "true_false_question", "numeric": "numerical_question",
    "matching": "matching_question", "ordering": "matching_question",
    "short": "short_answer_question", "open": "essay_question",
}
ATTEMPTS = 1
"""The one attempts policy of the assessment and of its Canvas settings: one attempt, correct
answers not shown (release them in Canvas after the deadline if you wish)."""
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same bank always gives the same bytes


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_text(text)
    return el


def _material(parent: ET.Element, html: str, texttype: str = "text/html") -> ET.Element:
    m = _el(parent, "material")
    _el(m, "mattext", html, texttype=texttype)
    return m


def _meta(item: ET.Element, fields: list[tuple[str, str]]) -> None:
    """Canvas reads the item metadata first, so it goes in as the item's first child."""
    itemmeta = ET.Element("itemmetadata")
    item.insert(0, itemmeta)
    qm = _el(itemmeta, "qtimetadata")
    for label, entry in fields:
        f = _el(qm, "qtimetadatafield")
        _el(f, "fieldlabel", label)
        _el(f, "fieldentry", entry)


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    fb = _el(item, "itemfeedback", ident=ident)
    _material(_el(fb, "flow_mat"), html)


def _condition(rp: ET.Element, cont: str) -> tuple[ET.Element, ET.Element]:
    rc = _el(rp, "respcondition", **{"continue": cont})
    return rc, _el(rc, "conditionvar")


def _show(rc: ET.Element, ident: str) -> None:
    _el(rc, "displayfeedback", feedbacktype="Response", linkrefid=ident)


def _score(rc: ET.Element, value: str, action: str = "Set") -> None:
    _el(rc, "setvar", value, action=action, varname="SCORE")


def _resprocessing(item: ET.Element) -> ET.Element:
    rp = _el(item, "resprocessing")
    _el(_el(rp, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
        vartype="Decimal")
    rc, cv = _condition(rp, "Yes")
    _el(cv, "other")
    _show(rc, "general_fb")
    return rp


def _choices(item: ET.Element, pres: ET.Element, rp: ET.Element, base: int,
             options: list[tuple[str, bool, str]], multiple: bool,
             shuffle: bool = True) -> list[str]:
    """Radio or checkbox choices, each with its feedback; returns the answer idents."""
    lid = _el(pres, "response_lid", ident="response1",
              rcardinality="Multiple" if multiple else "Single")
    rch = _el(lid, "render_choice", shuffle="Yes" if shuffle else "No")
    keyed = [(str(base + k), text, right, fb)
             for k, (text, right, fb) in enumerate(options, start=1)]
    for ident, text, _, _ in keyed:
        _material(_el(rch, "response_label", ident=ident), text)
    for ident, _, _, _ in keyed:
        rc, cv = _condition(rp, "Yes")
        _el(cv, "varequal", ident, respident="response1")
        _show(rc, f"{ident}_fb")
    rc, cv = _condition(rp, "No")
    if multiple:
        both = _el(cv, "and")
        for ident, _, right, _ in keyed:
            _el(both if right else _el(both, "not"), "varequal", ident, respident="response1")
    else:
        right_ident = next(ident for ident, _, right, _ in keyed if right)
        _el(cv, "varequal", right_ident, respident="response1")
    _score(rc, "100")
    for ident, _, _, fb in keyed:
        _feedback(item, f"{ident}_fb", fb)
    return [k[0] for k in keyed]


def _matching(pres: ET.Element, rp: ET.Element, base: int, pairs: list[tuple[str, str]],
              choices: list[str]) -> list[str]:
    """One drop-down per left item, all offering the same choices (in the book's order)."""
    choice_id = {c: str(base + 500 + k) for k, c in enumerate(choices, start=1)}
    lefts = []
    share = f"{100 / len(pairs):.2f}"
    for k, (left, right) in enumerate(pairs, start=1):
        ident = str(base + k)
        lefts.append(ident)
        lid = _el(pres, "response_lid", ident=f"response_{ident}")
        _material(lid, md_inline(left))
        rch = _el(lid, "render_choice", shuffle="Yes")
        for c in choices:
            _material(_el(rch, "response_label", ident=choice_id[c]), c, "text/plain")
        rc = _el(rp, "respcondition")
        _el(_el(rc, "conditionvar"), "varequal", choice_id[right], respident=f"response_{ident}")
        _score(rc, share, "Add")
    return lefts


def _item(section: ET.Element, q: Question, n: int, sources: dict[str, dict], out: Export,
          ordering: str, objective_text: str = "") -> ET.Element | None:
    t = q.type
    if t == "ordering":
        kind, reason = ordering_note(FORMAT, ordering)
        out.add(q.id, kind, reason)
        if kind == "skipped":
            return None
    if t == "open":
        out.add(q.id, "lossy", "Canvas has no grader-only text: the model answer and rubric are "
                "in the general feedback, which learners see after submitting")
    base = n * 1000
    item = _el(section, "item", ident=f"ac-{q.id}", title=question_name(q))
    pres = _el(item, "presentation")
    _material(pres, prompt_html(q))
    rp = _resprocessing(item)
    answer_ids = ""
    if t in ("single", "multiple", "truefalse"):
        if t == "truefalse":
            options = [("True", q.answer, md_inline(q.feedback_true)),
                       ("False", not q.answer, md_inline(q.feedback_false))]
        else:
            right = {q.answer} if t == "single" else set(q.answer)
            options = [(md_inline(o.text), o.text in right, md_inline(o.feedback))
                       for o in shown_options(q)]
        answer_ids = ",".join(_choices(item, pres, rp, base, options, t == "multiple",
                                       shuffle=t != "truefalse" and not is_fixed(q)))
    elif t in ("numeric", "short"):
        fib = _el(_el(pres, "response_str", ident="response1", rcardinality="Single"),
                  "render_fib", **({"fibtype": "Decimal"} if t == "numeric" else {}))
        _el(fib, "response_label", ident="answer1", **({} if t == "numeric" else
                                                          {"rshuffle": "No"}))
        rc, cv = _condition(rp, "No")
        if t == "numeric":
            lo, hi = bounds(q.answer, q.tolerance)
            alt = _el(cv, "or")
            _el(alt, "varequal", number(q.answer), respident="response1")
            both = _el(alt, "and")
            _el(both, "vargte", number(lo), respident="response1")
            _el(both, "varlte", number(hi), respident="response1")
        else:
            for a in q.answers:
                _el(cv, "varequal", a, respident="response1")
        _score(rc, "100")
        _show(rc, "correct_fb")
        rc, cv = _condition(rp, "Yes")
        _el(cv, "other")
        _show(rc, "general_incorrect_fb")
        _feedback(item, "correct_fb", md_inline(q.feedback_correct))
        _feedback(item, "general_incorrect_fb", md_inline(q.feedback_incorrect))
    elif t in ("matching", "ordering"):
        pairs = ordering_pairs(q) if t == "ordering" else [(p.left, p.right) for p in q.pairs]
        choices = item_texts(q) if t == "ordering" else choice_texts(q)
        answer_ids = ",".join(_matching(pres, rp, base, pairs, choices))
    elif t == "open":
        fib = _el(_el(pres, "response_str", ident="response1", rcardinality="Single"),
                  "render_fib")
        _el(fib, "response_label", ident="answer1", rshuffle="No")
        rc, cv = _condition(rp, "No")
        _el(cv, "other")
    _feedback(item, "general_fb", general_feedback_html(q, sources, with_model_answer=True))
    _meta(item, [("question_type", CANVAS_TYPES[t]), ("points_possible", number(q.points)),
                 ("original_answer_ids", answer_ids),
                 ("assessment_question_identifierref", f"ac-ref-{q.id}"),
                 ("objective", q.objective), ("level", q.level),
                 ("difficulty", q.difficulty)])
    objectives = ET.Element("objectives")  # QTI 1.2: after itemmetadata, before presentation
    _material(objectives, f"{q.objective}: {objective_text}", "text/plain")
    item.insert(1, objectives)
    return item


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
            + "\n").encode("utf-8")


def _assessment(bank: Bank, ident: str, sources: dict[str, dict], out: Export,
                ordering: str) -> tuple[bytes, float]:
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    assessment = _el(root, "assessment", ident=ident, title=bank.title)
    qm = _el(_el(assessment, "qtimetadata"), "qtimetadatafield")
    _el(qm, "fieldlabel", "cc_maxattempts")
    _el(qm, "fieldentry", str(ATTEMPTS))
    section = _el(assessment, "section", ident="root_section")
    total = 0.0
    ordered = [q for _, qs in by_objective(bank) for q in qs]  # as Moodle's categories
    for n, q in enumerate(ordered, start=1):
        if _item(section, q, n, sources, out, ordering,
                 bank.objectives.get(q.objective, "")) is not None:
            out.exported += 1
            total += q.points
    return _xml(root), total


def _assessment_meta(bank: Bank, ident: str, total: float) -> bytes:
    root = ET.Element("quiz", {"identifier": ident, "xmlns": META_NS, "xmlns:xsi": XSI,
                               "xsi:schemaLocation": f"{META_NS} "
                               "https://canvas.instructure.com/xsd/cccv1p0.xsd"})
    _el(root, "title", bank.title)
    _el(root, "description", md(f"Quiz bank *{bank.chapter}* of the course "
                                "“Afghanistan after 2021”."))
    for tag, value in [("shuffle_answers", "true"), ("scoring_policy", "keep_highest"),
                       ("quiz_type", "assignment"), ("points_possible", number(total)),
                       ("show_correct_answers", "false"),
                       ("allowed_attempts", str(ATTEMPTS)),
                       ("available", "false")]:
        _el(root, tag, value)
    assignment = _el(root, "assignment", identifier=f"{ident}-assignment")
    _el(assignment, "title", bank.title)
    _el(assignment, "workflow_state", "unpublished")
    _el(assignment, "quiz_identifierref", ident)
    _el(assignment, "points_possible", number(total))
    _el(assignment, "grading_type", "points")
    _el(assignment, "submission_types", "online_quiz")
    return _xml(root)


def _manifest(bank: Bank, ident: str) -> bytes:
    root = ET.Element("manifest", {"identifier": f"{ident}-manifest", "xmlns": CP_NS})
    meta = _el(root, "metadata")
    _el(meta, "schema", "IMS Content")
    _el(meta, "schemaversion", "1.1.3")
    _el(root, "organizations")
    resources = _el(root, "resources")
    res = _el(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _el(res, "file", href=f"{ident}/{ident}.xml")
    _el(res, "dependency", identifierref=f"{ident}-meta")
    res = _el(resources, "resource", identifier=f"{ident}-meta",
              type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
              href=f"{ident}/assessment_meta.xml")
    _el(res, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(root)


def export(bank: Bank, sources: dict[str, dict], ordering: str = "matching") -> Export:
    """The bank as a Canvas QTI 1.2 zip holding one assessment."""
    out = Export(bank.chapter, FORMAT, b"")
    ident = f"ac-{bank.chapter}"
    assessment, total = _assessment(bank, ident, sources, out, ordering)
    files = [("imsmanifest.xml", _manifest(bank, ident)),
             (f"{ident}/{ident}.xml", assessment),
             (f"{ident}/assessment_meta.xml", _assessment_meta(bank, ident, total))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    out.data = buf.getvalue()
    return out
