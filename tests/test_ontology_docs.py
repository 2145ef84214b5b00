"""``docs/ontology.md`` is generated from the Turtle and must be regenerated when the Turtle changes."""
from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from ties.ontology import NAMESPACE, ONTOLOGY_PATH, TERMS
from ties.ontology.docs import DOCS_PATH, main, render


def test_docs_are_in_sync_with_the_turtle() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), "run: python -m ontology.docs"


def test_every_class_and_property_has_a_section() -> None:
    page = render()
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    documented = {t for t in TERMS
                  if any((URIRef(NAMESPACE + t), RDF.type, kind) in graph
                         for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty))}
    assert documented
    for term in documented:
        assert f"\n### ties:{term}\n" in page, term


def test_every_individual_is_listed() -> None:
    page = render()
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    for individual in graph.subjects(RDF.type, OWL.NamedIndividual):
        name = str(individual)[len(NAMESPACE):]
        assert f"`ties:{name}`" in page or f"\n### ties:{name}\n" in page, name


def test_check_mode_spots_a_stale_page(tmp_path: Path) -> None:
    stale = tmp_path / "ontology.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert main(["--out", str(stale), "--check"]) == 1
    assert main(["--out", str(stale)]) == 0
    assert main(["--out", str(stale), "--check"]) == 0
