"""Learner identity: names and ids as matched, download names, the id kept in the file."""

from __future__ import annotations

import json
from datetime import date

import pytest

from afghan_course import identity, progress
from afghan_course.errors import CourseError


def test_names_and_ids_normalise_for_matching():
    assert identity.normalise_name("ben okafor ") == identity.normalise_name("Ben  Okafor") \
        == identity.normalise_name("Bén Okafor.") == "ben okafor"
    assert identity.normalise_id(" S 1234 ") == identity.normalise_id("s1234") == "s1234"
    assert identity.normalise_id("Ada@Uni.Example") == "ada@uni.example"
    assert identity.normalise_id(None) == identity.normalise_name(3) == ""


def test_download_name_carries_learner_part_and_date():
    day = date(2026, 12, 4)
    assert identity.download_name("S1234@Uni.example", "Ada", "recognition", day) == \
        "afghan-course_s1234-at-uni-example_recognition_2026-12-04.json"
    assert identity.download_name("", "Zoë Ng", "sanctions", day) == \
        "afghan-course_zoe-ng_sanctions_2026-12-04.json"
    assert identity.download_name("", "", "", day) == "afghan-course_no-id_course_2026-12-04.json"


def test_set_learner_keeps_the_id_for_later_checks(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    identity.set_learner(" s1001 ", "Ada  Lovelace", path)
    progress.append([], path)  # a later check without identity keeps it
    doc = json.loads(path.read_text())
    assert doc["learner_id"] == "s1001" and doc["learner"] == "Ada Lovelace"
    with pytest.raises(CourseError) as exc:
        identity.set_learner("  ", path=path)
    assert "learner id" in exc.value.line()
    hub = tmp_path / "hub.json"
    monkeypatch.setenv("AFGHAN_COURSE_LEARNER_ID", "s2002")
    progress.append([], hub)
    assert identity.of(json.loads(hub.read_text())) == ("s2002", "")
