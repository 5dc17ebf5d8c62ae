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
    book = build([results], allow_name_only=True)
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


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A student release (not executed, for speed) made a git repository of its own."""
    out = tmp_path_factory.mktemp("published") / "student"
    assert cli.main(["release", "--student", str(out), "--no-execute", "--git"]) == 0
    return out


def _git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_release_is_its_own_repository_and_says_what_it_is(published, capsys):
    from afghan_course.release import is_release

    assert _git("status", "--porcelain", cwd=published) == ""
    tracked = _git("ls-files", cwd=published).splitlines()
    assert "pyproject.toml" in tracked and "README.md" in tracked and ".gitignore" in tracked
    assert not any(t.startswith(("tests/", "book/instructor/")) for t in tracked)
    readme = (published / "README.md").read_text(encoding="utf-8")
    assert "student edition" in readme and "without answer keys" in readme
    assert "python -m pip install -e .\npython -m jupyter lab" in readme
    project = (published / "pyproject.toml").read_text(encoding="utf-8")
    assert '"jupyterlab>=4.1"' in project and '"ipykernel>=6.25"' in project
    assert "pytest" not in project and "jupyter-book" not in project
    assert is_release(published) and not is_release(ROOT)
    first = _git("rev-parse", "HEAD", cwd=published)
    assert cli.main(["release", "--student", str(published), "--no-execute", "--force",
                     "--git"]) == 0  # a re-release keeps the history
    assert _git("rev-parse", "HEAD", cwd=published) == first, "nothing changed, no new commit"
    capsys.readouterr()
    _git("remote", "add", "origin", "https://git.example.edu/class/afghan-student.git",
         cwd=published)
    assert cli.main(["nbgitpuller-link", "--hub", "https://hub.example.edu", "--release",
                     str(published), "--path", "book/recognition.ipynb"]) == 0
    out, err = capsys.readouterr()
    assert "afghan-student.git" in out.replace("%2F", "/").replace("%3A", ":") and err == ""
    assert cli.main(["nbgitpuller-link", "--hub", "https://hub.example.edu", "--release",
                     str(ROOT)]) == 2
    assert "not a student release" in capsys.readouterr().err


def test_release_installs_and_runs_from_its_own_repository(published, tmp_path):
    """Clone the release, install it offline into a fresh venv, run a notebook there."""
    import site
    import sysconfig
    import venv

    clone = tmp_path / "clone"
    _git("clone", "-q", str(published), str(clone), cwd=tmp_path)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True, check=True)
    # The course's dependencies come from this environment, not the network.
    here = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(purelib.stdout.strip()) / "course-deps.pth").write_text("\n".join(here) + "\n")
    run = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                          "--no-build-isolation", "-e", str(clone)], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    check = ("import importlib.metadata as m\n"
             "from packaging.requirements import Requirement\n"
             "def ok(r):\n"
             "    try:\n"
             "        return r.specifier.contains(m.version(r.name), prereleases=True)\n"
             "    except m.PackageNotFoundError:\n"
             "        return False\n"
             "reqs = [Requirement(r) for r in m.requires('afghan-course-student')]\n"
             "print([str(r) for r in reqs if not ok(r)])")
    found = subprocess.run([str(py), "-c", check], capture_output=True, text=True)
    assert found.stdout.strip() == "[]", found.stdout + found.stderr
    env = {k: v for k, v in os.environ.items() if k != "AFGHAN_COURSE_ROOT"}
    env["AFGHAN_COURSE_RESULTS"] = str(tmp_path / "results.json")
    where = subprocess.run([str(py), "-c", "from afghan_course.paths import course_root; "
                            "print(course_root())"], capture_output=True, text=True, env=env,
                           cwd=tmp_path)
    assert where.stdout.strip() == str(clone), where.stderr
    nb = clone / "book" / "how-quizzes-work.ipynb"
    run = subprocess.run([str(py), "-m", "afghan_course.notebooks", "execute", str(nb)],
                         capture_output=True, text=True, env=env, cwd=clone)
    assert run.returncode == 0, run.stderr[-2000:]
    outputs = json.dumps([c.get("outputs") for c in json.loads(nb.read_text())["cells"]])
    assert "answers are saved for your instructor to mark" in outputs
    assert "in the book" not in outputs
    lab = subprocess.run([str(py), "-m", "jupyterlab", "--version"],
                         capture_output=True, text=True, env=env)
    assert lab.returncode == 0 and lab.stdout.strip()[:1] == "4", lab.stderr[-500:]
