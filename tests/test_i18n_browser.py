"""The Dari edition in a real browser: right to left, its own font, a translated quiz that
is answered in Dari script by mouse and by keyboard, and a switcher that changes language.

Every page of every edition also goes through ``test_browser.py``'s per-page check
(offline, no JavaScript error, axe), which collects all built pages, editions included.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401 - fixtures used by name
    _feedback,
    _plain,
    _right,
    _score,
    _wrong,
    answer,
    browser,
    site,
    watched,
)

from afghan_course.i18n import get_language, msg
from afghan_course.i18n.banks import translate_bank
from afghan_course.quiz import load_bank

FA = get_language("fa-AF")


def _answer(page, li, q, value, keyboard: bool) -> None:
    """As test_browser.answer; an open question's rating is found by its stored value,
    since its label is in Dari."""
    if q.type != "open":
        answer(page, li, q, value, keyboard)
        return
    area = li.locator(".ac-textarea")
    if keyboard:
        area.focus()
        page.keyboard.type("پاسخ من")
        li.locator(".ac-rating input").first.focus()
        page.keyboard.press("Space")
        for _ in range(["not yet", "partly", "fully"].index(value)):
            page.keyboard.press("ArrowDown")
        li.locator(".ac-check").focus()
        page.keyboard.press("Enter")
    else:
        area.fill("پاسخ من")
        rating = li.locator(f".ac-rating input[value='{value}']")
        li.locator(f"label[for='{rating.get_attribute('id')}']").click()
        li.locator(".ac-check").click()


def _translated_items(page):
    quiz = page.locator(".ac-quiz[data-chapter='getting-started']")
    bank = translate_bank(load_bank("getting-started"), FA)
    by_id = {q.id: q for q in bank.questions}
    lis = quiz.locator("li.ac-q")
    return quiz, [(lis.nth(n), by_id[lis.nth(n).get_attribute("data-qid")])
                  for n in range(lis.count())]


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_dari_quiz_answered_in_dari(keyboard, site, watched):  # noqa: F811
    page = watched.page
    page.goto(site + "fa-AF/how-quizzes-work.html")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa-AF"
    quiz, items = _translated_items(page)
    assert len(items) == len(load_bank("getting-started").questions)
    assert quiz.locator(".ac-check").first.inner_text() == msg("quiz.check", FA)
    wrong_verdicts = (msg("verdict.wrong", FA), msg("verdict.partly", FA))
    for li, q in items:
        value, expected = _wrong(q)
        _answer(page, li, q, value, keyboard)
        shown = _feedback(li)
        if q.type == "open":
            assert shown.startswith(msg("verdict.self_assessed", FA)), f"{q.id}: {shown}"
        else:
            assert shown.startswith(wrong_verdicts), f"{q.id}: {shown}"
        if q.type not in ("ordering", "matching", "open"):
            assert expected in shown, f"{q.id}: expected {expected!r} in {shown!r}"
        assert "Not correct" not in shown and "pairs are in" not in shown
        li.locator(".ac-retry").click()
        _answer(page, li, q, _right(q), keyboard)
        shown = _feedback(li)
        verdict = msg("verdict.self_assessed" if q.type == "open" else "verdict.correct", FA)
        assert shown.startswith(f"{verdict} — {msg('verdict.score', FA, percent=100)}"), shown
        assert _plain(q.explanation)[:40] in shown
    assert msg("score.completion", FA, answered=len(items), questions=len(items),
               percent=100) in _score(quiz)
    assert watched.errors == [] and watched.foreign_requests() == []


def test_dari_short_answer_with_vowel_marks_or_english(site, watched):  # noqa: F811
    page = watched.page
    page.goto(site + "fa-AF/how-quizzes-work.html")
    quiz, items = _translated_items(page)
    li, q = next((li, q) for li, q in items if q.type == "short")
    for typed in ("د افغانستان بانک", "Da Afghanistan Bank"):
        li.locator(".ac-input").fill(typed)
        li.locator(".ac-check").click()
        assert _feedback(li).startswith(msg("verdict.correct", FA)), typed
        li.locator(".ac-retry").click()
    assert watched.errors == []


def test_font_is_local_and_switcher_changes_language(site, watched):  # noqa: F811
    page = watched.page
    page.goto(site + "fa-AF/glossary.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ټډړښږځڅګڼېۍ')")
    naskh = [u for u in watched.requests if "noto-naskh-arabic" in u]
    assert naskh and all("/fa-AF/_static/fonts/" in u for u in naskh)
    note = page.locator(".ac-translation-note")
    assert msg("i18n.machine_assisted", FA) in note.inner_text()
    page.locator(".ac-lang-switch a[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/glossary.html") and "/fa-AF/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".ac-lang-switch a[hreflang='ps']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ps/glossary.html")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert watched.errors == [] and watched.foreign_requests() == []
