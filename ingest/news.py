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
from dataclasses import replace
from datetime import date

from .actor import find_actor
from .cues import WEAK, classes, read
from .dates import Period
from .drafts import Draft, Sentence, Told, mark_list_items, sentence_dates, split_sentences
from .events import unique_orgs, unique_places
from .fields import agreements, head_count, is_online
from .mentions import Mentions, find_mentions, unify_names
from .ner import prefetch_ner
from .page import read_page
from .partners import draft_kind, text_ties
from .places import NO_HINTS, Hints
from .records import Block, EndedTie, Event, Link, Place
from .reporter import Reporter
from .signings import split_signings
from .sphere import classify
from .text import fold_key
from .titles import event_title

_INTERNATIONAL = re.compile(r"международн|зарубежн|иностран|побратим", re.IGNORECASE)
_TODAY = re.compile(r"\bсегодня\b", re.IGNORECASE)


_COUNTED = re.compile(r"(?<!№ )(?<!№)\b(?:\d+|дв[ае]|три|четыре|пять|шесть|семь|восемь|девять|десять|\w+надцать|двадцат\w*|"
                      r"тридцат\w*)\s+(?:[а-яё]+(?:ых|их|ые|ие)\s+)?(?:соглашени|меморандум|договор|визит|встреч|мероприяти|"
                      r"при[её]м|поездк|зарубежных\s+город)", re.IGNORECASE)
_FULL_DATE = re.compile(r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+"
                        r"(?:19|20)\d{2}", re.IGNORECASE)
_THEN = re.compile(r"^\s*(?:Тогда|В\s+тот\s+же\s+(?:день|год|период)|В\s+тот\s+день|Там\s+же)\b")
def _is_activity(s: Sentence, context_foreign: bool) -> bool:
    c = s.cues
    if _COUNTED.search(s.text) and ":" not in s.text:
        return False  # "заключили три соглашения и пять меморандумов": a summary, unless a list follows
    if c.became and c.kinds and not (c.plan or c.future_clause or c.ended or s.quoted):
        return True  # "Якутск и Харбин официально стали побратимами"
    if not c.activity or c.ended or s.quoted and not _FULL_DATE.search(s.text):
        return False  # speech tells an activity only with its date ("- 4 июля 2025 года … подписали")
    if c.plan:
        return False
    if c.future and sentence_dates(s.text)[0] is None and not re.search(r"\b\d{1,2}\s+[а-я]+", s.text):
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


def _new_partner(draft: Draft, s: Sentence) -> bool:
    """``s`` names a foreign town the draft does not ("по итогам визита … в город Дортмунд")."""
    known = {fold_key(p.name) for p in draft.places}
    return any(fold_key(p.name) not in known for p in s.mentions.foreign_places)


def _new_activity(draft: Draft, s: Sentence) -> bool:
    """Does ``s`` tell an activity of its own, not more of ``draft``'s?

    Its own date, a partner town not named before, or a kind of activity the draft lacks
    (a signing during a visit) make it new, unless it points back ("эта встреча", "в ходе визита").
    """
    if sentence_dates(s.text)[0] is not None:
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


def _main_partners(sentences: list[Sentence], headline: Mentions | None) -> list[Place]:
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
    sentences = split_sentences(paras, para_mentions)
    mark_list_items(sentences)
    partners = _main_partners(sentences, head_mentions)
    doc_foreign = bool(head_mentions and head_mentions.foreign_countries) or any(
        s.mentions.foreign_countries for s in sentences)
    para_foreign = {s.para for s in sentences if s.mentions.foreign_countries or _INTERNATIONAL.search(s.text)}

    drafts: list[Draft] = []
    previous: Sentence | None = None
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
        drafts.append(Draft([s], unique_places(s.mentions.foreign_places), set(s.mentions.foreign_countries)))

    if page.headline and head_mentions is not None:
        told = _headline_draft(page.headline, head_mentions, drafts, doc_foreign)
        if told is not None:
            drafts.insert(0, told)
    if any("signing" in classes(d.sentences[0].cues.told) for d in drafts):
        # "Тверь стала городом-побратимом Гюмри" over a text that tells the signing: one event.
        drafts = [d for d in drafts if not (d.sentences[0].cues.became and not d.sentences[0].cues.strong_activity)]
    known = unique_places([p for s in sentences for p in s.mentions.foreign_places])
    drafts = [part for d in drafts for part in split_signings(d, known)]
    # The most named foreign country; a tie goes to the one named first, never to a set's hash order
    # (which changes from run to run: CN or MN for the same text).
    counted: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, s in enumerate(sentences):
        for c in s.mentions.foreign_countries:
            counted[c] += 1
            first.setdefault(c, i)
    main_country = {min(counted, key=lambda c: (-counted[c], first[c], c))} if counted else set()
    told = [Told(_event(d, i, actor, page.published, partners, drafts, main_country, period, hints),
                  draft_kind(d), d)
            for i, d in enumerate(drafts, 1)]
    told = [t for t in told if t.event.countries]
    events = [t.event for t in told]
    for pos, e in enumerate(events, 1):
        e.position = pos
    links, ended = text_ties(told, sentences, head_mentions, page.headline, actor, partners)
    return actor, events, links, ended


