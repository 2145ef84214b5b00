"""Events and stated ties from reports written as prose.

Prose reports tell the same things as tables in sentences and bulleted lists:

* a sentence that opens with its time ("В июле …", "В течение года …") or says
  someone took part ("принято участие в …") and names something international
  is one event (two when it joins two participations with a comma or semicolon);
* a bullet that heads a block of such sentences is their section; a heading
  bullet whose block has none is itself the event, told by its block;
* the bullets of a list that a sentence introduces ("реализованы совместные
  мероприятия:") are events, and share that sentence's partners;
* a plan for a coming year ("Планируемые … в 2022 году", "будут являться") is no event;
* twinning ("города-побратимы …") and friendship ("дружественные города",
  "развивает отношения сотрудничества со следующими зарубежными городами: …")
  are stated ties between places, kept whatever the tense.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date


from .dates import Period, month_of_sentence
from .events import fill, scan, unique_orgs, unique_places
from .fields import is_online
from .places import NO_HINTS, Hints, PlaceMention, find_places
from .links import russian_place
from .ner import prefetch_ner
from .records import Block, Event, Link, Place
from .reporter import Reporter
from .sphere import classify
from .text import clean, fold_key, sentences

_BULLET = re.compile(r"^\s*[-–—•·*]\s+")
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йея]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_ANCHOR = re.compile(rf"^(?:В|Во|С|За)\s+(?:{_MONTHS}|течение\s+(?:года|квартала|полугодия|месяца)|отч[её]тн\w+\s+(?:году|периоде|квартале)|(?:19|20)\d{{2}}\s+год\w*\s+(?:на|в|во|был|была|было|были|состоял|прош|провед|организ|принят))", re.IGNORECASE)
_PARTICIPATION = re.compile(r"\b(?:принял[аио]?|принято|приняли|организовано|организован[аоы]?|было организовано)?\s*участи[еюя]\b(?:[^.;]|\bгг?\.){0,80}?\b(?:в|во)\s+", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"международн|зарубежн|иностран|побратим|дружествен\w+\s+город|\b(?:ООН|СНГ|ЕАЭС|АТР|ШОС|БРИКС|ЮНЕСКО)\b",
                            re.IGNORECASE)
_PLAN = re.compile(r"планируем|планирует|будут\s+являться|будет\s+являться|перспективн\w+\s+направлени|предстоит", re.IGNORECASE)
_ACTIVITY = re.compile(
    r"встреч|переговор|мастер-класс|турнир|соревнован|выставк|фестивал|конкурс|семинар|конференц|форум|"
    r"совещани|заседани|визит|делегаци|поздравлен|чтени|олимпиад|концерт|праздник|презентац|проект|"
    r"смотр|акци|круглый стол|экскурси|лагер|мероприяти|обмен|стажировк|обучени|съезд|саммит|"
    r"подписан|соглашени|договор|меморандум|телемост|вебинар|урок|первенств|школ[аеу]\b|видеоконференц|"
    r"биеннале|ярмарк|слет|сл[её]т|эстафет|спартакиад|чемпионат",
    re.IGNORECASE,
)
_SISTER = re.compile(r"побратим\w*", re.IGNORECASE)
_FRIEND = re.compile(r"(?:дружественн\w+|дружеск\w+)\s+(?:город\w*|связ\w*|отношени\w*)|отношени\w+\s+сотрудничества\s+со?\s+следующими"
                     r"|сотрудничеств\w+\s+со?\s+(?:следующими\s+)?(?:зарубежными\s+)?городами", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:В|Во|С|За)\s+(?:" + _MONTHS + r"|течение\s+\w+)(?:\s+(?:19|20)\d{2}\s*(?:года|г\.)?)?\s*,?\s*"
    r"|(?:В|Во)\s+(?:19|20)\d{2}\s+год\w*\s*,?\s*)?"
    r"(?:(?:на\s+территории|в)\s+[А-ЯЁ][а-яё]+(?:ого|ем|ом)?\s+(?:района|районе|города|городе|округа)\s+)?"
    r"(?:совместно\s+с\s+[^,]+,\s*)?"
    r"(?:был[аио]?\s+|будут\s+)?(?:организован[аоы]?|проведен[аоы]?|провед[её]н|состоял[аио]?сь|состоялся|направлен[аоы]?|"
    r"организовано|проведено|получены|прош[её]л|прошл[аио]?)?\s*",
)


@dataclass
class _Unit:
    """A paragraph or bullet of the report, with its sentences."""

    text: str
    line: int
    bullet: bool
    sentences: list[str] = field(default_factory=list)


def _units(blocks: list[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    for b in blocks:
        if b.kind not in ("paragraph", "heading"):
            continue
        raw = clean(b.text)
        if not raw:
            continue
        bullet = bool(_BULLET.match(raw))
        text = _BULLET.sub("", raw).strip()
        if units and not bullet and units[-1].text and text[:1].islower() and not units[-1].text.endswith((".", ":", ";")):
            units[-1].text += " " + text  # a sentence broken across lines
            continue
        units.append(_Unit(text, b.line, bullet))
    for u in units:
        u.sentences = _sentences(u.text)
    return units


_ABBR_END = re.compile(r"(?<![А-Яа-яЁё])(?:гг|г|им|ул|пос|дер|д|с|п|обл|пр|просп|пер|т\.\s*е|т\.\s*к)\.$")


def _sentences(text: str) -> list[str]:
    """razdel's sentences, rejoined where it split inside a quotation («Здоровые города. Лучшие …»)."""
    pieces: list[list[str]] = []
    balance = 0  # «» still open in the sentence being joined: kept as it grows, never recounted
    for s in (x.text for x in sentences(text)):
        last = pieces[-1][-1] if pieces else ""
        if pieces and (balance > 0 or _ABBR_END.search(last) or last.endswith(";")):
            pieces[-1].append(s)
            balance += s.count("«") - s.count("»")
        else:
            pieces.append([s])
            balance = s.count("«") - s.count("»")
    return [" ".join(p) for p in pieces] or [text]


