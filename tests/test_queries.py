"""Named queries on the embedded store: every query runs, and answers match what the sample reports say.

Facts checked here were read by hand from data/reports: report 001 (Smolensk
region, Q1 2023) rows 6, 9 and 14 tie Smolensk to Vitebsk, row 9 signs a
соглашение о сотрудничестве between two art schools, row 32 takes the
Хиславичский район to Мстиславль; report 002 (Q3 2023) row 6 is the Гнёздово
festival with about 12000 participants; report 003 (Khabarovsk, 2021) names
Harbin, Niigata and Portland as sister cities.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ties import queries
from ties.queries import QueryError, Result, bind, load, names, parse_header, run, where_brace, with_values

REPORT_001 = "001_89ccaa44aebf448f.txt"
REPORT_002 = "002_5351aeebe505d014.txt"
REPORT_003 = "003_83d346f1dd3c5192.txt"
INJECTION = 'Смоленск" } ; DROP ALL ; #'

_LIST_SEPARATORS = re.compile(r", |; | / ")


def _norm(value: Any) -> Any:
    """GROUP_CONCAT gives its items in no fixed order; compare them as sorted lists."""
    if isinstance(value, str) and _LIST_SEPARATORS.search(value):
        return tuple(sorted(_LIST_SEPARATORS.split(value)))
    return value


def canonical(result: Result) -> list[tuple]:
    """Rows as sorted tuples of plain values, so answers from different stores compare equal."""
    return sorted((tuple(_norm(v) for v in row.values()) for row in result.records()), key=repr)


def example_values(query: queries.NamedQuery, optional: bool = True) -> dict[str, str]:
    return {p.name: p.example for p in query.params if p.example is not None and (p.required or optional)}


def ask(store, name: str, **values: str) -> list[dict[str, Any]]:
    return run(load(name), values, store=store).records()


@pytest.fixture(scope="session")
def store(built_store: Path):
    return queries.open_store(built_store)


def remote_union(store) -> dict[str, Any]:
    """Query options for what a server configured with a union default graph answers from the pushed
    named graphs: the union, repeating a triple once per graph that states it (the store's own merge
    in its default graph is not pushed)."""
    return {"default_graph": list(store.named_graphs())}


def triple_count(store) -> int:
    return len(list(store.quads_for_pattern(None, None, None, None)))


# -- the catalogue ----------------------------------------------------------------

def test_at_least_twelve_named_queries_each_documented():
    catalogue = queries.catalogue()
    assert len(catalogue) >= 12
    for query in catalogue:
        assert query.title and "?" in query.question, query.name
        assert query.example.startswith(f"ties query {query.name}"), query.name
        for param in query.params:
            assert param.description and param.example is not None, (query.name, param.name)
            assert f"?{param.name}" in query.text, (query.name, param.name)


@pytest.mark.parametrize("name", names())
def test_example_call_of_the_header_parses_and_binds(name):
    query = load(name)
    words = query.example.split()
    values = queries.parse_assignments([words[i + 1] for i, w in enumerate(words) if w == "--param"])
    bind(query, values)  # raises if the example names an unknown parameter or misses a required one


#: Named queries whose subject the five sample reports do not hold (no sample text says a tie ended);
#: ``tests/test_news.py`` runs them on a store that does.
SAMPLES_LACK = {"ended-ties"}


@pytest.mark.parametrize("name", sorted(set(names()) - SAMPLES_LACK))
def test_every_named_query_runs_and_finds_rows(store, name):
    query = load(name)
    for values in (example_values(query), example_values(query, optional=False)):
        result = run(query, values, store=store)
        assert result.rows, f"{name} {values} found nothing"
        assert set(values) <= set(result.columns)  # substitution needs the parameters projected


@pytest.mark.parametrize("name", names())
def test_values_block_gives_the_same_rows_as_substitution(store, name):
    """What a remote endpoint gets (a VALUES block) must mean what the embedded store gets."""
    query = load(name)
    for values in (example_values(query), example_values(query, optional=False)):
        local = run(query, values, store=store)
        text = with_values(query.text, bind(query, values))
        remote_style = Result.of(store.query(text, **remote_union(store)))
        assert canonical(remote_style) == canonical(local), name


def test_entailed_triples_change_no_answer(store):
    """A reasoner's graph (superclass types, symmetric ties) must not change what the queries say."""
    from pyoxigraph import Store
    reasoned = Store()
    reasoned.extend(store.quads_for_pattern(None, None, None, None))
    reasoned.update("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX ties: <https://w3id.org/ties/ontology#>
        INSERT { GRAPH <https://w3id.org/ties/resource/graph/inferred> {
                   ?x a ?super . ?b ties:sisterCityOf ?a . ?p ties:tiePlace ?t } }
        WHERE { { GRAPH ?g { ?x a ?class } GRAPH ?o { ?class rdfs:subClassOf+ ?super } FILTER(isIRI(?super)) }
                UNION { GRAPH ?g { ?a ties:sisterCityOf ?b } }
                UNION { GRAPH ?g { ?p ties:russianPlace|ties:foreignPlace ?t } } }""")
    assert len(reasoned) > len(store)
    for name in names():
        query = load(name)
        values = example_values(query)
        assert canonical(run(query, values, store=reasoned)) == canonical(run(query, values, store=store)), name


# -- answers checked against the reports ------------------------------------------------

def test_ties_between_smolensk_and_vitebsk_cite_rows_6_9_14_of_001(store):
    rows = ask(store, "ties-between", place="Смоленск", other="Витебск")
    cited = {(r["report"], r["row"]) for r in rows}
    assert {(REPORT_001, 6), (REPORT_001, 9), (REPORT_001, 14)} <= cited
    row9 = next(r for r in rows if (r["report"], r["row"]) == (REPORT_001, 9))
    assert row9["start"] == "2023-01-27" and "Маладик" in row9["title"]
    assert "соглашение о сотрудничестве" in row9["text"]
    assert all(r["russian"] == "Смоленск" and r["foreign"] == "Витебск" for r in rows)


def test_ties_are_found_from_either_end_in_any_letter_case(store):
    forward = ask(store, "ties-between", place="Смоленск", other="Витебск")
    backward = ask(store, "ties-between", place="ВИТЕБСК", other="смоленск")
    strip = lambda rows: sorted((r["event"], r["kind"]) for r in rows)  # noqa: E731
    assert strip(forward) == strip(backward) and forward


def test_khislavichi_district_is_tied_to_mstislavl_both_ways(store):
    partners = {r["partner"] for r in ask(store, "partners", place="хиславичский район")}
    assert "Мстиславль" in partners
    back = {r["partner"]: r for r in ask(store, "partners", place="Мстиславль")}
    assert "Хиславичский район" in back and back["Хиславичский район"]["country"] == "RU"


def test_partners_of_smolensk_count_vitebsk_events_from_two_reports(store):
    vitebsk = next(r for r in ask(store, "partners", place="Смоленск") if r["partner"] == "Витебск")
    assert vitebsk["country"] == "BY" and vitebsk["reports"] == 2 and vitebsk["events"] >= 6
    assert vitebsk["first"] == "2023-01-16"


def test_agreements_of_2023_include_the_cooperation_agreement_of_001_row_9(store):
    rows = ask(store, "agreements", year="2023")
    row9 = [r for r in rows if (r["report"], r["row"]) == (REPORT_001, 9)]
    assert len(row9) == 1
    assert row9[0]["kind"] == "соглашение о сотрудничестве" and row9[0]["signed"] == "2023-01-27"
    assert "Маладик" in row9[0]["parties"] and "Русишвили" in row9[0]["parties"]
    assert all(r["signed_year"] == 2023 for r in rows)
    assert not [r for r in ask(store, "agreements", year="2021") if r["report"] == REPORT_001]


def test_sister_cities_of_khabarovsk(store):
    rows = ask(store, "sister-cities", place="хабаровск")
    sisters = {r["foreign"] for r in rows if r["relation"] == "sister city"}
    assert {"Харбин", "Ниигата", "Портленд"} <= sisters
    friends = {r["foreign"] for r in rows if r["relation"] == "friendship city"}
    assert {"Мусасино", "Гюмри"} <= friends
    assert all(r["reports"] == REPORT_003 for r in rows)
    harbin = ask(store, "sister-cities", place="Харбин")
    assert [(r["russian"], r["foreign"]) for r in harbin] == [("Хабаровск", "Харбин")]


def test_school_pairs_of_smolensk_and_vitebsk(store):
    rows = ask(store, "institution-pairs", place="Смоленск", other="Витебск")
    art = [r for r in rows if "Русишвили" in r["russian"]]
    assert len(art) == 1 and "Маладик" in art[0]["foreign"]
    assert art[0]["agreements"] == 1 and f"{REPORT_001} row 9" in art[0]["evidence"]
    assert all({r["russian_town"], r["foreign_town"]} == {"Смоленск", "Витебск"} for r in rows)


def test_institutions_of_a_kind(store):
    schools = {r["institution"] for r in ask(store, "institutions", kind="Школа")}
    assert any("Маладик" in s for s in schools) and any("Гимназия № 4" in s for s in schools)
    museums = {r["institution"] for r in ask(store, "institutions", kind="музей")}
    assert "ОГБУК «Смоленский государственный музей-заповедник»" in museums
    assert not museums & schools
    by_word = {r["institution"] for r in ask(store, "institutions", kind="гимназия")}
    assert by_word and all("гимнази" in s.lower() for s in by_word)


def test_events_per_country_year_and_quarter(store):
    rows = {(r["code"], r["event_year"], r["quarter"]): r["events"] for r in ask(store, "events-by-country",
                                                                                  country="by")}
    assert rows[("BY", 2023, 1)] > 5 and rows[("BY", 2023, 3)] > 5  # reports 001 and 002
    assert all(code == "BY" for code, _, _ in rows)
    assert all(r["event_year"] == 2021 for r in ask(store, "events-by-country", year="2021"))


def test_events_by_sphere_add_up_to_all_events(store):
    total = next(iter(store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://w3id.org/ties/ontology#Event> }",
                                  use_default_graph_as_union=True)))["n"]
    rows = ask(store, "events-by-sphere")
    assert sum(r["events"] for r in rows) == int(total.value)
    assert {"culture", "education", "sport"} <= {r["sphere"] for r in rows}
    assert next(r for r in rows if r["sphere"] == "culture")["label"] == "культура"


def test_most_active_municipalities(store):
    rows = ask(store, "active-municipalities")
    top = [r["municipality"] for r in rows[:3]]
    assert "Смоленск" in top and "Хабаровск" in top
    assert "Хиславичский район" in [r["municipality"] for r in rows]
    assert {r["municipality"] for r in ask(store, "active-municipalities", year="2021")} == {"Хабаровск"}


def test_countries_by_reach_put_belarus_first(store):
    rows = ask(store, "countries-by-reach")
    assert rows[0]["code"] == "BY" and rows[0]["reports"] == 5 and rows[0]["places"] >= 5
    assert len({r["code"] for r in rows}) == len(rows)


def test_head_counts(store):
    rows = ask(store, "head-counts", min="1000")
    festival = next(r for r in rows if "Гнёздово" in r["title"])
    assert festival["participants"] == 12000 and (festival["report"], festival["row"]) == (REPORT_002, 6)
    assert all(r["participants"] >= 1000 for r in rows)


def test_provenance_by_label_gives_report_row_and_text(store):
    rows = [r for r in ask(store, "provenance", fact="мстиславль") if r["event"]]
    cited = {(r["report"], r["row"]) for r in rows}
    assert {(REPORT_001, 32), (REPORT_002, 8)} <= cited
    assert all("Мстиславл" in r["text"] for r in rows)


def test_provenance_by_iri(store):
    iri = "https://w3id.org/ties/resource/agreement/001_89ccaa44aebf448f/9/0"
    for fact in (iri, f"<{iri}>"):
        rows = [r for r in ask(store, "provenance", fact=fact) if r["event"]]
        assert [(r["report"], r["row"]) for r in rows] == [(REPORT_001, 9)]
        assert "соглашение о сотрудничестве" in rows[0]["text"]


def test_provenance_of_a_place_named_only_in_a_list(store):
    rows = ask(store, "provenance", fact="Гюмри")
    assert [(r["report"], r["role"]) for r in rows] == [(REPORT_003, "named in the report")]


def test_reports_places_and_place_events(store):
    reports = {r["document"]: r for r in ask(store, "reports")}
    assert len(reports) == 5 and reports[REPORT_003]["layout"] == "narrative"
    assert reports[REPORT_001]["from"] == "2023-01-01" and reports[REPORT_001]["agreements"] >= 2
    belarus = {r["label"] for r in ask(store, "places", country="by")}
    assert {"Витебск", "Мстиславль", "Минск"} <= belarus
    events = ask(store, "place-events", place="Десногорск")
    assert events and all(r["start"] is None or r["start"] >= "2020" for r in events)
    assert [r["start"] for r in events if r["start"]] == sorted(r["start"] for r in events if r["start"])


# -- parameters are bound, never pasted --------------------------------------------------

def test_injection_through_a_parameter_finds_nothing_and_changes_nothing(store):
    before = triple_count(store)
    assert ask(store, "partners", place=INJECTION) == []
    query = load("partners")
    text = with_values(query.text, bind(query, {"place": INJECTION}))
    assert '"Смоленск\\" } ; DROP ALL ; #"' in text  # the quote is escaped inside one literal
    assert list(store.query(text, **remote_union(store))) == []
    assert triple_count(store) == before


def test_iri_and_integer_parameters_are_checked():
    query = parse_header("t", "# T\n# Param: node (iri) — a node (example: http://x/y)\n"
                              "# Param: n (integer, optional) — a number (example: 3)\nSELECT ?node ?n WHERE {}")
    assert str(bind(query, {"node": "<http://x/y>"})["node"]) == "<http://x/y>"
    with pytest.raises(QueryError, match="wants an IRI"):
        bind(query, {"node": "http://x/y> } DROP ALL {"})
    with pytest.raises(QueryError, match="wants an integer"):
        bind(query, {"node": "http://x/y", "n": "3 } DROP ALL"})


def test_errors_name_what_is_available():
    with pytest.raises(QueryError, match=r"unknown query 'partner'; available: .*partners"):
        load("partner")
    with pytest.raises(QueryError, match=r"needs --param place=Смоленск"):
        bind(load("partners"), {})
    with pytest.raises(QueryError, match=r"has no parameter 'city'; its parameters: place"):
        bind(load("partners"), {"place": "x", "city": "y"})
    with pytest.raises(QueryError, match=r"takes none"):
        bind(load("reports"), {"place": "x"})
    with pytest.raises(QueryError, match="expected key=value"):
        queries.parse_assignments(["place"])


def test_header_parsing():
    text = ("# Title here\n#\n# Question: What is\n#   asked here?\n"
            "# Param: place — where, in any case (example: Смоленск)\n"
            "# Param: year (integer, optional) — when (example: 2023)\n"
            "# Example: ties query t --param place=Смоленск\n\nSELECT ?place ?year WHERE {}")
    query = parse_header("t", text)
    assert query.title == "Title here" and query.question == "What is asked here?"
    assert [(p.name, p.type, p.required, p.example) for p in query.params] == [
        ("place", "string", True, "Смоленск"), ("year", "integer", False, "2023")]
    assert query.params[0].description == "where, in any case"
    with pytest.raises(QueryError, match="cannot read parameter line"):
        parse_header("bad", "# T\n# Param: ???\nSELECT * {}")


@pytest.mark.parametrize("text, marker", [
    ("SELECT * WHERE { ?s ?p ?o }", "WHERE {"),
    ("PREFIX x: <http://e/a#> SELECT * { ?s ?p '{' . FILTER(?s < ?p) }", "SELECT * {"),
    ("# a { comment\nSELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p \"}\" }", "WHERE {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE {"),
    ("SELECT ?construct WHERE { ?construct ?p ?o }", "WHERE {"),
    ('ASK { ?s ?p """{ } """ }', "ASK {"),
])
def test_values_go_into_the_top_level_where_group(text, marker):
    assert where_brace(text) == text.index(marker) + len(marker)


# -- the command ------------------------------------------------------------------

def ties(capsys, *args: str) -> tuple[int, str, str]:
    from ties.cli import main
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_table_aligns_russian_text(capsys, built_store):
    from ties.commands.query import display_width
    code, out, _ = ties(capsys, "--store", str(built_store), "query", "partners", "--param", "place=Витебск")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["partner", "country"] and "place" not in lines[0].split()
    country_at = display_width(lines[0][:lines[0].index("country")])
    for line in lines[2:]:
        assert display_width(line[:line.index(" RU ")]) + 1 == country_at


def test_cli_csv_and_json(capsys, built_store):
    import csv
    import io
    code, out, _ = ties(capsys, "--store", str(built_store), "query", "ties-between", "--param", "place=Витебск",
                        "--param", "other=Смоленск", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {("001_89ccaa44aebf448f.txt", "9")} <= {(r["report"], r["row"]) for r in rows}
    assert any("\n" in r["text"] for r in rows)  # CSV keeps the full source text
    code, out, _ = ties(capsys, "--store", str(built_store), "query", "reports", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5


def test_cli_list_and_errors(capsys, built_store):
    code, out, _ = ties(capsys, "--store", str(built_store), "query", "--list")
    assert code == 0 and all(name in out for name in names())
    code, out, err = ties(capsys, "--store", str(built_store), "query", "nosuch")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "available: " in err
    code, _, err = ties(capsys, "--store", str(built_store), "query", "partners", "--param", "town=X")
    assert code == 1 and "its parameters: place" in err
    code, _, err = ties(capsys, "--store", str(built_store / "missing"), "query", "reports")
    assert code == 1 and "no store at" in err


def test_cli_runs_a_query_file(capsys, built_store, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# Count reports\n# Param: layout (optional) — table or narrative (example: table)\n"
                    "PREFIX ties: <https://w3id.org/ties/ontology#>\n"
                    "SELECT ?layout (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r ties:layout ?l "
                    "FILTER(COALESCE(?l = ?layout, true)) } GROUP BY ?layout", encoding="utf-8")
    code, out, _ = ties(capsys, "--store", str(built_store), "query", str(path), "--param", "layout=table",
                        "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 3}]


def test_every_tie_has_its_evidence_or_its_statement(store):
    """A tie is shown by events or stated in words; either way a researcher can read why it is there."""
    bare = store.query("""
        PREFIX ties: <https://w3id.org/ties/ontology#>
        SELECT ?tie ?g WHERE { GRAPH ?g { ?tie a ?c . ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ties:Tie
                                         FILTER NOT EXISTS { ?tie ties:evidence ?e }
                                         FILTER NOT EXISTS { ?tie ties:statement ?s } }
                               FILTER(?g != <https://w3id.org/ties/resource/graph/ontology>) }""")
    assert [(r["tie"].value, r["g"].value) for r in bare] == []
    rows = ask(store, "ties-between", place="Хабаровск", other="Гюмри")
    assert rows and all(r["text"] and "Гюмри" in r["text"] and r["line"] for r in rows)


# -- one node per real thing (the resolution issue) -------------------------------------------

def test_places_lists_each_real_place_once_with_one_country(store):
    rows = ask(store, "places")
    labels = [r["label"] for r in rows]
    assert len(labels) == len(set(labels)), sorted(l for l in labels if labels.count(l) > 1)
    assert {(r["label"], r["code"]) for r in rows} >= {("Витебский район", "BY"), ("Щербактинский район", "KZ"),
                                                       ("Пучон", "KR")}


def test_no_institution_the_text_places_abroad_is_russian(store):
    rows = store.query("""
        PREFIX ties: <https://w3id.org/ties/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?l WHERE { GRAPH ?g { ?o a ties:Organization ; rdfs:label ?l ;
                                              ties:country/ties:isoCode "RU" } }""")
    russian = [r["l"].value for r in rows]
    assert russian and not [l for l in russian if re.search(r"акимат|Беларус|Казахстан|Сэчжон|Витебск", l)], russian


def test_institution_pairs_are_the_real_pairs(store):
    smolensk_vitebsk = [r for r in ask(store, "institution-pairs", place="Смоленск")
                        if r["foreign_town"] == "Витебск"]
    assert len(smolensk_vitebsk) == 2  # СШ № 8 with Гимназия № 7 (rows 6 and 14), ДШИ № 8 with ДШИ № 3
    every = ask(store, "institution-pairs")
    towns = {(r["russian_town"], r["foreign_town"]) for r in every}
    assert ("Нефтеюганский район", "Щербактинский район") in towns
    assert any(r["foreign_town"] == "Витебский район" and "Кардымов" in r["russian"] for r in every)


def test_partners_ties_between_and_place_events_agree_for_every_place(store):
    """One place gives the same events whichever query asks: every event a tie of the place cites is
    among its place-events (a regional body's events count for the town it is seated in, as its ties
    do), and partners counts exactly the events ties-between shows for each pair."""
    evidence: dict[str, set[str]] = {}
    for r in store.query("""PREFIX ties: <https://w3id.org/ties/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT DISTINCT ?label ?e WHERE { ?t ties:russianPlace|ties:foreignPlace ?p ; ties:evidence ?e .
                                              ?p rdfs:label ?label }"""):
        evidence.setdefault(r["label"].value, set()).add(r["e"].value)
    assert len(evidence) > 20
    for place, events in evidence.items():
        listed = {str(r["event"]) for r in ask(store, "place-events", place=place)}
        assert events <= listed, (place, sorted(events - listed))
        for row in ask(store, "partners", place=place):
            shown = {str(r["event"]) for r in ask(store, "ties-between", place=place, other=row["partner"])
                     if r.get("event")}
            assert len(shown) == int(row["events"]), (place, row["partner"])


def test_every_event_says_which_level_acted(store):
    """A regional body's event counts for its seat's ties, and says it was regional."""
    levels = {(r["n"].value, r["level"].value) for r in store.query("""
        PREFIX ties: <https://w3id.org/ties/ontology#>
        SELECT ?n ?level WHERE { GRAPH ?g { ?e a ties:Event ; ties:actorLevel ?level ; ties:rowNumber ?n ;
                                            ties:reportedIn/ties:document "002_5351aeebe505d014.txt" } }""")}
    assert ("4", "regional") in levels and ("15", "regional") in levels  # Администрация Смоленской области, СОГБУ
    unlevelled = store.query("""PREFIX ties: <https://w3id.org/ties/ontology#>
        ASK { GRAPH ?g { ?e a ties:Event FILTER NOT EXISTS { ?e ties:actorLevel ?l } } }""")
    assert not unlevelled
    tie_levels = {r["l"].value for r in store.query("""PREFIX ties: <https://w3id.org/ties/ontology#>
        SELECT DISTINCT ?l WHERE { GRAPH ?g { ?t ties:russianPlace ?p ; ties:tieLevel ?l } }""")}
    assert {"municipal", "regional"} <= tie_levels
    untied = store.query("""PREFIX ties: <https://w3id.org/ties/ontology#>
        ASK { GRAPH ?g { ?t ties:russianPlace ?p FILTER NOT EXISTS { ?t ties:tieLevel ?l } } }""")
    assert not untied
