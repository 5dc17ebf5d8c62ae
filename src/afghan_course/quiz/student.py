"""Student-edition banks: the questions without their keys.

``afghan-course release --student`` writes each bank through :func:`student_bank_data`:
prompts, options, items and choices stay, listed in the order the full bank shows them
(:mod:`.order`) and pinned there (``order: fixed``), so neither edition's order reveals the
key and both show the same; answers, feedback, explanations, sources, model
answers, rubrics, tolerances and data references go. Such a bank says ``edition: student``;
the quiz then records answers (``"graded": false``) for the instructor's gradebook to mark
against the full bank, instead of giving feedback.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .model import Level, Text, _Strict
from .order import choice_texts, item_texts, option_texts

EDITION = "student"


class StudentOption(_Strict):
    text: Text


class StudentLeft(_Strict):
    left: Text


class StudentQuestion(_Strict):
    """A question as learners receive it: what to answer, not what is right."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    type: Literal["single", "multiple", "truefalse", "numeric", "ordering", "matching", "short",
                  "open"]
    objective: str = Field(pattern=r"^[A-Z]+-\d+$")
    level: Level
    prompt: Text
    points: float = Field(default=1.0, gt=0)
    options: list[StudentOption] | None = None
    unit: str | None = None
    items: list[Text] | None = Field(default=None, description="As shown, not the key")
    pairs: list[StudentLeft] | None = None
    choices: list[Text] | None = None
    order: Literal["shuffle", "fixed"] = Field(
        default="shuffle", description="fixed: options, items and choices are listed as shown")


class StudentBank(_Strict):
    """A bank with every key removed (``edition: student``)."""

    edition: Literal["student"]
    chapter: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    objectives: dict[str, Text] = Field(min_length=1)
    questions: Annotated[list[StudentQuestion], Field(min_length=1)]

    def question(self, qid: str) -> StudentQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def student_bank_data(bank) -> dict:
    """The student edition of a full :class:`~afghan_course.quiz.model.Bank`, as plain data."""
    questions = []
    for q in bank.questions:
        out: dict = {"id": q.id, "type": q.type, "objective": q.objective, "level": q.level,
                     "prompt": q.prompt, "points": q.points}
        if q.type in ("single", "multiple"):
            out["options"] = [{"text": t} for t in option_texts(q)]
        elif q.type == "numeric":
            out["unit"] = q.unit
        elif q.type == "ordering":
            out["items"] = item_texts(q)
        elif q.type == "matching":
            out["pairs"] = [{"left": p.left} for p in q.pairs]
            out["choices"] = choice_texts(q)
        if q.type in ("single", "multiple", "ordering", "matching"):
            out["order"] = "fixed"
        questions.append(out)
    return {"edition": EDITION, "chapter": bank.chapter, "title": bank.title,
            "objectives": dict(bank.objectives), "questions": questions}


def raw_answer(q: StudentQuestion, value):
    """A learner's answer as stored for later marking (the shapes the grader accepts)."""
    if q.type == "truefalse" and value in ("True", "False"):
        return value == "True"
    if isinstance(value, str):
        return value[:10000]
    return value
