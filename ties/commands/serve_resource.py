"""The resource page of ``ties serve`` (``/resource?iri=…``): what the graph says about one IRI, with its evidence.

For a place, an institution, an event, a tie, a report or an ontology term: its
statements (and which reports state each), the nodes that point to it, its ties with
the events that prove each one, and for every fact the report, row (or source line) and
quoted text that give it — the named query ``provenance`` by IRI, so the page and
``ties query provenance`` agree. Each IRI links to its own page; a place links to GeoNames.

``gather`` runs in a query worker (``serve_worker``), so the page reads the same
published snapshot as the endpoint and is stopped by the same timeout; ``render`` turns
its plain data into HTML with a Jinja2 template that escapes every value.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import jinja2

from ties.ontology import NAMESPACE, RESOURCE

#: Most statements of each direction read for one page (a report is the object of thousands).
LIMIT = 1000
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GEONAMES = "https://sws.geonames.org/"
PREFIXES = {"ties": NAMESPACE, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#"}

OUT = f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ ?x ?p ?o }} }} LIMIT {LIMIT + 1}"
IN = f"""SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p ?x }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a ties:Mention }} }} }} LIMIT {LIMIT + 1}"""
REPORTS = "SELECT ?g ?report ?document WHERE { GRAPH ?g { ?report a ties:Report ; ties:document ?document } }"
TIES = """SELECT DISTINCT ?tie ?class ?other ?g ?event ?title ?row ?line ?start ?text WHERE {
  GRAPH ?g {
    ?tie ties:russianPlace|ties:foreignPlace ?x ; a ?class ; ties:russianPlace|ties:foreignPlace ?other .
    FILTER(?other != ?x && STRSTARTS(STR(?class), STR(ties:)))
    OPTIONAL { ?tie ties:evidence ?event . OPTIONAL { ?event ties:title ?title }
      OPTIONAL { ?event ties:rowNumber ?row } OPTIONAL { ?event ties:sourceLine ?eventLine }
      OPTIONAL { ?event ties:startDate ?start } OPTIONAL { ?event ties:sourceText ?eventText } }
    OPTIONAL { ?tie ties:statement ?stated . OPTIONAL { ?tie ties:statementLine ?statedLine } }
  }
  BIND(COALESCE(?eventText, ?stated) AS ?text)
  BIND(COALESCE(?eventLine, ?statedLine) AS ?line)
} ORDER BY ?other ?tie ?start ?row"""
NAMES = """SELECT ?n ?name WHERE { VALUES ?n { %s }
  { ?n rdfs:label ?name } UNION { ?n ties:title ?name } UNION { ?n ties:document ?name } }"""


def _term(term: Any) -> dict[str, str] | None:
    """A pyoxigraph term as plain data a pipe can carry and a template can show."""
    from pyoxigraph import BlankNode, Literal, NamedNode
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return {"iri": term.value}
    if isinstance(term, BlankNode):  # an OWL restriction or list in the ontology: no page of its own
        return {"value": "(blank node)", "lang": "", "datatype": ""}
    if isinstance(term, Literal):
        datatype = term.datatype.value.rpartition("#")[2] if not term.language else ""
        return {"value": term.value, "lang": term.language or "", "datatype": "" if datatype == "string" else datatype}
    return {"value": str(term), "lang": "", "datatype": ""}


def gather(store: Any, iri: str) -> dict[str, Any]:
    """Everything the page shows about ``iri``, read from ``store`` (a worker's snapshot)."""
    from pyoxigraph import NamedNode

    from ties.queries import load, run
    node = str(NamedNode(iri))  # checked and written by pyoxigraph: it cannot close the IRI and add query text
    ask = lambda text: list(store.query(text.replace("?x", node), prefixes=PREFIXES))  # noqa: E731
    out, into = ask(OUT), ask(IN)
    reports = {row["g"].value: (row["report"].value, row["document"].value) for row in ask(REPORTS)}
    statements: dict[tuple[str, str], dict[str, Any]] = {}
    for row in out[:LIMIT]:
        key = (row["p"].value, str(row["o"]))
        entry = statements.setdefault(key, {"predicate": row["p"].value, "object": _term(row["o"]), "graphs": []})
        entry["graphs"].append(row["g"].value)
    incoming: dict[tuple[str, str], dict[str, Any]] = {}
    for row in into[:LIMIT]:
        key = (str(row["s"]), row["p"].value)
        entry = incoming.setdefault(key, {"subject": _term(row["s"]), "predicate": row["p"].value, "graphs": []})
        entry["graphs"].append(row["g"].value)
    ties = [{k: _term(row[k]) for k in ("tie", "class", "other", "g", "event", "title", "row", "line", "start", "text")}
            for row in ask(TIES)]
    evidence = run(load("provenance"), {"fact": iri}, store=store).records() if out or into else []
    seen = {iri} | {s["object"]["iri"] for s in statements.values() if "iri" in s["object"]}
    seen |= {e["subject"]["iri"] for e in incoming.values() if "iri" in e["subject"]}
    seen |= {t[k]["iri"] for t in ties for k in ("other", "class") if t[k]}
    return {"iri": iri, "statements": list(statements.values()), "incoming": list(incoming.values()),
            "cut": len(out) > LIMIT or len(into) > LIMIT, "ties": ties,
            "evidence": [{k: (str(v) if v is not None else "") for k, v in r.items()} for r in evidence],
            "reports": reports, "names": _names(store, seen)}


def _names(store: Any, iris: set[str]) -> dict[str, str]:
    """A name to show for each IRI that has one: its label, title or document name (Russian first)."""
    from pyoxigraph import NamedNode
    names: dict[str, tuple[int, str]] = {}
    listed = sorted(iris)
    for start in range(0, len(listed), 500):
        values = " ".join(str(NamedNode(i)) for i in listed[start:start + 500])
        for row in store.query(NAMES % values, prefixes=PREFIXES):
            rank = {"ru": 0, "": 1}.get(getattr(row["name"], "language", "") or "", 2)
            if row["n"].value not in names or rank < names[row["n"].value][0]:
                names[row["n"].value] = (rank, row["name"].value)
    return {k: v for k, (_, v) in names.items()}


# -- the page -----------------------------------------------------------------------

def shortener(prefixes: dict[str, str]) -> Callable[[str], str]:
    """A function writing an IRI as a reader would: ``ties:Place``, ``rdf:type``, ``place/by/vitebsk``."""
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))  # the longest namespace first

    def short(iri: str) -> str:
        if iri.startswith(RESOURCE):
            return iri[len(RESOURCE):]
        for prefix, ns in ordered:
            if ns and iri.startswith(ns) and "/" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return iri
    return short


