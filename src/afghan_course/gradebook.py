"""The class gradebook: many learners' results files merged into one table.

Results files come from live notebooks, from the book's "Download my results" button and
from the student release (answers saved unmarked); marks files come from the marking sheet
(:mod:`afghan_course.marking`). Every quiz answer is marked again against the current banks,
so a learner's stored score is never trusted and unmarked answers get marked; the latest
attempt at each question counts. Banks without keys (a student release) are refused.

Learners are grouped by their learner id (:mod:`afghan_course.identity`); a file without one
is reported, not turned into a learner named after the file. Two files of the same learner
that disagree (each holds attempts the other lacks at the same question) are reported as a
conflict naming both files, and that learner is left out until the instructor decides. The
figures follow :mod:`afghan_course.scores`. Duplicate, partial, corrupt and foreign files are
reported by name and skipped; no file is ever changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from . import marks as marks_file
from . import scores
from .errors import CourseError
from .identity import normalise_name, of
from .paths import quizzes_dir
from .progress import FORMAT, validate_document
from .quiz.bank import all_banks

COLUMNS = ["learner_id", "learner", "chapter", "part", "objective", "questions", "answered",
           "completion_percent", "marked", "earned", "marked_points",
           "mastery_of_answered_percent", "self_rated", "self_rated_percent",
           "awaiting_marking", "possible"]
"""The CSV's columns; the figures are defined in :mod:`afghan_course.scores`."""


@dataclass
class Learner:
    """One learner's merged work: latest answers, exercise grids and their marks."""

    key: str
    learner_id: str
    name: str
    files: list[str] = field(default_factory=list)
    answers: dict[str, dict[str, scores.Answer]] = field(default_factory=dict)
    exercises: dict[str, tuple[dict, scores.Mark | None]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.learner_id})" if self.name and self.learner_id else \
            self.name or self.learner_id


@dataclass
class Gradebook:
    rows: list[dict] = field(default_factory=list)
    learners: list[Learner] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    count_self_rated: bool = False

    def to_csv(self) -> str:
        return table_csv(self.rows)

    def class_figures(self) -> list[dict]:
        """Per (chapter, objective): mean completion over learners who tried the chapter, mean
        mastery over those with marked answers there, mean self-rated percent likewise."""
        groups: dict[tuple[str, str], list[dict]] = {}
        for r in self.rows:
            if r["part"] == "objective":
                groups.setdefault((r["chapter"], r["objective"]), []).append(r)
        out = []
        for (c, o), rs in groups.items():
            def mean(key, rs=rs):
                vals = [r[key] for r in rs if r[key] is not None]
                return (round(sum(vals) / len(vals), 1), len(vals)) if vals else (None, 0)
            (comp, n), (mast, nm), (selfp, ns) = (mean("completion_percent"),
                                                  mean("mastery_of_answered_percent"),
                                                  mean("self_rated_percent"))
            out.append({"chapter": c, "objective": o, "learners": n, "completion": comp,
                        "mastery": mast, "mastery_learners": nm, "self_rated": selfp,
                        "self_rated_learners": ns})
        return out


def table_csv(rows: list[dict]) -> str:
    """The gradebook rows as CSV text (empty cells where a figure has nothing to divide by).

    Cells are passed through the project's spreadsheet-safety helper when it is present, so
    a learner's name cannot run as a formula."""
    import csv
    import io

    try:  # the shared guard against formula injection, where the course has it
        from .csvsafe import safe_cell  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - older trees: guard here
        def safe_cell(value):
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                return "'" + value
            return value
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r[k] is None else safe_cell(r[k])) for k in COLUMNS})
    return buf.getvalue()


