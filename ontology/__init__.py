"""Namespace constants of the ties ontology and the IRI bases of its resources.

``TIES`` is a closed :class:`rdflib.namespace.DefinedNamespace`, so a typo such
as ``TIES.Evnt`` fails at once instead of silently minting a new IRI. The list
below must name exactly the terms that ``ties.ttl`` defines (a test checks it).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/ties/"
ONTOLOGY_IRI = BASE + "ontology"
NAMESPACE = ONTOLOGY_IRI + "#"
RESOURCE = BASE + "resource/"
ONTOLOGY_PATH = Path(__file__).with_name("ties.ttl")
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")


class TIES(DefinedNamespace):
    """Every class, property and sphere individual of ``ties.ttl``."""

    _NS = Namespace(NAMESPACE)
    _fail = True

    # Classes
    Report: URIRef
    Event: URIRef
    Place: URIRef
    Settlement: URIRef
    Municipality: URIRef
    District: URIRef
    Region: URIRef
    Country: URIRef
    Organization: URIRef
    Agreement: URIRef
    Tie: URIRef
    SisterCityTie: URIRef
    FriendshipCityTie: URIRef
    InstitutionalTie: URIRef
    EventTie: URIRef
    EndedTie: URIRef
    Sphere: URIRef
    Mention: URIRef

    # Spheres (individuals of Sphere)
    culture: URIRef
    education: URIRef
    science: URIRef
    sport: URIRef
    youth: URIRef
    tourism: URIRef
    economy: URIRef
    social: URIRef
    health: URIRef
    governance: URIRef
    compatriots: URIRef
    memory: URIRef
    other: URIRef

    # Report
    document: URIRef
    sha256: URIRef
    layout: URIRef
    reporter: URIRef
    reportingLevel: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    reportTitle: URIRef

    # Event
    reportedIn: URIRef
    rowNumber: URIRef
    position: URIRef
    sourceText: URIRef
    sourceLine: URIRef
    section: URIRef
    actor: URIRef
    actorName: URIRef
    title: URIRef
    startDate: URIRef
    endDate: URIRef
    online: URIRef
    venue: URIRef
    involvesCountry: URIRef
    involvesPlace: URIRef
    participant: URIRef
    agreement: URIRef
    participantCount: URIRef
    sphere: URIRef

    # Agreement
    agreementKind: URIRef
    party: URIRef
    signedOn: URIRef
    formerRussianPlace: URIRef
    formerForeignPlace: URIRef
    tieStatus: URIRef
    endedOn: URIRef
    statedIn: URIRef
    statement: URIRef
    actorLevel: URIRef
    tieLevel: URIRef
    statementLine: URIRef

    # Mentions (lists as written)
    qualifiedVenue: URIRef
    qualifiedForeignPlace: URIRef
    qualifiedParticipant: URIRef
    qualifiedParty: URIRef
    entity: URIRef
    asWritten: URIRef
    order: URIRef

    # Places, countries, organizations
    locatedIn: URIRef
    country: URIRef
    basedIn: URIRef
    isoCode: URIRef
    geonamesId: URIRef
    unresolved: URIRef
    subdivisionCode: URIRef

    # Ties
    tiePlace: URIRef
    russianPlace: URIRef
    foreignPlace: URIRef
    evidence: URIRef
    sisterCityOf: URIRef
    friendshipCityOf: URIRef

    # -- added in 1.1 ------------------------------------------------------
    # Kinds of place (municipal forms of 131-FZ)
    City: URIRef
    UrbanOkrug: URIRef
    MunicipalDistrict: URIRef
    MunicipalOkrug: URIRef
    SettlementMunicipality: URIRef
    UrbanSettlement: URIRef
    RuralSettlement: URIRef

    # Kinds of organization (see ingest.org_kinds)
    School: URIRef
    MusicOrArtSchool: URIRef
    Library: URIRef
    Museum: URIRef
    University: URIRef
    Administration: URIRef
    Company: URIRef
    Association: URIRef
    InternationalBody: URIRef

    # Where things are; ties between places and organizations
    within: URIRef
    tiedTo: URIRef
    worksWith: URIRef

    # Provenance: the quoted row or sentence
    Excerpt: URIRef
    excerpt: URIRef
    excerptOf: URIRef
    quote: URIRef
    line: URIRef

    # Agreement kinds (SKOS concepts, see ingest.agreement_kinds)
    AgreementKind: URIRef
    agreementType: URIRef
    agreementKinds: URIRef
    generalAgreement: URIRef
    cooperationAgreement: URIRef
    intentAgreement: URIRef
    contract: URIRef
    memorandum: URIRef
    protocol: URIRef
    actionPlan: URIRef
    otherAgreement: URIRef

    # Concept scheme of the spheres
    spheres: URIRef

    # -- added in 1.2: the summary derived after each build (graph.summary) --
    InstitutionPair: URIRef
    russianInstitution: URIRef
    foreignInstitution: URIRef
    sharedEvent: URIRef
    eventCount: URIRef
    reportCount: URIRef
    agreementCount: URIRef
    tieCount: URIRef
    firstEventDate: URIRef
    evidenceText: URIRef
    nameKey: URIRef
    placeKey: URIRef
    russianName: URIRef
    foreignName: URIRef
    russianTownName: URIRef
    foreignTownName: URIRef
    foreignCountryCode: URIRef
    reportEventCount: URIRef
    reportCountryCount: URIRef
    reportAgreementCount: URIRef
    reportTieCount: URIRef
    actingMunicipality: URIRef
    eventYear: URIRef


#: Local names of all terms, for checks against the Turtle file.
TERMS: frozenset[str] = frozenset(TIES.__annotations__)
