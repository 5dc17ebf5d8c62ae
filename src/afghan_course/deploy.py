"""Putting the course in front of a class: nbgitpuller links and the book's launch buttons.

- :func:`nbgitpuller_link` builds the link that makes a JupyterHub clone (or update) the
  course repository in a learner's home and open a notebook in it. The parameters follow
  nbgitpuller's documented URL options: ``repo``, ``branch`` and ``urlpath``, where
  ``urlpath`` is relative to the learner's server and starts with the folder the
  repository is cloned into (its name).
- :func:`launch_options` turns environment variables into sphinx-book-theme options, so a
  deployment can show JupyterHub, Binder and Colab launch buttons on the book's notebook
  pages. With no repository URL set it returns nothing and the book is unchanged: the
  course never guesses where it is hosted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from .errors import CourseError

APPS = {"lab": "lab/tree", "notebook": "tree"}
"""Interfaces an nbgitpuller link can open, and the path prefix each uses."""

ENV_REPO = "AFGHAN_COURSE_REPO_URL"
ENV_BRANCH = "AFGHAN_COURSE_BRANCH"
ENV_HUB = "AFGHAN_COURSE_HUB_URL"
ENV_BINDER = "AFGHAN_COURSE_BINDER_URL"
ENV_COLAB = "AFGHAN_COURSE_COLAB"
ENV_INTERFACE = "AFGHAN_COURSE_NOTEBOOK_INTERFACE"
ENV_VARS = (ENV_REPO, ENV_BRANCH, ENV_HUB, ENV_BINDER, ENV_COLAB, ENV_INTERFACE)

COLAB_URL = "https://colab.research.google.com"
PATH_TO_DOCS = "book"
"""Where the book's sources sit in the repository (launch links point at book/<page>)."""

_INTERFACES = {"jupyterlab": "jupyterlab", "lab": "jupyterlab", "classic": "classic",
               "notebook": "classic"}
_PROVIDERS = ("github", "gitlab", "bitbucket")
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:(?!//)(?P<path>\S+)$")
_BAD_REF = re.compile(r"[\s~^:?*\[\\\x00-\x1f\x7f]|\.\.|@\{|//")


def _fail(what: str, reason: str) -> CourseError:
    return CourseError(what, reason)


def check_web_url(url: str, what: str = "--hub") -> str:
    """*url* if it is an http(s) address with a host and no query or fragment."""
    url = (url or "").strip()
    if not url:
        raise _fail(what, "is empty (give an address such as https://hub.example.edu)")
    if re.search(r"\s", url):
        raise _fail(what, f"{url!r} contains spaces")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(what, f"{url!r} is not an http(s) address such as https://hub.example.edu")
    if parts.query or parts.fragment:
        raise _fail(what, f"{url!r} has a query or fragment; give the server's base address")
    return url


def repo_dir_name(repo: str) -> str:
    """The folder ``git clone`` makes for *repo*: its last path segment without ``.git``."""
    repo = (repo or "").strip()
    if not repo:
        raise _fail("--repo", "is empty (give the course's git URL)")
    if re.search(r"\s", repo):
        raise _fail("--repo", f"{repo!r} contains spaces")
    scp = _SCP_LIKE.match(repo)
    if scp:
        path = scp.group("path")
    else:
        parts = urlsplit(repo)
        if parts.scheme not in ("https", "http", "git", "ssh") or not parts.hostname:
            raise _fail("--repo", f"{repo!r} is not a git URL such as "
                        "https://github.com/OWNER/REPO.git")
        if parts.query or parts.fragment:
            raise _fail("--repo", f"{repo!r} has a query or fragment")
        path = parts.path
    name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not name or name in (".", ".."):
        raise _fail("--repo", f"{repo!r} names no repository")
    return name


def check_branch(branch: str, what: str = "--branch") -> str:
    """*branch* if git would accept it as a branch name (the common rules)."""
    branch = (branch or "").strip()
    if (not branch or _BAD_REF.search(branch) or branch.startswith(("-", "/", "."))
            or branch.endswith(("/", ".", ".lock")) or "/." in branch):
        raise _fail(what, f"{branch!r} is not a valid branch name")
    return branch


def check_path(path: str) -> str:
    """*path* as a clean relative POSIX path inside the repository."""
    raw = path or ""
    if not raw.strip() or raw != raw.strip() or raw.startswith("/") or "\\" in raw:
        raise _fail("--path", f"{path!r} is not a relative path inside the repository "
                    "(for example book/recognition.ipynb)")
    parts = PurePosixPath(raw).parts
    if any(p in ("..", ".") for p in parts):
        raise _fail("--path", f"{path!r} must not contain '.' or '..' segments")
    return "/".join(parts)


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", path: str | None = None,
                     app: str = "lab") -> str:
    """The nbgitpuller link that pulls *repo* at *branch* and opens *path* in *app*.

    ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...``, every value
    percent-encoded. *urlpath* is ``lab/tree/<repo folder>/<path>`` (JupyterLab) or
    ``tree/<repo folder>/<path>`` (the notebook interface); without *path* the folder opens.
    """
    hub = check_web_url(hub, "--hub")
    folder = repo_dir_name(repo)
    branch = check_branch(branch)
    if app not in APPS:
        raise _fail("--app", f"{app!r} is not one of {', '.join(APPS)}")
    target = folder if path is None else f"{folder}/{check_path(path)}"
    params = {"repo": repo.strip(), "branch": branch, "urlpath": f"{APPS[app]}/{target}"}
    base = hub.rstrip("/") + "/hub/user-redirect/git-pull"
    return f"{base}?{urlencode(params, quote_via=quote, safe='')}"