def read_json(path: Path, seen: dict[str, str]) -> tuple[dict | None, str | None]:
    """The JSON document at *path*, or None and why it is skipped (read-only)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, "file not found"
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror})"
    digest = hashlib.sha256(raw).hexdigest()
    if digest in seen:
        return None, f"duplicate of {seen[digest]}"
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "corrupt: not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"corrupt or partial: not valid JSON ({exc.msg} at line {exc.lineno})"
    if not isinstance(doc, dict) or doc.get("format") not in (FORMAT, marks_file.FORMAT):
        return None, "foreign: not an afghan-course results or marks file"
    try:
        if doc["format"] == FORMAT:
            validate_document(doc, path.name)
        else:
            marks_file.parse(doc, path.name, allow_name=True)
    except CourseError as exc:
        return None, f"partial or damaged: {exc.line()}"
    seen[digest] = str(path)
    return doc, None


def full_banks() -> dict:
    """The course's banks by chapter; refuses banks without keys (a student release)."""
    banks = all_banks()
    keyless = [b.chapter for b in banks if getattr(b, "edition", None) == "student"]
    if keyless:
        raise CourseError(str(quizzes_dir()), "holds student-edition banks without answer keys "
                          f"({keyless[0]}.yml, ...); mark from the full course instead: run in "
                          "its folder or set AFGHAN_COURSE_ROOT to it")
    return {b.chapter: b for b in banks}


def _attempts(doc: dict) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for r in doc["records"]:
        out.setdefault((r["kind"], r["chapter"], r["question_id"]), set()).add(
            json.dumps(r, sort_keys=True))
    return out


def _conflict(a: dict, b: dict) -> str | None:
    """The first item on which two documents of one learner disagree, or None."""
    pa, pb = _attempts(a), _attempts(b)
    for k in sorted(pa.keys() & pb.keys()):
        if not (pa[k] <= pb[k] or pb[k] <= pa[k]):
            return f"{k[1]}/{k[2]}"
    return None


