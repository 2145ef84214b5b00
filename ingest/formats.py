"""What the readers of further formats (web page, PDF, spreadsheet) share: tidy text and table rows as blocks.

Each format ends in the blocks a DOCX gives (a paragraph, a heading, a row of cells), so layout
detection and extraction never know which format a report came in; these helpers keep that
shape the same in every reader.
"""
from __future__ import annotations

from typing import Iterable

from ties.ingest.decode import normalise
from ties.ingest.limits import Budget
from ties.ingest.records import Block


def tidy(text: str) -> str:
    """Cell or paragraph text as the DOCX reader leaves it: invisible characters gone, NFC, no trailing
    spaces on a line, no blank lines at the edges, runs of spaces (PDF and HTML layout) made one."""
    lines = (" ".join(line.split()) for line in normalise(text).split("\n"))
    return "\n".join(lines).strip()


def paragraph(text: str, index: int, budget: Budget, where: str = "paragraph") -> Block | None:
    """A paragraph block of ``text`` counted against the report's limits; ``None`` when it is empty."""
    text = tidy(text)
    if not text:
        return None
    block = Block("paragraph", (text,), index)
    budget.block(block, f"{where} {index}")
    return block


def table_row(cells: Iterable[str], index: int, budget: Budget, where: str = "table row") -> Block | None:
    """A table row as the DOCX reader makes it: one filled cell is a heading (a section spanning the
    table), two or more a row of every cell (empty ones keep their column), none nothing."""
    texts = []
    for cell in cells:
        budget.cell()
        texts.append(tidy(cell))
    budget.grid(len(texts), f"{where} {index}")
    filled = [text for text in texts if text]
    if not filled:
        return None
    block = Block("heading", (filled[0],), index) if len(filled) == 1 else Block("row", tuple(texts), index)
    budget.block(block, f"{where} {index}")
    return block
