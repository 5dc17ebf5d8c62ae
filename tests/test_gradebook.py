"""The gradebook: identity, one meaning for every number, marks, conflicts and safe output."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from afghan_course import cli, paths, progress
from afghan_course.gradebook import build, summary_lines
from afghan_course.quiz import grade, load_bank
from afghan_course.quiz.student import student_bank_data

BANK = load_bank("getting-started")
OPEN = next(q for q in BANK.questions if q.type == "open")


def _right(q):
    return {"single": lambda: q.answer, "multiple": lambda: list(q.answer),
            "truefalse": lambda: q.answer, "numeric": lambda: q.answer,
            "ordering": lambda: list(q.items),
            "matching": lambda: {p.left: p.right for p in q.pairs},
            "short": lambda: q.answers[0],
            "open": lambda: {"text": "My answer", "self_assessment": "fully"}}[q.type]()


def _doc(learner, records, learner_id=""):
    return {"format": progress.FORMAT, "version": 1, "learner": learner,
            "learner_id": learner_id, "records": records}


def _quiz(q, answer, time="2026-11-01T10:00:00+00:00", origin="notebook", **over):
    rec = progress.quiz_record(grade(q, answer), q, BANK.chapter, origin)
    rec["time"] = time
    rec.update(over)
    return rec


def _write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    qs = BANK.questions
    out = {}

    def write(name, content):
        out[name] = _write(tmp_path / name, content)

    # Ada: all right in a notebook, but her first try at question 1 was wrong.
    wrong_first = next(o.text for o in qs[0].options if o.text != qs[0].answer)
    write("ada.json", _doc("Ada", [_quiz(qs[0], wrong_first, "2026-11-01T09:00:00+00:00")]
                           + [_quiz(q, _right(q)) for q in qs], "s1001"))
    # Ben downloaded from the book, and edited his stored score for a wrong answer.
    ben = [_quiz(q, _right(q), origin="book") for q in qs[1:]]
    ben.append(_quiz(qs[0], wrong_first, origin="book", score=1.0, correct=True))
    write("ben.json", _doc("Ben", ben, "S1002"))
    # Cy answered in the student release: saved unmarked.
    write("cy.json", _doc("Cy", [progress.answer_record(_right(q), q, BANK.chapter)
                                 for q in qs[:4]], " s 1003 "))
    write("ada-copy.json", out["ada.json"].read_text())
    write("truncated.json", out["ada.json"].read_text()[:200])
    write("foreign.json", {"name": "not ours", "records": []})
    write("partial.json", _doc("Dee", [{"kind": "quiz", "chapter": "getting-started"}], "x"))
    write("latin1.json", "{\"learner\": \"Zoë\"}".encode("latin-1"))
    write("noid.json", _doc("Eve", [_quiz(qs[0], qs[0].answer)]))
    return out


def test_marks_every_origin_and_skips_bad_files(files, tmp_path):
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()}
    book = build(list(files.values()) + [tmp_path / "missing.json"])
    skipped = dict(book.skipped)
    assert skipped[str(files["ada-copy.json"])] == f"duplicate of {files['ada.json']}"
    assert skipped[str(files["truncated.json"])].startswith("corrupt or partial")
    assert skipped[str(files["foreign.json"])].startswith("foreign")
    assert skipped[str(files["partial.json"])].startswith("partial or damaged")
    assert skipped[str(tmp_path / "missing.json")] == "file not found"
    assert skipped[str(files["latin1.json"])] == "corrupt: not UTF-8 text"
    assert skipped[str(files["noid.json"])].startswith("no learner id (name 'Eve')")
    assert sorted(Path(p).name for p in book.used) == ["ada.json", "ben.json", "cy.json"]
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()}

    by = {(r["learner"], r["objective"]): r for r in book.rows}
    assert {r["learner_id"] for r in book.rows} == {"s1001", "S1002", "s 1003"}
    total = {o: sum(q.points for q in BANK.questions if q.objective == o) for o in BANK.objectives}
    for objective in BANK.objectives:  # the latest attempt counts; Ada's open answer self-rated
        ada = by[("Ada", objective)]
        assert ada["completion_percent"] == 100.0 and ada["possible"] == total[objective]
        if objective != OPEN.objective:
            assert ada["mastery_of_answered_percent"] == 100.0
    first = BANK.questions[0]
    ben = by[("Ben", first.objective)]
    assert ben["earned"] == total[first.objective] - first.points, "stored scores are not trusted"
    cy = [r for r in book.rows if r["learner"] == "Cy"]  # student release: marked here
    assert sum(r["answered"] for r in cy) == 4
    assert sum(r["earned"] for r in cy) == sum(q.points for q in BANK.questions[:4])


def test_mastery_of_what_was_answered_and_completion(tmp_path):
    """One right answer of an objective's several questions: mastery 100 %, completion less."""
    objective = "GS-2"
    qs = [q for q in BANK.questions if q.objective == objective]
    path = _write(tmp_path / "a.json", _doc("Ada", [_quiz(qs[0], _right(qs[0]))], "s1"))
    row = next(r for r in build([path]).rows if r["objective"] == objective)
    assert row["mastery_of_answered_percent"] == 100.0
    assert row["completion_percent"] == round(100 / len(qs), 1)
    assert row["earned"] == row["marked_points"] == qs[0].points
    untouched = next(r for r in build([path]).rows if r["objective"] == "GS-1")
    assert untouched["mastery_of_answered_percent"] is None, "nothing answered: no mastery"
    lines = "\n".join(summary_lines(path))  # progress summary says the same numbers
    assert f"completion 1/{len(qs)} ({round(100 / len(qs), 1):g}%)" in lines
    assert f"mastery of what was answered {qs[0].points:g}/{qs[0].points:g} points (100%)" in lines


