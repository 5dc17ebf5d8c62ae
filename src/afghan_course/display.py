"""What the quiz, the exercise grid and the timeline share: two views and one way to save.

Each is shown twice from one object: a live ipywidgets view in a kernel and self-contained
HTML in the built book. Both views travel in one display bundle, so the book picks the HTML
and a kernel the widget. Saving from a widget goes through one function that reports every
outcome in the widget's status line and never raises.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from . import progress
from .errors import CourseError
from .markup import esc

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def display_bundle(text: str, html: str, widget: Any) -> dict:
    """A display bundle with plain text, the static HTML and the live widget view."""
    data = {"text/plain": text, "text/html": html}
    widget_bundle = widget._repr_mimebundle_()
    if widget_bundle and WIDGET_MIME in widget_bundle:
        data[WIDGET_MIME] = widget_bundle[WIDGET_MIME]
    return data


class DualDisplay:
    """Base for objects with static ``html`` and a live view built only when first shown.

    Subclasses set ``self.html`` and implement ``_make_live()`` (an object with a
    ``widget``) and ``_summary()`` (the plain-text line).
    """

    html: str
    _live: Any = None

    def _make_live(self) -> Any:
        raise NotImplementedError

    def _summary(self) -> str:
        raise NotImplementedError

    @property
    def live(self) -> Any:
        """The widget view, created on first use so that building HTML needs no kernel."""
        if self._live is None:
            self._live = self._make_live()
        return self._live

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return display_bundle(self._summary(), self.html, self.live.widget)


def save_records(status: Any, records: list[dict], results_path: str | Path | None,
                 learner: str | None, failure: str) -> bool:
    """Append *records* to the results file and say what happened in *status* (an HTML widget).

    Warnings (e.g. a corrupt file kept aside) are shown instead of the "Saved" line; a file
    problem is shown as "⚠ *failure*: reason". Returns whether the records were saved.
    """
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            path = progress.append(records, results_path, learner)
        note = "".join(f"<p>⚠ {esc(c.message)}</p>" for c in caught)
        status.value = note or f"<small>Saved to {esc(path)}</small>"
        return True
    except (OSError, CourseError) as exc:
        status.value = f"<p>⚠ {esc(failure)}: {esc(exc)}</p>"
        return False
