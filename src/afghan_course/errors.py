"""One error type for everything a user can get wrong, printed as a single line.

Course content (CSV rows, quiz banks, exercise files) and learner files are edited by
people; when one is wrong the user needs the file, the item and the reason, not a traceback.
"""

from __future__ import annotations


class CourseError(Exception):
    """A problem in course content or learner data, reported as ``file: item: field: reason``."""

    def __init__(self, file: str, reason: str, item: str | None = None, field: str | None = None):
        self.file = str(file)
        self.item = item
        self.field = field
        self.reason = reason
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line message shown to users."""
        parts = [self.file]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(f"field {self.field}")
        parts.append(self.reason)
        return ": ".join(parts)


class CourseErrors(CourseError):
    """Several problems found in one pass; ``str()`` gives one line per problem."""

    def __init__(self, errors: list[CourseError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.file, first.reason, first.item, first.field)

    def __str__(self) -> str:
        return "\n".join(capped([e.line() for e in self.errors]))


MAX_LINES = 50


def capped(lines: list[str], limit: int = MAX_LINES) -> list[str]:
    """At most *limit* lines, then ``… and N more`` (300,000 bad rows are not 300,001 lines)."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit], f"… and {len(lines) - limit} more"]
