"""The student release: what learners are handed, made from the one source.

``afghan-course release --student OUT/`` copies the course to *OUT* with every answer key
removed, as marked once in the source:

- notebooks lose the cells tagged ``solution`` or ``instructor`` and are executed afresh
  in the release, so no stored output carries a key (they still pass nbval there);
- question banks keep prompts and options but lose answers, feedback, explanations, model
  answers and rubrics (:mod:`afghan_course.quiz.student`); quizzes then save answers for
  the instructor's gradebook to mark;
- exercise sets lose the claim-kind key, the model answer and the rubric;
- the instructor guide pages are left out.

:func:`leaks` then scans the release for any key text of the full course and for any key
field or tagged cell; the command fails if one is found.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from .errors import CourseError
from .paths import course_root
from .quiz.bank import load_bank
from .quiz.student import student_bank_data

REMOVED_TAGS = {"solution", "instructor"}
"""Notebook cell tags whose cells never reach learners."""
BANK_KEY_FIELDS = {"answer", "answers", "feedback", "feedback_true", "feedback_false",
                   "feedback_correct", "feedback_incorrect", "explanation", "model_answer",
                   "rubric", "tolerance", "data_ref", "instructor_note", "distractors",
                   "sources", "difficulty"}
EXERCISE_KEY_FIELDS = {"model_answer", "rubric", "kind"}
KEY_MARKERS = ('class=\\"ac-quiz-data\\"', 'class=\\"ac-answer\\"',
               'class=\\"ac-instructor\\"', 'class=\\"ac-model-answer\\"')
"""Parts of the full quiz and exercise HTML that carry keys (as they appear in JSON)."""
MIN_SECRET = 24
"""Key texts shorter than this ("Yes.", "Russia") are too common to scan for."""
_COPY_IGNORE = shutil.ignore_patterns("_build", "_generated", ".ipynb_checkpoints",
                                      "__pycache__", "*.egg-info", "instructor")


@dataclass
class ReleaseReport:
    out: Path
    notebooks: int = 0
    cells_removed: int = 0
    banks: int = 0
    exercises: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.out}: {self.notebooks} notebooks ({self.cells_removed} solution or "
                f"instructor cells removed), {self.banks} question banks and {self.exercises} "
                "exercise sets without keys")


def _dump_yaml(data: dict, path: Path, header: str) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# {header}\n{text}", encoding="utf-8")


def _strip_exercise(raw: dict) -> dict:
    out = {k: v for k, v in raw.items() if k not in ("model_answer", "rubric")}
    out["edition"] = "student"
    out["documents"] = [
        {**d, "claims": [{k: v for k, v in c.items() if k != "kind"} for c in d["claims"]]}
        for d in raw["documents"]]
    return out


def _strip_notebook(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    keep = [c for c in nb.cells if not REMOVED_TAGS & set(c.metadata.get("tags", []))]
    removed = len(nb.cells) - len(keep)
    for cell in keep:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells = keep
    nbformat.write(nb, path)
    return removed


def _strip_toc(path: Path) -> None:
    """Drop instructor pages from a released table of contents."""
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part.get("chapters", [])
                            if not str(c.get("file", "")).startswith("instructor/")]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def _execute(notebooks: list[Path], root: Path) -> None:
    env = {**os.environ, "AFGHAN_COURSE_ROOT": str(root)}
    run = subprocess.run([sys.executable, "-m", "afghan_course.notebooks", "execute",
                          *map(str, notebooks)], env=env, capture_output=True, text=True)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise CourseError(str(root), f"a released notebook failed to run ({last})")


def release_student(out: str | Path, root: Path | None = None, execute: bool = True,
                    force: bool = False) -> ReleaseReport:
    """Write the student release of the course at *root* into *out* (see module doc)."""
    root = (root or course_root()).resolve()
    out = Path(out).resolve()
    sources = [root / d for d in ("book", "data", "quizzes", "exercises", "src")]
    if out == root or any(out == d or d in out.parents for d in sources):
        raise CourseError(str(out), "choose a folder outside the course's sources "
                          "(for example dist/student)")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise CourseError(str(out), "is not empty (use --force to replace it)")
        if (out / ".git").is_dir() and (out / MARKER).is_file():
            for child in out.iterdir():  # a published release: keep its git history
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        else:
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    report = ReleaseReport(out)

    for name in ("data", "src", "binder"):
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name, ignore=_COPY_IGNORE)
    if (root / "LICENSE").is_file():
        shutil.copy2(root / "LICENSE", out / "LICENSE")
    (out / "pyproject.toml").write_text(student_pyproject(root), encoding="utf-8")
    (out / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (out / MARKER).write_text(json.dumps({"edition": "student", "course": PROJECT,
                                          "made_from": _version(root)}, indent=1) + "\n",
                              encoding="utf-8")
    shutil.copytree(root / "book", out / "book", ignore=_COPY_IGNORE)
    if (out / "book" / "_toc.yml").is_file():
        _strip_toc(out / "book" / "_toc.yml")

    (out / "quizzes").mkdir()
    for path in sorted((root / "quizzes").glob("*.yml")):
        bank = load_bank(path, check_sources=False)
        _dump_yaml(student_bank_data(bank), out / "quizzes" / path.name,
                   "Student edition: questions without answers, feedback or explanations.")
        report.banks += 1

    (out / "exercises").mkdir()
    for path in sorted((root / "exercises").iterdir()):
        if path.suffix == ".yml":
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            _dump_yaml(_strip_exercise(raw), out / "exercises" / path.name,
                       "Student edition: no model answer, rubric or key of claim kinds.")
            report.exercises += 1
        elif path.suffix == ".ipynb" or path.name == "README.md":
            shutil.copy2(path, out / "exercises" / path.name)

    notebooks = sorted(p for d in ("book", "exercises") for p in (out / d).rglob("*.ipynb"))
    for nb in notebooks:
        report.cells_removed += _strip_notebook(nb)
    report.notebooks = len(notebooks)
    (out / "README.md").write_text(_readme(), encoding="utf-8")
    if execute:
        _execute(notebooks, out)
    report.problems = leaks(out, root)
    return report


PROJECT = "afghan-course"
MARKER = ".afghan-course-release.json"
"""A file at the top of every student release: what it is (the nbgitpuller helper checks it)."""
GITIGNORE = ("# Learners' own files stay out of the release's repository.\n"
             "afghan-course-results.json\n*.lock\n*.tmp\n.venv/\n__pycache__/\n*.egg-info/\n"
             ".ipynb_checkpoints/\nbook/_build/\n")
STUDENT_EXTRAS = ("ipykernel>=6.25", "jupyterlab>=4.1")
"""What the release installs beyond the course's own dependencies: JupyterLab and a kernel
(plus the full course's ``lab`` extra, which renders the notebooks' markup)."""


def _pyproject(root: Path) -> dict:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))


def _version(root: Path) -> str:
    try:
        return str(_pyproject(root)["project"]["version"])
    except (OSError, KeyError):
        return "unknown"


def student_pyproject(root: Path) -> str:
    """The release's own ``pyproject.toml``: the course package, JupyterLab and a kernel.

    ``pip install -e .`` in the release then installs everything a learner needs to open the
    notebooks; no test or book-building tools come with it.
    """
    project = _pyproject(root)["project"]
    deps = list(dict.fromkeys([*project.get("dependencies", []), *STUDENT_EXTRAS,
                               *project.get("optional-dependencies", {}).get("lab", [])]))
    deps = [d for d in deps if not d.startswith(PROJECT + "[")]

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = ['[build-system]', 'requires = ["setuptools>=68", "wheel"]',
             'build-backend = "setuptools.build_meta"', "", "[project]",
             f"name = {q(PROJECT + '-student')}", f"version = {q(project.get('version', '0'))}",
             "description = " + q("Afghanistan after 2021, student edition: the course's "
                                  "notebooks and quizzes without answer keys."),
             'readme = "README.md"',
             f"requires-python = {q(project.get('requires-python', '>=3.10'))}",
             "dependencies = [", *[f"    {q(d)}," for d in deps], "]", "",
             "[project.scripts]", f"{PROJECT} = {q('afghan_course.cli:main')}", "",
             "[tool.setuptools.packages.find]", 'where = ["src"]', "",
             "[tool.setuptools.package-data]", 'afghan_course = ["static/*", "py.typed"]', ""]
    return "\n".join(lines)


def _readme() -> str:
    return (
        "# Afghanistan after 2021: student edition\n\n"
        "This is the student edition of the course *Afghanistan after 2021: recognition, "
        "sanctions and frozen assets*: its chapter notebooks, sourced data, quizzes and "
        "perspective exercises, without answer keys, model answers or teaching notes. Your "
        "answers are saved for your instructor to mark.\n\n"
        "## Open it\n\nWith Python 3.10 or later, in this folder:\n\n"
        "```sh\npython -m pip install -e .\npython -m jupyter lab book/how-quizzes-work.ipynb\n"
        "```\n\n"
        "The first command installs the course package with JupyterLab and a Python kernel; "
        "the second opens the orientation notebook (the chapters are the other notebooks in "
        "`book/`, the exercises in `exercises/`). Run each notebook from the top.\n\n"
        "## Your answers\n\n"
        "Quizzes and exercise grids save each answer to your results file "
        "(`~/afghan-course-results.json`, or the path in `AFGHAN_COURSE_RESULTS`). Before "
        "you start, give the learner id your instructor asked for (student number or e-mail "
        "address) once, in a notebook cell:\n\n"
        "```python\nfrom afghan_course import identity\n"
        "identity.set_learner(\"your-id\", \"Your Name\")\n```\n\n"
        "Hand in the results file as your instructor asks. "
        "`afghan-course progress summary ~/afghan-course-results.json` lists what you have "
        "answered.\n")


def publish_git(out: Path, message: str | None = None) -> str:
    """Make the release *out* a git repository of its own (or a new commit in it).

    Returns the commit id. Learners' nbgitpuller links then pull this repository, which holds
    no key, instead of the full course.
    """
    def git(*args: str) -> str:
        run = subprocess.run(["git", "-C", str(out), *args], capture_output=True, text=True)
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["git failed"])[-1]
            raise CourseError(str(out), f"git {args[0]} failed ({last})")
        return run.stdout.strip()

    if shutil.which("git") is None:
        raise CourseError(str(out), "git is not installed; install it or leave out --git")
    if not (out / ".git").is_dir():
        git("init", "-q", "-b", "main")
    git("add", "-A")
    if not git("status", "--porcelain"):
        return git("rev-parse", "HEAD")
    ident = ["-c", "user.name=afghan-course release", "-c",
             "user.email=release@afghan-course.invalid"]
    if git("config", "--default", "", "user.email"):
        ident = []
    git(*ident, "commit", "-q", "-m", message or "Student release of Afghanistan after 2021 "
        f"({_version(out)})")
    return git("rev-parse", "HEAD")


def is_release(folder: Path) -> bool:
    """Whether *folder* is a student release (it carries :data:`MARKER`)."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")).get("edition") \
            == "student"
    except (OSError, ValueError, AttributeError):
        return False


