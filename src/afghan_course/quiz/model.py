"""The question-bank model: one pydantic class per question type.

Banks are YAML files in ``quizzes/``; ``quizzes/schema.json`` is generated from these
classes (``afghan-course quiz schema``) so the published schema and the code cannot drift.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .order import choice_texts

Level = Literal["remember", "understand", "apply", "analyse", "evaluate"]
HIGHER_LEVELS = {"apply", "analyse", "evaluate"}
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataQuery(_Strict):
    """A value computed from one table of ``data/``."""

    table: Text
    where: dict[str, str | int | float] = Field(default_factory=dict)
    field: str | None = None
    aggregate: Literal["value", "count", "sum", "min", "max", "nunique"] = "value"
    on_or_before: date | None = Field(default=None, description="Keep rows dated on or before")


class DataRef(DataQuery):
    """Where a question's key rests in ``data/``; the tests recompute it and compare."""

    divide_by: DataQuery | None = None
    scale: float = 1.0
    round: int | None = None
    expect: str | int | float = Field(description="The value the key restates")


class Option(_Strict):
    text: Text
    feedback: Text


class Pair(_Strict):
    left: Text
    right: Text


class Criterion(_Strict):
    criterion: Text
    levels: list[Text] = Field(min_length=2, description="From weakest to strongest")
    points: list[float] | None = Field(
        default=None, description="Points of each level, weakest first (default 0, 1, 2, ...)")

    @model_validator(mode="after")
    def _points_fit_levels(self):
        if self.points is not None:
            if len(self.points) != len(self.levels):
                raise ValueError(f"criterion {self.criterion!r}: {len(self.points)} points for "
                                 f"{len(self.levels)} levels")
            if any(p < 0 for p in self.points) or list(self.points) != sorted(self.points):
                raise ValueError(f"criterion {self.criterion!r}: points must be 0 or more and "
                                 "rise from the weakest level to the strongest")
        return self

    @property
    def level_points(self) -> list[float]:
        """Points of each level (declared, else 0, 1, 2, ...)."""
        if self.points is not None:
            return [float(p) for p in self.points]
        return [float(i) for i in range(len(self.levels))]

    @property
    def max_points(self) -> float:
        return max(self.level_points)


class _Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    objective: str = Field(pattern=r"^[A-Z]+-\d+$")
    level: Level
    difficulty: Literal["easy", "medium", "hard"]
    prompt: Text
    explanation: Text
    sources: list[Text] = Field(min_length=1)
    points: float = Field(default=1.0, gt=0)
    data_ref: DataRef | None = None
    instructor_note: str | None = None


Order = Literal["shuffle", "fixed"]
ORDER_DESCRIPTION = ("How the options are shown: shuffled per question (seeded by its id), or "
                     "fixed in the listed order, e.g. for a scale; lint reports every pin")


class SingleChoice(_Question):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)
    answer: Text
    order: Order = Field(default="shuffle", description=ORDER_DESCRIPTION)

    @model_validator(mode="after")
    def _answer_is_an_option(self):
        texts = [o.text for o in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("options repeat the same text")
        if self.answer not in texts:
            raise ValueError(f"answer {self.answer!r} is not among the options")
        return self


class MultipleSelect(_Question):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)
    answer: list[Text] = Field(min_length=1)
    order: Order = Field(default="shuffle", description=ORDER_DESCRIPTION)

    @model_validator(mode="after")
    def _answers_are_options(self):
        texts = [o.text for o in self.options]
        if len(set(texts)) != len(texts):
            raise ValueError("options repeat the same text")
        missing = [a for a in self.answer if a not in texts]
        if missing:
            raise ValueError(f"answer {missing[0]!r} is not among the options")
        return self


class TrueFalse(_Question):
    type: Literal["truefalse"]
    answer: bool
    feedback_true: Text = Field(description="Shown when the learner answers True")
    feedback_false: Text = Field(description="Shown when the learner answers False")


class Numeric(_Question):
    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(ge=0)
    unit: Text
    feedback_correct: Text
    feedback_incorrect: Text


class Ordering(_Question):
    type: Literal["ordering"]
    items: list[Text] = Field(min_length=3, description="In the correct order")

    @field_validator("items")
    @classmethod
    def _distinct(cls, v):
        if len(set(v)) != len(v):
            raise ValueError("items repeat the same text")
        return v


class Matching(_Question):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _distinct(self):
        lefts = [p.left for p in self.pairs]
        if len(set(lefts)) != len(lefts):
            raise ValueError("left-hand items repeat")
        rights = [p.right for p in self.pairs]
        if set(self.distractors) & set(rights):
            raise ValueError("a distractor is also a correct match")
        return self

    @property
    def choices(self) -> list[str]:
        """Right-hand choices offered for every left item, in the shown (shuffled) order."""
        return choice_texts(self)


class ShortText(_Question):
    type: Literal["short"]
    answers: list[Text] = Field(min_length=1, description="Accepted variants")
    feedback_correct: Text
    feedback_incorrect: Text


class OpenResponse(_Question):
    type: Literal["open"]
    model_answer: Text
    rubric: list[Criterion] = Field(min_length=1)


Question = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | Numeric | Ordering | Matching | ShortText
    | OpenResponse,
    Field(discriminator="type"),
]
QUESTION_TYPES = ["single", "multiple", "truefalse", "numeric", "ordering", "matching", "short",
                  "open"]


class Bank(_Strict):
    """One chapter's question bank."""

    chapter: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    objectives: dict[str, Text] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        seen = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question {q.id}: duplicate id")
            seen.add(q.id)
            if q.objective not in self.objectives:
                raise ValueError(f"question {q.id}: objective {q.objective} is not listed "
                                 "under objectives")
        return self

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def json_schema() -> dict:
    """The JSON Schema of a bank file, published as ``quizzes/schema.json``."""
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "afghan-course question bank"
    return schema
