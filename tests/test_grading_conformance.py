"""One grading specification, two implementations: quiz/grading.py and the book's JS.

Both run the shared conformance table (``tests/grading-cases.json``; the JavaScript side
is ``tests/js/grading.test.js`` under ``node --test``), and a differential property test
grades generated keys and answers with both and fails on any disagreement.
"""

from __future__ import annotations

import math
import os
import subprocess

import pytest
from grading_spec import TESTS, NodeGrader, load_cases, node, page_key, question
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_course.quiz import all_banks
from afghan_course.quiz.grading import grade, parse_number

TABLE = load_cases()
NEED_NODE = pytest.mark.skipif(node() is None and os.environ.get("CI") != "true",
                               reason="node is not installed")


def _id(case: dict) -> str:
    return f"{case['rule']} {case['answer']!r}"[:90]


def test_table_covers_every_type_and_rule():
    types = {TABLE["questions"][c["question"]]["type"] for c in TABLE["cases"]}
    assert types == {"single", "multiple", "truefalse", "numeric", "ordering", "matching",
                     "short", "open"}
    rules = " ".join(c["rule"] for c in TABLE["cases"]).lower()
    for rule in ("persian", "arabic-indic", "full-width", "leading plus", "vowel marks",
                 "tatweel", "ß", "case", "spacing", "accents", "rounded half up", "unit",
                 "number word"):
        assert rule in rules, rule


@pytest.mark.parametrize("case", TABLE["cases"], ids=_id)
def test_python_grader_meets_the_table(case):
    spec = TABLE["questions"][case["question"]]
    r = grade(question(spec), case["answer"])
    assert r.score == case["score"]
    assert r.verdict == case["verdict"]
    if spec["type"] == "numeric":
        if case.get("unread"):
            assert parse_number(case["answer"], spec["unit"]) is None
        else:
            assert r.answer == case["value"]


@NEED_NODE
def test_js_grader_meets_the_table():
    proc = subprocess.run([node() or "node", "--test", str(TESTS / "js")], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert f"# pass {len(TABLE['cases']) + 2}" in proc.stdout


# ---- differential: generated keys and answers through both graders ----

@pytest.fixture(scope="module")
def js():
    if node() is None:
        pytest.skip("node is not installed")
    g = NodeGrader()
    yield g
    g.close()


def _same(py, js_out, q, answer):
    assert "error" not in js_out, js_out
    where = f"{q.type} key={page_key(q)!r} answer={answer!r}"
    assert py.score == js_out["score"], f"score {py.score} != {js_out['score']}: {where}"
    assert py.correct == js_out["correct"], where
    assert py.verdict == js_out["verdict"], where
    if q.type == "numeric" and isinstance(py.answer, float):
        assert math.isclose(py.answer, js_out["answer"], rel_tol=0, abs_tol=0), where


# Characters learners type, and the ones the rules treat specially.
CHARS = ("0123456789+-.,  %$xXeE" "۰۱۲۳۴۵۶۷۸۹" "٠١٢٣٤٥٦٧٨٩" "٫٬" "０１２３４５６７８９＋"
         "\u2212\u00a0\u2009\u202f\t\n" "abcdefghijklmnopqrstuvwyzABCDEFZ" "éÉèüßẞſ"
         "\u0301\u0308" "محمدکابلكيىـ\u064e\u064f\u0650\u0651\u0652\u200c"
         "'\"’()[]«».!?؟،" "ΣσςİıŉǅﬁÅ")
WORDS = ["four", "twenty", "one", "nineteen", "ninety-nine", "actors", "actor", "billion",
         "bn", "usd", "us", "dollars", "per cent", "percent", "times", "x", "m", "million",
         "$", "US$", "%", "votes", "inf", "nan", "1e3", "1,234", "1 234", "9,4", "٤", "۴",
         "４", "+4", "-4", "Da Afghanistan Bank", "DAB", "Straße", "strasse", "محمد"]
text = st.one_of(
    st.text(alphabet=CHARS, max_size=12),
    st.lists(st.sampled_from(WORDS) | st.text(alphabet=CHARS, max_size=4), max_size=4)
      .map(" ".join),
)
# The digits (and separators) of each script learners may type in.
SCRIPTS = [str.maketrans({}), str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬"),
           str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
           str.maketrans("0123456789+", "０１２３４５６７８９＋"), str.maketrans("-", "\u2212")]
UNITS = ["actors", "votes", "abstentions", "billion US dollars", "%", "times", "months",
         "rows", "events", "people", "km/h"]
option_text = st.text(alphabet="abcdeABCDE 12é", min_size=1, max_size=4)


@st.composite
def numeric_q(draw):
    ans = draw(st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-100, 100).map(float))
    tol = draw(st.sampled_from([0, 0.05, 0.5, 1]))
    return question({"type": "numeric", "answer": ans, "tolerance": tol,
                     "unit": draw(st.sampled_from(UNITS))})