# ---------------------------------------------------------------- the leak scan


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def secrets(root: Path) -> dict[str, str]:
    """Key texts of the full course (normalised text -> where it comes from)."""
    found: dict[str, str] = {}

    def add(text, where):
        text = _norm(str(text or ""))
        if len(text) >= MIN_SECRET:
            found.setdefault(text, where)

    for path in sorted((root / "quizzes").glob("*.yml")):
        bank = load_bank(path, check_sources=False)
        if getattr(bank, "edition", None) == "student":
            continue
        for q in bank.questions:
            where = f"{path.name} question {q.id}"
            add(q.explanation, where)
            add(getattr(q, "model_answer", None), where)
            add(q.instructor_note, where)
            for name in ("feedback_true", "feedback_false", "feedback_correct",
                         "feedback_incorrect"):
                add(getattr(q, name, None), where)
            for o in getattr(q, "options", None) or []:
                add(o.feedback, where)
            for c in getattr(q, "rubric", None) or []:
                for level in c.levels:
                    add(level, where)
    for path in sorted((root / "exercises").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        add(raw.get("model_answer"), f"{path.name} model answer")
        for c in raw.get("rubric") or []:
            for level in c.get("levels", []):
                add(level, f"{path.name} rubric")
    for path in sorted((root / "book").rglob("*.ipynb")):
        if "_build" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        shared = {_norm(line) for c in nb.cells
                  if not REMOVED_TAGS & set(c.metadata.get("tags", []))
                  for line in c.source.splitlines()}
        for n, cell in enumerate(nb.cells, start=1):
            if REMOVED_TAGS & set(cell.metadata.get("tags", [])):
                for line in cell.source.splitlines():
                    if not line.lstrip().startswith("#") and _norm(line) not in shared:
                        add(line, f"{path.name} cell {n}")
    return found


def _walk_keys(data, path=""):
    if isinstance(data, dict):
        for k, v in data.items():
            yield k, f"{path}.{k}" if path else str(k)
            yield from _walk_keys(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk_keys(v, f"{path}[{i}]")


def leaks(out: Path, root: Path) -> list[str]:
    """Every place in the release *out* where an answer key of *root* shows (empty: none)."""
    problems = []
    for path in sorted((out / "quizzes").glob("*.yml")):
        for key, where in _walk_keys(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if key in BANK_KEY_FIELDS:
                problems.append(f"{path.relative_to(out)}: key field {where}")
    for path in sorted((out / "exercises").glob("*.yml")):
        for key, where in _walk_keys(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if key in EXERCISE_KEY_FIELDS:
                problems.append(f"{path.relative_to(out)}: key field {where}")
    for path in sorted(out.rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for n, cell in enumerate(nb["cells"], start=1):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if REMOVED_TAGS & tags:
                problems.append(f"{path.relative_to(out)}: cell {n} is tagged "
                                f"{sorted(REMOVED_TAGS & tags)[0]}")
    for path in sorted(out.rglob("*.ipynb")):
        outputs = json.dumps([c.get("outputs", []) for c in json.loads(
            path.read_text(encoding="utf-8"))["cells"]])
        for marker in KEY_MARKERS:
            if marker in outputs:
                problems.append(f"{path.relative_to(out)}: an output holds {marker}")
    texts = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and rel.parts[0] not in ("data", "src") and \
                path.suffix in (".yml", ".ipynb", ".md", ".json", ".html", ".txt"):
            raw = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":  # compare the text a reader sees, not JSON escapes
                nb = json.loads(raw)
                raw = "\n".join("".join(c.get("source", "")) + "\n" + json.dumps(
                    c.get("outputs", []), ensure_ascii=False) for c in nb["cells"])
                raw = raw.replace("\\n", " ").replace('\\"', '"')
            texts[str(rel)] = _norm(html.unescape(raw))
    for secret, origin in secrets(root).items():
        for rel, text in texts.items():
            if secret in text:
                problems.append(f"{rel}: contains key text from {origin}: {secret[:60]!r}")
                break
    return problems
