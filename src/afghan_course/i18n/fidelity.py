"""Does a translation keep what its English source states?

Compared, per passage (a paragraph, heading, question, option): every number (digits
normalised across Latin, Persian and Arabic-Indic scripts, thousands separators dropped),
citation key (``{cite}`...```), cross-reference target (``{term}``, ``{doc}``, ``{ref}``),
code literal (`` `data/` ``), data reference (row ids such as ``ST129``, ``E155``) and URL.
Each must appear in the translation as often as in the source, and the translation may hold
none that the source lacks. Words are not compared: that is the reviewer's task.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
ROLE = re.compile(r"\{(?P<role>[a-z:]+)\}`(?P<body>[^`]*)`")
LITERAL = re.compile(r"(?<![`}])``?(?P<code>[^`]+)``?")
URL = re.compile(r"https?://[^\s)>\]]+")
ROW_ID = re.compile(r"\b[A-Z]{1,3}\d{2,4}\b")
NUMBER = re.compile(r"\d+(?:[.,٫]\d+)*")


def normalise_digits(text: str) -> str:
    """Latin digits for Persian and Arabic-Indic ones; Arabic decimal/thousands marks too."""
    return text.translate(DIGITS).replace("٫", ".").replace("٬", ",")


@dataclass(frozen=True)
class Tokens:
    """What a passage must carry over, as multisets."""

    numbers: Counter
    citations: Counter
    targets: Counter
    literals: Counter
    row_ids: Counter
    urls: Counter


def _target(body: str) -> str:
    m = re.search(r"<([^<>]+)>\s*$", body)
    return (m.group(1) if m else body).strip()


def _numbers(text: str) -> list[str]:
    out = []
    for raw in NUMBER.findall(text):
        value = raw.replace("٫", ".")
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):
            value = value.replace(",", "")
        out.append(value)
    return out


def tokens(text: str) -> Tokens:
    """The checkable tokens of one MyST passage."""
    text = normalise_digits(text)
    citations, targets = Counter(), Counter()
    for m in ROLE.finditer(text):
        role, body = m.group("role"), m.group("body")
        if role in ("cite", "cite:p", "cite:t", "footcite"):
            citations.update(k.strip() for k in body.split(",") if k.strip())
        else:
            targets[(role, _target(body))] += 1
    rest = ROLE.sub(" ", text)
    literals = Counter(m.group("code") for m in LITERAL.finditer(rest))
    rest = LITERAL.sub(" ", rest)
    urls = Counter(URL.findall(rest))
    rest = URL.sub(" ", rest)
    return Tokens(Counter(_numbers(rest)), citations, targets, literals,
                  Counter(ROW_ID.findall(rest)), urls)


def compare(source: str, translation: str) -> list[str]:
    """One line per difference between *source* and *translation* (empty when faithful)."""
    a, b = tokens(source), tokens(translation)
    problems = []
    for name in ("numbers", "citations", "targets", "literals", "row_ids", "urls"):
        want, got = getattr(a, name), getattr(b, name)
        missing, extra = want - got, got - want
        if missing:
            problems.append(f"{name} missing: {', '.join(map(str, sorted(missing.elements())))}")
        if extra:
            problems.append(f"{name} not in the English: "
                            f"{', '.join(map(str, sorted(extra.elements())))}")
    return problems