def test_self_rated_answers_are_kept_apart(tmp_path):
    rec = _quiz(OPEN, {"text": "idk", "self_assessment": "fully"})
    path = _write(tmp_path / "a.json", _doc("Ada", [rec], "s1"))
    row = next(r for r in build([path]).rows if r["objective"] == OPEN.objective)
    assert row["self_rated"] == 1 and row["self_rated_percent"] == 100.0
    assert row["marked"] == 0 and row["earned"] == 0 and row["mastery_of_answered_percent"] is None
    counted = next(r for r in build([path], count_self_rated=True).rows
                   if r["objective"] == OPEN.objective)
    assert counted["earned"] == OPEN.points and counted["mastery_of_answered_percent"] == 100.0
    assert "self-rated 1 (100%, not counted)" in "\n".join(summary_lines(path))


def test_identity_names_normalised_and_duplicates_reported(tmp_path):
    q = BANK.questions[0]
    a = _write(tmp_path / "a.json", _doc("ben okafor ", [_quiz(q, q.answer)]))
    b = _write(tmp_path / "b.json", _doc("Ben  Okafor", [_quiz(BANK.questions[1],
                                                             _right(BANK.questions[1]))]))
    book = build([a, b], allow_name_only=True)
    assert len(book.learners) == 1 and book.learners[0].files == [str(a), str(b)]
    c = _write(tmp_path / "c.json", _doc("Bén Okafor.", [_quiz(q, q.answer)], "s1"))
    d = _write(tmp_path / "d.json", _doc("Ben Okafor", [_quiz(q, q.answer)], "s2"))
    book = build([c, d])
    assert len(book.learners) == 2
    assert any(n.startswith("likely duplicates:") and "ben okafor" in n for n in book.notes)


def test_two_files_claiming_one_learner_conflict(tmp_path, capsys):
    q = BANK.questions[0]
    wrong = next(o.text for o in q.options if o.text != q.answer)
    first = [_quiz(q, wrong, "2026-11-01T09:00:00+00:00")]
    a = _write(tmp_path / "book.json", _doc("Ada", first, "s1"))
    later = _write(tmp_path / "later.json", _doc("Ada", first + [_quiz(q, q.answer)], "S1"))
    book = build([a, later])  # a later download holds the earlier one: no conflict
    assert not book.conflicts and len(book.learners) == 1
    other = _write(tmp_path / "notebook.json",
                   _doc("Ada L", [_quiz(q, q.answer, "2026-11-02T09:00:00+00:00")], "s1"))
    book = build([a, other])
    assert len(book.conflicts) == 1 and not book.learners
    assert str(a) in book.conflicts[0] and str(other) in book.conflicts[0]
    assert cli.main(["gradebook", str(a), str(other)]) == 1
    err = capsys.readouterr().err
    assert "conflict:" in err and "Traceback" not in err


