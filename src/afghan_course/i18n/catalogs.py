"""The book's gettext catalogs (``book/locales/<code>/LC_MESSAGES/<page>.po``).

Sphinx writes one template per page (``gettext_compact = False``); ``sphinx-intl`` turns
them into catalogs, and marks an entry *fuzzy* when its English source changes, so the
edition shows the English text (Sphinx leaves fuzzy entries out) instead of a stale one.

A reviewer is recorded in the catalog's header comment, a line
``# Reviewed-by: NAME, YYYY-MM-DD``: header comments survive ``sphinx-intl update``, while
extra header *fields* (``X-...``) are dropped by Babel, which sphinx-intl uses to rewrite them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CourseError
from ..paths import book_dir
from .languages import EDITIONS, Language

REVIEWED = re.compile(r"^#?\s*Reviewed-by:\s*(?P<who>.+?)\s*$", re.M | re.I)
SUPPORT_PAGES = ("bibliography",)
"""Pages every edition carries even untranslated, because translated pages cite them."""


@dataclass(frozen=True)
class PageStatus:
    """How far one page is translated into one language."""

    page: str
    language: Language
    translated: int
    fuzzy: int
    untranslated: int
    reviewer: str | None

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.translated == self.total


def locale_dir() -> Path:
    return book_dir() / "locales"


def catalog_path(page: str, lang: Language, root: Path | None = None) -> Path:
    return (root or locale_dir()) / lang.sphinx / "LC_MESSAGES" / f"{page}.po"


def read_catalog(path: Path):
    """A Babel catalog, or a one-line :class:`CourseError` naming the file."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as fh:
            return read_po(fh, abort_invalid=True)
    except FileNotFoundError:
        raise CourseError(str(path), "no such catalog") from None
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CourseError(str(path), f"not a readable PO file ({exc})") from None


def translated_pages(lang: Language, root: Path | None = None) -> list[str]:
    """The pages that have a catalog in *lang*, as docnames (``intro``, ``glossary``)."""
    base = (root or locale_dir()) / lang.sphinx / "LC_MESSAGES"
    return sorted(p.relative_to(base).with_suffix("").as_posix() for p in base.rglob("*.po"))


def page_status(page: str, lang: Language, root: Path | None = None) -> PageStatus:
    """Counts of translated, fuzzy and untranslated entries, and the recorded reviewer."""
    cat = read_catalog(catalog_path(page, lang, root))
    translated = fuzzy = untranslated = 0
    for message in cat:
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy += 1
        elif message.string:
            translated += 1
        else:
            untranslated += 1
    found = REVIEWED.search(cat.header_comment or "")
    return PageStatus(page, lang, translated, fuzzy, untranslated,
                      found.group("who") if found else None)


def all_status(root: Path | None = None) -> list[PageStatus]:
    """The status of every translated page in every edition."""
    return [page_status(page, lang, root) for lang in EDITIONS
            for page in translated_pages(lang, root)]


def edition_pages(lang: Language, root: Path | None = None) -> list[str]:
    """What an edition builds: its translated pages, the support pages, the status page."""
    pages = translated_pages(lang, root)
    rest = [p for p in pages if p != "intro"]
    support = [p for p in SUPPORT_PAGES if p not in pages]
    return ["intro", *rest, *support, "_generated/translation-status"]
