"""The live quiz and exercise widgets without a browser: resume from the results file, save
failures kept next to their question and out of the score, unreadable answers asked again.

The same behaviour is driven in a real JupyterLab by ``tests/test_jupyterlab.py``.
"""

from __future__ import annotations

import json

import pytest

from afghan_course import progress
from afghan_course.data import sources_by_id
from afghan_course.perspectives import ExerciseDisplay, load_exercise
from afghan_course.quiz import load_bank
from afghan_course.quiz.widgets import LiveQuiz, unreadable


def _right(view):
    q = view.q
    t = q.type
    c = view.control
    if t in ("single", "truefalse"):
        c.value = ("True" if q.answer else "False") if t == "truefalse" else q.answer
    elif t == "multiple":
        for b in c.children:
            b.value = b.description in q.answer
    elif t == "numeric":
        c.value = f"{q.answer:g}"
    elif t == "short":
        c.value = q.answers[0]
    elif t == "ordering":
        for d, item in zip(c.children, q.items, strict=True):
            d.value = item
    elif t == "matching":
        for d, p in zip(c.children, q.pairs, strict=True):
            d.value = p.right
    elif t == "open":
        c.children[0].value = "My answer"
        c.children[1].value = "partly"


@pytest.fixture
def bank():
    return load_bank("getting-started")


def test_a_quiz_shown_again_resumes_answers_verdicts_and_score(tmp_path, bank):
    path = tmp_path / "r.json"
    first = LiveQuiz(bank, bank.questions, sources_by_id(), path)
    for view in first.views:
        _right(view)
        view.check.click()
    score = first.summary.value
    assert f"{len(bank.questions)} of {len(bank.questions)} answered" in score

    again = LiveQuiz(bank, bank.questions, sources_by_id(), path)  # a restart, a re-run
    assert again.summary.value == score
    for a, b in zip(first.views, again.views, strict=True):
        assert b.read() == a.read(), b.q.id
        assert "score" in b.feedback.value, b.q.id
        assert "Your latest saved answer" in b.save_note.value
    numeric = next(v for v in again.views if v.q.type == "numeric")
    assert numeric.control.value == f"{numeric.q.answer:g}"


def test_resume_takes_the_latest_attempt_and_only_this_chapter(tmp_path, bank):
    path = tmp_path / "r.json"
    q = next(q for q in bank.questions if q.type == "single")
    wrong = next(o.text for o in q.options if o.text != q.answer)
    base = {"kind": "quiz", "objective": q.objective, "question_id": q.id, "type": "single",
            "points": q.points, "origin": "notebook"}
    progress.append([
        {**base, "chapter": bank.chapter, "answer": q.answer, "correct": True, "score": 1.0,
         "time": "2026-01-01T00:00:00+00:00"},
        {**base, "chapter": bank.chapter, "answer": wrong, "correct": False, "score": 0.0,
         "time": "2026-01-02T00:00:00+00:00"},
        {**base, "chapter": "another", "answer": q.answer, "correct": True, "score": 1.0,
         "time": "2026-01-03T00:00:00+00:00"}], path)
    live = LiveQuiz(bank, [q], sources_by_id(), path)
    assert live.views[0].control.value == wrong
    assert "Not correct" in live.views[0].feedback.value
    assert "Score: 0 of" in live.summary.value and "1 of 1 answered" in live.summary.value


def test_an_unreadable_results_file_is_named_and_left_alone(tmp_path, bank):
    path = tmp_path / "r.json"
    path.write_text("{broken")
    live = LiveQuiz(bank, bank.questions[:2], sources_by_id(), path)
    assert "could not be read" in live.status.value and str(path) in live.status.value
    assert path.read_text() == "{broken"