def _future(text: str, period: Period | None) -> bool:
    """A plan for a year after the report's period."""
    if _PLAN.search(text):
        return True
    if period:
        for y in re.findall(r"\b(?:на|в|во)\s+((?:19|20)\d{2})\s+год", text):
            if int(y) > period.end.year:
                return True
    return False


def _international(text: str, found_countries: list[str], places: list[PlaceMention]) -> bool:
    return bool(_INTERNATIONAL.search(text) or any(c != "RU" for c in found_countries)
                or any(p.place.country not in (None, "RU") for p in places))


def _title(sentence: str) -> str:
    """The shortest phrase that names the activity: what was taken part in, or the
    sentence without its time, place and verb ("В июле была направлена делегация …")."""
    s = sentence.strip().rstrip(".;")
    m = _PARTICIPATION.search(s)
    if m and m.end() < len(s) - 5:
        s = s[m.end():]
    else:
        s = _LEAD.sub("", s, count=1)
        verb = re.search(r"\b(?:состоял[аио]?сь|состоялся|прош[её]л|прошл[аио]|проведен[аоы]?|организован[аоы]?|"
                         r"подписан[аоы]?|заключен[аоы]?)\s+", s)
        if verb and len(s[:verb.start()].split()) <= 6:
            s = s[verb.end():]
    s = re.split(r",\s+(?:который|которая|которое|которые|во время|в ходе|с целью|где|прошедш|проходивш)\b", s)[0]
    s = re.sub(r"\s*\((?:[^()«»]*)\)", "", s)  # "(США)", "(в рамках …)": asides, not the name
    cut = _outside_quotes_comma(s)
    if cut is not None and len(s[:cut].split()) >= 4:
        s = s[:cut]
    return s.strip()


def _outside_quotes_comma(text: str) -> int | None:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "«":
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
        elif ch == "," and depth == 0:
            return i
    return None


