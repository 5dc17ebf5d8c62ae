"""Safe Markdown-to-HTML for course text, and JSON safe to embed in a page.

Bank, exercise and data text is rendered with raw HTML disabled, so a ``<script>`` or an
``onerror=`` attribute in any of it shows as text and never runs; markdown-it also refuses
``javascript:`` links.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def md(text: str) -> str:
    """Block Markdown to HTML (paragraphs, lists, emphasis, links)."""
    return _md().render(text or "").strip()


def md_inline(text: str) -> str:
    """Inline Markdown to HTML, for labels and options."""
    return _md().renderInline(text or "")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def json_for_script(data: object) -> str:
    """JSON that cannot close its ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def source_list_html(source_ids: list[str], sources: dict[str, dict]) -> str:
    """An HTML list of sources (publisher, title, link) for feedback and explanations."""
    items = []
    for sid in source_ids:
        s = sources.get(sid)
        if s is None:
            items.append(f"<li>{esc(sid)}</li>")
            continue
        items.append(f'<li>{esc(s["publisher"])}, <a href="{esc(s["url"])}" rel="noopener">'
                     f'{esc(s["title"])}</a></li>')
    return '<ul class="ac-sources">' + "".join(items) + "</ul>"
