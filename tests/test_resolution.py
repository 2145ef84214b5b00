"""One node per real place across all reports, with country and coordinates; ties from either end."""
import pytest

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ties: <https://w3id.org/ties/ontology#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@pytest.fixture(scope="module")
def store(built_store):
    from ties.graph.store import open_store
    return open_store(built_store)


@pytest.mark.parametrize("name,country", [("Витебск", "BY"), ("Могилев", "BY"), ("Минск", "BY"),
                                          ("Гродно", "BY"), ("Харбин", "CN")])
def test_one_node_per_city_with_country_and_coordinates(store, name, country):
    query = PREFIXES + """
        SELECT DISTINCT ?place ?iso ?wkt WHERE {
          VALUES ?name { "%s" }
          GRAPH ?g { ?place rdfs:label ?label ; ties:country ?c ; geo:hasGeometry/geo:asWKT ?wkt . }
          GRAPH ?h { ?c ties:isoCode ?iso }
          FILTER(LCASE(REPLACE(STR(?label), "ё", "е")) = LCASE(?name))
        }""" % name
    rows = list(store.query(query))
    places = {str(r["place"]) for r in rows}
    assert len(places) == 1, places
    assert {r["iso"].value for r in rows} == {country}
    assert rows[0]["wkt"].value.startswith("POINT(")


def test_the_same_city_from_several_reports_is_one_node(store):
    rows = list(store.query(PREFIXES + """
        SELECT (COUNT(DISTINCT ?g) AS ?reports) WHERE {
          GRAPH ?g { <https://w3id.org/ties/resource/place/by/vitebsk> rdfs:label ?l }
        }"""))
    assert int(rows[0]["reports"].value) >= 2


def test_khabarovsk_sister_cities_from_either_end(store):
    from_khabarovsk = {r["l"].value for r in store.query(PREFIXES + """
        SELECT DISTINCT ?l WHERE { GRAPH ?g {
          ?k rdfs:label "Хабаровск"@ru . ?k ties:sisterCityOf ?p . ?p rdfs:label ?l } }""")}
    to_khabarovsk = {r["l"].value for r in store.query(PREFIXES + """
        SELECT DISTINCT ?l WHERE { GRAPH ?g {
          ?k rdfs:label "Хабаровск"@ru . ?p ties:sisterCityOf ?k . ?p rdfs:label ?l } }""")}
    assert from_khabarovsk == to_khabarovsk == {"Портленд", "Ниигата", "Харбин"}


def test_unresolved_places_are_kept(store):
    rows = list(store.query(PREFIXES + """
        SELECT DISTINCT ?l ?iso WHERE { GRAPH ?g { ?p ties:unresolved true ; rdfs:label ?l ; ties:country ?c }
                                        GRAPH ?h { ?c ties:isoCode ?iso } }"""))
    assert ("Александрия", "BY") in {(r["l"].value, r["iso"].value) for r in rows}  # a village GeoNames lacks


def test_a_korean_town_in_russian_transcription_is_found_by_its_latin_name(store):
    """GeoNames names Пучон only "Bucheon-si": the Kontsevich spelling is matched to the Revised
    Romanization, in every case form the report uses ("Пучона", "Пучоном")."""
    rows = list(store.query(PREFIXES + """
        SELECT DISTINCT ?p ?id WHERE { GRAPH ?g { ?p rdfs:label "Пучон"@ru ; ties:geonamesId ?id } }"""))
    assert [(str(r["p"]), int(r["id"].value)) for r in rows] == \
        [("<https://w3id.org/ties/resource/place/kr/puchon>", 1838716)]


def test_resolved_places_link_to_geonames(store):
    rows = list(store.query(PREFIXES + """
        SELECT DISTINCT ?same WHERE { GRAPH ?g { <https://w3id.org/ties/resource/place/by/vitebsk> owl:sameAs ?same } }"""))
    assert [str(r["same"]) for r in rows] == ["<https://sws.geonames.org/620127/>"]


def test_regions_carry_their_iso_3166_2_code(store):
    codes = {r["l"].value: r["code"].value for r in store.query(PREFIXES + """
        SELECT DISTINCT ?l ?code WHERE { GRAPH ?g { ?p a ties:Region ; rdfs:label ?l ; ties:subdivisionCode ?code } }""")}
    assert codes["Смоленская область"] == "RU-SMO" and codes["Витебская область"] == "BY-VI"
    assert codes["Могилевская область"] == "BY-MA" and codes["Хабаровский край"] == "RU-KHA"


def test_every_place_is_resolved_or_marked_unresolved_the_same_way_in_every_report(store):
    """A place has an id (GeoNames, ISO 3166-2) in no report or in none marked unresolved: one state per store."""
    both = list(store.query(PREFIXES + """
        SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p ties:unresolved true }
                                   GRAPH ?h { { ?p ties:geonamesId ?id } UNION { ?p ties:subdivisionCode ?id } } }"""))
    assert not both
    neither = [r["l"].value for r in store.query(PREFIXES + """
        SELECT DISTINCT ?l WHERE { GRAPH ?g { ?p a ?kind ; rdfs:label ?l } VALUES ?kind { ties:Region ties:District }
          FILTER NOT EXISTS { GRAPH ?h { { ?p ties:unresolved true } UNION { ?p ties:subdivisionCode ?c } } } }""")]
    assert not neither


def test_a_district_lies_in_the_region_of_the_town_it_is_named_after(store):
    rows = {(r["d"].value, r["r"].value) for r in store.query(PREFIXES + """
        SELECT DISTINCT ?d ?r WHERE { GRAPH ?g { ?p a ties:District ; rdfs:label ?d ; ties:locatedIn/rdfs:label ?r } }""")}
    assert ("Витебский район", "Витебская область") in rows
    assert ("Нефтеюганский район", "Ханты-Мансийский автономный округ — Югра") in rows
