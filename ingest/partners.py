"""The actor's ties in a narrative text: from its events, its statements and its lists.

Every partner of an event is tied to the actor, with the kind the event's sentences state
(the weaker of two named at once); a statement or a list ("являются немецкий Зуль, …",
"Среди них …" after the tie word) adds ties without events; a statement that names no
partner speaks of the event it follows; plans are no ties; a tie the text says has ended
is returned apart (``EndedTie``) and is never a link.
"""
from __future__ import annotations

from .cues import Cues, classes, read
from .drafts import Draft, Sentence, Told, sentence_dates
from .links import russian_place
from .mentions import Mentions
from .records import EndedTie, Event, Link, Place, TIE_KINDS, TieKind
from .reporter import Reporter
from .text import fold_key


def draft_kind(d: Draft) -> TieKind | None:
    """The tie an event's own sentences state for its partners ("гости из городов-партнёров").
    When they name two kinds at once ("партнёров и побратимов") they do not say which guest is
    which, so the weaker is taken; a sentence naming one partner states its kind outright."""
    kinds = [k for s in d.sentences if not (s.cues.plan or s.cues.ended or s.cues.future_clause) for k in s.cues.kinds]
    if not kinds:
        return None
    return max(kinds, key=TIE_KINDS.index)  # type: ignore[return-value]


def text_ties(told: list[Told], sentences: list[Sentence], head: Mentions | None, headline: str | None,
          actor: Reporter, partners: list[Place]) -> tuple[list[Link], list[EndedTie]]:
    """The actor's ties: from events, then from statements and lists; ended ones apart."""
    if not actor.name:
        return [], []
    ru = russian_place(actor.name)
    stated: dict[str, TieKind] = {}
    places: dict[str, Place] = {}
    ended: dict[str, EndedTie] = {}
    statements: list[tuple[str, Mentions, Cues, bool, int]] = [
        (s.text, s.mentions, s.cues, s.list_item, s.para) for s in sentences]
    lines = [s.line for s in sentences]
    if headline and head is not None:
        statements.insert(0, (headline, head, read(headline), False, -1))
        lines.insert(0, None)
    quoted: dict[str, tuple[str, int | None]] = {}  # each stated tie's first statement and its line
    list_kind: tuple[str, ...] = ()
    for i, (text, found, cues, item, para) in enumerate(statements):
        if not item:
            list_kind = cues.kinds if text.rstrip().endswith(":") else ()
        kinds = cues.kinds or (list_kind if item else ())
        if not kinds and i and statements[i - 1][4] == para and not statements[i - 1][1].foreign_places \
                and not statements[i - 1][2].plan and not cues.activity:
            kinds = statements[i - 1][2].kinds  # "… список городов-побратимов. Среди них …"
        targets = found.foreign_places
        follows = i + 1 < len(statements) and statements[i + 1][4] == para and statements[i + 1][1].foreign_places
        if not targets and kinds and not cues.plan and not follows:
            about = event_told_of(told, para, cues)
            if about is not None:
                targets = about.event.foreign_places  # "Открывая прием, … наши города связывает дружба"
            elif len(partners) == 1:
                targets = partners  # "между нашими городами заключено соглашение"
            # Partners it does not name one by one ("партнёры и побратимы"): the weaker kind for each.
            kinds = (max(kinds, key=TIE_KINDS.index),)
        for p in targets:
            k = fold_key(p.name)
            places.setdefault(k, p)
            if cues.ended and p in found.foreign_places:  # only a tie the sentence names has ended
                ended[k] = EndedTie(ru, p, cues.status or "terminated", sentence_dates(text)[0], text)
                continue
            if cues.ended or cues.plan or (cues.future_clause and not cues.state):
                continue
            for kind in kinds:
                if k not in stated or TIE_KINDS.index(kind) < TIE_KINDS.index(stated[k]):
                    stated[k] = kind  # type: ignore[assignment]
                    quoted[k] = (text, lines[i])
    pairs: dict[str, dict] = {}
    for t in told:
        e, stated_kind = t.event, t.kind
        for p in e.foreign_places:
            k = fold_key(p.name)
            if only_venue(t, p):
                continue  # "форум городов-побратимов в г. Минске": the host town is no partner
            kind: TieKind = "institutional" if institutional(e, p, t.draft.sentences[0].mentions.text) else "event"
            if stated_kind is not None and TIE_KINDS.index(stated_kind) < TIE_KINDS.index(kind):
                kind = stated_kind
            entry = pairs.setdefault(k, {"foreign": p, "kind": kind, "events": []})
            entry["events"].append(e.position)
            if TIE_KINDS.index(kind) < TIE_KINDS.index(entry["kind"]):
                entry["kind"] = kind
    for k, kind in stated.items():
        entry = pairs.setdefault(k, {"foreign": places[k], "kind": kind, "events": []})
        if TIE_KINDS.index(kind) < TIE_KINDS.index(entry["kind"]):
            entry["kind"] = kind
    links = [Link(ru, v["foreign"], v["kind"], tuple(sorted(set(v["events"]))), *quoted.get(k, ("", None)))
             for k, v in pairs.items() if k not in ended and fold_key(v["foreign"].name) != fold_key(ru.name)
             or k not in ended and v["foreign"].country != "RU"]
    return links, list(ended.values())


def only_venue(t: Told, place: Place) -> bool:
    """A forum, festival or exhibition abroad ties the actor to no one for being held there: its
    venue is a partner only when the text names it otherwise too (a visit, a tie, its delegation)."""
    activity = frozenset().union(*(s.cues.activity for s in t.draft.sentences)) - {"делегация"}
    if classes(activity) != frozenset({"public"}) or not any(fold_key(v.name) == fold_key(place.name) for v in t.event.venue):
        return False
    key = fold_key(place.name)
    named = sum(fold_key(p.name) == key for s in t.draft.sentences for p in s.mentions.foreign_places)
    return named <= 1


def event_told_of(told: list[Told], para: int, cues: Cues) -> Told | None:
    """The event a sentence without partners speaks of: the last one told in its paragraph or the
    one before, of a kind of activity the sentence names ("Открывая прием, …")."""
    own = classes(cues.activity)
    for t in reversed(told):
        first = t.draft.sentences[0].para
        if first <= para <= first + 1 and own & classes(frozenset().union(*(x.cues.activity for x in t.draft.sentences))):
            return t
    return None



def institutional(event: Event, partner: Place, paragraph: str) -> bool:
    """An institution of the partner town takes part, or the event's paragraph pairs institutions
    ("сотрудники библиотеки-филиала …", "на связь вышла городская библиотека № 9 …"); a Russian
    school that only invites guests does not make the tie institutional."""
    key = fold_key(partner.name)
    if any(o.place and fold_key(o.place) == key for o in event.organizations):
        return True
    return read(paragraph).institutions >= 2
