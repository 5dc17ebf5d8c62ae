"""The built book loads nothing from other hosts: no script, style, font, image or frame.

Links to sources in the prose (``<a href>``) are fine; anything a browser fetches by itself
while showing a page must be served from the book's own folder.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]", re.I)
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch",
                     "manifest", "apple-touch-icon", "mask-icon", "preconnect", "dns-prefetch"}


class _Loads(HTMLParser):
    """Collects every URL a browser would fetch on its own while rendering the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & LOADING_LINK_RELS:
                self.urls.append(a["href"])
        elif tag in ("img", "iframe", "audio", "video", "source", "embed", "track", "input"):
            for key in ("src", "poster"):
                if a.get(key):
                    self.urls.append(a[key])
            for part in (a.get("srcset") or "").split(","):
                if part.strip():
                    self.urls.append(part.strip().split()[0])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if a.get("style"):
            self.urls.extend(m[0] or m[1] for m in CSS_URL.findall(a["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(m[0] or m[1] for m in CSS_URL.findall(data))


def external_loads_in_html(text: str) -> list[str]:
    parser = _Loads()
    parser.feed(text)
    return [u for u in parser.urls if EXTERNAL.match(u)]


def external_loads_in_css(text: str) -> list[str]:
    return [u for m in CSS_URL.findall(text) for u in m if u and EXTERNAL.match(u)]


def test_parser_catches_external_loads():
    page = ('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
            'href="//fonts.example/f.css"><a href="https://un.org">a source</a>'
            '<img src="_static/a.png"><div style="background:url(https://x/y.png)"></div>'
            '<style>@import "https://x/z.css";</style>')
    assert sorted(external_loads_in_html(page)) == sorted(
        ["https://cdn.example/x.js", "//fonts.example/f.css", "https://x/y.png",
         "https://x/z.css"])
    assert external_loads_in_css("a{src:url('https://f/x.woff2')} b{url(fonts/y.woff2)}") == [
        "https://f/x.woff2"]


def test_no_page_loads_from_other_hosts(built_book: Path):
    pages = sorted(built_book.rglob("*.html"))
    assert pages, "the build has no pages"
    found = {}
    for page in pages:
        ext = external_loads_in_html(page.read_text(encoding="utf-8", errors="replace"))
        if ext:
            found[str(page.relative_to(built_book))] = ext
    for css in built_book.rglob("*.css"):
        ext = external_loads_in_css(css.read_text(encoding="utf-8", errors="replace"))
        if ext:
            found[str(css.relative_to(built_book))] = ext
    assert found == {}


def test_no_widget_manager_or_requirejs(built_book: Path):
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        assert "require.min.js" not in text, page
        assert "html-manager" not in text, page
        assert "application/vnd.jupyter.widget-state+json" not in text, page


@pytest.mark.parametrize("name", ["index.html", "intro.html"])
def test_entry_pages_exist(built_book: Path, name):
    assert (built_book / name).is_file()


def test_index_is_a_complete_page_that_forwards_to_the_course(built_book: Path):
    """The landing page declares its language and title, names an icon that exists (a bare
    redirect makes the browser ask for /favicon.ico, a 404) and links to the first page for
    readers whose browser does not follow the refresh."""
    text = (built_book / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "<title>" in text
    icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
    assert icon and (built_book / icon.group(1)).is_file()
    target = re.search(r'content="0; url=([^"]+)"', text).group(1)
    assert (built_book / target).is_file()
    assert f'<a href="{target}">' in text
