"""Sphinx glue for the course book.

- Writes ``_generated/references.bib`` from ``data/sources.csv`` before anything reads it,
  so the book's citations and the data's sources cannot drift apart.
- Drops the ipywidgets state that executed notebooks carry: the book shows the static
  quiz and exercise views, so the state would only add weight (and widget JSON) to pages.
- Builds the learner edition by default: notebook cells tagged ``instructor`` (teaching
  notes) are removed from the pages; ``AFGHAN_COURSE_EDITION=instructor`` keeps them.
- After the build, inlines the theme's few icons as SVG so pages need not load the 1.5 MB
  Font Awesome script (see ``slim_icons.py``), and drops an ARIA role docutils misuses.
- Serves the quiz and exercise script and style from the package's ``static/`` folder:
  one copy, used by every page, never a CDN.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from slim_icons import slim

from afghan_course.bibliography import write_bibtex
from afghan_course.paths import STATIC_DIR


def _drop_widget_state(app, doctree):
    """Remove the widget-state script myst-nb registered for this page (see module doc)."""
    meta = getattr(app.env, "nb_metadata", {}).get(app.env.docname)
    if meta and "js_files" in meta:
        meta["js_files"].pop("ipywidgets_state", None)


def _edition() -> str:
    return os.environ.get("AFGHAN_COURSE_EDITION", "learner")


def _hide_instructor_cells(app, docname, source):
    """Tag instructor-only notebook cells ``remove-cell`` in the learner edition."""
    if _edition() == "instructor" or not app.env.doc2path(docname).endswith(".ipynb"):
        return
    try:
        nb = json.loads(source[0])
    except ValueError:
        return
    changed = False
    for cell in nb.get("cells", []):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "instructor" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
            changed = True
    if changed:
        source[0] = json.dumps(nb)


def _page_context(app, pagename, templatename, context, doctree):
    """Give the theme an explicit colour mode (without one its script logs an error) and
    remove the Thebe loader scripts: the book never runs code in the page (thebe is off),
    and the theme registers the loader's ``const`` twice, which throws on every page."""
    context["default_mode"] = context.get("default_mode") or "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    context["script_files"] = [
        js for js in scripts
        if "sphinx-thebe" not in str(js)
        and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))]


def _fix_citation_lists(app, exception):
    """Docutils marks the bibliography ``role="list"`` without list items, an ARIA error
    that screen readers announce as an empty list; drop the role from built pages."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text.replace('<div role="list" class="citation-list">',
                             '<div class="citation-list">')
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    slim(app.outdir)


def setup(app):
    book = Path(app.srcdir)
    write_bibtex(book / "_generated" / "references.bib")
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_js_file("afghan-course.js", defer="defer")
    app.add_css_file("afghan-course.css")
    app.connect("doctree-read", _drop_widget_state)
    app.connect("source-read", _hide_instructor_cells)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _fix_citation_lists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
