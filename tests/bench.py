"""`make bench`: how heavy the course is, measured (a script, not a timed test).

Prints Markdown tables for the README:

1. nbval time of each notebook against a baseline notebook that only runs the same import
   lines, as a ratio (our content's cost over the unavoidable kernel start and imports);
2. a cold book build (empty build folder and execution cache) and a warm rebuild after
   touching one notebook;
3. each page's weight: the HTML and everything the browser loads for it (Chromium), and the
   largest page.

Targets (from the course's performance budget): every chapter page at most 1.5 MB with what
it loads, nbval ratio at most 2 for every notebook, warm rebuild under 30 s. A missed target
is printed as such and makes the script exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
BUILD = BOOK / "_build"
HTML = BUILD / "html"
PY = sys.executable
PAGE_BUDGET = 1.5e6
RATIO_BUDGET = 2.0
WARM_BUDGET = 30.0
IMPORT = re.compile(r"^\s*(import\s+\S|from\s+\S+\s+import\s)")


def notebooks() -> list[Path]:
    found = []
    for folder in ("book", "exercises"):
        found += [p for p in (ROOT / folder).rglob("*.ipynb")
                  if "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    return sorted(found)


def baseline_for(nb_path: Path, folder: Path) -> Path:
    """A notebook with one cell holding every import line of *nb_path*, stored executed."""
    nb = nbformat.read(nb_path, as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [ln.strip() for ln in cell.source.splitlines() if IMPORT.match(ln)]
    base = nbformat.v4.new_notebook()
    base.metadata = nb.metadata
    base.cells = [nbformat.v4.new_code_cell("\n".join(dict.fromkeys(lines)) or "pass")]
    out = folder / f"baseline-{nb_path.stem}.ipynb"
    nbformat.write(base, out)
    subprocess.run([PY, "-m", "afghan_course.notebooks", "execute", str(out)], check=True,
                   cwd=ROOT, capture_output=True)
    return out


def nbval_seconds(path: Path, repeat: int) -> float:
    """Best wall time of ``pytest --nbval`` on one notebook (best of *repeat*)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider",
                              "--nbval", "--sanitize-with", "tests/nbval_sanitize.cfg", str(path)],
                             cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"{path.name}: nbval failed:\n{run.stdout[-2000:]}")
        best = min(best, elapsed)
    return best


def bench_nbval(repeat: int) -> tuple[list[dict], bool]:
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        for nb in notebooks():
            base = baseline_for(nb, Path(tmp))
            t_base = nbval_seconds(base, repeat)
            t_nb = nbval_seconds(nb, repeat)
            ratio = t_nb / t_base
            ok &= ratio <= RATIO_BUDGET
            rows.append({"notebook": nb.relative_to(ROOT).as_posix(), "baseline_s": t_base,
                         "nbval_s": t_nb, "ratio": ratio})
    return rows, ok


def build_seconds(env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([str(Path(PY).parent / "jupyter-book"), "build", str(BOOK), "--warningiserror",
                    "--nitpick", "--keep-going", "--quiet"], check=True, cwd=ROOT,
                   capture_output=True, env=env)
    return time.perf_counter() - start


def bench_build() -> tuple[dict, bool]:
    shutil.rmtree(BUILD, ignore_errors=True)
    cold = build_seconds()
    touched = BOOK / "recognition.ipynb"
    os.utime(touched)
    warm = build_seconds()
    return ({"cold_s": cold, "warm_s": warm, "touched": touched.name}, warm <= WARM_BUDGET)


def bench_pages() -> tuple[list[dict], bool]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("AFGHAN_COURSE_CHROMIUM", "/usr/bin/chromium")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("*.html"))
    chapters = {p.stem for p in BOOK.glob("*.ipynb")}
    rows, ok = [], True
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name in pages:
            context = browser.new_context()
            page = context.new_page()
            sizes: dict[str, int] = {}

            def record(response, sizes=sizes):
                try:
                    sizes[response.url] = len(response.body())
                except Exception:  # a redirect or aborted load has no body
                    sizes.setdefault(response.url, 0)

            page.on("response", record)
            page.goto(base + name, wait_until="networkidle")
            context.close()
            total = sum(sizes.values())
            html_bytes = (HTML / name).stat().st_size
            is_chapter = Path(name).stem in chapters
            if is_chapter:
                ok &= total <= PAGE_BUDGET
            rows.append({"page": name, "html_kb": html_bytes / 1e3, "total_kb": total / 1e3,
                         "requests": len(sizes), "notebook": is_chapter})
        browser.close()
    server.shutdown()
    return rows, ok


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="nbval runs per notebook (best of)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["nbval", "build", "pages"], help="leave out one measurement")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results, ok = {}, True
    if "nbval" not in args.skip:
        rows, good = bench_nbval(args.repeat)
        ok &= good
        results["nbval"] = rows
        print("\n| Notebook | baseline nbval (s) | nbval (s) | ratio |\n|---|---:|---:|---:|")
        for r in rows:
            flag = "" if r["ratio"] <= RATIO_BUDGET else " **over 2**"
            print(f"| {r['notebook']} | {r['baseline_s']:.1f} | {r['nbval_s']:.1f} | "
                  f"{r['ratio']:.2f}{flag} |")
    if "build" not in args.skip:
        build, good = bench_build()
        ok &= good
        results["build"] = build
        print(f"\n| Build | seconds |\n|---|---:|\n| cold `make book` (empty cache) | "
              f"{build['cold_s']:.1f} |\n| warm rebuild after touching {build['touched']} | "
              f"{build['warm_s']:.1f} |")
    if "pages" not in args.skip:
        rows, good = bench_pages()
        ok &= good
        results["pages"] = rows
        print("\n| Page | HTML (kB) | with everything it loads (kB) | requests |\n"
              "|---|---:|---:|---:|")
        for r in rows:
            flag = " **over 1.5 MB**" if r["notebook"] and r["total_kb"] > PAGE_BUDGET / 1e3 else ""
            print(f"| {r['page']} | {r['html_kb']:.0f} | {r['total_kb']:.0f}{flag} | "
                  f"{r['requests']} |")
        largest = max(rows, key=lambda r: r["total_kb"])
        print(f"\nLargest page: {largest['page']} ({largest['total_kb']:.0f} kB)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print("\nAll targets met." if ok else "\nSome targets were missed (see above).")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