def test_a_save_failure_stays_next_to_its_question_and_out_of_the_score(tmp_path, bank):
    path = tmp_path / "r.json"
    qs = [q for q in bank.questions if q.type in ("single", "truefalse")][:2]
    live = LiveQuiz(bank, qs, sources_by_id(), path)
    progress.append([], path)
    path.chmod(0o444)
    one, two = live.views
    _right(one)
    one.check.click()
    assert "✓ Correct" in one.feedback.value  # the learner still sees the verdict
    assert "Not saved (question 1)" in one.save_note.value
    assert "is not writable" in one.save_note.value
    assert "Score: 0 of" in live.summary.value and "not saved" in live.summary.value
    path.chmod(0o644)
    _right(two)
    two.check.click()  # a later save that works does not erase the earlier warning
    assert "Saved to" in two.save_note.value
    assert "Not saved (question 1)" in one.save_note.value
    assert "Not saved: question 1" in live.status.value
    assert f"Score: {qs[1].points:g} of" in live.summary.value
    one.check.click()  # checked again once the file can be written
    assert "Saved to" in one.save_note.value and "Not saved" not in live.status.value
    assert "not saved" not in live.summary.value
    assert len(progress.read(path)["records"]) == 2


@pytest.mark.parametrize("typed", ["", "   ", "about four-ish", "n/a"])
def test_an_answer_that_cannot_be_read_is_asked_again_not_recorded(tmp_path, bank, typed):
    path = tmp_path / "r.json"
    q = next(q for q in bank.questions if q.type == "numeric")
    live = LiveQuiz(bank, [q], sources_by_id(), path)
    view = live.views[0]
    view.control.value = typed
    view.check.click()
    assert "then check" in view.feedback.value
    assert "ac-explanation" not in view.feedback.value  # nothing revealed
    assert not path.exists() and "0 of 1 answered" in live.summary.value


def test_empty_answers_of_every_type_are_asked_again(bank):
    for q in bank.questions:
        empty = {"single": None, "truefalse": None, "multiple": [], "numeric": "",
                 "short": " ", "ordering": [], "matching": {},
                 "open": {"text": "", "self_assessment": None}}[q.type]
        assert unreadable(q, empty), q.id
    ordering = next(q for q in bank.questions if q.type == "ordering")
    assert unreadable(ordering, [ordering.items[0]] * len(ordering.items))
    assert unreadable(ordering, list(ordering.items)) is None


def test_the_live_view_carries_its_styles_dead_note_and_key_helper(bank):
    live = LiveQuiz(bank, bank.questions[:1], sources_by_id(), None)
    classes = live.widget._dom_classes
    assert "ac-live" in classes
    kinds = [type(k).__name__ for k in live.widget.children]
    assert "KeyGuard" in kinds
    html = " ".join(getattr(k, "value", "") for k in live.widget.children
                    if isinstance(getattr(k, "value", None), str))
    assert "<style>" in html and "jupyter-widgets-disconnected" in html
    assert "Re-run this cell" in html


def test_an_exercise_grid_shown_again_resumes_the_latest_grid(tmp_path):
    path = tmp_path / "r.json"
    ex = load_exercise("recognition-neighbours")
    first = ExerciseDisplay(ex, results_path=path).live
    fields = list(first.controls)
    first.controls[fields[0]].value = "fact"
    area = next(f for f in fields if f.endswith("-interests"))
    first.controls[area].value = "Trade & <b>security</b>"
    first.save.click()
    first.controls[fields[0]].value = "value"
    first.save.click()
    again = ExerciseDisplay(ex, results_path=path).live
    assert again.controls[fields[0]].value == "value"
    assert again.controls[area].value == "Trade & <b>security</b>"
    assert "Your latest saved grid" in again.status.value
    assert json.loads(path.read_text())["records"][-1]["exercise"] == ex.id


def test_the_ordering_items_are_listed_before_the_drop_downs(bank):
    q = next(q for q in bank.questions if q.type == "ordering")
    live = LiveQuiz(bank, [q], sources_by_id(), None)
    kids = list(live.views[0].widget.children)
    listing = next(i for i, k in enumerate(kids) if "ac-items" in getattr(k, "value", ""))
    assert listing < kids.index(live.views[0].control)
    assert kids[listing].value.count("<li>") == len(q.items)


def test_verdicts_carry_words_and_icons_not_colour_alone(tmp_path, bank):
    q = next(q for q in bank.questions if q.type == "single")
    live = LiveQuiz(bank, [q], sources_by_id(), tmp_path / "r.json")
    view = live.views[0]
    view.control.value = next(o.text for o in q.options if o.text != q.answer)
    view.check.click()
    assert "✗ Not correct" in view.feedback.value and "ac-wrong" in view.feedback.value
    view.control.value = q.answer
    view.check.click()
    assert "✓ Correct" in view.feedback.value and "ac-right" in view.feedback.value
