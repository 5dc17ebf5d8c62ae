"""Translated editions: message catalogs, fonts, catalog fidelity, status and the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afghan_course.errors import CourseError
from afghan_course.i18n import EDITIONS, get_language, msg
from afghan_course.i18n.catalogs import (
    all_status,
    edition_pages,
    page_status,
    read_catalog,
    translated_pages,
)
from afghan_course.i18n.fidelity import compare, normalise_digits
from afghan_course.i18n.fonts import DARI_LETTERS, FONT_FILES, PASHTO_LETTERS, font_dir
from afghan_course.i18n.messages import check_catalogs, script_catalog
from afghan_course.i18n.status import status_markdown

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "book" / "locales"
CATALOGS = sorted(LOCALES.rglob("*.po"))


# ------------------------------------------------------------------ languages and messages

def test_dari_and_pashto_tags():
    assert get_language("fa_AF").tag == "fa-AF" and get_language("fa-AF").direction == "rtl"
    assert get_language("ps").sphinx == "ps"
    with pytest.raises(CourseError, match="unknown language 'xx'"):
        get_language("xx")


def test_message_catalogs_have_every_key_and_placeholder():
    assert check_catalogs() == []


def test_messages_format_and_fall_back_to_english():
    assert msg("quiz.check", "fa-AF") == "بررسی"
    assert msg("quiz.check", "ps") == "وګورئ"
    assert msg("quiz.check", "en") == "Check"
    assert "۳" in msg("quiz.score", "ps", earned=1, total=3, answered=1, questions=3)
    assert "3" in msg("quiz.score", "en", earned=1, total=3, answered=1, questions=3)
    with pytest.raises(KeyError):
        msg("no.such.key", "en")


def test_script_catalog_is_safe_inside_a_script_tag():
    js = script_catalog("fa-AF")
    assert js.startswith("/*") and "window.AfghanCourseMessages" in js
    assert "</" not in js.split("*/", 1)[1]
    assert '"dir": "rtl"' in js


# ------------------------------------------------------------------ fonts

def test_font_covers_pashto_and_dari_letters():
    """Read the served font's character map: every Pashto and Dari letter has a glyph."""
    from fontTools.ttLib import TTFont

    for name in FONT_FILES:
        path = font_dir() / name
        assert path.is_file(), f"{path}: missing; `npm ci` installs @fontsource/noto-naskh-arabic"
        cmap = TTFont(path).getBestCmap()
        missing = [ch for ch in PASHTO_LETTERS + DARI_LETTERS if ord(ch) not in cmap]
        assert missing == [], f"{name} lacks {' '.join(missing)}"


def test_font_css_unicode_range_covers_the_letters():
    css = (ROOT / "src" / "afghan_course" / "static" / "afghan-course-i18n.css").read_text()
    ranges = re.findall(r"U\+([0-9A-F]{4})-([0-9A-F]{4})", css)
    for ch in PASHTO_LETTERS + DARI_LETTERS:
        assert any(int(a, 16) <= ord(ch) <= int(b, 16) for a, b in ranges), ch


# ------------------------------------------------------------------ fidelity

def test_fidelity_normalises_digits_and_catches_changes():
    assert normalise_digits("۲۰۲۱ و ٢٠٢٢") == "2021 و 2022"
    source = "On 3 July 2025 Russia recognised it {cite}`a-key` (see {term}`de jure recognition`)."
    good = "در ۳ جولای ۲۰۲۵ {cite}`a-key` ({term}`قانونی <de jure recognition>`)."
    assert compare(source, good) == []
    assert any("numbers missing: 3" in p for p in compare(source, good.replace("۳ ", "")))
    assert any("numbers not in the English: 2024" in p
               for p in compare(source, good + " ۲۰۲۴"))
    assert any("citations missing: a-key" in p
               for p in compare(source, good.replace("{cite}`a-key`", "")))
    assert any("targets" in p for p in compare(source, good.replace("de jure", "de facto")))
    assert any("literals missing: data/" in p for p in compare("in `data/`", "در data"))
    assert any("row_ids missing: ST129" in p for p in compare("see ST129", "ببینید"))
    assert compare("$9.4bn or 1,234", "۹٫۴ میلیارد دالر یا ۱۲۳۴") == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(LOCALES).as_posix())
def test_every_translated_passage_keeps_its_facts(path):
    """Each translated, non-fuzzy entry carries its source's numbers, dates, keys and refs."""
    problems = []
    for message in read_catalog(path):
        if message.id and message.string and not message.fuzzy:
            for problem in compare(message.id, message.string):
                problems.append(f"{message.id[:60]!r}: {problem}")
    assert problems == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(LOCALES).as_posix())
def test_catalogs_use_the_courses_names(path):
    """The course's voice in translation: no 'Islamic Emirate' unless the source has it."""
    emirate = ("امارت اسلامی", "اسلامي امارت")
    for message in read_catalog(path):
        if message.string and any(e in message.string for e in emirate):
            assert "Islamic Emirate" in message.id, message.id


