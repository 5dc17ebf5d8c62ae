"""The exercise-set model: documents that take sides on one question, and the grid to fill.

Exercise sets are YAML files in ``exercises/<id>.yml``. Each document points at a row of
``data/statements.csv`` (speaker, date, text and source come from there); the author maps
the claims each document makes and tags them fact / interpretation / value (the instructor
key), optionally pointing a checkable claim at a row of ``data/`` where it can be looked up.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..quiz.model import Criterion, Text, _Strict

HEURISTICS = {"sourcing": "Sourcing", "contextualisation": "Contextualisation",
              "close_reading": "Close reading", "corroboration": "Corroboration"}
"""The four reading heuristics, in the order the prompts are shown."""

KINDS = {"fact": "Fact", "interpretation": "Interpretation", "value": "Value judgement"}
"""Claim kinds (stored value -> label shown to learners)."""

GRID_COLUMNS = {"interests": "Interests behind it", "evidence": "Evidence it offers",
                "other": "Other claims you noticed"}
"""The free-text columns of the grid (field suffix -> heading)."""


class Check(_Strict):
    """A row of ``data/`` where a checkable claim can be looked up."""

    table: Text
    id: Text


class Claim(_Strict):
    text: Text = Field(description="The claim in neutral words")
    kind: Literal["fact", "interpretation", "value"] | None = Field(
        default=None, description="Instructor key (absent from the student edition)")
    check: Check | None = None


class Document(_Strict):
    statement: str = Field(pattern=r"^ST\d+$", description="An id in data/statements.csv")
    note: str | None = Field(default=None, description="Markdown: who speaks, for whom")
    claims: list[Claim] = Field(min_length=1)


class Prompts(_Strict):
    sourcing: list[Text] = Field(min_length=1)
    contextualisation: list[Text] = Field(min_length=1)
    close_reading: list[Text] = Field(min_length=1)
    corroboration: list[Text] = Field(min_length=1)


class Role(_Strict):
    name: Text
    brief: Text


class Step(_Strict):
    minutes: int = Field(gt=0)
    activity: Text


class Controversy(_Strict):
    """A Structured Academic Controversy plan for the classroom."""

    roles: list[Role] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)


class ExerciseSet(_Strict):
    """One perspectives exercise: a central question and 3-6 documents that answer it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    chapter: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    central_question: Text
    context: str | None = None
    documents: list[Document] = Field(min_length=3, max_length=6)
    prompts: Prompts
    model_answer: Text | None = Field(default=None, description="Instructor only")
    rubric: list[Criterion] | None = Field(default=None, min_length=1,
                                           description="Instructor only")
    sac: Controversy | None = None
    edition: Literal["full", "student"] = Field(
        default="full", description="'student': keys, model answer and rubric removed")

    @model_validator(mode="after")
    def _keys_present(self):
        if self.edition == "student":
            return self
        if self.model_answer is None or self.rubric is None:
            raise ValueError("model_answer and rubric are required (only a student edition "
                             "leaves them out)")
        for n, d in enumerate(self.documents, start=1):
            for m, c in enumerate(d.claims, start=1):
                if c.kind is None:
                    raise ValueError(f"document {n}: claim {m} has no kind (fact, "
                                     "interpretation or value)")
        return self

    @model_validator(mode="after")
    def _distinct_documents(self):
        seen = set()
        for n, d in enumerate(self.documents, start=1):
            if d.statement in seen:
                raise ValueError(f"document {n}: statement {d.statement} is already used")
            seen.add(d.statement)
        return self

    @property
    def record_chapter(self) -> str:
        """The chapter results records are filed under (the exercise id if none is set)."""
        return self.chapter or self.id

    def fields(self) -> list[str]:
        """Stable names of every grid control, in page order (``ST012-claim1``, ...)."""
        names = []
        for d in self.documents:
            names += [claim_field(d, m) for m in range(1, len(d.claims) + 1)]
            names += [f"{d.statement}-{suffix}" for suffix in GRID_COLUMNS]
        return names


def claim_field(document: Document, number: int) -> str:
    """The grid field for claim *number* (from 1) of *document*."""
    return f"{document.statement}-claim{number}"