def test_out_never_overwrites_inputs_or_results(files, tmp_path, capsys):
    ada = files["ada.json"]
    before = ada.read_bytes()
    assert cli.main(["gradebook", str(ada), "--out", str(ada)]) == 1
    other = _write(tmp_path / "other-results.json", _doc("Zed", [], "z"))
    assert cli.main(["gradebook", str(ada), "--out", str(other)]) == 1
    assert cli.main(["gradebook", str(ada), "--out", str(tmp_path / "g.csv"),
                     "--chart", str(other)]) == 1
    err = capsys.readouterr().err
    assert "is one of the input files" in err and "never written over" in err
    assert ada.read_bytes() == before and json.loads(other.read_text())["learner"] == "Zed"
    assert not (tmp_path / "g.csv").exists()


def test_cli_writes_table_and_chart(files, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    code = cli.main(["gradebook", *map(str, files.values()), "--out", str(out)])
    assert code == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "truncated.json" in captured.err
    assert "Traceback" not in captured.err
    rows = list(csv.DictReader(out.open()))
    assert {r["learner"] for r in rows} == {"Ada", "Ben", "Cy"}
    assert "completion_percent" in rows[0] and "mastery_of_answered_percent" in rows[0]
    assert "self_rated" in rows[0]
    chart = out.with_suffix(".png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "class chart" in captured.out and "never-attempted" in captured.out


def test_cli_without_usable_file_fails_in_one_line(files, capsys):
    code = cli.main(["gradebook", str(files["foreign.json"]), str(files["truncated.json"])])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: gradebook: no usable results file")
    assert all(line.startswith(("skipped ", "error:")) for line in err)


def test_marks_file_replaces_self_rating(tmp_path):
    rec = _quiz(OPEN, {"text": "idk", "self_assessment": "fully"})
    path = _write(tmp_path / "a.json", _doc("Ada", [rec], "s1"))
    possible = sum(c.max_points for c in OPEN.rubric)
    marks = _write(tmp_path / "marks.json", {
        "format": "afghan-course-marks", "version": 1, "marks": [{
            "learner_id": "S1", "learner": "Ada", "kind": "quiz", "chapter": BANK.chapter,
            "item": OPEN.id, "earned": 1, "possible": possible, "comment": "Name the rows.",
            "criteria": [], "answer_time": rec["time"], "time": "2026-12-01T00:00:00+00:00"}]})
    book = build([path, marks])
    row = next(r for r in book.rows if r["objective"] == OPEN.objective)
    assert row["self_rated"] == 0 and row["marked"] == 1
    assert row["earned"] == round(OPEN.points * 1 / possible, 2)
    bad = _write(tmp_path / "bad-marks.json", {"format": "afghan-course-marks", "version": 1,
                                                "marks": [{"kind": "quiz"}]})
    assert dict(build([path, bad]).skipped)[str(bad)].startswith("partial or damaged")


def test_keyless_banks_are_refused_and_summary_says_where(tmp_path, monkeypatch, capsys):
    root = tmp_path / "release"
    shutil.copytree(paths.course_root() / "data", root / "data")
    shutil.copytree(paths.course_root() / "exercises", root / "exercises")
    (root / "quizzes").mkdir()
    import yaml
    (root / "quizzes" / "getting-started.yml").write_text(
        yaml.safe_dump(student_bank_data(BANK)), encoding="utf-8")
    results = _write(tmp_path / "r.json", _doc("Cy", [
        progress.answer_record(_right(q), q, BANK.chapter) for q in BANK.questions[:6]], "s3"))
    monkeypatch.setenv("AFGHAN_COURSE_ROOT", str(root))
    paths.course_root.cache_clear()
    try:
        assert cli.main(["gradebook", str(results)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "without answer keys" in err[0]
        assert "AFGHAN_COURSE_ROOT" in err[0]
        assert "6 answer(s) saved for marking" in "\n".join(summary_lines(results))
    finally:
        monkeypatch.delenv("AFGHAN_COURSE_ROOT")
        paths.course_root.cache_clear()
    lines = "\n".join(summary_lines(results))  # the full course marks them
    assert "no quiz answers yet" not in lines and "mastery of what was answered" in lines
