"""The parts the quiz, the exercise grid and the timeline share: lazy live view, saving."""

from __future__ import annotations

from types import SimpleNamespace

from afghan_course import progress
from afghan_course.display import DualDisplay, save_records


def _record(qid: str = "q1") -> dict:
    return {"kind": "quiz", "chapter": "demo", "objective": "D-1", "question_id": qid,
            "type": "single", "answer": "A", "correct": True, "score": 1.0, "points": 1.0,
            "time": "2026-01-01T00:00:00+00:00", "origin": "notebook"}


class _Widget:
    def _repr_mimebundle_(self):
        return {"application/vnd.jupyter.widget-view+json": {"model_id": "m1"}}


class _Shown(DualDisplay):
    def __init__(self):
        self.html = "<p>static</p>"
        self.made = 0

    def _make_live(self):
        self.made += 1
        return SimpleNamespace(widget=_Widget())

    def _summary(self):
        return "A demo"


def test_live_view_is_built_once_and_only_when_shown():
    shown = _Shown()
    assert shown.made == 0  # building the static HTML needs no widgets
    bundle = shown._repr_mimebundle_()
    shown._repr_mimebundle_()
    assert shown.made == 1
    assert bundle["text/plain"] == "A demo" and bundle["text/html"] == "<p>static</p>"
    assert bundle["application/vnd.jupyter.widget-view+json"] == {"model_id": "m1"}


def test_save_reports_where_it_saved(tmp_path):
    status = SimpleNamespace(value="")
    path = tmp_path / "r.json"
    assert save_records(status, [_record()], path, "Ada", "Could not save")
    assert "Saved to" in status.value and "r.json" in status.value
    assert progress.read(path)["learner"] == "Ada"


def test_save_shows_the_warning_when_a_corrupt_file_is_kept_aside(tmp_path):
    status = SimpleNamespace(value="")
    path = tmp_path / "r.json"
    path.write_text("{not json")
    assert save_records(status, [_record()], path, None, "Could not save")
    assert "⚠" in status.value and "kept it as" in status.value
    assert list(tmp_path.glob("r.json.corrupt-*"))[0].read_text() == "{not json"


def test_save_failure_is_shown_escaped_never_raised(tmp_path):
    status = SimpleNamespace(value="")
    blocker = tmp_path / "<b>dir"
    blocker.write_text("a file where a folder should be")
    ok = save_records(status, [_record()], blocker / "r.json", None, "Could not save <x>")
    assert not ok
    assert status.value.startswith("<p>⚠ Could not save &lt;x&gt;: ")
    assert "<b>" not in status.value
