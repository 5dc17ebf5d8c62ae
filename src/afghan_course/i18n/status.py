"""The translation status page, generated from the catalogs at every build.

Per page and language: entries translated, fuzzy (English changed since) and untranslated,
and the reviewer if one is recorded. Written in the language of the build.
"""

from __future__ import annotations

from pathlib import Path

from .catalogs import all_status
from .languages import Language
from .messages import msg


def status_rows(root: Path | None = None) -> list[dict]:
    """One row per translated page and language (for the page, the CLI and the tests)."""
    rows = []
    for s in all_status(root):
        rows.append({"page": s.page, "language": s.language.tag, "translated": s.translated,
                     "fuzzy": s.fuzzy, "untranslated": s.untranslated,
                     "reviewed": s.reviewer or ""})
    return rows


def status_markdown(lang: Language, root: Path | None = None) -> str:
    """The status page's MyST source, with its words in *lang*."""
    head = [msg("status.page", lang), msg("status.language", lang),
            msg("status.translated", lang), msg("status.fuzzy", lang),
            msg("status.untranslated", lang), msg("status.reviewed", lang)]
    lines = [f"# {msg('status.title', lang)}", "", msg("status.intro", lang), "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in status_rows(root):
        reviewed = row["reviewed"] or msg("status.not_reviewed", lang)
        lines.append(f"| `{row['page']}` | {row['language']} | {row['translated']} | "
                     f"{row['fuzzy']} | {row['untranslated']} | {reviewed} |")
    lines += ["", msg("status.howto", lang), ""]
    return "\n".join(lines)


def write_status_page(path: Path, lang: Language, root: Path | None = None) -> None:
    """Write the page only when its text changed, so incremental builds stay incremental."""
    text = status_markdown(lang, root)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
