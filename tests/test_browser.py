"""The built book in a real browser: offline pages, quizzes by mouse and keyboard, saved
results, exercise grids, accessibility and JavaScript errors.

The book is served from ``book/_build/html`` on 127.0.0.1 and driven with Playwright through
Debian's Chromium (``/usr/bin/chromium``, or ``AFGHAN_COURSE_CHROMIUM``). Without a browser
these tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from afghan_course import progress
from afghan_course.markup import md_inline
from afghan_course.quiz.bank import load_bank

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "book" / "_build" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HOW_TO_ENABLE = ("install Debian's chromium (apt-get install -y chromium) or set "
                 "AFGHAN_COURSE_CHROMIUM; `make test` installs axe-core with npm")


def _unavailable(what: str) -> None:
    message = f"browser tests need {what}: {HOW_TO_ENABLE}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _chromium() -> str | None:
    for candidate in (os.environ.get("AFGHAN_COURSE_CHROMIUM"), "/usr/bin/chromium",
                      "/usr/bin/chromium-browser", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _browser_executable() -> str:
    """Chromium's path, once Chromium and Playwright are known to be there (else skip, or fail
    under CI)."""
    executable = _chromium()
    if executable is None:
        _unavailable("Chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("the playwright package")
    return executable


def _pages() -> list[str]:
    """Every HTML page of the build, the translated editions' included (collected when the
    tests are collected); theme templates under ``_static`` are not pages."""
    found = sorted(p.relative_to(BUILD).as_posix() for p in BUILD.rglob("*.html")
                   if not any(part.startswith("_") and part != "_generated"
                              for part in p.relative_to(BUILD).parts[:-1]))
    return found or ["index.html"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="module")
def site(built_book: Path):
    """The built book served on 127.0.0.1 (a free port); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_QuietHandler, directory=str(built_book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = _browser_executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Watched:
    """A page with every request, console error and uncaught exception recorded."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                     if m.type == "error" else None)

    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != "127.0.0.1":
                out.append(url)
        return out


@pytest.fixture
def watched(browser):
    context = browser.new_context(accept_downloads=True, service_workers="block")
    yield Watched(context)
    context.close()


# ---------------------------------------------------------------- every page


@pytest.mark.parametrize("path", _pages())
def test_page_is_offline_error_free_and_accessible(path, site, watched):
    """No request leaves 127.0.0.1, no JS error is logged, axe finds nothing serious."""
    if not AXE.is_file():
        _unavailable("node_modules/axe-core (run `npm ci`)")
    page = watched.page
    response = page.goto(site + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    assert watched.foreign_requests() == [], f"{path} requested other hosts"
    assert watched.errors == [], f"{path}: JavaScript errors: {watched.errors}"
    # axe's CSSOM preload re-fetches @import-ed stylesheets against the page's URL (not the
    # sheet's), which 404s; the rules it serves (orientation lock) do not apply to the book.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => { const r = await axe.run(document,"
        " {resultTypes: ['violations'], preload: false});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{path}: axe violations: {json.dumps(serious, indent=1)}"


# ---------------------------------------------------------------- quiz driving

_TAG = re.compile(r"<[^>]+>")


def _plain(markdown: str) -> str:
    """The text a reader sees for an inline-Markdown string."""
    return " ".join(html.unescape(_TAG.sub("", md_inline(markdown))).split())


def _wrong(q):
    """A wrong answer for question *q* (and the feedback text it must show)."""
    t = q.type
    if t == "single":
        option = next(o for o in q.options if o.text != q.answer)
        return option.text, _plain(option.feedback)
    if t == "multiple":
        option = next(o for o in q.options if o.text not in q.answer)
        return [option.text], _plain(option.feedback)
    if t == "truefalse":
        return (not q.answer), _plain(q.feedback_false if q.answer else q.feedback_true)
    if t == "numeric":
        return q.answer + 10 * q.tolerance + 1000, _plain(q.feedback_incorrect)
    if t == "short":
        return "zzz not an answer", _plain(q.feedback_incorrect)
    if t == "ordering":
        return list(reversed(q.items)), "pairs are in the right order"
    if t == "matching":
        rights = [p.right for p in q.pairs]
        wrong = {p.left: next(c for c in q.choices if c != p.right) for p in q.pairs}
        assert any(wrong[p.left] != p.right for p in q.pairs), rights
        return wrong, "matched correctly"
    if t == "open":
        return "not yet", "Self-assessed"
    raise AssertionError(t)


def _right(q):
    t = q.type
    if t in ("single", "multiple", "truefalse", "numeric"):
        return q.answer
    if t == "short":
        return q.answers[0]
    if t == "ordering":
        return list(q.items)
    if t == "matching":
        return {p.left: p.right for p in q.pairs}
    if t == "open":
        return "fully"
    raise AssertionError(t)


def _option_index(li, value: str) -> int:
    values = li.locator("input").evaluate_all("els => els.map(e => e.value)")
    return values.index(value)


def _select_keyboard(page, select, value: str) -> None:
    """Choose *value* in a closed <select> with arrow keys only."""
    select.focus()
    values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
    current = values.index(select.input_value())
    target = values.index(value)
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    assert select.input_value() == value


def _tab_to_check(page, li) -> None:
    """Move focus with Tab until the question's Check button has it, then press Enter."""
    check = li.locator(".ac-check")
    for _ in range(60):
        if check.evaluate("b => b === document.activeElement"):
            page.keyboard.press("Enter")
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{li.get_attribute('data-qid')}: Check is not reachable with Tab")


def answer(page, li, q, value, keyboard: bool) -> None:
    """Enter *value* for question *q* in its list item *li*, then press Check."""
    t = q.type
    if t in ("single", "truefalse"):
        want = ("True" if value else "False") if t == "truefalse" else value
        radios = li.locator("input[type=radio]")
        if keyboard:
            radios.first.focus()
            page.keyboard.press("Space")
            for _ in range(_option_index(li, want)):
                page.keyboard.press("ArrowDown")
        else:
            radio_id = radios.nth(_option_index(li, want)).get_attribute("id")
            li.locator(f"label[for='{radio_id}']").click()
    elif t == "multiple":
        boxes = li.locator("input[type=checkbox]")
        if keyboard:
            boxes.first.focus()
            for n in range(boxes.count()):
                if boxes.nth(n).get_attribute("value") in value:
                    page.keyboard.press("Space")
                if n < boxes.count() - 1:
                    page.keyboard.press("Tab")
        else:
            for n in range(boxes.count()):
                if boxes.nth(n).get_attribute("value") in value:
                    li.locator(f"label[for='{boxes.nth(n).get_attribute('id')}']").click()
    elif t in ("numeric", "short"):
        box = li.locator(".ac-input")
        if keyboard:
            box.focus()
            page.keyboard.type(f"{value:g}" if t == "numeric" else value)
        else:
            box.click()
            box.fill(f"{value:g}" if t == "numeric" else value)
    elif t == "ordering":
        for n, item in enumerate(value):
            select = li.locator(f".ac-order select[data-pos='{n}']")
            _select_keyboard(page, select, item) if keyboard else select.select_option(item)
    elif t == "matching":
        for n, pair in enumerate(q.pairs):
            select = li.locator(".ac-matching select").nth(n)
            _select_keyboard(page, select, value[pair.left]) if keyboard \
                else select.select_option(value[pair.left])
    elif t == "open":
        area = li.locator(".ac-textarea")
        text = "My answer: <b>not bold</b> & a <script>alert(1)</script> test"
        if keyboard:
            area.focus()
            page.keyboard.type(text)
            li.locator(".ac-rating input").first.focus()
            page.keyboard.press("Space")
            for _ in range(["not yet", "partly", "fully"].index(value)):
                page.keyboard.press("ArrowDown")
        else:
            area.fill(text)
            li.locator(".ac-rating label", has_text=re.compile(f"^{value}$")).click()
    else:
        raise AssertionError(t)
    if keyboard:
        _tab_to_check(page, li)
    else:
        li.locator(".ac-check").click()


def _feedback(li) -> str:
    return " ".join(li.locator(".ac-feedback").inner_text().split())


def _score(quiz) -> str:
    return quiz.locator(".ac-score").inner_text()


def _items(page, chapter: str):
    quiz = page.locator(f".ac-quiz[data-chapter='{chapter}']")
    bank = load_bank(chapter)
    by_id = {q.id: q for q in bank.questions}
    lis = quiz.locator("li.ac-q")
    return quiz, [(lis.nth(n), by_id[lis.nth(n).get_attribute("data-qid")])
                  for n in range(lis.count())]


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_every_question_type_right_and_wrong(keyboard, site, watched):
    """On the orientation page every type is answered wrong, then right, and scored."""
    page = watched.page
    page.goto(site + "how-quizzes-work.html")
    quiz, items = _items(page, "getting-started")
    assert {q.type for _, q in items} == {"single", "multiple", "truefalse", "numeric",
                                          "ordering", "matching", "short", "open"}
    for li, q in items:
        value, expected = _wrong(q)
        answer(page, li, q, value, keyboard)
        shown = _feedback(li)
        verdict = "Self-assessed" if q.type == "open" else ("Not correct", "Partly correct")
        assert shown.startswith(verdict), f"{q.id}: {shown}"
        assert expected in shown, f"{q.id}: expected feedback {expected!r} in {shown!r}"
        assert _plain(q.explanation)[:60] in shown, f"{q.id}: explanation missing"
        li.locator(".ac-retry").click()
        assert _feedback(li) == ""
        answer(page, li, q, _right(q), keyboard)
        shown = _feedback(li)
        expected_verdict = "Self-assessed" if q.type == "open" else "Correct"
        assert shown.startswith(expected_verdict + " — score 100%"), f"{q.id}: {shown}"
    marked = sum(q.points for _, q in items if q.type != "open")
    assert _score(quiz) == (f"Mastery of what was answered: 100% ({marked:g} of {marked:g} "
                            f"points) · Completion: {len(items)} of {len(items)} questions "
                            "(100%) · Self-rated open answers: 1 (not in mastery)")
    assert watched.errors == []


def test_results_download_reload_and_reset(site, watched, tmp_path):
    page = watched.page
    page.goto(site + "how-quizzes-work.html")
    quiz, items = _items(page, "getting-started")
    quiz.locator(".ac-learner-name").fill("Learner <one>")
    quiz.locator(".ac-learner-name").press("Tab")
    quiz.locator(".ac-learner-id").fill(" S1234@Uni.example ")
    quiz.locator(".ac-learner-id").press("Tab")
    for li, q in items:
        answer(page, li, q, _right(q) if q.type != "single" else _wrong(q)[0], keyboard=False)
    score = _score(quiz)
    marked = sum(q.points for _, q in items if q.type != "open")
    wrong = sum(q.points for _, q in items if q.type == "single")
    assert score.startswith(f"Mastery of what was answered: "
                            f"{round(100 * (marked - wrong) / marked, 1):g}% "
                            f"({marked - wrong:g} of {marked:g} points)"), score

    with page.expect_download() as info:
        quiz.locator(".ac-download").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    from afghan_course.identity import download_name

    assert saved.name == download_name("S1234@Uni.example", "", "getting-started")
    doc = progress.read(saved)
    assert doc["learner"] == "Learner <one>" and doc["learner_id"] == "S1234@Uni.example"
    records = {r["question_id"]: r for r in doc["records"]}
    assert set(records) == {q.id for _, q in items}
    for _, q in items:
        rec = records[q.id]
        assert rec["kind"] == "quiz" and rec["chapter"] == "getting-started"
        assert rec["origin"] == "book" and rec["objective"] == q.objective
        assert rec["correct"] is (None if q.type == "open" else q.type != "single")
    assert "<script>" in records[next(q.id for _, q in items if q.type == "open")][
        "answer"]["text"], "learner text is stored as typed"

    page.reload()
    quiz, items = _items(page, "getting-started")
    assert _score(quiz) == score
    for li, q in items:
        assert _feedback(li) != "", f"{q.id}: feedback not restored"
        if q.type in ("numeric", "short"):
            assert li.locator(".ac-input").input_value() != ""
        if q.type == "open":
            assert "<script>" in li.locator(".ac-textarea").input_value()
            assert li.locator(".ac-feedback script").count() == 0
    assert watched.dialogs == [], "learner text was executed as script"

    quiz.locator(".ac-reset").click()
    assert _score(quiz) == ("Mastery of what was answered: \u2013 · Completion: 0 of "
                            f"{len(items)} questions (0%)")
    page.reload()
    quiz, items = _items(page, "getting-started")
    assert _score(quiz) == ("Mastery of what was answered: \u2013 · Completion: 0 of "
                            f"{len(items)} questions (0%)")
    assert all(_feedback(li) == "" for li, _ in items)
    assert quiz.locator("input:checked").count() == 0
    assert watched.errors == []


@pytest.mark.parametrize("chapter", ["recognition", "sanctions", "frozen-assets"])
def test_chapter_quiz_answered_in_full(chapter, site, watched):
    """Every question of a chapter's quiz in the book takes its key and scores full marks."""
    page = watched.page
    page.goto(site + f"{chapter}.html")
    quiz, items = _items(page, chapter)
    assert len(items) >= 15
    for n, (li, q) in enumerate(items):
        answer(page, li, q, _right(q), keyboard=n % 2 == 1)
        assert "score 100%" in _feedback(li), f"{q.id}: {_feedback(li)}"
    marked = sum(q.points for _, q in items if q.type != "open")
    assert _score(quiz).startswith(f"Mastery of what was answered: 100% ({marked:g} of "
                                   f"{marked:g} points) · Completion: {len(items)} of")
    assert watched.errors == []


def test_answers_open_only_after_an_attempt(site, watched):
    """Retrieval first: in the learner's book a question's answer is hidden until the learner
    checks an answer (and comes back after a reload); an open question's model answer too."""
    page = watched.page
    page.goto(site + "recognition.html")
    quiz, items = _items(page, "recognition")
    assert quiz.locator(".ac-answer:visible").count() == 0
    closed = next((li, q) for li, q in items if q.type == "single")
    li, q = closed
    answer(page, li, q, _right(q), keyboard=False)
    assert li.locator(".ac-answer").is_visible()
    li.locator(".ac-answer summary").click()
    assert q.explanation.split()[0] in li.locator(".ac-answer").inner_text()
    opened = next((li, q) for li, q in items if q.type == "open")
    li2, _ = opened
    li2.locator(".ac-reveal").click()
    assert not li2.locator(".ac-answer").is_visible()
    assert "Write your answer first" in _feedback(li2)
    li2.locator(".ac-textarea").fill("For: Dawn, July 2025. Against: the Special Rapporteur.")
    li2.locator(".ac-reveal").click()
    assert li2.locator(".ac-answer").is_visible()
    page.reload()
    quiz, items = _items(page, "recognition")
    shown = [q.id for li, q in items if li.locator(".ac-answer").is_visible()]
    assert shown == [closed[1].id], shown
    assert watched.errors == []


def test_book_shows_shuffled_options_and_item_analysis_reads_its_download(site, watched,
                                                                         tmp_path):
    """Options appear in the engine's shuffled order (not the bank's), and the results file the
    book downloads goes through ``afghan-course item-analysis``."""
    from afghan_course import cli
    from afghan_course.quiz.order import choice_texts, item_texts, option_texts

    page = watched.page
    page.goto(site + "recognition.html")
    quiz, items = _items(page, "recognition")
    moved = 0
    for li, q in items:
        if q.type in ("single", "multiple"):
            shown = [li.locator(".ac-option input").nth(n).get_attribute("value")
                     for n in range(li.locator(".ac-option input").count())]
            assert shown == option_texts(q), q.id
            moved += shown != [o.text for o in q.options]
        elif q.type == "ordering":
            listed = [" ".join(x.split()) for x in li.locator(".ac-items li").all_inner_texts()]
            assert listed == [_plain(i) for i in item_texts(q)] != [_plain(i) for i in q.items]
        elif q.type == "matching":
            offered = li.locator("select").first.locator("option").all_inner_texts()[1:]
            assert offered == choice_texts(q), q.id
    assert moved > 0, "no option moved from the bank's order"
    for li, q in items[:5]:
        answer(page, li, q, _right(q), keyboard=False)
    with page.expect_download() as info:
        quiz.locator(".ac-download").click()
    saved = tmp_path / "ada.json"
    info.value.save_as(saved)
    out = tmp_path / "items.csv"
    assert cli.main(["item-analysis", str(saved), "--out", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 5 and all(",1," in r for r in rows[1:])
    assert watched.errors == []


# ---------------------------------------------------------------- exercise grid


def test_perspective_grid_survives_reload(site, watched):
    page = watched.page
    page.goto(site + "recognition.html")
    grid = page.locator(".ac-exercise").first
    selects = grid.locator("select[data-field]")
    areas = grid.locator("textarea[data-field]")
    assert selects.count() >= 3 and areas.count() >= 3
    selects.nth(0).select_option("fact")
    _select_keyboard(page, selects.nth(1), "value")
    text = "Interests: <img src=x onerror=alert(1)> security & trade"
    areas.nth(0).fill(text)
    areas.nth(1).focus()
    page.keyboard.type("typed with the keyboard")
    page.wait_for_function("() => /Saved/.test(document.querySelector('.ac-exercise .ac-status')"
                           ".textContent)")
    page.wait_for_timeout(600)  # the textarea save is debounced by 400 ms
    page.reload()
    grid = page.locator(".ac-exercise").first
    assert grid.locator("select[data-field]").nth(0).input_value() == "fact"
    assert grid.locator("select[data-field]").nth(1).input_value() == "value"
    assert grid.locator("textarea[data-field]").nth(0).input_value() == text
    assert grid.locator("textarea[data-field]").nth(1).input_value() == "typed with the keyboard"
    assert grid.locator("img[src=x]").count() == 0
    stored = json.loads(page.evaluate("() => localStorage.getItem('afghan-course-results')"))
    progress.validate_document(stored, "localStorage")
    record = [r for r in stored["records"] if r["kind"] == "exercise"][-1]
    assert record["exercise"] == grid.get_attribute("data-exercise")
    assert text in record["answer"].values()
    grid.locator(".ac-exercise-actions .ac-reset").click()
    page.reload()
    grid = page.locator(".ac-exercise").first
    assert grid.locator("textarea[data-field]").nth(0).input_value() == ""
    assert watched.errors == []


# ---------------------------------------------------------------- timeline filter


def test_timeline_filter_matches_the_engine(site, watched):
    """The static timeline's filters show exactly the rows the engine's filter returns."""
    from afghan_course import data
    from afghan_course.timeline import filter_events

    events = data.load("events")
    page = watched.page
    page.goto(site + "timeline.html")
    block = page.locator("[data-afghan-timeline]").first
    rows = block.locator("tbody tr[data-topic]")
    total = rows.count()
    status = block.locator(".ac-timeline-status")
    assert status.inner_text() == f"Showing {total} of {total} events."

    topics = block.locator("input[type=checkbox]")
    shown_topics = [topics.nth(n).get_attribute("value") for n in range(topics.count())]
    keep = shown_topics[0]
    for n in range(1, topics.count()):  # untick all but the first topic, by keyboard
        topics.nth(n).focus()
        page.keyboard.press("Space")
    block.locator(".ac-timeline-from").fill("2022-01-01")
    block.locator(".ac-timeline-to").fill("2023-12-31")
    block.locator(".ac-timeline-to").dispatch_event("change")
    expected = filter_events(events, topics=[keep], start="2022-01-01", end="2023-12-31")
    visible = block.locator("tbody tr[data-topic]:not([hidden])")
    assert visible.count() == len(expected)
    assert status.inner_text() == f"Showing {len(expected)} of {total} events."
    dates = visible.evaluate_all("trs => trs.map(t => t.getAttribute('data-date'))")
    assert all("2022-01-01" <= d <= "2023-12-31" for d in dates)

    block.locator(".ac-timeline-reset").click()
    assert status.inner_text() == f"Showing {total} of {total} events."
    assert watched.errors == []


# ---------------------------------------------------------------- storage full, off or bad

_QUOTA = "The quota has been exceeded."
_DENIED = "Access is denied for this document."
_FULL = ("Storage.prototype.setItem = function () {"
         f" throw new DOMException('{_QUOTA}', 'QuotaExceededError'); }};")
_OFF = ("Object.defineProperty(window, 'localStorage', { configurable: true, get: function () {"
        f" throw new DOMException('{_DENIED}', 'SecurityError'); }} }});")
_WHERE_ERRORS = ("window.__acErrors = []; window.addEventListener('error', function (e) {"
                 " window.__acErrors.push(String(e.filename) + ': ' + e.message); });")


@pytest.mark.parametrize("script", [_FULL, _OFF], ids=["full", "unavailable"])
def test_when_storage_fails_the_page_says_so_and_the_download_keeps_every_answer(
        script, site, browser, tmp_path):
    context = browser.new_context(accept_downloads=True, service_workers="block")
    context.add_init_script(_WHERE_ERRORS + script)
    watched = Watched(context)
    page = watched.page
    try:
        page.goto(site + "how-quizzes-work.html")
        quiz, items = _items(page, "getting-started")
        for li, q in items:
            answer(page, li, q, _right(q), keyboard=False)
        note = quiz.locator(".ac-store-note")
        assert note.is_visible() and "not being kept" in note.inner_text()
        done = f"Completion: {len(items)} of {len(items)} questions"
        assert done in _score(quiz), _score(quiz)  # every answer counts on the page
        with page.expect_download() as info:
            quiz.locator(".ac-download").click()
        saved = tmp_path / "results.json"
        info.value.save_as(saved)
        records = progress.read(saved)["records"]
        assert {r["question_id"] for r in records} == {q.id for _, q in items}
        # The theme's own scripts read and write localStorage unguarded and throw the stub's
        # error; the course's script must throw nothing.
        where = page.evaluate("() => window.__acErrors")
        assert [w for w in where if "afghan-course" in w] == [], where
        theirs = [e for e in watched.errors if not (e.endswith((_QUOTA, _DENIED))
                                                    or "invalid theme mode" in e)]
        assert theirs == [], theirs
    finally:
        context.close()


def test_a_malformed_stored_record_is_set_aside_and_the_quiz_keeps_working(site, watched,
                                                                          tmp_path):
    page = watched.page
    page.goto(site + "how-quizzes-work.html")
    quiz, items = _items(page, "getting-started")
    li0, q0 = items[0]
    answer(page, li0, q0, _right(q0), keyboard=False)
    stored = json.loads(page.evaluate("() => localStorage.getItem('afghan-course-results')"))
    good = stored["records"][0]
    stored["records"] = [None, 5, "text", {**good, "score": "high"},
                         {**good, "question_id": None}, {**good, "answer": ["wrong shape"]},
                         good]
    page.evaluate("doc => localStorage.setItem('afghan-course-results', JSON.stringify(doc))",
                  stored)
    page.reload()
    quiz, items = _items(page, "getting-started")
    note = quiz.locator(".ac-store-note")
    assert note.is_visible() and "5 stored answers were malformed and set aside" in \
        note.inner_text(), note.inner_text()
    assert "Completion: 1 of" in _score(quiz), _score(quiz)  # the good record still counts
    li1, q1 = items[1]
    answer(page, li1, q1, _right(q1), keyboard=False)
    assert "score 100%" in _feedback(li1)
    with page.expect_download() as info:
        quiz.locator(".ac-download").click()
    saved = tmp_path / "results.json"
    info.value.save_as(saved)
    doc = progress.read(saved)
    assert {r["question_id"] for r in doc["records"]} == {q0.id, q1.id}
    aside = page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('set-aside'))")
    assert len(aside) == 1
    kept = json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(aside[0])})"))
    assert len(kept) == 5 and kept[0] is None
    quiz.locator(".ac-reset").click()
    assert "Completion: 0 of" in _score(quiz)
    page.reload()
    quiz, _ = _items(page, "getting-started")
    assert "Completion: 0 of" in _score(quiz)
    assert not quiz.locator(".ac-store-note").is_visible()
    assert watched.errors == []
