"""Voices: how many statements each actor group makes on each side of a topic's question.

Every row of ``data/statements.csv`` answers its topic's central question with a stance and
names its speaker's actor group and the outlet whose reporting it rests on. The data package
defines both (``x-topics``: the question and what for / against / conditional / neutral mean;
``x-actor-groups``: who counts as which voice). From those this module computes

- :func:`counts`: actor group × stance, the table a chapter shows as "Voices";
- :func:`balance`: whether a topic's statements meet the course's balance rule (the
  authorities' own position; Afghan voices other than the authorities, inside the country and
  in exile, on more than one side; at least six groups; no stance resting on one outlet);
- :func:`table`: the rendered Voices table (HTML for the book, plain text for a kernel), with
  the caution on what counts of statements can and cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import data
from .markup import esc

SIDES = ("against", "conditional", "for")
"""The stances that take a side on a question (neutral does not)."""

MIN_GROUPS = 6
"""A core chapter's topic must be voiced by at least this many actor groups."""

CAUTION = (
    "What these counts can and cannot show: they count the statements the course has "
    "collected and sourced, not people, votes or weight. One spokesman's remark and one "
    "UN resolution count the same; a group that speaks often, or that outlets report often, "
    "looks larger; a group with no row may simply not have been found in the stored sources. "
    "Each stance is the course's reading of one statement against the question above, and "
    "can be disputed. Use the table to see whose voices are present and on which side, then "
    "read the statements themselves."
)


def topics(folder: str | Path | None = None) -> dict[str, dict]:
    """Each topic's central question, its chapter and what each stance means."""
    return dict(data.open_package(folder).descriptor["x-topics"])


def groups(folder: str | Path | None = None) -> dict[str, dict]:
    """The actor groups in the package's order: label, description, whether Afghan."""
    return dict(data.open_package(folder).descriptor["x-actor-groups"])


def chapter_topics(chapter: str, folder: str | Path | None = None) -> list[str]:
    """The topics whose statements a chapter (notebook stem) presents, in package order."""
    return [t for t, d in topics(folder).items() if d["chapter"] == chapter]


def _statements(statements: pd.DataFrame | None, folder: str | Path | None) -> pd.DataFrame:
    return data.load("statements", folder) if statements is None else statements


def counts(topic: str | list[str], statements: pd.DataFrame | None = None,
           folder: str | Path | None = None) -> pd.DataFrame:
    """Actor group × stance counts for one topic (or several), with a total column.

    Rows are the groups that have at least one statement, in the package's group order;
    columns are against, conditional, neutral, for and total.
    """
    wanted = [topic] if isinstance(topic, str) else list(topic)
    known = topics(folder)
    for t in wanted:
        if t not in known:
            raise ValueError(f"data/datapackage.json: topic {t!r}: not defined in x-topics")
    st = _statements(statements, folder)
    sel = st[st["topic"].astype(str).isin(wanted)]
    order = [g for g in groups(folder) if g in set(sel["actor_group"].astype(str))]
    grid = pd.crosstab(sel["actor_group"].astype(str), sel["stance"].astype(str))
    grid = grid.reindex(index=order, columns=data.STANCES, fill_value=0).astype(int)
    grid["total"] = grid.sum(axis=1)
    grid.index.name = "actor_group"
    grid.columns.name = None
    return grid


@dataclass
class Balance:
    """How one topic's statements meet the balance rule; :meth:`problems` lists the gaps."""

    topic: str
    authorities: list[str] = field(default_factory=list)
    afghan_sides: dict[str, list[str]] = field(default_factory=dict)
    n_groups: int = 0
    outlets_per_stance: dict[str, list[str]] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """One line per unmet part of the rule (empty when the topic is balanced)."""
        out = []
        t = self.topic
        if not self.authorities:
            out.append(f"{t}: no statement of the Taliban authorities' own position")
        for g in ("afghan-civil-society", "afghan-exiles"):
            if g not in self.afghan_sides:
                out.append(f"{t}: no statement by {g}")
        sides = {s for ss in self.afghan_sides.values() for s in ss if s in SIDES}
        if len(sides) < 2:
            out.append(f"{t}: Afghan voices other than the authorities take only "
                       f"{', '.join(sorted(sides)) or 'no'} side(s) of the question")
        if self.n_groups < MIN_GROUPS:
            out.append(f"{t}: {self.n_groups} actor groups, fewer than {MIN_GROUPS}")
        for stance, outs in self.outlets_per_stance.items():
            if len(outs) < 2:
                out.append(f"{t}: every {stance!r} statement rests on one outlet ({outs[0]})")
        return out


