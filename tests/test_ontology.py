"""The ontology loads in the tools users have, and the Python constants match it."""
from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from ties.graph.store import load_ontology, open_store, triple_count
from ties.ingest.records import SPHERES
from ties.ontology import NAMESPACE, ONTOLOGY_IRI, ONTOLOGY_PATH, TERMS, TIES


@pytest.fixture(scope="module")
def turtle() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def turtle_terms(graph: Graph) -> set[str]:
    return {str(s)[len(NAMESPACE):] for s in graph.subjects()
            if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)}


def test_defined_namespace_matches_turtle(turtle: Graph) -> None:
    assert TERMS == turtle_terms(turtle)


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        TIES.Evnt  # noqa: B018


def test_ontology_header(turtle: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in turtle


@pytest.mark.parametrize("term", sorted(TERMS))
def test_every_term_is_labelled_and_defined(turtle: Graph, term: str) -> None:
    node = URIRef(NAMESPACE + term)
    languages = {lit.language for lit in turtle.objects(node, RDFS.label) if isinstance(lit, Literal)}
    assert {"ru", "en"} <= languages
    assert any(True for _ in turtle.objects(node, RDFS.comment))


def test_spheres_are_the_records_spheres(turtle: Graph) -> None:
    spheres = {str(s)[len(NAMESPACE):] for s in turtle.subjects(RDF.type, TIES.Sphere)}
    assert spheres == set(SPHERES)


def test_owlready2_loads_it(tmp_path: Path, turtle: Graph) -> None:
    """owlready2 reads RDF/XML, OWL/XML and N-Triples but not Turtle: convert with rdflib first."""
    rdfxml = tmp_path / "ties.owl"
    turtle.serialize(rdfxml, format="xml")
    world = owlready2.World()
    onto = world.get_ontology("file://" + str(rdfxml)).load()
    ties = world.get_namespace(NAMESPACE)
    assert ties.Event in set(onto.classes())
    assert ties.Settlement in ties.Place.descendants()
    assert ties.SisterCityTie in ties.Tie.descendants()
    assert owlready2.SymmetricProperty in ties.sisterCityOf.is_a
    assert owlready2.TransitiveProperty in ties.locatedIn.is_a
    assert owlready2.FunctionalProperty in ties.reportedIn.is_a
    assert {i.name for i in ties.Sphere.instances()} == set(SPHERES)


def test_ontology_graph_replaces_itself(tmp_path: Path, turtle: Graph) -> None:
    store = open_store(tmp_path / "store")
    load_ontology(store)
    count = triple_count(store)
    load_ontology(store)
    assert triple_count(store) == count == len(turtle)
