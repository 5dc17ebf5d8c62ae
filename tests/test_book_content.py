"""The book's pages agree with the data: citations resolve, teaching notes stay out of the
learner edition, and the table of contents lists only pages that exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from afghan_course.bibliography import cite_keys, render_bibtex
from afghan_course.data import load
from afghan_course.notebooks import find_notebooks

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def _book_texts():
    for p in sorted(BOOK.rglob("*.md")) + find_notebooks(ROOT):
        if "_build" not in p.parts:
            yield p, p.read_text(encoding="utf-8")


def test_every_citation_key_is_a_source():
    known = set(load("sources")["id"])
    missing = {str(p.relative_to(ROOT)): sorted(cite_keys(t) - known) for p, t in _book_texts()}
    assert {k: v for k, v in missing.items() if v} == {}


def test_cite_keys_parser():
    text = "As {cite}`a-1, b-2` and {cite:p}`c` said."
    assert cite_keys(text) == {"a-1", "b-2", "c"}


def test_bibliography_is_generated_from_sources(built_book):
    bib = BOOK / "_generated" / "references.bib"
    assert bib.read_text(encoding="utf-8") == render_bibtex()
    n = len(load("sources"))
    assert render_bibtex().count("@misc{") == n


def test_toc_lists_existing_pages_only():
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    for f in files:
        assert any((BOOK / f"{f}{ext}").exists() for ext in (".md", ".ipynb")), f
    on_disk = {p.relative_to(BOOK).with_suffix("").as_posix() for p, _ in _book_texts()}
    assert on_disk - set(files) == set(), "a page exists that the table of contents omits"


def _instructor_snippets():
    for nb_path in find_notebooks(ROOT):
        if nb_path.parts[-2] != "book":
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if "instructor" in cell.get("metadata", {}).get("tags", []):
                text = "".join(cell["source"]) if isinstance(cell["source"], list) else \
                    cell["source"]
                line = next((ln for ln in text.splitlines()
                             if len(ln) > 40 and not ln.startswith("#")), None)
                if line:
                    words = re.sub(r"[^\w ]", " ", line).split()[:6]
                    yield nb_path.stem, " ".join(words)


def test_instructor_notes_are_not_in_the_learner_edition(built_book):
    snippets = list(_instructor_snippets())
    for page, words in snippets:
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        plain = " ".join(re.sub(r"<[^>]+>|&\w+;|[^\w ]", " ", html).split())
        assert words not in plain, (page, words)
