"""The partnership network of one report: which Russian place works with which foreign place.

Each event ties the Russian place that acted (its municipality, the seat of
its institution, or the reporter's seat) to every foreign place it names. The
tie is ``institutional`` when a named institution of the foreign place takes
part (or signs), else ``event``; twinning and friendship ties stated in prose
come in as ``sister_city`` / ``friendship_city`` and keep the strongest kind.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from .morph import lemma
from .orgs import BODY_HEADS, ORG_HEADS, find_orgs
from .places import find_places, quoted_name_places
from .records import TIE_KINDS, Event, Link, Place, TieKind
from .reporter import Reporter
from .text import fold_key


def actor_place(event: Event, reporter: Reporter) -> Place | None:
    """The Russian place that stands for the event's actor."""
    actor = event.actor or ""
    for org in event.organizations:
        if org.name == actor and org.place and org.country in (None, "RU"):
            return russian_place(org.place)
    if actor and actor not in (reporter.administration, reporter.name):
        if not _is_institution(actor):
            return russian_place(actor)
        seat = institution_seat(actor)
        if seat is not None:
            return seat
    seat = reporter.seat
    return russian_place(seat) if seat else None


def _is_institution(name: str) -> bool:
    return "«" in name or lemma(name.split()[0].lower()) in BODY_HEADS | ORG_HEADS


@lru_cache(maxsize=4096)
def institution_seat(name: str) -> Place | None:
    """A Russian institution's town from its own name ("СОГБУ «Кардымовский КЦСОН»" → Кардымово);
    cached, since every row an institution acts in asks again."""
    located = find_orgs(name, use_ner=False)
    if located and located[0].org.place:
        return russian_place(located[0].org.place)
    found = find_places(name)
    if found and found[0].place.country == "RU":
        return found[0].place
    derived = quoted_name_places(name, ("RU",), foreign_only=False)
    return derived[0] if derived else None


def russian_place(name: str) -> Place:
    """A Russian municipality known by name only: a district when its name says so."""
    kind = "district" if name.endswith(("район", "округ")) else "settlement"
    return Place(name, "RU", kind)


def _strength(kind: TieKind) -> int:
    return TIE_KINDS.index(kind)


def build_links(events: list[Event], reporter: Reporter, stated: list[Link] | None = None,
                key: str = "n") -> list[Link]:
    """Links of a report; ``key`` says whether events are cited by row number or position."""
    pairs: "OrderedDict[tuple[str, str], dict]" = OrderedDict()
    for link in stated or []:
        k = (fold_key(link.ru.name), fold_key(link.foreign.name))
        pairs[k] = {"ru": link.ru, "foreign": link.foreign, "kind": link.kind, "events": list(link.events),
                    "statement": link.statement, "line": link.statement_line}
    for event in events:
        ru = actor_place(event, reporter)
        if ru is None:
            continue
        ref = event.n if key == "n" and event.n is not None else event.position
        for place in event.foreign_places:
            kind: TieKind = "institutional" if _institutional(event, place) else "event"
            k = (fold_key(ru.name), fold_key(place.name))
            entry = pairs.setdefault(k, {"ru": ru, "foreign": place, "kind": kind, "events": []})
            if ref not in entry["events"]:
                entry["events"].append(ref)
            if _strength(kind) < _strength(entry["kind"]):
                entry["kind"] = kind
    return [Link(v["ru"], v["foreign"], v["kind"], tuple(sorted(v["events"])), v.get("statement", ""), v.get("line"))
            for v in pairs.values()]


def _institutional(event: Event, place: Place) -> bool:
    """A named institution of that foreign place takes part in the event."""
    key = fold_key(place.name)
    for org in event.organizations:
        if org.place and fold_key(org.place) == key:
            return True
    return False
