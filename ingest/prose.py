"""Events and stated ties from prose reports (placeholder until the prose extractor lands)."""
from __future__ import annotations

from .dates import Period
from .records import Block, Event, Link
from .reporter import Reporter


def extract_prose(blocks: list[Block], reporter: Reporter, period: Period | None,
                  use_ner: bool = True) -> tuple[list[Event], list[Link]]:
    return [], []
