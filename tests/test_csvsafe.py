"""CSV injection: learner text in the gradebook never starts a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json

import pytest

from afghan_course import csvsafe
from afghan_course.gradebook import build

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd",
            "  =1+1", "＝1+1", "=cmd|'/c calc'!A1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_starts_get_a_quote(text):
    assert csvsafe.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Ada", "O'Brien", "محمد", "", "a=b", 3, -3.5, None, "x-1"])
def test_everything_else_is_left_alone(value):
    assert csvsafe.neutralise(value) == value


def test_to_csv_round_trips_quotes_and_line_breaks():
    rows = [{"a": 'He said "no", then\nleft', "b": "=1+1"}, {"a": -1, "b": "ok"}]
    text = csvsafe.to_csv(["a", "b"], rows)
    back = list(csv.DictReader(io.StringIO(text)))
    assert back[0] == {"a": 'He said "no", then\nleft', "b": "'=1+1"}
    assert back[1] == {"a": "-1", "b": "ok"}


def test_gradebook_neutralises_learner_names(tmp_path):
    doc = {"format": "afghan-course-results", "version": 1,
           "learner": "=HYPERLINK(\"http://evil\",\"click\")", "learner_id": "@SUM(1)",
           "records": [{"kind": "quiz", "chapter": "getting-started", "objective": "GS-1",
                        "question_id": "gs-doha-party", "type": "truefalse", "answer": False,
                        "correct": True, "score": 1.0, "points": 1.0,
                        "time": "2026-11-28T10:00:00+00:00", "origin": "book"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(build([path]).to_csv())))
    assert rows and all(r["learner"].startswith("'=HYPERLINK") for r in rows)
    assert all(r.get("learner_id", "'@").startswith("'@SUM") for r in rows)
    assert all(not v.startswith(tuple(csvsafe.FORMULA_STARTS)) for r in rows for v in r.values()
               if not v.lstrip("-").replace(".", "").isdigit())
