"""Write question banks in formats that learning-management systems import.

One module per format: :mod:`.moodle` (Moodle XML), :mod:`.gift` (Moodle GIFT),
:mod:`.qti` (Canvas QTI 1.2 zip) and :mod:`.jsonfmt` (lossless JSON). Each keeps prompt,
options, right answers, per-answer feedback, explanation + sources (general feedback) and
points wherever the format can hold them; what it cannot hold is converted where a faithful
conversion exists, or skipped, and every such question gets a warning naming it and the
reason. Each module's docstring lists its decisions.

Ordering questions (``--ordering``): ``matching`` (default) turns them into matching
questions "Position 1 → first item, Position 2 → second item, …", the task the book shows
(one drop-down per position) with the same full-credit answer, though LMS partial credit
then counts items in the right position rather than pairs in the right order; ``native``
writes Moodle's own ordering type (Moodle XML only; core since Moodle 4.4, a plugin before);
``skip`` leaves them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..quiz.model import Bank
from . import gift, jsonfmt, moodle, qti
from .common import ORDERING_CHOICES, Export, Note

__all__ = ["FORMATS", "ORDERING_CHOICES", "Export", "Format", "Note", "export_bank",
           "file_name", "write_export"]


@dataclass(frozen=True)
class Format:
    """An export format: its file extension and its writer."""

    name: str
    extension: str
    writer: Callable[[Bank, dict[str, dict], str], Export]
    native_ordering: bool = False


FORMATS: dict[str, Format] = {
    "moodle-xml": Format("moodle-xml", ".xml", moodle.export, native_ordering=True),
    "gift": Format("gift", ".gift.txt", gift.export),
    "canvas-qti": Format("canvas-qti", ".qti.zip", qti.export),
    "json": Format("json", ".json", jsonfmt.export, native_ordering=True),
}


def export_bank(bank: Bank, fmt: str, sources: dict[str, dict] | None = None,
                ordering: str = "matching") -> Export:
    """Export one bank in format *fmt*; ``sources`` defaults to ``data/sources.csv``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if ordering not in ORDERING_CHOICES:
        raise ValueError(f"unknown ordering choice {ordering!r}")
    if ordering == "native" and not FORMATS[fmt].native_ordering:
        raise ValueError(f"--ordering native: {fmt} has no ordering type (only moodle-xml)")
    if sources is None:
        from ..data import sources_by_id

        sources = sources_by_id()
    return FORMATS[fmt].writer(bank, sources, ordering)


def file_name(chapter: str, fmt: str) -> str:
    """``<chapter><ext>``: ``recognition.xml``, ``recognition.gift.txt``, …"""
    return chapter + FORMATS[fmt].extension


def write_export(export: Export, out_dir: str | Path) -> Path:
    """Write an export into *out_dir* (created if needed) and return the file's path."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(export.chapter, export.format)
    path.write_bytes(export.data)
    return path
