"""The summary graph (``graph.summary``): recounted here in plain Python from the store's quads, so the
SPARQL that writes it is checked against an independent count, on the sample reports."""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Store

from ties import queries
from conftest import sample
from ties.graph.iris import SUMMARY_GRAPH, pair_iri
from ties.graph.store import report_stems, triple_count
from ties.graph.summary import has_summary, refresh
from ties.ontology import TIES

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RU = NamedNode("https://w3id.org/ties/resource/country/RU")


def T(name: str) -> NamedNode:
    return NamedNode(str(TIES[name]))


class Facts:
    """The merge (default graph) of a store as subject → predicate → objects, and the reverse."""

    def __init__(self, store: Store) -> None:
        self.out: dict = defaultdict(lambda: defaultdict(set))
        self.back: dict = defaultdict(lambda: defaultdict(set))
        for q in store.quads_for_pattern(None, None, None, DefaultGraph()):
            self.out[q.subject][q.predicate].add(q.object)
            self.back[q.object][q.predicate].add(q.subject)

    def objects(self, s, p: str) -> set:
        return self.out[s][T(p)] if not p.startswith("rdf:") else self.out[s][RDF_TYPE]

    def subjects(self, p: str, o) -> set:
        return self.back[o][T(p)]

    def typed(self, cls: str) -> set:
        return self.back[T(cls)][RDF_TYPE]


def summary(store: Store) -> dict:
    """The summary graph as subject → predicate → objects (plain values)."""
    out: dict = defaultdict(lambda: defaultdict(set))
    for q in store.quads_for_pattern(None, None, None, SUMMARY_GRAPH):
        if q.subject != SUMMARY_GRAPH:  # not the time it was made
            out[q.subject][q.predicate].add(q.object.value)
    return out


def org_events(f: Facts, org) -> set:
    events = f.subjects("participant", org) | f.subjects("actor", org)
    for agreement in f.subjects("party", org):
        events |= f.subjects("agreement", agreement)
    return events


@pytest.fixture(scope="module")
def store(built_store: Path) -> Store:
    return queries.open_store(built_store)


@pytest.fixture(scope="module")
def facts(store: Store) -> Facts:
    return Facts(store)


def test_organization_counts_match_a_recount(store, facts) -> None:
    got = summary(store)
    orgs = facts.typed("Organization")
    counted = 0
    for org in orgs:
        events = org_events(facts, org)
        if not events:
            assert T("eventCount") not in got[org]
            continue
        counted += 1
        reports = set().union(*(facts.objects(e, "reportedIn") for e in events))
        starts = set().union(*(facts.objects(e, "startDate") for e in events))
        assert got[org][T("eventCount")] == {str(len(events))}, org
        assert got[org][T("reportCount")] == {str(len(reports))}, org
        assert got[org].get(T("firstEventDate"), set()) == ({min(s.value for s in starts)} if starts else set())
    assert counted > 50  # the samples name well over fifty institutions in events


def test_pairs_match_a_recount(store, facts) -> None:
    expected: dict = defaultdict(lambda: (set(), set()))
    russian = {o for o in facts.typed("Organization") if RU in facts.objects(o, "country")}
    foreign = {o for o in facts.typed("Organization") if facts.objects(o, "country") - {RU}}
    for event in facts.typed("Event"):
        people = facts.objects(event, "participant")
        for ro in people & russian:
            for fo in people & foreign:
                expected[ro, fo][0].add(event)
        for agreement in facts.objects(event, "agreement"):
            parties = facts.objects(agreement, "party")
            for ro in parties & russian:
                for fo in parties & foreign:
                    expected[ro, fo][0].add(event)
                    expected[ro, fo][1].add(agreement)
    got = summary(store)
    pairs = {s for s, props in got.items() if str(TIES.InstitutionPair) in props[RDF_TYPE]}
    assert pairs == {pair_iri(ro, fo) for ro, fo in expected} and pairs
    for (ro, fo), (events, agreements) in expected.items():
        pair = got[pair_iri(ro, fo)]
        assert pair[T("russianInstitution")] == {ro.value} and pair[T("foreignInstitution")] == {fo.value}
        assert pair[T("sharedEvent")] == {e.value for e in events}
        assert pair[T("eventCount")] == {str(len(events))}
        assert pair[T("agreementCount")] == {str(len(agreements))}
        (text,) = pair[T("evidenceText")]
        assert len(text.split(", ")) == len(events)  # one "report row N" / "report line N" per event