def build(paths: list[str | Path], count_self_rated: bool = False,
          allow_name_only: bool = False, allow_anonymous: bool = False,
          banks: dict | None = None) -> Gradebook:
    """Merge the results and marks files at *paths* into a :class:`Gradebook`.

    *allow_name_only*: accept files without a learner id, matched by normalised name.
    *allow_anonymous*: a file with neither stands for itself (one learner's own summary).
    *banks*: the banks by chapter (default: the course's full banks, see :func:`full_banks`).
    """
    from .perspectives.loader import all_exercises

    banks = banks if banks is not None else full_banks()
    exercises = {e.id: e for e in all_exercises()}
    book = Gradebook(count_self_rated=count_self_rated)
    seen: dict[str, str] = {}
    groups: dict[str, list[tuple[str, dict]]] = {}
    marks: dict[tuple[str, str, str, str], scores.Mark] = {}
    for p in paths:
        path = Path(p)
        doc, why = read_json(path, seen)
        if doc is None:
            book.skipped.append((str(path), why or "unreadable"))
            continue
        if doc["format"] == marks_file.FORMAT:
            try:
                found = marks_file.parse(doc, str(path), allow_name_only)
            except CourseError as exc:
                book.skipped.append((str(path), exc.reason))
                continue
            for k, m in found.items():
                if k not in marks or m.time >= marks[k].time:
                    marks[k] = m
            book.used.append(str(path))
            continue
        lid, name = of(doc)
        key = marks_file.learner_key(lid, name, allow_name_only or allow_anonymous)
        if key is None and allow_anonymous:
            key = f"file:{path}"
        if key is None:
            book.skipped.append((str(path), "no learner id" + (f" (name {name!r})" if name else "")
                                 + ": ask the learner to add theirs and download again, or "
                                 "use --allow-name-only"))
            continue
        book.used.append(str(path))
        groups.setdefault(key, []).append((str(path), doc))

    names: dict[str, list[str]] = {}
    for key, docs in sorted(groups.items()):
        bad = [(fa, fb, item) for (fa, a), (fb, b) in combinations(docs, 2)
               if (item := _conflict(a, b))]
        ids = [of(d) for _, d in docs]
        learner = Learner(key, next((i for i, _ in ids if i), ""),
                          next((n for _, n in reversed(ids) if n), ""), [f for f, _ in docs])
        if not learner.label:
            learner.name = "(no id or name)"
        spelled = {normalise_name(n) for _, n in ids if n}
        if len(spelled) > 1:
            book.notes.append(f"{learner.learner_id}: the files give different names "
                              f"({', '.join(sorted(n for _, n in ids if n))}); check they are "
                              "one learner")
        if bad:
            fa, fb, item = bad[0]
            book.conflicts.append(f"{learner.label}: {fa} and {fb} both claim this learner and "
                                  f"disagree (first at {item}); left out until one is removed "
                                  "or they are merged")
            continue
        if learner.name:
            names.setdefault(normalise_name(learner.name), []).append(learner.label)
        _merge(learner, [d for _, d in docs], banks, exercises, marks, book)
        book.learners.append(learner)
    for name, who in sorted(names.items()):
        if len(who) > 1:
            book.notes.append(f"likely duplicates: {' and '.join(who)} share the name "
                              f"{name!r} under different ids")
    used_marks = {(lr.key, "quiz", ch, a.question.id) for lr in book.learners
                  for ch, ans in lr.answers.items() for a in ans.values() if a.mark} | {
        (lr.key, "exercise", ex.get("chapter", ""), eid) for lr in book.learners
        for eid, (ex, m) in lr.exercises.items() if m}
    for k, m in sorted(marks.items()):
        if (k[0], k[1], k[2], k[3]) not in used_marks:
            book.notes.append(f"{m.file}: a mark for {k[2]}/{k[3]} ({k[0].split(':', 1)[1]}) "
                              "matches no answer in the results given; left out")
    book.rows = rows(book.learners, banks, exercises, count_self_rated)
    waiting = sum(r["awaiting_marking"] for r in book.rows)
    rated = sum(r["self_rated"] for r in book.rows)
    if rated and not count_self_rated:
        book.notes.append(f"{rated} self-rated open answer(s) are kept out of mastery: mark "
                          "them in the marking sheet, or count the ratings with "
                          "--count-self-rated")
    if waiting:
        book.notes.append(f"{waiting} open answer(s) or exercise grid(s) await marking: "
                          "afghan-course marking RESULTS... --out DIR")
    return book


def collect(paths: list[str | Path], banks: dict | None = None
            ) -> tuple[Gradebook, dict[tuple[str, str, str], dict], dict]:
    """Read the results files at *paths* as the gradebook does (item analysis reads here).

    Returns the :class:`Gradebook`, the latest quiz record per (learner key, chapter,
    question id) and the banks by chapter. Files are grouped by learner id, else by name,
    else each file stands for one learner: item statistics need distinct learners, not names.
    """
    banks = banks if banks is not None else full_banks()
    book = build(paths, allow_name_only=True, allow_anonymous=True, banks=banks)
    latest = {(lr.key, chapter, qid): a.record for lr in book.learners
              for chapter, answers in lr.answers.items() for qid, a in answers.items()}
    return book, latest, banks


def _merge(learner: Learner, docs: list[dict], banks: dict, exercises: dict,
           marks: dict, book: Gradebook) -> None:
    latest: dict[tuple[str, str], dict] = {}
    grids: dict[str, dict] = {}
    unknown = 0
    for doc in docs:
        for r in doc["records"]:
            if r["kind"] == "exercise":
                eid = r.get("exercise") or r["question_id"]
                if eid not in exercises:
                    unknown += 1
                elif eid not in grids or r["time"] >= grids[eid]["time"]:
                    grids[eid] = r
                continue
            bank = banks.get(r["chapter"])
            if bank is None or r["question_id"] not in {q.id for q in bank.questions}:
                unknown += 1
                continue
            k = (r["chapter"], r["question_id"])
            if k not in latest or r["time"] >= latest[k]["time"]:
                latest[k] = r
    if unknown:
        book.notes.append(f"{learner.label}: {unknown} answer(s) to questions or exercises no "
                          "bank holds now were left out")
    for (chapter, qid), r in sorted(latest.items()):
        q = banks[chapter].question(qid)
        mark = marks.get((learner.key, "quiz", chapter, qid)) if q.type == "open" else None
        if mark and mark.answer_time and mark.answer_time != r["time"]:
            book.notes.append(f"{learner.label}: the mark of {chapter}/{qid} is for an earlier "
                              "answer than the latest; mark it again")
        learner.answers.setdefault(chapter, {})[qid] = scores.mark_answer(q, r, mark)
    for eid, r in sorted(grids.items()):
        chapter = exercises[eid].record_chapter
        r = {**r, "chapter": chapter}
        learner.exercises[eid] = (r, marks.get((learner.key, "exercise", chapter, eid)))