def _repository(url: str) -> tuple[str, str]:
    """(normalised repository URL, provider) for the book theme, which needs OWNER/REPO on
    GitHub, GitLab or Bitbucket."""
    url = check_web_url(url, ENV_REPO).rstrip("/").removesuffix(".git")
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        raise _fail(ENV_REPO, f"{url!r} is not a repository address such as "
                    "https://github.com/OWNER/REPO")
    provider = next((p for p in _PROVIDERS if p in parts.hostname.lower()), None)
    if provider is None:
        raise _fail(ENV_REPO, f"{url!r}: the book's theme makes launch links only for "
                    "GitHub, GitLab or Bitbucket addresses")
    return url, provider


def launch_options(env: Mapping[str, str]) -> dict:
    """sphinx-book-theme options for launch buttons, from the ``AFGHAN_COURSE_*`` variables.

    Returns ``{}`` when ``AFGHAN_COURSE_REPO_URL`` is unset or empty. Otherwise returns
    ``repository_url``, ``repository_branch`` (``AFGHAN_COURSE_BRANCH``, default main) and
    ``path_to_docs``, plus ``launch_buttons`` when a launch service is set: a JupyterHub
    (``AFGHAN_COURSE_HUB_URL``), a BinderHub (``AFGHAN_COURSE_BINDER_URL``) or Colab
    (``AFGHAN_COURSE_COLAB`` non-empty; GitHub repositories only), opened in JupyterLab or
    the classic interface (``AFGHAN_COURSE_NOTEBOOK_INTERFACE``, default jupyterlab).
    A bad value raises :class:`CourseError` naming the variable.
    """
    value = {k: (env.get(k) or "").strip() for k in ENV_VARS}
    if not value[ENV_REPO]:
        stray = [k for k in (ENV_HUB, ENV_BINDER, ENV_COLAB) if value[k]]
        if stray:
            raise _fail(stray[0], f"is set but {ENV_REPO} is not: launch buttons need the "
                        "repository's address")
        return {}
    repo, provider = _repository(value[ENV_REPO])
    options: dict = {
        "repository_url": repo,
        "repository_branch": check_branch(value[ENV_BRANCH] or "main", ENV_BRANCH),
        "path_to_docs": PATH_TO_DOCS,
    }
    launch: dict = {}
    if value[ENV_HUB]:
        launch["jupyterhub_url"] = check_web_url(value[ENV_HUB], ENV_HUB).rstrip("/")
    if value[ENV_BINDER]:
        launch["binderhub_url"] = check_web_url(value[ENV_BINDER], ENV_BINDER).rstrip("/")
    if value[ENV_COLAB]:
        if provider != "github":
            raise _fail(ENV_COLAB, "Colab opens notebooks from GitHub only; "
                        f"{ENV_REPO} is a {provider} address")
        launch["colab_url"] = COLAB_URL
    interface = value[ENV_INTERFACE].lower() or "jupyterlab"
    if interface not in _INTERFACES:
        raise _fail(ENV_INTERFACE, f"{value[ENV_INTERFACE]!r} is not jupyterlab or classic")
    if launch:
        launch["notebook_interface"] = _INTERFACES[interface]
        launch["thebe"] = False
        options["launch_buttons"] = launch
    return options


def merge_theme_options(theme_options: Mapping | None, options: Mapping) -> dict:
    """*theme_options* with *options* laid over them (``launch_buttons`` merged key by key)."""
    merged = dict(theme_options or {})
    for key, val in options.items():
        if key == "launch_buttons":
            merged[key] = {**dict(merged.get(key) or {}), **val}
        else:
            merged[key] = val
    return merged
