"""The timeline of events: filter it, chart it, and browse it live or in the book.

``filter_events(events, topics=..., actors=..., start=..., end=...)`` keeps the rows of the
events table that match every filter given (any of the topics, any of the actors, dates from
*start* to *end* inclusive). ``timeline_figure(events)`` draws them as markers on one lane per
topic, each lane with its own Okabe–Ito colour and marker shape, for
``charts.figure(fig, alt=..., caption=..., as_of=...)``; ``describe(events)`` writes alt text
from the same rows. ``show_timeline(...)`` returns an object that Jupyter displays as live
widgets (topic check boxes, an actor and a period drop-down, two date pickers; a change
redraws the table and the chart) and the built book displays as an HTML table whose filter
controls ``afghan-course.js`` switches on; with JavaScript off the table still reads in full.

An event's actors are stored in one ``;``-separated column. Events dated only to a month or a
year carry the first day of that month or year (``date_precision`` says which), so a period
filter places them on that day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from .charts import OKABE_ITO
from .display import DualDisplay
from .markup import esc

__all__ = ["PERIODS", "MARKERS", "topics_of", "actors_of", "split_actors", "filter_events",
           "period_bounds", "describe", "timeline_figure", "events_table_html",
           "render_timeline_html", "show_timeline", "TimelineDisplay", "LiveTimeline"]

#: One marker shape per topic lane, so that lanes differ in shape as well as colour.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

_LABEL_SLOTS = [15, -24, 33]  # offsets in points: above, below, higher above

#: Named periods for the period filter: (label, first day, last day or None for "to date").
#: The boundaries are the course's own way of dividing the timeline, not a standard one.
PERIODS: list[tuple[str, str, str | None]] = [
    ("Doha Agreement to the fall of Kabul (Feb 2020 – 14 Aug 2021)", "2020-02-29", "2021-08-14"),
    ("Takeover, evacuation and interim government (15 Aug – Sep 2021)", "2021-08-15",
     "2021-09-30"),
    ("October 2021 – 2022", "2021-10-01", "2022-12-31"),
    ("2023 – 2024", "2023-01-01", "2024-12-31"),
    ("2025 to the latest event", "2025-01-01", None),
]

DateLike = str | date | datetime | pd.Timestamp | None


# ---- the rows -------------------------------------------------------------------------------

def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def split_actors(cell: object) -> list[str]:
    """The actor names in one ``actors`` cell (``;``-separated), stripped, blanks dropped."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [a.strip() for a in str(cell).split(";") if a.strip()]


