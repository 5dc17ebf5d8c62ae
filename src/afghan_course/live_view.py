"""What every live widget view of the course shares: its look, its keyboard and its dead note.

JupyterLab and Notebook 7 treat keys pressed in an output as notebook commands: the arrow
keys move to another cell and Enter opens the cell for editing. A small front-end helper
(an ``anywidget`` with a few lines of JavaScript, no extension to build) stops keys pressed on
the course's radio buttons, checkboxes, drop-downs and buttons from reaching the notebook's
shortcut handling (at the window's capture phase, which runs first in both interfaces), so
arrow keys change a radio group's answer and Space/Enter only press the button. Text fields
are already guarded by ipywidgets. The styles travel in the widget itself; a view whose
kernel has gone (ipywidgets marks it ``jupyter-widgets-disconnected``) shows a note asking the
learner to re-run the cell.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import ipywidgets as w

DEAD_NOTE = ("⚠ This copy is no longer connected to Python (the kernel was restarted or "
             "stopped), so checking and saving do nothing here. Re-run this cell to answer "
             "again: your saved answers come back.")

_KEYS_JS = """
const KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ", "Enter",
                      "Home", "End", "PageUp", "PageDown"]);
const CONTROLS = "input[type=radio], input[type=checkbox], button, select";
function onKey(ev) {
  // Capture phase on the window: before the notebook's own shortcut handling, in JupyterLab
  // and Notebook 7 alike. Only the propagation stops: the browser still moves the radio
  // choice or presses the button. Text fields are left to ipywidgets, which guards them.
  const t = ev.target;
  if (KEYS.has(ev.key) && t instanceof Element && t.matches(CONTROLS) && t.closest(".ac-live")) {
    ev.stopPropagation();
  }
}
function render({ el }) {
  el.classList.add("ac-keyguard");
  if (!window.__afghanCourseKeys) {
    window.__afghanCourseKeys = true;
    window.addEventListener("keydown", onKey, true);
  }
}
export default { render };
"""


@lru_cache(maxsize=1)
def live_css() -> str:
    """The live widgets' stylesheet (``static/afghan-course-live.css``)."""
    return files("afghan_course").joinpath("static/afghan-course-live.css").read_text("utf-8")


def key_guard() -> w.Widget | None:
    """The invisible helper that keeps keys on the course's controls out of the notebook."""
    try:
        import anywidget
    except ImportError:  # without it the controls still work; arrow keys may change cell
        return None

    class KeyGuard(anywidget.AnyWidget):
        _esm = _KEYS_JS

    return KeyGuard(layout=w.Layout(width="0", height="0", margin="0", overflow="hidden"))


def frame(children: list[w.Widget], cls: str) -> w.VBox:
    """A live view: its children, the styles, the dead-view note and the key helper."""
    style = w.HTML(value=f"<style>{live_css()}</style>",
                   layout=w.Layout(height="0", margin="0", overflow="hidden"))
    dead = w.HTML(value=f'<p role="alert">{DEAD_NOTE}</p>')
    dead.add_class("ac-dead-note")
    guard = key_guard()
    box = w.VBox([style, dead, *children, *([guard] if guard is not None else [])])
    box.add_class("ac-live")
    box.add_class(cls)
    return box
