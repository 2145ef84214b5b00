"""The one error type a user can cause by handing ingest a bad file."""
from __future__ import annotations

from pathlib import Path

#: Control characters and line separators, shown as escapes: a file name may hold a newline,
#: and the line a user sees for a file must stay one line.
_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(32), 127, 0x85]} | {
    9: "\\t", 10: "\\n", 13: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def printable(text: object) -> str:
    """``text`` on one line, its control characters escaped."""
    return str(text).translate(_ESCAPES)


class ReportError(Exception):
    """A file that cannot be read as a report; ``str()`` is the one line the user sees."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(printable(f"{self.path}: {problem}"))