def test_smolensk_vitebsk_schools_are_pairs_found_by_town_name(store) -> None:
    """The issue's example: Smolensk and Vitebsk institutions, found by the keys of their towns."""
    got = summary(store)
    found = {p for p, props in got.items() if {"смоленск", "витебск"} <= props[T("placeKey")]}
    # 001 rows 6 and 14 name one Smolensk school and one Vitebsk gymnasium, long and short
    # ("МБОУ «СШ № 8 с углубленным …»", "МБОУ «СШ № 8»"): one pair; row 9 an art school with another.
    assert len(found) == 2
    assert {next(iter(got[p][T("evidenceText")])) for p in found} == {
        "001_89ccaa44aebf448f.txt row 6, 001_89ccaa44aebf448f.txt row 14", "001_89ccaa44aebf448f.txt row 9"}


def test_name_keys_fold_case_and_yo(store, facts) -> None:
    got = summary(store)
    labelled = [(s, o.value) for s, props in facts.out.items()
                for p in (NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),) for o in props[p]]
    assert labelled
    for node, label in labelled:
        assert label.lower().replace("ё", "е") in got[node][T("nameKey")], (node, label)


def test_event_years_and_acting_municipalities(store, facts) -> None:
    got = summary(store)
    events = facts.typed("Event")
    dated = 0
    for event in events:
        start = facts.objects(event, "startDate")
        period = set().union(*(facts.objects(r, "periodStart") for r in facts.objects(event, "reportedIn")))
        date = min((d.value for d in start), default=None) or min((d.value for d in period), default=None)
        assert got[event].get(T("eventYear"), set()) == ({str(int(date[:4]))} if date else set()), event
        dated += bool(date)
    assert dated > len(events) / 2
    smolensk = [e for e in events if any("smolensk" in m for m in got[e].get(T("actingMunicipality"), ()))]
    assert smolensk  # Smolensk's own events, and those of its schools


def test_summary_is_not_a_report_nor_counted(store, built_store) -> None:
    assert has_summary(store)
    assert "summary" not in report_stems(store) and len(report_stems(store)) == 5
    named = sum(1 for g in store.named_graphs() for _ in store.quads_for_pattern(None, None, None, g))
    assert triple_count(store) == named - sum(1 for _ in store.quads_for_pattern(None, None, None, SUMMARY_GRAPH))


def test_a_later_build_recounts_and_refresh_is_idempotent(tmp_path: Path) -> None:
    from ties.pipeline import ingest_paths
    path = tmp_path / "store"
    assert ingest_paths([str(sample("001"))], path, quiet=True).failures == 0
    first = summary(queries.open_store(path))
    assert ingest_paths([str(sample("002"))], path, quiet=True).failures == 0
    second = summary(queries.open_store(path))
    assert second != first
    grown = [s for s in first if T("eventCount") in first[s] and first[s][T("eventCount")] != second[s][T("eventCount")]]
    assert grown or len(second) > len(first)
    writable = Store(str(path))
    refresh(writable)
    assert summary(writable) == second
    del writable


def damaged_then_reopened(built_store: Path, folder: Path, damage) -> tuple[dict, dict, Store]:
    """A copy of the sample store whose summary ``damage(store)`` spoils: the summary before, the summary
    after the copy is opened again for a query, and that store."""
    shutil.copytree(built_store, folder)
    old = Store(str(folder))
    want = summary(old)
    damage(old)
    assert not has_summary(old)
    del old
    store = queries.open_store(folder)
    assert has_summary(store)
    return want, summary(store), store


def test_a_store_without_a_summary_gets_one_when_opened(built_store: Path, tmp_path: Path) -> None:
    """A store built before the summary existed is brought up to date by the first query."""
    want, got, store = damaged_then_reopened(built_store, tmp_path / "old", lambda s: s.remove_graph(SUMMARY_GRAPH))
    assert got == want
    rows = queries.run(queries.load("institutions"), {"kind": "школа"}, store=store).rows
    assert rows


def test_a_half_written_summary_is_recounted_whole(built_store: Path, tmp_path: Path) -> None:
    """Killed while writing: the time it was made is written last, so its absence gives it away."""
    def kill(store: Store) -> None:
        store.remove(next(store.quads_for_pattern(SUMMARY_GRAPH, None, None, SUMMARY_GRAPH)))
        for quad in list(store.quads_for_pattern(None, T("eventCount"), None, SUMMARY_GRAPH))[::2]:
            store.remove(quad)  # half of the counts lost

    want, got, _ = damaged_then_reopened(built_store, tmp_path / "killed", kill)
    assert got == want
