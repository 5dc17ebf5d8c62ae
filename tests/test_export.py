"""LMS exports: every question of every bank read back from each format, field by field.

Each format is parsed here independently of the writers: Moodle XML and Canvas QTI with
``xml.etree``, GIFT with a reader that follows Moodle's own GIFT importer
(``question/format/gift/format.php``: escapes, ``[html]`` markers, type detection, answer
weights), JSON with ``json.loads``. What comes back is compared with what the bank says,
converted to HTML with the course's Markdown renderer.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_course.cli import main
from afghan_course.data import sources_by_id
from afghan_course.export import FORMATS, export_bank, file_name, write_export
from afghan_course.export.common import by_objective, question_name
from afghan_course.export.gift import escape
from afghan_course.markup import md, md_inline, source_list_html
from afghan_course.quiz import all_banks, load_bank
from afghan_course.quiz.model import Bank
from afghan_course.quiz.order import shown_options
from afghan_course.quiz.render_html import rubric_html

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))
LMS = ["moodle-xml", "gift", "canvas-qti"]

# ---------------------------------------------------------------- the fixture bank

AWK = "Tricky ~ = # { } : \\ and -> <b>bold?</b> & < > \"double\" 'single' Kābul پښتو — 100%"
SOURCES = {"src-a": {"publisher": "Pub & Co <x>", "title": 'Title "q" ~#{}:',
                     "url": "https://example.org/a?x=1&y={2}"}}


def _q(qid: str, qtype: str, **fields) -> dict:
    base = {"id": qid, "type": qtype, "objective": "FX-1", "level": "apply",
            "difficulty": "hard", "prompt": f"**{qid}**: {AWK}",
            "explanation": f"Because of *this*:\n\n- one {{1}}\n- two #2\n\n{AWK}",
            "sources": ["src-a", "src-missing"]}
    return base | fields


FIXTURE = Bank.model_validate({
    "chapter": "fixture", "title": f"Fixture: {AWK}", "objectives": {"FX-1": "Everything"},
    "questions": [
        _q("single", "single", points=2, answer="B = {b}",
           options=[{"text": "A ~ `code`", "feedback": f"No: {AWK}"},
                    {"text": "B = {b}", "feedback": "**Yes** #1"},
                    {"text": "C: <i>&amp;</i>", "feedback": "No \\ no"}]),
        _q("multiple", "multiple", answer=["a", "c ~ tilde", "e: colon"],
           options=[{"text": t, "feedback": f"fb {t} {AWK}"}
                    for t in ["a", "b = equals", "c ~ tilde", "d # hash", "e: colon"]]),
        _q("multi-one", "multiple", answer=["only"],
           options=[{"text": "only", "feedback": "right"}, {"text": "other", "feedback": "no"}]),
        _q("tf-true", "truefalse", answer=True, feedback_true=f"Right {AWK}",
           feedback_false="Wrong: {x}"),
        _q("tf-false", "truefalse", answer=False, feedback_true="Not so #",
           feedback_false=f"Right = {AWK}", points=0.5),
        _q("numeric", "numeric", answer=-1.185, tolerance=0.005, unit="% of <GDP>",
           feedback_correct=f"Yes {AWK}", feedback_incorrect="Look ~ again", points=2.5,
           data_ref={"table": "events", "aggregate": "count", "on_or_before": "2022-12-31",
                     "expect": 4}),
        _q("ordering", "ordering", items=[f"First {AWK}", "Second = 2", "Third {3}",
                                          "Fourth -> 4"]),
        _q("matching", "matching",
           pairs=[{"left": f"Left *one* {AWK}", "right": f"Right one {AWK}"},
                  {"left": "Left -> two", "right": "Right -> two = #2"},
                  {"left": "Left three", "right": "Right three: {3}"}],
           distractors=["Distractor ~ {d}", "Nobody: 'x' & \"y\""]),
        _q("short", "short", answers=["Kābul", "a = b {c} #1 ~x: y", "star*wild", "back\\slash"],
           feedback_correct=f"Yes: {AWK}", feedback_incorrect="No ~ try #2"),
        _q("short-arrow", "short", answers=["A -> B"], feedback_correct="ok",
           feedback_incorrect="no"),
        _q("open", "open", prompt=f"First paragraph **{AWK}**.\n\nSecond: `code {{x}}` and a "
                                  "[link](https://example.org/?a=1&b=2).",
           model_answer=f"Model {AWK}\n\nSecond paragraph.",
           rubric=[{"criterion": f"Crit {AWK}", "levels": ["low ~", "high = {}"]}],
           instructor_note="for instructors only"),
    ]})

# ---------------------------------------------------------------- what each format should hold


def _general(q, sources, with_model: bool) -> str:
    html = md(q.explanation)
    if with_model:
        html += "<p><strong>Model answer</strong></p>" + rubric_html(q.model_answer, q.rubric)
    return html + "<p>Sources:</p>" + source_list_html(list(q.sources), sources)


def expected(q, fmt: str, sources: dict, ordering: str = "matching") -> dict:
    """The record a parser should give back for *q* exported in *fmt*."""
    t = q.type
    prompt = md(q.prompt) + (f"<p>Unit: {md_inline(q.unit)}</p>" if t == "numeric" else "")
    rec: dict = {"id": q.id, "prompt": prompt, "points": None if fmt == "gift" else q.points,
                 "general": _general(q, sources, t == "open" and fmt != "moodle-xml")}
    if t in ("single", "multiple"):
        right = {q.answer} if t == "single" else set(q.answer)
        rec["options"] = [(md_inline(o.text), o.text in right, md_inline(o.feedback))
                          for o in shown_options(q)]  # written in the order the book shows
        if fmt != "canvas-qti":
            n = len(right)
            rec["fractions"] = [(1.0 if o.text in right else 0.0) if t == "single" else
                                round((1 if o.text in right else -1) / n, 7)
                                for o in shown_options(q)]
    elif t == "truefalse":
        rec |= {"answer": q.answer, "feedback_true": md_inline(q.feedback_true),
                "feedback_false": md_inline(q.feedback_false)}
    elif t == "numeric":
        rec |= {"answer": q.answer, "tolerance": q.tolerance,
                "feedback_correct": md_inline(q.feedback_correct),
                "feedback_incorrect": md_inline(q.feedback_incorrect)}
    elif t == "short":
        rec |= {"answers": list(q.answers), "feedback_correct": md_inline(q.feedback_correct),
                "feedback_incorrect": md_inline(q.feedback_incorrect)}
    elif t == "matching":
        rec |= {"pairs": [(md_inline(p.left), p.right) for p in q.pairs],
                "distractors": sorted(q.distractors)}
    elif t == "ordering" and ordering == "native":
        rec["items"] = [md_inline(i) for i in q.items]
    elif t == "ordering":
        t = "matching"
        rec |= {"pairs": [(md_inline(f"Position {n}"), item)
                          for n, item in enumerate(q.items, start=1)], "distractors": []}
    elif t == "open" and fmt == "moodle-xml":
        rec["grader"] = rubric_html(q.model_answer, q.rubric)
    rec["type"] = t
    return rec


# ---------------------------------------------------------------- Moodle XML reader


def _t(el: ET.Element | None, path: str = "text") -> str:
    node = el.find(path) if el is not None else None
    return (node.text or "") if node is not None else ""


def parse_moodle(data: bytes) -> tuple[str, list[dict]]:
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    category, records = "", []
    for el in root.findall("question"):
        kind = el.get("type")
        if kind == "category":
            category = _t(el.find("category"))
            continue
        rec = {"id": el.findtext("idnumber"), "name": _t(el.find("name")),
               "category": category, "prompt": _t(el.find("questiontext")),
               "general": _t(el.find("generalfeedback")),
               "points": float(el.findtext("defaultgrade")),
               "tags": [_t(tag) for tag in el.findall("tags/tag")]}
        assert el.find("questiontext").get("format") == "html"
        answers = [(_t(a), float(a.get("fraction")), _t(a.find("feedback")))
                   for a in el.findall("answer")]
        if kind == "multichoice":
            single = el.findtext("single") == "true"
            rec |= {"type": "single" if single else "multiple",
                    "options": [(a, f > 0, fb) for a, f, fb in answers],
                    "fractions": [round(f / 100, 7) for _, f, _ in answers]}
        elif kind == "truefalse":
            by = {a: (f, fb) for a, f, fb in answers}
            rec |= {"type": "truefalse", "answer": by["true"][0] == 100,
                    "feedback_true": by["true"][1], "feedback_false": by["false"][1]}
            assert {by["true"][0], by["false"][0]} == {0, 100}
        elif kind == "numerical":
            (ans, f, fb), (star, f0, fb0) = answers
            tol = [float(a.findtext("tolerance")) for a in el.findall("answer")]
            assert (f, star, f0) == (100, "*", 0)
            rec |= {"type": "numeric", "answer": float(ans), "tolerance": tol[0],
                    "feedback_correct": fb, "feedback_incorrect": fb0}
        elif kind == "shortanswer":
            assert answers[-1][:2] == ("*", 0) and all(f == 100 for _, f, _ in answers[:-1])
            assert len({fb for _, _, fb in answers[:-1]}) == 1
            rec |= {"type": "short", "raw": [a for a, _, _ in answers[:-1]],
                    "answers": [a.replace("\\*", "*") for a, _, _ in answers[:-1]],
                    "feedback_correct": answers[0][2], "feedback_incorrect": answers[-1][2]}
        elif kind == "matching":
            subs = [(_t(s), _t(s.find("answer"))) for s in el.findall("subquestion")]
            rec |= {"type": "matching", "pairs": [s for s in subs if s[0]],
                    "distractors": sorted(r for left, r in subs if not left),
                    "shuffle": el.findtext("shuffleanswers")}
        elif kind == "essay":
            rec |= {"type": "open", "grader": _t(el.find("graderinfo"))}
        elif kind == "ordering":
            assert el.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            assert el.findtext("selecttype") == "ALL"
            order = sorted(el.findall("answer"), key=lambda a: float(a.get("fraction")))
            rec |= {"type": "ordering", "items": [_t(a) for a in order]}
        else:
            raise AssertionError(f"unexpected Moodle type {kind}")
        records.append(rec)
    return category, records


# ---------------------------------------------------------------- GIFT reader (Moodle's rules)

_ESC = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"),
        ("\\}", "&&125;"), ("\\~", "&&126;"), ("\\n", "&&010")]
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(s: str) -> str:
    s = s.replace("\\\\", "&&092;")
    for esc, ph in _ESC:
        s = s.replace(esc, ph)
    return s.replace("&&092;", "\\")


def _post(s: str) -> str:
    for esc, ph in _ESC:
        s = s.replace(ph, "\n" if esc == "\\n" else esc[1])
    return s


def _fmt(s: str, default: str = "moodle") -> tuple[str, str]:
    s = s.strip()
    fmt = default
    if s.startswith("[") and "]" in s:
        name = s[1:s.index("]")]
        if name in ("html", "moodle", "plain", "markdown"):
            fmt, s = name, s[s.index("]") + 1:]
    return fmt, _post(s).strip()


def _html(s: str) -> str:
    fmt, text = _fmt(s)
    assert fmt == "html", s
    return text


def _weight(ans: str) -> tuple[float | None, str]:
    if _WEIGHT.match(ans):
        end = ans.index("%", 1)
        return float(ans[1:end]) / 100, ans[end + 1:]
    return None, ans


def _comment(ans: str) -> tuple[str, str]:
    text, _, fb = ans.partition("#")
    return text.strip(), fb.strip()


def parse_gift(text: str) -> tuple[str, list[dict]]:
    category, records = "", []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [" " if ln.strip().startswith("//") else ln for ln in block.split("\n")]
        body = _pre("\n".join(lines).strip())
        comments = [ln for ln in block.split("\n") if ln.strip().startswith("//")]
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            category = body[10:].strip()
            continue
        assert body.startswith("::")
        body = body[2:]
        name, body = _post(body[:body.index("::")]), body[body.index("::") + 2:].strip()
        start, finish = body.index("{"), body.index("}")
        assert finish == len(body) - 1, "text after the answers"
        answertext = body[start + 1:finish].strip()
        ids = [m for c in comments for m in re.findall(r"\[id:((?:\\\]|[^\]])+)\]", c)]
        tags = [m for c in comments for m in re.findall(r"\[tag:((?:\\\]|[^\]])+)\]", c)]
        rec: dict = {"id": ids[0] if ids else None, "name": name, "tags": tags,
                     "category": category, "prompt": _html(body[:start]), "points": None,
                     "comment": comments}
        gf = answertext.rfind("####")
        rec["general"] = _html(answertext[gf + 4:]) if gf >= 0 else ""
        answertext = answertext[:gf].strip() if gf >= 0 else answertext
        if answertext == "":
            rec["type"] = "open"
        elif answertext[0] == "#":
            rest = answertext[1:]
            wrong = ""
            if "~" in rest:
                rest, wrong = rest[:rest.index("~")], rest[rest.index("~"):]
            answers = [a.strip() for a in rest.split("=")]
            answers = answers[1:] if not answers[0] else answers
            assert len(answers) == 1
            w, ans = _weight(answers[0])
            value, fb = _comment(ans)
            num, _, tol = _post(value).partition(":")
            rec |= {"type": "numeric", "answer": float(num), "tolerance": float(tol or 0),
                    "feedback_correct": _html(fb),
                    "feedback_incorrect": _html(_comment(wrong[1:])[1]) if wrong else ""}
        elif "~" in answertext:
            single = "=" in answertext
            parts = [a.strip() for a in answertext.replace("=", "~=").split("~")]
            parts = parts[1:] if not parts[0] else parts
            options, fractions = [], []
            for a in parts:
                if a[0] == "=":
                    w, a = 1.0, a[1:]
                else:
                    w, a = _weight(a)
                    w = w or 0.0
                ans, fb = _comment(a)
                options.append((_html(ans), w > 0, _html(fb)))
                fractions.append(round(w, 7))
            rec |= {"type": "single" if single else "multiple", "options": options,
                    "fractions": fractions}
        elif "=" in answertext and "->" in answertext:
            pairs, distractors = [], []
            parts = [a.strip() for a in answertext.split("=")]
            for a in parts[1:] if not parts[0] else parts:
                left, right = a[:a.index("->")], _post(a[a.index("->") + 2:]).strip()
                left_fmt, left_text = _fmt(left, "html")
                assert left_fmt == "html"
                (pairs.append((left_text, right)) if left_text else distractors.append(right))
            rec |= {"type": "matching", "pairs": pairs, "distractors": sorted(distractors)}
        else:
            check = answertext.split("#", 1)[0].strip()
            if check in ("T", "TRUE", "F", "FALSE"):
                bits = answertext.split("#", 2)
                value = bits[0].strip() in ("T", "TRUE")
                wrong, right = _html(bits[1]), _html(bits[2])
                rec |= {"type": "truefalse", "answer": value,
                        "feedback_true": right if value else wrong,
                        "feedback_false": wrong if value else right}
            else:
                parts = [a.strip() for a in answertext.split("=")]
                answers, raw, incorrect, correct_fb = [], [], "", set()
                for a in parts[1:] if not parts[0] else parts:
                    w, a = _weight(a)
                    ans, fb = _comment(a)
                    _, ans = _fmt(ans)
                    if ans == "*" and w == 0:
                        incorrect = _html(fb)
                    else:
                        assert w in (None, 1.0)
                        raw.append(ans)
                        answers.append(ans.replace("\\*", "*"))
                        correct_fb.add(_html(fb))
                assert len(correct_fb) == 1
                rec |= {"type": "short", "answers": answers, "raw": raw,
                        "feedback_correct": correct_fb.pop(), "feedback_incorrect": incorrect}
        records.append(rec)
    return category, records


# ---------------------------------------------------------------- Canvas QTI reader

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
CANVAS = {"multiple_choice_question": "single", "multiple_answers_question": "multiple",
          "true_false_question": "truefalse", "numerical_question": "numeric",
          "matching_question": "matching", "short_answer_question": "short",
          "essay_question": "open"}


def _mat(el: ET.Element) -> str:
    return el.find("q:material/q:mattext", NS).text or ""


def parse_qti(data: bytes) -> tuple[dict, list[dict]]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = set(zf.namelist())
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    cp = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    hrefs = [f.get("href") for f in manifest.iterfind(".//cp:file", cp)]
    assert hrefs and all(h in names for h in hrefs), (hrefs, names)
    qti = [r for r in manifest.iterfind(".//cp:resource", cp) if r.get("type") == "imsqti_xmlv1p2"]
    assert len(qti) == 1, "one assessment per bank"
    root = ET.fromstring(zf.read(qti[0].find("cp:file", cp).get("href")))
    meta = ET.fromstring(zf.read([h for h in hrefs if h.endswith("assessment_meta.xml")][0]))
    assessments = root.findall("q:assessment", NS)
    assert len(assessments) == 1
    info = {"title": assessments[0].get("title"),
            "points": float(meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}"
                                          "points_possible"))}
    records = []
    for item in root.iterfind(".//q:item", NS):
        fields = {f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry",
                                                                          namespaces=NS)
                  for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)}
        assert list(item)[0].tag.endswith("itemmetadata")
        feedback = {f.get("ident"): _mat(f.find("q:flow_mat", NS))
                    for f in item.iterfind("q:itemfeedback", NS)}
        pres = item.find("q:presentation", NS)
        conds = item.findall("q:resprocessing/q:respcondition", NS)
        shows = {}
        for c in conds:
            ve = c.find("q:conditionvar/q:varequal", NS)
            fb = c.find("q:displayfeedback", NS)
            if c.get("continue") == "Yes" and ve is not None and fb is not None:
                shows[ve.text] = feedback[fb.get("linkrefid")]
        general_shown = any(c.find("q:conditionvar/q:other", NS) is not None and
                            c.find("q:displayfeedback", NS) is not None and
                            c.find("q:displayfeedback", NS).get("linkrefid") == "general_fb"
                            for c in conds)
        assert general_shown
        qtype = CANVAS[fields["question_type"]]
        objectives = item.find("q:objectives", NS)
        rec: dict = {"id": item.get("ident").removeprefix("ac-"), "name": item.get("title"),
                     "objective": fields.get("objective"),
                     "objective_text": _mat(objectives) if objectives is not None else None,
                     "type": qtype, "prompt": _mat(pres),
                     "points": float(fields["points_possible"]),
                     "general": feedback["general_fb"]}
        scoring = [c for c in conds if c.find("q:setvar", NS) is not None]
        if qtype in ("single", "multiple", "truefalse"):
            labels = [(lab.get("ident"), _mat(lab)) for lab in
                      pres.iterfind("q:response_lid/q:render_choice/q:response_label", NS)]
            assert fields["original_answer_ids"] == ",".join(i for i, _ in labels)
            (score,) = scoring
            assert score.findtext("q:setvar", namespaces=NS) == "100"
            if qtype == "multiple":
                right = {v.text for v in score.findall("q:conditionvar/q:and/q:varequal", NS)}
                wrong = {v.text for v in
                         score.findall("q:conditionvar/q:and/q:not/q:varequal", NS)}
                assert right | wrong == {i for i, _ in labels} and not right & wrong
            else:
                right = {score.find("q:conditionvar/q:varequal", NS).text}
            if qtype == "truefalse":
                by = {text: ident for ident, text in labels}
                rec |= {"answer": by["True"] in right, "feedback_true": shows[by["True"]],
                        "feedback_false": shows[by["False"]]}
            else:
                rec["options"] = [(text, ident in right, shows[ident]) for ident, text in labels]
        elif qtype in ("numeric", "short"):
            (score,) = scoring
            rec |= {"feedback_correct": feedback["correct_fb"],
                    "feedback_incorrect": feedback["general_incorrect_fb"]}
            if qtype == "numeric":
                cv = score.find("q:conditionvar/q:or", NS)
                exact = float(cv.find("q:varequal", NS).text)
                lo = float(cv.find("q:and/q:vargte", NS).text)
                hi = float(cv.find("q:and/q:varlte", NS).text)
                assert pres.find("q:response_str/q:render_fib", NS).get("fibtype") == "Decimal"
                rec |= {"answer": exact, "tolerance": round((hi - lo) / 2, 9),
                        "bounds": (lo, hi)}
            else:
                rec["answers"] = [v.text for v in score.findall("q:conditionvar/q:varequal", NS)]
        elif qtype == "matching":
            pairs, choice_sets = [], []
            by_resp = {c.find("q:conditionvar/q:varequal", NS).get("respident"):
                       c.find("q:conditionvar/q:varequal", NS).text for c in scoring}
            for lid in pres.iterfind("q:response_lid", NS):
                choices = {lab.get("ident"): _mat(lab)
                           for lab in lid.iterfind("q:render_choice/q:response_label", NS)}
                choice_sets.append(list(choices.values()))
                pairs.append((_mat(lid), choices[by_resp[lid.get("ident")]]))
                assert all(s.findtext("q:setvar", namespaces=NS) and
                           s.find("q:setvar", NS).get("action") == "Add" for s in scoring)
            assert all(cs == choice_sets[0] for cs in choice_sets), \
                "every left item offers the same choices"
            rights = {r for _, r in pairs}
            rec |= {"pairs": pairs, "distractors": sorted(c for c in choice_sets[0]
                                                          if c not in rights)}
        records.append(rec)
    return info, records


# ---------------------------------------------------------------- comparing


def parse(fmt: str, data: bytes) -> list[dict]:
    if fmt == "moodle-xml":
        return parse_moodle(data)[1]
    if fmt == "gift":
        return parse_gift(data.decode("utf-8"))[1]
    return parse_qti(data)[1]


def check_round_trip(bank: Bank, fmt: str, sources: dict, ordering: str = "matching") -> None:
    result = export_bank(bank, fmt, sources, ordering)
    records = parse(fmt, result.data)
    skipped = {n.qid for n in result.notes if n.kind == "skipped"}
    in_order = [q for _, qs in by_objective(bank) for q in qs]  # grouped by objective
    assert [r["id"] for r in records] == [q.id for q in in_order if q.id not in skipped]
    assert result.exported == len(records)
    assert result.exported + result.skipped == len(bank.questions)
    for rec in records:
        q = bank.question(rec["id"])
        want = expected(q, fmt, sources, ordering)
        for key, value in want.items():
            assert rec.get(key) == value, (fmt, q.id, key, rec.get(key), value)
        assert rec["name"] == question_name(q) and rec["name"].startswith(f"{q.id}: ")
        tags = [q.objective, f"level:{q.level}", f"difficulty:{q.difficulty}"]
        if fmt == "moodle-xml":
            assert rec["tags"] == tags
            assert rec["category"] == f"$course$/top/{bank.chapter}/{q.objective}"
        if fmt == "gift":
            assert any(f"points {q.points:g}" in c for c in rec["comment"])
            assert rec["tags"] == tags, "Moodle reads [tag:…] from the comment"
            assert rec["category"] == f"$course$/top/{bank.chapter}/{q.objective}"
        if fmt == "canvas-qti":
            assert rec["objective"] == q.objective
            assert rec["objective_text"] == f"{q.objective}: {bank.objectives[q.objective]}"


@pytest.fixture(scope="module")
def real_sources() -> dict:
    return sources_by_id()


@pytest.mark.parametrize("fmt", LMS)
def test_fixture_round_trips(fmt):
    check_round_trip(FIXTURE, fmt, SOURCES)


@pytest.mark.parametrize("fmt", LMS)
@pytest.mark.parametrize("ordering", ["matching", "skip"])
def test_real_banks_round_trip(fmt, ordering, real_sources):
    banks = all_banks()
    assert [b.chapter for b in banks] == CHAPTERS
    for bank in banks:
        check_round_trip(bank, fmt, real_sources, ordering)


def test_moodle_native_ordering_round_trips(real_sources):
    check_round_trip(FIXTURE, "moodle-xml", SOURCES, "native")
    for bank in all_banks():
        check_round_trip(bank, "moodle-xml", real_sources, "native")
        result = export_bank(bank, "moodle-xml", real_sources, "native")
        assert result.converted == result.skipped == 0 and not result.notes


@pytest.mark.parametrize("fmt", ["gift", "canvas-qti"])
def test_native_ordering_only_where_a_type_exists(fmt):
    with pytest.raises(ValueError, match="no ordering type"):
        export_bank(FIXTURE, fmt, SOURCES, "native")


def test_json_is_lossless(real_sources):
    for bank, sources in [(FIXTURE, SOURCES)] + [(b, real_sources) for b in all_banks()]:
        result = export_bank(bank, "json", sources)
        doc = json.loads(result.data)
        assert (doc["format"], doc["version"]) == ("afghan-course-bank", 1)
        again = Bank.model_validate({k: doc[k] for k in ("chapter", "title", "objectives",
                                                         "questions")})
        assert again == bank
        cited = {s for q in bank.questions for s in q.sources}
        assert set(doc["sources"]) == cited & set(sources)
        for sid, s in doc["sources"].items():
            assert s["url"] == sources[sid]["url"]
        assert (result.exported, result.converted, result.skipped) == \
            (len(bank.questions), 0, 0)
    doc = json.loads(export_bank(FIXTURE, "json", SOURCES).data)
    opened = {q["id"]: q for q in doc["questions"]}
    assert opened["open"]["instructor_note"] == "for instructors only"
    assert opened["numeric"]["data_ref"]["on_or_before"] == "2022-12-31"
    assert opened["numeric"]["points"] == 2.5


# ---------------------------------------------------------------- awkward text, notes, files


def test_awkward_text_comes_back_intact():
    gift = parse_gift(export_bank(FIXTURE, "gift", SOURCES).data.decode())[1]
    moodle = parse_moodle(export_bank(FIXTURE, "moodle-xml", SOURCES).data)[1]
    qti = parse_qti(export_bank(FIXTURE, "canvas-qti", SOURCES).data)[1]
    for records in (gift, moodle, qti):
        by = {r["id"]: r for r in records}
        single = by["single"]
        assert single["prompt"].startswith("<p><strong>single</strong>: Tricky ~ = # { } : \\")
        assert "&lt;b&gt;bold?&lt;/b&gt; &amp; &lt; &gt; &quot;double&quot; 'single' Kābul " \
               "پښتو — 100%" in single["prompt"]
        assert "<b>" not in single["prompt"]  # bank text never becomes markup
        assert "A ~ <code>code</code>" in [o[0] for o in single["options"]]
        assert "<ul>\n<li>one {1}</li>\n<li>two #2</li>\n</ul>" in single["general"]
        assert 'href="https://example.org/a?x=1&amp;y={2}"' in single["general"]
        assert "<li>src-missing</li>" in single["general"]
        assert "Right -> two = #2" in dict(by["matching"]["pairs"]).values()
        assert "Nobody: 'x' & \"y\"" in by["matching"]["distractors"]
        assert by["numeric"]["answer"] == -1.185
        assert by["numeric"]["prompt"].endswith("<p>Unit: % of &lt;GDP&gt;</p>")
        assert "<p>Second: <code>code {x}</code> and a <a href=\"https://example.org/?a=1&amp;" \
               "b=2\">link</a>.</p>" in by["open"]["prompt"]
    for records in (gift, moodle):
        short = {r["id"]: r for r in records}["short"]
        assert short["answers"] == ["Kābul", "a = b {c} #1 ~x: y", "star*wild", "back\\slash"]
        # In Moodle short answers * is a wildcard: a literal one must arrive escaped.
        assert short["raw"][2] == "star\\*wild"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_gift_escape_is_undone_by_moodles_reader(text):
    text = text.replace("\r", "")
    assert _post(_pre(escape(text))) == text


def test_gift_notes_name_question_and_reason():
    result = export_bank(FIXTURE, "gift", SOURCES)
    notes = {(n.qid, n.kind) for n in result.notes}
    assert notes == {("multi-one", "skipped"), ("short-arrow", "skipped"),
                     ("ordering", "converted"), ("open", "lossy"), ("single", "lossy"),
                     ("tf-false", "lossy"), ("numeric", "lossy")}
    assert (result.exported, result.converted, result.skipped) == (9, 1, 2)
    lines = result.warnings()
    assert "quizzes/fixture.yml: question multi-one: multiple-select with one right option " \
           "cannot be written in GIFT" in "\n".join(lines)
    assert any(line.startswith("quizzes/fixture.yml: question numeric: points 2.5 not kept")
               for line in lines)
    assert any("question ordering: ordering converted to matching (position → item): core "
               "GIFT has no ordering syntax" in line for line in lines)
    assert all("\n" not in line for line in lines)


@pytest.mark.parametrize("fmt,counts,kinds", [
    ("moodle-xml", (11, 1, 0), {("ordering", "converted")}),
    ("canvas-qti", (11, 1, 0), {("ordering", "converted"), ("open", "lossy")}),
    ("json", (11, 0, 0), set()),
])
def test_counts_and_notes(fmt, counts, kinds):
    result = export_bank(FIXTURE, fmt, SOURCES)
    assert (result.exported, result.converted, result.skipped) == counts
    assert {(n.qid, n.kind) for n in result.notes} == kinds
    skipped = export_bank(FIXTURE, fmt, SOURCES, "skip")
    if fmt != "json":
        assert (skipped.exported, skipped.converted, skipped.skipped) == (10, 0, 1)
        assert "question ordering: ordering question skipped (--ordering skip)" in \
            "\n".join(skipped.warnings())


def test_qti_package_and_moodle_category():
    info, records = parse_qti(export_bank(FIXTURE, "canvas-qti", SOURCES).data)
    assert info["title"] == FIXTURE.title
    assert info["points"] == sum(q.points for q in FIXTURE.questions)
    assert {r["id"]: r for r in records}["numeric"]["bounds"] == (-1.19, -1.18)
    category, moodle = parse_moodle(export_bank(FIXTURE, "moodle-xml", SOURCES).data)
    assert category == "$course$/top/fixture/FX-1"
    by = {r["id"]: r for r in moodle}
    assert by["ordering"]["shuffle"] == "false" and by["matching"]["shuffle"] == "true"
    assert parse_gift(export_bank(FIXTURE, "gift", SOURCES).data.decode())[0] == \
        "$course$/top/fixture/FX-1"


def test_exports_are_reproducible():
    for fmt in FORMATS:
        assert export_bank(FIXTURE, fmt, SOURCES).data == export_bank(FIXTURE, fmt, SOURCES).data


def test_write_export_names_files(tmp_path):
    for fmt, name in [("moodle-xml", "fixture.xml"), ("gift", "fixture.gift.txt"),
                      ("canvas-qti", "fixture.qti.zip"), ("json", "fixture.json")]:
        result = export_bank(FIXTURE, fmt, SOURCES)
        path = write_export(result, tmp_path / "deep" / "out")
        assert path == tmp_path / "deep" / "out" / name == \
            tmp_path / "deep" / "out" / file_name("fixture", fmt)
        assert path.read_bytes() == result.data


# ---------------------------------------------------------------- the command


def test_cli_unknown_chapter(tmp_path, capsys):
    code = main(["export", "--format", "gift", "--chapter", "recognition", "--chapter",
                 "no-such", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: unknown chapter 'no-such' (chapters: {', '.join(CHAPTERS)})\n"
    assert not list(tmp_path.iterdir())


def test_cli_writes_chosen_chapters(tmp_path, capsys):
    out = tmp_path / "lms"
    code = main(["export", "--format", "moodle-xml", "--chapter", "timeline", "--chapter",
                 "getting-started", "--chapter", "timeline", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["getting-started.xml", "timeline.xml"]
    lines = captured.out.splitlines()
    n = len(load_bank("timeline").questions)
    assert lines[0] == f"wrote {out / 'timeline.xml'}: {n} questions exported, 2 converted, " \
                       "0 skipped"
    assert lines[1] == f"wrote {out / 'getting-started.xml'}: 9 questions exported, " \
                       "1 converted, 0 skipped"
    warnings = captured.err.splitlines()
    assert len(warnings) == 3
    assert all(w.startswith("warning: quizzes/") and "ordering converted to matching" in w
               for w in warnings)
    assert "warning: quizzes/getting-started.yml: question gs-order-events: ordering " \
           "converted to matching (position → item)" in captured.err
    parsed = parse_moodle((out / "timeline.xml").read_bytes())[1]
    assert len(parsed) == n


def test_cli_default_out_and_gift_warnings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "gift", "--ordering", "skip"]) == 0
    captured = capsys.readouterr()
    written = sorted(p.name for p in (tmp_path / "dist" / "lms").iterdir())
    assert written == [f"{c}.gift.txt" for c in CHAPTERS]
    assert len(captured.out.splitlines()) == len(CHAPTERS)
    assert "wrote dist/lms/getting-started.gift.txt: 8 questions exported, 0 converted, " \
           "1 skipped" in captured.out
    assert "warning: quizzes/getting-started.yml: question gs-order-events: ordering question " \
           "skipped (--ordering skip)" in captured.err
    assert "warning: quizzes/getting-started.yml: question gs-fact-or-opinion: GIFT has no " \
           "grader-only field" in captured.err


def test_cli_native_ordering_needs_moodle(tmp_path, capsys):
    code = main(["export", "--format", "canvas-qti", "--ordering", "native", "--out",
                 str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "only moodle-xml" in err
    assert main(["export", "--format", "moodle-xml", "--ordering", "native", "--chapter",
                 "timeline", "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    n = len(load_bank("timeline").questions)
    assert f"{n} questions exported, 0 converted, 0 skipped" in captured.out


def test_defaults_an_instructor_can_use(real_sources):
    """Points from the bank (an essay is not a true/false), one attempts policy in QTI."""
    bank = load_bank("getting-started")
    essay = next(q for q in bank.questions if q.type == "open")
    assert essay.points == len(essay.rubric) > 1, "a point per rubric criterion"
    by = {r["id"]: r for r in parse_moodle(export_bank(bank, "moodle-xml", real_sources).data)[1]}
    assert by[essay.id]["points"] == essay.points and by["gs-doha-party"]["points"] == 1
    zf = zipfile.ZipFile(io.BytesIO(export_bank(bank, "canvas-qti", real_sources).data))
    meta = ET.fromstring(zf.read("ac-getting-started/assessment_meta.xml"))
    ns = "{http://canvas.instructure.com/xsd/cccv1p0}"
    root = ET.fromstring(zf.read("ac-getting-started/ac-getting-started.xml"))
    entry = root.find("q:assessment/q:qtimetadata/q:qtimetadatafield/q:fieldentry", NS).text
    assert meta.findtext(f"{ns}allowed_attempts") == entry == "1"
    assert meta.findtext(f"{ns}show_correct_answers") == "false"
    gift = export_bank(bank, "gift", real_sources).data.decode()
    assert f"// [id:{essay.id}] [tag:{essay.objective}] [tag:level:{essay.level}]" in gift
