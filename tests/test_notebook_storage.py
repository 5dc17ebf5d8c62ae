"""Every notebook is stored executed, in order, and is part of the nbval run.

nbval compares a fresh run with the stored outputs, so a notebook saved without outputs,
run out of order, or left out of the run would silently escape the check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from afghan_course.notebooks import find_notebooks, storage_problems

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "nbval"
NOTEBOOKS = find_notebooks(ROOT)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebook found in book/ or exercises/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_stored_executed_in_order(nb):
    assert storage_problems(nb) == []


def test_every_notebook_is_collected_by_nbval():
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--collect-only", "-q", "-p", "no:xdist",
         "book", "exercises"], cwd=ROOT, capture_output=True, text=True)
    collected = {line.split("::")[0] for line in out.stdout.splitlines() if ".ipynb::" in line}
    expected = {str(p.relative_to(ROOT)) for p in NOTEBOOKS}
    assert expected - collected == set(), out.stdout[-2000:] + out.stderr[-2000:]


def test_storage_problems_are_reported(tmp_path):
    nb = nbformat.read(FIXTURES / "arithmetic.ipynb", as_version=4)
    nb.cells[1].execution_count = 5
    bad = tmp_path / "out_of_order.ipynb"
    nbformat.write(nb, bad)
    assert any("execution counts" in p for p in storage_problems(bad))
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    nbformat.write(nb, bad)
    assert any("never executed" in p for p in storage_problems(bad))


def _nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:xdist", "-q",
         "--sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), str(path)],
        cwd=path.parent, capture_output=True, text=True)


def test_changed_stored_output_fails_nbval(tmp_path):
    good = tmp_path / "arithmetic.ipynb"
    shutil.copy(FIXTURES / "arithmetic.ipynb", good)
    ok = _nbval(good)
    assert ok.returncode == 0, ok.stdout[-3000:]

    nb = nbformat.read(good, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.outputs)
    cell.outputs[0]["data"]["text/plain"] = "41"
    changed = tmp_path / "changed.ipynb"
    nbformat.write(nb, changed)
    bad = _nbval(changed)
    assert bad.returncode != 0
    assert "41" in bad.stdout and "42" in bad.stdout