def _split_participations(sentence: str) -> list[str]:
    """"… участие в А; Б; В" → three activities; "…в А, 20 работ … для участия в Б" → two."""
    parts = [p for p in re.split(r";\s*", sentence) if p.strip()]
    if len(parts) > 1 and _PARTICIPATION.search(parts[0]):
        head = parts[0][:_PARTICIPATION.search(parts[0]).end()]
        return [parts[0]] + [head + p for p in parts[1:]]
    pieces = re.split(r",\s+(?=\d+\s+[а-яё])", sentence)
    if len(pieces) > 1 and all(_PARTICIPATION.search(p) for p in pieces):
        return pieces
    return [sentence]


def _event_sentence(sentence: str) -> bool:
    """Opens with its time and names an activity, or says someone took part in a named one
    ("участие в … «Город, где хочется жить»"; not "участие в фестивале", which points back)."""
    if _ANCHOR.match(sentence) and _ACTIVITY.search(sentence):
        return True
    m = _PARTICIPATION.search(sentence)
    if not (m and _ACTIVITY.search(sentence)):
        return False
    obj = sentence[m.end():]
    return "«" in obj or bool(re.search(r"\s[А-ЯЁ]", obj))


@dataclass
class _Told:
    """An event as the loop meets it, with what its fields are to be read from. They are read
    once the loop is over, so that NER tags all those texts in one batch (one by one took
    twice as long) and skips the events merged into an earlier telling."""

    event: Event
    text: str
    context: str
    inherit_online: bool
    dates: tuple[date | None, date | None]


def _new_event(title: str, text: str, reporter: Reporter, period: Period | None, section: str | None,
               line: int, told: list[_Told], context: str = "", whole: str = "", inherit_online: bool = True) -> Event:
    start, end = month_of_sentence(text, period)
    if start is None and whole:
        start, end = month_of_sentence(whole, period)  # "В июне … в А, 20 работ … для участия в Б"
    event = Event(title=title, section=section, actor=reporter.name, start=start, end=end,
                  source_text=text, source_line=line)
    told.append(_Told(event, text, context, inherit_online, (start, end)))
    return event


def _fill_told(told: _Told, use_ner: bool, hints: Hints) -> None:
    """The fields of a told event from its text and the context it inherits partners from."""
    event, text, context = told.event, told.text, told.context
    fill(event, text, text, text, use_ner, dates=told.dates, hints=hints)  # its dates as told, before any merge
    event.venue = venue_places(text, hints)
    if context:
        inherited = scan(context, use_ner, hints)
        event.countries = sorted(set(event.countries) | {c for c in inherited.countries if c != "RU"})
        foreign = [p.place for p in inherited.places if p.place.country not in (None, "RU")]
        event.foreign_places = unique_places(event.foreign_places + foreign)
        event.organizations = unique_orgs(event.organizations + [o.org for o in inherited.orgs])
        event.countries = sorted(set(event.countries) | {p.country for p in event.foreign_places if p.country})
        # "… пролонгации соглашения «…». В мероприятии приняли участие … клиники «Сэчжон»": the parties
        # of a document its own sentence leaves unnamed are named in the sentences that follow.
        event.agreements = [replace(a, parties=tuple(o.org.name for o in inherited.orgs)) if not a.parties else a
                            for a in event.agreements]
    event.online = event.online or told.inherit_online and is_online(context)
    event.sphere = classify(event.title, event.section, text, context)


_VENUE_BEFORE = re.compile(r"(?:\b[Вв]о?|на\s+территории|[Дд]ворц\w*\s+[а-яё]+|посетил\w*|визит\w*\s+в)\s+(?:г\.|городе|города|гг\.)?\s*$")


def venue_places(text: str, hints: Hints = NO_HINTS) -> list[Place]:
    """Places the activity was held in: "в г. Могилев", "на территории Нефтеюганского района"."""
    out: list[Place] = []
    for m in find_places(text, hints):
        if _VENUE_BEFORE.search(text[max(0, m.start - 40):m.start]):
            if m.place.kind == "district" and not re.search(r"на\s+территории\s*$", text[max(0, m.start - 20):m.start]):
                continue
            out.append(m.place)
    return unique_places(out)


