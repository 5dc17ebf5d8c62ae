"""Grade a learner's answer to any question type. Pure functions, no I/O.

Every grader accepts anything a learner or a page script might send (None, numbers as
text, very long or odd Unicode strings) and returns a :class:`Result`; it never raises on
learner input.

This module and the grading part of ``static/afghan-course.js`` are two implementations of
one specification. ``tests/grading-cases.json`` is its conformance table, run against both
(the JavaScript under Node), and a differential property test fails on any disagreement.
So every rule here is written so that it reads the same in both languages: explicit
character tables and the same regular expressions, never a library's own idea of what a
digit, a space or a lower-case letter is.

The rules, in short:

* short text: case, spacing, accents and Arabic vowel marks, tatweel, ``ß``/``ss``,
  Arabic/Persian forms of yeh and kaf, zero-width joiners and surrounding punctuation do
  not matter (:func:`normalise`);
* numbers: ASCII, Persian, Arabic-Indic and full-width digits, a leading ``+`` or ``-``
  (or ``−``), thousands separators (``1,234`` or ``1 234``), a decimal comma or the Arabic
  decimal sign (``9,4``, ``٩٫٤``), English number words up to ninety-nine (``four``,
  ``twenty-one``) and the question's own unit around the number (``4 actors``,
  ``$3.5bn`` for "billion US dollars", ``45.9 per cent`` for "%") (:func:`parse_number`);
* partial scores (multiple select, ordering, matching) are rounded half up to 4 decimals
  (:func:`round4`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import (
    Matching,
    MultipleSelect,
    Numeric,
    OpenResponse,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)

MAX_ANSWER_CHARS = 10_000
SELF_ASSESSMENT = {"not yet": 0.0, "partly": 0.5, "fully": 1.0}

# Whitespace, listed (Python's and JavaScript's \s differ at the edges).
WS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile(f"[{WS}]+")
# Letter forms a Dari, Pashto or Arabic keyboard may give for the same letter.
_LETTERS = {"\u00df": "ss", "\u03c2": "\u03c3", "\u064a": "\u06cc", "\u0649": "\u06cc",
            "\u0643": "\u06a9", "\u2019": "'", "\u2018": "'", "\u02bc": "'"}
# Tatweel and zero-width characters vanish.
_DROP = re.compile("[\u0640\u200b-\u200d\u2060]")
_EDGE = " .,;:!?\"'()[]\u060c\u061b\u061f\u00ab\u00bb\u201c\u201d"
_EDGE_RE = re.compile(f"^[{re.escape(_EDGE)}]+|[{re.escape(_EDGE)}]+$")


@dataclass
class Result:
    """The outcome of one check: a score from 0 to 1 and the feedback to show."""

    question_id: str
    score: float
    correct: bool | None
    feedback: list[str] = field(default_factory=list)
    answer: Any = None
    points: float = 1.0

    @property
    def earned(self) -> float:
        return round(self.score * self.points, 4)

    @property
    def verdict(self) -> str:
        """``correct``, ``partly``, ``incorrect``, ``self-assessed`` or ``unrated``."""
        return verdict(self.correct, self.score, self.answer)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["earned"] = self.earned
        return d


def verdict(correct: bool | None, score: float, answer: Any = None) -> str:
    """The word for a result, as the book shows it (the same rule as ``verdict`` in JS)."""
    if correct is None:
        rated = isinstance(answer, dict) and answer.get("self_assessment") is not None
        return "self-assessed" if rated else "unrated"
    if correct:
        return "correct"
    return "partly" if score > 0 else "incorrect"


def round4(x: float) -> float:
    """Round half up to 4 decimals, with the same float operations as the page script."""
    return math.floor(x * 10000 + 0.5) / 10000


def _lower_ascii(s: str) -> str:
    return re.sub("[A-Z]", lambda m: m.group().lower(), s)


def _clip(text: Any) -> str:
    return str(text)[:MAX_ANSWER_CHARS] if text is not None else ""


def normalise(text: Any) -> str:
    """Case, spacing, accents, vowel marks and surrounding punctuation do not matter."""
    s = unicodedata.normalize("NFKD", str(text))
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(_LETTERS.get(ch, ch) for ch in s if unicodedata.category(ch) != "Mn")
    s = _DROP.sub("", s)
    s = _WS_RUN.sub(" ", s).strip(" ")
    return _EDGE_RE.sub("", s)


# ---- numbers as learners type them ----

def _fold_digits(s: str) -> str:
    """Full-width forms to ASCII; Persian and Arabic-Indic digits and separators to ASCII."""
    out = []
    for ch in s:
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            ch = chr(c - 0xFEE0)
        elif 0x0660 <= c <= 0x0669:
            ch = chr(c - 0x0660 + 48)
        elif 0x06F0 <= c <= 0x06F9:
            ch = chr(c - 0x06F0 + 48)
        elif c == 0x066B:
            ch = "."
        elif c == 0x066C:
            ch = ","
        elif c == 0x2212:
            ch = "-"
        out.append(ch)
    return "".join(out)


_NUMBER = re.compile(
    r"^(?P<pre>[^0-9+\-.]*?) ?(?P<sign>[+-]?)"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]+,[0-9]+|[0-9]+\.?[0-9]*|\.[0-9]+)"
    r"(?P<exp>e[+-]?[0-9]+)?(?P<post>(?: ?[^0-9 ].*)?)$")
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD = re.compile(
    "^(?:(?P<tens>" + "|".join(_TENS) + ")(?:[- ](?P<unit>" + "|".join(_SMALL[1:10]) + "))?"
    "|(?P<small>" + "|".join(_SMALL) + "))(?P<post>(?: .*)?)$")
UNIT_ALIASES = {"%": ["percent", "per", "cent", "pct"], "percent": ["%"],
                "billion": ["bn", "b"], "million": ["m", "mn"], "thousand": ["k"],
                "dollar": ["$", "usd"], "dollars": ["$", "usd"], "us": ["u.s."],
                "time": ["x", "\u00d7"], "times": ["x", "\u00d7"]}
GENERIC_UNITS = ["$", "\u20ac", "\u00a3", "us", "usd", "bn", "billion", "m", "million", "%"]


def _tokens(text: str) -> list[str]:
    spaced = re.sub("([$\u20ac\u00a3%\u00d7])", r" \1 ", _lower_ascii(text))
    return [t for t in re.split("[ /]+", spaced) if t]


def unit_words(unit: str | None) -> set[str]:
    """The words that may stand around a number for *unit* (plurals, symbols, short forms)."""
    if unit is None:
        return set(GENERIC_UNITS)
    allowed: set[str] = set()
    for t in _tokens(normalise(unit)):
        forms = [t, t[:-1]] if t.endswith("s") and len(t) > 1 else [t, t + "s"]
        allowed.update(forms)
        for f in forms:
            allowed.update(UNIT_ALIASES.get(f, []))
    return allowed


def _units_ok(text: str, allowed: set[str]) -> bool:
    return all(t in allowed for t in _tokens(text))


def parse_number(text: Any, unit: str | None = None) -> float | None:
    """Read a number from learner input, or None.

    ``9.4``, ``+4``, ``۴``, ``٤``, ``４``, ``9,4``, ``1,234.5``, ``four``, ``4 actors``,
    ``$9.4bn``: any words around the number must be the question's *unit* (or, with no
    unit given, a currency, ``bn``/``billion``, ``m``/``million`` or ``%``).
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    s = _lower_ascii(_fold_digits(text[:MAX_ANSWER_CHARS]))
    s = _WS_RUN.sub(" ", s).strip(" ")
    s = re.sub("[ .,;:!?]+$", "", s)
    allowed = unit_words(unit)
    m = _NUMBER.match(s)
    if m:
        if not (_units_ok(m["pre"], allowed) and _units_ok(m["post"], allowed)):
            return None
        num = m["num"]
        if re.fullmatch("[0-9]+,[0-9]+", num):
            num = num.replace(",", ".")
        num = num.replace(",", "").replace(" ", "")
        value = float(m["sign"] + num + (m["exp"] or ""))
        return value if math.isfinite(value) else None
    w = _WORD.match(s)
    if w and _units_ok(w["post"], allowed):
        if w["small"]:
            return float(_SMALL.index(w["small"]))
        return float(20 + 10 * _TENS.index(w["tens"]) +
                     (_SMALL.index(w["unit"]) if w["unit"] else 0))
    return None


