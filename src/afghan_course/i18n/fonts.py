"""The Arabic-script font the Dari and Pashto editions serve from their own folder.

Noto Naskh Arabic (SIL Open Font License) from the npm package ``@fontsource/noto-naskh-arabic``
(``package.json``; ``npm ci`` installs it). Its Arabic subset covers Dari's and Pashto's
letters; ``tests/test_i18n.py`` reads the font's character map to prove it.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import course_root

FONT_FILES = ("noto-naskh-arabic-arabic-400-normal.woff2",
              "noto-naskh-arabic-arabic-700-normal.woff2")
PASHTO_LETTERS = "ټډړښږځڅګڼېۍ"
DARI_LETTERS = "پچژگکی"


def font_dir() -> Path:
    """Where ``npm ci`` puts the font files."""
    return course_root() / "node_modules" / "@fontsource" / "noto-naskh-arabic" / "files"