@st.composite
def choice_q(draw):
    opts = draw(st.lists(option_text, min_size=2, max_size=8, unique=True))
    t = draw(st.sampled_from(["single", "multiple"]))
    if t == "single":
        return question({"type": t, "options": opts, "answer": draw(st.sampled_from(opts))})
    ans = draw(st.lists(st.sampled_from(opts), min_size=1, max_size=len(opts)))
    return question({"type": t, "options": opts, "answer": ans})


@st.composite
def order_q(draw):
    items = draw(st.lists(option_text, min_size=3, max_size=7, unique=True))
    return question({"type": "ordering", "items": items})


@st.composite
def match_q(draw):
    lefts = draw(st.lists(option_text, min_size=2, max_size=5, unique=True))
    rights = draw(st.lists(option_text, min_size=len(lefts), max_size=len(lefts)))
    return question({"type": "matching", "pairs": list(zip(lefts, rights, strict=True))})


@st.composite
def short_q(draw):
    answers = draw(st.lists(st.text(alphabet=CHARS, min_size=1, max_size=8)
                            | st.sampled_from(WORDS), min_size=1, max_size=3))
    return question({"type": "short", "answers": answers})


def _answer_for(q):
    """Answers near the key (and shuffled or broken ones) as well as noise."""
    # JSON (the only way an answer reaches either grader from a page) has no inf or NaN.
    noise = (st.none() | st.booleans() | st.integers(-3, 10)
             | st.floats(allow_nan=False, allow_infinity=False) | text)
    t = q.type
    if t in ("single", "multiple"):
        opts = [o.text for o in q.options]
        near = st.sampled_from(opts) | st.lists(st.sampled_from(opts + ["zz"]), max_size=9)
    elif t == "ordering":
        near = st.permutations(q.items).map(list) | st.lists(st.sampled_from(q.items),
                                                             max_size=8)
    elif t == "matching":
        lefts = [p.left for p in q.pairs]
        rights = [p.right for p in q.pairs] + ["zz"]
        near = st.dictionaries(st.sampled_from(lefts + ["toString"]), st.sampled_from(rights)
                               | st.none() | st.integers(0, 3), max_size=6)
    elif t == "numeric":
        written = st.sampled_from([f"{q.answer:g}", f"{q.answer:,}", f"+{q.answer:g} {q.unit}",
                                   f"{q.answer:.2f}".replace(".", ","), str(q.answer),
                                   f"{q.answer:,.1f} {q.unit}".upper(), f"{q.answer:g}."])
        near = st.tuples(written, st.sampled_from(SCRIPTS)).map(lambda p: p[0].translate(p[1]))
        near = near | text
    elif t == "short":
        near = st.sampled_from(list(q.answers)).flatmap(
            lambda a: st.sampled_from([a, a.upper(), f" {a}. ", a.lower(), f"«{a}»"])) | text
    elif t == "open":
        near = st.fixed_dictionaries({"text": text, "self_assessment": st.sampled_from(
            ["partly", "Fully", " not yet ", "no", None, 1])})
    else:
        near = noise
    return near | noise


BANK_QUESTIONS = [q for b in all_banks() for q in b.questions]
questions = (numeric_q() | choice_q() | order_q() | match_q() | short_q()
             | st.sampled_from(BANK_QUESTIONS))


@NEED_NODE
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_graders_agree(js, data):
    q = data.draw(questions, label="question")
    answer = data.draw(_answer_for(q), label="answer")
    _same(grade(q, answer), js.grade(page_key(q), answer), q, answer)


@NEED_NODE
@pytest.mark.parametrize("q", BANK_QUESTIONS, ids=lambda q: q.id)
def test_both_graders_agree_on_every_key(js, q):
    """Each real question's own key (and its listed variants) is right in both graders."""
    answers = {"single": [q.answer] if q.type == "single" else None}.get(q.type)
    if q.type == "multiple":
        answers = [list(q.answer)]
    elif q.type == "truefalse":
        answers = [q.answer, str(q.answer)]
    elif q.type == "numeric":
        answers = [q.answer, f"{q.answer:g}", f"{q.answer:g} {q.unit}"]
    elif q.type == "ordering":
        answers = [list(q.items)]
    elif q.type == "matching":
        answers = [{p.left: p.right for p in q.pairs}]
    elif q.type == "short":
        answers = list(q.answers)
    elif q.type == "open":
        answers = [{"text": "x", "self_assessment": "fully"}]
    for a in answers:
        py = grade(q, a)
        assert py.score == 1, (q.id, a)
        _same(py, js.grade(page_key(q), a), q, a)
