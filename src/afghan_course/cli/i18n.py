"""Sub-commands for translators: build the editions, update catalogs, show their status."""

from __future__ import annotations

import argparse


def _cmd_build(args: argparse.Namespace) -> int:
    from ..editions import build_edition
    from ..i18n import EDITIONS, get_language

    langs = [get_language(code) for code in args.languages] or list(EDITIONS)
    for lang in langs:
        seconds = build_edition(lang, quiet=not args.verbose)
        print(f"{lang.tag}: built in {seconds:.1f} s -> book/_build/html/{lang.tag}/")
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    from ..editions import update_catalogs

    counts = update_catalogs(args.language, args.pages or None)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from ..i18n.status import status_rows

    print("page\tlanguage\ttranslated\tfuzzy\tuntranslated\treviewed")
    for r in status_rows():
        print(f"{r['page']}\t{r['language']}\t{r['translated']}\t{r['fuzzy']}\t"
              f"{r['untranslated']}\t{r['reviewed'] or '-'}")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("i18n", help="translated editions: build, update catalogs, status")
    isub = p.add_subparsers(dest="i18n_command", metavar="TASK", required=True)
    b = isub.add_parser("build", help="build the Dari and Pashto editions (or those named)")
    b.add_argument("languages", nargs="*", metavar="LANG", help="fa-AF, ps (default: all)")
    b.add_argument("--verbose", action="store_true", help="show Sphinx's output")
    b.set_defaults(func=_cmd_build)
    u = isub.add_parser("update", help="create or update a language's page catalogs "
                                       "(changed English passages become fuzzy)")
    u.add_argument("language", metavar="LANG")
    u.add_argument("pages", nargs="*", metavar="PAGE",
                   help="docnames such as intro or glossary (default: the pages it has)")
    u.set_defaults(func=_cmd_update)
    s = isub.add_parser("status", help="per page and language: translated, fuzzy, reviewed")
    s.set_defaults(func=_cmd_status)
