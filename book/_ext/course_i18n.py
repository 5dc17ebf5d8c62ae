"""Sphinx glue for the translated editions (Dari ``fa-AF``, Pashto ``ps``).

- Every page, English or translated, gets a language switcher at the top of its body; it
  links to the same page in another edition where that edition has it, else to its start.
- A translated page carries a note that the translation was prepared with machine assistance
  and has not yet been reviewed by a native speaker, until its catalog records a reviewer
  (``# Reviewed-by:`` in the header comment, see ``afghan_course.i18n.catalogs``); the note
  also says how many passages show in English because their translation is missing or fuzzy.
- In right-to-left editions pages get ``dir="rtl"`` and a valid BCP 47 ``lang``; runs of
  Latin script and ASCII digits are wrapped in an isolating span (``<bdi>``-like) so names,
  citation labels and numbers keep their order inside Dari and Pashto sentences; the Arabic-
  script font (Noto Naskh Arabic, from the npm package) is served from ``_static/fonts``.
- A link to a page the edition does not have points to the English page, marked as English,
  instead of failing the build.
- Writes the engine's words for the build's language to ``_static/afghan-course-messages.js``
  (read by ``afghan-course.js``) and the translation status page before reading sources.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from afghan_course.i18n import EDITIONS, get_language, msg
from afghan_course.i18n.catalogs import edition_pages, page_status, translated_pages
from afghan_course.i18n.fonts import FONT_FILES, font_dir
from afghan_course.i18n.messages import script_catalog
from afghan_course.i18n.status import write_status_page

LATIN_RUN = re.compile(r"[A-Za-z0-9$€£][A-Za-z0-9$€£%.,:;/'’&()\-–+ ]*[A-Za-z0-9%)$]|[A-Za-z0-9]")


def _lang(app):
    return get_language(app.config.language or "en")


def _root(app) -> Path:
    return Path(app.srcdir) / "locales"


def _depth_prefix(pagename: str) -> str:
    return "../" * pagename.count("/")


def _edition_root(app) -> str:
    """From this build's root folder to the English root folder."""
    return "" if _lang(app).is_english else "../"


def _switcher(app, pagename: str) -> str:
    here = _lang(app)
    up = _depth_prefix(pagename) + _edition_root(app)
    english_pages = None  # the English book has every page
    items = []
    for lang in (get_language("en"), *EDITIONS):
        pages = english_pages if lang.is_english else set(edition_pages(lang, _root(app)))
        target = pagename if pages is None or pagename in pages else "intro"
        folder = "" if lang.is_english else f"{lang.tag}/"
        href = f"{up}{folder}{target}.html"
        label = html.escape(lang.native_name)
        if lang == here:
            items.append(f'<li><a href="{href}" aria-current="page" lang="{lang.tag}" '
                         f'dir="{lang.direction}">{label}</a></li>')
        else:
            items.append(f'<li><a href="{href}" hreflang="{lang.tag}" lang="{lang.tag}" '
                         f'dir="{lang.direction}">{label}</a></li>')
    return (f'<nav class="ac-lang-switch" aria-label="{html.escape(msg("i18n.languages", here))}">'
            f'<ul>{"".join(items)}</ul></nav>')


def _honesty_note(app, pagename: str) -> str:
    lang = _lang(app)
    if lang.is_english or pagename.startswith("_generated/"):
        return ""
    status_href = _depth_prefix(pagename) + "_generated/translation-status.html"
    if pagename not in translated_pages(lang, _root(app)):
        text = msg("i18n.not_translated", lang)
    else:
        status = page_status(pagename, lang, _root(app))
        if status.reviewer:
            text = msg("i18n.reviewed", lang, reviewer=status.reviewer)
        else:
            text = msg("i18n.machine_assisted", lang)
        missing = status.fuzzy + status.untranslated
        if missing:
            text += " " + msg("i18n.passages_in_english", lang, count=missing)
    link = html.escape(msg("i18n.status_link", lang))
    return (f'<aside class="ac-translation-note" role="note"><p>{html.escape(text)} '
            f'<a href="{status_href}">{link}</a></p></aside>')


