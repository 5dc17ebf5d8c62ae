"""The results file: atomic appends, concurrent writers, corrupt files kept aside."""

from __future__ import annotations

import multiprocessing as mp
import warnings

import pytest

from afghan_course import progress
from afghan_course.cli import main
from afghan_course.errors import CourseError
from afghan_course.quiz import grade, load_bank


def _record(qid="q1", score=1.0, chapter="demo", objective="D-1", time="2026-01-01T00:00:00+00:00"):
    return {"kind": "quiz", "chapter": chapter, "objective": objective, "question_id": qid,
            "type": "single", "answer": "A", "correct": score == 1, "score": score,
            "points": 1.0, "time": time, "origin": "notebook"}


def test_append_creates_and_extends(tmp_path):
    path = tmp_path / "r.json"
    progress.append([_record()], path, learner="Ada")
    progress.append([_record("q2", 0.0)], path)
    doc = progress.read(path)
    assert doc["learner"] == "Ada" and [r["question_id"] for r in doc["records"]] == ["q1", "q2"]
    assert not list(tmp_path.glob("*.tmp"))


def _writer(args):
    path, n, who = args
    for i in range(n):
        progress.append([_record(f"{who}-{i}")], path)


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "r.json"
    ctx = mp.get_context("fork")
    with ctx.Pool(4) as pool:
        pool.map(_writer, [(str(path), 25, f"w{k}") for k in range(4)])
    ids = [r["question_id"] for r in progress.read(path)["records"]]
    assert len(ids) == 100 and len(set(ids)) == 100


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": "other"}', "\udcff"])
def test_corrupt_file_is_kept_aside(tmp_path, content):
    path = tmp_path / "r.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress.append([_record()], path)
    assert any("kept it as" in str(w.message) for w in caught)
    aside = list(tmp_path.glob("r.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert len(progress.read(path)["records"]) == 1


def test_read_reports_foreign_files(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"format": "afghan-course-results", "version": 1, "records": [{"kind": "quiz"}]}')
    with pytest.raises(CourseError) as exc:
        progress.read(p)
    assert "record 1" in exc.value.line() and "\n" not in exc.value.line()


def test_summary_command(tmp_path, capsys):
    path = tmp_path / "r.json"
    bank = load_bank("getting-started")
    q = bank.question("gs-first-recognition")
    progress.append([progress.quiz_record(grade(q, "Russia"), q, bank.chapter)], path, "Ada")
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    assert main(["progress", "summary", str(path), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "learner: Ada" in captured.out and "(100%)" in captured.out
    n = len(bank.questions)
    assert f"completion 1/{n} ({round(100 / n, 1):g}%)" in captured.out
    assert "bad.json: not valid JSON" in captured.err
    assert bad.read_text() == "nope"