def topics_of(events: pd.DataFrame) -> list[str]:
    """The valid topics, in lane order: the schema's enum when the column is categorical."""
    col = events["topic"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    return sorted({str(t) for t in col.dropna()})


def actors_of(events: pd.DataFrame) -> list[str]:
    """Every actor named in *events*, sorted case-insensitively."""
    names = {a for cell in events["actors"] for a in split_actors(cell)}
    return sorted(names, key=lambda a: (a.casefold(), a))


def _timestamp(value: DateLike, name: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a date such as '2021-08-15', not {value!r}") from exc
    if pd.isna(ts):
        return None
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def _choices(kind: str, given: list[str], valid: list[str]) -> list[str]:
    by_fold = {v.casefold(): v for v in valid}
    out = []
    for value in given:
        hit = by_fold.get(value.strip().casefold())
        if hit is None:
            raise ValueError(f"unknown {kind} {value!r}; valid {kind}s are: {', '.join(valid)}")
        out.append(hit)
    return out


def filter_events(events: pd.DataFrame, topics: str | Iterable[str] | None = None,
                  actors: str | Iterable[str] | None = None, start: DateLike = None,
                  end: DateLike = None) -> pd.DataFrame:
    """The events that match every filter given, sorted by date (then id).

    *topics* and *actors* take one name or several (a row matches when it has any of them;
    names are matched ignoring case); *start* and *end* are inclusive dates. ``None`` means
    no filter. An unknown topic or actor, a date that cannot be read, or a start after the
    end raises :class:`ValueError` naming the value (and, for names, the valid choices).

    >>> from afghan_course import data
    >>> rows = filter_events(data.load("events"), topics="security", end="2021-08-31")
    >>> list(rows["date"].dt.strftime("%Y-%m-%d"))[-3:]
    ['2021-08-15', '2021-08-26', '2021-08-30']
    """
    mask = pd.Series(True, index=events.index)
    wanted_topics = _as_list(topics)
    if wanted_topics is not None:
        chosen = _choices("topic", wanted_topics, topics_of(events))
        mask &= events["topic"].astype(str).isin(chosen)
    wanted_actors = _as_list(actors)
    if wanted_actors is not None:
        chosen_actors = set(_choices("actor", wanted_actors, actors_of(events)))
        mask &= events["actors"].map(lambda c: bool(chosen_actors & set(split_actors(c))))
    lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {lo.date()} is after end {hi.date()}")
    dates = pd.to_datetime(events["date"])
    if lo is not None:
        mask &= dates >= lo
    if hi is not None:
        mask &= dates <= hi
    out = events[mask.astype(bool)]
    return out.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def period_bounds(label: str) -> tuple[str, str | None]:
    """The first and last day of a named period in :data:`PERIODS` (last is None: to date)."""
    for name, first, last in PERIODS:
        if name == label:
            return first, last
    raise ValueError(f"unknown period {label!r}; valid periods are: "
                     + "; ".join(p[0] for p in PERIODS))


# ---- the chart ------------------------------------------------------------------------------

def describe(events: pd.DataFrame, lanes: Sequence[str] | None = None) -> str:
    """Alt text for :func:`timeline_figure` of *events*: span, and events per topic lane."""
    if events.empty:
        return "An empty timeline: no events match the filters."
    lanes = list(lanes) if lanes is not None else topics_of(events)
    counts = events["topic"].astype(str).value_counts()
    per = ", ".join(f"{t} {int(counts.get(t, 0))}" for t in lanes)
    first, last = pd.to_datetime(events["date"]).min(), pd.to_datetime(events["date"]).max()
    return (f"Timeline of {len(events)} events from {first:%d %B %Y} to {last:%d %B %Y}, "
            f"one row per topic with a different colour and marker shape for each; events per "
            f"topic: {per}. Half-filled markers are events dated only to a month or a year.")


def timeline_figure(events: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                    lanes: Sequence[str] | None = None, title: str | None = None,
                    start: DateLike = None, end: DateLike = None,
                    figsize: tuple[float, float] = (10.0, 5.2)):
    """A matplotlib timeline: one marker per event on one lane per topic.

    Each lane has its own colour (Okabe–Ito) and marker shape and is named on the y axis;
    events dated only to a month or a year are drawn half filled. Events on the same day in the
    same lane are stacked slightly apart. *labels* maps event ids to short annotations.
    *start* and *end* set the x-axis limits. Returns the figure for :func:`charts.figure`.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    lanes = list(lanes) if lanes is not None else topics_of(events)
    fig, ax = plt.subplots(figsize=figsize)
    rows = events.sort_values(["date", "id"], kind="stable")
    dates = pd.to_datetime(rows["date"])
    seen: dict[tuple[str, pd.Timestamp], int] = {}
    where: dict[str, tuple[pd.Timestamp, float]] = {}
    for lane_no, topic in enumerate(lanes):
        colour, marker = OKABE_ITO[lane_no % len(OKABE_ITO)], MARKERS[lane_no % len(MARKERS)]
        in_lane = rows[rows["topic"].astype(str) == topic]
        for _, row in in_lane.iterrows():
            when = pd.Timestamp(row["date"])
            n = seen.get((topic, when), 0)
            seen[(topic, when)] = n + 1
            y = lane_no + (0.18 * ((n + 1) // 2) * (1 if n % 2 else -1))
            exact = str(row.get("date_precision", "day")) == "day"
            ax.plot([when], [y], linestyle="none", marker=marker, markersize=8,
                    markeredgecolor="#222222", markeredgewidth=0.8, markerfacecolor=colour,
                    fillstyle="full" if exact else "left", markerfacecoloralt="white")
            where[str(row["id"])] = (when, y)
        ax.axhline(lane_no, color="#d0d0d0", linewidth=0.6, zorder=0)
    lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
    span_lo = lo if lo is not None else (dates.min() if not dates.empty else None)
    span_hi = hi if hi is not None else (dates.max() if not dates.empty else None)
    span = (span_hi - span_lo) if span_lo is not None and span_hi is not None else None
    near = span / 9 if span is not None and span > pd.Timedelta(0) else pd.Timedelta(days=60)
    placed: list[tuple[pd.Timestamp, float, int]] = []
    for event_id, text in sorted(((k, v) for k, v in (labels or {}).items() if k in where),
                                 key=lambda kv: where[kv[0]]):
        when, y = where[event_id]
        # Labels close to an earlier one in the same lane take the next free slot:
        # above, below, then higher above.
        taken = {slot for (w, ly, slot) in placed if abs(ly - y) < 0.5 and when - w < near}
        free = [n for n in range(len(_LABEL_SLOTS)) if n not in taken]
        slot = free[0] if free else len(_LABEL_SLOTS) - 1
        placed.append((when, y, slot))
        ax.annotate(text, xy=(when, y), xytext=(0, _LABEL_SLOTS[slot]),
                    textcoords="offset points", ha="center", fontsize=8.5,
                    arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.6},
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                          "edgecolor": "#888888", "linewidth": 0.5})
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.invert_yaxis()
    if not dates.empty:
        pad = pd.Timedelta(days=30)
        ax.set_xlim(lo if lo is not None else dates.min() - pad,
                    hi if hi is not None else dates.max() + pad)
    if span is not None and span <= pd.Timedelta(days=800):
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator())
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    ax.grid(axis="x", which="major", color="#bbbbbb", linewidth=0.6)
    ax.set_xlabel("Date")
    ax.set_ylabel("Topic")
    key = [Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="#666666",
                  markeredgecolor="#222222", label="dated to the day"),
           Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="#666666",
                  markeredgecolor="#222222", fillstyle="left", markerfacecoloralt="white",
                  label="dated to a month or year only (half filled)")]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
              frameon=False, fontsize=9)
    if title:
        ax.set_title(title)
    return fig


# ---- the table ------------------------------------------------------------------------------

def _display_date(value: Any, precision: str) -> str:
    ts = pd.Timestamp(value)
    if precision == "year":
        return f"{ts.year}"
    if precision == "month":
        return f"{ts:%B} {ts.year}"
    return f"{ts.day} {ts:%B} {ts.year}"


def _source_link(source_id: str, sources: Mapping[str, Mapping[str, Any]]) -> str:
    src = sources.get(source_id)
    if not src:
        return esc(source_id)
    url = str(src.get("url") or "")
    name = esc(src.get("publisher") or source_id)
    if url.startswith(("https://", "http://")):
        return f'<a href="{esc(url)}" rel="noopener" title="{esc(src.get("title", ""))}">{name}</a>'
    return name


def _reported_note(row: Mapping[str, Any]) -> str:
    """For a row only a later report dates: say so next to the date (``reported_on``)."""
    value = row.get("reported_on")
    if value is None or pd.isna(value) or value == "":
        return ""
    return (f' <span class="ac-meta">(no source gives its own date; reported '
            f'{esc(_display_date(value, "day"))})</span>')


def _row_html(row: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]],
              hidden: bool = False) -> str:
    precision = str(row.get("date_precision") or "day")
    iso = pd.Timestamp(row["date"]).strftime("%Y-%m-%d")
    actors = split_actors(row.get("actors"))
    ids = [str(row["source_id"])] + [s.strip() for s in str(row.get("extra_source_ids") or "")
                                     .split(";") if s.strip()]
    links = "; ".join(_source_link(s, sources) for s in ids)
    return (f'<tr data-id="{esc(row["id"])}" data-topic="{esc(row["topic"])}" '
            f'data-actors="{esc(";".join(actors))}" data-date="{iso}"'
            f'{" hidden" if hidden else ""}>'
            f'<td><time datetime="{iso}">{esc(_display_date(row["date"], precision))}</time>'
            f"{_reported_note(row)}</td>"
            f'<td><details><summary>{esc(row["title"])}</summary>'
            f'<p>{esc(row["summary"])}</p><p class="ac-meta">Row {esc(row["id"])}</p>'
            f"</details></td>"
            f'<td>{esc(row["topic"])}</td><td>{esc(", ".join(actors))}</td>'
            f"<td>{links}</td></tr>")


def events_table_html(events: pd.DataFrame, sources: Mapping[str, Mapping[str, Any]] | None = None,
                      caption: str | None = None, shown: pd.DataFrame | None = None) -> str:
    """An HTML table of *events* (date, title with its summary, topic, actors, sources).

    Every text is escaped. With *shown*, rows whose id is not in it carry ``hidden``.
    """
    if sources is None:
        from .data import sources_by_id

        sources = sources_by_id()
    keep = None if shown is None else set(shown["id"].astype(str))
    rows = events.sort_values(["date", "id"], kind="stable")
    body = "".join(_row_html(r, sources, keep is not None and str(r["id"]) not in keep)
                   for r in rows.to_dict("records"))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{h}</th>' for h in
                   ("Date", "Event (open for the summary)", "Topic", "Actors", "Sources"))
    return (f'<table class="ac-timeline-table">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _dom_id(*parts: object) -> str:
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"actl-{digest}"


def render_timeline_html(events: pd.DataFrame, topics: Iterable[str] | None = None,
                         actor: str | None = None, start: DateLike = None, end: DateLike = None,
                         sources: Mapping[str, Mapping[str, Any]] | None = None,
                         dom_id: str | None = None) -> str:
    """The static timeline: filter controls (switched on by ``afghan-course.js``) and the table.

    The table holds every row of *events*; rows outside the initial filter carry ``hidden``,
    so the page reads correctly before and without the script. Controls have labels and
    are native form elements, reachable with Tab.
    """
    lanes = topics_of(events)
    chosen = set(lanes if topics is None else _choices("topic", list(topics), lanes))
    lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
    shown = filter_events(events, topics=sorted(chosen) if topics is not None else None,
                          actors=actor, start=lo, end=hi)
    uid = dom_id or _dom_id(tuple(sorted(chosen)), actor, str(lo), str(hi), len(events))
    boxes = "".join(
        f'<span class="ac-option"><input type="checkbox" id="{uid}-t{n}" name="{uid}-topic" '
        f'value="{esc(t)}"{" checked" if t in chosen else ""}>'
        f'<label for="{uid}-t{n}">{esc(t)}</label></span>' for n, t in enumerate(lanes))
    actor_opts = '<option value="">All actors</option>' + "".join(
        f'<option value="{esc(a)}"{" selected" if actor == a else ""}>{esc(a)}</option>'
        for a in actors_of(events))
    period_opts = '<option value="">Any period (or set the dates)</option>' + "".join(
        f'<option value="{n}" data-start="{first}" data-end="{last or ""}">{esc(label)}</option>'
        for n, (label, first, last) in enumerate(PERIODS))
    dmin = pd.to_datetime(events["date"]).min().strftime("%Y-%m-%d") if len(events) else ""
    dmax = pd.to_datetime(events["date"]).max().strftime("%Y-%m-%d") if len(events) else ""
    lo_v = lo.strftime("%Y-%m-%d") if lo is not None else ""
    hi_v = hi.strftime("%Y-%m-%d") if hi is not None else ""
    controls = (
        f'<div class="ac-timeline-controls" hidden>'
        f'<fieldset><legend>Topics</legend>{boxes}</fieldset>'
        f'<p><label for="{uid}-actor">Actor</label> '
        f'<select id="{uid}-actor" class="ac-select ac-timeline-actor">{actor_opts}</select></p>'
        f'<p><label for="{uid}-period">Period</label> '
        f'<select id="{uid}-period" class="ac-select ac-timeline-period">{period_opts}</select></p>'
        f'<p><label for="{uid}-from">From</label> <input type="date" id="{uid}-from" '
        f'class="ac-timeline-from" min="{dmin}" max="{dmax}" value="{lo_v}"> '
        f'<label for="{uid}-to">to</label> <input type="date" id="{uid}-to" '
        f'class="ac-timeline-to" min="{dmin}" max="{dmax}" value="{hi_v}"> '
        f'<button type="button" class="ac-timeline-reset">Show all events</button></p>'
        f"</div>")
    status = (f'<p class="ac-timeline-status" role="status" aria-live="polite">Showing '
              f"{len(shown)} of {len(events)} events.</p>")
    table = events_table_html(events, sources, caption=f"Events from {dmin} to {dmax}",
                              shown=shown)
    return (f'<div class="ac-timeline" id="{uid}" data-afghan-timeline>'
            f"<p><strong>Timeline of events.</strong> Filter by topic, actor and period; open "
            f"an event for its summary. Each row names its sources.</p>"
            f"{controls}{status}"
            f'<div class="ac-timeline-scroll" role="region" tabindex="0" '
            f'aria-label="Events table" style="max-height:34rem;overflow:auto">{table}</div>'
            f"</div>")


# ---- the live view --------------------------------------------------------------------------

class LiveTimeline:
    """The widget view: filter controls, a status line, the table and (optionally) the chart.

    Any change of a control calls :meth:`update`, which refilters the events and redraws the
    table and the chart. ``current`` holds the rows shown.
    """

    def __init__(self, events: pd.DataFrame, topics: Iterable[str] | None = None,
                 actor: str | None = None, start: DateLike = None, end: DateLike = None,
                 chart: bool = True, sources: Mapping[str, Mapping[str, Any]] | None = None):
        import ipywidgets as w

        if sources is None:
            from .data import sources_by_id

            sources = sources_by_id()
        self.events, self.sources, self.show_chart = events, sources, chart
        self.lanes = topics_of(events)
        chosen = set(self.lanes if topics is None else
                     _choices("topic", list(topics), self.lanes))
        self.topic_boxes = {t: w.Checkbox(value=t in chosen, description=t, indent=False,
                                          layout=w.Layout(width="auto")) for t in self.lanes}
        actor_names = actors_of(events)
        if actor is not None:
            actor = _choices("actor", [actor], actor_names)[0]
        self.actor = w.Dropdown(options=[("All actors", "")] + [(a, a) for a in actor_names],
                                value=actor or "", description="Actor")
        self.period = w.Dropdown(options=[("Any period (or set the dates)", -1)]
                                 + [(p[0], n) for n, p in enumerate(PERIODS)], value=-1,
                                 description="Period", layout=w.Layout(width="auto"))
        lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
        self.start = w.DatePicker(value=lo.date() if lo is not None else None,
                                  description="From")
        self.end = w.DatePicker(value=hi.date() if hi is not None else None, description="To")
        self.reset = w.Button(description="Show all events",
                              tooltip="Tick every topic and clear the actor and dates")
        self.status = w.HTML()
        self.table = w.HTML()
        self.chart = w.HTML()
        self.error = w.HTML()
        self.current = events.iloc[0:0]
        self._quiet = False
        for box in self.topic_boxes.values():
            box.observe(self._changed, names="value")
        for control in (self.actor, self.start, self.end):
            control.observe(self._changed, names="value")
        self.period.observe(self._period_changed, names="value")
        self.reset.on_click(lambda _b: self.show_all())
        header = w.HTML("<p><strong>Timeline of events.</strong> Tick topics, choose an actor "
                        "or a period; the table and the chart follow.</p>")
        self.widget = w.VBox([
            header, w.HTML("<strong>Topics</strong>"), w.HBox(list(self.topic_boxes.values()),
                                                             layout=w.Layout(flex_flow="wrap")),
            w.HBox([self.actor, self.period]), w.HBox([self.start, self.end, self.reset]),
            self.error, self.status, self.chart, self.table])
        self.widget.add_class("ac-timeline")
        self.update()

    def filters(self) -> dict[str, Any]:
        """The filters the controls show, as keyword arguments for :func:`filter_events`."""
        return {"topics": [t for t, b in self.topic_boxes.items() if b.value],
                "actors": self.actor.value or None, "start": self.start.value,
                "end": self.end.value}

    def update(self) -> pd.DataFrame:
        """Refilter and redraw; a bad filter (start after end) is reported, not raised."""
        try:
            rows = filter_events(self.events, **self.filters())
        except ValueError as exc:
            self.error.value = f'<p role="alert">{esc(exc)}</p>'
            return self.current
        self.error.value = ""
        self.current = rows
        self.status.value = (f'<p role="status">Showing {len(rows)} of {len(self.events)} '
                             "events.</p>")
        table = events_table_html(rows, self.sources)
        self.table.value = f'<div style="max-height:30rem;overflow:auto">{table}</div>'
        if self.show_chart:
            self.chart.value = self._chart_html(rows)
        return rows

    def _chart_html(self, rows: pd.DataFrame) -> str:
        from .charts import figure

        if rows.empty:
            return "<p>No events match: there is nothing to chart.</p>"
        fig = timeline_figure(rows, lanes=self.lanes, figsize=(9.0, 4.6))
        as_of = pd.to_datetime(self.events["date"]).max().strftime("%Y-%m-%d")
        return figure(fig, alt=describe(rows, self.lanes),
                      caption="The events in the table, by topic.", as_of=as_of)._repr_html_()

    def _changed(self, _change=None) -> None:
        if not self._quiet:
            self.update()

    def _period_changed(self, change) -> None:
        if change["new"] is None or change["new"] < 0:
            return
        _, first, last = PERIODS[change["new"]]
        self._quiet = True
        try:
            self.start.value = date.fromisoformat(first)
            self.end.value = date.fromisoformat(last) if last else None
        finally:
            self._quiet = False
        self.update()

    def show_all(self) -> None:
        """Tick every topic and clear the actor, period and dates."""
        self._quiet = True
        try:
            for box in self.topic_boxes.values():
                box.value = True
            self.actor.value = ""
            self.period.value = -1
            self.start.value = None
            self.end.value = None
        finally:
            self._quiet = False
        self.update()


class TimelineDisplay(DualDisplay):
    """One timeline in two renderings: widgets in a kernel and HTML in the static book."""

    def __init__(self, events: pd.DataFrame, topics: Iterable[str] | None = None,
                 actor: str | None = None, start: DateLike = None, end: DateLike = None,
                 chart: bool = True):
        from .data import sources_by_id

        self.events = events
        self.sources = sources_by_id()
        self.args = {"topics": list(topics) if topics is not None else None, "actor": actor,
                     "start": start, "end": end}
        self.html = render_timeline_html(events, sources=self.sources, **self.args)
        self.chart = chart

    def _make_live(self) -> LiveTimeline:
        return LiveTimeline(self.events, chart=self.chart, sources=self.sources, **self.args)

    def _summary(self) -> str:
        shown = filter_events(self.events, topics=self.args["topics"],
                              actors=self.args["actor"], start=self.args["start"],
                              end=self.args["end"])
        return (f"Timeline: {len(shown)} of {len(self.events)} events "
                "(filterable in Jupyter and in the book)")


def show_timeline(events: pd.DataFrame | None = None, topics: Iterable[str] | None = None,
                  actor: str | None = None, start: DateLike = None, end: DateLike = None,
                  chart: bool = True) -> TimelineDisplay:
    """Show the events table with live filters (Jupyter) and static filters (the book).

    *events* defaults to the course's events table; *topics*, *actor*, *start* and *end* set
    the filters shown first. ``chart=False`` leaves the chart out of the live view.
    """
    if events is None:
        from .data import load

        events = load("events")
    return TimelineDisplay(events, topics, actor, start, end, chart)
