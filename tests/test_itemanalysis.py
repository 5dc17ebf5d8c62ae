"""Item analysis on a synthetic class: learners of varying ability answer a bank with a few
planted bad items (a two-parameter logistic item-response model); exactly those are flagged."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from pathlib import Path

import pytest

from afghan_course import cli, progress
from afghan_course.itemanalysis import analyse, item_chart
from afghan_course.quiz import grade
from afghan_course.quiz.model import Bank

CHAPTER = "synthetic"
LEARNERS = 400


def _single(qid: str, n: int = 4) -> dict:
    return {"id": qid, "type": "single", "objective": "SYN-1", "level": "remember",
            "difficulty": "medium", "prompt": f"Question {qid}?", "explanation": "E.",
            "sources": ["s"], "answer": f"{qid} key",
            "options": [{"text": f"{qid} key", "feedback": "Yes."}]
            + [{"text": f"{qid} d{k}", "feedback": "No."} for k in range(1, n)]}


def _tf(qid: str) -> dict:
    return {"id": qid, "type": "truefalse", "objective": "SYN-1", "level": "remember",
            "difficulty": "medium", "prompt": f"Statement {qid}.", "explanation": "E.",
            "sources": ["s"], "answer": True, "feedback_true": "Yes.", "feedback_false": "No."}


def _multiple(qid: str) -> dict:
    q = _single(qid, 5)
    q["type"] = "multiple"
    q["options"][1]["feedback"] = "Yes."
    q["answer"] = [f"{qid} key", f"{qid} d1"]
    return q


# (a, b) of the two-parameter logistic model for the well-behaved items.
GOOD = {f"good-{i}": (1.2 + 0.8 * (i % 5) / 4, -1.0 + 2.0 * (i % 7) / 6) for i in range(16)}
PLANTED = {
    "too-easy": "above 0.9",
    "too-hard": "below 0.2",
    "flat": "discrimination",
    "dead-distractor": "chosen by nobody",
    "strong-pick": "of the upper group",
}
BANK = Bank.model_validate({
    "chapter": CHAPTER, "title": "Synthetic", "objectives": {"SYN-1": "Synthetic items."},
    "questions": [_single(q) for q in [*GOOD, *PLANTED]]
    + [_tf("tf-good-1"), _tf("tf-good-2"), _multiple("multi-good")]})


def _p(theta: float, a: float, b: float) -> float:
    return 1 / (1 + math.exp(-a * (theta - b)))


def _answer(q, theta: float, rng: random.Random):
    """What a learner of ability *theta* answers: the key with 2PL probability, else a wrong one."""
    if q.type == "truefalse":
        return True if rng.random() < _p(theta, 1.5, -0.5) else rng.random() < 0.5
    key = f"{q.id} key"
    wrong = [o.text for o in q.options if o.text not in ({q.answer} if q.type == "single"
                                                         else set(q.answer))]
    if q.type == "multiple":
        return list(q.answer) if rng.random() < _p(theta, 1.6, 0.0) else \
            rng.sample([o.text for o in q.options], 2)
    a, b = GOOD.get(q.id, (1.6, 0.0))
    if q.id == "too-easy":
        a, b = 1.6, -4.0
    elif q.id == "too-hard":
        a, b = 1.6, 3.0
    elif q.id == "flat":
        a, b = 0.0, 0.0
    elif q.id == "dead-distractor":
        wrong = wrong[:-1]  # nobody is drawn to the last distractor
    elif q.id == "strong-pick":
        if theta > 0.5 and rng.random() < 0.4:
            return wrong[0]  # an attractive wrong answer that tempts strong learners
        wrong = wrong[1:]
    return key if rng.random() < _p(theta, a, b) else rng.choice(wrong)


@pytest.fixture(scope="module")
def class_files(tmp_path_factory) -> list[Path]:
    rng = random.Random(2026)
    folder = tmp_path_factory.mktemp("class")
    paths = []
    for n in range(LEARNERS):
        theta = rng.gauss(0, 1)
        records = []
        for q in BANK.questions:
            rec = progress.quiz_record(grade(q, _answer(q, theta, rng)), q, CHAPTER, "book")
            rec["time"] = "2026-11-01T10:00:00+00:00"
            records.append(rec)
        path = folder / f"learner-{n:03d}.json"
        path.write_text(json.dumps({"format": progress.FORMAT, "version": 1,
                                    "learner": f"Learner {n:03d}", "records": records}))
        paths.append(path)
    return paths


def test_flags_exactly_the_planted_items(class_files):
    result = analyse(class_files, banks={CHAPTER: BANK})
    flagged = result.flagged()
    assert set(flagged) == {f"{CHAPTER}/{qid}" for qid in PLANTED}, flagged
    for qid, expected in PLANTED.items():
        assert any(expected in f for f in flagged[f"{CHAPTER}/{qid}"]), (qid, flagged)
    rows = {r.question_id: r for r in result.rows}
    assert all(r.attempts == LEARNERS for r in rows.values())
    assert rows["too-easy"].facility > 0.9 and rows["too-hard"].facility < 0.2
    assert abs(rows["flat"].discrimination) < 0.2
    assert all(rows[q].discrimination > 0.2 for q in GOOD)
    assert rows["dead-distractor"].options["dead-distractor d3"] == 0
    assert sum(rows["tf-good-1"].options.values()) == LEARNERS


def test_facility_and_discrimination_follow_moodle_definitions(class_files):
    """Facility is the mean score; discrimination the correlation with the rest of the bank."""
    from statistics import correlation, fmean

    result = analyse(class_files[:60], banks={CHAPTER: BANK})
    docs = [json.loads(p.read_text()) for p in class_files[:60]]
    scores = [{r["question_id"]: r["score"] for r in d["records"]} for d in docs]
    row = next(r for r in result.rows if r.question_id == "good-3")
    item = [s["good-3"] for s in scores]
    rest = [sum(s.values()) - s["good-3"] for s in scores]
    assert row.facility == pytest.approx(fmean(item))
    assert row.discrimination == pytest.approx(correlation(item, rest))


def test_cli_writes_table_and_chart(class_files, tmp_path, capsys):
    from afghan_course import itemanalysis

    out, chart = tmp_path / "items.csv", tmp_path / "items.png"
    analysis = analyse(class_files, banks={CHAPTER: BANK})
    alt = item_chart(analysis, chart)
    assert chart.stat().st_size > 0 and "5 flagged" in alt and "strong-pick" in alt
    rows = list(csv.DictReader(io.StringIO(analysis.to_csv())))
    assert [r["question_id"] for r in rows] == [q.id for q in BANK.questions]
    # the command itself, on a real bank: a learner's file as the book downloads it
    from afghan_course.quiz import load_bank

    bank = load_bank("getting-started")
    q = next(q for q in bank.questions if q.type == "single")
    doc = {"format": progress.FORMAT, "version": 1, "learner": "Ada",
           "records": [progress.quiz_record(grade(q, q.answer), q, bank.chapter, "book")]}
    (tmp_path / "ada.json").write_text(json.dumps(doc))
    (tmp_path / "broken.json").write_text("{")
    assert cli.main(["item-analysis", str(tmp_path / "ada.json"), str(tmp_path / "broken.json"),
                     "--out", str(out), "--chart", str(chart)]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "broken.json" in err
    table = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question_id"], r["attempts"], r["facility"]) for r in table] == \
        [(q.id, "1", "1.000")]
    assert itemanalysis.MIN_ATTEMPTS > 1 and "too few attempts" in table[0]["flags"]
    assert cli.main(["item-analysis", str(tmp_path / "broken.json")]) == 1
