"""The order in which a question's options are shown: shuffled per question, reproducibly.

How a bank lists options must not decide where learners see them (authors tend to write the
key first), so every rendering (the static book, the live widget, the student and instructor
editions, the GIFT export, and the option lists of the Moodle and QTI exports) shows them in
one order computed here:

* the texts are sorted (so the listing in the bank does not matter), then permuted by a
  Fisher–Yates shuffle whose random numbers come from SHA-256 of the question id, a salt
  naming the list, and the step (so builds, nbval and tests are reproducible, on any
  platform and Python version, and the order can be recomputed in any language);
* an ordering question's items are never shown already in the correct order (if the
  shuffle gives the key, its first item is moved to the end);
* ``order: fixed`` on a single or multiple question keeps the bank's order (for a scale
  such as "none / some / most / all"); ``afghan-course quiz lint`` reports every pin;
* a student edition lists everything already in the shown order and pins it, so it shows
  what the full bank shows without revealing the key;
* true/false is always shown True, then False.
"""

from __future__ import annotations

import hashlib

ORDERS = ("shuffle", "fixed")


def _below(qid: str, salt: str, step: int, bound: int) -> int:
    """A number in ``range(bound)`` from SHA-256 of the id (uniform enough for small bounds)."""
    digest = hashlib.sha256(f"{qid}\x1f{salt}\x1f{step}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % bound


def permutation(qid: str, salt: str, n: int) -> list[int]:
    """The Fisher–Yates permutation of ``range(n)`` seeded by *qid* and *salt*."""
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = _below(qid, salt, i, i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def shuffled(qid: str, salt: str, texts: list[str]) -> list[str]:
    """*texts* in their shown order: sorted, then permuted by the question's permutation."""
    base = sorted(texts)
    return [base[k] for k in permutation(qid, salt, len(base))]


def is_fixed(q) -> bool:
    """Whether the question shows its options as listed (``order: fixed``)."""
    return getattr(q, "order", None) == "fixed"


def option_texts(q) -> list[str]:
    """The options of a single or multiple question (or True/False) in the order shown."""
    if q.type == "truefalse":
        return ["True", "False"]
    texts = [o.text for o in q.options]
    return texts if is_fixed(q) else shuffled(q.id, "options", texts)


def shown_options(q) -> list:
    """The option objects of a single or multiple question in the order shown."""
    by_text = {o.text: o for o in q.options}
    return [by_text[t] for t in option_texts(q)]


def choice_texts(q) -> list[str]:
    """The right-hand column of a matching question (answers and distractors) as shown."""
    if getattr(q, "pairs", None) is not None and hasattr(q.pairs[0], "right"):
        texts = list(dict.fromkeys([p.right for p in q.pairs] + list(q.distractors)))
    else:  # a student-edition question carries its choices without the key
        texts = list(q.choices or [])
    return texts if is_fixed(q) else shuffled(q.id, "choices", texts)


def item_texts(q) -> list[str]:
    """The items of an ordering question as offered (never already in the correct order)."""
    items = list(q.items)
    if is_fixed(q):
        return items
    shown = shuffled(q.id, "items", items)
    if shown == items and len(items) > 1:
        shown = shown[1:] + shown[:1]
    return shown
