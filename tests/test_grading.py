"""Grading for every type: the right scores, partial credit, and no crash on any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_course.quiz import load_bank
from afghan_course.quiz.grading import grade, normalise, parse_number

BANK = load_bank("getting-started")
Q: dict = {}
for _q in BANK.questions:  # the first question of each type
    Q.setdefault(_q.type, _q)

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) |
    st.text(max_size=300) | st.just("<script>alert(1)</script>") | st.just("x" * 20000),
    lambda children: st.lists(children, max_size=5) |
    st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=10)


@settings(max_examples=150, deadline=None)
@given(answer=anything)
def test_no_input_crashes_any_grader(answer):
    for q in BANK.questions:
        r = grade(q, answer)
        assert 0.0 <= r.score <= 1.0
        assert isinstance(r.feedback, list) and all(isinstance(f, str) for f in r.feedback)


def test_single():
    q = Q["single"]
    assert grade(q, "Russia").correct and grade(q, "Russia").score == 1
    r = grade(q, "China")
    assert not r.correct and "not formally recognised" in r.feedback[0]
    assert grade(q, 0).answer == "Russia"
    assert grade(q, None).feedback == ["Choose one of the options."]


def test_multiple_partial_credit():
    q = Q["multiple"]
    assert grade(q, ["China", "United Arab Emirates"]).score == 1
    assert grade(q, ["China"]).score == 0.5
    assert grade(q, ["China", "United States"]).score == 0
    r = grade(q, ["China"])
    assert any("left out" in f for f in r.feedback)
    assert grade(q, "China").score == 0.5


def test_truefalse():
    q = Q["truefalse"]
    assert grade(q, False).correct and grade(q, "false").correct
    assert not grade(q, True).correct and "Not so" in grade(q, True).feedback[0]
    assert grade(q, "maybe").feedback == ["Choose True or False."]


def test_numeric_formats():
    q = Q["numeric"]
    for text in ("116", " 116 ", "116.0", 116, "1.16e2"):
        assert grade(q, text).correct, text
    assert not grade(q, "117").correct
    assert grade(q, "lots").feedback[0].startswith("Enter a number")
    assert parse_number("$9.4bn") == 9.4 and parse_number("9,4") == 9.4
    assert parse_number("1,234.5") == 1234.5 and parse_number("inf") is None
    assert parse_number(True) is None


@settings(max_examples=100, deadline=None)
@given(order=st.permutations(Q["ordering"].items))
def test_ordering_pairs_credit(order):
    q = Q["ordering"]
    r = grade(q, list(order))
    n = len(q.items)
    good = sum(1 for i in range(n) for j in range(i + 1, n)
               if order.index(q.items[i]) < order.index(q.items[j]))
    assert abs(r.score - good / (n * (n - 1) / 2)) < 1e-4
    assert r.correct == (list(order) == list(q.items))


def test_ordering_incomplete():
    q = Q["ordering"]
    assert grade(q, q.items[:2]).score == 0
    assert grade(q, list(reversed(q.items))).score == 0


def test_matching():
    q = Q["matching"]
    right = {p.left: p.right for p in q.pairs}
    assert grade(q, right).correct
    one_wrong = dict(right)
    first = q.pairs[0].left
    one_wrong[first] = q.distractors[0]
    r = grade(q, one_wrong)
    assert abs(r.score - (len(right) - 1) / len(right)) < 1e-4
    assert any(first in f for f in r.feedback)


def test_short_text_normalisation():
    q = Q["short"]
    variants = ("Da Afghanistan Bank", "da  afghanistan   bank", "DAB", "dáb.",
                " Da Afghanistan Bank (DAB) ")
    for text in variants:
        assert grade(q, text).correct, text
    assert not grade(q, "Central Bank").correct
    assert normalise("  Élan\u00a0Vital! ") == "elan vital"


def test_open_self_assessed():
    q = Q["open"]
    r = grade(q, {"text": "My answer", "self_assessment": "partly"})
    assert r.score == 0.5 and r.correct is None
    r = grade(q, {"text": "My answer"})
    assert r.score == 0 and "model answer" in r.feedback[0]
    assert grade(q, "plain text").answer == {"text": "plain text", "self_assessment": None}
