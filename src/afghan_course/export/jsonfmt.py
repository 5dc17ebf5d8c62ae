"""JSON: the whole bank, lossless, for tools other than Moodle and Canvas.

The document is the bank as validated (every field, ``points`` and ``data_ref``
included, ``null`` fields left out), plus ``format``/``version`` and the cited sources
(publisher, title, URL), so a reader needs nothing else from the course. ``Bank.model_validate``
on its ``chapter``/``title``/``objectives``/``questions`` gives the bank back unchanged.
Nothing is converted or skipped, whatever ``--ordering`` says.
"""

from __future__ import annotations

import json

from ..quiz.model import Bank
from .common import Export

FORMAT = "json"
FORMAT_ID = "afghan-course-bank"
VERSION = 1


def _text(value: object) -> str | None:
    """A table cell as text; empty cells (NaN from pandas) become ``null``."""
    return value if isinstance(value, str) and value else None


def export(bank: Bank, sources: dict[str, dict], ordering: str = "matching") -> Export:
    """The bank as one JSON document (UTF-8, indented, keys in the bank's order)."""
    doc = {"format": FORMAT_ID, "version": VERSION}
    doc.update(bank.model_dump(mode="json", exclude_none=True))
    cited = dict.fromkeys(s for q in bank.questions for s in q.sources)
    doc["sources"] = {sid: {k: _text(sources[sid].get(k)) for k in ("publisher", "title", "url")}
                      for sid in cited if sid in sources}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return Export(bank.chapter, FORMAT, text.encode("utf-8"), exported=len(bank.questions))