def render(env: jinja2.Environment, data: dict[str, Any], prefixes: dict[str, str]) -> str:
    """The page for ``gather``'s data; IRIs written short with ``prefixes``."""
    iri = data["iri"]
    short = shortener({**PREFIXES, **prefixes})
    names = data["names"]
    kinds = [s["object"]["iri"] for s in data["statements"]
             if s["predicate"].endswith("22-rdf-syntax-ns#type") and "iri" in s["object"]]
    geonames = [s["object"]["iri"] for s in data["statements"]
                if "iri" in s["object"] and s["object"]["iri"].startswith(GEONAMES)]
    tie_rows: dict[str, dict[str, Any]] = {}
    for row in data["ties"]:
        tie = tie_rows.setdefault(row["tie"]["iri"], {"iri": row["tie"]["iri"], "other": row["other"]["iri"],
                                                     "kinds": set(), "evidence": []})
        tie["kinds"].add(names.get(row["class"]["iri"]) or short(row["class"]["iri"]))
        if row["text"] and row not in tie["evidence"]:
            tie["evidence"].append(row)
    return env.get_template("resource.html").render(
        iri=iri, name=names.get(iri, short(iri)), kinds=kinds, data=data, names=names,
        ties=sorted(tie_rows.values(), key=lambda t: (-len(t["evidence"]), names.get(t["other"], t["other"]))),
        geonames=[g.rstrip("/").rpartition("/")[2] for g in geonames], local=iri.startswith(RESOURCE),
        link=lambda i: "resource?iri=" + quote(i, safe=""), short=short,
        report=lambda g: data["reports"].get(g, (g, short(g))))
