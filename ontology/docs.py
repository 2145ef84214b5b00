"""Generate ``docs/ontology.md`` from ``ties.ttl`` and ``shapes.ttl``: ``python -m ties.ontology.docs``.

The Turtle is the source of truth; the page is rebuilt from it, never edited
by hand, and ``tests/test_ontology_docs.py`` fails when the two drift apart.
``--check`` only reports whether the page is up to date.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ties.ontology import NAMESPACE, ONTOLOGY_IRI, ONTOLOGY_PATH, SHAPES_PATH

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
PREFIXES = {
    "ties": NAMESPACE,
    "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS), "prov": "http://www.w3.org/ns/prov#", "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#", "geo": "http://www.opengis.net/ont/geosparql#",
    "time": "http://www.w3.org/2006/time#", "dcterms": "http://purl.org/dc/terms/",
    "vann": str(VANN), "tsh": "https://w3id.org/ties/shapes#",
}
VOCABULARIES = {
    "prov": "PROV-O, https://www.w3.org/TR/prov-o/", "schema": "schema.org, https://schema.org/",
    "org": "W3C Organization Ontology, https://www.w3.org/TR/vocab-org/",
    "geo": "GeoSPARQL 1.1, https://docs.ogc.org/is/22-047r1/22-047r1.html",
    "time": "OWL-Time, https://www.w3.org/TR/owl-time/",
    "skos": "SKOS, https://www.w3.org/TR/skos-reference/",
}
CHARACTERISTICS = {OWL.FunctionalProperty: "functional", OWL.SymmetricProperty: "symmetric",
                   OWL.TransitiveProperty: "transitive"}


def curie(node: Node) -> str:
    text = str(node)
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(base):
            return f"{prefix}:{text[len(base):]}"
    return f"<{text}>"


class Page:
    """The ontology and the shapes, and the Markdown written from them."""

    def __init__(self, ontology: Graph, shapes: Graph) -> None:
        self.g = ontology
        self.shapes = shapes
        self.lines: list[str] = []

    # -- helpers ---------------------------------------------------------------

    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    def own(self, kind: URIRef) -> list[URIRef]:
        return sorted((s for s in self.g.subjects(RDF.type, kind)
                       if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)), key=str)

    def text(self, node: Node, predicate: URIRef, lang: str) -> str:
        values = sorted(str(o) for o in self.g.objects(node, predicate)
                        if isinstance(o, Literal) and o.language == lang)
        return " ".join(values)

    def expression(self, node: Node) -> str:
        """A class expression in words: names, unions, qualified cardinalities, inverses."""
        if isinstance(node, URIRef):
            return f"`{curie(node)}`"
        union = self.g.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(self.expression(m) for m in Collection(self.g, union))
        inverse = self.g.value(node, OWL.inverseOf)
        if inverse is not None:
            return f"inverse of `{curie(inverse)}`"
        prop = self.g.value(node, OWL.onProperty)
        count = self.g.value(node, OWL.qualifiedCardinality)
        if prop is not None and count is not None:
            return f"exactly {count} `{curie(prop)}` {self.expression(self.g.value(node, OWL.onClass))}"
        return "(anonymous class)"

    def listed(self, nodes: Iterable[Node]) -> str:
        return ", ".join(sorted(self.expression(n) for n in nodes))

    def disjoint_with(self, cls: URIRef) -> list[Node]:
        found = set(self.g.objects(cls, OWL.disjointWith)) | set(self.g.subjects(OWL.disjointWith, cls))
        for axiom in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(self.g, self.g.value(axiom, OWL.members)))
            if cls in members:
                found |= set(members) - {cls}
        return sorted(found, key=str)

    def term(self, node: URIRef, rows: list[tuple[str, str]]) -> None:
        """One term: heading, labels, definitions, then its facts as a list."""
        en, ru = self.text(node, RDFS.label, "en"), self.text(node, RDFS.label, "ru")
        self.out(f"### {curie(node)}", "", f"**{en}** — **{ru}**", "",
                 self.text(node, RDFS.comment, "en"), "", f"_{self.text(node, RDFS.comment, 'ru')}_", "")
        facts = [(name, value) for name, value in rows if value]
        if facts:
            self.out(*(f"- {name}: {value}" for name, value in facts), "")

    # -- sections ----------------------------------------------------------------

    def header(self) -> None:
        onto = URIRef(ONTOLOGY_IRI)
        self.out(f"# {self.text(onto, URIRef('http://purl.org/dc/terms/title'), 'en')}", "",
                 "<!-- Generated from ontology/ties.ttl and ontology/shapes.ttl by `python -m ties.ontology.docs`; "
                 "do not edit by hand. -->", "",
                 f"- Ontology IRI: `{ONTOLOGY_IRI}`",
                 f"- Version: {self.g.value(onto, OWL.versionInfo)} (`{self.g.value(onto, OWL.versionIRI)}`)",
                 f"- Namespace: `{NAMESPACE}` (prefix `ties:`)",
                 "- Source: `ontology/ties.ttl`; Python constants: `ontology.TIES`; shapes: `ontology/shapes.ttl`",
                 "", self.text(onto, RDFS.comment, "en"), "", f"_{self.text(onto, RDFS.comment, 'ru')}_", "",
                 "## Contents", "",
                 "- [Reused vocabularies](#reused-vocabularies)", "- [Class hierarchy](#class-hierarchy)",
                 "- [Classes](#classes)", "- [Object properties](#object-properties)",
                 "- [Datatype properties](#datatype-properties)",
                 "- [Concept schemes and individuals](#concept-schemes-and-individuals)",
                 "- [SHACL shapes](#shacl-shapes)", "- [Reasoning](#reasoning)", "")

    def reused(self) -> None:
        self.out("## Reused vocabularies", "",
                 "External terms are declared, not imported, so the ontology loads offline. "
                 "Terms of `ties:` that specialise them:", "",
                 "| Vocabulary | Terms used | Specialised by |", "| --- | --- | --- |")
        for prefix, title in VOCABULARIES.items():
            base = PREFIXES[prefix]
            used = sorted({n for triple in self.g for n in triple
                           if isinstance(n, URIRef) and str(n).startswith(base)}, key=str)
            specialised = sorted({s for s, p, o in self.g if o in used and p in (RDFS.subClassOf, RDFS.subPropertyOf)
                                  and isinstance(s, URIRef) and str(s).startswith(NAMESPACE)}, key=str)
            self.out(f"| {title} | {', '.join(f'`{curie(u)}`' for u in used)} | "
                     f"{', '.join(f'`{curie(s)}`' for s in specialised)} |")
        self.out("", "The writer uses some of them directly: each dated event has an OWL-Time interval "
                 "(`time:hasTime` → `time:Interval`, `time:hasBeginning`/`time:hasEnd` → `time:Instant` with "
                 "`time:inXSDDate`), each place with coordinates a GeoSPARQL geometry (`geo:hasGeometry` → "
                 "`geo:Geometry` with `geo:asWKT` as `geo:wktLiteral`), and each event is "
                 "`prov:wasDerivedFrom` its report and its quoted excerpt.", "")

    def hierarchy(self) -> None:
        self.out("## Class hierarchy", "", "```")
        classes = self.own(OWL.Class)

        def parents(cls: URIRef) -> list[URIRef]:
            return [p for p in self.g.objects(cls, RDFS.subClassOf) if p in classes]

        def walk(cls: URIRef, depth: int) -> None:
            self.out("  " * depth + f"{curie(cls)}  ({self.text(cls, RDFS.label, 'ru')})")
            for child in sorted((c for c in classes if cls in parents(c)), key=str):
                walk(child, depth + 1)

        for root in (c for c in classes if not parents(c)):
            walk(root, 0)
        self.out("```", "")

    def classes(self) -> None:
        self.out("## Classes", "")
        for cls in self.own(OWL.Class):
            supers = [s for s in self.g.objects(cls, RDFS.subClassOf)]
            domain_of = sorted(p for p in self.g.subjects(RDFS.domain, cls) if isinstance(p, URIRef))
            self.term(cls, [("Subclass of", self.listed(supers)),
                            ("Disjoint with", self.listed(self.disjoint_with(cls))),
                            ("Properties", ", ".join(f"`{curie(p)}`" for p in domain_of)),
                            ("Members", ", ".join(f"`{curie(i)}`" for i in sorted(self.g.subjects(RDF.type, cls))
                                                  if isinstance(i, URIRef)))])

    def properties(self, kind: URIRef, title: str) -> None:
        self.out(f"## {title}", "")
        for prop in self.own(kind):
            traits = sorted(name for cls, name in CHARACTERISTICS.items() if (prop, RDF.type, cls) in self.g)
            chain = self.g.value(prop, OWL.propertyChainAxiom)
            self.term(prop, [
                ("Characteristics", ", ".join(traits)),
                ("Domain", self.listed(self.g.objects(prop, RDFS.domain))),
                ("Range", self.listed(self.g.objects(prop, RDFS.range))),
                ("Subproperty of", self.listed(self.g.objects(prop, RDFS.subPropertyOf))),
                ("Implied by the chain", " then ".join(self.expression(s) for s in Collection(self.g, chain))
                 if chain is not None else ""),
                ("Subproperties", ", ".join(f"`{curie(s)}`" for s in sorted(self.g.subjects(RDFS.subPropertyOf, prop))))])

    def schemes(self) -> None:
        self.out("## Concept schemes and individuals", "")
        for scheme in self.own(SKOS.ConceptScheme):
            members = sorted(c for c in self.g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
            self.term(scheme, [])
            self.out("| Concept | English | Русский | Broader | Definition |", "| --- | --- | --- | --- | --- |")
            for concept in members:
                broader = ", ".join(f"`{curie(b)}`" for b in self.g.objects(concept, SKOS.broader))
                self.out(f"| `{curie(concept)}` | {self.text(concept, RDFS.label, 'en')} | "
                         f"{self.text(concept, RDFS.label, 'ru')} | {broader} | "
                         f"{self.text(concept, RDFS.comment, 'en')} |")
            self.out("")
        self.out("The spheres and the agreement kinds are each declared `owl:AllDifferent`.", "")

    def shape_section(self) -> None:
        self.out("## SHACL shapes", "",
                 "`ties build` validates every report's graph against these shapes (with the ontology beside "
                 "it) before storing it; a report with violations is stored but counted as failed, with one "
                 "line per violation: `error: FILE: shape S: node N: message`. Examples that pass and fail "
                 "each shape are in `tests/shapes/`.", "")
        sh = self.shapes
        for shape in sorted(s for s in sh.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
            en = " ".join(str(o) for o in sh.objects(shape, RDFS.comment) if o.language == "en")
            ru = " ".join(str(o) for o in sh.objects(shape, RDFS.comment) if o.language == "ru")
            targets = [f"instances of `{curie(o)}`" for o in sh.objects(shape, SH.targetClass)]
            targets += [f"objects of `{curie(o)}`" for o in sorted(sh.objects(shape, SH.targetObjectsOf))]
            self.out(f"### {curie(shape)}", "", en, "", f"_{ru}_", "", f"- Targets: {', '.join(targets)}")
            checks = [str(m) for m in sh.objects(shape, SH.message)]
            checks += sorted(str(sh.value(p, SH.message)) for p in sh.objects(shape, SH.property))
            self.out(*(f"- Checks: {c}" for c in checks), "")

    def reasoning(self) -> None:
        self.out("## Reasoning", "",
                 "`ties reason` loads the ontology and every report graph into owlready2 and runs HermiT "
                 "(`graph/reason.py`). Literal triples stay out (HermiT knows no `xsd:date` or "
                 "`geo:wktLiteral`; the shapes check literals); the countries in the graph are declared "
                 "pairwise different. Inconsistencies are reported in plain words, naming the individual, the "
                 "disjoint classes and why it has each. When the graph is consistent, the named graph "
                 "`https://w3id.org/ties/resource/graph/inferred` is replaced with what the ontology implies "
                 "and the reports do not state, so plain SPARQL needs no reasoner:", "",
                 "- `ties:tiedTo` between the two places of every tie, both ways, and `ties:sisterCityOf` / "
                 "`ties:friendshipCityOf` both ways;",
                 "- `ties:locatedIn` from each place to its country, and `ties:within` from places and "
                 "organizations to every enclosing place (settlement → region → country);",
                 "- `ties:worksWith` (an `org:linkedTo`) between organizations of one event or agreement;",
                 "- every superclass type (a `ties:MusicOrArtSchool` is also a `ties:School`, "
                 "`ties:Organization`, `org:FormalOrganization`…) and every super-property value.", "",
                 "Run it again after `ties build`: the inferred graph is not updated by building.", "")

    def render(self) -> str:
        self.header()
        self.reused()
        self.hierarchy()
        self.classes()
        self.properties(OWL.ObjectProperty, "Object properties")
        self.properties(OWL.DatatypeProperty, "Datatype properties")
        self.schemes()
        self.shape_section()
        self.reasoning()
        return "\n".join(self.lines).rstrip("\n") + "\n"


def render() -> str:
    """The Markdown page for the current Turtle files."""
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    return Page(ontology, shapes).render()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ties.ontology.docs", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DOCS_PATH, help=f"where to write (default {DOCS_PATH})")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date; write nothing")
    args = parser.parse_args(argv)
    page = render()
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    if args.check:
        if current != page:
            print(f"{args.out} is out of date: run python -m ties.ontology.docs", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
