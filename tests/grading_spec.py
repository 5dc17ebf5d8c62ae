"""Helpers shared by the grading conformance and differential tests.

The conformance table (``tests/grading-cases.json``) gives each question in a short bank
form; :func:`question` makes the pydantic question the Python grader takes, and
:func:`page_key` the key the book's page script takes (``render_html._key``, as the build
writes it). :class:`NodeGrader` runs the JavaScript grader in one Node process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from pydantic import TypeAdapter

from afghan_course.quiz.model import Question
from afghan_course.quiz.render_html import _key

TESTS = Path(__file__).resolve().parent
CASES_FILE = TESTS / "grading-cases.json"
NODE_RUNNER = TESTS / "js" / "grade_lines.js"
_ADAPTER = TypeAdapter(Question)


def load_cases() -> dict:
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))


def question(spec: dict, qid: str = "q"):
    """A full question of the model from the table's short form."""
    q = {"id": qid, "objective": "T-1", "level": "remember", "difficulty": "easy",
         "prompt": "p", "explanation": "e", "sources": ["S1"], "type": spec["type"]}
    t = spec["type"]
    if t in ("single", "multiple"):
        q["options"] = [{"text": o, "feedback": f"about {o}"} for o in spec["options"]]
        q["answer"] = spec["answer"]
    elif t == "truefalse":
        q.update(answer=spec["answer"], feedback_true="t", feedback_false="f")
    elif t == "numeric":
        q.update(answer=spec["answer"], tolerance=spec["tolerance"], unit=spec["unit"],
                 feedback_correct="yes", feedback_incorrect="no")
    elif t == "ordering":
        q["items"] = spec["items"]
    elif t == "matching":
        q["pairs"] = [{"left": a, "right": b} for a, b in spec["pairs"]]
        q["distractors"] = spec.get("distractors", [])
    elif t == "short":
        q.update(answers=spec["answers"], feedback_correct="yes", feedback_incorrect="no")
    elif t == "open":
        q.update(model_answer="m", rubric=[{"criterion": "c", "levels": ["a", "b"]}])
    return _ADAPTER.validate_python(q)


def page_key(q) -> dict:
    """The key the page script grades with, exactly as the build embeds it."""
    return _key(q, {})


def node() -> str | None:
    return shutil.which("node") or shutil.which("nodejs")


class NodeGrader:
    """One Node process grading {key, answer} lines with the book's grader."""

    def __init__(self) -> None:
        exe = node()
        if exe is None:
            raise RuntimeError("node is not installed")
        self.proc = subprocess.Popen([exe, str(NODE_RUNNER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def grade(self, key: dict, answer) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"key": key, "answer": answer}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the Node grader stopped")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)
