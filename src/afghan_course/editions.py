"""Build the translated editions and keep their catalogs in step with the English book.

Each edition (``i18n.EDITIONS``) is a Sphinx build of the same ``book/`` sources with
``language`` set, into ``book/_build/html/<tag>/`` beside the English pages, so one folder
holds the whole site and the language switcher's links are relative. An edition builds only
its translated pages plus what they cite (``catalogs.edition_pages``): a table of contents
written for it, notebooks not executed (their stored outputs are used), links to pages it
lacks sent to the English ones.
"""

from __future__ import annotations

import time
from pathlib import Path

from .errors import CourseError
from .i18n import EDITIONS, Language, get_language, msg
from .i18n.catalogs import catalog_path, edition_pages, locale_dir
from .paths import book_dir


def _toc(pages: list[str]) -> str:
    lines = ["# Written by afghan_course.editions for one edition: do not edit.",
             "format: jb-book", f"root: {pages[0]}"]
    if pages[1:]:
        lines += ["chapters:", *[f"  - file: {p}" for p in pages[1:]]]
    return "\n".join(lines) + "\n"


def _sphinx(book: Path, out: Path, work: Path, pages: list[str], overrides: dict,
            builder: str = "html", strict: bool = True, quiet: bool = True) -> None:
    from jupyter_book.sphinx import build_sphinx

    work.mkdir(parents=True, exist_ok=True)
    toc = work / "_toc.yml"
    toc.write_text(_toc(pages), encoding="utf-8")
    confoverrides = {"external_toc_path": str(toc), "external_toc_exclude_missing": True,
                     "nb_execution_mode": "off", "nitpicky": True, "latex_individualpages": False,
                     **overrides}
    result = build_sphinx(str(book), str(out), noconfig=True, path_config=str(book / "_config.yml"),
                          confoverrides=confoverrides, doctreedir=str(work / ".doctrees"),
                          builder=builder, warningiserror=strict, keep_going=True, quiet=quiet)
    if result:
        raise CourseError(str(out), f"the {builder} build failed (status {result}); "
                          "see the log above")


def build_edition(lang: Language | str, book: Path | None = None, quiet: bool = True) -> float:
    """Build one edition into ``book/_build/html/<tag>/``; returns the seconds it took."""
    lang = get_language(lang) if isinstance(lang, str) else lang
    book = book or book_dir()
    start = time.perf_counter()
    _sphinx(book, book / "_build" / "html" / lang.tag, book / "_build" / "editions" / lang.tag,
            edition_pages(lang, book / "locales"),
            {"language": lang.sphinx, "html_title": msg("book.title", lang)}, quiet=quiet)
    return time.perf_counter() - start


def extract_templates(pages: list[str], book: Path | None = None) -> Path:
    """Gettext templates (``.pot``) of *pages* from the English sources; returns their folder."""
    book = book or book_dir()
    out = book / "_build" / "gettext"
    _sphinx(book, out, book / "_build" / "gettext-work", pages, {}, builder="gettext",
            strict=False)
    return out


def update_catalogs(lang: Language | str, pages: list[str] | None = None,
                    book: Path | None = None) -> dict[str, int]:
    """Create or update *lang*'s catalogs of *pages* (default: the pages it already has).

    Entries whose English changed become fuzzy; new English passages come in untranslated;
    the catalog header comment (and a ``Reviewed-by:`` line in it) is kept.
    """
    import shutil
    import tempfile

    from sphinx_intl.basic import update

    lang = get_language(lang) if isinstance(lang, str) else lang
    book = book or book_dir()
    root = book / "locales"
    if pages is None:
        pages = [p for p in edition_pages(lang, root) if catalog_path(p, lang, root).is_file()]
    if not pages:
        raise CourseError(str(root), f"no pages to update for {lang.tag}")
    templates = extract_templates(["intro", *[p for p in pages if p != "intro"]], book)
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            pot = templates / f"{page}.pot"
            if not pot.is_file():
                raise CourseError(page, "no English template: is the page in book/_toc.yml?")
            dest = Path(tmp) / f"{page}.pot"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pot, dest)
        return update(str(root), tmp, (lang.sphinx,), line_width=100)


def build_all(quiet: bool = True) -> dict[str, float]:
    """Every edition, in order; seconds per edition."""
    return {lang.tag: build_edition(lang, quiet=quiet) for lang in EDITIONS}


__all__ = ["build_all", "build_edition", "extract_templates", "locale_dir", "update_catalogs"]
