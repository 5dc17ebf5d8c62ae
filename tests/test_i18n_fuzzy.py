"""A change to an English passage turns its translation fuzzy, and the edition shows English.

Runs the real workflow on a copy of the book: edit a paragraph of the landing page, update the
Dari catalog (``editions.update_catalogs``), check the entry is fuzzy, build the Dari edition
and check the page shows the new English text, flagged, and not the stale translation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from afghan_course.editions import build_edition, update_catalogs
from afghan_course.i18n import get_language, msg
from afghan_course.i18n.catalogs import catalog_path, page_status, read_catalog

ROOT = Path(__file__).resolve().parent.parent
OLD = "This course describes these debates; it does not take a side in them."
NEW = "This course describes these debates and the evidence; it does not take a side in them."


def test_changed_english_paragraph_becomes_fuzzy_and_shows_in_english(tmp_path):
    fa = get_language("fa-AF")
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book, ignore=shutil.ignore_patterns("_build", "locales",
                                                                       ".ipynb_checkpoints"))
    source_po = catalog_path("intro", fa, ROOT / "book" / "locales")
    target_po = catalog_path("intro", fa, book / "locales")
    target_po.parent.mkdir(parents=True)
    shutil.copy2(source_po, target_po)
    stale = next(m.string for m in read_catalog(source_po) if m.id.startswith(OLD))
    intro = book / "intro.md"
    text = intro.read_text(encoding="utf-8")
    assert OLD in text
    intro.write_text(text.replace(OLD, NEW), encoding="utf-8")

    update_catalogs(fa, ["intro"], book=book)

    entries = {m.id: m for m in read_catalog(target_po) if m.id}
    changed = next(m for mid, m in entries.items() if mid.startswith(NEW))
    assert changed.fuzzy and changed.string == stale
    assert page_status("intro", fa, book / "locales").fuzzy == 1
    header = target_po.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# Dari"), "the catalog's header comment must survive updates"

    build_edition(fa, book=book)
    page = (book / "_build" / "html" / "fa-AF" / "intro.html").read_text(encoding="utf-8")
    assert NEW.split(";")[0] in page
    assert stale.split("؛")[0] not in page
    assert msg("i18n.passages_in_english", fa, count=1) in page
    assert "در اگست" in page  # the unchanged passages stay translated
