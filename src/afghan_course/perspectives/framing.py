"""How actors frame recognition: which framing terms their statements use.

:data:`FRAMING_TERMS` maps each frame to regular-expression stems (case-insensitive);
:func:`framing_counts` counts, for each actor, the statements that mention each frame at
least once. Counts say what words appear, not what a statement argues: read the texts.
"""

from __future__ import annotations

import re

import pandas as pd

FRAMING_TERMS: dict[str, list[str]] = {
    "sovereignty": [r"\bsovereign", r"\bindependen", r"\binterfer", r"internal affairs"],
    "pragmatism": [r"\bpragmati", r"\brealit", r"realpolitik", r"\binterests?\b",
                   r"\bpractical"],
    "human rights": [r"human rights", r"\brights\b"],
    "terrorism": [r"\bterror", r"\bextremis", r"\bIS-?K\b", r"\bal-?qa[e']?ida",
                  r"\bmilitan"],
    "stability": [r"\bstabil", r"\bsecur", r"\bpeace"],
    "the Afghan people": [r"\bafghan people", r"\bpeople of afghanistan", r"\bafghans\b",
                          r"\bpeople\b"],
    "women": [r"\bwom[ae]n", r"\bgirls?\b", r"\bgender", r"\bfemale"],
    "engagement": [r"\bengag", r"\binteract", r"\bdialogue", r"\bcooperat", r"\brelations\b"],
    "inclusion": [r"\binclusi", r"\bbroad-based", r"\brepresentative\b"],
    "legitimacy": [r"\blegitima", r"\brecogni(?:[sz]|tion)"],
}
"""Frame -> regex stems. A statement mentions a frame when any stem matches its text."""


def _patterns(terms: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {term: re.compile("|".join(f"(?:{s})" for s in stems), re.IGNORECASE)
            for term, stems in terms.items()}


def framing_counts(statements: pd.DataFrame, terms: dict[str, list[str]] | None = None,
                   actor: str = "actor", text: str = "text") -> pd.DataFrame:
    """Actor × frame: how many of each actor's statements mention each frame.

    Rows are actors sorted by name, columns the frames in :data:`FRAMING_TERMS` order;
    every cell is a whole number (0 when no statement of that actor uses the frame).
    """
    patterns = _patterns(terms or FRAMING_TERMS)
    texts = statements[text].fillna("").astype(str)
    hits = pd.DataFrame({term: texts.map(lambda t, p=p: bool(p.search(t))).astype(int)
                         for term, p in patterns.items()}, index=statements.index,
                        columns=list(patterns))
    counts = hits.groupby(statements[actor].astype(str)).sum()
    counts = counts.sort_index(kind="mergesort").astype(int)
    counts.index.name = actor
    counts.columns.name = "term"
    return counts
