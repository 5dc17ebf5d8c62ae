"""Simulated test-wise learners: can a bank be passed without reading the chapter?

Each strategy answers every question it can from the question's form alone, as learners see
it (:mod:`.order`), and its answers go through the real graders (:func:`.grading.grade`).
Its score on a bank is the mean score over the questions such a learner can attempt
(single, multiple, true/false, matching, ordering; a number, a short answer or an essay
cannot be guessed from form). Where a strategy has no cue for a question it guesses, which
counts the expected score of a random guess.

* ``first``: the first option shown; for multiple select, the first half (rounded up) of
  the options; True; every matching left item gets the first choice; items in the order
  offered.
* ``longest``: the longest option (the first of equals), the longest half for multiple
  select; True for the bank's longer-than-median statements, False for the others.
* ``false``: False on every true/false question.
* ``overlap``: the option sharing most words with the prompt; each matching item gets the
  choice sharing most words with it.
* ``random``: the expected score of guessing uniformly (every option; every subset of the
  same size as the other strategies pick; every choice for each matching item; every
  ordering of the items), computed exactly through the graders.

``MARGIN``: no strategy may beat random by more than 10 percentage points on any bank.
"""

from __future__ import annotations

import re
from itertools import combinations, permutations
from statistics import median

from .grading import grade
from .order import choice_texts, item_texts, option_texts

MARGIN = 0.10
STRATEGIES = ("first", "longest", "false", "overlap", "random")
GUESSABLE = ("single", "multiple", "truefalse", "matching", "ordering")
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2}


def _pick(texts: list[str], key) -> str:
    """The first of the texts with the highest *key* (a learner scanning from the top)."""
    best = max(key(t) for t in texts)
    return next(t for t in texts if key(t) == best)


def _half(q) -> int:
    return (len(q.options) + 1) // 2


def random_score(q) -> float:
    """The expected score of a uniform guess, through the grader."""
    t = q.type
    if t == "single":
        opts = option_texts(q)
        return sum(grade(q, o).score for o in opts) / len(opts)
    if t == "truefalse":
        return (grade(q, True).score + grade(q, False).score) / 2
    if t == "multiple":
        subsets = list(combinations(option_texts(q), _half(q)))
        return sum(grade(q, list(s)).score for s in subsets) / len(subsets)
    if t == "matching":
        choices = choice_texts(q)
        return sum(grade(q, {p.left: c}).score for p in q.pairs for c in choices) / len(choices)
    if t == "ordering":
        perms = list(permutations(q.items))
        return sum(grade(q, list(p)).score for p in perms) / len(perms)
    raise ValueError(t)


def _answer(strategy: str, q, tf_median: float):
    """The strategy's answer to *q*, or None when it has no cue (and guesses)."""
    t = q.type
    shown = option_texts(q) if t in ("single", "multiple") else []
    if strategy == "first":
        if t == "single":
            return shown[0]
        if t == "multiple":
            return shown[:_half(q)]
        if t == "truefalse":
            return True
        if t == "matching":
            first = choice_texts(q)[0]
            return {p.left: first for p in q.pairs}
        if t == "ordering":
            return item_texts(q)
    if strategy == "longest":
        if t == "single":
            return _pick(shown, len)
        if t == "multiple":
            return sorted(shown, key=lambda s: -len(s))[:_half(q)]
        if t == "truefalse":
            return len(q.prompt) > tf_median
    if strategy == "false" and t == "truefalse":
        return False
    if strategy == "overlap":
        prompt = _words(q.prompt)
        if t == "single":
            return _pick(shown, lambda s: len(_words(s) & prompt))
        if t == "multiple":
            return sorted(shown, key=lambda s: -len(_words(s) & prompt))[:_half(q)]
        if t == "matching":
            choices = choice_texts(q)
            return {p.left: _pick(choices, lambda c, left=p.left: len(_words(c) & _words(left)))
                    for p in q.pairs}
    return None


def scores(bank) -> dict[str, float]:
    """Each strategy's mean score (0–1) over the guessable questions of *bank*."""
    qs = [q for q in bank.questions if q.type in GUESSABLE]
    if not qs:
        return {s: 0.0 for s in STRATEGIES}
    tf = [len(q.prompt) for q in qs if q.type == "truefalse"]
    tf_median = median(tf) if tf else 0.0
    out = {}
    for strategy in STRATEGIES:
        total = 0.0
        for q in qs:
            answer = None if strategy == "random" else _answer(strategy, q, tf_median)
            total += random_score(q) if answer is None else grade(q, answer).score
        out[strategy] = total / len(qs)
    return out


def beats_random(bank) -> list[tuple[str, float, float]]:
    """(strategy, its score, random's score) for every strategy above random + MARGIN."""
    s = scores(bank)
    return [(k, v, s["random"]) for k, v in s.items()
            if k != "random" and v > s["random"] + MARGIN + 1e-9]
