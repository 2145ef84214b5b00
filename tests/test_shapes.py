"""SHACL shapes: each proven by a valid and an invalid example, and checked on every ``ties build``.

Every node shape of ``ontology/shapes.ttl`` has ``tests/shapes/<Shape>-valid.ttl``
and ``<Shape>-invalid.ttl`` (as the GeoSPARQL 1.1 repository keeps its tests):
the valid file conforms to all shapes; in the invalid file the nodes whose IRI
holds ``broken`` — and only they — violate that shape and no other.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from ties.graph.validate import (
    SH,
    SHAPES,
    Violation,
    shapes_graph,
    short,
    validate_graph,
    validate_quads,
)
from ties.graph.writer import report_quads
from ties.ingest.records import Link, Place

EXAMPLES = Path(__file__).parent / "shapes"
SHAPE_NAMES = sorted(str(s)[len(SHAPES):] for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def example(name: str, kind: str) -> Graph:
    return Graph().parse(EXAMPLES / f"{name}-{kind}.ttl", format="turtle")


def test_shapes_are_the_ones_documented() -> None:
    assert SHAPE_NAMES == ["AgreementShape", "EventDatesShape", "EventShape", "ExcerptShape",
                           "ForeignPlaceShape", "IntervalShape", "ReportPeriodShape", "TieShape"]


def test_every_example_file_belongs_to_a_shape() -> None:
    expected = {f"{name}-{kind}.ttl" for name in SHAPE_NAMES for kind in ("valid", "invalid")}
    assert {p.name for p in EXAMPLES.glob("*.ttl")} == expected


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_valid_example_conforms(name: str) -> None:
    assert validate_graph(example(name, "valid")) == []


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_invalid_example_breaks_only_its_shape_at_the_broken_nodes(name: str) -> None:
    data = example(name, "invalid")
    broken = {short(s) for s in data.subjects() if isinstance(s, URIRef) and "broken" in str(s)}
    violations = validate_graph(data)
    assert violations, f"{name}-invalid.ttl conforms"
    assert {v.shape for v in violations} == {name}
    assert {v.node for v in violations} == broken


def test_validation_leaves_the_data_graph_alone() -> None:
    data = example("TieShape", "invalid")
    before = len(data)
    validate_graph(data)
    assert len(data) == before


def test_violation_reads_in_plain_words() -> None:
    violations = validate_graph(example("EventDatesShape", "invalid"))
    backwards = next(v for v in violations if v.node.endswith("broken-backwards"))
    assert str(backwards) == ("shape EventDatesShape: node event/t/broken-backwards: "
                              "an event ends before it starts (ties:startDate after ties:endDate); "
                              "value '2023-05-05'")


def test_sample_reports_have_no_violations(sample_reports) -> None:
    for prefix, report in sorted(sample_reports.items()):
        assert validate_quads(report_quads(report)) == [], prefix


def test_build_reports_a_broken_record_with_shape_and_node(tmp_path: Path, sample_reports, monkeypatch,
                                                           capsys) -> None:
    """A report whose event ends before it starts and whose tie has one place twice: stored, but failed."""
    from conftest import sample

    from ties.ingest import report
    from ties.graph.store import open_store, report_stems
    from ties.pipeline import ingest_paths

    good = sample_reports["001"]
    event = next(e for e in good.events if e.n == 6)
    smolensk = Place("Смоленск", "RU")
    broken = replace(good, events=[replace(event, start=date(2023, 1, 26), end=date(2023, 1, 16)),
                                   *(e for e in good.events if e.n != 6)],
                     links=[*good.links, Link(smolensk, smolensk, "event", (6,))])
    monkeypatch.setattr(report, "read_report", lambda path: broken)
    path = sample("001")
    result = ingest_paths([str(path)], tmp_path / "store", quiet=True)
    stored, failures = result.stored, result.failures
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert failures == 1 and stored == [good.stem]
    assert report_stems(open_store(tmp_path / "store")) == [good.stem]
    assert (f"error: {path}: shape EventDatesShape: node event/{good.stem}/6: an event ends before it starts "
            f"(ties:startDate after ties:endDate); value '2023-01-26'") in errors
    assert any(line.startswith(f"error: {path}: shape TieShape: node tie/smolensk--ru-smolensk: "
                               "a tie must join two different places") for line in errors)
    assert all(" shape " in line and " node " in line for line in errors)


def test_violations_sort_and_compare() -> None:
    a, b = Violation("A", "n", "m"), Violation("B", "n", "m")
    assert sorted([b, a]) == [a, b] and str(a) == "shape A: node n: m"
