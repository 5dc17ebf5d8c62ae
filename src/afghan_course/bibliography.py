"""The book's bibliography, generated from ``data/sources.csv``.

The sources table is the one list of cited pages; the BibTeX file that
sphinxcontrib-bibtex reads is written from it at the start of every build, so a citation
key in a chapter is valid exactly when the data has that source.
"""

from __future__ import annotations

import re
from pathlib import Path

from .data import load

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
KIND_LABEL = {
    "official-document": "Official document",
    "international-organisation": "International organisation",
    "news-report": "News report",
    "analysis": "Analysis",
    "opinion": "Opinion",
    "reference": "Reference work",
}


def _tex(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def bibtex_entry(row: dict) -> str:
    """One ``@misc`` entry; the publisher stands as a corporate author (double braces)."""
    published = row.get("published")
    year = str(published.year) if published is not None and published == published else "n.d."
    accessed = row["accessed"].date().isoformat()
    fields = {
        "author": "{" + _tex(row["publisher"]) + "}",
        "title": "{" + _tex(row["title"]) + "}",
        "year": year,
        "howpublished": KIND_LABEL[str(row["kind"])],
        "url": row["url"].replace("%", r"\%").replace("{", "%7B").replace("}", "%7D"),
        "note": f"Accessed {accessed}",
    }
    if year != "n.d.":
        fields["date"] = published.date().isoformat()
    if row["language"] != "en":
        fields["language"] = str(row["language"])
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{row['id']},\n{body}\n}}\n"


def render_bibtex(folder: str | Path | None = None) -> str:
    """The whole BibTeX file for the sources table, in id order."""
    src = load("sources", folder).sort_values("id")
    header = "% Generated from data/sources.csv by afghan_course.bibliography. Do not edit.\n\n"
    return header + "\n".join(bibtex_entry(r) for r in src.to_dict("records"))


def write_bibtex(path: str | Path, folder: str | Path | None = None) -> Path:
    """Write the file only when its text changes, so Sphinx's cache stays warm."""
    path = Path(path)
    text = render_bibtex(folder)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def cite_keys(text: str) -> set[str]:
    """Citation keys used by ``{cite}``-style roles in a Markdown or notebook text."""
    keys: set[str] = set()
    for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
        keys.update(k.strip() for k in group.split(","))
    return keys
