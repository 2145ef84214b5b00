"""A report file in, a ``Report`` record out: read, find the layout, extract."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .dates import quarter_period
from .errors import ReportError
from .identity import resolve_settlements, share_places
from .links import build_links, russian_place
from .news import extract_news
from .places import document_hints
from .prose import extract_prose
from .readers import read_blocks
from .records import Block, EndedTie, Layout, Link, Report
from .reporter import Reporter, find_level, find_period, find_reporter
from .sheets import as_report_table
from .text import fold_key
from .table import extract_table, is_header, row_number, unread_columns


def detect_layout(blocks: list[Block]) -> Layout:
    """``table`` when a header row is followed by numbered rows, else ``narrative``."""
    has_header = any(is_header(b) for b in blocks)
    numbered = sum(1 for b in blocks if b.kind == "row" and b.cells and row_number(b.cells[0]) is not None)
    return "table" if has_header and numbered else "narrative"


#: Report prose tells its activities in sentences that open with their time ("В июле …") or say
#: someone took part; a text where the report reader finds this many is read as a report.
REPORT_PROSE_EVENTS = 3


def is_report_prose(events: list) -> bool:
    """A periodic report written as prose, rather than a news item or press release."""
    return len(events) >= REPORT_PROSE_EVENTS


def restated(stated: list[Link], links: list[Link], ended: list[EndedTie], actor: Reporter) -> list[Link]:
    """Report wording ("городами-побратимами … являются …") read by the report reader that the news
    reader missed, on the news reader's actor."""
    have = {fold_key(l.foreign.name) for l in links} | {fold_key(t.foreign.name) for t in ended}
    ru = russian_place(actor.name) if actor.name else None
    return [Link(ru or l.ru, l.foreign, l.kind, (), l.statement, l.statement_line)
            for l in stated if fold_key(l.foreign.name) not in have]


def title_text(blocks: list[Block], layout: Layout) -> str:
    """The report's title: what stands before the table, or the opening paragraphs of prose."""
    lines: list[str] = []
    for b in blocks:
        if b.kind != "paragraph":
            if layout == "table":
                break
            continue
        if b.text.strip().isdigit():
            continue  # a page number
        lines.append(b.text)
        if layout == "narrative" and len(lines) >= 3:
            break
    return "\n".join(lines)


def _unicode(name: str) -> str:
    """A file name as valid Unicode: the bytes of a Windows archive unpacked on Linux may not be
    UTF-8, and RDF literals and IRIs cannot hold them (they are shown as ``\\xNN``)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_report(path: Path, use_ner: bool = True) -> Report:
    """Extract every record of one report; raises ReportError for an unusable file."""
    path = Path(path)
    blocks = as_report_table(read_blocks(path))  # another office's table: its header read by its words
    layout = detect_layout(blocks)
    title = title_text(blocks, layout)
    body = "\n".join(b.text for b in blocks)
    reporter = find_reporter(title, body)
    period = find_period(title, body)
    ended: list[EndedTie] = []
    notes: list[str] = []
    hints = document_hints(body)  # what this document alone says of its places
    if layout == "table":
        events = extract_table(blocks, reporter, period, use_ner, hints)
        header = next((b for b in blocks if is_header(b)), None)
        unread = unread_columns(header) if header else []
        if unread:
            notes.append(f"table columns not understood from their header: {', '.join(unread)}")
        links = build_links(events, reporter)
    else:
        # Which reader: the report reader's events decide, and NER changes none of them (its sentences
        # are chosen by their own words), so the choice is made without it and the chosen reader runs once.
        events, stated = extract_prose(blocks, reporter, period, False, hints)
        if is_report_prose(events) and use_ner:
            events, stated = extract_prose(blocks, reporter, period, use_ner, hints)
        links = build_links(events, reporter, stated, key="position")
        if not is_report_prose(events):
            # A news item's dates come from its sentences; only a period its title states
            # ("… за 2024 год") completes a month written without its year.
            reporter, events, links, ended = extract_news(blocks, reporter, quarter_period(title), use_ner, hints)
            links = links + restated(stated, links, ended, reporter)
    share_places(events)
    events, links = resolve_settlements(events, links)
    if not events and layout == "table":
        raise ReportError(path, "a table was found but none of its rows is numbered")
    return Report(
        document=_unicode(path.name),
        stem=_unicode(path.stem),
        layout=layout,
        reporter=reporter.name,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        title=" ".join(title.split()),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        reporting_level=find_level(title),
        events=events,
        links=links,
        ended_ties=ended,
        notes=notes,
    )
