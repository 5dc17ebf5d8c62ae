"""Hostile text in every field of a question bank never runs in the book's page script.

A bank whose every text (title, objectives, prompts, options, feedback, units, items,
pairs, distractors, accepted answers, explanations, model answers, rubrics, sources) holds
markup that would run if it reached ``innerHTML`` is rendered as a page with the real
``afghan-course.js`` and answered wrong and right in Chromium, then reloaded (the restore
path). Nothing may run, no element may be made from bank text, and the text the grader
quotes (a unit, a matching pair) must show as text.
"""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
from test_browser import Watched, _QuietHandler, browser  # noqa: F401 - the fixture

from afghan_course.paths import STATIC_DIR
from afghan_course.quiz.model import Bank
from afghan_course.quiz.render_html import render_quiz_html

MARK = "window.__pwned = (window.__pwned || 0) + 1"
PAYLOADS = [f'<img src=x onerror="{MARK}">', f"<script>{MARK}</script>",
            f'"><svg onload="{MARK}">', f"<iframe srcdoc='<script>parent.{MARK[7:]}</script>'>",
            f"[x](javascript:{MARK})"]


def _h(n: int, label: str) -> str:
    """Every payload in every field, led by a different one each time."""
    k = n % len(PAYLOADS)
    return " ".join([f"{label}{n}", *PAYLOADS[k:], *PAYLOADS[:k]])


def _bank() -> Bank:
    n = iter(range(1000))

    def h(label: str) -> str:
        return _h(next(n), label)

    base = {"objective": "HX-1", "level": "remember", "difficulty": "easy"}

    def q(qid: str, qtype: str, **fields):
        return {"id": qid, "type": qtype, **base, "prompt": h("prompt"),
                "explanation": h("explanation"), "sources": [h("source")],
                "instructor_note": h("note"), **fields}

    opts = [{"text": h("option"), "feedback": h("feedback")} for _ in range(3)]
    return Bank.model_validate({
        "chapter": "hostile", "title": h("title"), "objectives": {"HX-1": h("objective")},
        "questions": [
            q("single", "single", options=opts, answer=opts[0]["text"]),
            q("multiple", "multiple", options=opts, answer=[opts[0]["text"], opts[1]["text"]]),
            q("truefalse", "truefalse", answer=True, feedback_true=h("true"),
              feedback_false=h("false")),
            q("numeric", "numeric", answer=4, tolerance=0, unit=h("unit"),
              feedback_correct=h("right"), feedback_incorrect=h("wrong")),
            q("ordering", "ordering", items=[h("item") for _ in range(3)]),
            q("matching", "matching", pairs=[{"left": h("left"), "right": h("right")}
                                             for _ in range(3)],
              distractors=[h("distractor")]),
            q("short", "short", answers=[h("answer"), h("answer")],
              feedback_correct=h("right"), feedback_incorrect=h("wrong")),
            q("open", "open", model_answer=h("model"),
              rubric=[{"criterion": h("criterion"), "levels": [h("level"), h("level")]}]),
        ]})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(STATIC_DIR / "afghan-course.js", folder / "afghan-course.js")
    bank = _bank()
    quiz = render_quiz_html(bank, bank.questions, {})
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>'
        '<script defer src="afghan-course.js"></script></head><body><main>'
        f"{quiz}</main></body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", bank
    server.shutdown()
    server.server_close()


def _answer_everything(page, bank: Bank, watched) -> None:
    def _check(li) -> None:
        li.locator(".ac-check").click()
        _nothing_ran(page, watched)

    qs = {q.id: q for q in bank.questions}
    for li in page.locator("li.ac-q").all():
        q = qs[li.get_attribute("data-qid")]
        t = q.type
        if t in ("single", "truefalse"):
            for i in range(li.locator("input").count()):
                li.locator("input").nth(i).check()
                _check(li)
        elif t == "multiple":
            boxes = li.locator("input")
            for i in range(boxes.count()):
                boxes.nth(i).check()
                _check(li)
        elif t == "numeric":
            for text in ("lots", "5", "4"):
                li.locator(".ac-input").fill(text)
                _check(li)
        elif t == "short":
            for text in ("wrong", q.answers[0]):
                li.locator(".ac-input").fill(text[:200])
                _check(li)
        elif t == "ordering":
            selects = li.locator(".ac-order select")
            for order in (list(reversed(q.items)), list(q.items)):
                for i, item in enumerate(order):
                    selects.nth(i).select_option(value=item)
                _check(li)
        elif t == "matching":
            selects = li.locator(".ac-matching select")
            for wrong in (True, False):
                for i, p in enumerate(q.pairs):
                    value = q.distractors[0] if wrong and i == 0 else p.right
                    selects.nth(i).select_option(value=value)
                _check(li)
        elif t == "open":
            li.locator(".ac-textarea").fill(f'<img src=x onerror="{MARK}">')
            _check(li)
            li.locator(".ac-rating input").nth(1).check()
            _check(li)


def _nothing_ran(page, watched) -> None:
    assert page.evaluate("() => window.__pwned") is None, "bank text ran as script"
    assert watched.dialogs == []
    made = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.ac-quiz img, .ac-quiz svg, .ac-quiz script:not(.ac-quiz-data), .ac-quiz iframe'))
        .map(e => e.outerHTML)""")
    assert made == [], f"elements made from bank text: {made[:3]}"
    links = page.evaluate("() => Array.from(document.querySelectorAll('.ac-quiz a'))"
                          ".map(a => a.getAttribute('href'))")
    assert not [h for h in links if h and h.lower().startswith("javascript:")]
    assert [e for e in watched.errors if "uncaught" in e] == []


def test_hostile_bank_text_never_runs(browser, hostile_site):  # noqa: F811
    url, bank = hostile_site
    context = browser.new_context(service_workers="block")
    try:
        watched = Watched(context)
        page = watched.page
        page.goto(url, wait_until="load")
        page.wait_for_selector(".ac-actions:not([hidden])")
        _answer_everything(page, bank, watched)
        _nothing_ran(page, watched)
        q = {q.type: q for q in bank.questions}
        numeric = page.locator('li[data-qid="numeric"] .ac-feedback')
        page.locator('li[data-qid="numeric"] .ac-input').fill("lots")
        page.locator('li[data-qid="numeric"] .ac-check').click()
        assert q["numeric"].unit in numeric.inner_text(), "the unit shows as text"
        _nothing_ran(page, watched)
        matching = page.locator('li[data-qid="matching"]')
        matching.locator(".ac-matching select").nth(0).select_option(
            value=q["matching"].distractors[0])
        matching.locator(".ac-check").click()
        pair = q["matching"].pairs[0]
        assert f"{pair.left} → {pair.right}" in matching.locator(".ac-feedback").inner_text()
        _nothing_ran(page, watched)
        page.reload(wait_until="load")
        page.wait_for_selector(".ac-actions:not([hidden])")
        _nothing_ran(page, watched)
    finally:
        context.close()
