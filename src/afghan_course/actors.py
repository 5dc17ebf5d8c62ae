"""Profiles of the actors: engagement history, highest rung, statements and stated interests.

Everything here is computed from ``data/`` (the engagement, statements, actors and sources
tables), so the key-actors page cannot drift from the data: a new engagement step or statement
shows up in its actor's profile the next time the page is built.

An actor's profile gathers

- its steps in the engagement table, in date order, with the ladder label of each rung
  (:data:`afghan_course.data.LADDER_LABELS`) and whether the step is a rung at all;
- its highest rung as of :func:`afghan_course.data.reviewed_on` (via ``data.levels_on``);
- its statements: count, date range, topics, and the latest one;
- its interests as ``data/actors.csv`` states them, with their sources.

The actors are every state or organisation in the engagement table, every row of the actors
table, and every actor in the statements table except the analysts (commentators, not
parties). The statements table files some actors under a group name ("Central Asian states");
an actors row can claim part of such a group with ``statements_actor`` and
``speaker_pattern``, and statements that no row claims stay with the group's own profile.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from . import data
from .markup import esc, source_list_html
from .perspectives.render_html import format_date

NOT_ACTORS = {"analyst"}
"""Statement ``actor_type`` values that are commentary rather than an actor's own voice."""

TYPE_ORDER = ["state", "international-organisation", "taliban", "afghan-civil-society", "other"]
TYPE_LABELS = {
    "state": "State",
    "international-organisation": "International organisation",
    "taliban": "The Taliban",
    "afghan-civil-society": "Afghan civil society",
    "other": "Other group",
}
GROUPS = {
    "state": "States",
    "international-organisation": "International organisations",
    "afghan": "Afghan actors",
    "other": "Other groups",
}
"""Sections of the key-actors page: the Taliban and Afghan civil society share one."""

NO_RUNG = "No rung recorded"
NOT_ON_LADDER = "Not on the ladder"


@dataclass(frozen=True)
class Step:
    """One row of the engagement table, as it appears in a profile."""

    date: date
    precision: str
    step: str
    description: str
    source_id: str
    extra_source_ids: tuple[str, ...] = ()

    @property
    def on_ladder(self) -> bool:
        return self.step in data.LADDER

    @property
    def label(self) -> str:
        if self.on_ladder:
            return data.LADDER_LABELS[self.step]
        return self.step.replace("_", " ").capitalize()

    @property
    def when(self) -> str:
        return format_date(self.date, self.precision)


@dataclass(frozen=True)
class StatementRef:
    """One row of the statements table, as it appears in a profile."""

    id: str
    date: date
    precision: str
    speaker: str
    topic: str
    stance: str
    text: str
    text_kind: str
    source_id: str

    @property
    def when(self) -> str:
        return format_date(self.date, self.precision)


@dataclass(frozen=True)
class ActorProfile:
    """Everything the data say about one actor."""

    actor: str
    actor_type: str
    history: tuple[Step, ...] = ()
    level: str | None = None
    level_since: date | None = None
    as_of: date | None = None
    statements: tuple[StatementRef, ...] = ()
    interests: str = ""
    interest_sources: tuple[str, ...] = ()
    statement_names: tuple[str, ...] = field(default=())

    @property
    def on_ladder(self) -> bool:
        """Whether the engagement table records steps by this actor at all."""
        return bool(self.history)

    @property
    def level_label(self) -> str:
        if not self.on_ladder:
            return NOT_ON_LADDER
        if self.level is None or self.level == data.LADDER[0]:
            return NO_RUNG
        return data.LADDER_LABELS[self.level]

    @property
    def first_step(self) -> Step | None:
        return self.history[0] if self.history else None

    @property
    def statement_count(self) -> int:
        return len(self.statements)

    @property
    def statement_range(self) -> tuple[date, date] | None:
        if not self.statements:
            return None
        return self.statements[0].date, self.statements[-1].date

    @property
    def topics(self) -> list[tuple[str, int]]:
        """Statement topics, most frequent first (ties alphabetical)."""
        counts = Counter(s.topic for s in self.statements)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def latest_statement(self) -> StatementRef | None:
        return self.statements[-1] if self.statements else None

    @property
    def group(self) -> str:
        if self.actor_type in ("taliban", "afghan-civil-society"):
            return "afghan"
        return self.actor_type if self.actor_type in GROUPS else "other"

    @property
    def slug(self) -> str:
        return "actor-" + re.sub(r"[^a-z0-9]+", "-", self.actor.lower()).strip("-")


def _date(value) -> date:
    return pd.Timestamp(value).date()


def _ids(value) -> tuple[str, ...]:
    return tuple(i for i in str(value or "").split(";") if i)


