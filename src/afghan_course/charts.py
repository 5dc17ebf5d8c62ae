"""Figures for the book: matplotlib rendered offline, shown with alt text, caption and as-of date.

``figure(fig, alt=..., caption=..., as_of=...)`` returns an object that notebooks display
as an HTML ``<figure>`` (PNG inline, ``alt`` on the image, caption and data date below), so
every chart carries its accessibility text and its data's date from the same code that draws
it. The palette is Okabe–Ito, distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import base64
import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .markup import esc, md_inline  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]


def style() -> None:
    """Readable defaults: larger text, no top/right spines, colour-blind-safe cycle."""
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 110, "font.size": 11, "axes.titlesize": 12,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
        "svg.hashsalt": "afghan-course", "figure.autolayout": True,
    })


class Figure:
    """A rendered chart with its alt text, caption and as-of date."""

    def __init__(self, png: bytes, alt: str, caption: str, as_of: str):
        self.png, self.alt, self.caption, self.as_of = png, alt, caption, as_of

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="ac-figure"><img src="data:image/png;base64,{data}" '
                f'alt="{esc(self.alt)}"><figcaption>{md_inline(self.caption)} '
                f"<em>Data as of {esc(self.as_of)}.</em></figcaption></figure>")

    def __repr__(self) -> str:
        return f"Figure: {self.caption} (data as of {self.as_of}). Alt text: {self.alt}"


def figure(fig, *, alt: str, caption: str, as_of: str | date) -> Figure:
    """Render *fig* to PNG, close it, and wrap it with its texts (all three are required)."""
    if not alt.strip() or not caption.strip():
        raise ValueError("a figure needs alt text and a caption")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    as_of = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    return Figure(_palette_png(buf.getvalue()), alt, caption, as_of)


def _palette_png(png: bytes) -> bytes:
    """The same image as an optimised 256-colour PNG: charts are flat colours and text, so
    this loses nothing visible and roughly halves what every chart adds to a page."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                            dither=Image.Dither.NONE)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


style()
