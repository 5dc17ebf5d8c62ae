"""The objectives matrix and chapter summary are computed from the banks and the book: counts
match the banks, chapters follow the table of contents, times are read only where a chapter
states them, and a change to a bank shows up (tested on a temporary copy of the course via
AFGHAN_COURSE_ROOT)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from afghan_course import cli, paths, syllabus
from afghan_course.errors import CourseError
from afghan_course.quiz.bank import all_banks
from afghan_course.quiz.model import HIGHER_LEVELS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def matrix():
    return syllabus.objectives_matrix()


@pytest.fixture(scope="module")
def pages():
    return syllabus.toc_pages()


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the course's content, made the course root for the duration of a test."""
    root = tmp_path / "course"
    for name in ("data", "quizzes", "exercises"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "book", root / "book",
                    ignore=shutil.ignore_patterns("_build", "_generated", ".ipynb_checkpoints"))
    monkeypatch.setenv("AFGHAN_COURSE_ROOT", str(root))
    paths.course_root.cache_clear()
    yield root
    paths.course_root.cache_clear()


def _edit_bank(root: Path, chapter: str, change) -> None:
    path = root / "quizzes" / f"{chapter}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_matrix_counts_match_the_banks(matrix):
    for bank in all_banks():
        rows = matrix[matrix["chapter"] == bank.chapter]
        assert sorted(rows["objective"]) == sorted(bank.objectives)
        assert rows["questions"].sum() == len(bank.questions)
        for row in rows.itertuples():
            qs = [q for q in bank.questions if q.objective == row.objective]
            assert row.text == bank.objectives[row.objective]
            assert row.questions == len(qs) == len(row.question_ids)
            assert row.question_ids == [q.id for q in qs]
            assert row.recall == sum(q.level in ("remember", "understand") for q in qs)
            assert row.above_recall == sum(q.level in HIGHER_LEVELS for q in qs)
            assert row.recall + row.above_recall == row.questions
            assert set(row.types) == {q.type for q in qs}


def test_every_question_appears_once(matrix):
    ids = [i for ids in matrix["question_ids"] for i in ids]
    assert len(ids) == len(set(ids)) == sum(len(b.questions) for b in all_banks())


def test_chapters_follow_the_table_of_contents(matrix, pages):
    position = {p.file: i for i, p in enumerate(pages)}
    shown = [position[p] for p in matrix["page"].drop_duplicates() if p is not None]
    assert shown == sorted(shown)
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert [p.file for p in pages] == [toc["root"], *files]


def test_chapter_summary_agrees_with_the_matrix(matrix):
    summary = syllabus.chapter_summary()
    assert list(summary["chapter"]) == list(matrix["chapter"].drop_duplicates())
    for row in summary.itertuples():
        mine = matrix[matrix["chapter"] == row.chapter]
        assert row.objectives == len(mine)
        assert row.questions == mine["questions"].sum()
        assert row.recall + row.above_recall == row.questions


