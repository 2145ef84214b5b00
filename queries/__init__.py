"""Named SPARQL queries (the ``.rq`` files next to this module) and the runner behind ``ties query``.

Each named query opens with a comment header: a title line, then ``Question:``,
one ``Param:`` line per parameter and an ``Example:`` call, so the catalogue
documents itself (``ties query --list``, the page of ``ties serve``).

User values never become query text. The embedded store binds them through
pyoxigraph's ``substitutions``; a remote endpoint gets a ``VALUES`` block at the
top of the WHERE group whose terms pyoxigraph writes (escaped literals, checked
IRIs). Both bind the same variables, so a query gives the same rows either way
as long as it uses its parameters in its top-level group (a test checks it).

The queries read the default graph as the merge of the named graphs (one per
report): the embedded store keeps that merge in its default graph
(``graph.store``), remote servers are configured to read the union of the
named graphs (see README.md). A server's union may repeat a triple once per
report stating it, so the queries count and select DISTINCT.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Store, Triple,
                        Variable)
from ties.errors import TiesError

QUERY_DIR = Path(__file__).resolve().parent
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PARAM_TYPES = ("string", "integer", "iri")

Term = NamedNode | BlankNode | Literal | Triple


class QueryError(TiesError):
    """A problem the user caused (unknown query, bad parameter, bad endpoint): one line, no traceback."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    required: bool = True
    description: str = ""
    example: str | None = None

    def usage(self) -> str:
        example = self.example if self.example is not None else "…"
        return f"--param {self.name}={example}" + ("" if self.required else " (optional)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    example: str = ""
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# -- headers ----------------------------------------------------------------

_FIELD = re.compile(r"^(question|param|example)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:\((?P<opts>[^)]*)\))?\s*[—–-]+\s*(?P<text>.*)$", re.DOTALL)
_EXAMPLE = re.compile(r"\s*\(example:\s*(?P<value>[^)]*)\)\s*\.?\s*$")


def _header_lines(text: str) -> list[str]:
    """The leading comment block, without its ``#`` marks."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def _parse_param(text: str, source: str) -> Param:
    match = _PARAM.match(text)
    if not match:
        raise QueryError(f"{source}: cannot read parameter line {text!r}; "
                         "expected 'Param: name (type, optional) — meaning (example: value)'")
    opts = [o.strip().lower() for o in (match["opts"] or "").split(",") if o.strip()]
    kinds = [o for o in opts if o in PARAM_TYPES]
    unknown = [o for o in opts if o not in PARAM_TYPES and o != "optional"]
    if unknown or len(kinds) > 1:
        raise QueryError(f"{source}: parameter {match['name']}: unknown options {opts}; "
                         f"use one of {', '.join(PARAM_TYPES)} and/or 'optional'")
    description = " ".join(match["text"].split())
    example = _EXAMPLE.search(description)
    if example:
        description = description[:example.start()].strip()
    return Param(match["name"], kinds[0] if kinds else "string", "optional" not in opts, description,
                 example["value"].strip() if example else None)


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Title, question, parameters and example of a query, read from its comment header."""
    fields: list[list[str]] = []
    title = ""
    for line in _header_lines(text):
        match = _FIELD.match(line)
        if match:
            fields.append([match[1].lower(), match[2]])
        elif not line:
            fields.append(["", ""])  # a blank comment line ends the field before it
        elif fields and fields[-1][0]:
            fields[-1][1] += " " + line
        elif not title:
            title = line
    source = str(path or name)
    question = " ".join(" ".join(v for k, v in fields if k == "question").split())
    example = " ".join(" ".join(v for k, v in fields if k == "example").split())
    params = tuple(_parse_param(v, source) for k, v in fields if k == "param")
    return NamedQuery(name, text, title, question, params, example, path)


# -- the catalogue ------------------------------------------------------------

def names() -> list[str]:
    """Names of the bundled queries, sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def load(name_or_path: str) -> NamedQuery:
    """A bundled query by name, or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or len(path.parts) > 1:
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    bundled = QUERY_DIR / f"{name_or_path}.rq"
    if not re.fullmatch(r"[\w-]+", name_or_path) or not bundled.is_file():
        raise QueryError(f"unknown query {name_or_path!r}; available: {', '.join(names())}")
    return parse_header(name_or_path, bundled.read_text(encoding="utf-8"), bundled)


def catalogue() -> list[NamedQuery]:
    return [load(name) for name in names()]


# -- parameters ---------------------------------------------------------------

def _term(param: Param, value: str, query: str) -> Term:
    if param.type == "integer":
        if not re.fullmatch(r"\s*[+-]?\d{1,18}\s*", value):
            raise QueryError(f"query {query!r}: parameter {param.name} wants an integer, got {value!r}")
        return Literal(str(int(value)), datatype=XSD_INTEGER)
    if param.type == "iri":
        try:
            return NamedNode(value.strip().removeprefix("<").removesuffix(">"))
        except ValueError as exc:
            reason = str(exc).encode("unicode_escape").decode("ascii")  # pyoxigraph names the bad character raw
            raise QueryError(f"query {query!r}: parameter {param.name} wants an IRI, got {value!r} ({reason})") from None
    return Literal(value)


def bind(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Parameter values as RDF terms, checked against the query's header."""
    known = ", ".join(p.name for p in query.params)
    for name in values:
        if query.param(name) is None:
            raise QueryError(f"query {query.name!r} has no parameter {name!r}; "
                             + (f"its parameters: {known}" if known else "it takes none"))
    missing = [p for p in query.params if p.required and p.name not in values]
    if missing:
        wanted = " ".join(p.usage() for p in missing)
        meaning = "; ".join(f"{p.name}: {p.description}" for p in missing if p.description)
        raise QueryError(f"query {query.name!r} needs {wanted}" + (f" ({meaning})" if meaning else ""))
    return {name: _term(query.param(name), value, query.name) for name, value in values.items()}


def parse_assignments(pairs: list[str] | None) -> dict[str, str]:
    """``["place=Смоленск", …]`` → ``{"place": "Смоленск"}``; the value may hold ``=``."""
    values: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: expected key=value")
        values[name.strip()] = value
    return values


# -- VALUES injection for remote endpoints --------------------------------------

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][\w-]*")


def _skip_string(text: str, i: int) -> int:
    """Index after the string literal that starts at ``i``."""
    for quote in ('"""', "'''", '"', "'"):
        if text.startswith(quote, i):
            j = i + len(quote)
            while j < len(text):
                if text[j] == "\\":
                    j += 2
                elif text.startswith(quote, j):
                    return j + len(quote)
                else:
                    j += 1
            raise QueryError("query text has an unterminated string")
    return i + 1


def where_brace(text: str) -> int:
    """Offset just inside the ``{`` that opens the query's top-level WHERE group."""
    depth, parens, last_word, i = 0, 0, "", 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<" and (match := _IRI.match(text, i)):
            i = match.end()
        elif ch in "?$" and (match := _WORD.match(text, i + 1)):
            i = match.end()  # a variable, even one named ?construct
        elif ch == "{":
            if depth == 0 and parens == 0 and last_word != "CONSTRUCT":
                return i + 1
            depth += 1
            i += 1
        elif ch == "}":
            depth -= 1
            i += 1
        elif ch in "()":
            parens += 1 if ch == "(" else -1
            i += 1
        elif match := _WORD.match(text, i):
            if depth == 0 and parens == 0:
                last_word = match.group().upper()
            i = match.end()
        else:
            i += 1
    raise QueryError("query text has no WHERE group")


def with_values(text: str, bindings: Mapping[str, Term | None]) -> str:
    """The query with ``VALUES (?name …) { (term …) }`` opening its WHERE group.

    The terms are written by pyoxigraph (``str()`` gives escaped N-Triples
    syntax), so a value cannot close the literal and add query text. A None is
    ``UNDEF``: the parameter left unbound, said so (Virtuoso reads a variable bound
    nowhere in the query as an error that fails every FILTER it is in, even inside
    COALESCE; UNDEF makes it an unbound variable, as the standard has it).
    """
    if not bindings:
        return text
    at = where_brace(text)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join("UNDEF" if term is None else str(term) for term in bindings.values())
    return f"{text[:at]}\n  VALUES ({names}) {{ ({terms}) }}{text[at:]}"


# -- results ------------------------------------------------------------------

@dataclass
class Result:
    """Rows of a SELECT, the answer of an ASK, or the triples of a CONSTRUCT/DESCRIBE."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] | None = None

    @classmethod
    def of(cls, answer: QuerySolutions | QueryBoolean | Any) -> "Result":
        if isinstance(answer, QuerySolutions):
            columns = [v.value for v in answer.variables]
            # A solution iterates its values in the order of the variables, unbound as None (5x faster
            # than looking each column up by name, which counted at a thousand rows). The cyclic
            # collector is paused meanwhile: a thousand rows allocate tens of thousands of objects,
            # none in a cycle, and a collection in the middle added up to a third to a query's time.
            collecting = gc.isenabled()
            gc.disable()
            try:
                return cls(columns, [tuple(solution) for solution in answer])
            finally:
                if collecting:
                    gc.enable()
        if isinstance(answer, QueryBoolean):
            return cls(boolean=bool(answer))
        return cls(triples=list(dict.fromkeys(answer)))  # a union graph may repeat a triple

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (integers and booleans typed)."""
        from ties.graph.remote import term_value
        return [{c: term_value(t) for c, t in zip(self.columns, row)} for row in self.rows]


def open_store(path: Path, needs_summary: bool = True) -> Store:
    """The embedded store, read-only, so a query never locks out ``ties build`` or ``ties serve``.

    A store without its summary graph (made before it existed, or its build was cut short) is
    given one if it can be written; if it cannot (a full disk, a read-only store, a build holding
    it), a query that does not read the summary still answers, and one that does gets one line.
    """
    if not Path(path).is_dir():
        raise QueryError(f"no store at {path}; build one first with: ties --store {path} build REPORTS")
    try:
        store = Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"cannot open the store at {path}: {exc}") from None
    from ties.graph.store import StoreError, lacks_merge, lacks_summary
    from ties.graph.store import open_store as open_for_writing
    if lacks_summary(store) or lacks_merge(store):  # the writer adds them when it opens the store
        del store
        try:
            open_for_writing(Path(path)).flush()
        except (StoreError, OSError) as exc:
            if needs_summary:
                raise QueryError(f"the store {path} lacks the summary graph this query reads, and it cannot "
                                 f"be added now ({exc}); the next ties build or ties reason on it adds it") from None
        store = Store.read_only(str(path))
    return store


