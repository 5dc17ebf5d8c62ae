"""Grade a learner's answer to any question type. Pure functions, no I/O.

Every grader accepts anything a learner or a page script might send (None, numbers as
text, very long or odd Unicode strings) and returns a :class:`Result`; it never raises on
learner input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from itertools import combinations
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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["earned"] = self.earned
        return d


def normalise(text: Any) -> str:
    """Case, spacing, diacritics and surrounding punctuation do not matter in short answers."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().replace("’", "'").replace("‘", "'")
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .,;:!?\"'()[]")


def _clip(text: Any) -> str:
    return str(text)[:MAX_ANSWER_CHARS] if text is not None else ""


def parse_number(text: Any) -> float | None:
    """Read a number from learner input: ``9.4``, ``9,4``, ``$9.4bn``, `` 1,234.5 ``."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    s = _clip(text).strip().replace("\u2212", "-").replace(" ", "")
    s = re.sub(r"^[$€£]|(?i:bn|billion|m|million|%|usd|us\$|\$)$", "", s)
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d+", s):
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def grade_single(q: SingleChoice, answer: Any) -> Result:
    chosen = _clip(answer) if answer is not None else None
    texts = {o.text: o for o in q.options}
    if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(q.options):
        chosen = q.options[answer].text
    if chosen not in texts:
        return Result(q.id, 0.0, False, ["Choose one of the options."], chosen, q.points)
    ok = chosen == q.answer
    return Result(q.id, 1.0 if ok else 0.0, ok, [texts[chosen].feedback], chosen, q.points)


def grade_multiple(q: MultipleSelect, answer: Any) -> Result:
    if answer is None or isinstance(answer, (str, bytes)):
        answer = [] if answer in (None, "", b"") else [answer]
    try:
        chosen = [_clip(a) for a in answer]
    except TypeError:
        chosen = []
    by_text = {o.text: o for o in q.options}
    chosen = [c for c in dict.fromkeys(chosen) if c in by_text]
    right = set(q.answer)
    hits = len(right & set(chosen))
    wrong = len(set(chosen) - right)
    score = max(0.0, (hits - wrong) / len(right))
    ok = set(chosen) == right
    feedback = [by_text[c].feedback for c in chosen]
    missed = [o.feedback for o in q.options if o.text in right and o.text not in chosen]
    if missed:
        feedback.append("You left out a correct option:")
        feedback.extend(missed)
    if not chosen:
        feedback.insert(0, "Select every option that applies.")
    return Result(q.id, round(score, 4), ok, feedback, chosen, q.points)


def _as_bool(answer: Any) -> bool | None:
    if isinstance(answer, bool):
        return answer
    s = normalise(_clip(answer)) if answer is not None else ""
    return {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}.get(s)


def grade_truefalse(q: TrueFalse, answer: Any) -> Result:
    value = _as_bool(answer)
    if value is None:
        return Result(q.id, 0.0, False, ["Choose True or False."], None, q.points)
    ok = value == q.answer
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_true if value else q.feedback_false], value, q.points)


def grade_numeric(q: Numeric, answer: Any) -> Result:
    value = parse_number(answer)
    if value is None:
        return Result(q.id, 0.0, False, [f"Enter a number (in {q.unit})."], _clip(answer)[:200],
                      q.points)
    ok = abs(value - q.answer) <= q.tolerance + 1e-9
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_correct if ok else q.feedback_incorrect], value, q.points)


def grade_ordering(q: Ordering, answer: Any) -> Result:
    """Partial credit: the share of item pairs that stand in the right relative order."""
    try:
        order = [_clip(a) for a in (answer or [])]
    except TypeError:
        order = []
    if sorted(order) != sorted(q.items):
        return Result(q.id, 0.0, False, ["Place every item exactly once."], order, q.points)
    pos = {item: i for i, item in enumerate(order)}
    pairs = list(combinations(q.items, 2))
    good = sum(1 for a, b in pairs if pos[a] < pos[b])
    score = good / len(pairs)
    ok = order == list(q.items)
    msg = "All in the right order." if ok else \
        f"{good} of {len(pairs)} pairs are in the right order."
    return Result(q.id, round(score, 4), ok, [msg], order, q.points)


def grade_matching(q: Matching, answer: Any) -> Result:
    if not isinstance(answer, dict):
        answer = {}
    chosen = {_clip(k): _clip(v) for k, v in answer.items() if v is not None}
    right = {p.left: p.right for p in q.pairs}
    good = sum(1 for left, r in right.items() if chosen.get(left) == r)
    score = good / len(right)
    ok = good == len(right)
    feedback = [f"{good} of {len(right)} matched correctly."]
    feedback += [f"{left} → {r}" for left, r in right.items() if chosen.get(left) != r]
    return Result(q.id, round(score, 4), ok, feedback,
                  {k: v for k, v in chosen.items() if k in right}, q.points)


def grade_short(q: ShortText, answer: Any) -> Result:
    given = normalise(_clip(answer)) if answer is not None else ""
    if not given:
        return Result(q.id, 0.0, False, ["Type an answer."], "", q.points)
    ok = given in {normalise(a) for a in q.answers}
    return Result(q.id, 1.0 if ok else 0.0, ok,
                  [q.feedback_correct if ok else q.feedback_incorrect], _clip(answer), q.points)


def grade_open(q: OpenResponse, answer: Any) -> Result:
    """Open answers are self-assessed: the learner compares with the model answer and rubric."""
    text, rating = "", None
    if isinstance(answer, dict):
        text = _clip(answer.get("text", ""))
        rating = answer.get("self_assessment")
    elif answer is not None:
        text = _clip(answer)
    score = SELF_ASSESSMENT.get(normalise(rating)) if rating is not None else None
    if score is None:
        return Result(q.id, 0.0, None, ["Compare your answer with the model answer and rubric, "
                                        "then rate it: not yet, partly or fully."],
                      {"text": text, "self_assessment": None}, q.points)
    return Result(q.id, score, None, ["Self-assessed."],
                  {"text": text, "self_assessment": normalise(rating)}, q.points)


GRADERS = {
    "single": grade_single, "multiple": grade_multiple, "truefalse": grade_truefalse,
    "numeric": grade_numeric, "ordering": grade_ordering, "matching": grade_matching,
    "short": grade_short, "open": grade_open,
}


def grade(question, answer: Any) -> Result:
    """Grade *answer* for any question type."""
    return GRADERS[question.type](question, answer)
