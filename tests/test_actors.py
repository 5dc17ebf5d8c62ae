"""Actor profiles are computed from the data: every actor appears, histories are in date order,
levels match the engagement ladder, statements are attributed once, and a change to the data
shows up in the profiles (tested on a temporary copy of the data via AFGHAN_COURSE_ROOT)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from afghan_course import actors, data, paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_profiles():
    return actors.profiles()


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the course's data/ folder, made the course root for the duration of a test."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "data", root / "data")
    monkeypatch.setenv("AFGHAN_COURSE_ROOT", str(root))
    paths.course_root.cache_clear()
    yield root
    paths.course_root.cache_clear()


def _append(path: Path, row: dict) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row.get(c, "") for c in header])


def _edit(path: Path, row_id: str, field: str, value: str) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == row_id:
            row[field] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_every_engagement_and_actors_row_has_a_profile(real_profiles):
    names = {p.actor for p in real_profiles}
    assert set(data.load("engagement")["actor"]) <= names
    assert set(data.load("actors")["actor"]) <= names
    assert len(names) == len(real_profiles), "an actor has two profiles"


def test_main_actors_have_sourced_interests(real_profiles):
    by_name = {p.actor: p for p in real_profiles}
    main = ["Russia", "China", "Pakistan", "Iran", "India", "Uzbekistan", "Kazakhstan",
            "Turkmenistan", "Qatar", "United Arab Emirates", "United States", "European Union",
            "United Nations", "Taliban", "Afghan civil society"]
    known = set(data.load("sources")["id"])
    for name in main:
        p = by_name[name]
        assert p.interests and p.interest_sources, name
        assert set(p.interest_sources) <= known, name


def test_history_is_in_date_order_with_ladder_labels(real_profiles):
    for p in real_profiles:
        dates = [s.date for s in p.history]
        assert dates == sorted(dates), p.actor
        for s in p.history:
            if s.on_ladder:
                assert s.label == data.LADDER_LABELS[s.step]
    russia = next(p for p in real_profiles if p.actor == "Russia")
    recognised = [s for s in russia.history if s.step == "formal_recognition"]
    assert [str(s.date) for s in recognised] == ["2025-07-03"]
    # later steps (the credentials ceremony of January 2026) come after it, in date order
    assert russia.history[-1].date >= recognised[0].date


def test_level_is_the_ladder_level_on_the_review_date(real_profiles):
    levels = data.levels_on(data.reviewed_on()).set_index("actor")
    for p in real_profiles:
        assert p.as_of == data.reviewed_on()
        if p.actor in levels.index:
            assert p.level == str(levels.loc[p.actor, "level"])
        else:
            assert not p.on_ladder and p.level_label == actors.NOT_ON_LADDER
    russia = next(p for p in real_profiles if p.actor == "Russia")
    assert russia.level_label == "Formal recognition"


def test_every_statement_belongs_to_exactly_one_profile(real_profiles):
    st = data.load("statements")
    st = st[~st["actor_type"].astype(str).isin(actors.NOT_ACTORS)]
    seen = [s.id for p in real_profiles for s in p.statements]
    assert sorted(seen) == sorted(st["id"])
    for p in real_profiles:
        dates = [s.date for s in p.statements]
        assert dates == sorted(dates), p.actor
        if p.statements:
            first, last = p.statement_range
            assert first == dates[0] and last == dates[-1]
            assert sum(n for _, n in p.topics) == p.statement_count


def test_summary_table_matches_profiles(real_profiles):
    table = actors.summary_table(real_profiles)
    assert list(table.columns) == ["type", "highest rung now", "first recorded step",
                                   "statements"]
    assert list(table.index) == [p.actor for p in real_profiles]
    assert table["statements"].sum() == sum(p.statement_count for p in real_profiles)


def test_new_engagement_row_shows_up(course_copy):
    before = actors.profile("Tajikistan")
    _append(course_copy / "data" / "engagement.csv", {
        "id": "G999", "actor": "Tajikistan", "actor_type": "state", "date": "2026-01-15",
        "date_precision": "day", "step": "diplomats_accepted",
        "description": "A test step.", "source_id": "eg-htn-world-2025-tajik-delegation"})
    after = actors.profile("Tajikistan")
    assert len(after.history) == len(before.history) + 1
    assert after.history[-1].description == "A test step."
    assert after.level == "diplomats_accepted"
    assert after.level_label == data.LADDER_LABELS["diplomats_accepted"]


def test_new_engagement_actor_gets_a_profile(course_copy):
    _append(course_copy / "data" / "engagement.csv", {
        "id": "G998", "actor": "Testland", "actor_type": "state", "date": "2022-05-01",
        "date_precision": "month", "step": "official_contact",
        "description": "Talks in a test.", "source_id": "eg-htn-world-2025-tajik-delegation"})
    p = actors.profile("Testland")
    assert p.first_step.when == "May 2022" and p.level_label == "Official talks or visits"
    assert "Testland" in actors.summary_table(actors.profiles()).index


def test_group_statements_go_to_the_member_named_by_the_speaker(course_copy):
    st = course_copy / "data" / "statements.csv"
    base = {"actor": "Central Asian states", "actor_type": "state", "date": "2026-02-01",
            "date_precision": "day", "topic": "engagement", "stance": "neutral",
            "text_kind": "paraphrase", "source_id": "kabulnow-2025-kazakhstan-appoints",
            "actor_group": "regional-states", "outlet_id": "O009"}
    _append(st, {**base, "id": "ST998", "speaker": "A Kazakh deputy minister",
                 "text": "A test statement by a Kazakh official."})
    _append(st, {**base, "id": "ST999", "speaker": "An unnamed regional envoy",
                 "text": "A test statement that no actors row claims."})
    by_name = {p.actor: p for p in actors.profiles()}
    assert "ST998" in {s.id for s in by_name["Kazakhstan"].statements}
    assert "ST999" in {s.id for s in by_name["Central Asian states"].statements}


def test_unknown_source_in_actors_fails_the_check(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    assert data.check(folder) == []
    _edit(folder / "actors.csv", "A001", "source_id", "no-such-source")
    _edit(folder / "actors.csv", "A002", "extra_source_ids", "also-missing")
    lines = [e.line() for e in data.check(folder)]
    assert any("actors.csv" in ln and "field source_id" in ln and "no-such-source" in ln
               for ln in lines), lines
    assert any("actors.csv" in ln and "field extra_source_ids" in ln and "also-missing" in ln
               for ln in lines), lines


def test_actor_without_interests_row_fails_the_check(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    _edit(folder / "actors.csv", "A003", "interests", "")
    assert any("actors.csv" in e.line() and "is required but empty" in e.line()
               for e in data.check(folder))


def test_profile_html_escapes_data_text(course_copy):
    _edit(course_copy / "data" / "actors.csv", "A001", "interests",
          "Says <script>alert(1)</script> & more.")
    html = actors.profile_html(actors.profile("Russia"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'id="actor-russia"' in html and "<h3" in html


def test_profiles_html_sections_cover_every_profile(real_profiles):
    total = sum(actors.profiles_html(group).count('class="ac-actor"')
                for group in actors.GROUPS)
    assert total == len(real_profiles)
    view = actors.show("state")
    assert view._repr_html_().startswith('<div class="ac-actors">')
    assert "0x" not in repr(view)


def test_profiles_are_deterministic():
    a = actors.summary_table(actors.profiles())
    b = actors.summary_table(actors.profiles())
    pd.testing.assert_frame_equal(a, b)