def test_first_content_is_there():
    fa, ps = get_language("fa-AF"), get_language("ps")
    assert {"intro", "how-quizzes-work", "glossary"} <= set(translated_pages(fa))
    assert {"intro", "glossary"} <= set(translated_pages(ps))
    for lang, page in [(fa, "intro"), (fa, "how-quizzes-work"), (ps, "intro")]:
        status = page_status(page, lang)
        assert status.complete, (lang.tag, page, status)


# ------------------------------------------------------------------ status and reviewers

def _po(path: Path, header: str, entries: list[tuple[str, str, bool]]) -> None:
    body = [header, 'msgid ""', 'msgstr ""', '"Language: fa_AF\\n"',
            '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for source, translation, fuzzy in entries:
        if fuzzy:
            body.append("#, fuzzy")
        body += [f'msgid "{source}"', f'msgstr "{translation}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body), encoding="utf-8")


def test_status_counts_and_reviewer(tmp_path):
    base = tmp_path / "fa_AF" / "LC_MESSAGES"
    _po(base / "intro.po", "# Dari\n# Reviewed-by: A. Reviewer, 2026-12-01",
        [("One", "یک", False), ("Two", "دو", True), ("Three", "", False)])
    _po(base / "glossary.po", "# Dari", [("Term", "اصطلاح", False)])
    fa = get_language("fa-AF")
    s = page_status("intro", fa, tmp_path)
    assert (s.translated, s.fuzzy, s.untranslated) == (1, 1, 1)
    assert s.reviewer == "A. Reviewer, 2026-12-01"
    assert page_status("glossary", fa, tmp_path).reviewer is None
    assert edition_pages(fa, tmp_path) == ["intro", "glossary", "bibliography",
                                           "_generated/translation-status"]
    page = status_markdown(fa, tmp_path)
    assert "| `intro` | fa-AF | 1 | 1 | 1 | A. Reviewer, 2026-12-01 |" in page
    assert f"| `glossary` | fa-AF | 1 | 0 | 0 | {msg('status.not_reviewed', fa)} |" in page


def test_a_broken_catalog_is_one_line(tmp_path):
    bad = tmp_path / "fa_AF" / "LC_MESSAGES" / "intro.po"
    bad.parent.mkdir(parents=True)
    bad.write_text('msgid "x"\nmsgid "z"\nmsgstr "a"\n', encoding="utf-8")
    with pytest.raises(CourseError) as err:
        page_status("intro", get_language("fa-AF"), tmp_path)
    assert str(bad) in err.value.line() and "\n" not in err.value.line()


def test_status_of_the_real_catalogs():
    rows = all_status()
    assert {(r.language.tag, r.page) for r in rows} >= {("fa-AF", "intro"), ("ps", "intro")}


# ------------------------------------------------------------------ the built editions

def _edition_html(built_book: Path, lang) -> list[Path]:
    folder = built_book / lang.tag
    pages = sorted(p for p in folder.glob("**/*.html")
                   if "_static" not in p.parts and p.name not in ("genindex.html", "search.html"))
    assert pages, f"{folder}: edition not built (`make book` builds it)"
    return pages


@pytest.mark.parametrize("lang", EDITIONS, ids=lambda lang: lang.tag)
def test_edition_pages_are_rtl_with_switcher_and_note(built_book, lang):
    for page in _edition_html(built_book, lang):
        text = page.read_text(encoding="utf-8")
        if page.name == "index.html" and "Refresh" in text:
            continue
        assert f'<html lang="{lang.tag}" dir="rtl"' in text, page
        assert 'class="ac-lang-switch"' in text, page
        assert "afghan-course-messages.js" in text and "afghan-course-i18n.css" in text, page
        docname = page.relative_to(built_book / lang.tag).with_suffix("").as_posix()
        if not docname.startswith("_generated/"):
            assert 'class="ac-translation-note"' in text, page
    fonts = built_book / lang.tag / "_static" / "fonts"
    assert all((fonts / name).is_file() for name in FONT_FILES)
    messages = (built_book / lang.tag / "_static" / "afghan-course-messages.js").read_text()
    assert f'"lang": "{lang.tag}"' in messages


def test_english_pages_have_the_switcher(built_book):
    text = (built_book / "intro.html").read_text(encoding="utf-8")
    assert 'href="fa-AF/intro.html"' in text and 'href="ps/intro.html"' in text
    glossary = (built_book / "glossary.html").read_text(encoding="utf-8")
    assert 'href="fa-AF/glossary.html"' in glossary
    timeline = (built_book / "timeline.html").read_text(encoding="utf-8")
    assert 'href="fa-AF/intro.html"' in timeline  # no Dari timeline yet: its start page


def test_dari_landing_page_shows_the_translation(built_book):
    text = (built_book / "fa-AF" / "intro.html").read_text(encoding="utf-8")
    assert "در اگست" in text and "In August 2021 the Taliban took Kabul" not in text
    assert 'href="../timeline.html"' in text  # untranslated chapter: the English page
    assert msg("i18n.in_english", "fa-AF") in text
    assert msg("i18n.machine_assisted", "fa-AF") in text
