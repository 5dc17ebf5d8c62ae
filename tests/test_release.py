"""The student release: keys removed as marked once in the source, notebooks still run,
and the leak scan finds a key if one slips in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from afghan_course import cli, progress
from afghan_course.errors import CourseError
from afghan_course.gradebook import build
from afghan_course.paths import course_root
from afghan_course.quiz.bank import parse_bank
from afghan_course.quiz.student import StudentBank
from afghan_course.release import BANK_KEY_FIELDS, leaks, release_student

ROOT = course_root()


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student") / "release"
    report = release_student(out)
    assert report.problems == []
    assert report.notebooks >= 9 and report.cells_removed >= 9
    assert report.banks == len(list((ROOT / "quizzes").glob("*.yml")))
    return out


def test_banks_keep_questions_and_lose_every_key(release):
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        full = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (release / "quizzes" / path.name).read_text(encoding="utf-8")
        student = parse_bank(text, path.name)
        assert isinstance(student, StudentBank)
        assert [q.id for q in student.questions] == [q["id"] for q in full["questions"]]
        assert [q.prompt for q in student.questions] == [q["prompt"] for q in full["questions"]]
        released = yaml.safe_load(text)
        for q in released["questions"]:
            left = BANK_KEY_FIELDS & set(q)
            assert not left, f"{path.name} {q['id']}: {left}"
            if q["type"] == "ordering":
                key = next(f["items"] for f in full["questions"] if f["id"] == q["id"])
                assert sorted(q["items"]) == sorted(key) and q["items"] != key, \
                    "the order itself is the key"


def test_notebooks_lose_solutions_and_instructor_notes(release):
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        full = nbformat.read(path, as_version=4)
        out = nbformat.read(release / "book" / path.name, as_version=4)
        removed = [c for c in full.cells
                   if {"solution", "instructor"} & set(c.metadata.get("tags", []))]
        kept_sources = [c.source for c in out.cells]
        for cell in removed:
            assert cell.source not in kept_sources
        assert len(out.cells) == len(full.cells) - len(removed)
        assert all(c.outputs for c in out.cells if c.cell_type == "code"), \
            f"{path.name}: released notebooks are stored executed"
    assert not (release / "book" / "instructor").exists()


def test_exercises_lose_model_answers_rubrics_and_the_claim_key(release):
    from afghan_course.perspectives.loader import parse_exercise

    for path in sorted((ROOT / "exercises").glob("*.yml")):
        text = (release / "exercises" / path.name).read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
        assert "model_answer" not in raw and "rubric" not in raw
        assert all("kind" not in c for d in raw["documents"] for c in d["claims"])
        ex = parse_exercise(text, path.name)
        assert ex.edition == "student" and ex.model_answer is None


def test_released_notebooks_pass_nbval(release):
    env = {**os.environ, "AFGHAN_COURSE_ROOT": str(release)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-p", "no:xdist", "--nbval", "--nbval-sanitize-with",
                          str(ROOT / "tests" / "nbval_sanitize.cfg"), "book"],
                         cwd=release, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


def test_leak_scan_finds_planted_keys(release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    assert leaks(copy, ROOT) == []
    full = yaml.safe_load((ROOT / "quizzes" / "recognition.yml").read_text(encoding="utf-8"))
    explanation = full["questions"][0]["explanation"]
    nb_path = copy / "book" / "intro-notes.md"
    nb_path.write_text(f"Notes\n\n{explanation}\n", encoding="utf-8")
    bank = copy / "quizzes" / "sanctions.yml"
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "x"
    bank.write_text(yaml.safe_dump(data), encoding="utf-8")
    ex_model = yaml.safe_load((ROOT / "exercises" / "recognition-neighbours.yml")
                              .read_text(encoding="utf-8"))["model_answer"]
    nb = nbformat.read(copy / "book" / "recognition.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(ex_model))
    nbformat.write(nb, copy / "book" / "recognition.ipynb")
    problems = leaks(copy, ROOT)
    assert any("intro-notes.md" in p and "recognition.yml" in p for p in problems)
    assert any("sanctions.yml" in p and "key field" in p for p in problems)
    assert any("recognition.ipynb" in p and "model answer" in p for p in problems)


def test_student_quiz_saves_answers_for_the_gradebook(release, tmp_path, monkeypatch):
    from afghan_course import paths, quiz

    monkeypatch.setenv("AFGHAN_COURSE_ROOT", str(release))
    paths.course_root.cache_clear()
    results = tmp_path / "r.json"
    shown = quiz.show("getting-started", results_path=results, learner="Sam")
    assert "ac-answer" not in shown.html and "ac-quiz-data" not in shown.html
    live = shown.live
    view = next(v for v in live.views if v.q.type == "single")
    view.control.value = view.q.options[0].text
    view.check.click()
    assert "saved for your instructor" in view.feedback.value
    doc = progress.read(results)
    assert doc["records"][0]["graded"] is False and doc["records"][0]["score"] is None
    monkeypatch.delenv("AFGHAN_COURSE_ROOT")
    paths.course_root.cache_clear()
    book = build([results])
    assert book.used == [str(results)] and {r["learner"] for r in book.rows} == {"Sam"}
    assert sum(r["answered"] for r in book.rows) == 1


def test_release_refuses_unsafe_targets(tmp_path, capsys):
    with pytest.raises(CourseError, match="outside the course's sources"):
        release_student(ROOT / "book" / "student", execute=False)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("learner work")
    assert cli.main(["release", "--student", str(busy)]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert (busy / "keep.txt").read_text() == "learner work"


def test_every_chapter_marks_its_instructor_notes_once():
    """Instructor notes exist in the one source, tagged, so both editions come from it."""
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if "quiz.show(" not in text or path.stem == "how-quizzes-work":
            continue
        cells = json.loads(text)["cells"]
        tagged = [c for c in cells if "instructor" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) >= 1, f"{path.name}: no instructor notes"
