"""Translated quiz banks and exercise sets: keyed fields, stale detection, same validation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from afghan_course.errors import CourseError
from afghan_course.i18n import get_language
from afghan_course.i18n.banks import (
    apply,
    check,
    read_translation,
    source_hash,
    template,
    translatable_fields,
    translate_bank,
)
from afghan_course.i18n.fidelity import compare
from afghan_course.quiz import load_bank
from afghan_course.quiz.grading import grade

ROOT = Path(__file__).resolve().parent.parent
FA = get_language("fa-AF")
TRANSLATIONS = sorted((ROOT / "quizzes" / "translations").rglob("*.yml")) + sorted(
    (ROOT / "exercises" / "translations").rglob("*.yml"))


def _entry(text: str, english: str) -> dict:
    return {"text": text, "source_hash": source_hash(english)}


@pytest.fixture(scope="module")
def bank():
    return load_bank("getting-started")


def test_fields_are_keyed_by_question_id_and_field(bank):
    fields = translatable_fields(bank.model_dump(mode="json", exclude_none=True))
    q = bank.questions[0]
    assert fields[f"questions.{q.id}.prompt"] == q.prompt
    assert fields[f"questions.{q.id}.options.0.text"] == q.options[0].text
    assert not any(".sources" in k or ".data_ref" in k or k.endswith(".id") for k in fields)
    assert "title" in fields and any(k.startswith("objectives.") for k in fields)


def test_template_is_all_untranslated_and_keeps_previous(bank):
    skel = template(bank, FA, "getting-started")
    report = check(bank, skel)
    assert report.translated == 0 and len(report.missing) == len(skel["fields"])
    q = bank.questions[0]
    done = {"fields": {f"questions.{q.id}.prompt": _entry("پرسش", q.prompt)}}
    again = template(bank, FA, "getting-started", done)
    assert again["fields"][f"questions.{q.id}.prompt"]["text"] == "پرسش"


def test_choice_answers_follow_their_options(bank):
    q = next(q for q in bank.questions if q.type == "single")
    n = [o.text for o in q.options].index(q.answer)
    tr = {"fields": {f"questions.{q.id}.options.{n}.text": _entry("گزینهٔ درست", q.answer)}}
    out = apply(bank, tr).question(q.id)
    assert out.answer == "گزینهٔ درست"
    assert grade(out, "گزینهٔ درست").correct


def test_a_changed_english_field_is_stale_and_shown_in_english(bank):
    q = bank.questions[0]
    tr = {"fields": {f"questions.{q.id}.prompt": _entry("پرسش کهنه", q.prompt)}}
    changed = bank.model_copy(update={"questions": [
        q.model_copy(update={"prompt": q.prompt + " (revised)"}), *bank.questions[1:]]})
    report = check(changed, tr, "fa.yml")
    assert report.stale == [f"questions.{q.id}.prompt"]
    assert "stale" in report.lines()[0] and report.lines()[0].startswith("fa.yml: ")
    assert apply(changed, tr).question(q.id).prompt == q.prompt + " (revised)"


def test_translation_is_validated_by_the_same_model(bank):
    q = next(q for q in bank.questions if q.type == "single")
    tr = {"fields": {f"questions.{q.id}.options.0.text": _entry("یکی", q.options[0].text),
                     f"questions.{q.id}.options.1.text": _entry("یکی", q.options[1].text)}}
    with pytest.raises(CourseError) as err:
        apply(bank, tr, "fa.yml")
    assert "repeat" in err.value.line() and "\n" not in err.value.line()


def test_unknown_field_is_an_error(bank):
    tr = {"fields": {"questions.no-such-question.prompt": _entry("x", "y")}}
    assert check(bank, tr).unknown == ["questions.no-such-question.prompt"]
    with pytest.raises(CourseError, match="not a learner-facing field"):
        apply(bank, tr, "fa.yml")


def test_bad_translation_files_are_one_line(tmp_path):
    bad = tmp_path / "x.yml"
    bad.write_text("language: fa-AF\nfields:\n  title: {text: ''}\n", encoding="utf-8")
    with pytest.raises(CourseError) as err:
        read_translation(bad)
    assert "x.yml" in err.value.line() and "title" in err.value.line()
    bad.write_text("language: xx\nfields: {}\n", encoding="utf-8")
    with pytest.raises(CourseError, match="unknown language"):
        read_translation(bad)


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_stored_translations_are_current_and_faithful(path):
    raw = read_translation(path)
    lang = get_language(raw["language"])
    assert path.parent.name == lang.tag
    english = load_bank(raw["source"])
    report = check(english, raw, str(path))
    # stale and untranslated fields show in English and are reported by
    # `afghan-course i18n bank`, as fuzzy gettext entries are; a field the English lacks is wrong
    assert report.unknown == []
    assert report.translated > 0
    fields = translatable_fields(english.model_dump(mode="json", exclude_none=True))
    problems = [f"{k}: {p}" for k, e in raw["fields"].items()
                for p in compare(fields[k], e["text"])]
    assert problems == []
    translate_bank(english, lang)  # validates


def test_dari_short_answer_in_dari_script(bank):
    fa = translate_bank(bank, FA)
    q = next(q for q in fa.questions if q.type == "short")
    assert grade(q, "د افغانستان بانک").correct
    assert grade(q, "Da Afghanistan Bank").correct  # the English variants stay accepted


def test_exercise_sets_have_keyed_fields():
    from afghan_course.perspectives import load_exercise

    path = sorted((ROOT / "exercises").glob("*.yml"))[0]
    ex = load_exercise(path.stem)
    fields = translatable_fields(ex.model_dump(mode="json", exclude_none=True))
    assert fields["title"] == ex.title and fields["central_question"] == ex.central_question
    assert not any(k.endswith(".statement") for k in fields)
    yaml.safe_dump(template(ex, FA, ex.id), allow_unicode=True)