def reads_summary(query: NamedQuery) -> bool:
    """Whether the query reads the derived ``graph:summary`` (see ``graph.summary``)."""
    from ties.graph.iris import SUMMARY_GRAPH
    return "graph:summary" in query.text or SUMMARY_GRAPH.value in query.text


def run(query: NamedQuery, values: Mapping[str, str] | None = None, *, store: Store | None = None,
        endpoint: str | None = None, timeout: float = 60) -> Result:
    """Run a query with its parameters on the embedded store or on a SPARQL endpoint."""
    bindings = bind(query, values or {})
    if endpoint:
        from ties.graph.remote import RemoteError, execute
        try:
            every = {p.name: bindings.get(p.name) for p in query.params}  # the absent as UNDEF
            return Result.of(execute(endpoint, with_values(query.text, every), timeout=timeout))
        except RemoteError as exc:
            raise QueryError(str(exc)) from None
    if store is None:
        raise ValueError("run() needs a store or an endpoint")
    from ties.queries.guard import QueryRefused, check, on_big_stack
    try:
        check(query.text, allow_service=None)  # pyoxigraph has no depth limit: a deep query would crash it
    except QueryRefused as exc:
        raise QueryError(f"{query.path or query.name}: {exc}") from None

    def answer() -> Result:
        return Result.of(store.query(query.text, substitutions={Variable(k): v for k, v in bindings.items()}))
    try:
        return on_big_stack(answer)
    except SyntaxError as exc:
        raise QueryError(f"{query.path or query.name}: {exc}") from None
    except RuntimeError as exc:
        hint = " (a parameter must be a variable of the SELECT clause)" if "projection" in str(exc) else ""
        raise QueryError(f"{query.path or query.name}: {exc}{hint}") from None
    except OSError as exc:
        raise QueryError(f"{query.path or query.name}: the store could not answer ({exc})") from None
