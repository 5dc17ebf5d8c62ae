"""Item-writing rules, measured: ``afghan-course quiz lint``.

A quiz should measure reading, not test-wiseness. Each rule below is a number computed over
the options as learners see them (:mod:`.order`), with the margin it allows; every miss is
one line naming the file, the question (or the bank) and the rule.

Bank rules (over one bank's questions):

``key-position``
    For single-choice questions, no display position holds the key more often than chance
    would give (the sum of 1/n over the questions that have that position) plus
    ``POSITION_MARGIN`` of the questions, and never fewer than ``POSITION_SLACK`` questions
    of slack (small banks are noisy). For multiple-select questions, the keys fill exactly
    the first positions in at most the chance count plus ``POSITION_SLACK``.
``key-longest``
    The key of a single-choice question is the strictly longest option in no more than the
    chance share (the mean of 1/n) plus ``LONGEST_MARGIN``.
``truefalse-balance``
    The number of true statements is within ``TF_MARGIN`` of half, and never further than
    half a question from half (so 2 of 4, 2 or 3 of 5, 4–6 of 10: 40–60 % true).
``absolute-words``
    Words such as "always" and "never" do not appear only in wrong options: if at least two
    options (or false statements) carry one, at least one key (or true statement) does.

Question rules:

``all-none-of-the-above``
    No option reads "all of the above", "none of the above" or the like.
``option-length``
    No option of a single or multiple question is more than ``LENGTH_RATIO`` times as long as
    the mean of the others, unless it is at most ``LENGTH_FLOOR`` characters longer (so
    "China" and "United Arab Emirates" may stand side by side).
``prompt-echo``
    A key does not repeat a distinctive word of the prompt (five letters or more, not a common
    word, compared on its first six letters) that no distractor shares.
``distractor-feedback``
    Every wrong option's feedback says why it is wrong: at least ``FEEDBACK_WORDS`` words
    after its opening verdict ("No.", "Not so."), so a distractor is a misconception a reader
    could hold, named, and not a throwaway.

``order: fixed`` pins are reported as notes, not as misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import comb
from pathlib import Path

from .model import Bank
from .order import is_fixed, option_texts

POSITION_MARGIN = 0.15
POSITION_SLACK = 1.0
LONGEST_MARGIN = 0.15
TF_MARGIN = 0.10
LENGTH_RATIO = 2.0
LENGTH_FLOOR = 25
FEEDBACK_WORDS = 6

ABSOLUTE = re.compile(r"\b(always|never|all|none|nothing|every|everyone|no one|entirely|"
                      r"completely|totally)\b", re.I)
ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|the options)\b", re.I)
VERDICT = re.compile(r"^\s*(yes|no|not so|not quite|correct|incorrect|right|wrong|true|false)"
                     r"\b[.,:;!]?", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
COMMON = set("""
about above after again against among another because been before being below between both
could does doing down during each either every first from further have having here into
itself just many might more most much must neither other others over same should since some
such than that their theirs them then there these they this those through under until upon
very what when where which while whom whose will with within without would your after
state states which government taliban afghanistan afghan country countries people
""".split())


@dataclass(frozen=True)
class Miss:
    """One rule a bank or question does not meet."""

    file: str
    item: str
    rule: str
    detail: str

    def line(self) -> str:
        return f"{self.file}: {self.item}: {self.rule}: {self.detail}"


def _stems(text: str) -> set[str]:
    words = (w.lower().strip("'’-") for w in WORD.findall(text))
    return {w[:6] for w in words if len(w) >= 5 and w not in COMMON}


def _choice_keys(q) -> set[str]:
    return {q.answer} if q.type == "single" else set(q.answer)


def key_positions(q, shown: bool = True) -> list[int]:
    """Where the keys of a single or multiple question stand (0-based), as shown or as listed."""
    texts = option_texts(q) if shown else [o.text for o in q.options]
    keys = _choice_keys(q)
    return [i for i, t in enumerate(texts) if t in keys]


def key_is_longest(q) -> bool:
    """Whether a single-choice key is strictly the longest of its options."""
    others = [len(o.text) for o in q.options if o.text != q.answer]
    return len(q.answer) > max(others)


def _bank_rules(bank: Bank, file: str) -> list[Miss]:
    misses: list[Miss] = []
    item = f"bank {bank.chapter}"
    single = [q for q in bank.questions if q.type == "single"]
    if single:
        n = len(single)
        width = max(len(q.options) for q in single)
        for pos in range(width):
            observed = sum(key_positions(q)[0] == pos for q in single)
            expected = sum(1 / len(q.options) for q in single if len(q.options) > pos)
            allowed = expected + max(POSITION_MARGIN * n, POSITION_SLACK)
            if observed > allowed:
                ids = [q.id for q in single if key_positions(q)[0] == pos]
                misses.append(Miss(file, item, "key-position",
                                   f"the key is shown in position {pos + 1} in {observed} of {n} "
                                   f"single-choice questions (chance {expected:.1f}, at most "
                                   f"{allowed:.1f} allowed): {', '.join(ids)}"))
        longest = [q.id for q in single if key_is_longest(q)]
        chance = sum(1 / len(q.options) for q in single) / n
        if len(longest) / n > chance + LONGEST_MARGIN:
            misses.append(Miss(file, item, "key-longest",
                               f"the key is the longest option in {len(longest)} of {n} "
                               f"single-choice questions ({100 * len(longest) / n:.0f} %; chance "
                               f"{100 * chance:.0f} % + {100 * LONGEST_MARGIN:.0f} allowed): "
                               f"{', '.join(longest)}"))
    multiple = [q for q in bank.questions if q.type == "multiple"]
    if multiple:
        first = [q.id for q in multiple if key_positions(q) == list(range(len(q.answer)))]
        expected = sum(1 / comb(len(q.options), len(q.answer)) for q in multiple)
        if len(first) > expected + POSITION_SLACK:
            misses.append(Miss(file, item, "key-position",
                               f"the keys are the first options shown in {len(first)} of "
                               f"{len(multiple)} multiple-select questions (chance "
                               f"{expected:.1f}): {', '.join(first)}"))
    tf = [q for q in bank.questions if q.type == "truefalse"]
    if tf:
        true = sum(q.answer for q in tf)
        if abs(true - len(tf) / 2) > max(TF_MARGIN * len(tf), 0.5):
            misses.append(Miss(file, item, "truefalse-balance",
                               f"{true} of {len(tf)} true/false keys are True "
                               f"({100 * true / len(tf):.0f} %; 40–60 % wanted)"))
    keyed, unkeyed = [], []
    for q in bank.questions:
        if q.type in ("single", "multiple"):
            keys = _choice_keys(q)
            for o in q.options:
                if ABSOLUTE.search(o.text):
                    (keyed if o.text in keys else unkeyed).append(q.id)
        elif q.type == "truefalse" and ABSOLUTE.search(q.prompt):
            (keyed if q.answer else unkeyed).append(q.id)
    if len(keyed) + len(unkeyed) >= 2 and not keyed:
        misses.append(Miss(file, item, "absolute-words",
                           f"absolute words (always, never, all, none, …) appear only in wrong "
                           f"options or false statements: {', '.join(dict.fromkeys(unkeyed))}"))
    return misses


def _question_rules(q, file: str) -> list[Miss]:
    misses: list[Miss] = []
    item = f"question {q.id}"
    if q.type not in ("single", "multiple"):
        return misses
    keys = _choice_keys(q)
    for o in q.options:
        if ABOVE.search(o.text):
            misses.append(Miss(file, item, "all-none-of-the-above", f"option {o.text!r}"))
    for o in q.options:
        others = [len(x.text) for x in q.options if x is not o]
        mean = sum(others) / len(others)
        if len(o.text) > LENGTH_RATIO * mean and len(o.text) - mean > LENGTH_FLOOR:
            misses.append(Miss(file, item, "option-length",
                               f"option {o.text[:40]!r}… is {len(o.text)} characters, the others "
                               f"{mean:.0f} on average (at most {LENGTH_RATIO:g}×)"))
    prompt = _stems(q.prompt)
    distractor_words = set().union(*(_stems(o.text) for o in q.options if o.text not in keys))
    for k in keys:
        echo = (_stems(k) & prompt) - distractor_words
        if echo:
            misses.append(Miss(file, item, "prompt-echo",
                               f"the key {k[:40]!r} repeats {', '.join(sorted(echo))}… from the "
                               "prompt and no distractor does"))
    for o in q.options:
        if o.text in keys:
            continue
        rest = VERDICT.sub("", o.feedback, count=1)
        if len(WORD.findall(rest)) < FEEDBACK_WORDS:
            misses.append(Miss(file, item, "distractor-feedback",
                               f"the feedback on {o.text[:40]!r} does not say which misconception "
                               f"it is (fewer than {FEEDBACK_WORDS} words after the verdict)"))
    return misses


def lint_bank(bank: Bank, file: str | None = None) -> tuple[list[Miss], list[str]]:
    """Every rule *bank* misses, and notes on its pinned questions."""
    file = file or f"quizzes/{bank.chapter}.yml"
    misses = _bank_rules(bank, file)
    for q in bank.questions:
        misses.extend(_question_rules(q, file))
    notes = [f"{file}: question {q.id}: order: fixed (options shown as listed)"
             for q in bank.questions if is_fixed(q)]
    return misses, notes


@dataclass
class Measures:
    """The four figures that show a bank set's test-wiseness cues."""

    single: int = 0
    key_first: int = 0
    key_longest: int = 0
    multiple: int = 0
    keys_first: int = 0
    truefalse: int = 0
    false: int = 0

    def lines(self, label: str) -> list[str]:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.0f} %" if b else "n/a"

        return [f"{label}: single choice, key first: {self.key_first} of {self.single} "
                f"({pct(self.key_first, self.single)})",
                f"{label}: multiple select, keys first: {self.keys_first} of {self.multiple} "
                f"({pct(self.keys_first, self.multiple)})",
                f"{label}: single choice, key longest: {self.key_longest} of {self.single} "
                f"({pct(self.key_longest, self.single)})",
                f"{label}: true/false, key False: {self.false} of {self.truefalse} "
                f"({pct(self.false, self.truefalse)})"]


def measure(banks: list[Bank], shown: bool = True) -> Measures:
    """Key-first, keys-first, key-longest and False shares, as shown or in bank order."""
    m = Measures()
    for bank in banks:
        for q in bank.questions:
            if q.type == "single":
                m.single += 1
                m.key_first += key_positions(q, shown)[0] == 0
                m.key_longest += key_is_longest(q)
            elif q.type == "multiple":
                m.multiple += 1
                m.keys_first += key_positions(q, shown) == list(range(len(q.answer)))
            elif q.type == "truefalse":
                m.truefalse += 1
                m.false += not q.answer
    return m


def lint_files(files: list[str | Path]) -> tuple[list[Miss], list[str], list[Bank]]:
    """Lint the bank files (every problem loading one raises, as ``quiz check`` reports)."""
    from .bank import load_bank, shown_path

    misses, notes, banks = [], [], []
    for f in files:
        bank = load_bank(f)
        banks.append(bank)
        m, n = lint_bank(bank, shown_path(Path(f).resolve()))
        misses.extend(m)
        notes.extend(n)
    return misses, notes, banks
