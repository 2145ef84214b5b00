"""The evidence behind an edge of a place or institution network, in the form a page filters.

A page filters by period, year, sphere and tie kind in the browser, without
asking the store again. For that every edge is broken into *facts*: one per
event a report cites for it (kind of the report's statement, the event's
sphere, the years it surely lies in), or one per statement citing no event. A
filter keeps the facts it admits; the edge shows when any fact is kept, with the
strongest kind among them. The years follow :class:`~ties.graph.projections.Cut`:
a dated event lies in its year; an undated event, or a tie stated without
events, only within its report's period, so it counts for a year only when that
period lies inside the year. With that rule the browser's year filter keeps
exactly the edges of ``place_network(since=Y, until=Y)``, and a test holds it to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ties.graph.projections import EventRecord, Statement

Row = dict[str, Any]


@dataclass(frozen=True)
class Fact:
    """One cited event (or one statement without events) of an edge, dated to years."""

    kind: str
    event: str | None
    #: first and last year the fact surely lies in; None when not even its report's period is known
    first: int | None
    last: int | None
    sphere: str | None


def _year(day: date | str | None) -> int | None:
    if day is None:
        return None
    return day.year if isinstance(day, date) else int(str(day)[:4])


def _span(event: EventRecord) -> tuple[int | None, int | None]:
    if event.date is not None:
        return event.date.year, event.date.year
    return _year(event.period_start), _year(event.period_end)


def edge_facts(graph: nx.Graph, u: str, v: str) -> list[Fact]:
    """The facts of edge ``u``–``v``, from its statements when the projection kept them.

    Graphs built elsewhere (benchmarks, notebooks) may carry only ``evidence``
    dicts and a ``kind``: each cited event is then a fact of the edge's kind.
    """
    attrs = graph.edges[u, v]
    events: dict[str, EventRecord] = graph.graph.get("events") or {}
    statements: tuple[Statement, ...] = attrs.get("statements") or ()
    facts: list[Fact] = []
    for statement in statements:
        if not statement.events:
            facts.append(Fact(statement.kind, None, _year(statement.period[0]), _year(statement.period[1]), None))
        for iri in statement.events:
            event = events[iri]
            facts.append(Fact(statement.kind, iri, *_span(event), event.sphere))
    if statements:
        return facts
    kind = attrs.get("kind", "event")
    for item in attrs.get("evidence") or ():
        year = _year(item.get("start") or item.get("end"))
        facts.append(Fact(kind, item.get("iri"), year, year, item.get("sphere")))
    return facts or [Fact(kind, None, None, None, None)]


def event_evidence(graph: nx.Graph, edges: list[tuple[str, str]]) -> dict[str, Row]:
    """Every event cited by ``edges``: title, dates, sphere, report, row or paragraph, and the quote.

    Quotes come from ``graph.graph["quotes"]`` (``StoreData.quotes``), absent on graphs built elsewhere.
    """
    quotes: dict[str, str] = graph.graph.get("quotes") or {}
    out: dict[str, Row] = {}
    for u, v in edges:
        for item in graph.edges[u, v].get("evidence") or ():
            if item.get("iri") and item["iri"] not in out:
                out[item["iri"]] = {**item, "quote": quotes.get(item["iri"])}
    return out


def years(facts: list[list[Fact]]) -> list[int]:
    """Every year from the first to the last any fact lies in, gaps included (a slider steps through them)."""
    known = [y for group in facts for f in group for y in (f.first, f.last) if y is not None]
    return list(range(min(known), max(known) + 1)) if known else []