def balance(topic: str, statements: pd.DataFrame | None = None,
            folder: str | Path | None = None) -> Balance:
    """Measure one topic against the balance rule (see :class:`Balance`)."""
    st = _statements(statements, folder)
    sel = st[st["topic"].astype(str) == topic]
    grp = sel["actor_group"].astype(str)
    afghan = {g for g, d in groups(folder).items() if d["afghan"]}
    result = Balance(topic=topic, n_groups=grp.nunique())
    result.authorities = sorted(sel.loc[grp == "afghan-authorities", "stance"].astype(str).unique())
    for g in sorted(afghan - {"afghan-authorities"}):
        stances = sel.loc[grp == g, "stance"].astype(str)
        if len(stances):
            result.afghan_sides[g] = sorted(stances.unique())
    for stance in data.STANCES:
        outs = sel.loc[sel["stance"].astype(str) == stance, "outlet_id"].astype(str)
        if len(outs):
            result.outlets_per_stance[stance] = sorted(outs.unique())
    return result


class VoicesTable:
    """The rendered Voices table(s): ``html`` for the book, plain text for a kernel."""

    def __init__(self, html: str, text: str):
        self.html = html
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _one_html(topic: str, grid: pd.DataFrame, defs: dict, labels: dict[str, dict]) -> str:
    cols = list(data.STANCES)
    head = "".join(f'<th scope="col">{esc(c.capitalize())}</th>' for c in cols)
    rows = []
    for g, row in grid.iterrows():
        cells = "".join(f"<td>{row[c] or '·'}</td>" for c in cols)
        rows.append(f'<tr><th scope="row">{esc(labels[g]["label"])}</th>{cells}'
                    f"<td>{row['total']}</td></tr>")
    tot = grid[cols + ["total"]].sum()
    foot = "".join(f"<td>{tot[c]}</td>" for c in cols + ["total"])
    meanings = "".join(f"<li><strong>{esc(s.capitalize())}</strong>: {esc(defs[s])}</li>"
                       for s in ("for", "against", "conditional", "neutral"))
    return (
        f'<section class="ac-voices" aria-label="Voices on {esc(topic)}">'
        f'<p class="ac-voices-question"><strong>Central question ({esc(topic)}):</strong> '
        f"{esc(defs['question'])}</p>"
        f'<table class="ac-voices-table"><caption>Statements on {esc(topic)} by actor group and '
        f"stance (counts from data/statements.csv; · is none)</caption>"
        f'<thead><tr><th scope="col">Actor group</th>{head}<th scope="col">Total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">All groups</th>{foot}</tr></tfoot></table>'
        f"<details><summary>What each stance means on this question</summary>"
        f"<ul>{meanings}</ul></details></section>"
    )


def _one_text(topic: str, grid: pd.DataFrame, defs: dict, labels: dict[str, dict]) -> str:
    view = grid.rename(index=lambda g: labels[g]["label"])
    view.index.name = "Actor group"
    return f"Central question ({topic}): {defs['question']}\n{view.to_string()}"


def table(*topic_names: str, statements: pd.DataFrame | None = None,
          folder: str | Path | None = None) -> VoicesTable:
    """The Voices table for each topic named, followed by the caution on counts."""
    if not topic_names:
        raise ValueError("voices.table: name at least one topic")
    defs = topics(folder)
    labels = groups(folder)
    st = _statements(statements, folder)
    html, text = [], []
    for t in topic_names:
        grid = counts(t, st, folder)
        html.append(_one_html(t, grid, defs[t], labels))
        text.append(_one_text(t, grid, defs[t], labels))
    html.append(f'<p class="ac-voices-caution"><strong>Caution.</strong> {esc(CAUTION)}</p>')
    text.append(f"Caution. {CAUTION}")
    return VoicesTable("".join(html), "\n\n".join(text))


def outlet_summary(statements: pd.DataFrame | None = None,
                   folder: str | Path | None = None) -> pd.DataFrame:
    """Outlets by kind: how many statements rest on each, with owner and orientation."""
    st = _statements(statements, folder)
    outlets = data.load("outlets", folder)
    n = st["outlet_id"].astype(str).value_counts()
    view = outlets.assign(statements=outlets["id"].map(n).fillna(0).astype(int))
    view = view.sort_values(["kind", "statements", "name"], ascending=[True, False, True])
    return view[["id", "name", "kind", "country", "owner_or_funder", "orientation",
                 "statements", "source_id"]].reset_index(drop=True)