def _statement(row) -> StatementRef:
    return StatementRef(id=row["id"], date=_date(row["date"]), precision=row["date_precision"],
                        speaker=row["speaker"], topic=str(row["topic"]),
                        stance=str(row["stance"]), text=row["text"],
                        text_kind=str(row["text_kind"]), source_id=row["source_id"])


def profiles(folder: str | Path | None = None, as_of: date | None = None) -> list[ActorProfile]:
    """Every actor's profile, ordered by type (states first) and then by name.

    *as_of* defaults to the package's review date, never the clock.
    """
    as_of = as_of or data.reviewed_on(folder)
    eng = data.load("engagement", folder)
    eng["step"] = eng["step"].astype(str)
    st = data.load("statements", folder)
    st["actor_type"] = st["actor_type"].astype(str)
    st = st[~st["actor_type"].isin(NOT_ACTORS)].sort_values(["date", "id"])
    actors = data.load("actors", folder)
    actors["actor_type"] = actors["actor_type"].astype(str)
    levels = data.levels_on(as_of, folder).set_index("actor")

    claimed: dict[str, list[tuple[str, str]]] = {}
    for row in actors.to_dict("records"):
        name = row["statements_actor"] or row["actor"]
        claimed.setdefault(name, []).append((row["actor"], row["speaker_pattern"]))

    def owner(st_row) -> str:
        """The profile a statement belongs to."""
        claims = claimed.get(st_row["actor"], [])
        for actor, pattern in claims:
            if pattern and pattern.lower() in st_row["speaker"].lower():
                return actor
        for actor, pattern in claims:
            if not pattern:
                return actor
        return st_row["actor"]

    st = st.assign(owner=[owner(r) for r in st.to_dict("records")])

    types: dict[str, str] = {}
    for row in st.to_dict("records"):
        types.setdefault(row["owner"], row["actor_type"])
    for row in eng.to_dict("records"):
        kind = "state" if row["actor_type"] == "state" else "international-organisation"
        types[row["actor"]] = kind
    for row in actors.to_dict("records"):
        types[row["actor"]] = row["actor_type"]
    by_actor = actors.set_index("actor")

    out = []
    for name, kind in types.items():
        steps = eng[eng["actor"] == name].copy()
        steps["rank"] = [data.LADDER.index(s) if s in data.LADDER else -1 for s in steps["step"]]
        steps = steps.sort_values(["date", "rank", "id"])
        history = tuple(Step(date=_date(r["date"]), precision=r["date_precision"],
                             step=r["step"], description=r["description"],
                             source_id=r["source_id"],
                             extra_source_ids=_ids(r["extra_source_ids"]))
                        for r in steps.to_dict("records"))
        level = since = None
        if name in levels.index:
            level = str(levels.loc[name, "level"])
            since = None if pd.isna(levels.loc[name, "since"]) else _date(levels.loc[name, "since"])
        mine = st[st["owner"] == name]
        interests, sources = "", ()
        if name in by_actor.index:
            row = by_actor.loc[name]
            interests = row["interests"]
            sources = (row["source_id"], *_ids(row["extra_source_ids"]))
        out.append(ActorProfile(
            actor=name, actor_type=kind, history=history, level=level, level_since=since,
            as_of=as_of, statements=tuple(_statement(r) for r in mine.to_dict("records")),
            interests=interests, interest_sources=sources,
            statement_names=tuple(sorted(set(mine["actor"])))))
    order = {k: i for i, k in enumerate(TYPE_ORDER)}
    return sorted(out, key=lambda p: (order.get(p.actor_type, len(order)), p.actor.lower()))


def profile(name: str, folder: str | Path | None = None) -> ActorProfile:
    """One actor's profile by name (as spelled in the tables)."""
    for p in profiles(folder):
        if p.actor == name:
            return p
    raise KeyError(f"no actor named {name!r} in the engagement, statements or actors tables")


def summary_table(items: list[ActorProfile]) -> pd.DataFrame:
    """One row per actor (indexed by name): type, highest rung now, first recorded step and
    number of statements."""
    rows = []
    for p in items:
        first = p.first_step
        rows.append({
            "actor": p.actor,
            "type": TYPE_LABELS.get(p.actor_type, p.actor_type),
            "highest rung now": p.level_label,
            "first recorded step": first.when if first else "",
            "statements": p.statement_count,
        })
    table = pd.DataFrame(rows, columns=["actor", "type", "highest rung now",
                                        "first recorded step", "statements"])
    return table.set_index("actor")


def _source_link(source_id: str, sources: dict[str, dict]) -> str:
    """A source as a link labelled with its publisher (the id when it is unknown)."""
    s = sources.get(source_id)
    if s is None:
        return esc(source_id)
    return f'<a href="{esc(s["url"])}" rel="noopener" title="{esc(s["title"])}">' \
           f'{esc(s["publisher"])}</a>'