# ---- the graders, one per type ----

def grade_single(q: SingleChoice, answer: Any) -> Result:
    """An option is chosen by its text (what every control sends), never by its position."""
    texts = {o.text: o for o in q.options}
    chosen = answer
    if not isinstance(chosen, str) or chosen not in texts:
        return Result(q.id, 0.0, False, ["Choose one of the options."], None, q.points)
    ok = chosen == q.answer
    return Result(q.id, 1.0 if ok else 0.0, ok, [texts[chosen].feedback], chosen, q.points)


def grade_multiple(q: MultipleSelect, answer: Any) -> Result:
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple)):
        answer = []
    by_text = {o.text: o for o in q.options}
    chosen = list(dict.fromkeys(a for a in answer if isinstance(a, str) and a in by_text))
    right = list(dict.fromkeys(q.answer))
    hits = sum(1 for c in chosen if c in right)
    wrong = len(chosen) - hits
    score = round4(max(0.0, (hits - wrong) / len(right)))
    ok = hits == len(right) and wrong == 0
    feedback = [by_text[c].feedback for c in chosen]
    missed = [by_text[a].feedback for a in right if a not in chosen]
    if missed:
        feedback.append("You left out a correct option:")
        feedback.extend(missed)
    if not chosen:
        feedback.insert(0, "Select every option that applies.")
    return Result(q.id, score, ok, feedback, chosen, q.points)


