"""The instructor's loop end to end, on simulated learners, in Chromium where a person clicks.

Ada answers in the book's quiz (the same HTML and JS as the built book) and downloads her
results; Ben answers in a live notebook (the live quiz's own save path) and fills an exercise
grid; Cy answers in the student release (keyless bank: answers saved unmarked, id from the
hub's environment). The gradebook merges them, the marking sheet is filled in Chromium and its
marks file merged, and feedback pages are written; every command's figures must agree.
"""

from __future__ import annotations

import csv
import re
import shutil
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from test_browser import (  # noqa: F401
    AXE,
    Watched,
    _QuietHandler,
    _right,
    _unavailable,
    _wrong,
    answer,
    browser,
)

from afghan_course import cli, identity, progress
from afghan_course.data import sources_by_id
from afghan_course.gradebook import summary_lines
from afghan_course.paths import STATIC_DIR
from afghan_course.perspectives.loader import load_exercise
from afghan_course.quiz import grade, load_bank
from afghan_course.quiz.bank import parse_bank
from afghan_course.quiz.render_html import render_quiz_html
from afghan_course.quiz.student import raw_answer, student_bank_data
from afghan_course.quiz.widgets import LiveQuiz

BANK = load_bank("getting-started")
OPEN = next(q for q in BANK.questions if q.type == "open")
EXERCISE = load_exercise("recognition-neighbours")


@pytest.fixture
def served(tmp_path):
    """A folder served on 127.0.0.1; yields (folder, base URL)."""
    folder = tmp_path / "site"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _book_page(folder: Path) -> None:
    for name in ("afghan-course.js", "afghan-course.css"):
        shutil.copy(STATIC_DIR / name, folder / name)
    quiz = render_quiz_html(BANK, BANK.questions, sources_by_id())
    (folder / "quiz.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Quiz</title>"
        "<link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='afghan-course.css'></head><body><main>"
        f"{quiz}</main><script src='afghan-course.js'></script></body></html>", encoding="utf-8")


def _ada_in_the_book(browser, folder, url, tmp_path) -> tuple[Path, str]:  # noqa: F811
    _book_page(folder)
    context = browser.new_context(accept_downloads=True, service_workers="block")
    watched = Watched(context)
    page = watched.page
    page.goto(url + "quiz.html")
    quiz = page.locator(".ac-quiz")
    quiz.locator(".ac-learner-id").fill("s1001")
    quiz.locator(".ac-learner-id").press("Tab")
    quiz.locator(".ac-learner-name").fill("Ada Lovelace")
    quiz.locator(".ac-learner-name").press("Tab")
    by_id = {q.id: q for q in BANK.questions}
    lis = quiz.locator("li.ac-q")
    for n in range(lis.count()):
        li = lis.nth(n)
        q = by_id[li.get_attribute("data-qid")]
        if q.type == "numeric":
            continue  # never attempted
        value = _wrong(q)[0] if q.type == "single" else _right(q)
        answer(page, li, q, value, keyboard=False)
    score = quiz.locator(".ac-score").inner_text()
    with page.expect_download() as info:
        quiz.locator(".ac-download").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert watched.errors == [] and not watched.foreign_requests()
    context.close()
    return saved, score


def _ben_in_a_notebook(tmp_path) -> Path:
    path = tmp_path / "ben" / "afghan-course-results.json"
    identity.set_learner("S1002", "ben okafor ", path)
    live = LiveQuiz(BANK, BANK.questions, sources_by_id(), path)
    for view in live.views[:5]:
        view.on_check(view, grade(view.q, _right(view.q)))
    grid = {f: ("fact" if "claim" in f else "The speaker's interest in trade.")
            for f in EXERCISE.fields()}
    progress.append([progress.exercise_record(EXERCISE, grid)], path)
    return path


