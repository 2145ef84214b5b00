"""Records → store → SCHEMA.md JSON must give back what went in.

The report is rows 6 and 9 of gold report 001 (Smolensk and Vitebsk schools,
a cooperation agreement), written the way ingest hands them over.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad, Store

from ties.graph import iris
from ties.graph.reader import report_json
from ties.graph.store import (load_ontology, merge_named_graphs, open_store, replace_graph, replace_report,
                         report_stems, triple_count)
from ties.graph.writer import report_quads
from ties.ingest.records import Agreement, Event, Link, Organization, Place, Report

SMOLENSK = Place("Смоленск", "RU", geonames_id=491687, lat=54.7818, lon=32.0401)
VITEBSK = Place("Витебск", "BY", geonames_id=620127, lat=55.1904, lon=30.2049)
SCHOOL_8 = "МБОУ «СШ № 8 с углубленным изучением иностранных языков»"
GYMNASIUM_7 = "ГУО «Гимназия № 7 г. Витебска им. П.Е. Кондратенко»"
ART_SCHOOL_8 = "МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили»"
MALADIK = "ГУО «Детская школа искусств № 3 «Маладик»»"
ROW_6_TITLE = "Олимпиада «В мире англо-говорящих стран» в рамках Недели иностранного языка"
ROW_9_TITLE = ("Встреча администраций МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили» "
               "г. Смоленска и ГУО «Детская школа искусств № 3 «Маладик» г. Витебска "
               "(Республика Беларусь)")


def table_report(stem: str = "001_89ccaa44aebf448f") -> Report:
    row_6 = Event(
        title=ROW_6_TITLE, n=6, position=1, section="Город Смоленск", actor="Смоленск",
        start=date(2023, 1, 16), end=date(2023, 1, 26), online=True,
        venue=[SMOLENSK, VITEBSK], countries=["BY"], foreign_places=[VITEBSK],
        organizations=[Organization(SCHOOL_8, "Смоленск", "RU"),
                       Organization(GYMNASIUM_7, "Витебск", "BY")],
        sphere="education", source_text="6.\tОлимпиада …", source_line=41)
    row_9 = Event(
        title=ROW_9_TITLE, n=9, position=2, section="Город Смоленск", actor="Смоленск",
        start=date(2023, 1, 27), end=date(2023, 1, 27), venue=[VITEBSK], countries=["BY"],
        foreign_places=[VITEBSK],
        organizations=[Organization(ART_SCHOOL_8, "Смоленск", "RU"),
                       Organization(MALADIK, "Витебск", "BY")],
        agreements=[Agreement("соглашение о сотрудничестве", (ART_SCHOOL_8, MALADIK),
                              date(2023, 1, 27))],
        sphere="culture", source_text="9.\tВстреча администраций …", source_line=52)
    return Report(
        document=f"{stem}.txt", stem=stem, layout="table", reporter="Смоленская область",
        period_start=date(2023, 1, 1), period_end=date(2023, 3, 31), sha256="ab" * 32,
        events=[row_6, row_9],
        links=[Link(SMOLENSK, VITEBSK, "institutional", (6, 9))])


def narrative_report(stem: str = "002_narrative") -> Report:
    """A prose report: no row numbers, links cite 1-based positions."""
    orsha = Place("Орша", "BY")  # not in the gazetteer
    event = Event(title="Визит делегации города Орши", position=1, actor="Смоленск",
                  start=date(2023, 5, 5), end=date(2023, 5, 5), venue=[SMOLENSK],
                  countries=["BY"], foreign_places=[orsha], participants=60, sphere="governance")
    return Report(document=f"{stem}.docx", stem=stem, layout="narrative", reporter=None,
                  period_start=None, period_end=None, events=[event],
                  links=[Link(SMOLENSK, orsha, "sister_city", (1,))])


EXPECTED_TABLE = {
    "document": "001_89ccaa44aebf448f.txt",
    "layout": "table",
    "reporter": "Смоленская область",
    "period": {"start": "2023-01-01", "end": "2023-03-31"},
    "events": [
        {"n": 6, "section": "Город Смоленск", "actor": "Смоленск", "title": ROW_6_TITLE,
         "start": "2023-01-16", "end": "2023-01-26", "online": True,
         "venue": ["Смоленск", "Витебск"], "countries": ["BY"],
         "foreign_places": [{"name": "Витебск", "country": "BY"}],
         "organizations": [{"name": SCHOOL_8, "place": "Смоленск", "country": "RU"},
                           {"name": GYMNASIUM_7, "place": "Витебск", "country": "BY"}],
         "agreements": [], "participants": None, "sphere": "education"},
        {"n": 9, "section": "Город Смоленск", "actor": "Смоленск", "title": ROW_9_TITLE,
         "start": "2023-01-27", "end": "2023-01-27", "online": False,
         "venue": ["Витебск"], "countries": ["BY"],
         "foreign_places": [{"name": "Витебск", "country": "BY"}],
         "organizations": [{"name": ART_SCHOOL_8, "place": "Смоленск", "country": "RU"},
                           {"name": MALADIK, "place": "Витебск", "country": "BY"}],
         "agreements": [{"kind": "соглашение о сотрудничестве",
                         "parties": [ART_SCHOOL_8, MALADIK], "date": "2023-01-27"}],
         "participants": None, "sphere": "culture"},
    ],
    "links": [{"ru": "Смоленск", "foreign": "Витебск", "country": "BY",
               "kind": "institutional", "events": [6, 9]}],
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "store")


def write(store: Store, report: Report) -> None:
    replace_report(store, report.stem, report_quads(report))


def graph_quads(store: Store, stem: str) -> set[Quad]:
    return set(store.quads_for_pattern(None, None, None, iris.graph_iri(stem)))


def test_table_report_round_trips_to_schema_form(store: Store) -> None:
    write(store, table_report())
    assert report_json(store, "001_89ccaa44aebf448f") == EXPECTED_TABLE


def test_narrative_report_round_trips(store: Store) -> None:
    write(store, narrative_report())
    got = report_json(store, "002_narrative")
    assert got["period"] == {"start": None, "end": None} and got["reporter"] is None
    assert [e["n"] for e in got["events"]] == [None]
    assert got["events"][0]["participants"] == 60
    assert got["links"] == [{"ru": "Смоленск", "foreign": "Орша", "country": "BY",
                             "kind": "sister_city", "events": [1]}]


def test_event_order_follows_position(store: Store) -> None:
    report = table_report()
    report.events.reverse()
    for position, event in enumerate(report.events, 1):
        event.position = position
    write(store, report)
    assert [e["n"] for e in report_json(store, report.stem)["events"]] == [9, 6]


def test_writing_twice_keeps_triple_count(store: Store) -> None:
    write(store, table_report())
    count = triple_count(store)
    write(store, table_report())
    assert triple_count(store) == count


def test_store_persists_across_openings(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    write(store, table_report())
    count = triple_count(store)
    del store  # releases the on-disk lock
    reopened = open_store(tmp_path / "store")
    assert triple_count(reopened) == count
    assert report_json(reopened, "001_89ccaa44aebf448f") == EXPECTED_TABLE


def test_report_quads_are_deterministic() -> None:
    assert report_quads(table_report()) == report_quads(table_report())


def test_replacing_one_report_leaves_another_untouched(store: Store) -> None:
    write(store, table_report())
    write(store, narrative_report())
    before = graph_quads(store, "002_narrative")
    changed = table_report()
    changed.events = changed.events[:1]
    changed.links = [Link(SMOLENSK, VITEBSK, "event", (6,))]
    write(store, changed)
    assert graph_quads(store, "002_narrative") == before
    assert [e["n"] for e in report_json(store, changed.stem)["events"]] == [6]
    assert report_json(store, "002_narrative")["links"][0]["kind"] == "sister_city"


def test_refused_replacement_keeps_old_graph(store: Store) -> None:
    write(store, table_report())
    before = graph_quads(store, "001_89ccaa44aebf448f")
    stray = Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"),
                 NamedNode("http://example.org/o"), iris.graph_iri("other"))
    with pytest.raises(ValueError):
        replace_report(store, "001_89ccaa44aebf448f", [*report_quads(table_report()), stray])
    assert graph_quads(store, "001_89ccaa44aebf448f") == before


def test_report_stems_skip_the_ontology_graph(store: Store) -> None:
    load_ontology(store)
    write(store, narrative_report())
    write(store, table_report())
    assert report_stems(store) == ["001_89ccaa44aebf448f", "002_narrative"]


def test_missing_report_is_a_lookup_error(store: Store) -> None:
    with pytest.raises(LookupError, match="nope"):
        report_json(store, "nope")


def test_shared_entities_get_one_iri_across_reports(store: Store) -> None:
    write(store, table_report("a"))
    write(store, narrative_report("b"))
    smolensk = iris.place_iri("Смоленск", "RU")
    graphs = {q.graph_name for q in store.quads_for_pattern(smolensk, None, None, None)}
    assert graphs == {iris.graph_iri("a"), iris.graph_iri("b"), DefaultGraph()}
    labels = store.query(f"SELECT ?l WHERE {{ {smolensk} <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    assert [row["l"].value for row in labels] == ["Смоленск"]  # the merge states it once, not once per report


def merged(store: Store) -> tuple[set, set]:
    """The default graph's triples, and the set of triples the named graphs state (the derived summary,
    which is not merged, left out)."""
    default = {q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())}
    named = {q.triple for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, DefaultGraph) and q.graph_name != iris.SUMMARY_GRAPH}
    return default, named


def test_default_graph_stays_the_merge_through_replacements(store: Store) -> None:
    load_ontology(store)
    write(store, table_report("a"))
    write(store, narrative_report("b"))
    default, named = merged(store)
    assert default == named and len(default) < triple_count(store)  # shared places stated once
    changed = table_report("a")
    changed.events, changed.links = changed.events[:1], []
    write(store, changed)  # what only the old "a" said leaves the merge; what "b" also says stays
    default, named = merged(store)
    assert default == named
    smolensk = iris.place_iri("Смоленск", "RU")
    assert any(t.subject == smolensk for t in default)
    replace_report(store, "b", [])
    replace_report(store, "a", [])
    default, named = merged(store)
    assert default == named and not any(t.subject == smolensk for t in default)
    load_ontology(store)  # its blank nodes too: reloading leaves no stale copy behind
    assert merged(store)[0] == merged(store)[1]


def test_a_store_without_the_merge_gets_it_when_opened(tmp_path: Path) -> None:
    """A store written before the default graph held the merge is brought up to date, once."""
    store = Store(str(tmp_path / "old"))
    load_ontology(store)
    write(store, table_report())
    store.update("DROP DEFAULT")
    assert merged(store)[0] == set()
    del store
    reopened = open_store(tmp_path / "old")
    default, named = merged(reopened)
    assert default == named and default
    size = len(reopened)
    merge_named_graphs(reopened)  # a second time: nothing to do
    assert len(reopened) == size


def test_places_carry_geometry_and_resolution(store: Store) -> None:
    write(store, narrative_report())
    wkt = store.query("""
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT ?wkt WHERE { GRAPH ?g { ?p geo:hasGeometry/geo:asWKT ?wkt } }""")
    assert [row["wkt"].value for row in wkt] == ["POINT(32.0401 54.7818)"]
    orsha = iris.place_iri("Орша", "BY")
    assert store.query(f"ASK {{ GRAPH ?g {{ {orsha} <{iris.vocab('unresolved').value}> true }} }}")


def test_sister_city_is_stated_both_ways(store: Store) -> None:
    write(store, narrative_report())
    sister = iris.vocab("sisterCityOf")
    smolensk, orsha = iris.place_iri("Смоленск", "RU"), iris.place_iri("Орша", "BY")
    assert list(store.quads_for_pattern(smolensk, sister, orsha, None))
    assert list(store.quads_for_pattern(orsha, sister, smolensk, None))


def test_actor_rule_picks_place_or_organization() -> None:
    report = table_report()
    report.events[0].actor = "Администрация Смоленской области"
    actor = iris.vocab("actor")
    objects = {q.object for q in report_quads(report) if q.predicate == actor}
    assert objects == {iris.org_iri("Администрация Смоленской области", "RU"),
                       iris.place_iri("Смоленск", "RU")}


def test_unknown_sphere_is_refused() -> None:
    report = table_report()
    report.events[0].sphere = "cultur"
    with pytest.raises(ValueError, match="cultur"):
        report_quads(report)


def test_link_citing_a_missing_event_is_refused() -> None:
    report = table_report()
    report.links = [Link(SMOLENSK, VITEBSK, "event", (99,))]
    with pytest.raises(ValueError, match="99"):
        report_quads(report)


@pytest.mark.parametrize(("text", "expected"), [
    ("Витебский район", "vitebskiy-rayon"),
    ("Щёлково", "shchelkovo"),
    ("Нижний Новгород", "nizhniy-novgorod"),
    ("Хабаровск", "khabarovsk"),
    ("Мядзел", "myadzel"),
])
def test_slug(text: str, expected: str) -> None:
    assert iris.slug(text) == expected


def test_iri_shapes() -> None:
    base = "https://w3id.org/ties/resource/"
    assert iris.place_iri("Витебский район", "BY").value == base + "place/by/vitebskiy-rayon"
    assert iris.country_iri("by").value == base + "country/BY"
    assert iris.tie_iri("Смоленск", "Витебск", "BY").value == base + "tie/smolensk--by-vitebsk"
    assert iris.org_iri('ГУО "Гимназия № 7"', "BY") == iris.org_iri("ГУО «Гимназия № 7»", "BY")
    assert iris.org_iri("Фонд «Мир»", None).value == base + "org/xx/fond-mir"
    assert iris.event_iri("001", "6").value == base + "event/001/6"
    assert iris.graph_iri("отчёт 1").value == base + "graph/%D0%BE%D1%82%D1%87%D1%91%D1%82%201"


def test_stems_with_spaces_survive_the_store(store: Store) -> None:
    write(store, narrative_report("отчёт 1"))
    assert report_stems(store) == ["отчёт 1"]
    assert report_json(store, "отчёт 1")["document"] == "отчёт 1.docx"


def test_replace_graph_with_no_quads_drops_it(store: Store) -> None:
    write(store, narrative_report())
    replace_graph(store, iris.graph_iri("002_narrative"), [])
    assert report_stems(store) == []
