"""The query workbench of ``ties serve``: YASGUI served from this package, fed with the project's own data.

YASGUI (``static/yasgui``, vendored from npm, see its README) gives the editor with
highlighting, the result table with sorting and downloads, tabs and share links. Out of
the box its editor asks prefix.cc and the Linked Open Vocabularies service for
completions; here ``static/workbench.js`` completes from what this module puts into the
page instead — the prefixes and terms of ``ontology/ties.ttl`` and of the named queries —
so the page works with no network at all. The named queries are offered as one-click
examples with their parameters; their text is bound on the server (``queries.bind``),
the same way ``ties query --endpoint`` binds it, so a value cannot become query text.
"""
from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ties.ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

#: The resource prefixes the graph's IRIs use (graph/iris.py), besides the ontology file's own.
RESOURCE_PREFIXES = {"graph": RESOURCE + "graph/", "place": RESOURCE + "place/", "org": RESOURCE + "org/",
                     "event": RESOURCE + "event/", "tie": RESOURCE + "tie/", "report": RESOURCE + "report/",
                     "country": RESOURCE + "country/"}
#: The pages may load and fetch only from this server (whatever a stored literal or a shared link holds);
#: YASGUI sets inline styles. Links out (GeoNames) are navigation, which this does not restrict.
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; script-src 'self'; connect-src 'self'; "
                                          "img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                          "font-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
                "X-Content-Type-Options": "nosniff"}
_PREFIX_LINE = re.compile(r"^PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_OWL, _RDF, _RDFS = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                      "http://www.w3.org/2000/01/rdf-schema#")
#: The types that make a term of the ontology a class or a property for completion.
_TERM_KINDS = {_OWL + "Class": "classes", _RDFS + "Class": "classes", _RDF + "Property": "properties",
               **{_OWL + kind: "properties" for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                                         "SymmetricProperty", "TransitiveProperty",
                                                         "FunctionalProperty")}}
#: Terms of other vocabularies that the graph uses as they are (labels, types, links out).
COMMON_PROPERTIES = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
                     "http://www.w3.org/2004/02/skos/core#altLabel", "http://www.w3.org/2002/07/owl#sameAs",
                     "http://www.w3.org/ns/prov#wasDerivedFrom", "http://www.opengis.net/ont/geosparql#hasGeometry",
                     "http://www.opengis.net/ont/geosparql#asWKT", "http://www.w3.org/2006/time#hasTime")


@dataclass(frozen=True)
class Workbench:
    """What the workbench page carries: completion data and the named queries. Made once per server."""

    prefixes: dict[str, str]
    classes: list[str]
    properties: list[str]
    examples: list[dict[str, Any]] = field(default_factory=list)

    def config(self, endpoint: str) -> dict[str, Any]:
        return {"endpoint": endpoint, "prefixes": self.prefixes, "classes": self.classes,
                "properties": self.properties, "examples": self.examples}


def project_prefixes() -> dict[str, str]:
    """The prefixes of ``ontology/ties.ttl`` and of the resource IRIs, for completion and for Turtle/TriG answers."""
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]*)>", text, re.MULTILINE))
    return {**RESOURCE_PREFIXES, **prefixes}


def workbench() -> Workbench:
    """Prefixes, classes and properties from the ontology file and the named queries' PREFIX lines."""
    from pyoxigraph import NamedNode, RdfFormat, parse

    from ties.queries import catalogue
    prefixes = project_prefixes()
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    named = catalogue()
    for query in named:
        for name, iri in _PREFIX_LINE.findall(query.text):
            prefixes.setdefault(name, iri)
    terms: dict[str, set[str]] = {"classes": set(), "properties": set(COMMON_PROPERTIES)}
    for quad in parse(text.encode("utf-8"), format=RdfFormat.TURTLE):
        kind = _TERM_KINDS.get(quad.object.value) if quad.predicate.value == _RDF + "type" else None
        if kind and isinstance(quad.subject, NamedNode):
            terms[kind].add(quad.subject.value)
    return Workbench(dict(sorted(prefixes.items())), sorted(terms["classes"]), sorted(terms["properties"]),
                     [_example(q) for q in named])


def _example(query: Any) -> dict[str, Any]:
    return {"name": query.name, "title": query.title, "question": query.question,
            "params": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description,
                        "example": p.example or ""} for p in query.params]}


def named_query_text(name: str, values: dict[str, str]) -> str:
    """A named query's text with ``values`` bound in a VALUES block (empty values left out); QueryError if wrong."""
    from ties.queries import QueryError, bind, load, names, with_values
    if name not in names():  # a name from the catalogue, never a path from the web
        raise QueryError(f"unknown query {name!r}; available: {', '.join(names())}")
    query = load(name)
    given = {k: v for k, v in values.items() if v.strip()}
    return with_values(query.text, bind(query, given))


def templates() -> jinja2.Environment:
    """The HTML templates, escaping every value put into them."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render_workbench(env: jinja2.Environment, bench: Workbench, endpoint: str = "sparql") -> str:
    return env.get_template("workbench.html").render(config=bench.config(endpoint), namespace=NAMESPACE)


def static_file(path: str) -> tuple[bytes, str] | None:
    """A file under ``static/`` by its URL path after ``/static/``, with its media type; None if there is none."""
    target = (STATIC / path).resolve()
    if STATIC not in target.parents or not target.is_file():
        return None
    media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if media.startswith("text/") or media == "application/javascript":
        media += "; charset=utf-8"
    return target.read_bytes(), media
