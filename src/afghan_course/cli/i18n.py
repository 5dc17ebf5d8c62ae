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


def _cmd_bank(args: argparse.Namespace) -> int:
    """Write or refresh a bank's translation skeleton; report what is stale or missing."""
    import yaml

    from ..i18n import get_language
    from ..i18n.banks import check, read_translation, template, translation_path
    from ..quiz import load_bank

    lang = get_language(args.language)
    bank = load_bank(args.bank)
    path = translation_path("quiz", args.bank, lang)
    previous = read_translation(path) if path.is_file() else None
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(template(bank, lang, args.bank, previous),
                                       allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
        previous = read_translation(path)
    if previous is None:
        print(f"{path}: no translation yet (use --write for a skeleton)")
        return 1
    report = check(bank, previous, str(path))
    for line in report.lines():
        print(line)
    print(f"{path}: {report.translated} translated, {len(report.stale)} stale, "
          f"{len(report.missing)} untranslated")
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
    k = isub.add_parser("bank", help="a quiz bank's translation: stale and missing fields "
                                     "(--write creates or refreshes its skeleton)")
    k.add_argument("language", metavar="LANG")
    k.add_argument("bank", metavar="BANK")
    k.add_argument("--write", action="store_true")
    k.set_defaults(func=_cmd_bank)
    s = isub.add_parser("status", help="per page and language: translated, fuzzy, reviewed")
    s.set_defaults(func=_cmd_status)
