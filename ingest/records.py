"""Plain records that ingest hands to graph: no RDF here, only what a report says.

The shapes mirror ``shared/gold/SCHEMA.md`` so that a record can be written to
the store and read back into the same JSON form without loss.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Layout = Literal["table", "narrative"]
TieKind = Literal["sister_city", "friendship_city", "institutional", "event"]

#: Strongest first: a pair of places keeps the strongest kind it is shown with.
TIE_KINDS: tuple[TieKind, ...] = ("sister_city", "friendship_city", "institutional", "event")

SPHERES: tuple[str, ...] = (
    "culture", "education", "science", "sport", "youth", "tourism", "economy",
    "social", "health", "governance", "compatriots", "memory", "other",
)


@dataclass(frozen=True)
class Block:
    """One unit of a read file, before any interpretation.

    ``kind`` is ``row`` (cells of a table row), ``heading`` (a single-cell line
    between rows, or a short standalone paragraph) or ``paragraph`` (prose).
    ``line`` is the 1-based line (text) or paragraph/row index (DOCX) where the
    block starts, for provenance.
    """

    kind: Literal["row", "heading", "paragraph"]
    cells: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.cells)


@dataclass(frozen=True)
class Place:
    """A settlement or district; ``country`` is ISO alpha-2 (``RU`` for Russian places)."""

    name: str
    country: str | None = None
    kind: Literal["settlement", "district", "region"] = "settlement"
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    place: str | None = None
    country: str | None = None
    alt: tuple[str, ...] = ()   # other forms of its name: "БУ «…»" for "Бюджетное учреждение … «…»"

    @property
    def kind(self) -> str | None:
        """The ontology class of its kind (School, Library, Administration …), read from its name."""
        from .org_kinds import org_kind
        return org_kind(self.name)


@dataclass(frozen=True)
class Agreement:
    kind: str
    parties: tuple[str, ...] = ()
    date: date | None = None

    @property
    def type(self) -> str:
        """The SKOS concept of its kind (cooperation agreement, memorandum …), read from its words."""
        from .agreement_kinds import agreement_kind
        return agreement_kind(self.kind)


@dataclass
class Event:
    """One activity: a numbered table row, or one sentence/bullet of prose."""

    title: str
    n: int | None = None
    position: int = 0
    section: str | None = None
    actor: str | None = None
    start: date | None = None
    end: date | None = None
    online: bool = False
    venue: list[Place] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    foreign_places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    participants: int | None = None
    sphere: str = "other"
    source_text: str = ""
    source_line: int | None = None


@dataclass(frozen=True)
class Link:
    """A partnership tie between a Russian place and a foreign place."""

    ru: Place
    foreign: Place
    kind: TieKind
    events: tuple[int, ...] = ()
    statement: str = ""         # the sentence that states the tie, when one does ("… являются Зуль, …")
    statement_line: int | None = None


@dataclass(frozen=True)
class EndedTie:
    """A tie the text says is suspended or terminated: kept in the graph with its status, never a link."""

    ru: Place
    foreign: Place
    status: Literal["suspended", "terminated"] = "terminated"
    since: date | None = None
    evidence: str = ""


@dataclass
class Report:
    """Everything extracted from one file."""

    document: str
    stem: str
    layout: Layout
    reporter: str | None
    period_start: date | None
    period_end: date | None
    title: str = ""
    sha256: str = ""
    #: "municipal" or "regional" where the title says whose activity the report lists (``find_level``)
    reporting_level: str | None = None
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ended_ties: list[EndedTie] = field(default_factory=list)
    #: What the reader could not fully understand but read anyway (one line each, shown as warnings).
    notes: list[str] = field(default_factory=list)
