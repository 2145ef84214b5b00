"""A client for any SPARQL 1.1 server: queries through SPARQLWrapper, uploads through the Graph Store Protocol.

Answers come back as pyoxigraph terms, parsed from the server's SPARQL JSON
by the same library that reads the embedded store, so a row from a server
and a row from the store compare equal; ``select`` gives plain Python values
for metrics and views.

An endpoint URL with no path is taken as an Oxigraph server, whose query
service is ``/query`` and whose graph store is ``/store``; any other URL is
used as given (Fuseki ``…/ds/query`` and ``…/ds/data``, GraphDB
``…/repositories/R`` and ``…/repositories/R/rdf-graphs/service``, Virtuoso ``…/sparql`` and
``http://user:password@…/sparql-graph-crud-auth``: a user and password in the URL answer the
server's Basic or Digest challenge, and are never sent otherwise).
"""
from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions,
                        RdfFormat, Triple, parse, parse_query_results, serialize)
from ties.errors import TiesError

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                   "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


class RemoteError(TiesError):
    """The server could not be reached or refused the request; the message is one line."""

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable  # the server failed (down, hung, dropped us), not this request


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def is_bare(url: str) -> bool:
    """A URL with no path: taken as an Oxigraph server's base."""
    return urlsplit(url).path in ("", "/")


def query_url(endpoint: str) -> str:
    """The query service: as given, or ``/query`` of a bare Oxigraph server URL."""
    return endpoint.rstrip("/") + "/query" if is_bare(endpoint) else endpoint


def store_url(endpoint: str) -> str:
    """The graph store service: as given, or ``/store`` of a bare Oxigraph server URL."""
    return endpoint.rstrip("/") + "/store" if is_bare(endpoint) else endpoint


def term_value(term: Any) -> Any:
    """RDF term → Python: integers and booleans typed; IRIs, dates and other literals as their text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, (NamedNode, BlankNode)):
        return term.value
    return str(term)


def _wrapper(endpoint: str, query: str, timeout: float):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(query_url(endpoint))
    client.setQuery(query)
    client.setMethod(POST)
    client.setOnlyConneg(True)  # no format=/output= parameters that some servers reject
    client.setTimeout(int(max(1, timeout)))
    graph_answer = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if graph_answer else JSON)
    return client, graph_answer


def execute(endpoint: str, query: str, timeout: float = 60) -> QuerySolutions | QueryBoolean | list[Triple]:
    """Run any read query on a SPARQL 1.1 endpoint; solutions, a boolean or triples as pyoxigraph gives them."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    url = query_url(endpoint)
    client, graph_answer = _wrapper(endpoint, query, timeout)
    if client.isSparqlUpdateRequest():
        raise RemoteError(f"{url}: only read queries are sent; this is a SPARQL Update")
    try:
        raw = client.query().response.read()
    except SPARQLWrapperException as exc:
        raise RemoteError(f"{url}: {_one_line(str(exc))}") from None
    except urllib.error.HTTPError as exc:
        raise RemoteError(f"{url}: HTTP {exc.code}: {_one_line(exc.read().decode('utf-8', 'replace'))}") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{url}: cannot reach the endpoint ({reason})") from None
    try:
        if graph_answer:
            return [quad.triple for quad in parse(raw, format=RdfFormat.TURTLE)]
        return parse_query_results(raw, format=QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise RemoteError(f"{url}: the answer is not valid SPARQL results ({_one_line(str(exc))})") from None


def select(endpoint: str, query: str, timeout: float = 60) -> list[dict[str, Any]]:
    """Rows of a SELECT on any SPARQL 1.1 endpoint, as dicts of plain Python values."""
    answer = execute(endpoint, query, timeout)
    if not isinstance(answer, QuerySolutions):
        raise RemoteError(f"{query_url(endpoint)}: select() wants a SELECT query")
    names = [v.value for v in answer.variables]
    return [{name: term_value(solution[name]) for name in names} for solution in answer]


def without_credentials(url: str) -> str:
    """The URL as it may be shown: any ``user:password@`` left out."""
    parts = urlsplit(url)
    if parts.username is None:
        return url
    return parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")).geturl()


def _credentials(url: str) -> tuple[str, urllib.request.OpenerDirector]:
    """The URL without ``user:password@``, and an opener that answers the server's Basic or Digest
    challenge with them (Virtuoso's ``/sparql-graph-crud-auth`` asks for Digest)."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, urllib.request.build_opener()
    bare = without_credentials(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, bare, unquote(parts.username), unquote(parts.password or ""))
    return bare, urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                             urllib.request.HTTPBasicAuthHandler(passwords))


def put_graph(endpoint: str, graph: NamedNode, triples: Iterable[Triple], timeout: float = 120) -> int:
    """Replace one named graph on the server (Graph Store Protocol ``PUT ?graph=``); the HTTP status.

    Only a 2xx answer counts as the server's confirmation; anything else, a hang past ``timeout``,
    a dropped or reset connection and a garbled answer raise RemoteError, ``unreachable`` set when
    the server itself failed rather than refused this one graph.
    """
    base, opener = _credentials(store_url(endpoint))
    url = f"{base}{'&' if '?' in base else '?'}graph={quote(graph.value, safe='')}"
    body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    # N-Triples is Turtle too, and every graph store reads Turtle.
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "text/turtle; charset=utf-8"})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()  # the whole answer: a server dropping the connection now has not confirmed
            status = response.status
    except urllib.error.HTTPError as exc:
        raise RemoteError(f"{base}: PUT of graph {graph.value} failed: HTTP {exc.code}: "
                          f"{_one_line(exc.read().decode('utf-8', 'replace'))}") from None
    except (OSError, http.client.HTTPException) as exc:  # refused, hung, reset, dropped mid-answer
        reason = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}".rstrip(": ")
        raise RemoteError(f"{base}: cannot reach the graph store ({reason})", unreachable=True) from None
    if not 200 <= status < 300:
        raise RemoteError(f"{base}: PUT of graph {graph.value} was not confirmed: HTTP {status}")
    return status
