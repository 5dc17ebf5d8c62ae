"""Deployment helpers: nbgitpuller links round-trip through URL parsing with the parameters
nbgitpuller documents, bad input fails in one line with exit status 2, and the book's launch
buttons appear only when a repository URL is given."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from afghan_course import cli
from afghan_course.deploy import (
    COLAB_URL,
    launch_options,
    merge_theme_options,
    nbgitpuller_link,
    repo_dir_name,
)
from afghan_course.errors import CourseError

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/example-org/afghan-course.git"


def _parse(link: str) -> tuple:
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    return parts, {k: v[0] for k, v in query.items()}, query


def test_link_has_nbgitpuller_parameters():
    link = nbgitpuller_link("https://hub.example.edu", REPO, "main", "book/recognition.ipynb")
    parts, query, raw = _parse(link)
    assert (parts.scheme, parts.netloc, parts.path) == \
        ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert all(len(v) == 1 for v in raw.values())
    assert query == {"repo": REPO, "branch": "main",
                     "urlpath": "lab/tree/afghan-course/book/recognition.ipynb"}


@pytest.mark.parametrize("repo, branch, path, app", [
    ("https://gitlab.example.edu/group/sub/course", "release/2026", "book/a b&c=d#e?.ipynb",
     "notebook"),
    ("git@github.com:example-org/afghan-course.git", "main", None, "lab"),
    ("https://github.com/o/r.git", "feature+x", "exercises/über.ipynb", "lab"),
])
def test_link_round_trips(repo, branch, path, app):
    link = nbgitpuller_link("https://hub.example.edu/", repo, branch, path, app)
    assert " " not in link and "#" not in link
    _, query, _ = _parse(link)
    folder = repo_dir_name(repo)
    prefix = "lab/tree" if app == "lab" else "tree"
    assert query["repo"] == repo
    assert query["branch"] == branch
    assert query["urlpath"] == f"{prefix}/{folder}" + (f"/{path}" if path else "")


def test_hub_under_a_path_prefix_keeps_it():
    parts, _, _ = _parse(nbgitpuller_link("https://uni.example.edu/jhub/", REPO))
    assert parts.path == "/jhub/hub/user-redirect/git-pull"


@pytest.mark.parametrize("repo, folder", [
    ("https://github.com/o/afghan-course.git", "afghan-course"),
    ("https://github.com/o/afghan-course/", "afghan-course"),
    ("ssh://git@example.edu:2222/srv/course.git", "course"),
    ("git@github.com:o/course.git", "course"),
])
def test_repo_folder_is_what_git_clone_makes(repo, folder):
    assert repo_dir_name(repo) == folder


@pytest.mark.parametrize("kwargs, field", [
    ({"hub": "hub.example.edu"}, "--hub"),
    ({"hub": "ftp://hub.example.edu"}, "--hub"),
    ({"hub": "https://"}, "--hub"),
    ({"hub": "https://hub.example.edu/?next=x"}, "--hub"),
    ({"repo": "not a url"}, "--repo"),
    ({"repo": "/home/me/course"}, "--repo"),
    ({"repo": "https://github.com/"}, "--repo"),
    ({"repo": "https://github.com/o/r?ref=x"}, "--repo"),
    ({"branch": "a..b"}, "--branch"),
    ({"branch": "-x"}, "--branch"),
    ({"branch": "a b"}, "--branch"),
    ({"path": "/etc/passwd"}, "--path"),
    ({"path": "book/../../x"}, "--path"),
    ({"app": "rstudio"}, "--app"),
])
def test_bad_input_is_rejected(kwargs, field):
    args = {"hub": "https://hub.example.edu", "repo": REPO, "branch": "main",
            "path": "book/recognition.ipynb", "app": "lab", **kwargs}
    with pytest.raises(CourseError) as info:
        nbgitpuller_link(**args)
    assert info.value.line().startswith(f"{field}: ")
    assert "\n" not in info.value.line()


def test_cli_prints_the_link(capsys):
    code = cli.main(["nbgitpuller-link", "--hub", "https://hub.example.edu", "--repo", REPO,
                     "--path", "book/recognition.ipynb", "--app", "notebook"])
    out, err = capsys.readouterr()
    assert code == 0 and err.startswith("note: learners pull the whole repository")
    _, query, _ = _parse(out.strip())
    assert query["urlpath"] == "tree/afghan-course/book/recognition.ipynb"


def test_cli_rejects_a_bad_hub_in_one_line(capsys):
    code = cli.main(["nbgitpuller-link", "--hub", "hub.example.edu", "--repo", REPO])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: --hub: ")


def test_cli_warns_about_a_path_the_course_lacks(capsys):
    code = cli.main(["nbgitpuller-link", "--hub", "https://hub.example.edu", "--repo", REPO,
                     "--path", "book/no-such-page.ipynb"])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("https://hub.example.edu/hub/")
    assert err.startswith("warning: book/no-such-page.ipynb")


def test_cli_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "nbgitpuller-link" in out and "syllabus" in out


# --- launch buttons ---------------------------------------------------------------------

def test_no_launch_options_without_a_repository():
    assert launch_options({}) == {}
    assert launch_options({"AFGHAN_COURSE_REPO_URL": "  ", "AFGHAN_COURSE_BRANCH": "x"}) == {}


def test_a_launch_service_without_a_repository_is_an_error():
    with pytest.raises(CourseError, match="AFGHAN_COURSE_REPO_URL is not"):
        launch_options({"AFGHAN_COURSE_HUB_URL": "https://hub.example.edu"})


def test_repository_alone_adds_no_buttons():
    assert launch_options({"AFGHAN_COURSE_REPO_URL": REPO}) == {
        "repository_url": "https://github.com/example-org/afghan-course",
        "repository_branch": "main", "path_to_docs": "book"}


def test_every_launch_service():
    env = {"AFGHAN_COURSE_REPO_URL": "https://github.com/example-org/afghan-course/",
           "AFGHAN_COURSE_BRANCH": "spring-2027",
           "AFGHAN_COURSE_HUB_URL": "https://hub.example.edu/",
           "AFGHAN_COURSE_BINDER_URL": "https://mybinder.org",
           "AFGHAN_COURSE_COLAB": "yes"}
    assert launch_options(env) == {
        "repository_url": "https://github.com/example-org/afghan-course",
        "repository_branch": "spring-2027",
        "path_to_docs": "book",
        "launch_buttons": {"jupyterhub_url": "https://hub.example.edu",
                           "binderhub_url": "https://mybinder.org",
                           "colab_url": COLAB_URL,
                           "notebook_interface": "jupyterlab",
                           "thebe": False}}
    classic = launch_options({**env, "AFGHAN_COURSE_NOTEBOOK_INTERFACE": "classic"})
    assert classic["launch_buttons"]["notebook_interface"] == "classic"


@pytest.mark.parametrize("env, variable", [
    ({"AFGHAN_COURSE_REPO_URL": "https://codeberg.org/o/r"}, "AFGHAN_COURSE_REPO_URL"),
    ({"AFGHAN_COURSE_REPO_URL": "https://github.com/only-owner"}, "AFGHAN_COURSE_REPO_URL"),
    ({"AFGHAN_COURSE_REPO_URL": "github.com/o/r"}, "AFGHAN_COURSE_REPO_URL"),
    ({"AFGHAN_COURSE_REPO_URL": "https://gitlab.com/o/r", "AFGHAN_COURSE_COLAB": "1"},
     "AFGHAN_COURSE_COLAB"),
    ({"AFGHAN_COURSE_REPO_URL": REPO, "AFGHAN_COURSE_HUB_URL": "hub"}, "AFGHAN_COURSE_HUB_URL"),
    ({"AFGHAN_COURSE_REPO_URL": REPO, "AFGHAN_COURSE_BRANCH": "a..b"}, "AFGHAN_COURSE_BRANCH"),
    ({"AFGHAN_COURSE_REPO_URL": REPO, "AFGHAN_COURSE_BINDER_URL": "x",
      "AFGHAN_COURSE_HUB_URL": "https://h.example.edu"}, "AFGHAN_COURSE_BINDER_URL"),
    ({"AFGHAN_COURSE_REPO_URL": REPO, "AFGHAN_COURSE_HUB_URL": "https://h.example.edu",
      "AFGHAN_COURSE_NOTEBOOK_INTERFACE": "vscode"}, "AFGHAN_COURSE_NOTEBOOK_INTERFACE"),
])
def test_bad_launch_settings_name_the_variable(env, variable):
    with pytest.raises(CourseError) as info:
        launch_options(env)
    assert info.value.line().startswith(f"{variable}: ")


def test_merge_keeps_the_books_own_options():
    book = {"navigation_with_keys": True, "launch_buttons": {"thebe": False, "x": 1}}
    merged = merge_theme_options(book, launch_options({
        "AFGHAN_COURSE_REPO_URL": REPO, "AFGHAN_COURSE_HUB_URL": "https://hub.example.edu"}))
    assert merged["navigation_with_keys"] is True
    assert merged["launch_buttons"]["x"] == 1
    assert merged["launch_buttons"]["jupyterhub_url"] == "https://hub.example.edu"
    assert book == {"navigation_with_keys": True, "launch_buttons": {"thebe": False, "x": 1}}


def _book_extension():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        return importlib.import_module("course_book")
    finally:
        sys.path.remove(str(ROOT / "book" / "_ext"))


def test_book_hook_leaves_the_config_alone_without_env(monkeypatch):
    for name in ("AFGHAN_COURSE_REPO_URL", "AFGHAN_COURSE_HUB_URL", "AFGHAN_COURSE_BINDER_URL",
                 "AFGHAN_COURSE_COLAB", "AFGHAN_COURSE_BRANCH"):
        monkeypatch.delenv(name, raising=False)
    ext = _book_extension()
    original = {"navigation_with_keys": True}
    config = SimpleNamespace(html_theme_options=original)
    ext._launch_buttons(None, config)
    assert config.html_theme_options is original


def test_book_hook_sets_launch_buttons_from_env(monkeypatch):
    monkeypatch.setenv("AFGHAN_COURSE_REPO_URL", REPO)
    monkeypatch.setenv("AFGHAN_COURSE_BINDER_URL", "https://mybinder.org")
    ext = _book_extension()
    config = SimpleNamespace(html_theme_options={"use_download_button": True})
    ext._launch_buttons(None, config)
    opts = config.html_theme_options
    assert opts["use_download_button"] is True
    assert opts["repository_url"] == "https://github.com/example-org/afghan-course"
    assert opts["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


def test_book_hook_reports_a_bad_setting_as_a_config_error(monkeypatch):
    from sphinx.errors import ConfigError

    monkeypatch.setenv("AFGHAN_COURSE_REPO_URL", "https://example.org/o/r")
    ext = _book_extension()
    with pytest.raises(ConfigError, match="AFGHAN_COURSE_REPO_URL"):
        ext._launch_buttons(None, SimpleNamespace(html_theme_options={}))


def test_binder_spec_installs_the_course_on_python_311():
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").split()
    assert runtime == ["python-3.11"]
    reqs = [ln.strip() for ln in (ROOT / "binder" / "requirements.txt").read_text(
        encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert "-e ." in reqs
    assert any(r.startswith("nbgitpuller") for r in reqs)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    minimum = re.search(r'^requires-python = ">=(\d+)\.(\d+)"', pyproject, re.MULTILINE)
    assert minimum and tuple(map(int, minimum.groups())) <= (3, 11)
