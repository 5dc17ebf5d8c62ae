"""Static and live renderings: everything answerable, nothing from bank or learner text runs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import yaml

from afghan_course import progress
from afghan_course.data import sources_by_id
from afghan_course.quiz import QuizDisplay, load_bank, show
from afghan_course.quiz.bank import parse_bank
from afghan_course.quiz.render_html import render_quiz_html
from afghan_course.quiz.widgets import LiveQuiz

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.script_text = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs).get("type"))
            self._in_script = True
        self.handlers += [k for k, _ in attrs if k.startswith("on")]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def _evil_bank():
    raw = yaml.safe_load(open("quizzes/getting-started.yml", encoding="utf-8"))
    for q in raw["questions"]:
        q["prompt"] = EVIL + q["prompt"]
        q["explanation"] = EVIL
        for o in q.get("options", []):
            o["feedback"] = EVIL
            o["text"] = o["text"] + EVIL
        if "answer" in q and q["type"] == "single":
            q["answer"] = q["answer"] + EVIL
        if q["type"] == "multiple":
            q["answer"] = [a + EVIL for a in q["answer"]]
    return parse_bank(yaml.safe_dump(raw), "evil.yml", None)


def test_static_quiz_has_every_control_and_answer_blocks():
    bank = load_bank("getting-started")
    html = render_quiz_html(bank, bank.questions, sources_by_id())
    assert html.count('class="ac-q"') == len(bank.questions)
    assert html.count("<details") == len(bank.questions)
    for t in ("radio", "checkbox"):
        assert f'type="{t}"' in html
    assert "<select" in html and "<textarea" in html and 'inputmode="decimal"' in html
    assert 'aria-live="polite"' in html
    for q in bank.questions:
        assert f'data-qid="{q.id}"' in html
    assert "Da Afghanistan Bank" in html
    assert "https://" in html  # sources are linked


def test_bank_text_is_escaped_and_key_cannot_break_out():
    bank = _evil_bank()
    html = render_quiz_html(bank, bank.questions, sources_by_id())
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == ["application/json"]
    assert tags.handlers == []
    assert "&lt;script&gt;" in html
    key = json.loads("".join(tags.script_text))
    assert key["questions"][0]["answer"].endswith(EVIL)  # intact as data, inert as markup


def test_display_bundle_prefers_nothing_but_carries_both():
    d = show("getting-started")
    bundle = d._repr_mimebundle_()
    assert "text/html" in bundle and "text/plain" in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'id="acq-getting-started"' in bundle["text/html"]
    sub = show("getting-started", ids=["gs-doha-party"])
    assert sub.html.count('class="ac-q"') == 1 and 'id="acq-getting-started-gs-doha' in sub.html


def test_live_quiz_checks_every_type_and_saves(tmp_path):
    bank = load_bank("getting-started")
    path = tmp_path / "results.json"
    live = LiveQuiz(bank, bank.questions, sources_by_id(), path, "Ada")
    by_type: dict = {}
    for v in live.views:  # the first question of each type
        by_type.setdefault(v.q.type, v)
    single = by_type["single"]
    single.control.value = "Russia"
    single.check.click()
    assert "Correct" in single.feedback.value
    short = by_type["short"]
    short.control.value = EVIL
    short.check.click()
    assert "<script>" not in short.feedback.value
    ordering = by_type["ordering"]
    for drop, item in zip(ordering.control.children, ordering.q.items, strict=False):
        drop.value = item
    ordering.check.click()
    assert "All in the right order" in ordering.feedback.value
    matching = by_type["matching"]
    for drop, pair in zip(matching.control.children, matching.q.pairs, strict=False):
        drop.value = pair.right
    matching.check.click()
    assert "Correct" in matching.feedback.value
    numeric = by_type["numeric"]
    numeric.control.value = "116"
    numeric.check.click()
    multiple = by_type["multiple"]
    multiple.control.children[0].value = True
    multiple.check.click()
    assert "Partly correct" in multiple.feedback.value
    tf = by_type["truefalse"]
    tf.control.value = "False"
    tf.check.click()
    op = by_type["open"]
    op.control.children[0].value = "x" * 50000
    op.control.children[1].value = "fully"
    op.check.click()
    assert "Model answer" in op.feedback.value
    doc = progress.read(path)
    answered = {v.q.id for v in by_type.values()}
    assert doc["learner"] == "Ada" and len(doc["records"]) == len(answered) == 8
    assert {r["question_id"] for r in doc["records"]} == answered
    assert f"8 of {len(bank.questions)} answered" in live.summary.value
    multiple.retry.click()
    assert multiple.feedback.value == "" and not multiple.control.children[0].value


def test_unwritable_results_file_is_reported_not_raised(tmp_path):
    bank = load_bank("getting-started")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    live = LiveQuiz(bank, bank.questions[:1], sources_by_id(), blocker / "r.json")
    live.views[0].control.value = "Russia"
    live.views[0].check.click()
    assert "Not saved (question 1)" in live.views[0].save_note.value
    assert "Not saved: question 1" in live.status.value


def test_quiz_display_ids_unique_per_page():
    a = QuizDisplay(load_bank("getting-started"), load_bank("getting-started").questions[:2],
                    quiz_id="one").html
    ids = re.findall(r'id="([^"]+)"', a)
    assert len(ids) == len(set(ids))
