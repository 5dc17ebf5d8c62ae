"""The results file: atomic appends, concurrent writers, corrupt files kept aside."""

from __future__ import annotations

import multiprocessing as mp
import warnings

import pytest

from afghan_course import progress
from afghan_course.cli import main
from afghan_course.errors import CourseError
from afghan_course.quiz import grade, load_bank


def _record(qid="q1", score=1.0, chapter="demo", objective="D-1", time="2026-01-01T00:00:00+00:00"):
    return {"kind": "quiz", "chapter": chapter, "objective": objective, "question_id": qid,
            "type": "single", "answer": "A", "correct": score == 1, "score": score,
            "points": 1.0, "time": time, "origin": "notebook"}


def test_append_creates_and_extends(tmp_path):
    path = tmp_path / "r.json"
    progress.append([_record()], path, learner="Ada")
    progress.append([_record("q2", 0.0)], path)
    doc = progress.read(path)
    assert doc["learner"] == "Ada" and [r["question_id"] for r in doc["records"]] == ["q1", "q2"]
    assert not list(tmp_path.glob("*.tmp"))


def _writer(args):
    path, n, who = args
    for i in range(n):
        progress.append([_record(f"{who}-{i}")], path)


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "r.json"
    ctx = mp.get_context("fork")
    with ctx.Pool(4) as pool:
        pool.map(_writer, [(str(path), 25, f"w{k}") for k in range(4)])
    ids = [r["question_id"] for r in progress.read(path)["records"]]
    assert len(ids) == 100 and len(set(ids)) == 100


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": "other"}', "\udcff"])
def test_corrupt_file_is_kept_aside(tmp_path, content):
    path = tmp_path / "r.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress.append([_record()], path)
    assert any("kept it as" in str(w.message) for w in caught)
    aside = list(tmp_path.glob("r.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content.encode("utf-8", "surrogateescape")
    assert len(progress.read(path)["records"]) == 1


def test_read_reports_foreign_files(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"format": "afghan-course-results", "version": 1, "records": [{"kind": "quiz"}]}')
    with pytest.raises(CourseError) as exc:
        progress.read(p)
    assert "record 1" in exc.value.line() and "\n" not in exc.value.line()


def test_summary_command(tmp_path, capsys):
    path = tmp_path / "r.json"
    bank = load_bank("getting-started")
    q = bank.question("gs-first-recognition")
    progress.append([progress.quiz_record(grade(q, "Russia"), q, bank.chapter)], path, "Ada")
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    assert main(["progress", "summary", str(path), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "learner: Ada" in captured.out and "(100%)" in captured.out
    n = len(bank.questions)
    assert f"completion 1/{n} ({round(100 / n, 1):g}%)" in captured.out
    assert "bad.json: not valid JSON" in captured.err
    assert bad.read_text() == "nope"


# ---------------------------------------------------------------- the file treated with respect


def test_append_follows_a_symlink_to_its_target(tmp_path):
    real = tmp_path / "store" / "results.json"
    real.parent.mkdir()
    progress.append([_record("q1")], real)
    link = tmp_path / "results-link.json"
    link.symlink_to(real)
    written = progress.append([_record("q2")], link)
    assert link.is_symlink() and written == real
    assert [r["question_id"] for r in progress.read(real)["records"]] == ["q1", "q2"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_append_keeps_the_file_mode(tmp_path):
    path = tmp_path / "r.json"
    progress.append([_record("q1")], path)
    path.chmod(0o640)
    progress.append([_record("q2")], path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert len(progress.read(path)["records"]) == 2


def test_a_read_only_file_is_refused_in_one_line_and_left_alone(tmp_path):
    path = tmp_path / "r.json"
    progress.append([_record("q1")], path)
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(CourseError) as exc:
        progress.append([_record("q2")], path)
    assert exc.value.line() == f"{path}: is not writable (permission denied); nothing was saved"
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444


def test_a_temporary_left_by_a_crash_is_removed_by_the_next_write(tmp_path):
    path = tmp_path / "r.json"
    stale = tmp_path / ".r.json.0123456789ab.tmp"
    stale.write_text("half a docu")
    older = tmp_path / "r.json.k2j4h5g_.tmp"  # what earlier versions left (mkstemp)
    older.write_text("half")
    other = tmp_path / ".other.json.0123456789ab.tmp"
    other.write_text("not ours")
    progress.append([_record("q1")], path)
    assert not stale.exists() and not older.exists() and other.exists()


_SLOW_WRITER = """
import sys
from afghan_course import progress
big = "x" * 200_000
n = 0
while True:
    n += 1
    progress.append([{"kind": "quiz", "chapter": "demo", "objective": "D-1",
                      "question_id": f"q{n}", "type": "short", "answer": big, "correct": False,
                      "score": 0.0, "points": 1.0, "time": "2026-01-01T00:00:00+00:00"}],
                    sys.argv[1])
    print(n, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_no_temporary_and_a_readable_file(tmp_path):
    """SIGKILL a process appending large records, at several moments: nothing is left.

    With ``O_TMPFILE`` naming (most Linux systems) nothing is ever left; where the system
    refuses it, the stray temporary is removed the next time the file is opened.
    """
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "r.json"
    for delay in (0.05, 0.2, 0.35, 0.5, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(path)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one append has landed
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if progress._unnamed_works:  # the new content had no name until it was complete
            assert left == []
        progress.tidy(path)  # what a live view does when it opens
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        doc = progress.read(path)  # whole: the old content or the new, never half
        assert doc["records"]
    count = len(progress.read(path)["records"])
    progress.append([_record("after")], path)
    assert len(progress.read(path)["records"]) == count + 1
