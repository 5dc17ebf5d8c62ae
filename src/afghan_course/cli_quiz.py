"""Sub-commands on quiz banks and learners' progress files."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register quiz-related sub-commands (filled in as the engine grows)."""
    return None
