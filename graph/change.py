"""Change over time, told by what the reports cover.

A report lists what its reporter did in its period; a tie missing from the
reports of a later period is only *lost* when a report of the same reporter
covers that period and no longer shows it. When no report of that reporter
covers the period, nothing is known: the tie is *not reported*, not lost. A tie
is *gained* when a report of the reporter showing it covered an earlier period
(since the tie was last shown) without it; a tie never known before is *first
reported*. A reporter is who files a report (``ties:reporter``) together with
whose activity it lists (``ties:reportingLevel``): a region's report on its
municipalities and its report on its own executive bodies are two reporters, and
neither tells that a tie of the other was lost. A report naming no reporter is a
reporter of its own.

A reporter *covers* a year or quarter when its reports' periods together
contain all of it; a report *shows* a tie in a period when it states the tie
and its own period overlaps that period, or cites for the tie an event dated in
it. So an annual report shows its ties in each of its quarters, and a quarterly
report of the first quarter does not cover the year.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import networkx as nx

from ties.graph.projections import Cut, EventRecord, Statement, parse_bound, restrict

Row = dict[str, object]
FREQS = ("year", "quarter")
#: The order change rows are listed in within a period.
STATUSES = ("lost", "gained", "not_reported", "first_reported")


@dataclass(frozen=True)
class Period:
    """A stretch of days with a label: ``2023``, ``2023-Q1``, or a cut's label."""

    label: str
    start: date
    end: date

    @classmethod
    def of(cls, label: str) -> Period:
        return cls(label, parse_bound(label), parse_bound(label, end=True))


def period_label(day: date, freq: str) -> str:
    return str(day.year) if freq == "year" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _period_range(first: date, last: date, freq: str) -> list[Period]:
    if freq == "year":
        return [Period.of(str(year)) for year in range(first.year, last.year + 1)]
    start, end = first.year * 4 + (first.month - 1) // 3, last.year * 4 + (last.month - 1) // 3
    return [Period.of(f"{i // 4}-Q{i % 4 + 1}") for i in range(start, end + 1)]


# --------------------------------------------------------------------------- coverage

