"""Bank validation (one line per fault), the published schema, and data-ref keys."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from afghan_course.cli import main
from afghan_course.errors import CourseError, CourseErrors
from afghan_course.quiz import all_banks, load_bank, select
from afghan_course.quiz.bank import parse_bank
from afghan_course.quiz.datarefs import evaluate, matches
from afghan_course.quiz.model import HIGHER_LEVELS, json_schema

ROOT = Path(__file__).resolve().parent.parent
GOOD = yaml.safe_load((ROOT / "quizzes" / "getting-started.yml").read_text(encoding="utf-8"))
SOURCES = {"src-a"}


def _bank(**changes) -> dict:
    bank = {"chapter": "demo", "title": "Demo", "objectives": {"D-1": "Know things"},
            "questions": [{
                "id": "q1", "type": "single", "objective": "D-1", "level": "remember",
                "difficulty": "easy", "prompt": "Pick A", "explanation": "Because.",
                "sources": ["src-a"], "answer": "A",
                "options": [{"text": "A", "feedback": "yes"}, {"text": "B", "feedback": "no"}]}]}
    for key, value in changes.items():
        if key.startswith("q_"):
            if value is None:
                bank["questions"][0].pop(key[2:], None)
            else:
                bank["questions"][0][key[2:]] = value
        else:
            bank[key] = value
    return bank


def _errors(bank: dict | str) -> list[str]:
    text = bank if isinstance(bank, str) else yaml.safe_dump(bank)
    try:
        parse_bank(text, "quizzes/demo.yml", SOURCES)
    except CourseErrors as exc:
        return [e.line() for e in exc.errors]
    except CourseError as exc:
        return [exc.line()]
    return []


def test_valid_bank_passes():
    assert _errors(_bank()) == []


@pytest.mark.parametrize("bank,expected", [
    ("title: x\nchapter: [unclosed\n", "quizzes/demo.yml: line 3: not valid YAML"),
    (_bank(q_type="essay"), "quizzes/demo.yml: question q1: unknown question type 'essay'"),
    (_bank(q_answer="C"), "quizzes/demo.yml: question q1: answer 'C' is not among the options"),
    (_bank(q_explanation=None), "quizzes/demo.yml: question q1: field explanation: is required"),
    (_bank(q_sources=["nowhere"]),
     "quizzes/demo.yml: question q1: field sources: source 'nowhere' is not an id"),
    (_bank(q_objective="X-9"), "question q1: objective X-9 is not listed"),
    (_bank(q_colour="red"), "quizzes/demo.yml: question q1: field colour: is not a known field"),
])
def test_malformed_bank_one_line(bank, expected):
    errors = _errors(bank)
    assert errors and expected in errors[0], errors
    assert all("\n" not in e for e in errors)


def test_duplicate_id():
    bank = _bank()
    bank["questions"].append(dict(bank["questions"][0]))
    assert any("question q1: duplicate id" in e for e in _errors(bank))


def test_schema_file_is_generated_from_model():
    published = json.loads((ROOT / "quizzes" / "schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(), "run: afghan-course quiz schema --out quizzes/schema.json"


def test_banks_validate_against_published_schema():
    schema = json.loads((ROOT / "quizzes" / "schema.json").read_text(encoding="utf-8"))
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(raw, default=str)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_bank(q_type="essay"), schema)


def test_every_real_bank_loads_and_keys_match_data():
    banks = all_banks()
    assert banks
    for bank in banks:
        for q in bank.questions:
            if q.data_ref is None:
                continue
            value = evaluate(q.data_ref, bank.chapter, q.id)
            assert matches(value, q.data_ref.expect), (bank.chapter, q.id, value)
            if q.type == "numeric":
                assert abs(float(value) - q.answer) <= q.tolerance + 1e-9, (q.id, value)


def test_a_data_change_fails_the_key(monkeypatch):
    from afghan_course.quiz import datarefs

    q = load_bank("getting-started").question("gs-unga-2025-yes")
    real = datarefs.load

    def shifted(name, *a, **k):
        df = real(name, *a, **k)
        if name == "un_votes":
            df.loc[df["id"] == "V016", "in_favour"] = 117
        return df

    monkeypatch.setattr(datarefs, "load", shifted)
    assert not matches(evaluate(q.data_ref), q.data_ref.expect)


CHAPTER_BANKS = [p.stem for p in sorted((ROOT / "quizzes").glob("*.yml"))
                 if p.stem != "getting-started"]


@pytest.mark.parametrize("chapter", CHAPTER_BANKS)
def test_chapter_bank_meets_the_standard(chapter):
    bank = load_bank(chapter)
    qs = bank.questions
    assert len(qs) >= 15
    for obj in bank.objectives:
        assert sum(q.objective == obj for q in qs) >= 2, obj
    assert sum(q.level in HIGHER_LEVELS for q in qs) / len(qs) >= 0.4
    assert len({q.type for q in qs}) >= 4


def test_select_subsets():
    bank = load_bank("getting-started")
    assert [q.id for q in select(bank, ids=["gs-doha-party"])] == ["gs-doha-party"]
    assert {q.objective for q in select(bank, objective="GS-1")} == {"GS-1"}
    a = [q.id for q in select(bank, shuffle=True, seed=1)]
    b = [q.id for q in select(bank, shuffle=True, seed=1)]
    assert a == b and sorted(a) == sorted(q.id for q in bank.questions)
    with pytest.raises(CourseError):
        select(bank, ids=["nope"])


def test_quiz_check_command(tmp_path, capsys):
    assert main(["quiz", "check"]) == 0
    bad = tmp_path / "demo.yml"
    bad.write_text(yaml.safe_dump(_bank(q_answer="Z")), encoding="utf-8")
    assert main(["quiz", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "question q1: answer 'Z' is not among the options" in err


def _open_bank(levels_yaml: str) -> str:
    return f"""chapter: demo
title: Demo
objectives: {{D-1: Know things}}
questions:
  - id: q1
    type: open
    objective: D-1
    level: remember
    difficulty: easy
    prompt: Say who said it.
    explanation: Because.
    sources: [src-a]
    model_answer: A named, dated speaker.
    rubric:
      - criterion: Attribution
        levels: {levels_yaml}
"""


def test_rubric_level_split_by_an_unquoted_comma_is_caught():
    split = _errors(_open_bank("[Not attributed, Speaker named, Speaker, date and context given]"))
    assert len(split) == 1
    assert "question q1" in split[0]
    assert "level 4 'date and context given' starts in lower case" in split[0]
    assert "level 3 'Speaker'" in split[0]
    quoted = '[Not attributed, Speaker named, "Speaker, date and context given"]'
    assert _errors(_open_bank(quoted)) == []



def test_new_material_is_read_from_a_bank():
    material = {"table": "statements", "row": "ST001", "what": "Mujahid's words of 2023"}
    assert _errors(_bank(q_level="analyse", q_new_material=material)) == []
    errors = _errors(_bank(q_level="analyse", q_new_material={"table": "nowhere", "row": "1",
                                                              "what": "x"}))
    assert len(errors) == 1 and "question q1" in errors[0]
