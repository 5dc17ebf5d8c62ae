"""The live quiz in a real JupyterLab and Notebook 7, driven through Chromium.

One Jupyter server per module is started on 127.0.0.1 (a free port, a token, a temporary home,
settings folder and results file) and stopped at the end; it serves both JupyterLab and
Notebook 7. The notebook under test holds a stored quiz output and MyST markup, as the
course's chapters do. Checked here: the stored copy before the cell runs, MyST rendered,
arrow keys inside a radio group, Enter on a button, a save failure shown at its question,
the dead view after a kernel restart and the resume after re-running the cell.

Without Chromium or Playwright these tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_browser import _browser_executable

from afghan_course import quiz
from afghan_course.quiz.bank import load_bank

TOKEN = "afghan-course-test"
CHAPTER = "getting-started"
CITE_KEY = "wikipedia-2020-united-states"
SETTINGS = {  # no news pop-up over the page; every cell rendered, so every output is there
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, method: str = "GET") -> object:
    req = urllib.request.Request(f"{base}{path}", method=method,
                                 headers={"Authorization": f"token {TOKEN}"},
                                 data=b"{}" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return json.loads(body) if body else None


def _notebook(folder: Path) -> None:
    """A chapter-like notebook: MyST prose, then the quiz with its stored output."""
    display = quiz.show(CHAPTER)
    bundle = display._repr_mimebundle_()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# MyST check\n\nThe {term}`recognition of governments` is read as in the book "
            f"{{cite}}`{CITE_KEY}`; see also {{doc}}`recognition`.\n\n"
            ":::{note}\nA note block.\n:::\n"),
        nbformat.v4.new_code_cell("from afghan_course import quiz\n\n"
                                  f'quiz.show("{CHAPTER}")', execution_count=1,
                                  outputs=[nbformat.v4.new_output("display_data", data=bundle)]),
    ]
    nbformat.write(nb, folder / "quiz.ipynb")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Jupyter server (JupyterLab + Notebook 7) on a free port; yields its details."""
    executable = _browser_executable()
    base_dir = tmp_path_factory.mktemp("jupyter")
    home, notebooks = base_dir / "home", base_dir / "notebooks"
    settings = base_dir / "settings"
    for d in (home, notebooks, settings):
        d.mkdir()
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    _notebook(notebooks)
    results = base_dir / "results.json"
    port = _free_port()
    env = {**os.environ, "HOME": str(home), "AFGHAN_COURSE_RESULTS": str(results),
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
           "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTER_RUNTIME_DIR": str(base_dir / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={TOKEN}",
           f"--ServerApp.root_dir={notebooks}", "--ServerApp.port_retries=0"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(base_dir / "server.log", "w")
    proc = subprocess.Popen(cmd, cwd=notebooks, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _api(base, "/api/status")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                output = (base_dir / "server.log").read_text()
                pytest.fail(f"Jupyter server did not start: {output}")
            time.sleep(0.2)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield {"base": base, "results": results, "browser": browser, "notebooks": notebooks}
        browser.close()
    for kernel in _api(base, "/api/kernels"):
        _api(base, f"/api/kernels/{kernel['id']}", "DELETE")
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def lab(server):
    """The test notebook open in JupyterLab (one page for the module's ordered steps)."""
    page = server["browser"].new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server['base']}/lab/tree/quiz.ipynb?token={TOKEN}")
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)
    _wait_idle(page)
    yield page
    page.close()


def _wait_idle(page, timeout: float = 60.0) -> None:
    """Wait until a kernel is connected to the page and idle (server and page agree)."""
    base = page.url.split("/lab/")[0].split("/notebooks/")[0]
    deadline = time.monotonic() + timeout
    while True:
        try:
            kernels = _api(base, "/api/kernels")
        except OSError:  # the server can answer 500 while a kernel is being started
            kernels = None
        if kernels and all(k["connections"] > 0 and k["execution_state"] == "idle"
                           for k in kernels):
            break
        assert time.monotonic() < deadline, f"the kernel did not become idle: {kernels}"
        time.sleep(0.2)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status=idle]").first.wait_for(
        state="attached", timeout=timeout * 1000)


def _wait_quiet(page, timeout: float = 30.0) -> None:
    """Wait until the kernel has handled every widget update the page sent.

    ipywidgets holds back a control's change while an earlier one is in flight and sends it
    when the kernel goes idle, while a button press goes at once; a test that presses Check
    straight after arrow keys waits for the kernel to be idle with no new activity first.
    """
    base = page.url.split("/lab/")[0].split("/notebooks/")[0]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        kernels = _api(base, "/api/kernels")
        now = [(k["execution_state"], k["last_activity"]) for k in kernels]
        if last == now and all(state == "idle" for state, _ in now):
            return
        last = now
        time.sleep(0.3)
    raise AssertionError(f"the kernel did not settle: {last}")


def _run_quiz_cell(page) -> None:
    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    page.locator(".ac-live:not(.jupyter-widgets-disconnected)").wait_for(timeout=60_000)
    _wait_idle(page)


def _question(page, qtype: str):
    bank = load_bank(CHAPTER)
    n = next(i for i, q in enumerate(bank.questions) if q.type == qtype)
    return page.locator(".ac-live .ac-q").nth(n), bank.questions[n], n + 1