def extract_prose(blocks: list[Block], reporter: Reporter, period: Period | None,
                  use_ner: bool = True, hints: Hints = NO_HINTS) -> tuple[list[Event], list[Link]]:
    units = _units(blocks)
    events: list[Event] = []
    told: list[_Told] = []
    section: str | None = None
    heading_unit: _Unit | None = None
    heading_events = 0
    heading_block: list[str] = []
    list_context: str | None = None
    plan = False

    def close_heading() -> None:
        nonlocal heading_unit, heading_events, heading_block
        if heading_unit is not None and heading_events == 0 and not _future(heading_unit.text, period):
            body = " ".join(heading_block)
            title = _title(heading_unit.text)
            found = scan(heading_unit.text + " " + body, False, hints)
            if _international(heading_unit.text, found.countries, found.places):
                ev = _new_event(title, heading_unit.text, reporter, period, None, heading_unit.line, told, body)
                events.append(ev)
        heading_unit, heading_events, heading_block = None, 0, []

    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if unit.bullet and list_context is not None:
            # An item of a list a sentence introduced.
            if plan:
                continue
            found = scan(unit.text, False, hints)
            if list_context or _international(unit.text, found.countries, found.places):
                ev = _new_event(_clean_item(unit.text), unit.text, reporter, period, section, unit.line, told,
                                list_context, inherit_online=False)
                events.append(ev)
            continue
        list_context = None
        if unit.bullet and nxt is not None and not nxt.bullet:
            # A heading bullet: its block follows.
            close_heading()
            section = unit.text.rstrip(".;")
            plan = _future(unit.text, period)
            heading_unit = unit
            continue
        if not unit.bullet and len(unit.text) < 80 and not unit.text.endswith((".", ":", ";")) and i > 2:
            close_heading()
            section = unit.text
            plan = _future(unit.text, period)
            continue
        if unit.text.endswith(":"):
            plan = _future(unit.text, period)
            intro = unit.sentences[-1]
            context_text = unit.text if not plan else ""
            found = scan(context_text, False, hints)
            list_context = context_text if _international(intro + " " + " ".join(unit.sentences[:-1]), found.countries, found.places) and any(c != "RU" for c in found.countries) else ""
            if heading_unit is not None:
                heading_events += 1
            continue
        if heading_unit is not None:
            heading_block.append(unit.text)
        if _future(unit.text, period) or plan:
            continue
        unit_found = scan(unit.text, False, hints)
        unit_international = _international(unit.text, unit_found.countries, unit_found.places)
        flags = [_event_sentence(s) for s in unit.sentences]
        for k, sentence in enumerate(unit.sentences):
            if not flags[k]:
                continue
            # The sentences after it that tell no other activity tell more of this one.
            tail: list[str] = []
            for later, is_event in zip(unit.sentences[k + 1:], flags[k + 1:]):
                if is_event:
                    break
                tail.append(later)
            for part in _split_participations(sentence):
                found = scan(part, False, hints)
                if not (_international(part, found.countries, found.places)
                        or unit_international and _ANCHOR.match(part) and tail):
                    continue
                ev = _new_event(_title(part), part, reporter, period, section, unit.line, told, " ".join(tail),
                                sentence)
                if not _merge_duplicate(events, ev):
                    events.append(ev)
                    if heading_unit is not None:
                        heading_events += 1
    close_heading()
    kept = {id(ev) for ev in events}
    told = [t for t in told if id(t.event) in kept]
    if use_ner:
        prefetch_ner([text for t in told for text in (t.text, t.context) if text])
    for t in told:
        _fill_told(t, use_ner, hints)
    events.sort(key=lambda e: (e.source_line or 0))
    for pos, ev in enumerate(events, 1):
        ev.position = pos
    _unify_place_names(events, set(hints.names))
    _locate_orgs(events, " ".join(u.text for u in units))
    stated = stated_ties(units, reporter, hints)
    return events, stated


def _locate_orgs(events: list[Event], full: str) -> None:
    """An institution placed once in the report ("клинике «Сэчжон» (г. Пучон)") is placed everywhere."""
    from .orgs import find_orgs
    known = {fold_key(m.org.name): m.org for m in find_orgs(full, use_ner=False) if m.org.place}
    for e in events:
        e.organizations = [known.get(fold_key(o.name), o) if o.place is None else o for o in e.organizations]


