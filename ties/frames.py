"""SPARQL answers as pandas DataFrames with typed columns.

A column takes the type its values share: ``xsd:date`` and ``xsd:dateTime`` become
``datetime64``, the integer types pandas' nullable ``Int64`` (a count stays an integer even
with a row lacking it), ``xsd:decimal``/``double``/``float`` ``Float64``, ``xsd:boolean``
``boolean``; IRIs, labels and any other text are strings, the language tag of a label
(``"Смоленск"@ru``) dropped. A column mixing types (an IRI here, a date there) is text.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from pyoxigraph import BlankNode, Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
_KINDS: dict[str, str] = {
    **{XSD + t: "datetime" for t in ("date", "dateTime", "dateTimeStamp")},
    **{XSD + t: "integer" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")},
    **{XSD + t: "float" for t in ("decimal", "double", "float")},
    XSD + "boolean": "boolean",
}


def _kind(term: Any) -> str:
    if isinstance(term, Literal):
        return _KINDS.get(term.datatype.value, "text")
    return "text"


def _text(term: Any) -> str | None:
    if term is None:
        return None
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)  # an RDF-star triple


def column(terms: Sequence[Any]) -> pd.Series:
    """One column of RDF terms (None where unbound) as a typed Series.

    Examples
    --------
    >>> from pyoxigraph import Literal, NamedNode
    >>> column([Literal("2023-01-27", datatype=NamedNode(XSD + "date")), None]).dtype.kind
    'M'
    >>> column([Literal("6", datatype=NamedNode(XSD + "integer")), None]).tolist()
    [6, <NA>]
    >>> column([Literal("Смоленск", language="ru"), NamedNode("https://w3id.org/ties/resource/place/ru/smolensk")]).tolist()
    ['Смоленск', 'https://w3id.org/ties/resource/place/ru/smolensk']
    """
    kinds = {_kind(t) for t in terms if t is not None}
    kind = kinds.pop() if len(kinds) == 1 else "text"
    values = [None if t is None else t.value for t in terms]
    if kind == "datetime":
        return pd.Series(pd.to_datetime(values, errors="coerce", format="ISO8601", utc=_zoned(values)))
    if kind == "integer":
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if kind == "float":
        return pd.Series(pd.to_numeric(values, errors="coerce"), dtype="Float64")
    if kind == "boolean":
        return pd.Series([None if v is None else v in ("true", "1") for v in values], dtype="boolean")
    return pd.Series([_text(t) for t in terms], dtype="string")


def _zoned(values: list[str | None]) -> bool:
    """Whether a dateTime has a time zone: then all are put in UTC, as pandas cannot mix them."""
    return any(v is not None and ("Z" in v or "+" in v[10:] or v[10:].count("-")) for v in values)


def frame(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """SELECT rows (tuples of terms in the order of ``columns``) as a DataFrame."""
    return pd.DataFrame({name: column([row[i] for row in rows]) for i, name in enumerate(columns)},
                        columns=list(columns))


def triples_frame(triples: Sequence[Any]) -> pd.DataFrame:
    """The triples of a CONSTRUCT or DESCRIBE as subject, predicate, object (all text)."""
    return pd.DataFrame({"subject": pd.Series([_text(t.subject) for t in triples], dtype="string"),
                         "predicate": pd.Series([_text(t.predicate) for t in triples], dtype="string"),
                         "object": pd.Series([_text(t.object) for t in triples], dtype="string")})
