"""Stable IRIs: the same entity gets the same IRI in every build and every report.

IRIs are derived from names, never from counters or blank nodes, so that
rebuilding the store, or ingesting reports in another order, yields the same
nodes, and the graphs of different reports meet on shared places, countries,
organizations and ties.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from pyoxigraph import NamedNode

from ties.ingest.records import SPHERES, Event
from ties.ontology import RESOURCE, TIES

#: Russian (plus Belarusian/Ukrainian) letters to ASCII, close to GOST 7.79-B and
#: the BGN/PCGN habits of Russian place names in Latin (й → y, х → kh, ц → ts).
_TRANSLIT: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_QUOTES = re.compile(r"[«»\"'“”„‘’`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_OTHER_COUNTRY = "xx"


@lru_cache(maxsize=65_536)
def slug(text: str) -> str:
    """ASCII slug of a (mostly Russian) name: lowercase, transliterated, ``-`` between words.

    Cached: a report names the same places and institutions in row after row."""
    lowered = text.lower()
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in lowered)
    ascii_only = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().lower()
    return _NON_ALNUM.sub("-", ascii_only).strip("-") or "unnamed"


def fold_org_name(name: str) -> str:
    """Organization names differ in quote style across reports; drop quotes before slugging."""
    return _QUOTES.sub(" ", name.lower())


@lru_cache(maxsize=None)  # the ontology's terms: a few hundred at most
def vocab(term: str) -> NamedNode:
    """A term of the ties ontology; unknown names raise, as ``TIES`` does."""
    return NamedNode(str(TIES[term]))


def _resource(path: str) -> NamedNode:
    return NamedNode(RESOURCE + path)


def _cc(country: str | None) -> str:
    return country.lower() if country else _OTHER_COUNTRY


#: Segments of the store's own graphs (``graph/ontology``, ``graph/inferred``, ``graph/summary``): no report
#: may take them.
_RESERVED_SEGMENTS = frozenset({"ontology", "inferred", "summary"})


def stem_segment(stem: str) -> str:
    """A file stem as one IRI path segment (stems may hold spaces or Cyrillic).

    A report named "ontology", "inferred" or "summary" gets its first letter percent-encoded, so
    building it never replaces the ontology's graph; ``stem_from_segment`` still reads it back.
    """
    segment = quote(stem, safe="-_.~")
    if segment in _RESERVED_SEGMENTS:
        segment = f"%{ord(segment[0]):02X}{segment[1:]}"
    return segment


def stem_from_segment(segment: str) -> str:
    return unquote(segment)


def report_iri(stem: str) -> NamedNode:
    return _resource(f"report/{stem_segment(stem)}")


def graph_iri(stem: str) -> NamedNode:
    """The named graph holding everything one report states."""
    return _resource(f"graph/{stem_segment(stem)}")


GRAPH_PREFIX = RESOURCE + "graph/"
ONTOLOGY_GRAPH = _resource("graph/ontology")
#: What `ties reason` materialises; replaced on each run.
INFERRED_GRAPH = _resource("graph/inferred")
#: Store-wide counts that `graph.summary` derives after each build; replaced each time.
SUMMARY_GRAPH = _resource("graph/summary")
#: The store's own graphs, which hold no report.
OWN_GRAPHS = frozenset({ONTOLOGY_GRAPH, INFERRED_GRAPH, SUMMARY_GRAPH})


def event_iri(stem: str, key: str) -> NamedNode:
    return _resource(f"event/{stem_segment(stem)}/{key}")


def event_keys(events: Sequence[Event]) -> list[str]:
    """Key of each event within its report: the row number, else ``p<position>``.

    A key that would repeat (row numbers restarting per section, positions
    left at their default) falls back to ``p<position>`` and then to
    ``i<index>``, so each event of a report keeps its own IRI.
    """
    rows = Counter(e.n for e in events if e.n is not None)
    positions = Counter(e.position for e in events)
    keys = []
    for index, event in enumerate(events):
        if event.n is not None and rows[event.n] == 1:
            keys.append(str(event.n))
        elif positions[event.position] == 1:
            keys.append(f"p{event.position}")
        else:
            keys.append(f"i{index}")
    return keys


def country_iri(code: str) -> NamedNode:
    return _resource(f"country/{code.upper()}")


def place_iri(name: str, country: str | None) -> NamedNode:
    """``place/<cc>/<slug>``; the country keeps same-named towns of two countries apart."""
    return _resource(f"place/{_cc(country)}/{slug(name)}")


def geometry_iri(place: NamedNode) -> NamedNode:
    return NamedNode(place.value + "/geometry")


def org_iri(name: str, country: str | None, town: str | None = None) -> NamedNode:
    """``org/<cc>/<town>--<name>``: an institution is its name *in its town* (every town has its
    "СОШ № 1"); ``org/<cc>/<name>`` when the text gives no town. ``name`` is the identity key
    (``ingest.identity.org_key``) or a name as written."""
    if town:
        return _resource(f"org/{_cc(country)}/{slug(town)}--{slug(fold_org_name(name))}")
    return _resource(f"org/{_cc(country)}/{slug(fold_org_name(name))}")


def agreement_iri(stem: str, event_key: str, index: int) -> NamedNode:
    return _resource(f"agreement/{stem_segment(stem)}/{event_key}/{index}")


def mention_iri(owner: NamedNode, role: str, index: int) -> NamedNode:
    """A list item of an event or agreement (``…/venue/0``): per report, never shared."""
    return NamedNode(f"{owner.value}/{role}/{index}")


def pair_iri(russian_org: NamedNode, foreign_org: NamedNode) -> NamedNode:
    """``pair/<ru org>--<foreign org>`` (each as ``<cc>/<slug>``): one IRI per pair of institutions."""
    prefix = RESOURCE + "org/"
    return _resource(f"pair/{russian_org.value.removeprefix(prefix)}--{foreign_org.value.removeprefix(prefix)}")


def tie_iri(ru_name: str, foreign_name: str, foreign_country: str | None) -> NamedNode:
    """``tie/<ru>--<cc>-<foreign>``: the Russian side always comes first, so a pair has one IRI."""
    return _resource(f"tie/{slug(ru_name)}--{_cc(foreign_country)}-{slug(foreign_name)}")


def ended_tie_iri(ru_name: str, foreign_name: str, foreign_country: str | None) -> NamedNode:
    """``ended-tie/<ru>--<cc>-<foreign>``: apart from the pair's active tie, which may come back."""
    return _resource(f"ended-tie/{slug(ru_name)}--{_cc(foreign_country)}-{slug(foreign_name)}")


def sphere_iri(sphere: str) -> NamedNode:
    """Spheres are individuals of the ontology itself (``ties:culture`` …), not resources."""
    if sphere not in SPHERES:
        raise ValueError(f"unknown sphere {sphere!r}; expected one of {', '.join(SPHERES)}")
    return vocab(sphere)
