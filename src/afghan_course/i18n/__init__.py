"""Translated editions: the languages the course is published in and the engine's own words.

- :mod:`.languages` names each edition (its BCP 47 tag, Sphinx code, direction, own name).
- :mod:`.messages` holds the engine's words (Check, Try again, Score, error lines) per
  language, for Python (HTML views, widgets) and the book's script alike.
- :mod:`.catalogs` reads the book's gettext catalogs (``book/locales/``): what is translated,
  fuzzy or missing on each page, and who reviewed it.
- :mod:`.fidelity` compares a translation with its English source (numbers, dates, citation
  keys, glossary terms, data references).
- :mod:`.banks` carries translated quiz banks and exercise sets, keyed by question id and field.
"""

from __future__ import annotations

from .languages import EDITIONS, LANGUAGES, Language, current_language, get_language
from .messages import msg

__all__ = ["EDITIONS", "LANGUAGES", "Language", "current_language", "get_language", "msg"]
