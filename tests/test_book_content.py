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


def test_downloaded_sources_are_the_learner_edition(built_book):
    """The "Download source file" button serves _sources/<page>.ipynb: no instructor cell
    (nor its text) may be in it, and every notebook page's download must exist."""
    sources = built_book / "_sources"
    offered = sorted(p for p in sources.rglob("*") if ".ipynb" in p.name)
    assert offered, "the learner book offers no notebook source"
    for path in offered:
        nb = json.loads(path.read_text(encoding="utf-8"))
        tagged = [c for c in nb["cells"] if "instructor" in c.get("metadata", {}).get("tags", [])]
        assert tagged == [], path
    for page, words in _instructor_snippets():
        for path in sources.glob(f"{page}.ipynb*"):
            plain = " ".join(re.sub(r"[^\w ]", " ", path.read_text(encoding="utf-8")).split())
            assert words not in plain, (path, words)
    for nb_path in sorted(BOOK.glob("*.ipynb")):
        html = built_book / f"{nb_path.stem}.html"
        if html.is_file():
            links = re.findall(r'href="(_sources/[^"]+)"', html.read_text(encoding="utf-8"))
            for link in links:
                assert (built_book / link).is_file(), (nb_path.name, link)


def test_learner_sources_drop_instructor_cells(tmp_path):
    from afghan_course.learner_sources import learner_sources

    nb = {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["instructor"]},
                     "source": "Timing: 20 min"},
                    {"cell_type": "markdown", "metadata": {}, "source": "Read this"},
                    {"cell_type": "code", "metadata": {"tags": ["solution", "hide-cell"]},
                     "source": "1 + 1", "outputs": [], "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "ch.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert learner_sources(tmp_path) == 1
    out = json.loads((tmp_path / "ch.ipynb").read_text(encoding="utf-8"))
    assert [c["source"] for c in out["cells"]] == ["Read this", "1 + 1"]
    assert not (tmp_path / "broken.ipynb").exists()