def merge_spans(spans: Iterable[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    """Overlapping or touching stretches of days as one, in time order."""
    merged: list[list[date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def reporter_name(report: Row, stem: str) -> str:
    """``Смоленская область (municipal)``: the reporter and, where the title says it, whose activity is listed."""
    name = str(report.get("reporter") or stem)
    return f"{name} ({report['level']})" if report.get("level") else name


@dataclass(frozen=True)
class Coverage:
    """Which days each reporter's reports cover, from the reports' stated periods."""

    #: report stem → its reporter (the stem itself when the report names none)
    reporter_of: dict[str, str]
    #: report stem → its period (None where the report states none)
    periods: dict[str, tuple[date, date] | None]
    #: reporter → the stretches of days its reports cover, merged
    spans: dict[str, tuple[tuple[date, date], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, reports: dict[str, Row]) -> Coverage:
        """From ``StoreData.reports`` (stem → document, reporter, start, end)."""
        reporter_of = {stem: reporter_name(r, stem) for stem, r in reports.items()}
        periods = {stem: (r["start"], r["end"]) if r.get("start") and r.get("end") else None
                   for stem, r in reports.items()}
        by_reporter: dict[str, list[tuple[date, date]]] = {}
        for stem, span in periods.items():
            by_reporter.setdefault(reporter_of[stem], [])
            if span:
                by_reporter[reporter_of[stem]].append(span)
        return cls(reporter_of, periods, {r: merge_spans(s) for r, s in by_reporter.items()})

    def reporter(self, report: str) -> str:
        return self.reporter_of.get(report, report)

    def covers(self, reporter: str, period: Period) -> bool:
        """Whether the reporter's reports together cover every day of the period."""
        return any(s <= period.start and period.end <= e for s, e in self.spans.get(reporter, ()))

    def touches(self, reporter: str, period: Period) -> bool:
        """Whether some report of the reporter covers some day of the period."""
        return any(s <= period.end and period.start <= e for s, e in self.spans.get(reporter, ()))

    def overlaps(self, report: str, period: Period) -> bool:
        span = self.periods.get(report)
        return span is not None and span[0] <= period.end and period.start <= span[1]

    def covering(self, period: Period) -> list[str]:
        return sorted(r for r in self.spans if self.covers(r, period))

    def partly(self, period: Period) -> list[str]:
        return sorted(r for r in self.spans if self.touches(r, period) and not self.covers(r, period))


def coverage(graph: nx.Graph) -> Coverage:
    """The coverage of the reports a projection was read from."""
    return Coverage.of(graph.graph.get("reports", {}))


def coverage_table(cov: Coverage, reports: dict[str, Row]) -> list[Row]:
    """One row per report: its reporter and the period it covers, in time order."""
    rows = [{"reporter": cov.reporter(stem), "document": r.get("document") or stem,
             "from": r.get("start"), "to": r.get("end")} for stem, r in reports.items()]
    return sorted(rows, key=lambda r: (r["reporter"], r["from"] or date.max, r["document"]))


# --------------------------------------------------------------------------- one tie through time

def _shows(statement: Statement, period: Period, events: dict[str, EventRecord], cov: Coverage) -> bool:
    if cov.overlaps(statement.report, period):
        return True
    return any(period.start <= d <= period.end for e in statement.events if (d := events[e].date))


@dataclass(frozen=True)
class Step:
    """What became of one tie in one period; ``since`` is the last period its state was known."""

    period: str
    status: str  # kept, gained, lost, not_reported, first_reported
    since: str | None
    reporters: tuple[str, ...]


def track(statements: Iterable[Statement], periods: list[Period], events: dict[str, EventRecord],
          cov: Coverage) -> Iterator[Step]:
    """The steps of one tie through consecutive periods; periods where nothing is learnt give none."""
    statements = list(statements)
    reporters = {cov.reporter(s.report) for s in statements}
    state: str | None = None  # "shown" or "lost", the last thing known
    last: str | None = None  # the period it was last shown in
    last_by: set[str] = set()  # who showed it then
    absent_by: set[str] = set()  # reporters that covered a period without it since it was last shown
    absent_since: str | None = None
    shown_before = False  # shown in the period just before
    for period in periods:
        shown_by = {cov.reporter(s.report) for s in statements if _shows(s, period, events, cov)}
        if shown_by:
            if state == "shown":
                yield Step(period.label, "kept", last, tuple(sorted(shown_by)))
            elif state == "lost" or shown_by & absent_by:
                yield Step(period.label, "gained", absent_since, tuple(sorted(shown_by)))
            else:
                yield Step(period.label, "first_reported", None, tuple(sorted(shown_by)))
            state, last, last_by, absent_by, absent_since, shown_before = \
                "shown", period.label, shown_by, set(), None, True
            continue
        covering = {r for r in reporters if cov.covers(r, period)}
        if covering:
            absent_by |= covering
            absent_since = period.label
        if state == "shown" and covering & last_by:
            yield Step(period.label, "lost", last, tuple(sorted(covering & last_by)))
            state = "lost"
        elif state == "shown" and shown_before:
            yield Step(period.label, "not_reported", last, tuple(sorted(last_by)))
        shown_before = False


# --------------------------------------------------------------------------- a network through time

def periods(graph: nx.Graph, freq: str = "year") -> list[Period]:
    """Every year (or quarter) from the first dated statement or covered report period to the last.

    Report periods count even for reports without ties: a report that covers a
    period and shows no tie is what tells a tie was lost. A cut graph keeps to
    its bounds.
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be 'year' or 'quarter', not {freq!r}")
    events: dict[str, EventRecord] = graph.graph.get("events", {})
    days = [d for _, _, statements in graph.edges(data="statements") for s in statements or ()
            for d in (*s.period, *(x for e in s.events for x in (events[e].date, events[e].period_start,
                                                                    events[e].period_end)))
            if d]
    days += [d for r in graph.graph.get("reports", {}).values() for d in (r.get("start"), r.get("end")) if d]
    since, until = graph.graph.get("bounds") or (None, None)
    days = [d for d in days if (since is None or d >= since) and (until is None or d <= until)]
    return _period_range(min(days), max(days), freq) if days else []


def history(graph: nx.Graph, freq: str = "year") -> dict[tuple[str, str], list[Step]]:
    """Every tie's steps through the graph's years or quarters, by its node pair (sorted)."""
    spans, cov, events = periods(graph, freq), coverage(graph), graph.graph.get("events", {})
    return {tuple(sorted((u, v))): list(track(statements, spans, events, cov))
            for u, v, statements in graph.edges(data="statements")}


def ties_over_time(graph: nx.Graph, freq: str = "year") -> list[Row]:
    """Per year or quarter: who covered it, the ties and events dated in it, and what changed.

    ``ties``, ``events`` and ``places`` count what the period's dated events
    (and stated ties of reports within it) show, as ``restrict`` does;
    ``gained``, ``lost``, ``not_reported`` and ``first_reported`` count the
    steps of ``track``.
    """
    spans, cov = periods(graph, freq), coverage(graph)
    counts: dict[str, Counter[str]] = {p.label: Counter() for p in spans}
    for steps in history(graph, freq).values():
        for step in steps:
            counts[step.period][step.status] += 1
    rows = []
    for period in spans:
        current = restrict(graph, Cut(period.start, period.end))
        rows.append({"period": period.label, "covered_by": "; ".join(cov.covering(period)),
                     "partly_covered_by": "; ".join(cov.partly(period)),
                     "ties": current.number_of_edges(), "events": len(_events(current)),
                     "places": current.number_of_nodes(),
                     **{status: counts[period.label][status] for status in STATUSES}})
    return rows


def _events(graph: nx.Graph) -> set[str]:
    return {e["iri"] for _, _, evidence in graph.edges(data="evidence") for e in evidence or ()}


def _ends(graph: nx.Graph, u: str, v: str) -> tuple[str, str]:
    """The pair with the Russian place first, as the tables name ties."""
    if graph.nodes[v].get("russian") and not graph.nodes[u].get("russian"):
        return v, u
    return u, v


def change_table(graph: nx.Graph, freq: str = "year") -> list[Row]:
    """Each tie gained, lost, not reported or first reported, per period, with the reporters behind it."""
    order = {p.label: i for i, p in enumerate(periods(graph, freq))}
    rows = []
    for (u, v), steps in history(graph, freq).items():
        a, b = _ends(graph, u, v)
        for step in steps:
            if step.status != "kept":
                rows.append({"from": step.since or "", "to": step.period, "change": step.status,
                             "place_a": graph.nodes[a].get("label") or a, "place_b": graph.nodes[b].get("label") or b,
                             "kind": graph.edges[u, v]["kind"], "reporters": "; ".join(step.reporters)})
    return sorted(rows, key=lambda r: (order[r["to"]], STATUSES.index(r["change"]), r["place_a"], r["place_b"]))


# --------------------------------------------------------------------------- two periods

@dataclass(frozen=True)
class TieChanges:
    """Ties (node pairs, each sorted) by what became of them from one period to another."""

    gained: list[tuple[str, str]]
    lost: list[tuple[str, str]]
    kept: list[tuple[str, str]]
    not_reported: list[tuple[str, str]] = field(default_factory=list)
    first_reported: list[tuple[str, str]] = field(default_factory=list)


def _pairs(graph: nx.Graph) -> set[tuple[str, str]]:
    return {tuple(sorted(e)) for e in graph.edges}


def tie_changes(before: nx.Graph, after: nx.Graph) -> TieChanges:
    """The edges of one graph against another's, as sets: knows nothing of what reports cover.

    For two periods of one network use ``compare_periods``, which does.
    """
    a, b = _pairs(before), _pairs(after)
    return TieChanges(gained=sorted(b - a), lost=sorted(a - b), kept=sorted(a & b))


def compare_periods(graph: nx.Graph, before: Cut, after: Cut) -> TieChanges:
    """What became of each tie from one bounded period to a later one, by the rules of ``track``."""
    if None in (before.since, before.until, after.since, after.until):
        raise ValueError("compare_periods needs two periods with a first and a last day")
    spans = [Period(before.label, before.since, before.until), Period(after.label, after.since, after.until)]
    cov, events = coverage(graph), graph.graph.get("events", {})
    found: dict[str, list[tuple[str, str]]] = {s: [] for s in ("kept", *STATUSES)}
    for u, v, statements in graph.edges(data="statements"):
        for step in track(statements, spans, events, cov):
            if step.period == after.label:
                found[step.status].append(tuple(sorted((u, v))))
    return TieChanges(**{status: sorted(pairs) for status, pairs in found.items()})
