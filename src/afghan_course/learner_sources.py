"""The learner edition of a notebook's source, as the learner book offers it for download.

The book's "Download source file" button serves ``_sources/<page>.ipynb``, which Sphinx
copies from the source tree untouched: with the cells tagged ``instructor`` (timing,
discussion prompts, misconceptions). After a learner-edition build those copies are
rewritten here without them, so the download is the page the learner read.
"""

from __future__ import annotations

import json
from pathlib import Path

INSTRUCTOR_TAG = "instructor"


def is_instructor_cell(cell: dict) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return INSTRUCTOR_TAG in tags


def learner_notebook(nb: dict) -> tuple[dict, int]:
    """*nb* without its instructor cells, and how many were removed."""
    cells = nb.get("cells") or []
    keep = [c for c in cells if not is_instructor_cell(c)]
    return {**nb, "cells": keep}, len(cells) - len(keep)


def learner_sources(folder: str | Path) -> int:
    """Rewrite every notebook under *folder* (a build's ``_sources``) as the learner edition.

    Returns the number of cells removed. A copy that cannot be read as a notebook is
    deleted rather than served, since it cannot be checked.
    """
    removed = 0
    root = Path(folder)
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or not (path.name.endswith(".ipynb") or
                                      path.name.endswith(".ipynb.txt")):
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(nb, dict):
                raise ValueError("not a notebook")
        except (ValueError, UnicodeDecodeError):
            path.unlink()
            continue
        learner, n = learner_notebook(nb)
        if n:
            path.write_text(json.dumps(learner, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
            removed += n
    return removed
