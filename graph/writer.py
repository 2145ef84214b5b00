"""Records of one report → quads in that report's named graph.

Every list the report gives (venues, foreign places, participants, agreement
parties) is written twice: as direct triples (``ties:venue`` …) that queries
use, and as ``ties:Mention`` nodes that keep the report's spelling and order,
so ``graph.reader`` can give the lists back unchanged. Mention and agreement
IRIs are derived from the event's IRI, never blank nodes, so writing the same
report twice yields the same quads.

A place keeps one ``rdfs:label`` per report graph (the first spelling met);
other spellings of the same IRI become ``skos:altLabel``.

Beyond what the records say, the writer adds what the ontology can tell from
them: the kind of each organization (``ingest.org_kinds``) and of each
agreement (``ingest.agreement_kinds``), the municipal form a place name
states and the region of a resolved settlement (``ingest.place_kinds``), the
quoted row as a PROV entity (``ties:Excerpt``), and the dates of an event as
an OWL-Time interval besides the plain ``ties:startDate``/``ties:endDate``.
"""
from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from ties.graph import iris
from ties.graph.iris import vocab
from ties.ingest.identity import org_key
from ties.ingest.name_kinds import actor_level, kind_by_name, looks_like_org
from ties.ingest.records import Agreement, EndedTie, Event, Link, Organization, Place, Report
from ties.ingest.divisions import district_region, region_code
from ties.ingest.place_kinds import municipal_kind, region_of

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT_LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
PROV_DERIVED = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
GEO = "http://www.opengis.net/ont/geosparql#"
GEO_HAS_GEOMETRY = NamedNode(GEO + "hasGeometry")
GEO_AS_WKT = NamedNode(GEO + "asWKT")
GEO_GEOMETRY = NamedNode(GEO + "Geometry")
TIME = "http://www.w3.org/2006/time#"
TIME_HAS_TIME = NamedNode(TIME + "hasTime")
TIME_INTERVAL = NamedNode(TIME + "Interval")
TIME_INSTANT = NamedNode(TIME + "Instant")
TIME_HAS_BEGINNING = NamedNode(TIME + "hasBeginning")
TIME_HAS_END = NamedNode(TIME + "hasEnd")
TIME_IN_XSD_DATE = NamedNode(TIME + "inXSDDate")

PLACE_CLASS = {"settlement": "Settlement", "district": "District", "region": "Region"}
TIE_CLASS = {"sister_city": "SisterCityTie", "friendship_city": "FriendshipCityTie",
             "institutional": "InstitutionalTie", "event": "EventTie"}
TIE_RELATION = {"sister_city": "sisterCityOf", "friendship_city": "friendshipCityOf"}
#: IRI path segment of a mention node, per qualifying property.
MENTION_SEGMENT = {"qualifiedVenue": "venue", "qualifiedForeignPlace": "foreign-place",
                   "qualifiedParticipant": "participant", "qualifiedParty": "party"}

def _str(value: str) -> Literal:
    return Literal(value)


def _ru(value: str) -> Literal:
    return Literal(value, language="ru")


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _bool(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))


OWL_SAME_AS = NamedNode("http://www.w3.org/2002/07/owl#sameAs")


