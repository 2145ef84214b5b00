"""Synthetic reports with their gold answers, to measure the extractor at scale.

Five real reports cannot say how the extractor does on the thousands a user
brings, so this package writes reports that look like the real ones (numbered
tables under municipality or topic headings, and prose with dated sentences,
twinning statements and bulleted lists; as text exports and as DOCX) together
with what a careful reader finds in them, in the form of
``shared/gold/SCHEMA.md``.

The gold is never read back from the text: every name, country, place,
institution, date and head-count goes into the text through one ``Event``
(``event``) that records it at the moment it is written, so the answer is
exactly what the text says and nothing the extractor would have to guess.

The words are real: settlements, regions and their municipalities come from
the GeoNames gazetteer (``ingest.gazetteer``), country names from pycountry's
Russian translations, and every case form from pymorphy3 (``vocabulary``,
``forms``); only the phrasing of reports (titles of activities, purposes, legal
forms: ``phrases``, ``institutions``) is written here.

Everything is a pure function of the seed: ``random.Random(seed)`` drives all
choices, vocabularies are sorted, and DOCX files are packed with fixed
timestamps (``render``), so one seed always gives the same bytes.

Modules, in the order data flows: ``forms`` → ``vocabulary`` →
``institutions``, ``phrases`` → ``event`` → ``writer`` → ``table`` (with
``table_gatherings``, ``table_partners``) and ``prose`` (with
``prose_sentences``) → ``render`` → this module, the corpus.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .forms import adjective_form, inflect_name, inflect_phrase, place_adjective
from .prose import prose_report
from .render import docx_package, docx_prose_body, docx_table_body, text_prose, text_table
from .table import table_report
from .vocabulary import Vocabulary, vocabulary

__all__ = ["DOCX_SHARE", "MAX_EVENTS", "MIN_EVENTS", "PROSE_SHARE", "SynthReport", "Vocabulary", "adjective_form",
           "generate", "gold_json", "inflect_name", "inflect_phrase", "place_adjective", "plan_sizes", "vocabulary",
           "write_corpus"]

#: Share of reports written as prose, and as DOCX (the rest: tables, text exports).
PROSE_SHARE = 0.25
DOCX_SHARE = 0.30
MIN_EVENTS, MAX_EVENTS = 10, 60


@dataclass(frozen=True)
class SynthReport:
    """One written report: its stem, format, layout, bytes and gold."""

    stem: str
    suffix: str      # ".txt" or ".docx"
    layout: str      # "table" or "narrative"
    data: bytes
    gold: dict

    @property
    def filename(self) -> str:
        """The report's file name: stem and suffix."""
        return self.stem + self.suffix


def plan_sizes(n_events: int, rng: random.Random) -> list[int]:
    """Report sizes of 10-60 events that add up to ``n_events`` (one smaller report when fewer are asked)."""
    sizes: list[int] = []
    left = n_events
    while left > MAX_EVENTS:
        size = rng.randint(MIN_EVENTS, MAX_EVENTS)
        if left - size < MIN_EVENTS:
            size = left - MIN_EVENTS
        sizes.append(size)
        left -= size
    if left > 0:
        sizes.append(left)
    return sizes


def _quota(k: int, share: float, rng: random.Random) -> set[int]:
    """Which of ``k`` reports get a property, so that both kinds appear whenever there are two reports."""
    count = round(k * share)
    if k >= 2:
        count = min(max(count, 1), k - 1)
    return set(rng.sample(range(k), count))


def generate(n_events: int, seed: int) -> Iterator[SynthReport]:
    """The reports of a corpus of ``n_events`` events, in order; the same seed gives the same reports."""
    rng = random.Random(seed)
    vocab = vocabulary()
    sizes = plan_sizes(n_events, rng)
    prose = _quota(len(sizes), PROSE_SHARE, rng)
    docx_ = _quota(len(sizes), DOCX_SHARE, rng)
    for index, size in enumerate(sizes):
        report_rng = random.Random(rng.getrandbits(64))
        stem = f"{index:05d}_{rng.getrandbits(64):016x}"
        if index in prose:
            gold, blocks = prose_report(report_rng, vocab, size)
        else:
            gold, blocks = table_report(report_rng, vocab, size)
        layout = gold["layout"]
        if index in docx_:
            body = docx_table_body(blocks, report_rng) if layout == "table" else docx_prose_body(blocks)
            data, suffix = docx_package(body, landscape=layout == "table"), ".docx"
        else:
            text = text_table(blocks, report_rng) if layout == "table" else text_prose(blocks, report_rng)
            data, suffix = text.encode("utf-8"), ".txt"
        gold = {"document": stem + suffix, **gold}
        yield SynthReport(stem, suffix, layout, data, gold)


def gold_json(gold: dict) -> str:
    """The gold as JSON with one event or link per line: readable, and fast to write (the C encoder
    does each line; ``indent=`` would fall back to the pure-Python one)."""
    dump = partial(json.dumps, ensure_ascii=False)
    head = ",\n".join(f" {dump(k)}: {dump(v)}" for k, v in gold.items() if k not in ("events", "links"))
    events = ",\n".join("  " + dump(e) for e in gold["events"])
    links = ",\n".join("  " + dump(link) for link in gold["links"])
    return f"{{\n{head},\n \"events\": [\n{events}\n ],\n \"links\": [\n{links}\n ]\n}}\n"


def write_corpus(out: Path | str, n_events: int, seed: int) -> dict[str, int]:
    """Write ``out/reports/<stem>.{txt,docx}`` and ``out/gold/<stem>.json``; returns counts."""
    out = Path(out)
    reports, golds = out / "reports", out / "gold"
    reports.mkdir(parents=True, exist_ok=True)
    golds.mkdir(parents=True, exist_ok=True)
    counts = {"reports": 0, "events": 0, "table": 0, "narrative": 0, "txt": 0, "docx": 0}
    for report in generate(n_events, seed):
        (reports / report.filename).write_bytes(report.data)
        (golds / f"{report.stem}.json").write_text(gold_json(report.gold), encoding="utf-8")
        counts["reports"] += 1
        counts["events"] += len(report.gold["events"])
        counts[report.layout] += 1
        counts[report.suffix[1:]] += 1
    return counts