def _stated_minutes(path: Path) -> int | None:
    """The "about N minutes" in a notebook's first cell, read independently of the module."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = "".join(cells[0]["source"])
    line = next((ln for ln in first.splitlines() if ln.startswith("**Time")), None)
    if line is None:
        return None
    words = re.findall(r"\w+", line.lower())
    return int(words[words.index("minutes") - 1]) if "minutes" in words else None


def test_minutes_are_those_the_chapters_state(pages):
    summary = syllabus.chapter_summary(pages)
    for row in summary.itertuples():
        path = ROOT / "book" / f"{row.page}.ipynb"
        expected = _stated_minutes(path)
        if expected is None:
            assert pd.isna(row.minutes), row.page
        else:
            assert row.minutes == expected, row.page
    chapters = summary[summary["part"].isin(["Background", "Core chapters", "Context chapters",
                                             "Reading sources"])]
    assert chapters["minutes"].notna().all()


@pytest.mark.parametrize("text, minutes", [
    ("**Time:** about 90 minutes (60 for reading)", 90),
    ("**Time.** About 100 minutes: 70 for the reading", 100),
    ("**Time:** 90 minutes", None),
    ("Time: about 90 minutes", None),
    ("**Time:** one afternoon", None),
])
def test_time_pattern(text, minutes):
    m = syllabus.TIME_RE.search(text)
    assert (int(m.group(1)) if m else None) == minutes


def test_new_question_changes_the_matrix(course_copy):
    before = syllabus.objectives_matrix()
    question = {
        "id": "rec-new-question", "type": "truefalse", "objective": "REC-2",
        "level": "remember", "difficulty": "easy",
        "prompt": "A prompt added for the test.", "answer": True,
        "feedback_true": "Right.", "feedback_false": "Not so.",
        "explanation": "An explanation added for the test.",
        "sources": [all_banks()[0].questions[0].sources[0]],
    }
    _edit_bank(course_copy, "recognition", lambda raw: raw["questions"].append(question))
    after = syllabus.objectives_matrix()
    old = before.set_index("objective").loc["REC-2"]
    new = after.set_index("objective").loc["REC-2"]
    assert new["questions"] == old["questions"] + 1
    assert new["recall"] == old["recall"] + 1
    assert new["above_recall"] == old["above_recall"]
    assert "rec-new-question" in new["question_ids"]
    assert "truefalse" in new["types"]
    unchanged = before[before["objective"] != "REC-2"].reset_index(drop=True)
    assert after[after["objective"] != "REC-2"].reset_index(drop=True).equals(unchanged)
    summary = syllabus.chapter_summary().set_index("chapter")
    assert summary.loc["recognition", "questions"] == before[
        before["chapter"] == "recognition"]["questions"].sum() + 1


def test_untested_objective_is_listed_and_flagged(course_copy):
    _edit_bank(course_copy, "sanctions",
               lambda raw: raw["objectives"].update({"SAN-6": "An objective no question tests."}))
    matrix = syllabus.objectives_matrix()
    row = matrix.set_index("objective").loc["SAN-6"]
    assert row["questions"] == 0 and row["question_ids"] == []
    gaps = syllabus.coverage_gaps(matrix)
    assert "SAN-6" in set(gaps["objective"])
    assert (gaps["questions"] < syllabus.MIN_QUESTIONS).all()


def test_a_chapter_without_a_stated_time_gets_none(course_copy):
    path = course_copy / "book" / "recognition.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    nb["cells"][0]["source"] = "\n".join(ln for ln in first.splitlines()
                                         if not ln.startswith("**Time"))
    path.write_text(json.dumps(nb), encoding="utf-8")
    summary = syllabus.chapter_summary().set_index("chapter")
    assert pd.isna(summary.loc["recognition", "minutes"])
    assert summary.loc["sanctions", "minutes"] == _stated_minutes(ROOT / "book" /
                                                                  "sanctions.ipynb")


def test_outlines_keep_book_order_and_sum_stated_times(pages):
    by_file = {p.file: p for p in pages}
    chapters = [p.file for p in pages if p.banks and p.minutes is not None]
    for name in syllabus.OUTLINES:
        plan = syllabus.outline(name, pages)
        files = [f for week in plan["pages"] for f in week]
        position = [[p.file for p in pages].index(f) for f in files]
        assert position == sorted(position), name
        for row in plan.itertuples():
            stated = [by_file[f].minutes for f in row.pages if by_file[f].minutes is not None]
            assert row.minutes == sum(stated)
            assert row.unstated == [f for f in row.pages if by_file[f].minutes is None]
    for name in ("three-week", "six-week"):
        files = {f for week in syllabus.outline(name, pages)["pages"] for f in week}
        assert set(chapters) <= files, name


def test_outline_naming_a_missing_page_fails(pages, monkeypatch):
    monkeypatch.setitem(syllabus.OUTLINES, "broken", {"title": "x", "weeks": [["no-such"]]})
    with pytest.raises(CourseError, match="no-such"):
        syllabus.outline("broken", pages)
    with pytest.raises(CourseError, match="no outline"):
        syllabus.outline("ten-week", pages)


def test_exercise_summary_reads_rubrics_and_controversies(pages):
    from afghan_course.perspectives import load_exercise

    table = syllabus.exercise_summary(pages).set_index("exercise")
    sac = load_exercise("recognition-sac")
    assert table.loc["recognition-sac", "sac_minutes"] == sum(s.minutes for s in sac.sac.steps)
    assert table.loc["recognition-sac", "rubric"] == [c.criterion for c in sac.rubric]
    assert table.loc["recognition-sac", "pages"] == ["oped-analysis"]


def test_table_renders_escaped_html_and_markdown():
    df = pd.DataFrame({"a": ["<b>|x", None], "b": [["p", "q"], []]})
    t = syllabus.Table(df, "Caption & more", headers={"a": "Column A"})
    html = t._repr_html_()
    assert "<caption>Caption &amp; more</caption>" in html
    assert "&lt;b&gt;|x" in html and "<b>" not in html
    assert '<th scope="col">Column A</th>' in html
    text = repr(t)
    assert "| Column A | b |" in text and "\\|x" in text and "p, q" in text


def test_cli_prints_the_matrix_as_csv(matrix, capsys):
    assert cli.main(["syllabus", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(matrix)
    assert [int(r["questions"]) for r in rows] == list(matrix["questions"])
    assert rows[0]["question_ids"] == ", ".join(matrix.iloc[0]["question_ids"])
    gaps = syllabus.coverage_gaps(matrix)
    assert err.count("note:") == len(gaps)


def test_cli_prints_chapters_as_markdown(capsys):
    assert cli.main(["syllabus", "--chapters"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| chapter | page |")
    assert "| recognition | recognition |" in out


def test_controversy_plan_is_read_from_the_exercise():
    from afghan_course.perspectives import load_exercise

    ex = load_exercise("recognition-sac")
    roles, steps = syllabus.controversy_plan("recognition-sac")
    assert list(roles["role"]) == [r.name for r in ex.sac.roles]
    assert list(steps["minutes"]) == [s.minutes for s in ex.sac.steps]
    assert list(steps["activity"]) == [s.activity for s in ex.sac.steps]
    assert steps["start"].iloc[0] == 0
    assert list(steps["start"].iloc[1:]) == list(steps["end"].iloc[:-1])
    assert steps["end"].iloc[-1] == sum(s.minutes for s in ex.sac.steps)


def test_controversy_plan_needs_a_sac_block():
    table = syllabus.exercise_summary()
    without = table[table["sac_minutes"].isna()]["exercise"]
    assert len(without), "every exercise has a sac block; pick another check"
    with pytest.raises(CourseError, match="no sac"):
        syllabus.controversy_plan(without.iloc[0])


def test_exercise_documents_come_from_the_statements_table():
    from afghan_course.data import load
    from afghan_course.perspectives import load_exercise

    docs = syllabus.exercise_documents("recognition-sac")
    ex = load_exercise("recognition-sac")
    assert list(docs["statement"]) == [d.statement for d in ex.documents]
    statements = load("statements").set_index("id")
    for row in docs.itertuples():
        assert row.speaker == statements.loc[row.statement, "speaker"]
        assert row.source_id == statements.loc[row.statement, "source_id"]


@pytest.mark.parametrize("choice,weeks", [("1-week", 1), ("3-week", 3), ("6-week", 6)])
def test_outline_command_prints_the_week_by_week_plan(choice, weeks, tmp_path, capsys):
    from afghan_course.cli import main
    from afghan_course.planning import OUTLINE_NAMES, WRITTEN_TASKS, week_plan

    page = tmp_path / "plan.html"
    assert main(["syllabus", "--outline", choice, "--html", str(page)]) == 0
    out = capsys.readouterr().out
    plan = week_plan(choice)
    assert len(plan.weeks) == weeks and out.count("\n## Week ") == weeks
    for w in plan.weeks:
        for title, file, minutes in w.readings:
            stated = f"{minutes} min" if minutes else "time not stated"
            assert f"- {title} (`book/{file}`): {stated}" in out
        assert f"**Minutes:** {w.reading_minutes} of reading" in out
    table = syllabus.outline(OUTLINE_NAMES[choice])
    assert sum(w.reading_minutes for w in plan.weeks) == int(table["minutes"].sum())
    tasks = [t for w in plan.weeks for t in w.tasks]
    assert tasks and all(t.id in WRITTEN_TASKS and t.rubric_points() > 0 for t in tasks)
    assert f"Quizzes carry the remaining {100 - sum(t.weight for t in tasks)}%" in out
    html = page.read_text(encoding="utf-8")
    assert html.count("<tr><th scope='row'>Week") == weeks and "http" not in html
