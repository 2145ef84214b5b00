"""Events and ties from narrative text of any kind: news items, press releases, report summaries.

The shape is sentences → mentions → cues → events and ties:

* a sentence is an activity when its lemmas name one (``cues.ACTIVITY``) and it, its
  paragraph or the headline names a foreign party; a plan, a future without a date, a
  quotation and a tie that has ended are not;
* sentences that add no activity of their own (no new kind of activity, no date, no new
  partner) tell more of the activity before them;
* an event without a foreign place of its own takes its paragraph's, then the text's main
  partner (news about one partner town rarely repeats its name in every sentence);
* ties: every foreign place an event names is tied to the actor; the kind is the strongest
  the text states for that place ("город-побратим X" → sister_city; an agreement, a
  partnership, "дружественный" → friendship_city; two institutions → institutional);
  stated ties and lists ("города-побратимы: …") are ties without events; plans and
  ended ties are not ties (ended ones are returned apart, with their date).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from razdel import sentenize

from .actor import find_actor
from .cues import WEAK, Cues, classes, read
from .dates import Period, month_of_sentence, parse_range
from .events import unique_orgs, unique_places
from .fields import agreements, head_count, is_online
from .links import russian_place
from .mentions import Mentions, find_mentions, foreign_codes, unify_names
from .orgs import prefetch_ner
from .page import read_page
from .places import NO_HINTS, Hints, derived_city
from .records import Block, EndedTie, Event, Link, Place, TIE_KINDS, TieKind
from .reporter import Reporter
from .sphere import classify
from .text import fold_key
from .titles import event_title

_INTERNATIONAL = re.compile(r"международн|зарубежн|иностран|побратим", re.IGNORECASE)
_TODAY = re.compile(r"\bсегодня\b", re.IGNORECASE)


@dataclass
class _Sentence:
    text: str
    para: int
    line: int
    mentions: Mentions
    cues: Cues
    list_item: bool = False
    quoted: bool = False   # speech: inside a quotation, or a line of dialogue
    start: int = 0         # offset in its paragraph


@dataclass
class _Draft:
    """An event as sentences are added to it."""

    sentences: list[_Sentence]
    places: list[Place] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    split: bool = False     # one partner's share of a sentence that tells several signings
    pair: str = ""          # the pair of institutions an item of a signing list names
    date: "_Sentence | None" = None   # a later sentence that dates it ("Церемония состоялась 17 июля")


def _sentences(page_paras: list[tuple[str, int]], mentions: list[Mentions]) -> list[_Sentence]:
    out: list[_Sentence] = []
    for i, ((text, line), found) in enumerate(zip(page_paras, mentions)):
        for s in sentenize(text):
            sentence = _Sentence(s.text, i, line, found.within(s.start, s.stop), read(s.text), start=s.start)
            sentence.quoted = text.count("«", 0, s.start) > text.count("»", 0, s.start) \
                or s.text.lstrip().startswith(("«", "\"", "„", "- ", "– ", "— "))
            out.append(sentence)
    return out


_COUNTED = re.compile(r"(?<!№ )(?<!№)\b(?:\d+|дв[ае]|три|четыре|пять|шесть|семь|восемь|девять|десять|\w+надцать|двадцат\w*|"
                      r"тридцат\w*)\s+(?:[а-яё]+(?:ых|их|ые|ие)\s+)?(?:соглашени|меморандум|договор|визит|встреч|мероприяти|"
                      r"при[её]м|поездк|зарубежных\s+город)", re.IGNORECASE)
_FULL_DATE = re.compile(r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+"
                        r"(?:19|20)\d{2}", re.IGNORECASE)
_THEN = re.compile(r"^\s*(?:Тогда|В\s+тот\s+же\s+(?:день|год|период)|В\s+тот\s+день|Там\s+же)\b")
_PLAN_YEARS = re.compile(r"\b(?:на|до|к)\s+(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:год\w*|гг?\.)"
                         r"|\b(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:год\w*|гг?\.)\s+рождения")


def _dates(text: str, period: Period | None = None) -> tuple[date | None, date | None]:
    """The date a sentence gives its activity; the years of a plan ("план на 2023-2025 годы") are not it.
    ``period`` (a report's stated period) gives a year to a month written without one ("В апреле")."""
    text = _PLAN_YEARS.sub(" ", text)
    start, end = parse_range(text, period)
    if start is None and period is not None:
        start, end = month_of_sentence(text, period)
    return start, end


def _is_activity(s: _Sentence, context_foreign: bool) -> bool:
    c = s.cues
    if _COUNTED.search(s.text) and ":" not in s.text:
        return False  # "заключили три соглашения и пять меморандумов": a summary, unless a list follows
    if c.became and c.kinds and not (c.plan or c.future_clause or c.ended or s.quoted):
        return True  # "Якутск и Харбин официально стали побратимами"
    if not c.activity or c.ended or s.quoted and not _FULL_DATE.search(s.text):
        return False  # speech tells an activity only with its date ("- 4 июля 2025 года … подписали")
    if c.plan:
        return False
    if c.future and _dates(s.text)[0] is None and not re.search(r"\b\d{1,2}\s+[а-я]+", s.text):
        return False
    if c.state and not c.strong_activity:
        return False
    if not c.strong_activity and not s.mentions.foreign_places:
        return False
    foreign = bool(s.mentions.foreign_countries) or bool(_INTERNATIONAL.search(s.text))
    return foreign or context_foreign


_BACK_REFERENCE = re.compile(r"\b(?:эт[аоиу]\w*|данн\w+|такж\w*|соответствующ\w+|так(?:ое|ой|ая|ие|им)|в\s+ходе|во\s+время|в\s+рамках"
                             r"|по\s+итогам|там\s+же)\b",
                             re.IGNORECASE)


_ANOTHER = re.compile(r"\b(?:втор\w+|трет\w+|ещ[её]\s+од\w+|другой|другая|другое)\b", re.IGNORECASE)


def _new_partner(draft: _Draft, s: _Sentence) -> bool:
    """``s`` names a foreign town the draft does not ("по итогам визита … в город Дортмунд")."""
    known = {fold_key(p.name) for p in draft.places}
    return any(fold_key(p.name) not in known for p in s.mentions.foreign_places)


def _new_activity(draft: _Draft, s: _Sentence) -> bool:
    """Does ``s`` tell an activity of its own, not more of ``draft``'s?

    Its own date, a partner town not named before, or a kind of activity the draft lacks
    (a signing during a visit) make it new, unless it points back ("эта встреча", "в ходе визита").
    """
    if _dates(s.text)[0] is not None:
        return True
    new_places = {fold_key(p.name) for p in s.mentions.foreign_places} - {fold_key(p.name) for p in draft.places}
    if new_places and draft.places:
        return True
    if _ANOTHER.search(s.text[:40]):
        return True  # "Второй такой документ подписали …"
    if _BACK_REFERENCE.search(s.text[:60]):
        return False
    head = classes(frozenset(set().union(*(x.cues.activity for x in draft.sentences))))
    own = classes(s.cues.activity - WEAK)
    if s.para != draft.sentences[-1].para and own:
        return True
    return bool(own - head)


def _main_partners(sentences: list[_Sentence], headline: Mentions | None) -> list[Place]:
    """The foreign towns the text is about: those named most (the headline counts double)."""
    counts: Counter[str] = Counter()
    by_key: dict[str, Place] = {}
    for m, w in [(headline, 2)] + [(s.mentions, 1) for s in sentences]:
        if m is None:
            continue
        for p in m.foreign_places:
            k = fold_key(p.name)
            counts[k] += w
            by_key.setdefault(k, p)
    if not counts:
        return []
    top = max(counts.values())
    return [by_key[k] for k, n in counts.items() if n == top]


def extract_news(blocks: list[Block], fallback: Reporter, period: Period | None,
                 use_ner: bool = True, hints: Hints = NO_HINTS
                 ) -> tuple[Reporter, list[Event], list[Link], list[EndedTie]]:
    """Events, ties and ended ties of one narrative text, and who acts in it."""
    page = read_page(blocks)
    paras = [(b.text, b.line) for b in page.body]
    if use_ner:
        prefetch_ner([t for t, _ in paras] + ([page.headline] if page.headline else []))
    para_mentions = [find_mentions(t, use_ner, hints=hints) for t, _ in paras]
    head_mentions = find_mentions(page.headline, use_ner, hints=hints) if page.headline else None
    named = {c.code for m in para_mentions + [head_mentions] if m for c in m.countries if c.code != "RU"}
    if len(named) == 1:  # a text about one foreign country: its unplaced paragraphs speak of it too
        para_mentions = [find_mentions(t, use_ner, frozenset(named), hints) if not m.foreign_countries else m
                         for (t, _), m in zip(paras, para_mentions)]
    para_mentions, head_mentions = unify_names(para_mentions, head_mentions)
    actor = find_actor(page.headline, head_mentions, para_mentions, fallback)
    sentences = _sentences(paras, para_mentions)
    _mark_list_items(sentences)
    partners = _main_partners(sentences, head_mentions)
    doc_foreign = bool(head_mentions and head_mentions.foreign_countries) or any(
        s.mentions.foreign_countries for s in sentences)
    para_foreign = {s.para for s in sentences if s.mentions.foreign_countries or _INTERNATIONAL.search(s.text)}

    drafts: list[_Draft] = []
    previous: _Sentence | None = None
    told_before: set[str] = set()
    for s in sentences:
        last, previous = previous, s
        if s.text in told_before:
            continue  # a page that repeats its lead paragraph
        told_before.add(s.text)
        if drafts and _points_back(s, drafts):
            continue
        if s.list_item or not _is_activity(s, s.para in para_foreign or doc_foreign and s.para == 0):
            if drafts and last is drafts[-1].sentences[-1] and _tells_more(s):
                drafts[-1].sentences.append(s)  # "… в списке – представители городов: …"
                drafts[-1].places = unique_places(drafts[-1].places + s.mentions.foreign_places)
                previous = s
            continue
        if drafts and (not s.cues.asserted and not _new_partner(drafts[-1], s) or not _new_activity(drafts[-1], s)):
            # "В ходе встречи было отмечено …" mentions an activity without telling a new one.
            drafts[-1].sentences.append(s)
            drafts[-1].places = unique_places(drafts[-1].places + s.mentions.foreign_places)
            continue
        drafts.append(_Draft([s], unique_places(s.mentions.foreign_places), set(s.mentions.foreign_countries)))

    if page.headline and head_mentions is not None:
        told = _headline_draft(page.headline, head_mentions, drafts, doc_foreign)
        if told is not None:
            drafts.insert(0, told)
    if any("signing" in classes(d.sentences[0].cues.told) for d in drafts):
        # "Тверь стала городом-побратимом Гюмри" over a text that tells the signing: one event.
        drafts = [d for d in drafts if not (d.sentences[0].cues.became and not d.sentences[0].cues.strong_activity)]
    known = unique_places([p for s in sentences for p in s.mentions.foreign_places])
    drafts = [part for d in drafts for part in _split_signings(d, known)]
    counted = Counter(c for s in sentences for c in s.mentions.foreign_countries)
    main_country = {counted.most_common(1)[0][0]} if counted else set()
    told = [_Told(_event(d, i, actor, page.published, partners, drafts, main_country, period, hints),
                  _draft_kind(d), d)
            for i, d in enumerate(drafts, 1)]
    told = [t for t in told if t.event.countries]
    events = [t.event for t in told]
    for pos, e in enumerate(events, 1):
        e.position = pos
    links, ended = _ties(told, sentences, head_mentions, page.headline, actor, partners)
    return actor, events, links, ended


_NOUN_FIRST = re.compile(r"^\s*(?:[А-ЯЁа-яё][а-яё-]+\s+){0,3}[А-ЯЁа-яё][а-яё-]+\s+(?:состоял\w*|прош[её]л|прошл\w+|проходил\w*|совпал\w*|"
                         r"началс\w+|началась|завершил\w*|был[аио]?\s+приурочен\w*)\b")


def _points_back(s: _Sentence, drafts: list[_Draft]) -> bool:
    """"Церемония состоялась 17 июля 2022 года", "Встреча прошла очень продуктивно": a sentence that
    opens with an activity already told and says when or how it went is more of that activity;
    a date it gives is that activity's date."""
    if not _NOUN_FIRST.match(s.text) or s.mentions.foreign_places:
        return False
    own = classes(s.cues.activity - WEAK)
    if not own:
        return False
    for d in reversed(drafts):
        told = classes(frozenset().union(*(x.cues.activity for x in d.sentences)))
        if own & told:
            d.sentences.append(s)
            if d.date is None and _dates(s.text)[0] is not None:
                d.date = s
            return True
    return False


def _tells_more(s: _Sentence) -> bool:
    """A sentence with partners of its own but no activity, tie, plan or speech: more of the last event."""
    c = s.cues
    return bool(s.mentions.foreign_places) and not (c.kinds or c.plan or c.ended or c.state or c.future
                                                    or s.quoted or s.list_item)


def _headline_draft(headline: str, found: Mentions, drafts: list[_Draft], doc_foreign: bool) -> _Draft | None:
    """A headline that tells an activity the body does not ("… подписали меморандум о …" over a
    text about the visit) is that activity's only telling."""
    s = _Sentence(headline, -1, 0, found, read(headline))
    if not _is_activity(s, doc_foreign):
        return None
    told = classes(s.cues.activity - WEAK)
    if not told or any(told & classes(frozenset().union(*(x.cues.activity for x in d.sentences))) for d in drafts):
        return None
    return _Draft([s], unique_places(found.foreign_places), set(found.foreign_countries))


def _split_signings(d: _Draft, known: list[Place]) -> list[_Draft]:
    """Agreements are bilateral: one sentence telling agreements "с Восточным Сараево, Гродно и
    Шицзячжуаном" tells one signing with each, and "… соглашений о партнерстве: между гимназией № 23
    и Харбинской школой, …" one per pair (a reception of many delegations stays one event)."""
    first = d.sentences[0]
    if len(d.sentences) > 1 or "signing" not in classes(first.cues.activity) or not first.cues.kinds:
        return [d]
    pairs = _pairs(first, known)
    if pairs:
        return pairs
    if len(d.places) < 2:
        return [d]
    return [_Draft([first], [p], {p.country} if p.country else set(), split=True) for p in d.places]


_ITEM_SPLIT = re.compile(r",\s+(?:а\s+также\s+)?")


def _pairs(s: _Sentence, known: list[Place]) -> list[_Draft]:
    """The items of "…: между А и Б, В и Г, …", each a pair of institutions, one signing each."""
    colon = s.text.find(":")
    if colon < 0:
        return []
    tail = s.text[colon + 1:]
    items, pos = [], 0
    for m in list(_ITEM_SPLIT.finditer(tail)) + [None]:
        end = m.start() if m else len(tail.rstrip(" ."))
        if tail.count("«", 0, end) == tail.count("»", 0, end):
            items.append((pos, end))
            pos = m.end() if m else end
    items = [(a, b) for a, b in items if " и " in tail[a:b]]
    if len(items) < 2:
        return []
    out: list[_Draft] = []
    head = s.text[:colon]
    for a, b in items:
        lo, hi = s.start + colon + 1 + a, s.start + colon + 1 + b
        found = s.mentions.within(lo, hi)
        places = found.foreign_places + _adjective_partners(tail[a:b], known)
        item = _Sentence(f"{head}: {tail[a:b].strip()}", s.para, s.line, found, s.cues, start=lo)
        pair = re.sub(r"^между\s+", "", tail[a:b].strip())
        out.append(_Draft([item], unique_places(places), set(found.foreign_countries), pair=pair))
    return out


def _adjective_partners(text: str, known: list[Place]) -> list[Place]:
    """Partner towns named by the adjective of an institution ("Харбинской средней школой") among
    the foreign towns the text names elsewhere."""
    out: list[Place] = []
    for m in re.finditer(r"\b([А-ЯЁ][а-яё]+?)(?:ск|цк|енск)(?:ий|ая|ое|ой|ого|ому|ую|им|ом|ими|ым)\b", text):
        stem = m.group(1)
        found = [p for p in known if len(stem) >= 4 and p.name.startswith(stem[:-1])]
        city = None if found else derived_city(m.group(0), foreign_codes())
        if city is not None and city.population >= 100_000:
            found = [Place(city.name.replace("ё", "е"), city.country, "settlement", city.geonames_id, city.lat, city.lon)]
        out += found
    return out


def _mark_list_items(sentences: list[_Sentence]) -> None:
    """Lines of a list a sentence introduces ("… с 18 городами мира:") are items, not activities."""
    in_list = False
    for prev, s in zip([None] + sentences[:-1], sentences):
        if len(s.text.split()) > 8 or s.text.rstrip().endswith(":"):
            in_list = False
        elif prev is not None and prev.text.rstrip().endswith(":"):
            in_list = True
        s.list_item = in_list


def _event(d: _Draft, index: int, actor: Reporter, published: date | None, partners: list[Place],
           drafts: list[_Draft], main_country: set[str], period: Period | None = None,
           hints: Hints = NO_HINTS) -> Event:
    first = d.sentences[0]
    text = " ".join(s.text for s in d.sentences)
    start, end = _dates(first.text, period)
    if start is None and d.date is not None:
        start, end = _dates(d.date.text, period)
    if start is None and _THEN.match(first.text) and index > 1:
        earlier = drafts[index - 2].sentences[0]  # "Тогда в Саабрюкене состоялась конференция": its date
        start, end = _dates(earlier.text, period)
    if start is None and published and _TODAY.search(first.text):
        start = end = published
    places = list(d.places)
    countries = set(d.countries) if d.split else set().union(*(s.mentions.foreign_countries for s in d.sentences))
    if not places and not d.pair:  # a pair of institutions names its own partner or none
        same_para = [x for x in drafts[:index - 1] if x.sentences[0].para == first.para and x.places]
        # The paragraph's partner, else the text's when it has one (not a whole list of them).
        inherited = same_para[-1].places if same_para else partners if len(partners) == 1 else []
        places = [p for p in inherited if not countries or p.country in countries]
    if not places and not countries:
        countries = set(main_country)  # the text's partner country, when the sentence names none
    orgs = unique_orgs([o.org for s in d.sentences for o in s.mentions.orgs])
    title = event_title(first.text, first.cues)
    if d.split or d.pair:  # "Соглашения о побратимстве заключили с А, Б и В": one signing with each
        kinds = agreements(first.text, [], None, None)
        kind = kinds[0].kind if kinds else title.split(" с ")[0]
        title = f"{kind} между {d.pair}" if d.pair else f"{kind} с {places[0].name}"
    event = Event(title=title, actor=actor.name, start=start, end=end,
                  source_text=text, source_line=first.line)
    event.foreign_places = unique_places(places)
    event.countries = sorted(countries | {p.country for p in places if p.country})
    event.organizations = orgs
    event.online = is_online(text)
    event.participants = head_count(text)
    if event.participants is None and first.para >= 0 and len([x for x in drafts if x.sentences[0].para == first.para]) == 1:
        event.participants = head_count(first.mentions.text)  # "Общее количество участников – 12 человек."
    # "В ходе визита директора школ подписали договор" tells more of the visit: its document too.
    event.agreements = agreements(text, [o for s in d.sentences for o in s.mentions.orgs], start, end)
    event.venue = _venue(d)
    event.sphere = classify(event.title, None, text)
    return event


@dataclass
class _Told:
    """An event with the tie its own sentences state and the draft it was made from."""

    event: Event
    kind: TieKind | None
    draft: _Draft


def _draft_kind(d: _Draft) -> TieKind | None:
    """The tie an event's own sentences state for its partners ("гости из городов-партнёров").
    When they name two kinds at once ("партнёров и побратимов") they do not say which guest is
    which, so the weaker is taken; a sentence naming one partner states its kind outright."""
    kinds = [k for s in d.sentences if not (s.cues.plan or s.cues.ended) for k in s.cues.kinds]
    if not kinds:
        return None
    return max(kinds, key=TIE_KINDS.index)  # type: ignore[return-value]


def _ties(told: list[_Told], sentences: list[_Sentence], head: Mentions | None, headline: str | None,
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
    if headline and head is not None:
        statements.insert(0, (headline, head, read(headline), False, -1))
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
            about = _event_told_of(told, para, cues)
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
                ended[k] = EndedTie(ru, p, cues.status or "terminated", _dates(text)[0], text)
                continue
            if cues.ended or cues.plan or (cues.future_clause and not cues.state):
                continue
            for kind in kinds:
                if k not in stated or TIE_KINDS.index(kind) < TIE_KINDS.index(stated[k]):
                    stated[k] = kind  # type: ignore[assignment]
    pairs: dict[str, dict] = {}
    for t in told:
        e, stated_kind = t.event, t.kind
        for p in e.foreign_places:
            k = fold_key(p.name)
            if _only_venue(t, p):
                continue  # "форум городов-побратимов в г. Минске": the host town is no partner
            kind: TieKind = "institutional" if _institutional(e, t.draft.sentences[0].mentions.text) else "event"
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
    links = [Link(ru, v["foreign"], v["kind"], tuple(sorted(set(v["events"]))))
             for k, v in pairs.items() if k not in ended and fold_key(v["foreign"].name) != fold_key(ru.name)
             or k not in ended and v["foreign"].country != "RU"]
    return links, list(ended.values())


def _only_venue(t: _Told, place: Place) -> bool:
    """A forum, festival or exhibition abroad ties the actor to no one for being held there: its
    venue is a partner only when the text names it otherwise too (a visit, a tie, its delegation)."""
    activity = frozenset().union(*(s.cues.activity for s in t.draft.sentences)) - {"делегация"}
    if classes(activity) != frozenset({"public"}) or not any(fold_key(v.name) == fold_key(place.name) for v in t.event.venue):
        return False
    key = fold_key(place.name)
    named = sum(fold_key(p.name) == key for s in t.draft.sentences for p in s.mentions.foreign_places)
    return named <= 1


def _event_told_of(told: list[_Told], para: int, cues: Cues) -> _Told | None:
    """The event a sentence without partners speaks of: the last one told in its paragraph or the
    one before, of a kind of activity the sentence names ("Открывая прием, …")."""
    own = classes(cues.activity)
    for t in reversed(told):
        first = t.draft.sentences[0].para
        if first <= para <= first + 1 and own & classes(frozenset().union(*(x.cues.activity for x in t.draft.sentences))):
            return t
    return None


_AT = re.compile(r"(?:\b[Вв]о?|[Нн]а\s+территории|[Пп]осетил\w*|[Пп]осетят|[Пп]рибыл\w*\s+в|[Пп]рие[хз]\w*\s+в)\s+"
                 r"(?:(?:администрации|мэрии|правительстве|думе|стенах)\s+)?(?:г\.|города|городе|город|гг\.)?\s*$")


def _venue(d: _Draft) -> list[Place]:
    """Where the activity was held: the towns its first sentences put it in ("в администрации
    города Иркутска", "приехали в Иркутск", "посетила Ереван"); districts only "на территории"."""
    out: list[Place] = []
    for s in d.sentences[:2]:
        text = s.mentions.text
        for p in s.mentions.places:
            before = text[max(0, p.start - 45):p.start]
            if _AT.search(before) and (p.place.kind != "district" or "территории" in before):
                out.append(p.place)
    return unique_places(out)


def _institutional(event: Event, paragraph: str) -> bool:
    """A named institution takes part on each side, or the event's paragraph pairs institutions
    ("сотрудники библиотеки-филиала …", "на связь вышла городская библиотека № 9 …")."""
    cues = read(event.source_text)
    return cues.institution and bool(event.organizations) or read(paragraph).institutions >= 2
