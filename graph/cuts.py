"""Cuts of the networks: a period and/or a sphere, and the dates a user writes them with.

A :class:`Cut` decides which events (and which ties stated without events) a projection keeps;
``graph.projections.restrict`` applies one to a built network without querying again.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ties.ingest.records import SPHERES

if TYPE_CHECKING:
    from ties.graph.store_data import EventRecord

__all__ = ["Cut", "NO_CUT", "parse_bound"]

_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_bound(text: str | date | None, *, end: bool = False) -> date | None:
    """A cut bound from ``2023``, ``2023-Q2``, ``2023-05`` or ``2023-05-17``.

    A year, quarter or month stands for its first day as ``since`` and its last
    day as ``until`` (``end=True``), so ``--since 2023 --until 2023`` is the year.
    """
    if text is None or isinstance(text, date):
        return text
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            year = int(m[1])
            return date(year, 12, 31) if end else date(year, 1, 1)
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            month = 3 * quarter if end else 3 * quarter - 2
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date.fromisoformat(text)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"not a date: {text!r} (use 2023, 2023-Q2, 2023-05 or 2023-05-17)") from None


@dataclass(frozen=True)
class Cut:
    """A period and/or a sphere to keep.

    A dated event is kept when its start (else its end) lies in the period. An
    undated event, and a tie a report states without citing events, is only
    known to fall within its report's period, so it is kept when that whole
    period lies in the cut: an annual report's undated events count for the
    year, never for a quarter. A sphere cut keeps only events of that sphere.
    """

    since: date | None = None
    until: date | None = None
    sphere: str | None = None

    def __post_init__(self) -> None:
        if self.sphere is not None and self.sphere not in SPHERES:
            raise ValueError(f"unknown sphere {self.sphere!r}; expected one of {', '.join(SPHERES)}")

    @classmethod
    def of(cls, since: str | date | None = None, until: str | date | None = None,
           sphere: str | None = None) -> Cut:
        return cls(parse_bound(since), parse_bound(until, end=True), sphere)

    @classmethod
    def period(cls, label: str, sphere: str | None = None) -> Cut:
        """The cut of one year or quarter given as ``2023`` or ``2023-Q1``."""
        return cls.of(label, label, sphere)

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.sphere is None

    @property
    def label(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"{self.since or '…'} – {self.until or '…'}")
        if self.sphere:
            parts.append(self.sphere)
        return ", ".join(parts) or "all"

    def _within(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def admits_period(self, start: date | None, end: date | None) -> bool:
        """Whether something known only to fall within ``start``–``end`` surely lies in the cut."""
        if self.since is not None and (start is None or start < self.since):
            return False
        return self.until is None or (end is not None and end <= self.until)

    def admits(self, event: EventRecord) -> bool:
        if self.sphere is not None and event.sphere != self.sphere:
            return False
        if event.date is not None:
            return self._within(event.date)
        return self.admits_period(event.period_start, event.period_end)


#: The cut that keeps everything.
NO_CUT = Cut()