_BOOL_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def _as_bool(answer: Any) -> bool | None:
    if isinstance(answer, bool):
        return answer
    if not isinstance(answer, str):
        return None
    return _BOOL_WORDS.get(normalise(answer[:MAX_ANSWER_CHARS]))


def grade_truefalse(q: TrueFalse, answer: Any) -> Result:
    value = _as_bool(answer)
    if value is None:
        return Result(q.id, 0.0, False, ["Choose True or False."], None, q.points)
    ok = value == q.answer
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_true if value else q.feedback_false], value, q.points)


def grade_numeric(q: Numeric, answer: Any) -> Result:
    value = parse_number(answer, q.unit)
    if value is None:
        shown = answer[:200] if isinstance(answer, str) else None
        return Result(q.id, 0.0, False, [f"Enter a number (in {q.unit})."], shown, q.points)
    ok = abs(value - q.answer) <= q.tolerance + 1e-9
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_correct if ok else q.feedback_incorrect], value, q.points)


def grade_ordering(q: Ordering, answer: Any) -> Result:
    """Partial credit: the share of item pairs that stand in the right relative order."""
    order = list(answer) if isinstance(answer, (list, tuple)) else []
    items = list(q.items)
    if not all(isinstance(a, str) for a in order) or sorted(order) != sorted(items):
        return Result(q.id, 0.0, False, ["Place every item exactly once."],
                      [a for a in order if isinstance(a, str)], q.points)
    pos = {item: i for i, item in enumerate(order)}
    good = pairs = 0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            pairs += 1
            good += pos[items[i]] < pos[items[j]]
    ok = good == pairs
    msg = "All in the right order." if ok else f"{good} of {pairs} pairs are in the right order."
    return Result(q.id, round4(good / pairs), ok, [msg], order, q.points)


def grade_matching(q: Matching, answer: Any) -> Result:
    if not isinstance(answer, dict):
        answer = {}
    right = {p.left: p.right for p in q.pairs}
    good = sum(1 for left, r in right.items() if answer.get(left) == r)
    ok = good == len(right)
    feedback = [f"{good} of {len(right)} matched correctly."]
    feedback += [f"{left} → {r}" for left, r in right.items() if answer.get(left) != r]
    return Result(q.id, round4(good / len(right)), ok, feedback,
                  {k: v for k, v in answer.items() if k in right and isinstance(v, str)},
                  q.points)


def grade_short(q: ShortText, answer: Any) -> Result:
    given = normalise(answer[:MAX_ANSWER_CHARS]) if isinstance(answer, str) else ""
    if not given:
        return Result(q.id, 0.0, False, ["Type an answer."], "", q.points)
    ok = given in {normalise(a) for a in q.answers}
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_correct if ok else q.feedback_incorrect],
                  answer[:MAX_ANSWER_CHARS], q.points)


def grade_open(q: OpenResponse, answer: Any) -> Result:
    """Open answers are self-assessed: the learner compares with the model answer and rubric."""
    text, rating = "", None
    if isinstance(answer, dict):
        t = answer.get("text", "")
        text = t[:MAX_ANSWER_CHARS] if isinstance(t, str) else ""
        r = answer.get("self_assessment")
        rating = normalise(r) if isinstance(r, str) else None
    elif isinstance(answer, str):
        text = answer[:MAX_ANSWER_CHARS]
    score = SELF_ASSESSMENT.get(rating) if rating is not None else None
    if score is None:
        return Result(q.id, 0.0, None, ["Compare your answer with the model answer and rubric, "
                                        "then rate it: not yet, partly or fully."],
                      {"text": text, "self_assessment": None}, q.points)
    return Result(q.id, score, None, ["Self-assessed."],
                  {"text": text, "self_assessment": rating}, q.points)


GRADERS = {
    "single": grade_single, "multiple": grade_multiple, "truefalse": grade_truefalse,
    "numeric": grade_numeric, "ordering": grade_ordering, "matching": grade_matching,
    "short": grade_short, "open": grade_open,
}


def grade(question, answer: Any) -> Result:
    """Grade *answer* for any question type."""
    return GRADERS[question.type](question, answer)
