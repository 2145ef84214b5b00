"""The one error type a user can cause by handing ingest a bad file."""
from __future__ import annotations

from pathlib import Path


class ReportError(Exception):
    """A file that cannot be read as a report; ``str()`` is the one line the user sees."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