_NOUN_FIRST = re.compile(r"^\s*(?:[А-ЯЁа-яё][а-яё-]+\s+){0,3}[А-ЯЁа-яё][а-яё-]+\s+(?:состоял\w*|прош[её]л|прошл\w+|проходил\w*|совпал\w*|"
                         r"началс\w+|началась|завершил\w*|был[аио]?\s+приурочен\w*)\b")


def _points_back(s: Sentence, drafts: list[Draft]) -> bool:
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
            if d.date is None and sentence_dates(s.text)[0] is not None:
                d.date = s
            return True
    return False


def _tells_more(s: Sentence) -> bool:
    """A sentence with partners of its own but no activity, tie, plan or speech: more of the last event."""
    c = s.cues
    return bool(s.mentions.foreign_places) and not (c.kinds or c.plan or c.ended or c.state or c.future
                                                    or s.quoted or s.list_item)


def _headline_draft(headline: str, found: Mentions, drafts: list[Draft], doc_foreign: bool) -> Draft | None:
    """A headline that tells an activity the body does not ("… подписали меморандум о …" over a
    text about the visit) is that activity's only telling."""
    s = Sentence(headline, -1, 0, found, read(headline))
    if not _is_activity(s, doc_foreign):
        return None
    told = classes(s.cues.activity - WEAK)
    if not told or any(told & classes(frozenset().union(*(x.cues.activity for x in d.sentences))) for d in drafts):
        return None
    return Draft([s], unique_places(found.foreign_places), set(found.foreign_countries))


def _event(d: Draft, index: int, actor: Reporter, published: date | None, partners: list[Place],
           drafts: list[Draft], main_country: set[str], period: Period | None = None,
           hints: Hints = NO_HINTS) -> Event:
    first = d.sentences[0]
    text = " ".join(s.text for s in d.sentences)
    start, end = sentence_dates(first.text, period)
    if start is None and d.date is not None:
        start, end = sentence_dates(d.date.text, period)
    if start is None and _THEN.match(first.text) and index > 1:
        earlier = drafts[index - 2].sentences[0]  # "Тогда в Саабрюкене состоялась конференция": its date
        start, end = sentence_dates(earlier.text, period)
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
    # A document of two towns names no institution: its parties are the actor and the partner towns.
    towns = tuple(dict.fromkeys([actor.name or ""] + [p.name for p in places])) if actor.name else ()
    event.agreements = [replace(a, parties=towns) if not a.parties and len(towns) > 1 else a for a in event.agreements]
    event.venue = _venue(d)
    event.sphere = classify(event.title, None, text)
    if event.sphere == "other" and classes(frozenset().union(*(x.cues.activity for x in d.sentences))) & {
            "visit", "talks", "signing"}:
        event.sphere = "governance"  # an official visit, talks or a signing with no topic of its own
    return event


_AT = re.compile(r"(?:\b[Вв]о?|[Нн]а\s+территории|[Пп]осетил\w*|[Пп]осетят|[Пп]рибыл\w*\s+в|[Пп]рие[хз]\w*\s+в)\s+"
                 r"(?:(?:администрации|мэрии|правительстве|думе|стенах)\s+)?(?:г\.|города|городе|город|гг\.)?\s*$")


def _venue(d: Draft) -> list[Place]:
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