def _page_context(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = _switcher(app, pagename) + _honesty_note(app, pagename) + context["body"]


def _english_fallback(app, env, node, contnode):
    """A ``{doc}`` link to a page this edition lacks goes to the English page."""
    if _lang(app).is_english or node.get("reftype") != "doc":
        return None
    target = node.get("reftarget", "").lstrip("/")
    if target.endswith((".md", ".ipynb")):
        target = target.rsplit(".", 1)[0]
    english = Path(app.srcdir)
    if not any((english / f"{target}{ext}").is_file() for ext in (".md", ".ipynb")):
        return None
    lang = _lang(app)
    up = _depth_prefix(node.get("refdoc", "")) + "../"
    text = contnode.astext()
    if text == node.get("reftarget"):
        text = _english_title(english, target) or text
    ref = nodes.reference("", "", internal=False, refuri=f"{up}{target}.html")
    ref += nodes.inline("", text, classes=["ac-english"])
    ref += nodes.Text(" ")
    ref += nodes.inline("", msg("i18n.in_english", lang), classes=["ac-english-mark"])
    return ref


def _english_title(book: Path, docname: str) -> str | None:
    import json

    md = book / f"{docname}.md"
    if md.is_file():
        lines = md.read_text(encoding="utf-8").splitlines()
    else:
        try:
            cells = json.loads((book / f"{docname}.ipynb").read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            return None
        lines = [line for c in cells if c.get("cell_type") == "markdown"
                 for line in "".join(c.get("source", [])).splitlines()]
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return None


class IsolateLatin(SphinxPostTransform):
    """Wrap Latin-script and ASCII-digit runs of right-to-left pages in isolating spans."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        if _lang(self.app).direction != "rtl":
            return
        skip = (nodes.literal, nodes.literal_block, nodes.raw, nodes.FixedTextElement,
                nodes.math, nodes.comment)
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, skip) or "ac-ltr" in parent.get("classes", []):
                continue
            if any(isinstance(a, skip) for a in _ancestors(parent)):
                continue
            value = str(text)
            pieces, last = [], 0
            for m in LATIN_RUN.finditer(value):
                if m.start() > last:
                    pieces.append(nodes.Text(value[last:m.start()]))
                pieces.append(nodes.inline("", m.group(0), classes=["ac-ltr"]))
                last = m.end()
            if not pieces:
                continue
            if last < len(value):
                pieces.append(nodes.Text(value[last:]))
            parent.replace(text, pieces)


def _ancestors(node):
    while node is not None:
        yield node
        node = node.parent


_HTML_TAG = re.compile(r'<html lang="[^"]*"')


def _finish(app, exception):
    """Messages script for every build; direction, language tag and fonts for editions."""
    if exception is not None or app.builder.format != "html":
        return
    lang = _lang(app)
    out = Path(app.outdir)
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / "afghan-course-messages.js").write_text(script_catalog(lang),
                                                               encoding="utf-8")
    if lang.is_english:
        return
    fonts = out / "_static" / "fonts"
    fonts.mkdir(exist_ok=True)
    package = font_dir()
    for name in FONT_FILES:
        source = package / name
        if not source.is_file():
            from sphinx.errors import ExtensionError

            raise ExtensionError(f"{source}: font missing; run `npm ci` (package.json lists it)")
        shutil.copy2(source, fonts / name)
    for page in out.rglob("*.html"):
        if page.is_relative_to(out / "_static"):
            continue
        text = page.read_text(encoding="utf-8")
        fixed = _HTML_TAG.sub(f'<html lang="{lang.tag}" dir="{lang.direction}"', text, count=1)
        fixed = fixed.replace('<span class="ac-english">', '<span class="ac-english" lang="en">')
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _write_generated(app):
    write_status_page(Path(app.srcdir) / "_generated" / "translation-status.md", _lang(app),
                      _root(app))


def setup(app):
    app.add_js_file("afghan-course-messages.js", priority=400, defer="defer")
    app.add_css_file("afghan-course-i18n.css")
    app.connect("builder-inited", _write_generated)
    app.connect("html-page-context", _page_context)
    app.connect("source-read", _translate_quiz_outputs)
    app.connect("missing-reference", _english_fallback)
    app.add_post_transform(IsolateLatin)
    app.connect("build-finished", _finish, priority=300)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


_QUIZ_OPEN = re.compile(
    r'<div class="ac-quiz" id="(?P<id>[^"]+)" data-chapter="(?P<chapter>[^"]+)"')
_QID = re.compile(r'data-qid="([^"]+)"')


def _translate_quiz_outputs(app, docname, source):
    """In an edition, re-render each stored static quiz in the edition's language.

    A notebook stores its quiz as rendered when it was executed (in English); the edition
    renders the same questions, in the same order, from the translated bank where there is
    one, with the engine's words from the edition's catalog.
    """
    import json

    lang = _lang(app)
    if lang.is_english or not app.env.doc2path(docname).endswith(".ipynb"):
        return
    try:
        nb = json.loads(source[0])
    except ValueError:
        return
    from afghan_course.data import sources_by_id
    from afghan_course.i18n.banks import translate_bank
    from afghan_course.quiz import load_bank
    from afghan_course.quiz.render_html import render_quiz_html

    changed = False
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/html")
            text = "".join(text) if isinstance(text, list) else text
            found = _QUIZ_OPEN.search(text or "")
            if not found:
                continue
            from afghan_course.i18n.banks import translation_path
            from afghan_course.paths import quizzes_dir

            # re-read this page when the bank or its translation changes
            app.env.note_dependency(str(quizzes_dir() / f"{found['chapter']}.yml"))
            app.env.note_dependency(str(translation_path("quiz", found["chapter"], lang)))
            bank = translate_bank(load_bank(found["chapter"]), lang)
            by_id = {q.id: q for q in bank.questions}
            questions = [by_id[q] for q in _QID.findall(text) if q in by_id]
            data["text/html"] = render_quiz_html(bank, questions, sources_by_id(),
                                                 found["id"], lang)
            changed = True
    if changed:
        source[0] = json.dumps(nb)
