"""Reading a spreadsheet into blocks (placeholder until its reader lands: one clear line, never a traceback)."""
from __future__ import annotations

from pathlib import Path

from ingest.errors import ReportError
from ingest.limits import MAX_TEXT, Budget
from ingest.records import Block

MAX_BYTES = MAX_TEXT


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """Not readable yet: say so in one line."""
    raise ReportError(path, f"{path.suffix} files are not supported yet")
