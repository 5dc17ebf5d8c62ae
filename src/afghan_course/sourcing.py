"""What each chapter's claims rest on, by source tier.

A chapter's *key claims* are, concretely:

- every citation in its prose: each ``{cite}`` group in a Markdown cell of the chapter's
  notebook (and each in ``book/glossary.md`` for the glossary) supports the sentence it ends;
- every quiz key: each question of the chapter's bank, with the ``sources`` it lists;
- every data row a quiz key restates: the rows a question's ``data_ref`` selects, each with
  its ``source_id`` and ``extra_source_ids``;
- every data row an exercise of the chapter points a checkable claim at (``check``).

A key claim is *weak* when every source it names is an aggregator or mirror (tier
``mirror``): the learner would have only a copy by a site that did not write it. Where the
stored pages hold no original or reputable copy yet, the source is listed, with what was
searched, in ``data/notes/mirror-only-sources.csv``. The tests fail on a weak key claim whose
source is not listed there, and on a listed source that no longer backs a weak claim, so the
list can only shrink. :func:`tier_counts` feeds the table on the "How the data is sourced"
page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from .data import load, source_tiers
from .errors import CourseError
from .paths import book_dir, data_dir

CHAPTERS = ["timeline", "recognition", "sanctions", "frozen-assets", "security", "rights",
            "oped-analysis"]
"""The chapters with a notebook, a quiz bank and exercises, in the order of the book."""

WEAK_TIERS = {"mirror"}


@dataclass(frozen=True)
class KeyClaim:
    """One claim a chapter makes, where it is made, and the sources it cites."""

    chapter: str
    where: str
    source_ids: tuple[str, ...]


def _row_sources(row: dict) -> tuple[str, ...]:
    ids = [str(row.get("source_id") or "")]
    ids += str(row.get("extra_source_ids") or "").split(";")
    return tuple(i for i in ids if i)


def _paragraphs(chapter: str) -> list[tuple[str, str]]:
    """(where, text) for every paragraph of the chapter's prose."""
    if chapter == "glossary":
        path = book_dir() / "glossary.md"
        blocks = [("book/glossary.md", path.read_text(encoding="utf-8"))]
    else:
        path = book_dir() / f"{chapter}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        blocks = [(f"book/{chapter}.ipynb cell {i}", "".join(c["source"]))
                  for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]
    out = []
    for where, text in blocks:
        for n, para in enumerate(re.split(r"\n\s*\n", text), start=1):
            out.append((f"{where} paragraph {n}", para))
    return out


def _prose_claims(chapter: str) -> list[KeyClaim]:
    claims = []
    for where, para in _paragraphs(chapter):
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", para):
            ids = tuple(k.strip() for k in group.split(",") if k.strip())
            claims.append(KeyClaim(chapter, where, ids))
    return claims


def _quiz_claims(chapter: str) -> list[KeyClaim]:
    from .quiz.bank import bank_path, load_bank
    from .quiz.datarefs import matching_rows

    if not bank_path(chapter).exists():
        return []
    claims = []
    for q in load_bank(chapter).questions:
        # a student-edition bank (``afghan-course release``) carries no sources or keys
        sources, ref = getattr(q, "sources", None), getattr(q, "data_ref", None)
        if sources:
            claims.append(KeyClaim(chapter, f"quiz {q.id}", tuple(sources)))
        if ref is None:
            continue
        queries = [ref] + ([ref.divide_by] if ref.divide_by else [])
        for query in queries:
            df = matching_rows(query, qid=q.id)
            key = "id" if "id" in df.columns else df.columns[0]
            for row in df.to_dict("records"):
                claims.append(KeyClaim(chapter, f"quiz {q.id}: {query.table} row {row[key]}",
                                       _row_sources(row)))
    return claims


def _exercise_claims(chapter: str) -> list[KeyClaim]:
    from .perspectives.loader import all_exercises

    claims = []
    for ex in all_exercises():
        if ex.record_chapter != chapter:
            continue
        for doc in ex.documents:
            for claim in doc.claims:
                if claim.check is None:
                    continue
                df = load(claim.check.table)
                key = "id" if "id" in df.columns else df.columns[0]
                rows = df[df[key].astype(str) == claim.check.id].to_dict("records")
                for row in rows:
                    claims.append(KeyClaim(chapter, f"exercise {ex.id}: {claim.check.table} "
                                           f"row {claim.check.id}", _row_sources(row)))
    return claims


def key_claims(chapter: str) -> list[KeyClaim]:
    """Every key claim of *chapter* (see the module docstring for what counts)."""
    if chapter == "glossary":
        return _prose_claims(chapter)
    return _prose_claims(chapter) + _quiz_claims(chapter) + _exercise_claims(chapter)


def weak_claims(chapter: str, tiers: dict[str, str] | None = None) -> list[KeyClaim]:
    """The key claims of *chapter* whose every source is an aggregator or mirror."""
    if tiers is None:
        tiers = {r["id"]: str(r["tier"]) for r in load("sources").to_dict("records")}
    return [c for c in key_claims(chapter)
            if c.source_ids and all(tiers.get(s) in WEAK_TIERS for s in c.source_ids)]


def chapter_sources(chapter: str) -> set[str]:
    """The distinct sources a chapter's key claims cite."""
    return {s for c in key_claims(chapter) for s in c.source_ids}


def tier_counts(chapters: list[str] | None = None) -> pd.DataFrame:
    """Distinct sources per chapter (rows) and tier (columns, most direct first)."""
    chapters = chapters or CHAPTERS + ["glossary"]
    tiers = source_tiers()
    src = load("sources").set_index("id")["tier"].astype(str)
    rows = []
    for chapter in chapters:
        ids = sorted(chapter_sources(chapter) & set(src.index))
        counts = src.loc[ids].value_counts()
        rows.append({"chapter": chapter, **{t: int(counts.get(t, 0)) for t in tiers}})
    df = pd.DataFrame(rows).set_index("chapter")
    df.columns = [tiers[t]["label"] for t in df.columns]
    df["All sources"] = df.sum(axis=1)
    return df



MIRROR_ONLY_NOTES = "notes/mirror-only-sources.csv"


def mirror_only_sources(folder=None) -> dict[str, str]:
    """Sources still backing a weak key claim, with the note on what was searched (by id)."""
    import csv

    path = (data_dir() if folder is None else folder) / MIRROR_ONLY_NOTES
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise CourseError(str(path), "file not found") from None
    for i, row in enumerate(rows, start=2):
        if not row.get("source_id") or not row.get("note"):
            raise CourseError(str(path), "needs a source_id and a note", item=f"row {i}")
    return {row["source_id"]: row["note"] for row in rows}
