"""Voices: counts per actor group and stance, the balance rule, and the rendered table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from afghan_course import data, voices

ROOT = Path(__file__).resolve().parent.parent
CORE = {"recognition": "recognition", "sanctions": "sanctions", "frozen-assets": "assets"}


def _frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(topic, actor_group, stance, outlet_id) rows as a statements-like frame."""
    df = pd.DataFrame(rows, columns=["topic", "actor_group", "stance", "outlet_id"])
    df["stance"] = pd.Categorical(df["stance"], categories=data.STANCES, ordered=True)
    return df


BALANCED = [
    ("recognition", "afghan-authorities", "for", "O005"),
    ("recognition", "afghan-civil-society", "against", "O008"),
    ("recognition", "afghan-exiles", "conditional", "O007"),
    ("recognition", "regional-states", "for", "O001"),
    ("recognition", "western-states", "against", "O029"),
    ("recognition", "international-organisations", "conditional", "O030"),
]


def test_counts_by_group_and_stance_in_package_order():
    st = _frame(BALANCED + [("recognition", "regional-states", "conditional", "O002"),
                            ("sanctions", "regional-states", "for", "O002")])
    grid = voices.counts("recognition", st)
    assert list(grid.columns) == data.STANCES + ["total"]
    assert list(grid.index) == ["afghan-authorities", "afghan-civil-society", "afghan-exiles",
                                "regional-states", "western-states",
                                "international-organisations"]
    assert grid.loc["regional-states"].to_dict() == {
        "against": 0, "conditional": 1, "neutral": 0, "for": 1, "total": 2}
    assert grid["total"].sum() == 7  # the sanctions row is not counted


def test_unknown_topic_is_a_one_line_error():
    with pytest.raises(ValueError, match="topic 'nonsense': not defined in x-topics"):
        voices.counts("nonsense", _frame(BALANCED))


def test_balanced_topic_has_no_problems():
    assert voices.balance("recognition", _frame(BALANCED)).problems() == []


def test_each_part_of_the_rule_is_reported():
    rows = [r for r in BALANCED if r[1] != "afghan-authorities"]
    assert any("authorities' own position" in p
               for p in voices.balance("recognition", _frame(rows)).problems())
    rows = [r for r in BALANCED if r[1] != "afghan-exiles"]
    assert "recognition: no statement by afghan-exiles" in \
        voices.balance("recognition", _frame(rows)).problems()
    one_side = [r if r[1] not in ("afghan-civil-society", "afghan-exiles") else
                (r[0], r[1], "against", r[3]) for r in BALANCED]
    assert any("take only against side" in p
               for p in voices.balance("recognition", _frame(one_side)).problems())
    few = BALANCED[:5]
    assert any("5 actor groups, fewer than 6" in p
               for p in voices.balance("recognition", _frame(few)).problems())
    single = BALANCED + [("recognition", "analysts", "neutral", "O016")]
    assert "recognition: every 'neutral' statement rests on one outlet (O016)" in \
        voices.balance("recognition", _frame(single)).problems()


def test_neutral_statements_are_not_a_side():
    rows = [r if r[1] not in ("afghan-civil-society", "afghan-exiles") else
            (r[0], r[1], "neutral", r[3]) for r in BALANCED]
    rows += [("recognition", "afghan-civil-society", "against", "O009")]
    assert any("take only against side" in p
               for p in voices.balance("recognition", _frame(rows)).problems())


@pytest.mark.parametrize("chapter,topic", sorted(CORE.items()))
def test_core_chapter_is_balanced(chapter, topic):
    """The balance rule for every core chapter's central question, on the real data."""
    assert topic in voices.chapter_topics(chapter)
    b = voices.balance(topic)
    assert b.problems() == []
    assert b.authorities, "the Taliban authorities' own position"
    assert {"afghan-civil-society", "afghan-exiles"} <= set(b.afghan_sides)
    assert b.n_groups >= voices.MIN_GROUPS


def test_every_topic_belongs_to_a_chapter_notebook():
    for topic, d in voices.topics().items():
        assert (ROOT / "book" / f"{d['chapter']}.ipynb").exists(), topic


def test_table_renders_every_group_label_and_the_caution():
    t = voices.table("recognition", "engagement")
    for label in ("The Taliban authorities", "Afghan civil society (inside the country)",
                  "Afghan exiles and former Republic officials", "Afghan armed opposition"):
        assert label in t.html and label in t.text
    assert t.html.count('<table class="ac-voices-table">') == 2
    assert voices.CAUTION in t.text
    assert "not people, votes or weight" in t.html
    assert '<th scope="col">Against</th>' in t.html
    assert repr(t) == t.text and t._repr_html_() == t.html


def test_table_needs_a_topic():
    with pytest.raises(ValueError, match="name at least one topic"):
        voices.table()


def test_outlet_summary_counts_statements_per_outlet():
    view = voices.outlet_summary()
    st = data.load("statements")
    assert view["statements"].sum() == len(st)
    tass = view.set_index("name").loc["TASS"]
    assert tass["kind"] == "state-media"
    assert tass["statements"] == (st["outlet_id"] == "O001").sum()
