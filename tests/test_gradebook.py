"""The gradebook merges results files from every origin, re-marks them, and skips bad files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from afghan_course import cli, progress
from afghan_course.gradebook import build
from afghan_course.quiz import grade, load_bank

BANK = load_bank("getting-started")


def _right(q):
    return {"single": lambda: q.answer, "multiple": lambda: list(q.answer),
            "truefalse": lambda: q.answer, "numeric": lambda: q.answer,
            "ordering": lambda: list(q.items),
            "matching": lambda: {p.left: p.right for p in q.pairs},
            "short": lambda: q.answers[0],
            "open": lambda: {"text": "My answer", "self_assessment": "fully"}}[q.type]()


def _doc(learner, records):
    return {"format": progress.FORMAT, "version": 1, "learner": learner, "records": records}


def _quiz(q, answer, time="2026-11-01T10:00:00+00:00", origin="notebook", **over):
    rec = progress.quiz_record(grade(q, answer), q, BANK.chapter, origin)
    rec["time"] = time
    rec.update(over)
    return rec


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    qs = BANK.questions
    out = {}

    def write(name, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if isinstance(content, str) else json.dumps(content))
        out[name] = path

    # Ada: all right in a notebook, but her first try at question 1 was wrong.
    wrong_first = next(o.text for o in qs[0].options if o.text != qs[0].answer)
    write("ada.json", _doc("Ada", [_quiz(qs[0], wrong_first, "2026-11-01T09:00:00+00:00")]
                           + [_quiz(q, _right(q)) for q in qs]))
    # Ben downloaded from the book, and edited his stored score for a wrong answer.
    ben = [_quiz(q, _right(q), origin="book") for q in qs[1:]]
    ben.append(_quiz(qs[0], wrong_first, origin="book", score=1.0, correct=True))
    write("ben.json", _doc("Ben", ben))
    # Cy answered in the student release: saved unmarked.
    write("cy.json", _doc("", [progress.answer_record(_right(q), q, BANK.chapter)
                               for q in qs[:4]]))
    write("ada-copy.json", out["ada.json"].read_text())
    write("truncated.json", out["ada.json"].read_text()[:200])
    write("foreign.json", {"name": "not ours", "records": []})
    write("partial.json", _doc("Dee", [{"kind": "quiz", "chapter": "getting-started"}]))
    write("latin1.json", "{\"learner\": \"Zoë\"}".encode("latin-1"))
    return out


def test_marks_every_origin_and_skips_bad_files(files, tmp_path):
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()}
    book = build(list(files.values()) + [tmp_path / "missing.json"])
    skipped = dict(book.skipped)
    assert skipped[str(files["ada-copy.json"])] == "duplicate of ada.json"
    assert skipped[str(files["truncated.json"])].startswith("corrupt or partial")
    assert skipped[str(files["foreign.json"])].startswith("foreign")
    assert skipped[str(files["partial.json"])].startswith("partial or damaged")
    assert skipped[str(tmp_path / "missing.json")] == "file not found"
    assert skipped[str(files["latin1.json"])] == "corrupt: not UTF-8 text"
    assert sorted(Path(p).name for p in book.used) == ["ada.json", "ben.json", "cy.json"]
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files.values()}

    by = {(r["learner"], r["objective"]): r for r in book.rows}
    total = {o: sum(q.points for q in BANK.questions if q.objective == o) for o in BANK.objectives}
    for objective in BANK.objectives:  # the latest attempt counts: Ada is right everywhere
        assert by[("Ada", objective)]["mastery_percent"] == 100.0
        assert by[("Ada", objective)]["possible"] == total[objective]
    first = BANK.questions[0]
    ben = by[("Ben", first.objective)]
    assert ben["earned"] == total[first.objective] - first.points, "stored scores are not trusted"
    cy = [r for r in book.rows if r["learner"] == "cy"]  # no name: the file's stem
    assert sum(r["answered"] for r in cy) == 4
    assert sum(r["earned"] for r in cy) == sum(q.points for q in BANK.questions[:4])


def test_cli_writes_table_and_chart(files, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    code = cli.main(["gradebook", *map(str, files.values()), "--out", str(out)])
    assert code == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "truncated.json" in captured.err
    assert "Traceback" not in captured.err
    rows = list(csv.DictReader(out.open()))
    assert {r["learner"] for r in rows} == {"Ada", "Ben", "cy"}
    assert set(rows[0]) == {"learner", "chapter", "objective", "questions", "answered", "earned",
                            "possible", "mastery_percent"}
    chart = out.with_suffix(".png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "mastery chart" in captured.out


def test_cli_without_usable_file_fails_in_one_line(files, capsys):
    code = cli.main(["gradebook", str(files["foreign.json"]), str(files["truncated.json"])])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "error: no usable results file"
    assert all(line.startswith(("skipped ", "error:")) for line in err)
