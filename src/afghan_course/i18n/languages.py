"""The course's languages.

Dari is tagged ``fa-AF`` (Sphinx code ``fa_AF``), not ``prs``: CLDR, and so ICU in browsers
and the speech engines screen readers use, knows Dari as Persian of Afghanistan (``fa_AF``,
with Afghan month names and number forms) and has no ``prs`` locale, so ``prs`` would leave
readers' software guessing; Python's gettext also falls back from ``fa_AF`` to ``fa``, which
gives Sphinx's own interface words (Search, Contents) in Persian. Pashto is ``ps``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import CourseError


@dataclass(frozen=True)
class Language:
    """One language of the course."""

    tag: str          # BCP 47, used in lang="" and folder names
    sphinx: str       # Sphinx's ``language`` value and the folder under book/locales/
    english_name: str
    native_name: str
    direction: str    # "ltr" or "rtl"

    @property
    def is_english(self) -> bool:
        return self.tag == "en"


ENGLISH = Language("en", "en", "English", "English", "ltr")
DARI = Language("fa-AF", "fa_AF", "Dari", "دری", "rtl")
PASHTO = Language("ps", "ps", "Pashto", "پښتو", "rtl")

LANGUAGES: dict[str, Language] = {lang.tag: lang for lang in (ENGLISH, DARI, PASHTO)}
EDITIONS: tuple[Language, ...] = (DARI, PASHTO)
"""The translated editions, built beside the English book."""


def get_language(code: str | None) -> Language:
    """The language for a BCP 47 tag or Sphinx code (``fa-AF``, ``fa_AF``, ``ps``, ``en``)."""
    if not code:
        return ENGLISH
    for lang in LANGUAGES.values():
        if code in (lang.tag, lang.sphinx) or code.lower() == lang.tag.lower():
            return lang
    known = ", ".join(LANGUAGES)
    raise CourseError("AFGHAN_COURSE_LANG", f"unknown language {code!r} (known: {known})")


def current_language() -> Language:
    """The language learners see in this process: ``AFGHAN_COURSE_LANG``, else English."""
    return get_language(os.environ.get("AFGHAN_COURSE_LANG"))
