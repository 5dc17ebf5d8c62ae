"""Option order, item-writing rules and simulated test-wise learners on every bank."""

from __future__ import annotations

import pytest

from afghan_course.quiz import all_banks
from afghan_course.quiz.lint import lint_bank, measure
from afghan_course.quiz.model import Bank
from afghan_course.quiz.order import item_texts, option_texts, permutation, shuffled
from afghan_course.quiz.render_html import render_quiz_html
from afghan_course.quiz.simulate import MARGIN, beats_random, scores
from afghan_course.quiz.student import StudentBank, student_bank_data

BANKS = all_banks()


def test_permutation_is_reproducible_and_a_permutation():
    p = permutation("rec-estrada", "options", 5)
    assert sorted(p) == list(range(5))
    assert p == permutation("rec-estrada", "options", 5)
    assert shuffled("x", "options", ["b", "a", "c"]) == shuffled("x", "options", ["c", "b", "a"])


@pytest.mark.parametrize("bank", BANKS, ids=[b.chapter for b in BANKS])
def test_every_bank_meets_the_item_writing_rules(bank):
    misses, _notes = lint_bank(bank)
    assert [m.line() for m in misses] == []


@pytest.mark.parametrize("bank", BANKS, ids=[b.chapter for b in BANKS])
def test_no_test_wise_learner_beats_random(bank):
    assert beats_random(bank) == [], scores(bank)


def test_shown_order_does_not_follow_the_bank_and_is_shared_by_every_edition():
    m = measure(BANKS, shown=True)
    assert m.key_first < m.single  # bank order had every key first
    for bank in BANKS:
        student = StudentBank.model_validate(student_bank_data(bank))
        for q, s in zip(bank.questions, student.questions, strict=True):
            if q.type in ("single", "multiple"):
                assert option_texts(s) == option_texts(q)
            if q.type == "ordering":
                assert item_texts(s) == item_texts(q) != list(q.items)


def _bank(questions: list[dict]) -> Bank:
    return Bank.model_validate({"chapter": "t", "title": "T", "objectives": {"T-1": "t"},
                                "questions": questions})


def _single(qid: str, options: list[str], answer: str, **extra) -> dict:
    return {"id": qid, "type": "single", "objective": "T-1", "level": "remember",
            "difficulty": "easy", "prompt": "Which one is it here?", "explanation": "E.",
            "sources": ["s"], "answer": answer,
            "options": [{"text": t, "feedback": "No. This is a misconception that readers hold."}
                        for t in options], **extra}


def test_lint_names_rule_question_and_reports_pins():
    bank = _bank([
        _single("a", ["short", "tiny", "a much much longer option than the rest of them all"],
                "a much much longer option than the rest of them all"),
        _single("b", ["none / some", "most", "all of the above"], "most", order="fixed"),
    ])
    misses, notes = lint_bank(bank)
    rules = {(m.item, m.rule) for m in misses}
    assert ("question a", "option-length") in rules
    assert ("question b", "all-none-of-the-above") in rules
    assert notes == ["quizzes/t.yml: question b: order: fixed (options shown as listed)"]
    assert option_texts(bank.question("b")) == ["none / some", "most", "all of the above"]


def test_simulated_longest_learner_catches_a_long_key():
    qs = [_single(f"q{i}", [f"key option that is clearly the longest {i}", f"no{i}", f"nah{i}"],
                  f"key option that is clearly the longest {i}") for i in range(6)]
    s = scores(_bank(qs))
    assert s["longest"] == 1.0 and s["longest"] > s["random"] + MARGIN


def test_static_html_shows_the_shuffled_order():
    bank = next(b for b in BANKS if b.chapter == "recognition")
    q = bank.question("rec-estrada")
    html = render_quiz_html(bank, [q], {})
    positions = [html.index(f'value="{t}"'.replace("'", "&#x27;")) for t in option_texts(q)]
    assert positions == sorted(positions)


def test_live_widget_shows_the_same_order_as_the_book():
    from afghan_course.quiz.widgets import QuestionView

    bank = next(b for b in BANKS if b.chapter == "recognition")
    for q in bank.questions:
        view = QuestionView(q, 1, lambda *_: None)
        if q.type == "single":
            assert list(view.control.options) == option_texts(q)
        elif q.type == "multiple":
            assert [b.description for b in view.control.children] == option_texts(q)
        elif q.type == "ordering":
            assert list(view.control.children[0].options)[1:] == item_texts(q)