class _ReportWriter:
    """Collects the triples of one report, each once, in the order first stated."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.graph = iris.graph_iri(report.stem)
        self.report_node = iris.report_iri(report.stem)
        self.triples: dict[tuple, None] = {}
        self.labels: dict[NamedNode, str] = {}
        self.resolved: dict[NamedNode, bool] = {}

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples[(s, p, o)] = None

    def prop(self, s: NamedNode, term: str, o: NamedNode | Literal) -> None:
        self.add(s, vocab(term), o)

    def typed(self, node: NamedNode, cls: str) -> None:
        self.add(node, RDF_TYPE, vocab(cls))

    def quads(self) -> list[Quad]:
        for node, resolved in self.resolved.items():
            if not resolved:
                self.prop(node, "unresolved", _bool(True))
        return [Quad(s, p, o, self.graph) for s, p, o in self.triples]

    # -- entities ---------------------------------------------------------

    def label(self, node: NamedNode, name: str) -> None:
        first = self.labels.setdefault(node, name)
        self.add(node, RDFS_LABEL if first == name else SKOS_ALT_LABEL, _ru(name))

    def country(self, code: str) -> NamedNode:
        node = iris.country_iri(code)
        self.typed(node, "Country")
        self.prop(node, "isoCode", _str(code.upper()))
        return node

    def named_place(self, name: str, country: str | None, kind: str | None = None) -> NamedNode:
        node = iris.place_iri(name, country)
        kind = kind or kind_by_name(name)
        self.typed(node, PLACE_CLASS[kind])
        if kind == "district":  # no offline source has district ids: always unresolved, placed in its region
            self.resolved.setdefault(node, False)
            if region := district_region(name, country):
                self.prop(node, "locatedIn", self.region(*region))
        if municipal := municipal_kind(name):
            self.typed(node, municipal)
        self.label(node, name)
        if country:
            self.prop(node, "country", self.country(country))
        return node

    def region(self, name: str, country: str | None) -> NamedNode:
        """A first-level division, resolved by its ISO 3166-2 code where the code is known."""
        node = self.named_place(name, country, "region")
        code = region_code(name, country)
        if code:
            self.prop(node, "subdivisionCode", _str(code))
        self.resolved[node] = self.resolved.get(node, False) or code is not None
        return node

    def place(self, place: Place) -> NamedNode:
        """A place the gazetteer was asked about: records whether it was found."""
        node = self.named_place(place.name, place.country, place.kind)
        if place.geonames_id is not None:
            self.prop(node, "geonamesId", _int(place.geonames_id))
            # The GeoNames feature itself, so linked-data tools can follow the place out of the graph.
            self.add(node, OWL_SAME_AS, NamedNode(f"https://sws.geonames.org/{place.geonames_id}/"))
            if region := region_of(place.geonames_id):
                self.prop(node, "locatedIn", self.region(*region))
        elif place.kind == "region":
            return self.region(place.name, place.country)
        self.resolved[node] = self.resolved.get(node, False) or place.geonames_id is not None
        if place.lat is not None and place.lon is not None:
            geometry = iris.geometry_iri(node)
            self.add(node, GEO_HAS_GEOMETRY, geometry)
            self.add(geometry, RDF_TYPE, GEO_GEOMETRY)
            self.add(geometry, GEO_AS_WKT, Literal(f"POINT({place.lon} {place.lat})",
                                                   datatype=NamedNode(GEO + "wktLiteral")))
        return node

    def organization(self, org: Organization) -> NamedNode:
        node = iris.org_iri(org_key(org.name, placed=bool(org.place)), org.country, org.place)
        self.typed(node, "Organization")
        if kind := org.kind:
            self.typed(node, kind)
        self.label(node, org.name)
        for alt in org.alt:
            self.add(node, SKOS_ALT_LABEL, _ru(alt))
        if org.country:
            self.prop(node, "country", self.country(org.country))
        if org.place:
            self.prop(node, "basedIn", self.named_place(org.place, org.country))
        return node

    def by_name(self, name: str, event: Event) -> NamedNode:
        """Actor or party given by name: one of the event's own entities, else the name rule."""
        key = org_key(name, placed=False)
        for org in event.organizations:
            if org_key(org.name, placed=False) == key or org.name == name:
                return self.organization(org)
        for place in (*event.venue, *event.foreign_places):
            if iris.slug(place.name) == key:
                return self.place(place)
        if looks_like_org(name):
            return self.organization(Organization(name, country="RU"))
        return self.named_place(name, "RU")

    def mention(self, owner: NamedNode, role: str, index: int, name: str, entity: NamedNode) -> None:
        node = iris.mention_iri(owner, MENTION_SEGMENT[role], index)
        self.prop(owner, role, node)
        self.typed(node, "Mention")
        self.prop(node, "order", _int(index))
        self.prop(node, "asWritten", _str(name))
        self.prop(node, "entity", entity)

    # -- report, events, links --------------------------------------------

    def report_node_triples(self) -> None:
        r, node = self.report, self.report_node
        self.typed(node, "Report")
        self.prop(node, "document", _str(r.document))
        self.prop(node, "layout", _str(r.layout))
        optional = {"reporter": r.reporter and _str(r.reporter),
                    "reportingLevel": r.reporting_level and _str(r.reporting_level),
                    "sha256": r.sha256 and _str(r.sha256),
                    "reportTitle": r.title and _str(r.title),
                    "periodStart": r.period_start and _date(r.period_start),
                    "periodEnd": r.period_end and _date(r.period_end)}
        for term, value in optional.items():
            if value:
                self.prop(node, term, value)

    def event(self, event: Event, key: str) -> NamedNode:
        node = iris.event_iri(self.report.stem, key)
        self.typed(node, "Event")
        self.prop(node, "reportedIn", self.report_node)
        self.add(node, PROV_DERIVED, self.report_node)
        self.prop(node, "title", _str(event.title))
        self.prop(node, "position", _int(event.position))
        self.prop(node, "online", _bool(event.online))
        self.prop(node, "sphere", iris.sphere_iri(event.sphere))
        self.event_optionals(node, event)
        self.excerpt(node, event)
        self.interval(node, event)
        self.prop(node, "actorLevel", _str(actor_level(event.actor)))
        if event.actor:
            self.prop(node, "actorName", _str(event.actor))
            self.prop(node, "actor", self.by_name(event.actor, event))
        self.event_lists(node, event)
        for index, agreement in enumerate(event.agreements):
            self.prop(node, "agreement", self.agreement(agreement, event, key, index))
        return node

    def event_optionals(self, node: NamedNode, event: Event) -> None:
        optional = {"rowNumber": event.n is not None and _int(event.n),
                    "section": event.section and _str(event.section),
                    "startDate": event.start and _date(event.start),
                    "endDate": event.end and _date(event.end),
                    "participantCount": event.participants is not None and _int(event.participants),
                    "sourceText": event.source_text and _str(event.source_text),
                    "sourceLine": event.source_line is not None and _int(event.source_line)}
        for term, value in optional.items():
            if value:
                self.prop(node, term, value)

    def excerpt(self, node: NamedNode, event: Event) -> None:
        """The quoted row or sentence as a PROV entity between the event and its report."""
        if not event.source_text:
            return
        excerpt = NamedNode(node.value + "/excerpt")
        self.typed(excerpt, "Excerpt")
        self.prop(node, "excerpt", excerpt)
        self.add(node, PROV_DERIVED, excerpt)
        self.prop(excerpt, "excerptOf", self.report_node)
        self.add(excerpt, PROV_DERIVED, self.report_node)
        self.prop(excerpt, "quote", _str(event.source_text))
        if event.source_line is not None:
            self.prop(excerpt, "line", _int(event.source_line))

    def interval(self, node: NamedNode, event: Event) -> None:
        """The event's dates as an OWL-Time interval with dated instants, for temporal tools."""
        if not event.start:
            return
        interval = NamedNode(node.value + "/interval")
        self.add(node, TIME_HAS_TIME, interval)
        self.add(interval, RDF_TYPE, TIME_INTERVAL)
        for edge, day, name in ((TIME_HAS_BEGINNING, event.start, "start"), (TIME_HAS_END, event.end, "end")):
            if day:
                instant = NamedNode(f"{interval.value}/{name}")
                self.add(interval, edge, instant)
                self.add(instant, RDF_TYPE, TIME_INSTANT)
                self.add(instant, TIME_IN_XSD_DATE, _date(day))

    def event_lists(self, node: NamedNode, event: Event) -> None:
        for index, place in enumerate(event.venue):
            entity = self.place(place)
            self.prop(node, "venue", entity)
            self.mention(node, "qualifiedVenue", index, place.name, entity)
        for code in event.countries:
            self.prop(node, "involvesCountry", self.country(code))
        for index, place in enumerate(event.foreign_places):
            entity = self.place(place)
            self.prop(node, "involvesPlace", entity)
            self.mention(node, "qualifiedForeignPlace", index, place.name, entity)
        for index, org in enumerate(event.organizations):
            entity = self.organization(org)
            self.prop(node, "participant", entity)
            self.mention(node, "qualifiedParticipant", index, org.name, entity)

    def agreement(self, agreement: Agreement, event: Event, key: str, index: int) -> NamedNode:
        node = iris.agreement_iri(self.report.stem, key, index)
        self.typed(node, "Agreement")
        self.prop(node, "order", _int(index))
        self.prop(node, "agreementKind", _str(agreement.kind))
        self.prop(node, "agreementType", vocab(agreement.type))
        if agreement.date:
            self.prop(node, "signedOn", _date(agreement.date))
        for i, name in enumerate(agreement.parties):
            entity = self.by_name(name, event)
            self.prop(node, "party", entity)
            self.mention(node, "qualifiedParty", i, name, entity)
        return node

    def link(self, link: Link, events: dict[int, NamedNode], levels: dict[int, str] | None = None) -> None:
        node = iris.tie_iri(link.ru.name, link.foreign.name, link.foreign.country)
        # The levels that acted on the tie in this report: its events' bodies, else the reporter's.
        shown = {levels[n] for n in link.events if levels and n in levels} or {actor_level(self.report.reporter)}
        for level in sorted(shown):
            self.prop(node, "tieLevel", _str(level))
        ru, foreign = self.place(link.ru), self.place(link.foreign)
        self.typed(node, TIE_CLASS[link.kind])
        self.prop(node, "russianPlace", ru)
        self.prop(node, "foreignPlace", foreign)
        for number in link.events:
            if number not in events:
                raise ValueError(f"{self.report.document}: link {link.ru.name}–{link.foreign.name} "
                                 f"cites event {number}, which the report does not have")
            self.prop(node, "evidence", events[number])
        if link.statement:  # "… побратимами Калуги являются немецкий Зуль, …": the words that state it
            self.prop(node, "statement", _str(link.statement))
            self.prop(node, "statedIn", self.report_node)
            if link.statement_line is not None:
                self.prop(node, "statementLine", _int(link.statement_line))
        if link.kind in TIE_RELATION:
            self.prop(ru, TIE_RELATION[link.kind], foreign)
            self.prop(foreign, TIE_RELATION[link.kind], ru)


    def ended_tie(self, tie: EndedTie) -> None:
        """A tie the text says has ended: its own class, so that ties:Tie stays the active ones."""
        node = iris.ended_tie_iri(tie.ru.name, tie.foreign.name, tie.foreign.country)
        self.typed(node, "EndedTie")
        self.prop(node, "formerRussianPlace", self.place(tie.ru))
        self.prop(node, "formerForeignPlace", self.place(tie.foreign))
        self.prop(node, "tieStatus", _str(tie.status))
        if tie.since:
            self.prop(node, "endedOn", _date(tie.since))
        self.prop(node, "statedIn", self.report_node)
        if tie.evidence:
            self.prop(node, "statement", _str(tie.evidence))


def event_number(event: Event) -> int:
    """How links cite an event: its row number, or in prose its (1-based) position."""
    return event.n if event.n is not None else event.position


def report_quads(report: Report) -> list[Quad]:
    """All quads of one report, in its named graph; the same report always gives the same quads."""
    writer = _ReportWriter(report)
    writer.report_node_triples()
    numbers: dict[int, NamedNode] = {}
    levels: dict[int, str] = {}
    for event, key in zip(report.events, iris.event_keys(report.events)):
        numbers.setdefault(event_number(event), writer.event(event, key))
        levels.setdefault(event_number(event), actor_level(event.actor))
    for link in report.links:
        writer.link(link, numbers, levels)
    for tie in report.ended_ties:
        writer.ended_tie(tie)
    return writer.quads()