def exercise_possible(exercise) -> float:
    """Rubric points an exercise grid can earn (the sum of each criterion's top level)."""
    return sum(c.max_points for c in exercise.rubric or [])


def rows(learners: list[Learner], banks: dict, exercises: dict,
         count_self_rated: bool = False) -> list[dict]:
    """Gradebook rows: per learner, per chapter tried, per objective; then per exercise."""
    out = []
    for lr in learners:
        who = {"learner_id": lr.learner_id, "learner": lr.name}
        for chapter in sorted(lr.answers):
            for t in scores.objective_rows(banks[chapter], lr.answers[chapter],
                                           count_self_rated):
                out.append({**who, "chapter": chapter, "part": "objective", **t})
        for eid, (rec, mark) in sorted(lr.exercises.items()):
            possible = exercise_possible(exercises[eid])
            out.append({**who, "chapter": rec["chapter"], "part": "exercise", "objective": eid,
                        "questions": 1, "answered": 1, "completion_percent": 100.0,
                        "marked": int(mark is not None),
                        "earned": round(mark.earned, 2) if mark else 0.0,
                        "marked_points": round(mark.possible, 2) if mark else 0.0,
                        "mastery_of_answered_percent":
                            round(100 * mark.fraction, 1) if mark else None,
                        "self_rated": 0, "self_rated_percent": None,
                        "awaiting_marking": int(mark is None), "possible": possible})
    return out


def check_output(out: str | Path, inputs: list[str | Path]) -> None:
    """Refuse to write *out* over an input file or over any results or marks file."""
    target = Path(out)
    resolved = target.resolve()
    for p in inputs:
        if Path(p).resolve() == resolved:
            raise CourseError(str(out), "is one of the input files; choose another name")
    if target.exists():
        if target.is_dir():
            raise CourseError(str(out), "is a folder; give a file name such as grades.csv")
        try:
            head = target.read_bytes()[:4096].decode("utf-8", errors="replace")
        except OSError:
            return
        if f'"{FORMAT}"' in head or f'"{marks_file.FORMAT}"' in head:
            raise CourseError(str(out), "is a learner's results file or a marks file; it is "
                              "never written over")


