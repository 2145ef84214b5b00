"""HermiT over the ontology and the reports; what it implies is then answerable with plain SPARQL.

The store holds the five sample reports plus a synthetic prose report of
Khabarovsk's own ties (the prose extractor for them is still being written),
then ``ties reason`` runs as a user runs it.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import owlready2
import pytest
from pyoxigraph import NamedNode, Quad, Store
from rdflib import Graph

from ties.graph import iris
from ties.ingest.identity import org_key
from ties.graph.reason import INFERRED_GRAPH, abox, close, explain, reason, run_hermit
from ties.graph.store import load_ontology, open_store, replace_report
from ties.graph.writer import report_quads
from ties.ingest.records import Event, Link, Place, Report
from ties.ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE
from ties.ingest.agreement_kinds import agreement_kind
from ties.ingest.org_kinds import org_kind
from ties.ingest.place_kinds import REGIONS, municipal_kind, region_of

KHABAROVSK = Place("Хабаровск", "RU", geonames_id=2022890, lat=48.48, lon=135.07)
NIIGATA = Place("Ниигата", "JP")
TIANJIN = Place("Тяньцзинь", "CN")
ULAANBAATAR = Place("Улан-Батор", "MN")
GYMNASIUM_7 = "ГУО «Гимназия № 7 г. Витебска им. П.Е. Кондратенко»"
SCHOOL_8 = "МБОУ «СШ № 8 с углубленным изучением иностранных языков»"


def org_node(name: str, country: str, town: str):
    """The node of an institution named ``name`` in ``town``, as the writer makes it."""
    return iris.org_iri(org_key(name), country, town)
ART_SCHOOL_8 = "МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили»"
PREFIXES = f"""PREFIX ties: <{NAMESPACE}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX r: <{RESOURCE}>
"""


def khabarovsk_report() -> Report:
    """Prose ties of Khabarovsk as the prose extractor will hand them over."""
    events = [Event(title="Визит делегации префектуры Ниигата", position=1, actor="Хабаровск",
                    start=date(2021, 9, 1), end=date(2021, 9, 3), venue=[KHABAROVSK], countries=["JP"],
                    foreign_places=[NIIGATA], sphere="governance", source_text="Визит делегации …"),
              Event(title="Онлайн-встреча с мэрией Тяньцзиня", position=2, actor="Хабаровск", online=True,
                    countries=["CN"], foreign_places=[TIANJIN], sphere="economy",
                    source_text="Онлайн-встреча …")]
    return Report(document="khabarovsk-prose.txt", stem="khabarovsk-prose", layout="narrative",
                  reporter="Хабаровск", period_start=date(2021, 1, 1), period_end=date(2021, 12, 31),
                  events=events,
                  links=[Link(KHABAROVSK, NIIGATA, "sister_city", (1,)),
                         Link(KHABAROVSK, TIANJIN, "friendship_city", (2,)),
                         Link(KHABAROVSK, ULAANBAATAR, "event")])


def ties_cli(*args: str, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), *args],
                          check=False, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory, sample_reports) -> tuple[Path, subprocess.CompletedProcess]:
    """Samples + the Khabarovsk report in a store, after ``ties reason`` (run as a subprocess)."""
    path = tmp_path_factory.mktemp("reason") / "store"
    store = open_store(path)
    load_ontology(store)
    for report in [*sample_reports.values(), khabarovsk_report()]:
        replace_report(store, report.stem, report_quads(report))
    store.flush()
    del store  # the subprocess needs the on-disk lock
    result = ties_cli("reason", store=path)
    return path, result


@pytest.fixture(scope="module")
def store(reasoned) -> Store:
    return open_store(reasoned[0])


def select(store: Store, query: str) -> set[tuple[str, ...]]:
    return {tuple(term.value for term in row) for row in store.query(PREFIXES + query)}


# -- the ontology itself ---------------------------------------------------------


def test_ontology_is_consistent_and_every_class_satisfiable() -> None:
    consistent, entailed, unsatisfiable = run_hermit(set())
    assert consistent and unsatisfiable == [] and entailed == set()


def test_owlready2_reads_the_additions(tmp_path: Path) -> None:
    rdfxml = tmp_path / "ties.owl"
    Graph().parse(ONTOLOGY_PATH, format="turtle").serialize(rdfxml, format="xml")
    world = owlready2.World()
    world.get_ontology(rdfxml.as_uri()).load()
    ties = world.get_namespace(NAMESPACE)
    assert ties.School in ties.MusicOrArtSchool.ancestors()
    assert ties.Organization in ties.Museum.ancestors()
    assert ties.Municipality in ties.RuralSettlement.ancestors()
    assert owlready2.SymmetricProperty in ties.tiedTo.is_a
    assert owlready2.TransitiveProperty in ties.within.is_a
    assert any({ties.Place, ties.Organization} <= set(d.entities) for d in ties.Event.disjoints())
    assert {i.name for i in ties.AgreementKind.instances()} >= {"cooperationAgreement", "memorandum"}


# -- inconsistencies in plain words ------------------------------------------------


def broken_store(path: Path) -> Store:
    """An event that is also a place, and a school used as a venue (whose range is Place)."""
    store = open_store(path)
    load_ontology(store)
    t, r = NAMESPACE, RESOURCE
    a = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    g = iris.graph_iri("broken")
    store.extend([
        Quad(NamedNode(r + "event/broken/1"), a, NamedNode(t + "Event"), g),
        Quad(NamedNode(r + "event/broken/1"), a, NamedNode(t + "Place"), g),
        Quad(NamedNode(r + "event/broken/2"), a, NamedNode(t + "Event"), g),
        Quad(NamedNode(r + "event/broken/2"), NamedNode(t + "venue"), NamedNode(r + "org/ru/shkola"), g),
        Quad(NamedNode(r + "org/ru/shkola"), a, NamedNode(t + "School"), g),
    ])
    return store


def test_inconsistency_names_the_individual_and_the_clashing_classes(tmp_path: Path) -> None:
    outcome = reason(broken_store(tmp_path / "store"))
    assert not outcome.consistent
    assert outcome.clashes == [
        ("event/broken/1 is both ties:Event (typed ties:Event) and ties:Place (typed ties:Place), "
         "which the ontology declares disjoint"),
        ("org/ru/shkola is both ties:Organization (typed ties:School, and every ties:School is a "
         "ties:Organization) and ties:Place (object of ties:venue from event/broken/2, whose range is "
         "ties:Place), which the ontology declares disjoint"),
    ]


def test_ties_reason_reports_inconsistency_and_keeps_the_inferred_graph(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = broken_store(path)
    old = Quad(NamedNode(RESOURCE + "x"), NamedNode(NAMESPACE + "tiedTo"), NamedNode(RESOURCE + "y"),
               INFERRED_GRAPH)
    store.add(old)
    store.flush()
    del store
    result = ties_cli("-q", "reason", store=path)
    assert result.returncode == 1
    assert ("error: inconsistent: event/broken/1 is both ties:Event (typed ties:Event) and ties:Place "
            "(typed ties:Place), which the ontology declares disjoint") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert old in set(open_store(path).quads_for_pattern(None, None, None, INFERRED_GRAPH))


def test_two_countries_for_one_place_is_an_inconsistency() -> None:
    place, country = RESOURCE + "place/ru/a", NAMESPACE + "country"
    triples = {(place, country, RESOURCE + "country/RU"), (place, country, RESOURCE + "country/BY")}
    assert not run_hermit(triples)[0]
    assert explain(triples) == [("place/ru/a has 2 values of ties:country, which allows one: "
                                 "country/BY, country/RU, which are different countries")]


def test_closure_follows_the_axioms() -> None:
    a, b, c = (RESOURCE + f"place/xx/{x}" for x in "abc")
    t = NAMESPACE
    closed = close({(a, t + "locatedIn", b), (b, t + "locatedIn", c), (a, t + "sisterCityOf", c)})
    assert (a, t + "locatedIn", c) in closed and (a, t + "within", c) in closed
    assert (c, t + "sisterCityOf", a) in closed and (c, t + "tiedTo", a) in closed


# -- the sample reports, reasoned ----------------------------------------------------


def test_ties_reason_succeeds_on_the_samples(reasoned) -> None:
    result = reasoned[1]
    assert result.returncode == 0, result.stderr
    assert ": consistent" in result.stderr and "inferred triples into" in result.stderr


TIED_TO_KHABAROVSK = """
SELECT DISTINCT ?name WHERE {
  GRAPH ?g { %s }
  GRAPH ?h { ?place rdfs:label ?name }
}"""


def test_places_tied_to_khabarovsk_from_either_end(store: Store) -> None:
    khabarovsk = iris.place_iri("Хабаровск", "RU")
    forward = select(store, TIED_TO_KHABAROVSK % f"{khabarovsk} ties:tiedTo ?place")
    backward = select(store, TIED_TO_KHABAROVSK % f"?place ties:tiedTo {khabarovsk}")
    assert forward == backward
    names = {name for (name,) in forward}
    assert {"Ниигата", "Тяньцзинь", "Улан-Батор"} <= names  # the synthetic report
    assert {"Харбин", "Пусан"} <= names  # report 003
    assert "Хабаровск" not in names


def test_sister_cities_both_ways(store: Store) -> None:
    khabarovsk, niigata = iris.place_iri("Хабаровск", "RU"), iris.place_iri("Ниигата", "JP")
    assert store.query(PREFIXES + f"ASK {{ GRAPH ?g {{ {niigata} ties:sisterCityOf {khabarovsk} }} }}")
    assert store.query(PREFIXES + f"ASK {{ GRAPH ?g {{ {niigata} ties:friendshipCityOf|ties:sisterCityOf "
                                  f"{khabarovsk} }} }}")


BELARUS_WITH_SMOLENSK_REGION = """
SELECT DISTINCT ?belarusian ?smolensk WHERE {
  GRAPH ?a { ?by ties:worksWith ?ru }
  GRAPH ?b { ?by ties:country r:country\\/BY ; rdfs:label ?belarusian }
  GRAPH ?c { ?ru ties:within ?region }
  GRAPH ?d { ?region rdfs:label "Смоленская область"@ru }
  GRAPH ?e { ?ru rdfs:label ?smolensk }
}"""


def test_belarusian_organizations_working_with_the_smolensk_region(store: Store) -> None:
    pairs = select(store, BELARUS_WITH_SMOLENSK_REGION)
    assert (GYMNASIUM_7, SCHOOL_8) in pairs
    assert ("ГУО «Детская школа искусств № 3 «Маладик»»", ART_SCHOOL_8) in pairs
    assert all("Смоленск" not in by for by, _ in pairs)


def test_located_in_chains_reach_the_country(store: Store) -> None:
    smolensk, region = iris.place_iri("Смоленск", "RU"), iris.place_iri("Смоленская область", "RU")
    russia = iris.country_iri("RU")
    school = org_node(SCHOOL_8, "RU", "Смоленск")
    assert store.query(f"ASK {{ GRAPH ?g {{ {smolensk} <{NAMESPACE}locatedIn> {region} }} }}")
    assert store.query(f"ASK {{ GRAPH {INFERRED_GRAPH} {{ {smolensk} <{NAMESPACE}locatedIn> {russia} }} }}")
    assert select(store, f"SELECT ?p WHERE {{ GRAPH {INFERRED_GRAPH} {{ {school} ties:within ?p }} }}") >= {
        (smolensk.value,), (region.value,), (russia.value,)}


def test_organization_kinds_carry_their_superclasses(store: Store) -> None:
    art_school = org_node(ART_SCHOOL_8, "RU", "Смоленск")
    stated = select(store, f"SELECT ?c WHERE {{ GRAPH ?g {{ {art_school} a ?c }} FILTER (?g != {INFERRED_GRAPH}) }}")
    inferred = select(store, f"SELECT ?c WHERE {{ GRAPH {INFERRED_GRAPH} {{ {art_school} a ?c }} }}")
    assert (NAMESPACE + "MusicOrArtSchool",) in stated
    assert {(NAMESPACE + "School",), ("http://www.w3.org/ns/org#FormalOrganization",),
            ("http://www.w3.org/ns/org#Organization",)} <= inferred
    assert not inferred & stated


def test_inferred_graph_adds_only_what_reports_do_not_state(store: Store) -> None:
    stated = abox(store)
    inferred = {(q.subject.value, q.predicate.value, q.object.value)
                for q in store.quads_for_pattern(None, None, None, INFERRED_GRAPH)}
    assert inferred and not inferred & stated


def test_reasoning_again_replaces_the_inferred_graph(tmp_path: Path, sample_reports) -> None:
    store = open_store(tmp_path / "store")
    load_ontology(store)
    report = sample_reports["004"]
    replace_report(store, report.stem, report_quads(report))
    first = reason(store)
    count = len(list(store.quads_for_pattern(None, None, None, INFERRED_GRAPH)))
    second = reason(store)
    assert first.consistent and second.consistent
    assert count == len(second.inferred) == len(list(store.quads_for_pattern(None, None, None, INFERRED_GRAPH)))


# -- what the writer adds for the reasoner: kinds, regions, provenance, time ------------


@pytest.mark.parametrize(("name", "kind"), [
    ("МБОУ «СШ № 8 с углубленным изучением иностранных языков»", "School"),
    ("ГУО «Гимназия № 7 г. Витебска им. П.Е. Кондратенко»", "School"),
    ("Государственное учреждение образования «Средняя школа № 12 г. Витебска имени Л.Н. Филипенко»", "School"),
    ("МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили»", "MusicOrArtSchool"),
    ("МБУДО «Десногорская ДМШ имени М.И. Глинки»", "MusicOrArtSchool"),
    ("МБУДО «Детская музыкальная школа № 5 им. В.П. Дубровского»", "MusicOrArtSchool"),
    ("Бюджетное учреждение Нефтеюганского района «Межпоселенческая библиотека»", "Library"),
    ("ОГБУК «Смоленский государственный музей-заповедник»", "Museum"),
    ("Университет Хоккайдо", "University"),
    ("Администрацией города Смоленска", "Administration"),
    ("Управление международных связей", "Administration"),
    ("Главное управление Смоленской области", "Administration"),
    ("ОАО «Минский автомобильный завод»", "Company"),
    ("ООО «Вектор»", "Company"),
    ("Ассоциация городов Дальнего Востока и Сибири", "Association"),
    ("Фонд поддержки и защиты прав соотечественников", "Association"),
    ("Торгово-промышленная палата Смоленской области", "Association"),
    ("Ассамблея народов Евразии", "InternationalBody"),
    ("Миссия наблюдателей от СНГ", "InternationalBody"),
    ("Международный союз «ГАНЗА»", "InternationalBody"),
    ("Постоянный Комитет Союзного государства", "InternationalBody"),
    ("Дворец молодёжи", None),
])
def test_organization_kind_from_name(name: str, kind: str | None) -> None:
    assert org_kind(name) == kind


@pytest.mark.parametrize(("text", "concept"), [
    ("соглашение о сотрудничестве", "cooperationAgreement"),
    ("Соглашения о культурном сотрудничестве", "cooperationAgreement"),
    ("соглашение", "generalAgreement"),
    ("договор о сотрудничестве и совместной деятельности", "contract"),
    ("меморандум о взаимопонимании", "memorandum"),
    ("протокол о намерениях", "intentAgreement"),
    ("протокол заседания", "protocol"),
    ("дорожная карта", "actionPlan"),
    ("декларация", "otherAgreement"),
])
def test_agreement_kind_from_text(text: str, concept: str) -> None:
    assert agreement_kind(text) == concept


@pytest.mark.parametrize(("name", "kind"), [
    ("городской округ Десногорск", "UrbanOkrug"), ("Гагаринский муниципальный округ", "MunicipalOkrug"),
    ("муниципального района «Вяземский район»", "MunicipalDistrict"),
    ("сельское поселение Хиславичи", "RuralSettlement"), ("г. Смоленск", "City"),
    ("Вяземский район", None), ("Смоленск", None),
])
def test_municipal_form_only_when_the_name_states_it(name: str, kind: str | None) -> None:
    assert municipal_kind(name) == kind


def test_every_region_has_its_own_geonames_division() -> None:
    from ties.ingest.place_kinds import _divisions
    names = _divisions()[1]
    assert sorted(names.values()) == sorted(region for regions in REGIONS.values() for region, *_ in regions)
    assert region_of(491687) == ("Смоленская область", "RU")  # Смоленск
    assert region_of(470676) == ("Смоленская область", "RU")  # Вязьма
    assert region_of(620127) == ("Витебская область", "BY")  # Витебск
    assert region_of(2022890) == ("Хабаровский край", "RU")
    assert region_of(524901) is None  # Москва is a division of its own


def test_every_region_code_is_a_first_level_iso_3166_2_division_of_its_country() -> None:
    import pycountry
    codes = [(country, code) for country, regions in REGIONS.items() for _, _, code in regions]
    assert len({code for _, code in codes}) == len(codes)  # one region per code
    for country, code in codes:
        division = pycountry.subdivisions.get(code=code)
        assert division is not None and division.country_code == country and division.parent_code is None, code


def test_writer_types_kinds_and_records_provenance_and_time(sample_reports) -> None:
    report = sample_reports["001"]
    triples = {(q.subject.value, q.predicate.value, str(q.object.value)) for q in report_quads(report)}
    t, time_ = NAMESPACE, "http://www.w3.org/2006/time#"
    a = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert (org_node(GYMNASIUM_7, "BY", "Витебск").value, a, t + "School") in triples
    assert (org_node(ART_SCHOOL_8, "RU", "Смоленск").value, a, t + "MusicOrArtSchool") in triples
    event = iris.event_iri(report.stem, "6").value
    excerpt, interval = event + "/excerpt", event + "/interval"
    assert {(event, t + "excerpt", excerpt), (excerpt, a, t + "Excerpt"),
            (excerpt, t + "excerptOf", iris.report_iri(report.stem).value),
            (event, "http://www.w3.org/ns/prov#wasDerivedFrom", excerpt),
            (event, time_ + "hasTime", interval), (interval, a, time_ + "Interval"),
            (interval + "/start", time_ + "inXSDDate", "2023-01-16"),
            (interval + "/end", time_ + "inXSDDate", "2023-01-26")} <= triples
    assert (iris.place_iri("Смоленск", "RU").value, t + "locatedIn",
            iris.place_iri("Смоленская область", "RU").value) in triples
    assert {o for s, p, o in triples if p == t + "agreementType"} == {t + "cooperationAgreement", t + "contract"}
