"""Fault injection: every class of bad input gives one line (file, item, reason), a
non-zero exit and no change on disk; never a traceback.

One parametrised case per input class, run through the real command line (in process, or
as a subprocess where the course root itself is the fault). The README's "clear errors"
promise rests on this module.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from afghan_course import progress
from afghan_course.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GS = yaml.safe_load((ROOT / "quizzes" / "getting-started.yml").read_text(encoding="utf-8"))


def _read_only_dir(tmp_path: Path) -> Path:
    """A folder nobody can write in: /sys for root (permission bits do not stop root)."""
    if os.geteuid() == 0:
        probe = Path("/sys")
        try:
            (probe / "afghan-course-probe").touch()
        except OSError:
            return probe
        pytest.fail("no read-only folder for root: /sys is writable here")
    ro = tmp_path / "read-only"
    ro.mkdir()
    ro.chmod(0o555)
    return ro


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if not p.is_symlink()}


# ---- builders: each writes one faulty input into tmp and returns the command line ----

def _bank(tmp: Path, mutate: Callable[[dict], None], name: str = "getting-started.yml") -> Path:
    raw = copy.deepcopy(GS)
    mutate(raw)
    path = tmp / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _q(raw: dict, qid: str) -> dict:
    return next(q for q in raw["questions"] if q["id"] == qid)


def _numeric(raw: dict) -> dict:
    return next(q for q in raw["questions"] if q["type"] == "numeric")


def _pkg(tmp: Path, mutate_descriptor: Callable[[dict], None] | None = None,
         tables: tuple[str, ...] = ("sources", "facts", "events")) -> Path:
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] in tables]
    out = tmp / "pkg"
    out.mkdir()
    for r in pkg["resources"]:
        shutil.copy(DATA / r["path"], out / r["path"])
    if mutate_descriptor:
        mutate_descriptor(pkg)
    (out / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    return out


def _events_head(pkg: Path) -> str:
    return (pkg / "events.csv").read_text(encoding="utf-8").splitlines()[0]


def _results(tmp: Path, doc, name: str = "results.json") -> Path:
    path = tmp / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _good_results() -> dict:
    return {"format": "afghan-course-results", "version": 1, "learner": "Ada",
            "records": [{"kind": "quiz", "chapter": "getting-started", "objective": "GS-1",
                         "question_id": "gs-doha-party", "type": "truefalse", "answer": False,
                         "correct": True, "score": 1.0, "points": 1.0,
                         "time": "2026-11-28T10:00:00+00:00", "origin": "book"}]}


DEEP = '{"format": "afghan-course-results", "version": 1, "records": ' + "[" * 100_000 + \
    "]" * 100_000 + "}"


@dataclass
class Fault:
    name: str
    build: Callable[[Path], list[str]]
    where: str  # the file (or folder) the line must name
    reason: str  # words of the reason
    item: str | None = None  # the item (question, row, field) it must name


def _non_utf8_bank(tmp):
    path = tmp / "getting-started.yml"
    path.write_bytes("chapter: getting-started\ntitle: Caf\u00e9\n".encode("latin-1"))
    return ["quiz", "check", str(path)]


def _inf_key(tmp):
    return ["quiz", "check", str(_bank(tmp, lambda r: _numeric(r).update(answer=float("inf"))))]


def _inf_points(tmp):
    return ["quiz", "check", str(_bank(tmp, lambda r: _q(r, "gs-doha-party").update(
        points=float("inf"))))]


def _where_bad_date(tmp):
    def m(r):
        _q(r, "gs-first-recognition")["data_ref"]["where"] = {"date": "2025-13-45"}
    return ["quiz", "check", str(_bank(tmp, m))]


def _divide_by_date(tmp):
    def m(r):
        _q(r, "gs-ambassadors-accepted")["data_ref"]["divide_by"] = {
            "table": "engagement", "where": {"actor": "Russia", "step": "formal_recognition"},
            "field": "date"}
    return ["quiz", "check", str(_bank(tmp, m))]


def _divide_by_zero(tmp):
    def m(r):
        _q(r, "gs-ambassadors-accepted")["data_ref"]["divide_by"] = {
            "table": "engagement", "where": {"actor": "Nobody"}, "aggregate": "count"}
    return ["quiz", "check", str(_bank(tmp, m))]


def _missing_table(tmp):
    def m(r):
        _q(r, "gs-first-recognition")["data_ref"]["table"] = "no_such_table"
    return ["quiz", "check", str(_bank(tmp, m))]


def _duplicate_ids(tmp):
    a = _bank(tmp, lambda r: None)

    def one_question(r):
        r.update(chapter="other", questions=[_q(r, "gs-doha-party")])
    b = _bank(tmp, one_question, "other.yml")
    return ["quiz", "check", str(a), str(b)]


def _not_yaml(tmp):
    path = tmp / "getting-started.yml"
    path.write_text("chapter: [unclosed\n", encoding="utf-8")
    return ["quiz", "check", str(path)]


def _no_resources(tmp):
    return ["data", "check", "--data", str(_pkg(tmp, lambda d: d.pop("resources")))]


def _no_schema(tmp):
    def m(d):
        next(r for r in d["resources"] if r["name"] == "events").pop("schema")
    return ["data", "check", "--data", str(_pkg(tmp, m))]


def _data_file_is_folder(tmp):
    pkg = _pkg(tmp)
    (pkg / "events.csv").unlink()
    (pkg / "events.csv").mkdir()
    return ["data", "check", "--data", str(pkg)]


def _huge_cell(tmp):
    pkg = _pkg(tmp)
    head = _events_head(pkg)
    cells = ["x"] * len(head.split(","))
    cells[0] = "E999"
    cells[2] = "y" * (130 * 1024)
    with open(pkg / "events.csv", "a", encoding="utf-8") as fh:
        fh.write(",".join(cells) + "\n")
    return ["data", "check", "--data", str(pkg)]


def _header_only(tmp):
    pkg = _pkg(tmp)
    (pkg / "events.csv").write_text(_events_head(pkg) + "\n", encoding="utf-8")
    return ["data", "check", "--data", str(pkg)]


def _non_utf8_csv(tmp):
    pkg = _pkg(tmp)
    data = (pkg / "events.csv").read_bytes()
    (pkg / "events.csv").write_bytes(data + "E998,2022-01-01,Caf\u00e9\n".encode("latin-1"))
    return ["data", "check", "--data", str(pkg)]


def _package_not_json(tmp):
    pkg = _pkg(tmp)
    (pkg / "datapackage.json").write_text("{resources: ", encoding="utf-8")
    return ["data", "check", "--data", str(pkg)]


def _older_than_huge(tmp):
    return ["data", "review", "--older-than", "99999999y"]


def _deep_results(tmp):
    return ["progress", "summary", str(_results(tmp, DEEP))]


def _learner_not_text(tmp):
    doc = _good_results() | {"learner": {"name": ["Ada"]}}
    return ["progress", "summary", str(_results(tmp, doc))]


def _summary_of_folder(tmp):
    (tmp / "results").mkdir()
    return ["progress", "summary", str(tmp / "results")]


def _gradebook_only_deep(tmp):
    return ["gradebook", str(_results(tmp, DEEP)), "--out", str(tmp / "grades.csv")]


def _export_out_is_file(tmp):
    (tmp / "lms").write_text("not a folder", encoding="utf-8")
    return ["export", "--format", "gift", "--out", str(tmp / "lms")]


def _export_out_under_file(tmp):
    (tmp / "lms").write_text("not a folder", encoding="utf-8")
    return ["export", "--format", "json", "--out", str(tmp / "lms" / "sub")]


def _export_out_read_only(tmp):
    return ["export", "--format", "moodle-xml", "--out", str(_read_only_dir(tmp) / "lms")]


def _release_out_is_file(tmp):
    (tmp / "student").write_text("x", encoding="utf-8")
    return ["release", "--student", str(tmp / "student"), "--no-execute"]


def _release_out_read_only(tmp):
    return ["release", "--student", str(_read_only_dir(tmp) / "student"), "--no-execute"]


def _gradebook_out_is_folder(tmp):
    (tmp / "grades.csv").mkdir()
    return ["gradebook", str(_results(tmp, _good_results())), "--out", str(tmp / "grades.csv")]


def _gradebook_out_missing_folder(tmp):
    return ["gradebook", str(_results(tmp, _good_results())), "--out",
            str(tmp / "no" / "such" / "grades.csv")]


def _gradebook_out_read_only(tmp):
    return ["gradebook", str(_results(tmp, _good_results())), "--out",
            str(_read_only_dir(tmp) / "grades.csv")]


def _gradebook_chart_format(tmp):
    return ["gradebook", str(_results(tmp, _good_results())), "--out", str(tmp / "grades.csv"),
            "--chart", str(tmp / "x.xyz")]


def _item_analysis_out_read_only(tmp):
    return ["item-analysis", str(_results(tmp, _good_results())), "--out",
            str(_read_only_dir(tmp) / "items.csv")]


def _schema_out_is_folder(tmp):
    (tmp / "schema.json").mkdir()
    return ["quiz", "schema", "--out", str(tmp / "schema.json")]


FAULTS = [
    Fault("bank not UTF-8", _non_utf8_bank, "getting-started.yml", "not UTF-8"),
    Fault("bank not YAML", _not_yaml, "getting-started.yml", "not valid YAML", "line"),
    Fault("numeric key .inf", _inf_key, "getting-started.yml", "not a finite number",
          "question"),
    Fault("points .inf", _inf_points, "getting-started.yml", "not a finite number",
          "question gs-doha-party"),
    Fault("data_ref where with a bad date", _where_bad_date, "getting-started.yml",
          "is not a date", "question gs-first-recognition"),
    Fault("data_ref divide_by a date", _divide_by_date, "getting-started.yml", "not a number",
          "question gs-ambassadors-accepted"),
    Fault("data_ref division by zero", _divide_by_zero, "getting-started.yml",
          "division by zero", "question gs-ambassadors-accepted"),
    Fault("data_ref to a missing table", _missing_table, "getting-started.yml",
          "no table 'no_such_table'", "question gs-first-recognition"),
    Fault("question ids repeated across banks", _duplicate_ids, "other.yml",
          "duplicate id: also a question in", "question gs-doha-party"),
    Fault("datapackage.json without resources", _no_resources, "datapackage.json",
          "resources"),
    Fault("a resource without schema", _no_schema, "datapackage.json", "schema",
          "resource events"),
    Fault("datapackage.json not JSON", _package_not_json, "datapackage.json", "not valid JSON"),
    Fault("data file is a folder", _data_file_is_folder, "events.csv", "is a folder"),
    Fault("CSV cell over 128 KiB", _huge_cell, "events.csv", "longer than 128 KiB", "line"),
    Fault("table with only a header", _header_only, "events.csv", "no data rows", "row 2"),
    Fault("CSV not UTF-8", _non_utf8_csv, "events.csv", "not UTF-8"),
    Fault("data review --older-than 99999999y", _older_than_huge, "--older-than",
          "before the year 1"),
    Fault("results nested too deeply", _deep_results, "results.json", "nested too deeply"),
    Fault("results learner not text", _learner_not_text, "results.json", "must be text",
          "field learner"),
    Fault("progress summary of a folder", _summary_of_folder, "results", "is a folder"),
    Fault("gradebook of a too-deep file only", _gradebook_only_deep, "results.json",
          "nested too deeply"),
    Fault("export --out is a file", _export_out_is_file, "lms", "is a file, not a folder"),
    Fault("export --out under a file", _export_out_under_file, "lms", "is a file"),
    Fault("export --out read-only", _export_out_read_only, "lms", "cannot write"),
    Fault("release --student is a file", _release_out_is_file, "student",
          "is a file, not a folder"),
    Fault("release --student read-only", _release_out_read_only, "student", "cannot write"),
    Fault("gradebook --out is a folder", _gradebook_out_is_folder, "grades.csv", "is a folder"),
    Fault("gradebook --out in a missing folder", _gradebook_out_missing_folder, "grades.csv",
          "does not exist"),
    Fault("gradebook --out read-only", _gradebook_out_read_only, "grades.csv", "cannot write"),
    Fault("gradebook --chart x.xyz", _gradebook_chart_format, "x.xyz", "must end in .png"),
    Fault("item-analysis --out read-only", _item_analysis_out_read_only, "items.csv",
          "cannot write"),
    Fault("quiz schema --out is a folder", _schema_out_is_folder, "schema.json", "is a folder"),
]


# Closing summary lines, not per-problem ones.
SUMMARY = r"\d+ problem\(s\) found|error: (gradebook: )?no usable results file.*"


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_each_fault_is_one_clear_line(fault, tmp_path, capsys):
    argv = fault.build(tmp_path)
    capsys.readouterr()
    before = _snapshot(tmp_path)
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code
    out = capsys.readouterr()
    assert status not in (0, None), out
    # Per-problem lines; a closing count ("1 problem(s) found") is not one of them.
    errors = [line for line in out.err.splitlines()
              if not line.startswith(("warning:", "note:"))
              and not re.fullmatch(SUMMARY, line)]
    assert len(errors) == 1, out.err
    line = errors[0]
    assert "Traceback" not in out.err
    assert fault.where in line and fault.reason in line, line
    if fault.item:
        assert fault.item in line, line
    assert _snapshot(tmp_path) == before, "a failed command changed files"


# ---- the silent cases, now loud (or, for a BOM, accepted) ----

def _run(args: list[str], env: dict[str, str] | None = None, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "afghan_course.cli", *args], text=True,
                          stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
                          timeout=300)


def _course_root(tmp: Path) -> Path:
    root = tmp / "course"
    (root / "quizzes").mkdir(parents=True)
    (root / "data").symlink_to(DATA)
    return root


def test_quiz_check_with_no_banks_fails(tmp_path):
    root = _course_root(tmp_path)
    proc = _run(["quiz", "check"], {"AFGHAN_COURSE_ROOT": str(root)})
    assert proc.returncode == 1
    assert "no question banks" in proc.stderr and str(root / "quizzes") in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_file_not_named_like_a_bank_is_not_taken_for_one(tmp_path):
    root = _course_root(tmp_path)
    raw = copy.deepcopy(GS)
    (root / "quizzes" / "x.txt.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    (root / "quizzes" / "getting-started.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    proc = _run(["quiz", "check"], {"AFGHAN_COURSE_ROOT": str(root)})
    assert proc.returncode == 1
    assert "x.txt.yml: not a question bank" in proc.stderr
    assert "getting-started.yml: 5 questions" in proc.stdout or "questions" in proc.stdout
    assert "x.txt.yml: " not in proc.stdout


def test_a_bom_is_accepted_in_csv_and_banks(tmp_path, capsys):
    pkg = _pkg(tmp_path)
    for name in ("events.csv", "sources.csv"):
        (pkg / name).write_bytes(b"\xef\xbb\xbf" + (pkg / name).read_bytes())
    assert main(["data", "check", "--data", str(pkg)]) == 0
    bank = tmp_path / "getting-started.yml"
    bank.write_bytes(b"\xef\xbb\xbf" + (ROOT / "quizzes" / "getting-started.yml").read_bytes())
    assert main(["quiz", "check", str(bank)]) == 0
    assert "unexpected" not in capsys.readouterr().err


def test_many_bad_rows_are_capped(tmp_path):
    pkg = _pkg(tmp_path)
    head = _events_head(pkg)
    n = len(head.split(","))
    rows = [",".join([f"E{9000 + i}", "not-a-date"] + ["x"] * (n - 2)) for i in range(400)]
    (pkg / "events.csv").write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    proc = _run(["data", "check", "--data", str(pkg)])
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 52, lines[-3:]
    assert lines[50].startswith("… and ") and lines[50].endswith(" more")
    total = int(lines[51].split()[0])
    assert int(lines[50].split()[2]) == total - 50


def test_a_broken_stdout_is_one_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.fail("/dev/full is missing")
    with open("/dev/full", "w") as full:
        proc = _run(["syllabus"], stdout=full)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "error:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_too_deep_file_does_not_break_later_saves_or_the_gradebook(tmp_path, capsys):
    deep = _results(tmp_path, DEEP, "deep.json")
    with pytest.warns(UserWarning, match="nested too deeply"):
        progress.append([_good_results()["records"][0]], deep)
    assert progress.read(deep)["records"][0]["question_id"] == "gs-doha-party"
    kept = list(tmp_path.glob("deep.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == DEEP
    deep2 = _results(tmp_path, DEEP, "deep2.json")
    good = _results(tmp_path, _good_results(), "good.json")
    assert main(["gradebook", str(deep2), str(good), "--allow-name-only",
                 "--out", str(tmp_path / "g.csv")]) == 0
    err = capsys.readouterr().err
    assert "deep2.json" in err and "nested too deeply" in err
    assert "Ada" in (tmp_path / "g.csv").read_text(encoding="utf-8")


def test_many_errors_raised_in_a_notebook_are_capped_too():
    from afghan_course.errors import CourseError, CourseErrors

    lines = str(CourseErrors([CourseError("events.csv", "bad", item=f"row {i}")
                              for i in range(2, 302)])).splitlines()
    assert len(lines) == 51 and lines[-1] == "… and 250 more"
    assert lines[0] == "events.csv: row 2: bad"


def test_saving_to_a_folder_fails_in_one_line_and_moves_nothing(tmp_path):
    from afghan_course.errors import CourseError

    folder = tmp_path / "results.json"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CourseError, match="is a folder, not a results file"):
        progress.append([_good_results()["records"][0]], folder)
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"
    # Only the lock's side file may appear (every save takes it); nothing is set aside.
    assert sorted(p.name for p in tmp_path.iterdir()) in (["results.json"],
                                                           ["results.json", "results.json.lock"])
