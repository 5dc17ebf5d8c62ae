"""The timeline: filtering, the chart, the static table with its controls, the live widgets."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from afghan_course import data, timeline
from afghan_course.paths import STATIC_DIR
from afghan_course.timeline import (
    PERIODS,
    LiveTimeline,
    actors_of,
    describe,
    filter_events,
    render_timeline_html,
    show_timeline,
    timeline_figure,
    topics_of,
)

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TOPICS = ["recognition", "sanctions", "assets", "rights", "security", "economy", "diplomacy",
          "humanitarian"]
SOURCES = {"s1": {"publisher": "Pub & Co", "title": "A <title>", "url": "https://example.org/a"},
           "s2": {"publisher": "Other", "title": "B", "url": "javascript:alert(1)"}}


def _events(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["id", "date", "date_precision", "title", "summary",
                                     "actors", "topic", "source_id", "extra_source_ids"])
    df["date"] = pd.to_datetime(df["date"])
    df["topic"] = pd.Categorical(df["topic"], categories=TOPICS)
    return df


@pytest.fixture
def tiny() -> pd.DataFrame:
    return _events([
        ("E001", "2020-02-29", "day", "Doha", "Signed.", "United States;Taliban;Qatar",
         "diplomacy", "s1", ""),
        ("E002", "2021-08-15", "day", "Kabul falls", "Entered.", "Taliban", "security", "s1", ""),
        ("E003", "2021-08-26", "day", "Airport attack", "Bombing.", "ISIS-K;United States",
         "security", "s1", "s2"),
        ("E004", "2021-09-07", "day", "Cabinet", "Announced.", "Taliban", "recognition", "s1",
         ""),
        ("E005", "2022-01-01", "year", "UN appeal", "Appeal.", "UN OCHA", "humanitarian", "s1",
         ""),
        ("E006", "2023-05-01", "month", "UN meeting", "Met.", "UN", "diplomacy", "s1", ""),
        ("E007", "2025-07-03", "day", EVIL, f"Summary {EVIL}", f"Russia;{EVIL}", "recognition",
         "s1", ""),
    ])


# ---- filter_events ----------------------------------------------------------------------

def test_filter_by_topic_keeps_exactly_that_topic(tiny):
    rows = filter_events(tiny, topics="security")
    assert list(rows["id"]) == ["E002", "E003"]
    assert list(filter_events(tiny, topics=["security", "humanitarian"])["id"]) == \
        ["E002", "E003", "E005"]


def test_filter_by_actor_matches_whole_names_in_the_list(tiny):
    assert list(filter_events(tiny, actors="United States")["id"]) == ["E001", "E003"]
    # "UN" is a name of its own: it does not match "UN OCHA".
    assert list(filter_events(tiny, actors="UN")["id"]) == ["E006"]
    assert list(filter_events(tiny, actors=["ISIS-K", "Qatar"])["id"]) == ["E001", "E003"]
    assert list(filter_events(tiny, actors="taliban")["id"]) == ["E001", "E002", "E004"]


def test_filter_by_period_is_inclusive(tiny):
    rows = filter_events(tiny, start="2021-08-15", end=date(2021, 9, 7))
    assert list(rows["id"]) == ["E002", "E003", "E004"]
    assert list(filter_events(tiny, start="2025-01-01")["id"]) == ["E007"]
    assert list(filter_events(tiny, end=pd.Timestamp("2020-02-29"))["id"]) == ["E001"]


def test_filters_combine(tiny):
    rows = filter_events(tiny, topics="security", actors="Taliban", end="2021-12-31")
    assert list(rows["id"]) == ["E002"]
    assert filter_events(tiny, topics="rights").empty


def test_result_is_sorted_by_date_and_indexed_from_zero(tiny):
    shuffled = tiny.iloc[::-1]
    rows = filter_events(shuffled)
    assert list(rows["id"]) == sorted(tiny["id"])
    assert list(rows.index) == list(range(len(tiny)))


def test_unknown_topic_names_value_and_choices(tiny):
    with pytest.raises(ValueError) as err:
        filter_events(tiny, topics=["security", "war"])
    msg = str(err.value)
    assert "'war'" in msg and "topic" in msg
    assert all(t in msg for t in TOPICS)


def test_unknown_actor_names_value_and_choices(tiny):
    with pytest.raises(ValueError, match=r"unknown actor 'Narnia'.*Qatar"):
        filter_events(tiny, actors="Narnia")


@pytest.mark.parametrize("kw, pattern", [({"start": "not a date"}, "start must be a date"),
                                         ({"start": "2022-01-01", "end": "2021-01-01"},
                                          "start 2022-01-01 is after end 2021-01-01")])
def test_bad_dates(tiny, kw, pattern):
    with pytest.raises(ValueError, match=pattern):
        filter_events(tiny, **kw)


def test_topics_and_actors_of(tiny):
    assert topics_of(tiny) == TOPICS
    assert actors_of(tiny)[:3] == [EVIL, "ISIS-K", "Qatar"]
    assert "UN OCHA" in actors_of(tiny)


def test_course_events_actors_column_is_semicolon_separated():
    events = data.load("events")
    assert all(timeline.split_actors(cell) for cell in events["actors"])
    doha = filter_events(events, topics="diplomacy", end="2020-02-29")
    assert list(doha["id"]) == ["E001"]
    assert timeline.split_actors(doha.at[0, "actors"]) == ["United States", "Taliban", "Qatar"]


def test_named_periods_are_ordered_and_bounded():
    assert timeline.period_bounds(PERIODS[0][0]) == ("2020-02-29", "2021-08-14")
    firsts = [p[1] for p in PERIODS]
    assert firsts == sorted(firsts)
    with pytest.raises(ValueError, match="unknown period"):
        timeline.period_bounds("the future")


# ---- the chart --------------------------------------------------------------------------

def test_figure_has_a_lane_per_topic_with_distinct_markers(tiny):
    fig = timeline_figure(tiny, labels={"E002": "Fall of Kabul", "E999": "absent"})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == TOPICS
    points = [line for line in ax.get_lines() if len(line.get_xdata()) == 1]
    assert len(points) == len(tiny)
    markers = {line.get_marker() for line in points}
    assert len(markers) == len(set(tiny["topic"]))
    half = [line for line in points if line.get_fillstyle() == "left"]
    assert len(half) == 2  # the month and the year events
    assert [a.get_text() for a in ax.texts] == ["Fall of Kabul"]
    plt.close(fig)


def test_describe_counts_every_lane(tiny):
    text = describe(tiny)
    assert text.startswith("Timeline of 7 events from 29 February 2020 to 03 July 2025")
    assert "security 2" in text and "rights 0" in text
    assert describe(tiny.iloc[0:0]).startswith("An empty timeline")


# ---- the static HTML ----------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.labels, self.controls, self.scripts, self.links = [], set(), [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-id" in a:
            self.rows.append((a["data-id"], "hidden" in a))
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select"):
            self.controls.append(a.get("id"))
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self.links.append(a.get("href"))


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_static_html_shows_exactly_the_filtered_events(tiny):
    html = render_timeline_html(tiny, topics=["security", "recognition"], actor="Taliban",
                                sources=SOURCES)
    page = _parse(html)
    assert [r[0] for r in page.rows] == list(tiny.sort_values("date")["id"])
    shown = [i for i, hidden in page.rows if not hidden]
    assert shown == list(filter_events(tiny, topics=["security", "recognition"],
                                       actors="Taliban")["id"]) == ["E002", "E004"]
    assert "Showing 2 of 7 events." in html
    assert 'value="security" checked' in html and 'value="rights">' in html
    assert '<option value="Taliban" selected>' in html


def test_static_html_escapes_all_text(tiny):
    html = render_timeline_html(tiny, sources=SOURCES)
    page = _parse(html)
    assert page.scripts == 0
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Pub &amp; Co" in html and 'title="A &lt;title&gt;"' in html
    # Only http(s) links: a javascript: URL becomes plain text.
    assert page.links and all(h.startswith("https://") for h in page.links)


def test_static_controls_are_labelled_and_hidden_until_the_script_runs(tiny):
    html = render_timeline_html(tiny, sources=SOURCES)
    page = _parse(html)
    assert page.controls and all(c and c in page.labels for c in page.controls)
    assert '<div class="ac-timeline-controls" hidden>' in html
    assert "data-afghan-timeline" in html and 'role="status"' in html
    # Deterministic: the same call gives the same page (ids included).
    assert render_timeline_html(tiny, sources=SOURCES) == html


def test_static_dates_keep_their_precision(tiny):
    html = render_timeline_html(tiny, sources=SOURCES)
    assert '<time datetime="2022-01-01">2022</time>' in html
    assert '<time datetime="2023-05-01">May 2023</time>' in html
    assert '<time datetime="2021-08-15">15 August 2021</time>' in html


def test_script_block_is_guarded_and_offline():
    js = (STATIC_DIR / "afghan-course.js").read_text(encoding="utf-8")
    block = js[js.index("/* ---- timeline"):]
    assert "[data-afghan-timeline]" in block
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest|innerHTML", block)


# ---- the live view ------------------------------------------------------------------------

def test_widget_table_follows_the_filters(tiny):
    live = LiveTimeline(tiny, chart=False, sources=SOURCES)
    assert len(live.current) == 7 and "Showing 7 of 7" in live.status.value
    live.topic_boxes["security"].value = False
    assert list(live.current["id"]) == ["E001", "E004", "E005", "E006", "E007"]
    assert "Airport attack" not in live.table.value and "Cabinet" in live.table.value
    live.actor.value = "Taliban"
    assert list(live.current["id"]) == ["E001", "E004"]
    assert "Showing 2 of 7" in live.status.value
    live.start.value = date(2021, 1, 1)
    assert list(live.current["id"]) == ["E004"]
    live.show_all()
    assert len(live.current) == 7


def test_widget_period_sets_the_dates(tiny):
    live = LiveTimeline(tiny, chart=False, sources=SOURCES)
    live.period.value = 1  # takeover, evacuation and interim government
    assert live.start.value == date(2021, 8, 15) and live.end.value == date(2021, 9, 30)
    assert list(live.current["id"]) == ["E002", "E003", "E004"]


def test_widget_reports_a_bad_range_instead_of_raising(tiny):
    live = LiveTimeline(tiny, chart=False, sources=SOURCES)
    live.start.value = date(2024, 1, 1)
    live.end.value = date(2023, 1, 1)
    assert "is after end" in live.error.value
    assert list(live.current["id"]) == ["E007"]  # the last good filter stays shown


def test_widget_chart_redraws(tiny):
    live = LiveTimeline(tiny, sources=SOURCES)
    assert 'alt="Timeline of 7 events' in live.chart.value
    live.actor.value = "ISIS-K"
    assert 'alt="Timeline of 1 events' in live.chart.value
    live.topic_boxes["security"].value = False
    assert "nothing to chart" in live.chart.value


def test_widget_rejects_unknown_initial_filters(tiny):
    with pytest.raises(ValueError, match="unknown topic 'war'"):
        LiveTimeline(tiny, topics=["war"], chart=False, sources=SOURCES)
    with pytest.raises(ValueError, match="unknown actor 'Narnia'"):
        LiveTimeline(tiny, actor="Narnia", chart=False, sources=SOURCES)


def test_show_timeline_bundle_has_text_html_and_widget():
    shown = show_timeline(topics=["security"], end="2021-08-31", chart=False)
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Timeline: ")
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = _parse(bundle["text/html"])
    visible = [i for i, hidden in page.rows if not hidden]
    assert visible == list(filter_events(data.load("events"), topics="security",
                                         end="2021-08-31")["id"])
    assert list(shown.live.current["id"]) == visible


def test_close_labels_in_one_lane_do_not_share_a_slot(tiny):
    fig = timeline_figure(tiny, labels={"E002": "Kabul", "E003": "Airport"})
    offsets = [a.xyann[1] for a in fig.axes[0].texts]
    assert len(offsets) == 2 and offsets[0] != offsets[1]
    plt.close(fig)
