"""Feedback pages: one printable HTML page per learner, like nbgrader's feedback files.

Each page lists, chapter by chapter, every question the learner answered with their answer,
the verdict, the feedback and the explanation; the rubric levels, points and comments of the
marking sheet for open answers and exercises; and the same figures as the gradebook
(:mod:`afghan_course.scores`). ``index.html`` lists the pages.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from . import scores
from .gradebook import Gradebook, Learner, exercise_possible, full_banks
from .identity import download_name
from .markup import esc, md

_CSS = """
body{font-family:system-ui,sans-serif;line-height:1.45;max-width:50rem;margin:0 auto;padding:1rem;
color:#1a1a1a}
h2{border-bottom:2px solid #0072B2}
.q{border:1px solid #999;border-radius:4px;padding:.4rem .8rem;margin:.8rem 0;break-inside:avoid}
.verdict{font-weight:700}
.ok{color:#005a8c}.no{color:#8a3b00}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left}
blockquote{white-space:pre-wrap;border-left:4px solid #555;margin:.3rem 0;padding:.2rem .6rem;
background:#f7f7f7}
@media print{a{color:inherit}.q{page-break-inside:avoid}}
"""


def _answer_text(a: scores.Answer) -> str:
    ans = a.record.get("answer")
    if isinstance(ans, dict) and "text" in ans:
        return str(ans.get("text") or "")
    if isinstance(ans, dict):
        return "; ".join(f"{k} → {v}" for k, v in ans.items())
    if isinstance(ans, list):
        return " → ".join(map(str, ans)) if a.question.type == "ordering" else \
            ", ".join(map(str, ans))
    return "" if ans is None else str(ans)


def _verdict(a: scores.Answer) -> tuple[str, str]:
    if a.status == scores.INSTRUCTOR:
        return f"✓ Marked by your instructor: {a.mark.earned:g} of {a.mark.possible:g} " \
               "rubric points", "ok"
    if a.status == scores.SELF:
        rating = a.record.get("answer", {}).get("self_assessment", "")
        return f"Self-rated: {rating} (not yet marked by your instructor)", ""
    if a.status == scores.AWAITING:
        return "Awaiting marking", ""
    if a.correct:
        return "✓ Correct", "ok"
    if (a.score or 0) > 0:
        return f"◐ Partly correct ({round(100 * a.score):d}%)", "no"
    return "✗ Not correct", "no"


def _mark_html(mark: scores.Mark | None) -> str:
    if mark is None:
        return ""
    rows = "".join(f"<tr><th scope='row'>{esc(c.get('criterion', ''))}</th>"
                   f"<td>{esc(c.get('level_text', c.get('level', '')))}</td>"
                   f"<td>{esc(c.get('points', ''))} of {esc(c.get('max_points', '?'))}</td></tr>"
                   for c in mark.criteria)
    comment = f"<p><strong>Comment:</strong></p><blockquote>{esc(mark.comment)}</blockquote>" \
        if mark.comment else ""
    return (f"<table><caption>Rubric marks: {mark.earned:g} of {mark.possible:g}</caption>"
            f"<tr><th>Criterion</th><th>Level</th><th>Points</th></tr>{rows}</table>{comment}")


def _figures(t: dict) -> str:
    return (f"completion {scores.fmt_pct(t['completion_percent'])} ({t['answered']} of "
            f"{t['questions']} answered); mastery of what was answered "
            f"{scores.fmt_pct(t['mastery_of_answered_percent'])} ({t['earned']:g} of "
            f"{t['marked_points']:g} marked points)"
            + (f"; self-rated {scores.fmt_pct(t['self_rated_percent'])} ({t['self_rated']})"
               if t["self_rated"] else "")
            + (f"; {t['awaiting_marking']} awaiting marking" if t["awaiting_marking"] else ""))


def page(lr: Learner, book: Gradebook, banks: dict, exercises: dict) -> str:
    """The feedback page of one learner, as HTML."""
    parts = [f"<h1>Feedback: {esc(lr.label)}</h1>"
             f"<p>Afghanistan after 2021 · {date.today().isoformat()} · from "
             f"{len(lr.files)} results file(s). {esc(scores.COMPLETION)}; "
             f"{esc(scores.MASTERY)}.</p>"]
    for chapter in sorted(lr.answers):
        bank, answers = banks[chapter], lr.answers[chapter]
        total = scores.tally(bank.questions, answers, book.count_self_rated)
        parts.append(f"<h2>{esc(bank.title)}</h2><p>{esc(_figures(total))}.</p>")
        for q in bank.questions:
            a = answers.get(q.id)
            if a is None:
                continue
            verdict, cls = _verdict(a)
            fb = "".join(f"<li>{md(f) if f else ''}</li>" for f in a.feedback if f)
            extra = ""
            if q.type == "open":
                extra = f"<details><summary>Model answer</summary>{md(q.model_answer)}</details>"
            parts.append(
                f"<div class='q'><p><strong>{esc(q.id)}</strong> ({q.points:g} points)</p>"
                f"{md(q.prompt)}<p>Your answer:</p><blockquote>{esc(_answer_text(a))}"
                f"</blockquote><p class='verdict {cls}'>{esc(verdict)}</p>"
                + (f"<ul>{fb}</ul>" if fb else "")
                + f"<p><strong>Explanation.</strong></p>{md(q.explanation)}{extra}"
                f"{_mark_html(a.mark)}</div>")
        missing = [q.id for q in bank.questions if q.id not in answers]
        if missing:
            parts.append(f"<p>Not attempted: {esc(', '.join(missing))}.</p>")
    for eid, (_rec, mark) in sorted(lr.exercises.items()):
        ex = exercises[eid]
        state = (f"{mark.earned:g} of {mark.possible:g} rubric points" if mark else
                 f"awaiting marking (out of {exercise_possible(ex):g} rubric points)")
        parts.append(f"<h2>Exercise: {esc(ex.title)}</h2><div class='q'>"
                     f"<p class='verdict'>{esc(state)}</p>{_mark_html(mark)}</div>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<link rel='icon' href='data:,'>"
            f"<title>Feedback: {esc(lr.label)}</title><style>{_CSS}</style></head><body><main>"
            + "".join(parts) + "</main></body></html>")


def write_pages(book: Gradebook, out: str | Path) -> list[Path]:
    """Write one feedback page per learner of *book* and an index into *out*."""
    from .perspectives.loader import all_exercises

    out = Path(out)
    banks = full_banks()
    exercises = {e.id: e for e in all_exercises()}
    written, items = [], []
    for lr in book.learners:
        name = download_name(lr.learner_id, lr.name, "feedback").rsplit("_", 1)[0] + ".html"
        path = out / name
        path.write_text(page(lr, book, banks, exercises), encoding="utf-8")
        written.append(path)
        items.append(f"<li><a href='{esc(name)}'>{esc(lr.label)}</a></li>")
    (out / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<link rel='icon' href='data:,'><title>Feedback pages"
        f"</title><style>{_CSS}</style></head><body><main><h1>Feedback pages</h1><ul>"
        + "".join(items) + "</ul></main></body></html>", encoding="utf-8")
    (out / "feedback.json").write_text(json.dumps(
        {"learners": [{"learner_id": lr.learner_id, "learner": lr.name, "page": p.name}
                      for lr, p in zip(book.learners, written, strict=True)]}, indent=1),
        encoding="utf-8")
    return written