def _active_cell(page) -> int:
    return page.evaluate("() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))"
                         ".findIndex(c => c.classList.contains('jp-mod-active'))")


# ---------------------------------------------------------------- ordered steps, one notebook


def test_stored_copy_says_run_this_cell_and_myst_is_rendered(lab):
    output = lab.locator(".jp-Notebook .jp-CodeCell .jp-OutputArea-output").first
    output.wait_for()
    text = output.inner_text()
    assert "run this cell to answer here" in text
    assert "needs JavaScript" not in text and "Error displaying widget" not in text
    markdown = lab.locator(".jp-Notebook .jp-MarkdownCell").first
    shown = " ".join(markdown.locator(".jp-RenderedMarkdown, .jp-RenderedMySTMarkdown, "
                                      ".myst").first.inner_text().split())
    assert "{term}" not in shown and "{cite}" not in shown and ":::" not in shown, shown
    assert "recognition of governments" in shown and "A note block." in shown
    assert CITE_KEY in shown or "United States–Taliban deal" in shown, shown


def test_arrow_keys_change_the_answer_not_the_cell(lab):
    _run_quiz_cell(lab)
    li, q, _ = _question(lab, "single")
    radios = li.locator("input[type=radio]")
    radios.first.focus()
    lab.keyboard.press("Space")
    before = _active_cell(lab)
    lab.keyboard.press("ArrowDown")
    assert radios.nth(1).is_checked() and not radios.first.is_checked()
    assert _active_cell(lab) == before, "the arrow key moved to another cell"
    assert radios.nth(1).evaluate("e => e === document.activeElement")
    lab.keyboard.press("ArrowUp")
    assert radios.first.is_checked()
    _wait_quiet(lab)
    outline = radios.first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the focused radio button has no visible focus"
    check = li.locator("button", has_text="Check")
    check.focus()
    lab.keyboard.press("Enter")
    li.locator(".ac-verdict").wait_for()
    assert lab.locator(".jp-Notebook.jp-mod-editMode").count() == 0, "Enter edited the cell"
    assert _active_cell(lab) == before
    # Looks like the book: boxed, a verdict in words with an icon, links that look like links.
    assert li.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    verdict = li.locator(".ac-verdict").inner_text()
    assert verdict.startswith(("✓ Correct", "✗ Not correct")), verdict
    link = li.locator(".ac-explanation a").first
    assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_a_save_failure_is_shown_at_its_question(lab, server):
    results: Path = server["results"]
    assert results.exists(), "the first check was not saved"
    results.chmod(0o444)
    try:
        li, q, number = _question(lab, "truefalse")
        li.locator("input[type=radio]").first.check()
        li.locator("button", has_text="Check").click()
        note = li.locator(".ac-save-note")
        note.get_by_text(f"Not saved (question {number})").wait_for()
        assert "is not writable" in note.inner_text()
        assert "not saved" in lab.locator(".ac-live .ac-summary").inner_text()
    finally:
        results.chmod(0o644)
    li2, q2, _ = _question(lab, "short")
    li2.locator("input[type=text]").fill(q2.answers[0])
    li2.locator("button", has_text="Check").click()
    li2.locator(".ac-save-note").get_by_text("Saved to").wait_for()
    assert f"Not saved (question {number})" in li.locator(".ac-save-note").inner_text()


def test_after_a_kernel_restart_the_view_says_so_and_a_rerun_resumes(lab, server):
    li, q, _ = _question(lab, "single")
    chosen = li.locator("input[type=radio]:checked").get_attribute("value")
    summary = lab.locator(".ac-live .ac-summary").inner_text()
    lab.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()  # as a learner does
    lab.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel…$")).click()
    lab.locator(".jp-Dialog .jp-mod-accept").click()
    dead = lab.locator(".ac-live.jupyter-widgets-disconnected > .ac-dead-note")
    dead.wait_for(state="visible", timeout=30_000)
    assert "Re-run this cell" in dead.inner_text()
    _wait_idle(lab)
    _run_quiz_cell(lab)
    li, q, _ = _question(lab, "single")
    assert li.locator("input[type=radio]:checked").get_attribute("value") == chosen
    assert li.locator(".ac-verdict").count() == 1
    resumed = lab.locator(".ac-live .ac-summary").inner_text()
    assert resumed.split(";")[0].rstrip(")") == summary.split(";")[0].rstrip(")"), resumed
    assert "2 of" in resumed  # the single and the short answer; the unsaved one is not back


def test_notebook7_runs_the_quiz_and_keeps_arrow_keys(server):
    page = server["browser"].new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(f"{server['base']}/notebooks/quiz.ipynb?token={TOKEN}")
        page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)
        _wait_idle(page)
        _run_quiz_cell(page)
        li, q, _ = _question(page, "single")
        radios = li.locator("input[type=radio]")
        radios.first.focus()
        page.keyboard.press("Space")
        before = _active_cell(page)
        page.keyboard.press("ArrowDown")
        assert radios.nth(1).is_checked() and _active_cell(page) == before
        _wait_quiet(page)
        check = li.locator("button", has_text="Check")
        check.focus()
        page.keyboard.press("Enter")
        li.locator(".ac-verdict").wait_for()
        assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 0
    finally:
        page.close()
