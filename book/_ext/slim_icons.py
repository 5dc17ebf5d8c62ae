"""Inline the few theme icons the book uses, instead of loading all of Font Awesome.

The theme draws its dozen icons (menu, search, light/dark switch, download...) with
``fontawesome.js``, a 1.5 MB script holding every icon. After the build, each
``<i class="fa-solid fa-...">`` in a page is replaced by the inline SVG of that icon, taken
from the same script, and the script is no longer loaded: pages get lighter by 1.5 MB and
the icons show even with JavaScript off. A theme update that changes the script's layout
fails the build with a clear message rather than shipping pages without icons.
"""

from __future__ import annotations

import re
from pathlib import Path

FAMILY = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far",
          "fa-brands": "fab", "fab": "fab"}
_PACK_CALL = re.compile(r'[A-Za-z$_]{1,3}\("(fab|far|fas)",[A-Za-z$_]{1,3}\)')
_ICON_TAG = re.compile(r"<i\s([^>]*?)\bclass=\"([^\"]*\bfa[-a-z]*\b[^\"]*)\"([^>]*)>\s*</i>")
_SCRIPT_TAG = re.compile(r'\s*<script[^>]*src="[^"]*scripts/fontawesome\.js[^"]*"[^>]*></script>')


STUB = "/* icons inlined into the pages at build time (book/_ext/slim_icons.py) */\n"


class IconError(RuntimeError):
    """The theme's icon script or a page's icon could not be read."""


def icon_packs(script: str) -> dict[str, tuple[int, int]]:
    """Where each pack's icon table sits in the script: pack -> (start, end) offsets."""
    calls = [(m.group(1), m.start()) for m in _PACK_CALL.finditer(script)]
    packs, start = {}, 0
    for pack, end in calls:
        packs.setdefault(pack, (start, end))
        start = end
    if set(packs) != {"fab", "far", "fas"}:
        raise IconError("fontawesome.js: could not find the brands, regular and solid icon "
                        "tables (the theme's icon script changed layout)")
    return packs


def find_icon(script: str, packs: dict, pack: str, name: str) -> tuple[int, int, str] | None:
    """(width, height, SVG path) of icon *name* in *pack*, or None."""
    start, end = packs[pack]
    key = f'(?:"{re.escape(name)}"' + (f"|{name}" if re.fullmatch(r"[a-z]+", name) else "") + ")"
    pattern = re.compile(r"[{,]" + key + r':\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+",'
                         r'"((?:[^"\\]|\\.)*)"\]')
    match = pattern.search(script, start, end)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), match.group(3)


def _svg(attrs: str, classes: list[str], icon: tuple[int, int, str]) -> str:
    width, height, path = icon
    attrs = re.sub(r'\s*aria-hidden="[^"]*"', "", attrs).strip()
    extra = f" {attrs}" if attrs else ""
    return (f'<svg class="{" ".join(classes)} svg-inline--fa" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
            f'{extra}><path fill="currentColor" d="{path}"/></svg>')


def inline_page(text: str, script: str, packs: dict, page: str) -> str:
    """Replace every Font Awesome ``<i>`` of one page with its inline SVG."""

    def swap(match: re.Match) -> str:
        classes = match.group(2).split()
        family = next((FAMILY[c] for c in classes if c in FAMILY), "fas")
        for name in (c[3:] for c in classes if c.startswith("fa-") and c not in FAMILY):
            icon = find_icon(script, packs, family, name)
            if icon:
                return _svg(f"{match.group(1)} {match.group(3)}", classes, icon)
        raise IconError(f"{page}: no Font Awesome icon for classes {' '.join(classes)!r}")

    text = _ICON_TAG.sub(swap, text)
    return _SCRIPT_TAG.sub("", text)


def slim(outdir: str | Path) -> int:
    """Inline icons in every page under *outdir*; returns the number of pages changed."""
    outdir = Path(outdir)
    js = outdir / "_static" / "scripts" / "fontawesome.js"
    if not js.is_file():
        return 0
    script = js.read_text(encoding="utf-8")
    if script.startswith(STUB[:20]):
        stale = [p.name for p in outdir.rglob("*.html") if _ICON_TAG.search(p.read_text("utf-8"))]
        if stale:
            raise IconError(f"{js}: icons are gone but {stale[0]} still uses one; "
                            "run `make clean` and build again")
        return 0
    packs = icon_packs(script)
    changed = 0
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = inline_page(text, script, packs, page.relative_to(outdir).as_posix())
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    js.write_text(STUB, encoding="utf-8")
    return changed
