"""The class gradebook: many learners' results files merged into one table.

Results files come from live notebooks, from the book's "Download my results" button and
from the student release (answers saved unmarked). Every quiz answer is marked again
against the current banks, so a learner's stored score is never trusted and unmarked
answers get marked; the latest attempt at each question counts. The table has one row per
learner x chapter x objective. Duplicate, partial, corrupt and foreign files are reported by
name and skipped; no file is ever changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CourseError
from .progress import FORMAT, validate_document
from .quiz.bank import all_banks
from .quiz.grading import grade

COLUMNS = ["learner", "chapter", "objective", "questions", "answered", "earned", "possible",
           "mastery_percent"]


@dataclass
class Gradebook:
    rows: list[dict] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exercises: dict[str, int] = field(default_factory=dict)

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return buf.getvalue()

    def class_mastery(self) -> list[tuple[str, str, float, int]]:
        """(chapter, objective, mean mastery %, learners) over learners who tried the chapter."""
        groups: dict[tuple[str, str], list[float]] = {}
        for r in self.rows:
            groups.setdefault((r["chapter"], r["objective"]), []).append(r["mastery_percent"])
        return [(c, o, round(sum(v) / len(v), 1), len(v)) for (c, o), v in sorted(groups.items())]


def _read(path: Path, seen: dict[str, str]) -> tuple[dict | None, str | None]:
    """The validated document of *path*, or None and why it is skipped (read-only)."""
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
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None, "foreign: not an afghan-course results file"
    try:
        validate_document(doc, path.name)
    except CourseError as exc:
        return None, f"partial or damaged: {exc.line()}"
    seen[digest] = path.name
    return doc, None


def collect(paths: list[str | Path], banks: dict | None = None
            ) -> tuple[Gradebook, dict[tuple[str, str, str], dict], dict]:
    """Read the results files at *paths* as the gradebook does, without marking them.

    Returns the :class:`Gradebook` with its used and skipped files and notes filled in, the
    latest quiz record per (learner, chapter, question id), and the banks by chapter
    (*banks* defaults to every bank in ``quizzes/``). Item analysis reads files through here.
    """
    banks = banks if banks is not None else {b.chapter: b for b in all_banks()}
    book = Gradebook()
    seen: dict[str, str] = {}
    latest: dict[tuple[str, str, str], dict] = {}
    for p in paths:
        path = Path(p)
        doc, why = _read(path, seen)
        if doc is None:
            book.skipped.append((str(path), why or "unreadable"))
            continue
        book.used.append(str(path))
        learner = (doc.get("learner") or "").strip() or path.stem
        unknown = 0
        for r in doc["records"]:
            if r["kind"] == "exercise":
                book.exercises[learner] = book.exercises.get(learner, 0) + 1
                continue
            bank = banks.get(r["chapter"])
            try:
                bank.question(r["question_id"]) if bank else None
            except KeyError:
                bank = None
            if bank is None:
                unknown += 1
                continue
            key = (learner, r["chapter"], r["question_id"])
            if key not in latest or r["time"] >= latest[key]["time"]:
                latest[key] = r
        if unknown:
            book.notes.append(f"{path}: {unknown} answer(s) to questions no bank holds now "
                              "were left out")
    return book, latest, banks


def build(paths: list[str | Path]) -> Gradebook:
    """Merge the results files at *paths* into a :class:`Gradebook`."""
    book, latest, banks = collect(paths)
    scores: dict[tuple[str, str], dict[str, float]] = {}
    for (learner, chapter, qid), r in latest.items():
        q = banks[chapter].question(qid)
        try:
            result = grade(q, r.get("answer"))
        except Exception:  # an answer of the wrong shape scores nothing, never crashes
            book.notes.append(f"{learner}: answer to {chapter}/{qid} could not be marked")
            continue
        scores.setdefault((learner, chapter), {})[qid] = result.score
    for (learner, chapter), marked in sorted(scores.items()):
        bank = banks[chapter]
        for objective in bank.objectives:
            qs = [q for q in bank.questions if q.objective == objective]
            possible = sum(q.points for q in qs)
            earned = sum(q.points * marked[q.id] for q in qs if q.id in marked)
            book.rows.append({
                "learner": learner, "chapter": chapter, "objective": objective,
                "questions": len(qs), "answered": sum(q.id in marked for q in qs),
                "earned": round(earned, 2), "possible": round(possible, 2),
                "mastery_percent": round(100 * earned / possible, 1) if possible else 0.0})
    return book


def mastery_chart(book: Gradebook, path: str | Path) -> str:
    """Save a bar chart of class mastery per objective to *path*; return its alt text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .charts import HATCHES, OKABE_ITO

    data = book.class_mastery()
    labels = [f"{c} · {o} (n={n})" for c, o, _, n in data]
    values = [m for _, _, m, _ in data]
    chapters = list(dict.fromkeys(c for c, _, _, _ in data))
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.5))
    for i, (c, _o, m, _n) in enumerate(data):
        k = chapters.index(c)
        ax.barh(i, m, color=OKABE_ITO[k % len(OKABE_ITO)], hatch=HATCHES[k % len(HATCHES)],
                edgecolor="black", linewidth=0.5)
        ax.text(min(m + 1, 92), i, f"{m:.0f}%", va="center", fontsize=8)
    ax.set_yticks(range(len(data)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Mean mastery across learners who answered the chapter (%)")
    ax.set_title("Objective mastery across the class")
    fig.tight_layout()
    alt = ("Horizontal bar chart of mean mastery per learning objective across the class: "
           + "; ".join(f"{lab} {v:.0f}%" for lab, v in zip(labels, values, strict=True)) + ".")
    fig.savefig(path, dpi=100, metadata={"Description": alt})
    plt.close(fig)
    return alt