def _cy_in_the_release(tmp_path, monkeypatch) -> Path:
    student = parse_bank(yaml.safe_dump(student_bank_data(BANK)), "getting-started.yml")
    path = tmp_path / "cy" / "afghan-course-results.json"
    monkeypatch.setenv("AFGHAN_COURSE_LEARNER_ID", "s1003")  # a hub sets it from the login
    live = LiveQuiz(student, student.questions, {}, path, "Cy")
    full = {q.id: q for q in BANK.questions}
    for view in live.views:
        q = full[view.q.id]
        value = {"text": "idk"} if q.type == "open" else _right(q)
        view.on_check(view, raw_answer(view.q, value))
    monkeypatch.delenv("AFGHAN_COURSE_LEARNER_ID")
    return path


def _mark_in_chromium(browser, sheet: Path, folder: Path, url: str, tmp_path) -> Path:  # noqa: F811
    shutil.copy(sheet, folder / "marking.html")
    context = browser.new_context(accept_downloads=True, service_workers="block")
    watched = Watched(context)
    page = watched.page
    page.goto(url + "marking.html")
    assert _serious_axe(page) == [], "the marking sheet is accessible"
    arts = page.locator("article.answer")
    assert arts.count() == 3  # Ada's and Cy's open answers, Ben's grid
    plan = {"Ada Lovelace (s1001)": ([2, 1], "Name the rows you checked."),
            "Cy (s1003)": ([0, 0], "Answer the question asked."),
            "ben okafor (S1002)": (None, "Every claim classified; well argued.")}
    for n in range(arts.count()):
        art = arts.nth(n)
        who = art.locator("h3").inner_text()
        levels, comment = plan[who]
        sets = art.locator("fieldset.criterion")
        for c in range(sets.count()):
            radios = sets.nth(c).locator("input[type=radio]")
            pick = radios.count() - 1 if levels is None else levels[c]
            sets.nth(c).locator("label").nth(pick).click()
        art.locator("textarea").fill(comment)
        assert "points" in art.locator(".total").inner_text()
    page.reload()  # the marks are kept in the browser while marking
    assert page.locator("#ac-status").inner_text() == "3 of 3 answers fully marked"
    with page.expect_download() as info:
        page.locator("#ac-download").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert re.fullmatch(r"afghan-course-marks_\d{4}-\d\d-\d\d\.json", saved.name)
    assert watched.errors == [] and not watched.foreign_requests()
    context.close()
    return saved


