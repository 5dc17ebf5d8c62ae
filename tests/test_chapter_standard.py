"""Each chapter notebook meets the course's chapter standard.

The quiz-bank half of the standard (size, objectives, levels, types) is tested in
``test_quiz_model``; the exercise embedding in ``test_perspectives``. This file checks the
notebook itself: the opening, citations and glossary links, figures with alt text and data
dates, the explore task with a removable solution, five or more perspectives, the instructor
notes and the further reading. A chapter is every quiz bank except the orientation one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from afghan_course import data
from afghan_course.quiz import load_bank
from afghan_course.quiz.model import HIGHER_LEVELS

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [p.stem for p in sorted((ROOT / "quizzes").glob("*.yml")) if p.stem != "getting-started"]

# A paragraph that states a date or a figure must cite a source, unless it describes what the
# notebook computes from data/ (whose rows name their sources) or sets the learner a task.
DATED_OR_FIGURE = re.compile(r"\b(?:19|20)\d{2}\b|\d[\d.,]*\s*(?:%|per cent|bn\b|billion|million)")
ABOUT_THE_DATA = re.compile(
    r"\b(?:table|tables|data|row|rows|chart|figure|cell|task|exercise|listed|unknown)\b|\?", re.I)


def _cells(chapter: str) -> list[dict]:
    nb = json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return nb["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _outputs_text(cell: dict, mime: str) -> str:
    parts = []
    for out in cell.get("outputs", []):
        value = out.get("data", {}).get(mime, "")
        parts.append("".join(value) if isinstance(value, list) else value)
    return "".join(parts)


def _section(cells: list[dict], heading: re.Pattern[str]) -> list[dict]:
    """The cells from a level-2 heading matching ``heading`` up to the next level-2 heading."""
    start = next((i for i, c in enumerate(cells)
                  if c["cell_type"] == "markdown" and heading.search(_text(c))), None)
    assert start is not None, f"no section matching {heading.pattern}"
    section = [cells[start]]
    for cell in cells[start + 1:]:
        if cell["cell_type"] == "markdown" and re.search(r"^## ", _text(cell), re.M):
            break
        section.append(cell)
    return section


def test_every_chapter_has_a_notebook():
    assert len(CHAPTERS) >= 7
    for chapter in CHAPTERS:
        assert (ROOT / "book" / f"{chapter}.ipynb").exists(), chapter


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_opening_states_question_objectives_time_and_prerequisites(chapter):
    opening = _text(_cells(chapter)[0])
    assert opening.startswith("# ")
    assert "**Central question.**" in opening
    ids = re.findall(r"^- \*\*([A-Z]+-\d+)\*\*", opening, re.M)
    assert 3 <= len(ids) <= 5, ids
    assert set(ids) == set(load_bank(chapter).objectives), "objectives differ from the quiz bank's"
    minutes = re.search(r"\*\*Time[:.]\*\* [Aa]bout (\d+) minutes", opening)
    assert minutes and 60 <= int(minutes.group(1)) <= 120
    assert re.search(r"\*\*Builds on[:.]\*\*", opening)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_narrative_cites_its_dates_and_figures_and_links_the_glossary(chapter):
    cells = _cells(chapter)
    prose = [_text(c) for c in cells[1:]
             if c["cell_type"] == "markdown" and "instructor" not in _tags(c)
             and not _text(c).startswith("## Further reading")]
    uncited = []
    for block in prose:
        for para in re.split(r"\n\s*\n|\n(?=- |\d+\. |\| )", block):
            if para.startswith("#") or "{cite}" in para or "|---" in para:
                continue  # a heading, a cited paragraph, or a table's header row
            if re.fullmatch(r"\*\*[^*]+\*\*", para.strip()):
                continue  # a bold run-in heading such as "**What followed in 2020.**"
            if DATED_OR_FIGURE.search(para) and not ABOUT_THE_DATA.search(para):
                uncited.append(para.strip()[:100])
    assert not uncited, f"dates or figures without a citation: {uncited}"
    body = "\n".join(prose)
    assert len(re.findall(r"\{cite\}", body)) >= 15
    assert len(re.findall(r"\{term\}", body)) >= 3


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_at_least_two_figures_with_alt_text_caption_and_data_date(chapter):
    figures = []
    for cell in _cells(chapter):
        html = _outputs_text(cell, "text/html")
        figures += re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) >= 2, f"{len(figures)} figures"
    for fig in figures:
        alt = re.search(r'<img [^>]*alt="([^"]*)"', fig)
        assert alt and len(alt.group(1)) >= 60, "alt text too short to describe the chart"
        caption = re.search(r"<figcaption>(.*?)</figcaption>", fig, re.S)
        assert caption and re.search(r"Data as of \d{4}", caption.group(1))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_explore_task_has_a_removable_worked_solution(chapter):
    section = _section(_cells(chapter), re.compile(r"^#{2,3} Explore the data", re.M))
    code = [c for c in section if c["cell_type"] == "code"]
    tasks = [c for c in code if "solution" not in _tags(c)]
    solutions = [c for c in code if "solution" in _tags(c)]
    assert tasks, "no cell for the learner to edit"
    assert solutions and all("hide-cell" in _tags(c) for c in solutions), "solution not collapsed"
    assert code.index(tasks[0]) < code.index(solutions[0]), "the solution comes before the task"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_perspectives_of_five_actors_including_the_taliban_and_afghan_civil_society(chapter):
    section = _section(_cells(chapter), re.compile(r"^## .*Perspectives", re.M))
    text = "".join(_text(c) + _outputs_text(c, "text/plain") + _outputs_text(c, "text/html")
                   for c in section)
    statements = data.load("statements").set_index("id")
    ids = sorted(set(re.findall(r"\bST\d{3}\b", text)) & set(statements.index))
    shown = statements.loc[ids]
    assert shown["actor"].nunique() >= 5, sorted(shown["actor"].unique())
    types = set(shown["actor_type"].astype(str))
    assert {"taliban", "afghan-civil-society"} <= types, types
    assert types & {"state", "international-organisation"}, types
    assert shown["date"].notna().all(), "every perspective is dated"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quiz_is_embedded_and_rendered(chapter):
    cells = _cells(chapter)
    calls = [c for c in cells if c["cell_type"] == "code" and f'quiz.show("{chapter}")' in _text(c)]
    assert len(calls) == 1
    assert f'data-chapter="{chapter}"' in _outputs_text(calls[0], "text/html")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_instructor_notes_cover_timing_discussion_misconceptions_and_the_exercise(chapter):
    notes = [_text(c) for c in _cells(chapter) if "instructor" in _tags(c)]
    assert len(notes) == 1
    lowered = notes[0].lower()
    for topic in ("timing", "discussion", "misconception", "exercise"):
        assert topic in lowered, topic


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_further_reading_lists_three_to_six_cited_sources_with_what_each_adds(chapter):
    last = _text(_cells(chapter)[-1])
    assert last.startswith("## Further reading")
    items = re.split(r"\n(?=- )", last.split("\n", 1)[1].strip())
    assert 3 <= len(items) <= 6, len(items)
    for item in items:
        assert "{cite}" in item, item[:80]
        words = re.sub(r"\{cite\}`[^`]*`", "", item).split()
        assert len(words) >= 8, f"say what this source adds: {item[:80]}"


RUN = 6  # words in a row that count as quoting a statement


def _words(text: str) -> list[str]:
    return re.sub(r"\W+", " ", re.sub(r"<[^>]+>|&[#\w]+;", " ", text).lower()).split()


def _runs(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i:i + RUN]) for i in range(max(1, len(w) - RUN + 1))}


def _chapter_without_its_quizzes(chapter: str) -> str:
    """The chapter's sources and outputs, leaving out cells that render quiz items."""
    parts = []
    for cell in _cells(chapter):
        text = _text(cell)
        if cell["cell_type"] == "code" and "quiz." in text:
            continue
        parts.append(text)
        for out in cell.get("outputs", []):
            parts += ["".join(v) if isinstance(v, list) else str(v)
                      for v in out.get("data", {}).values()]
            parts.append("".join(out.get("text", "")))
    return " ".join(_words("\n".join(parts)))


