"""Execute and save the course notebooks (``make notebooks``), and check how they are stored.

Notebooks are stored with their outputs so that nbval can compare a fresh run against
them; this module re-runs each one top to bottom in a fresh kernel and saves it, and
offers the checks the test suite applies to every stored notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

NOTEBOOK_DIRS = ("book", "exercises")


def find_notebooks(root: str | Path) -> list[Path]:
    """Every course notebook below *root*, skipping build output and checkpoints."""
    root = Path(root)
    found = []
    for d in NOTEBOOK_DIRS:
        for p in sorted((root / d).rglob("*.ipynb")):
            if "_build" in p.parts or ".ipynb_checkpoints" in p.parts:
                continue
            found.append(p)
    return found


def storage_problems(path: str | Path) -> list[str]:
    """Why a stored notebook would not serve as nbval's reference (empty list: fine)."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several types for unreadable files
        return [f"{path}: unreadable notebook ({exc.__class__.__name__})"]
    problems = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    if any(n is None for n in counts):
        problems.append(f"{path}: has code cells that were never executed")
    elif counts != list(range(1, len(counts) + 1)):
        problems.append(f"{path}: execution counts are {counts}, not 1..{len(counts)} "
                        "(run it top to bottom in a fresh kernel: make notebooks)")
    if code and not any(c.get("outputs") for c in code):
        problems.append(f"{path}: saved without outputs")
    for c in code:
        for out in c.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{path}: stored output holds an error ({out.get('ename')})")
    return problems


def execute(path: str | Path, timeout: int = 300) -> None:
    """Run a notebook in a fresh kernel from its own folder and save it in place."""
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    # Widget state would be embedded in the book's pages; the static quiz needs none of it.
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "execute":
        print("usage: python -m afghan_course.notebooks execute NOTEBOOK...", file=sys.stderr)
        return 2
    for p in argv[1:]:
        print(f"executing {p}", flush=True)
        execute(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