def _serious_axe(page) -> list[dict]:
    """Serious or critical axe-core violations on *page* (as tests/test_browser.py checks)."""
    if not AXE.is_file():
        _unavailable("node_modules/axe-core (run `npm ci`)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations'], preload: false}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _chapter(rows, learner_id):
    rs = [r for r in rows if r["learner_id"] == learner_id and r["part"] == "objective"]
    earned = sum(float(r["earned"]) for r in rs)
    marked = sum(float(r["marked_points"]) for r in rs)
    answered = sum(int(r["answered"]) for r in rs)
    questions = sum(int(r["questions"]) for r in rs)
    return earned, marked, answered, questions


def test_the_instructors_loop(browser, served, tmp_path, monkeypatch, capsys):  # noqa: F811
    folder, url = served
    ada, book_score = _ada_in_the_book(browser, folder, url, tmp_path)
    assert ada.name == identity.download_name("s1001", "Ada Lovelace", "getting-started")
    ben = _ben_in_a_notebook(tmp_path)
    cy = _cy_in_the_release(tmp_path, monkeypatch)
    inputs = [str(ada), str(ben), str(cy)]

    grades = tmp_path / "grades.csv"
    assert cli.main(["gradebook", *inputs, "--out", str(grades)]) == 0
    err = capsys.readouterr().err
    assert "2 open answer(s) or exercise grid(s) await marking" in err
    assert "1 self-rated open answer(s) are kept out of mastery" in err
    rows = _rows(grades)
    assert {r["learner_id"] for r in rows} == {"s1001", "S1002", "s1003"}
    assert any(r["part"] == "exercise" and r["awaiting_marking"] == "1" for r in rows)
    ada_open = next(r for r in rows if r["learner_id"] == "s1001"
                    and r["objective"] == OPEN.objective)
    others = [q for q in BANK.questions if q.objective == OPEN.objective and q is not OPEN]
    assert ada_open["self_rated"] == "1" and ada_open["marked"] == str(len(others))

    # The book's score line, progress summary and the CSV say the same for Ada.
    earned, marked, answered, questions = _chapter(rows, "s1001")
    assert book_score.startswith(
        f"Mastery of what was answered: {round(100 * earned / marked, 1):g}% "
        f"({earned:g} of {marked:g} points) · Completion: {answered} of {questions} questions "
        f"({round(100 * answered / questions, 1):g}%)"), book_score
    summary = "\n".join(summary_lines(ada))
    assert (f"completion {answered}/{questions} ({round(100 * answered / questions, 1):g}%); "
            f"mastery of what was answered {earned:g}/{marked:g} points "
            f"({round(100 * earned / marked, 1):g}%)") in summary
    # Cy's unmarked release answers are marked by progress summary too.
    assert "no quiz answers yet" not in "\n".join(summary_lines(cy))

    sheet_dir = tmp_path / "marking"
    assert cli.main(["marking", *inputs, "--out", str(sheet_dir)]) == 0
    sheet = (sheet_dir / "marking.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?https?:""", sheet), "the sheet is self-contained"
    assert "engagement table shows Russia" in sheet and OPEN.rubric[0].levels[2] in sheet
    marks = _mark_in_chromium(browser, sheet_dir / "marking.html", folder, url, tmp_path)

    merged = tmp_path / "grades-marked.csv"
    assert cli.main(["gradebook", *inputs, str(marks), "--out", str(merged)]) == 0
    capsys.readouterr()
    rows2 = _rows(merged)
    possible = sum(c.max_points for c in OPEN.rubric)
    ada_open = next(r for r in rows2 if r["learner_id"] == "s1001"
                    and r["objective"] == OPEN.objective)
    assert ada_open["self_rated"] == "0" and ada_open["marked"] == str(len(others) + 1)
    assert all(q.type == "single" for q in others), "Ada chose a wrong option in each"
    assert float(ada_open["earned"]) == pytest.approx(OPEN.points * 3 / possible, abs=0.01)
    ben_ex = next(r for r in rows2 if r["learner_id"] == "S1002" and r["part"] == "exercise")
    top = sum(c.max_points for c in EXERCISE.rubric)
    assert float(ben_ex["earned"]) == top and ben_ex["mastery_of_answered_percent"] == "100.0"
    cy_open = next(r for r in rows2 if r["learner_id"] == "s1003"
                   and r["objective"] == OPEN.objective)
    assert cy_open["awaiting_marking"] == "0"  # marked 0 of the rubric; right elsewhere
    assert float(cy_open["earned"]) == sum(q.points for q in others)

    out = tmp_path / "feedback"
    assert cli.main(["feedback", *inputs, str(marks), "--out", str(out)]) == 0
    capsys.readouterr()
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == ["afghan-course_s1001_feedback.html", "afghan-course_s1002_feedback.html",
                     "afghan-course_s1003_feedback.html", "index.html"]
    ada_page = (out / "afghan-course_s1001_feedback.html").read_text(encoding="utf-8")
    assert "Name the rows you checked." in ada_page and f"3 of {possible:g}" in ada_page
    assert "✗ Not correct" in ada_page and "Not attempted:" in ada_page
    e2, m2, a2, q2 = _chapter(rows2, "s1001")
    assert (f"completion {round(100 * a2 / q2, 1):g}% ({a2} of {q2} answered); mastery of what "
            f"was answered {round(100 * e2 / m2, 1):g}% ({e2:g} of {m2:g} marked points)"
            ) in ada_page
    for name in pages:  # the feedback pages are accessible too
        shutil.copy(out / name, folder / name)
    context = browser.new_context(service_workers="block")
    watched = Watched(context)
    watched.page.goto(url + "afghan-course_s1001_feedback.html")
    assert _serious_axe(watched.page) == [] and watched.errors == []
    context.close()
    ben_page = (out / "afghan-course_s1002_feedback.html").read_text(encoding="utf-8")
    assert "Every claim classified; well argued." in ben_page
    assert f"{top:g} of {top:g} rubric points" in ben_page
