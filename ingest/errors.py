"""The one error type a user can cause by handing ingest a bad file."""
from __future__ import annotations

from pathlib import Path
from ties.errors import TiesError

#: Control characters (C0 and C1, so no terminal escape sequence gets through), line separators and
#: bidirectional overrides, shown as escapes: a file name may hold a newline or ESC [ 2 J, and the
#: line a user sees for a file must stay one line that shows the name as it is.
_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(32), *range(127, 160)]} | {
    code: f"\\u{code:04x}" for code in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]} | {
    9: "\\t", 10: "\\n", 13: "\\r"}


def printable(text: object) -> str:
    """``text`` on one line, its control characters escaped."""
    return str(text).translate(_ESCAPES)


class ReportError(TiesError):
    """A file that cannot be read as a report; ``str()`` is the one line the user sees."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(printable(f"{self.path}: {problem}"))
