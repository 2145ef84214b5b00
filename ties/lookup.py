"""Names as people type them → the places, institutions and countries of a store.

One resolver serves the Python API (``ties.open(...).places("Smolensk")``) and the command
line (``ties query partners --param place=Смоленска``), so both understand the same names:

* any letter case, ``ё`` or ``е``, dashes or spaces (``ingest.gazetteer.fold``);
* any case form of the words (``Смоленска``, ``Смоленском`` → ``Смоленск``), through the
  pymorphy3 lemmas of each word (``ingest.morph.lemmas``);
* a Latin spelling (``Smolensk``, ``Vitebsk``): the romanised Russian name (``gazetteer.romanize``)
  or a GeoNames name of the place (the gazetteer's Latin names, matched through the place's
  ``owl:sameAs`` link or its name and country);
* for countries, the ISO code (``BY``, ``BLR``), the Russian name in any case form
  (``Белоруссии``, ``ingest.countries``) or the English one (``Belarus``, pycountry);
* for places and institutions, a part of the name (``СШ № 8``), when nothing matches whole.

Nothing found is a :class:`NotFound` that names the closest names of the store, so a typo costs
one line, not an empty table.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ties.ingest.gazetteer import fold, romanize
from ties.errors import TiesError

#: The kinds of thing a name can be looked up as, and the classes whose members they are.
PLACE_CLASSES = ("Settlement", "District", "Region", "Municipality")
KINDS = ("place", "institution", "country")
#: Which parameters of the named queries name what (``queries/*.rq``); others are passed as typed.
QUERY_PARAMS: dict[str, str] = {"place": "place", "other": "place", "country": "country"}

_PREFIXES = """PREFIX ties: <https://w3id.org/ties/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
_NAMES = {
    "place": """SELECT ?node ?label ?name ?code ?same WHERE {
  VALUES ?class { %s }
  ?node a ?class ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
  OPTIONAL { ?node ties:country/ties:isoCode ?code }
  OPTIONAL { ?node owl:sameAs ?same FILTER(STRSTARTS(STR(?same), "https://sws.geonames.org/")) } }"""
    % " ".join(f"ties:{c}" for c in PLACE_CLASSES),
    "institution": """SELECT ?node ?label ?name ?code WHERE {
  ?node a ties:Organization ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
  OPTIONAL { ?node ties:country/ties:isoCode ?code } }""",
    "country": """SELECT ?node ?code WHERE { ?node a ties:Country ; ties:isoCode ?code }""",
}
_GEONAMES_ID = re.compile(r"sws\.geonames\.org/(\d+)")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Match:
    """One node a name was found to mean, and how (``name``, ``case form``, ``latin``, ``code``, ``part``)."""

    iri: str
    label: str
    country: str | None
    how: str


@dataclass
class Entry:
    """A node of the store with every name it is known by."""

    iri: str
    label: str
    country: str | None
    names: set[str] = field(default_factory=set)
    geonames: set[int] = field(default_factory=set)


class NotFound(TiesError, LookupError):
    """A name that matches nothing; ``closest`` holds the names of the store nearest to it."""

    def __init__(self, kind: str, name: str, closest: list[str], message: str | None = None) -> None:
        self.kind, self.name, self.closest = kind, name, closest
        hint = f"; closest: {', '.join(closest)}" if closest else "; the store holds none"
        super().__init__(message or f"no {kind} named {name!r} in the store{hint}")

    def __str__(self) -> str:
        return self.args[0]


class Ambiguous(NotFound):
    """A part of a name that several nodes have (``район``): a query needs one of them."""

    def __init__(self, kind: str, name: str, labels: list[str]) -> None:
        shown = ", ".join(labels[:5]) + (f" … ({len(labels)} in all)" if len(labels) > 5 else "")
        super().__init__(kind, name, labels, f"{kind} {name!r} is part of several names: {shown}; give the whole name")


def lemma_key(text: str) -> tuple[frozenset[str], ...]:
    """Per word of the folded text, every lemma pymorphy3 gives it (its own spelling included)."""
    from ties.ingest.morph import lemmas
    return tuple(frozenset(lemmas(word)) | {word} for word in re.findall(r"[\w№]+", fold(text)))