def _statement_summary(p: ActorProfile, sources: dict[str, dict]) -> str:
    if not p.statements:
        return "<p><strong>Statements.</strong> None in the statements table.</p>"
    start, end = p.statement_range
    span = (f"on {format_date(start)}" if start == end
            else f"from {format_date(start)} to {format_date(end)}")
    topics = ", ".join(f"{esc(t)} ({n})" for t, n in p.topics)
    noun = "statement" if p.statement_count == 1 else "statements"
    filed = ""
    if p.statement_names and p.statement_names != (p.actor,):
        filed = f" (filed under {esc(', '.join(p.statement_names))})"
    last = p.latest_statement
    quote = (f"&ldquo;{esc(last.text)}&rdquo;" if last.text_kind == "excerpt"
             else f"{esc(last.text)} <em>(paraphrase)</em>")
    return (f"<p><strong>Statements.</strong> {p.statement_count} {noun}{filed} {span}. "
            f"Topics: {topics}.</p>"
            f"<p>Latest: {esc(last.when)}, {esc(last.speaker)}: {quote} "
            f"({_source_link(last.source_id, sources)})</p>")


def _history_table(p: ActorProfile, sources: dict[str, dict]) -> str:
    if not p.history:
        note = (" The Taliban are the government the others engage with."
                if p.actor_type == "taliban" else "")
        return (f"<p><strong>Engagement history.</strong> No steps by this actor in the "
                f"engagement table.{note}</p>")
    head = (f'<table class="ac-grid"><caption>{esc(p.actor)}: steps recorded in the '
            'engagement table, in date order</caption><thead><tr><th scope="col">Date</th>'
            '<th scope="col">Step</th><th scope="col">What happened</th>'
            '<th scope="col">Source</th></tr></thead><tbody>')
    body = []
    for s in p.history:
        label = esc(s.label) if s.on_ladder else f"{esc(s.label)} <em>(not a rung)</em>"
        body.append(f"<tr><td>{esc(s.when)}</td><td>{label}</td><td>{esc(s.description)}</td>"
                    f"<td>{_source_link(s.source_id, sources)}</td></tr>")
    return ("<p><strong>Engagement history.</strong></p>" + head + "".join(body)
            + "</tbody></table>")


def profile_html(p: ActorProfile, sources: dict[str, dict] | None = None) -> str:
    """One actor's profile as static HTML (all data text escaped)."""
    sources = sources if sources is not None else data.sources_by_id()
    as_of = format_date(p.as_of) if p.as_of else ""
    kind = esc(TYPE_LABELS.get(p.actor_type, p.actor_type))
    if p.on_ladder:
        since = f", since {format_date(p.level_since)}" if p.level_since else ""
        rung = (f"{kind}. Highest rung on {esc(as_of)}: "
                f"<strong>{esc(p.level_label)}</strong>{esc(since)}.")
    else:
        rung = f"{kind}. Not in the engagement table (as of {esc(as_of)})."
    if p.interests:
        interests = (f"<p><strong>Interests, as stated or attributed.</strong> "
                     f"{esc(p.interests)}</p>"
                     + source_list_html(list(p.interest_sources), sources))
    else:
        interests = ("<p><strong>Interests, as stated or attributed.</strong> "
                     "No row for this actor in the actors table yet.</p>")
    return (f'<section class="ac-actor" id="{esc(p.slug)}" aria-labelledby="{esc(p.slug)}-h">'
            f'<hr><h3 id="{esc(p.slug)}-h">{esc(p.actor)}</h3>'
            f'<p class="ac-meta">{rung}</p>{interests}'
            f"{_history_table(p, sources)}{_statement_summary(p, sources)}</section>")


def profiles_html(group: str | None = None, folder: str | Path | None = None) -> str:
    """The profiles of one page section (``state``, ``international-organisation``,
    ``afghan``, ``other``; all when None), with a list of links at the top."""
    items = [p for p in profiles(folder) if group is None or p.group == group]
    sources = data.sources_by_id(folder)
    links = " · ".join(f'<a href="#{esc(p.slug)}">{esc(p.actor)}</a>' for p in items)
    return (f'<div class="ac-actors"><nav aria-label="Actors in this section">'
            f'<p class="ac-actor-index">Jump to: {links}</p></nav>'
            + "".join(profile_html(p, sources) for p in items) + "</div>")


class ProfilesView:
    """Profiles displayed as HTML in a notebook and in the built book."""

    def __init__(self, group: str | None = None, folder: str | Path | None = None):
        self.group = group
        self.html = profiles_html(group, folder)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Actor profiles ({GROUPS.get(self.group, 'all actors')})"


def show(group: str | None = None, folder: str | Path | None = None) -> ProfilesView:
    """Display the profiles of one page section (see :func:`profiles_html`)."""
    return ProfilesView(group, folder)
