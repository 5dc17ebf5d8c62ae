"""Sphinx glue for the course book.

- Writes ``_generated/references.bib`` from ``data/sources.csv`` before anything reads it,
  so the book's citations and the data's sources cannot drift apart.
- Drops the ipywidgets state that executed notebooks carry: the book shows the static
  quiz and exercise views, so the state would only add weight (and widget JSON) to pages.
- Builds the learner edition by default: notebook cells tagged ``instructor`` (teaching
  notes) are removed from the pages, and from the ``_sources/`` copies that the "Download
  source file" button serves; ``AFGHAN_COURSE_EDITION=instructor`` keeps them.
- After the build, inlines the theme's few icons as SVG so pages need not load the 1.5 MB
  Font Awesome script (see ``slim_icons.py``), and drops an ARIA role docutils misuses.
- Serves the quiz and exercise script and style from the package's ``static/`` folder:
  one copy, used by every page, never a CDN.
- Adds JupyterHub, Binder and Colab launch buttons only when ``AFGHAN_COURSE_REPO_URL``
  (and a launch service) is set at build time; the options come from
  :func:`afghan_course.deploy.launch_options`. Unset, the book is unchanged.
- Gives pages the data dates as MyST substitutions (``{{ evidence_up_to }}``,
  ``{{ reviewed_on }}``, ``{{ data_horizon }}``), computed from ``data/`` at every build.
- Writes the site's ``index.html`` as a complete page (language, title, icon, a link to the
  first chapter) that redirects to the book's root page, instead of the bare redirect line
  the table-of-contents extension would write; a browser asking the bare page for its icon
  would otherwise log a 404.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from slim_icons import slim

from afghan_course.bibliography import write_bibtex
from afghan_course.errors import CourseError
from afghan_course.learner_sources import learner_sources
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


def _learner_sources(app, exception):
    """The learner book's "Download source file" serves the learner edition of a notebook:
    the copies in ``_sources/`` lose their instructor cells (see afghan_course.learner_sources)."""
    if exception is not None or _edition() == "instructor":
        return
    learner_sources(Path(app.outdir) / "_sources")


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


def _write_index_page(app, exception):
    """A real landing page at ``index.html`` that forwards to the root document."""
    if exception is not None or app.builder.format != "html":
        return
    root = app.config.root_doc
    if root == "index":
        return
    target = f"{root}.html"
    title = html.escape(app.config.html_title or app.config.project)
    icon = ""
    if app.config.html_favicon:
        name = Path(app.config.html_favicon).name
        icon = f'<link rel="icon" href="_static/{html.escape(name)}">\n'
    Path(app.outdir, "index.html").write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(app.config.language or "en")}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{title}</title>\n{icon}'
        f'<meta http-equiv="Refresh" content="0; url={target}">\n</head>\n'
        f'<body><main><p><a href="{target}">Open the course: {title}</a></p></main></body>\n'
        "</html>\n", encoding="utf-8")


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
    _drop_page_search_index(Path(app.outdir))


_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="(?:\.\./)*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)"></script>')


def _drop_page_search_index(outdir: Path) -> None:
    """The theme loads the whole search index on every page for a search-as-you-type box
    the book does not use (the search form opens search.html, which loads it itself): drop
    it from every other page, sparing each a download that grows with the book."""
    for page in outdir.rglob("*.html"):
        if page.name == "search.html":
            continue
        text = page.read_text(encoding="utf-8")
        fixed = _SEARCH_SCRIPTS.sub("", text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _launch_buttons(app, config):
    """Set the theme's repository and launch-button options from the environment."""
    from sphinx.errors import ConfigError

    from afghan_course.deploy import launch_options, merge_theme_options

    try:
        options = launch_options(os.environ)
    except CourseError as exc:
        raise ConfigError(exc.line()) from None
    if options:
        config.html_theme_options = merge_theme_options(config.html_theme_options, options)


def data_substitutions() -> dict[str, str]:
    """The data dates pages may print through MyST substitutions, computed from ``data/``.

    ``{{ evidence_up_to }}`` is the newest date any row refers to or was reported on,
    ``{{ reviewed_on }}`` the date the package was last reviewed, and ``{{ data_horizon }}``
    both in one phrase; the landing page states the horizon with them, so it cannot go stale.
    """
    from afghan_course import data

    def long(d):
        return f"{d.day} {d:%B} {d.year}"

    return {"evidence_up_to": long(data.evidence_up_to()), "reviewed_on": long(data.reviewed_on()),
            "data_horizon": data.as_of_text()}


def _substitutions(app, config):
    config.myst_substitutions = {**(config.myst_substitutions or {}), **data_substitutions()}


def setup(app):
    book = Path(app.srcdir)
    write_bibtex(book / "_generated" / "references.bib")
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_js_file("afghan-course.js", defer="defer")
    app.add_css_file("afghan-course.css")
    app.connect("config-inited", _launch_buttons)
    app.connect("config-inited", _substitutions)
    app.connect("doctree-read", _drop_widget_state)
    app.connect("source-read", _hide_instructor_cells)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _fix_citation_lists)
    app.connect("build-finished", _learner_sources)
    # before sphinx-external-toc (priority 500), which writes a redirect only when none exists
    app.connect("build-finished", _write_index_page, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
