"""Perspectives exercises: one-line validation errors, safe rendering, saving, framing."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
import yaml

from afghan_course import progress
from afghan_course.errors import CourseError
from afghan_course.paths import course_root
from afghan_course.perspectives import (
    ExerciseDisplay,
    all_exercises,
    context_for,
    framing_counts,
    load_exercise,
    show,
)
from afghan_course.perspectives.loader import known_references, parse_exercise
from afghan_course.perspectives.model import KINDS
from afghan_course.perspectives.render_html import render_exercise_html
from afghan_course.perspectives.widgets import LiveExercise

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _raw(n_docs: int = 3) -> dict:
    docs = [{"statement": f"ST00{i}", "note": "Speaker note.",
             "claims": [{"text": f"Claim of document {i}", "kind": "value"}]}
            for i in range(1, n_docs + 1)]
    docs[0]["claims"].append({"text": "A checkable claim", "kind": "fact",
                              "check": {"table": "events", "id": "E024"}})
    return {"id": "tiny", "title": "Tiny set", "chapter": "recognition",
            "central_question": "Should it happen?", "context": "Some *context*.",
            "documents": docs,
            "prompts": {"sourcing": ["Who?"], "contextualisation": ["When?"],
                        "close_reading": ["Which words?"], "corroboration": ["Who agrees?"]},
            "model_answer": "SECRET MODEL ANSWER",
            "rubric": [{"criterion": "SECRET CRITERION", "levels": ["weak", "strong"]}]}


def _write(tmp_path, raw, name="tiny.yml"):
    path = tmp_path / name
    path.write_text(raw if isinstance(raw, str) else yaml.safe_dump(raw), encoding="utf-8")
    return path


def _errors(path) -> list[str]:
    with pytest.raises(CourseError) as info:
        load_exercise(path)
    lines = str(info.value).splitlines()
    assert lines and all("Traceback" not in line for line in lines)
    return lines


def test_valid_fixture_loads(tmp_path):
    ex = load_exercise(_write(tmp_path, _raw()))
    assert ex.id == "tiny" and len(ex.documents) == 3
    assert ex.fields()[:3] == ["ST001-claim1", "ST001-claim2", "ST001-interests"]


def test_yaml_error_is_one_line_with_its_line(tmp_path):
    lines = _errors(_write(tmp_path, "id: tiny\ntitle: [unclosed\n"))
    assert len(lines) == 1 and "tiny.yml" in lines[0] and "not valid YAML" in lines[0]
    assert "line " in lines[0]


@pytest.mark.parametrize("mutate, item, reason", [
    (lambda r: r["documents"][1]["claims"][0].update(colour="red"), "claim 1 of document 2",
     "is not a known field"),
    (lambda r: r.update(extra="x"), None, "extra: is not a known field"),
    (lambda r: r["documents"][2].pop("claims"), "document 3", "claims: is required"),
    (lambda r: r.pop("central_question"), None, "central_question: is required"),
    (lambda r: r["documents"][1]["claims"][0].update(kind="opinion"),
     "claim 1 of document 2", "kind"),
    (lambda r: r["documents"].pop(), None, "documents"),
    (lambda r: r["rubric"][0].update(levels=["only one"]), "rubric criterion 1", "levels"),
    (lambda r: r["documents"][2].update(statement="ST001"), "document 3", "already used"),
])
def test_schema_errors_name_item_and_reason(tmp_path, mutate, item, reason):
    raw = _raw()
    mutate(raw)
    lines = _errors(_write(tmp_path, raw))
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(tmp_path / "tiny.yml")) or "tiny.yml" in lines[0]
    if item:
        assert f": {item}: " in lines[0], lines[0]
    assert reason in lines[0], lines[0]


def test_unknown_statement_and_check_rows(tmp_path):
    raw = _raw()
    raw["documents"][1]["statement"] = "ST999"
    raw["documents"][0]["claims"][1]["check"] = {"table": "events", "id": "E9999"}
    raw["documents"][2]["claims"][0]["check"] = {"table": "nosuch", "id": "X1"}
    lines = _errors(_write(tmp_path, raw))
    assert len(lines) == 3
    assert "claim 2 of document 1: field check: check id 'E9999' is not a row of " \
           "data/events" in lines[0]
    assert "document 2: field statement: statement 'ST999' is not an id in " \
           "data/statements.csv" in lines[1]
    assert "claim 1 of document 3" in lines[2] and "'nosuch' is not a table" in lines[2]


def test_check_table_without_id_column(tmp_path):
    raw = _raw()
    raw["documents"][0]["claims"][1]["check"] = {"table": "humanitarian", "id": "2021"}
    (line,) = _errors(_write(tmp_path, raw))
    assert "has no id column" in line


def test_id_must_equal_file_stem(tmp_path):
    (line,) = _errors(_write(tmp_path, _raw(), name="other.yml"))
    assert "field id" in line and "'other'" in line


def test_not_a_mapping(tmp_path):
    (line,) = _errors(_write(tmp_path, "- just\n- a list\n"))
    assert "must be a mapping" in line


COURSE_SETS = {"recognition-neighbours", "sanctions-carveouts", "frozen-assets-claims",
               "regional-security", "doha-without-women", "doha-agreement", "recognition-sac"}


def test_the_course_has_its_exercise_sets():
    assert COURSE_SETS <= {e.id for e in all_exercises()}


@pytest.mark.parametrize("exercise_id", sorted(COURSE_SETS))
def test_each_course_set_is_valid_balanced_and_cites_real_rows(exercise_id):
    ex = load_exercise(exercise_id)
    refs = known_references()
    assert 3 <= len(ex.documents) <= 6
    statements = load_statements()
    actors = {statements[d.statement]["actor_type"] for d in ex.documents}
    assert len(actors) >= 3, f"{exercise_id}: documents from too few kinds of actor: {actors}"
    stances = {statements[d.statement]["stance"] for d in ex.documents}
    assert len(stances) >= 2, f"{exercise_id}: the documents should disagree"
    kinds = {c.kind for d in ex.documents for c in d.claims}
    assert kinds == {"fact", "interpretation", "value"}, f"{exercise_id}: {kinds}"
    checks = [c.check for d in ex.documents for c in d.claims if c.check]
    assert checks, f"{exercise_id}: no claim can be looked up in the data"
    for check in checks:
        assert refs.check_problem(check) is None
    html = show(exercise_id).html
    assert html.count('class="ac-lookup"') == len(checks)
    assert "ac-instructor" not in html


def test_the_controversy_plan_fits_a_class_period():
    ex = load_exercise("recognition-sac")
    assert ex.sac is not None and len(ex.sac.roles) >= 2
    minutes = sum(step.minutes for step in ex.sac.steps)
    assert 40 <= minutes <= 90, minutes


@pytest.mark.parametrize("exercise_id", sorted(COURSE_SETS - {"recognition-sac"}))
def test_each_chapter_embeds_its_set(exercise_id):
    ex = load_exercise(exercise_id)
    notebook = course_root() / "book" / f"{ex.chapter}.ipynb"
    assert notebook.is_file(), f"{exercise_id}: chapter {ex.chapter} has no notebook"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert f'perspectives.show("{exercise_id}")' in code


def load_statements() -> dict:
    from afghan_course.data import load

    return {r["id"]: r for r in load("statements").to_dict("records")}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.labels, self.controls = [], [], set(), []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a.get("type"))
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("select", "textarea"):
            self.controls.append(a)

    def handle_data(self, data):
        self.text.append(data)


def _render(tmp_path, raw, instructor=False):
    ex = load_exercise(_write(tmp_path, raw))
    return ex, render_exercise_html(ex, context_for(ex), instructor=instructor)


def test_static_html_documents_grid_and_labels(tmp_path):
    ex, html = _render(tmp_path, _raw(4))
    assert html.count('class="ac-doc"') == 4
    assert html.count('<tr data-statement=') == 4
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == ["application/json"] and not tags.handlers
    fields = [c["data-field"] for c in tags.controls]
    assert fields == ex.fields()
    assert all(c["id"] in tags.labels for c in tags.controls)
    data = json.loads(re.search(r'class="ac-exercise-data">(.*?)</script>', html).group(1))
    assert data == {"id": "tiny", "chapter": "recognition", "fields": ex.fields()}
    # excerpt as blockquote, paraphrase marked; sources linked
    assert "<blockquote" in html or "Paraphrase:" in html
    assert 'class="ac-sources"' in html and 'rel="noopener"' in html
    # the look-up of E024 is rendered server-side
    assert html.count('class="ac-lookup"') == 1 and "Executive Order 14064" in html
    assert 'class="ac-exercise-actions" hidden="hidden"' in html
    for heuristic in ("sourcing", "contextualisation", "close_reading", "corroboration"):
        assert f'data-heuristic="{heuristic}"' in html


def test_excerpt_and_paraphrase(tmp_path):
    _, html = _render(tmp_path, _raw(3))
    # ST001 is an excerpt, ST002 a paraphrase in data/statements.csv
    assert re.search(r'data-statement="ST001".*?<blockquote', html)
    assert re.search(r'data-statement="ST002".*?Paraphrase:', html)


def test_no_instructor_content_without_instructor(tmp_path):
    _, html = _render(tmp_path, _raw())
    assert "SECRET" not in html and "ac-instructor" not in html
    assert "Value judgement" in html  # as an option label, not a key
    assert '"kind"' not in html and "value judgement</strong>" not in html.lower()
    _, html_i = _render(tmp_path, _raw(), instructor=True)
    assert 'class="ac-instructor"' in html_i
    assert "SECRET MODEL ANSWER" in html_i and "SECRET CRITERION" in html_i
    assert f"<strong>{KINDS['fact']}</strong>" in html_i


def test_claim_text_is_escaped(tmp_path):
    raw = _raw()
    raw["documents"][0]["claims"][0]["text"] = EVIL
    raw["documents"][0]["note"] = EVIL
    raw["title"] = EVIL
    raw["prompts"]["sourcing"] = [EVIL]
    _, html = _render(tmp_path, raw, instructor=True)
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == ["application/json"]
    assert not tags.handlers
    assert "&lt;script&gt;" in html


def test_show_bundle_and_live_save(tmp_path):
    results = tmp_path / "results.json"
    shown = show("recognition-neighbours", results_path=results)
    assert isinstance(shown, ExerciseDisplay)
    bundle = shown._repr_mimebundle_()
    assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert "SECRET" not in bundle["text/html"] and "ac-instructor" not in bundle["text/html"]
    live = shown.live
    assert isinstance(live, LiveExercise)
    ex = shown.exercise
    first = ex.fields()[0]
    live.controls[first].value = "interpretation"
    live.controls[f"{ex.documents[0].statement}-interests"].value = EVIL
    live.save.click()
    assert "Saved to" in live.status.value
    doc = progress.read(results)
    (rec,) = doc["records"]
    assert rec["kind"] == "exercise" and rec["origin"] == "notebook"
    assert rec["question_id"] == rec["exercise"] == ex.id and rec["chapter"] == "recognition"
    assert rec["answer"][first] == "interpretation"
    assert rec["answer"][f"{ex.documents[0].statement}-interests"] == EVIL
    assert list(rec["answer"]) == ex.fields()


def test_live_save_error_is_shown_not_raised(tmp_path):
    target = tmp_path / "dir-not-file"
    target.mkdir()
    ex = load_exercise("recognition-neighbours")
    live = LiveExercise(ex, context_for(ex), results_path=target)
    live.save_answers()
    assert "Could not save" in live.status.value


def test_instructor_live_view(tmp_path):
    shown = show("recognition-neighbours", instructor=True, results_path=tmp_path / "r.json")
    assert 'class="ac-instructor"' in shown.html
    assert any("ac-instructor" in getattr(k, "value", "") for k in shown.live.widget.children)


def test_framing_counts_tiny_frame():
    df = pd.DataFrame({
        "actor": ["B", "A", "A", "B"],
        "text": ["Sovereignty and non-interference matter.",
                 "Women and girls must return to school; human rights first.",
                 "Terrorism threatens regional stability.",
                 None],
    })
    counts = framing_counts(df)
    assert list(counts.index) == ["A", "B"]
    assert counts.loc["A", "women"] == 1 and counts.loc["A", "human rights"] == 1
    assert counts.loc["A", "terrorism"] == 1 and counts.loc["A", "stability"] == 1
    assert counts.loc["B", "sovereignty"] == 1 and counts.loc["B", "women"] == 0
    assert counts.dtypes.map(lambda t: t.kind == "i").all()
    assert counts.equals(framing_counts(df.iloc[::-1]))
    assert counts.columns.name == "term" and counts.index.name == "actor"


def test_framing_counts_on_course_statements():
    from afghan_course.data import load

    counts = framing_counts(load("statements"))
    assert counts.values.sum() > 0 and list(counts.index) == sorted(counts.index)


def test_parse_exercise_without_references():
    raw = _raw()
    raw["documents"][0]["statement"] = "ST999"
    ex = parse_exercise(yaml.safe_dump(raw), "x.yml")
    assert ex.documents[0].statement == "ST999"


def test_the_instructor_edition_shows_the_key(monkeypatch):
    """`make instructor-book` sets AFGHAN_COURSE_EDITION; exercises then carry their key."""
    monkeypatch.setenv("AFGHAN_COURSE_EDITION", "instructor")
    assert 'class="ac-instructor"' in show("sanctions-carveouts").html
    monkeypatch.setenv("AFGHAN_COURSE_EDITION", "learner")
    assert "ac-instructor" not in show("sanctions-carveouts").html


def test_every_document_names_the_outlet_that_carried_it(tmp_path):
    """The same caution for every source: each card says who carried the statement."""
    ex, html = _render(tmp_path, _raw(4))
    assert html.count('class="ac-doc-outlet ac-meta"') == 4
    # ST001 rests on Bayan News, ST002 on the Afghan Voice Agency (data/statements.csv)
    assert re.search(r'data-statement="ST001".*?Carried by Bayan News', html, re.S)
    assert "Weigh the outlet as you weigh the speaker." in html