def _clean_item(text: str) -> str:
    """A list item as a title: without its asides in parentheses and its closing punctuation."""
    text = re.sub(r"\s*\((?:[^()«»]*)\)", "", text)
    return text.strip().rstrip(";.").strip()


def _merge_duplicate(events: list[Event], new: Event) -> bool:
    """The same activity told twice ("…конкурс …", later "В октябре … принято участие в …конкурсе"):
    keep one, with the dates the second telling adds."""
    key = _title_key(new.title)
    for ev in events:
        if _title_key(ev.title) == key and (ev.start is None or new.start is None or ev.start == new.start):
            ev.start = ev.start or new.start
            ev.end = ev.end or new.end
            return True
    return False


def _title_key(title: str) -> tuple[str, ...]:
    return tuple(w[:5] for w in fold_key(title).split())


def _unify_place_names(events: list[Event], document_names: set[str]) -> None:
    """One spelling per unresolved place in a report: "Пучона", "Пучоном" → "Пучон"."""
    names = {p.name for e in events for p in e.foreign_places + e.venue if p.geonames_id is None} | document_names
    mapping: dict[str, str] = {}
    for name in names:
        shorter = [n for n in names if n != name and name.startswith(n) and len(name) - len(n) <= 3 and len(n) >= 3]
        if shorter:
            mapping[name] = min(shorter, key=len)
    if not mapping:
        return
    fix = lambda p: Place(mapping[p.name], p.country, p.kind) if p.name in mapping else p
    for e in events:
        e.foreign_places = unique_places([fix(p) for p in e.foreign_places])
        e.venue = unique_places([fix(p) for p in e.venue])


def stated_ties(units: list[_Unit], reporter: Reporter, hints: Hints = NO_HINTS) -> list[Link]:
    """Twinning and friendship ties stated anywhere in the text, plans included."""
    seat = reporter.seat
    if not seat:
        return []
    ru = russian_place(seat)
    ties: dict[str, Link] = {}
    for unit in units:
        for sentence in unit.sentences:
            for kind, pattern, window in (("sister_city", _SISTER, 120), ("friendship_city", _FRIEND, 400)):
                for m in pattern.finditer(sentence):
                    after = sentence[m.end():m.end() + window]
                    if kind == "sister_city":
                        after = _name_list(after) or _after_copula(after)
                    elif kind == "friendship_city" and ":" in after:
                        after = after[after.index(":") + 1:]
                    elif kind == "friendship_city" and not re.match(r"\s*(?:со?\s+)?(?:следующими\s+)?(?:зарубежными\s+)?(?:город|:)", after):
                        continue
                    for p in _listed_places(after, hints):
                        if p.country in (None, "RU") or fold_key(p.name) == fold_key(seat):
                            continue
                        key = fold_key(p.name)
                        if key in ties and ties[key].kind == "sister_city":
                            continue
                        ties[key] = Link(ru, p, kind, (), sentence, unit.line)  # type: ignore[arg-type]
    return list(ties.values())


def _after_copula(text: str) -> str:
    """"…-побратимами города Астрахани являются Солигорск (Беларусь), Манас …": the list after the verb."""
    m = re.match(r"[^.;:]{0,60}?\b(?:являются|являлись|стали|:|—|–)\s*", text)
    return _name_list(text[m.end():]) if m else ""


def _name_list(text: str) -> str:
    """The run of names right after a word: "Хабаровск и Портленд (США) проходившем" → up to "проходившем"."""
    m = re.match(r"(?:\s*(?:[А-ЯЁ][а-яё-]+|\([^()]*\)|гг?\.|и|[,–—-]))*", text)
    return m.group(0) if m else ""


def _listed_places(text: str, hints: Hints = NO_HINTS) -> list[Place]:
    """The places of a list right after a tie word, up to the end of that list."""
    text = re.split(r"\.\s|\.$|;", text)[0]
    return [m.place for m in find_places(text, hints)]
