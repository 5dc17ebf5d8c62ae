"""The book script's English fallbacks are the English catalog's words, key for key."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "src" / "afghan_course" / "static" / "afghan-course.js"
EN = ROOT / "src" / "afghan_course" / "i18n" / "messages" / "en.json"
CALL = re.compile(r'msg\("([a-z_.]+)", "((?:[^"\\]|\\.)*)"')
# The grader's own English lines, matched back to their catalog keys for display.
GRADER_LINE = re.compile(r'\["(feedback\.[a-z_]+)", "((?:[^"\\]|\\.)*)"\]')


def test_js_lookups_match_the_english_catalog():
    english = json.loads(EN.read_text(encoding="utf-8"))
    text = JS.read_text(encoding="utf-8")
    calls = CALL.findall(text) + GRADER_LINE.findall(text)
    assert len(calls) >= 20
    for key, fallback in calls:
        assert key in english, f"afghan-course.js asks for {key!r}, which en.json lacks"
        assert json.loads(f'"{fallback}"') == english[key], key