def _same_words(query: tuple[frozenset[str], ...], name: tuple[frozenset[str], ...]) -> bool:
    return len(query) == len(name) and all(q & n for q, n in zip(query, name))


def _within(query: tuple[frozenset[str], ...], name: tuple[frozenset[str], ...]) -> bool:
    """The query's words, in order, somewhere in the name ("СШ № 8" in "МБОУ «СШ № 8 …»")."""
    n = len(query)
    return 0 < n <= len(name) and any(_same_words(query, name[i:i + n]) for i in range(len(name) - n + 1))


def closest_names(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` names nearest to ``name`` (difflib: the same answer on every machine), compared folded
    and, for a Latin name, romanised.

    Examples
    --------
    >>> closest_names("Смаленск", ["Смоленск", "Минск", "Витебск", "Гомель"])
    ['Смоленск', 'Минск']
    >>> closest_names("Vitebsk", ["Смоленск", "Витебск"])
    ['Витебск']
    """
    by_key: dict[str, str] = {}
    latin = bool(_LATIN.search(name))
    for candidate in sorted(set(names)):
        by_key.setdefault(romanize(candidate) if latin and not _LATIN.search(candidate) else fold(candidate),
                          candidate)
    wanted = re.sub(r"[^a-z]", "", fold(name)) if latin else fold(name)
    keys = (difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.6)
            or difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.3))
    return [by_key[k] for k in keys]


Select = Callable[[str], list[dict[str, Any]]]


def selector(source: Any) -> Select:
    """SELECT rows as {variable: plain value} from an embedded ``pyoxigraph.Store`` or an endpoint URL."""
    if isinstance(source, str):
        from ties.graph.remote import select
        return lambda text: select(source, text)
    from ties.graph.remote import term_value

    def run(text: str) -> list[dict[str, Any]]:
        answer = source.query(text)
        names = [v.value for v in answer.variables]
        return [{k: term_value(row[k]) for k in names} for row in answer]
    return run


class Resolver:
    """Looks names up among the nodes of one store; reads each kind's names once, when first asked.

    Examples
    --------
    >>> from pyoxigraph import Store
    >>> resolver = Resolver(selector(Store.read_only(str(STORE))))
    >>> resolver.resolve("place", "Смоленском")
    [Match(iri='https://w3id.org/ties/resource/place/ru/smolensk', label='Смоленск', country='RU', how='case form')]
    >>> [(m.label, m.how) for m in resolver.resolve("country", "Belarus")]
    [('Беларусь', 'name')]
    >>> query_values(resolver, {"place": "Smolensk", "country": "by", "year": "2023"})
    {'place': 'Смоленск', 'country': 'BY', 'year': '2023'}
    """

    def __init__(self, select: Select, gazetteer: Any = None) -> None:
        self._select = select
        self._gazetteer = gazetteer
        self._entries: dict[str, list[Entry]] = {}

    @cached_property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from ties.ingest.gazetteer import Gazetteer
            self._gazetteer = Gazetteer.open()
        return self._gazetteer

    def entries(self, kind: str) -> list[Entry]:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        if kind not in self._entries:
            self._entries[kind] = self._read(kind)
        return self._entries[kind]

    def _read(self, kind: str) -> list[Entry]:
        from ties.graph.projections import country_label
        found: dict[str, Entry] = {}
        for row in self._select(_PREFIXES + _NAMES[kind]):
            if kind == "country":
                code = str(row["code"]).upper()
                found[row["node"]] = Entry(row["node"], country_label(code), code, {code, country_label(code)})
                continue
            entry = found.setdefault(row["node"], Entry(row["node"], row["label"], row["code"]))
            entry.label = min(entry.label, row["label"])  # several labels (one per report): the first, always
            entry.names.add(row["name"])
            if row.get("same") and (m := _GEONAMES_ID.search(row["same"])):
                entry.geonames.add(int(m.group(1)))
        return sorted(found.values(), key=lambda e: (e.label, e.iri))

    # -- looking up -------------------------------------------------------------

    def find(self, kind: str, name: str) -> list[Match]:
        """Every node ``name`` means, best way of matching first (empty when none)."""
        entries = self.entries(kind)
        if not name.strip():
            return []
        if kind == "country":
            return self._countries(entries, name)
        key = fold(name)
        stages: list[tuple[str, Callable[[Entry], bool]]] = [("name", lambda e: key in {fold(n) for n in e.names})]
        if _LATIN.search(name) and not re.search(r"[А-Яа-яЁё]", name):
            stages.append(("latin", self._latin_test(name, kind)))
        words = lemma_key(name)
        stages.append(("case form", lambda e: any(_same_words(words, lemma_key(n)) for n in e.names)))
        stages.append(("part", lambda e: any(_within(words, lemma_key(n)) for n in e.names)))
        for how, test in stages:
            hits = [Match(e.iri, e.label, e.country, how) for e in entries if test(e)]
            if hits:
                return hits
        return []

    def _latin_test(self, name: str, kind: str) -> Callable[[Entry], bool]:
        """A Latin spelling: the romanised Russian name, or a GeoNames name of the same place."""
        skeleton = re.sub(r"[^a-z]", "", fold(name))
        known = self.gazetteer.lookup(name) if kind == "place" else []
        ids = {p.geonames_id for p in known}
        russian = {(fold(p.name), p.country) for p in known}
        return lambda e: (any(romanize(n) == skeleton for n in e.names) or bool(e.geonames & ids)
                          or any((fold(n), e.country) in russian for n in e.names))

    def _countries(self, entries: list[Entry], name: str) -> list[Match]:
        by_code = {e.country: e for e in entries}
        how, codes = "code", []
        text = name.strip()
        import pycountry
        if re.fullmatch(r"[A-Za-z]{2,3}", text):
            country = pycountry.countries.get(**{f"alpha_{len(text)}": text.upper()})
            codes = [country.alpha_2] if country else []
        if not codes:
            how = "name"
            from ties.ingest.countries import country_codes
            codes = country_codes(text[:1].upper() + text[1:], foreign_only=False)
        if not codes and _LATIN.search(text):
            try:
                codes = [pycountry.countries.lookup(text).alpha_2]
            except LookupError:
                codes = []
        return [Match(by_code[c].iri, by_code[c].label, c, how) for c in codes if c in by_code]

    def is_stored_name(self, kind: str, name: str) -> bool:
        """Whether a node of the kind has this very name (any letter case, ё/е): one index look-up
        in the summary graph's name keys (``graph.summary``), so a query given a stored name pays
        nothing for the resolver."""
        from pyoxigraph import Literal
        if kind != "place":
            return False
        key = Literal(name.lower().replace("ё", "е"))
        classes = " ".join(f"ties:{c}" for c in PLACE_CLASSES)
        rows = self._select(_PREFIXES + "PREFIX graph: <https://w3id.org/ties/resource/graph/>\n"
                            f"SELECT ?node WHERE {{ GRAPH graph:summary {{ ?node ties:nameKey {key} }} "
                            f"?node a ?class VALUES ?class {{ {classes} }} }} LIMIT 1")
        return bool(rows)

    def resolve(self, kind: str, name: str) -> list[Match]:
        """As :meth:`find`, but nothing found is a :class:`NotFound` naming the closest names."""
        found = self.find(kind, name)
        if found:
            return found
        names = [n for e in self.entries(kind) for n in (e.names if kind != "country" else [e.label])]
        raise NotFound(kind, name, closest_names(name, names))


def query_values(resolver: Resolver, values: dict[str, str]) -> dict[str, str]:
    """The parameters of a named query with each name of a place or country put as the store has it.

    A place given as stored is left as it is (the query compares names itself); another form
    (``Смоленска``, ``Smolensk``) becomes the label of the node it means; a country becomes its ISO
    code. A name that means nothing raises :class:`NotFound`.
    """
    out = dict(values)
    for param, value in values.items():
        kind = QUERY_PARAMS.get(param)
        if kind is None or not value.strip() or resolver.is_stored_name(kind, value):
            continue
        found = resolver.resolve(kind, value)
        labels = sorted({m.label for m in found})
        if found[0].how == "part" and len(labels) > 1:
            raise Ambiguous(kind, value, labels)
        if kind == "country":
            out[param] = found[0].country or value
        elif found[0].how != "name":
            out[param] = found[0].label
    return out