def mastery_chart(book: Gradebook, path: str | Path) -> str:
    """Save the class chart (completion, mastery of what was answered, self-rated) to *path*.

    Returns its alt text. Never-attempted questions lower completion only; mastery averages
    over learners with marked answers to the objective, and the chart says so."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .charts import HATCHES, OKABE_ITO

    data = book.class_figures()
    labels = [f"{d['chapter']} · {d['objective']} (n={d['learners']})" for d in data]
    series = [("completion", "Completion (answered ÷ questions)", OKABE_ITO[0], HATCHES[0]),
              ("mastery", "Mastery of what was answered", OKABE_ITO[1], HATCHES[1]),
              ("self_rated", "Self-rated open answers (not in mastery"
               + (", counted in it here)" if book.count_self_rated else ")"),
               OKABE_ITO[2], HATCHES[2])]
    height = 0.26
    fig, ax = plt.subplots(figsize=(9, 0.8 * len(data) + 2.2))
    for s, (key, label, colour, hatch) in enumerate(series):
        ys = [i + (s - 1) * height for i in range(len(data))]
        vals = [d[key] for d in data]
        ax.barh([y for y, v in zip(ys, vals, strict=True) if v is not None],
                [v for v in vals if v is not None], height=height, color=colour, hatch=hatch,
                edgecolor="black", linewidth=0.5, label=label)
        for y, v in zip(ys, vals, strict=True):
            ax.text(min((v or 0) + 1, 90), y, "none" if v is None else f"{v:.0f}%",
                    va="center", fontsize=7)
    ax.set_yticks(range(len(data)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Class mean (%). Never-attempted questions lower completion only; mastery "
                  "averages learners' marked answers", fontsize=8)
    ax.set_title("Objectives across the class")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.04), ncol=1, fontsize=8, frameon=False)
    fig.tight_layout()

    def word(v):
        return "none" if v is None else f"{v:.0f}%"
    alt = ("Horizontal bar chart per learning objective across the class, three bars each: "
           "completion, mastery of what was answered (never-attempted questions left out) and "
           "self-rated open answers: " + "; ".join(
               f"{lab}: completion {word(d['completion'])}, mastery {word(d['mastery'])}, "
               f"self-rated {word(d['self_rated'])}" for lab, d in zip(labels, data, strict=True))
           + ".")
    fig.savefig(path, dpi=100, metadata={"Description": alt})
    plt.close(fig)
    return alt


def summary_lines(path: str | Path | dict, count_self_rated: bool = False) -> list[str]:
    """``progress summary`` for one results file: the gradebook's figures, as text lines.

    Unmarked answers (student release) are marked against the full banks, as the gradebook
    marks them; with keyless banks the lines say how many wait and where to mark them.
    *path* may also be a results document (shown as "example").
    """
    import tempfile

    from .progress import read

    if isinstance(path, dict):
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "example"
            file.write_text(json.dumps(path), encoding="utf-8")
            return summary_lines(file, count_self_rated)
    doc = read(path)
    lid, name = of(doc)
    head = f"{path} — learner: {name or '(no name)'}, id: {lid or '(none: add one)'}"
    try:
        banks = full_banks()
    except CourseError as exc:
        waiting = sum(r["kind"] == "quiz" for r in doc["records"])
        return [head, f"  {waiting} answer(s) saved for marking; this copy of the course has "
                      f"no keys ({exc.reason.split(';')[-1].strip()})"]
    book = build([path], count_self_rated=count_self_rated, allow_anonymous=True)
    lines = [head]
    lines += [f"  note: {n}" for n in book.notes]
    if not book.learners or not book.learners[0].answers:
        return lines + ["  no quiz answers yet"]
    lr = book.learners[0]
    width = max(len(c) for c in lr.answers)
    for chapter in sorted(lr.answers):
        bank = banks[chapter]
        groups = scores.objective_rows(bank, lr.answers[chapter], count_self_rated)
        groups.append({"objective": "all", **scores.tally(bank.questions, lr.answers[chapter],
                                                          count_self_rated)})
        for t in groups:
            if t["objective"] != "all" and not t["answered"]:
                continue
            extra = (f", self-rated {t['self_rated']} ({scores.fmt_pct(t['self_rated_percent'])}"
                     ", not counted)" if t["self_rated"] and not count_self_rated else "")
            extra += f", {t['awaiting_marking']} awaiting marking" if t["awaiting_marking"] \
                else ""
            lines.append(
                f"  {chapter:<{width}}  {t['objective']:<8} completion "
                f"{t['answered']}/{t['questions']} ({scores.fmt_pct(t['completion_percent'])}); "
                f"mastery of what was answered {t['earned']:g}/{t['marked_points']:g} points "
                f"({scores.fmt_pct(t['mastery_of_answered_percent'])}){extra}")
    return lines
