"""Week-by-week course plans and the written tasks, as Markdown and as a printable page.

``afghan-course syllabus --outline 1-week|3-week|6-week`` prints the plan the instructor guide
describes: for each week, the chapters to read (with the minutes they state), the quizzes
(questions and points), the perspective exercises and the class sessions they take (with the
planned minutes of a structured academic controversy), and the written tasks due. Everything
is read from the book's table of contents, the chapters' openings, the banks and the
exercise sets (:mod:`afghan_course.syllabus`), so the plan follows the course when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import CourseError
from .markup import esc
from .syllabus import OUTLINES, outline, toc_pages

OUTLINE_NAMES = {"1-week": "one-week", "3-week": "three-week", "6-week": "six-week"}
"""The ``--outline`` choices and the plans of :data:`afghan_course.syllabus.OUTLINES`."""


@dataclass(frozen=True)
class WrittenTask:
    """A written task marked with an exercise rubric."""

    id: str
    title: str
    words: tuple[int, int]
    weight: int
    exercise: str
    brief: str

    def rubric_points(self) -> float:
        """The most rubric points the task can earn (the exercise's rubric, top levels)."""
        from .perspectives.loader import load_exercise

        return sum(c.max_points for c in load_exercise(self.exercise).rubric or [])

    def criteria(self) -> list[str]:
        from .perspectives.loader import load_exercise

        return [c.criterion for c in load_exercise(self.exercise).rubric or []]


WRITTEN_TASKS: dict[str, WrittenTask] = {t.id: t for t in [
    WrittenTask("source-analysis", "Source analysis", (600, 800), 20, "recognition-neighbours",
                "One or two documents of the exercise, read with its four sets of prompts "
                "(sourcing, contextualisation, close reading, corroboration); every checkable "
                "claim traced to a data row or a cited source."),
    WrittenTask("short-essay", "Short essay", (1000, 1200), 30, "sanctions-carveouts",
                "A chapter's central question, with at least two opposing views attributed and "
                "dated, and facts kept apart from interpretations and value judgements."),
    WrittenTask("advice-note", "Advice note after the controversy", (800, 1000), 20,
                "recognition-sac",
                "The group's advice after the structured academic controversy, marked as a "
                "group product, with an individual reflection of 200 to 300 words."),
]}
"""The written tasks of the assessment page: length in words, suggested weight in percent of
the course mark (the quizzes take the rest), and the exercise whose rubric marks them."""

TASKS_BY_PLAN = {"one-week": {1: ["source-analysis"]},
                 "three-week": {2: ["source-analysis"], 3: ["advice-note"]},
                 "six-week": {2: ["source-analysis"], 4: ["short-essay"], 6: ["advice-note"]}}
"""Which written tasks each plan sets, by the week they are due."""


@dataclass
class Week:
    number: int
    readings: list[tuple[str, str, int | None]] = field(default_factory=list)
    quizzes: list[tuple[str, int, float]] = field(default_factory=list)
    sessions: list[tuple[str, str, int | None]] = field(default_factory=list)
    tasks: list[WrittenTask] = field(default_factory=list)

    @property
    def reading_minutes(self) -> int:
        return sum(m for _, _, m in self.readings if m)

    @property
    def session_minutes(self) -> int:
        return sum(m for _, _, m in self.sessions if m)


@dataclass
class Plan:
    name: str
    title: str
    weeks: list[Week]

    @property
    def weight_left_for_quizzes(self) -> int:
        return 100 - sum(t.weight for w in self.weeks for t in w.tasks)


def week_plan(choice: str) -> Plan:
    """The plan for ``--outline`` *choice* (``1-week``, ``3-week``, ``6-week``)."""
    from .perspectives.loader import load_exercise
    from .quiz.bank import load_bank

    name = OUTLINE_NAMES.get(choice, choice)
    if name not in OUTLINES:
        raise CourseError("syllabus", f"no outline {choice!r} (choose {', '.join(OUTLINE_NAMES)})")
    pages = {p.file: p for p in toc_pages()}
    table = outline(name)
    weeks = []
    for row in table.itertuples():
        week = Week(int(row.week))
        for file in row.pages:
            page = pages[file]
            shown = page.path.name if page.path else file
            week.readings.append((page.short_title, shown, page.minutes))
            for chapter in page.banks:
                bank = load_bank(chapter)
                week.quizzes.append((bank.title, len(bank.questions),
                                     sum(q.points for q in bank.questions)))
        for eid in row.exercises:
            ex = load_exercise(eid)
            minutes = sum(s.minutes for s in ex.sac.steps) if ex.sac else None
            kind = "structured academic controversy" if ex.sac else "perspective exercise"
            week.sessions.append((ex.title, kind, minutes))
        week.tasks = [WRITTEN_TASKS[t] for t in TASKS_BY_PLAN.get(name, {}).get(week.number, [])]
        weeks.append(week)
    return Plan(name, OUTLINES[name]["title"], weeks)


def _minutes(m: int | None) -> str:
    return f"{m} min" if m else "time not stated"


def plan_markdown(plan: Plan) -> str:
    """The plan as Markdown, one section per week."""
    out = [f"# {plan.title}: week by week", "",
           "Reading minutes are the times the chapters state (reading, the data activity and the "
           "quiz), learner time in class or out of it. Each perspective exercise takes a class "
           "session; a structured academic controversy states its planned minutes.", ""]
    for w in plan.weeks:
        out += [f"## Week {w.number}", "",
                f"**Minutes:** {w.reading_minutes} of reading and quizzes"
                + (f", {w.session_minutes} of planned controversy" if w.session_minutes else ""),
                "", "**Read:**"]
        out += [f"- {t} (`book/{f}`): {_minutes(m)}" for t, f, m in w.readings]
        out += ["", "**Quizzes:**"]
        out += [f"- {t}: {n} questions, {p:g} points" for t, n, p in w.quizzes] or ["- none"]
        out += ["", "**Class sessions:**"]
        out += [f"- {t} ({k}" + (f", {m} min)" if m else ")") for t, k, m in w.sessions] \
            or ["- none"]
        if w.tasks:
            out += ["", "**Written work due:**"]
            out += [f"- {t.title}: {t.words[0]}–{t.words[1]} words, {t.weight}% of the mark, "
                    f"{t.rubric_points():g} rubric points ({', '.join(t.criteria())}; rubric of "
                    f"`exercises/{t.exercise}.yml`)" for t in w.tasks]
        out.append("")
    out += [f"Quizzes carry the remaining {plan.weight_left_for_quizzes}% of the mark "
            "(suggested weights; change them to suit your course).", ""]
    return "\n".join(out)


def plan_html(plan: Plan) -> str:
    """The plan as one printable, self-contained HTML page."""
    rows = []
    for w in plan.weeks:
        cells = [
            "<br>".join(f"{esc(t)}: {esc(_minutes(m))}" for t, _f, m in w.readings),
            "<br>".join(f"{esc(t)}: {n} questions, {p:g} points" for t, n, p in w.quizzes)
            or "none",
            "<br>".join(f"{esc(t)} ({esc(k)}" + (f", {m} min)" if m else ")")
                        for t, k, m in w.sessions) or "none",
            "<br>".join(f"{esc(t.title)}: {t.words[0]}–{t.words[1]} words, {t.weight}%, "
                        f"{t.rubric_points():g} rubric points" for t in w.tasks) or "–",
            f"{w.reading_minutes}" + (f" + {w.session_minutes}" if w.session_minutes else "")]
        rows.append(f"<tr><th scope='row'>Week {w.number}</th>"
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th scope='col'>{h}</th>" for h in
                   ("Week", "Read", "Quizzes", "Class sessions", "Written work due",
                    "Minutes (reading + controversy)"))
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(plan.title)}: week by week</title><style>"
            "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}"
            "table{border-collapse:collapse;width:100%}th,td{border:1px solid #555;"
            "padding:.35rem;vertical-align:top;text-align:left}"
            "@page{size:A4 landscape;margin:1.2cm}tr{break-inside:avoid}</style></head><body>"
            f"<h1>{esc(plan.title)}: week by week</h1>"
            "<p>Afghanistan after 2021. Reading minutes are the times the chapters state; each "
            "perspective exercise takes a class session.</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>Quizzes carry the remaining {plan.weight_left_for_quizzes}% of the mark "
            "(suggested weights).</p></body></html>")


def tasks_table():
    """The written tasks as a table for the assessment page (:class:`syllabus.Table`)."""
    import pandas as pd

    from .syllabus import Table

    rows = [{"task": t.title, "words": f"{t.words[0]}–{t.words[1]}", "weight": t.weight,
             "rubric": f"`exercises/{t.exercise}.yml`: {', '.join(t.criteria())}",
             "points": f"{t.rubric_points():g}", "brief": t.brief}
            for t in WRITTEN_TASKS.values()]
    return Table(pd.DataFrame(rows), "Written tasks: length, suggested weight and rubric points",
                 headers={"task": "Task", "words": "Words", "weight": "Weight (% of the mark)",
                          "rubric": "Rubric", "points": "Rubric points", "brief": "What it asks"})