def _row(table: str, row: str):
    df = data.load(table)
    key = "year" if table in ("humanitarian", "opium") else "id"
    hits = df[df[key].astype(str) == row]
    return None if hits.empty else hits.iloc[0]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_items_above_recall_work_on_material_the_chapter_has_not_worked_through(chapter):
    seen = _chapter_without_its_quizzes(chapter)
    for q in load_bank(chapter).questions:
        if q.level not in HIGHER_LEVELS:
            continue
        nm = q.new_material
        assert nm is not None, f"{q.id}: level {q.level} names no new material"
        row = _row(nm.table, nm.row)
        assert row is not None, f"{q.id}: {nm.table} has no row {nm.row}"
        if nm.table == "statements":
            assert row["text_kind"] == "excerpt", f"{q.id}: {nm.row} is a paraphrase"
            runs = _runs(row["text"])
            assert runs & _runs(q.prompt), f"{q.id}: the prompt does not quote {nm.row}"
            assert not any(r in seen for r in runs), \
                f"{q.id}: the chapter already quotes {nm.row}, so the item is not new material"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_forty_per_cent_above_recall_by_the_level_rule(chapter):
    qs = load_bank(chapter).questions
    above = [q for q in qs if q.level in HIGHER_LEVELS and q.new_material is not None]
    assert len(above) / len(qs) >= 0.4, f"{len(above)} of {len(qs)} items above recall"
