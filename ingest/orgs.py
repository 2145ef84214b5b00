"""Named institutions: legal form plus quoted name, or a body named by its head noun.

Three sources, merged and de-duplicated:
1. a quoted name with what stands before it: an abbreviated legal form
   ("МБУДО «Детская школа искусств № 7»") or an institution noun phrase
   ("государственным учреждением образования «Средняя школа № 12 …»");
2. bodies named without quotes, found by natasha's NER (``ingest.ner``; its ORG spans joined
   with the genitive LOC/ORG spans that follow them, since slovnet splits
   "Министерства культуры | Российской Федерации");
3. administrations, which slovnet misses: "Администрации города Смоленска".
Every name is put into the nominative with pymorphy3; quoted parts stay as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .countries import find_countries
from .legal_forms import legal_abbreviation, numbered_institutions
from .morph import adjective_like, lemma, parses, phrase_nominative
from .ner import ner_spans, one_line, prefetch_ner
from .places import find_places, quoted_name_places
from .records import Organization

#: Lemmas of nouns that head an institution's name ("учреждение", "фонд" …).
ORG_HEADS = frozenset("""
учреждение организация ассоциация фонд институт движение объединение союз федерация центр
клуб общество компания корпорация концерн холдинг предприятие завод фабрика комбинат
университет академия колледж техникум школа гимназия лицей училище консерватория
музей музей-заповедник библиотека театр филармония дворец дом палата агентство департамент министерство
комитет управление администрация представительство посольство консульство совет собрание
дума миссия ассамблея партнерство сообщество больница поликлиника санаторий лагерь
газета редакция телерадиокомпания клиника банк биржа кооператив товарищество партия
""".split())

#: Nouns that head an activity's name: their quotes name an event, not an institution.
EVENT_HEADS = frozenset("""
конкурс фестиваль конкурс-фестиваль фестиваль-конкурс проект олимпиада выставка турнир форум
конференция праздник программа акция семинар вебинар сессия стол встреча чтение марафон
игра соревнование кубок первенство чемпионат пленэр смена лагерь-смена экспедиция хакатон
мероприятие вахта ярмарка выставка-ярмарка концерт спектакль показ урок квест викторина
премия номинация площадка маршрут портал сайт аккаунт трек сборник фильм
""".split())

_ABBR = r"(?:[А-ЯЁ]{2,8}(?:\s+ДО)?)"
_NOT_ABBR = {"РФ", "КНР", "КНДР", "США", "ОАЭ", "ФРГ", "СНГ", "ЕАЭС", "ООН", "АТР", "ВКС", "СМИ", "РБ", "ДО"}
_INITIALS = r"(?:им\.|имени)\s+(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+"
_CITY_AFTER = re.compile(r"[ \t]*(?:,[ \t]*)?\(?(?:г\.|гор\.|города|городе)[ \t]*([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)")
#: Capitalised heads of bodies that slovnet tends to miss or cut short.
BODY_HEADS = frozenset("""администрация правительство министерство департамент комитет управление посольство
консульство представительство ассамблея палата агентство служба совет дума собрание миссия
ассоциация дворец комиссия""".split())
_STOP_WORDS = {"и", "в", "на", "с", "из", "для", "от", "к", "о", "об", "а", "также", "что", "которые",
               "представители", "сотрудники", "состоялась", "во", "со", "за", "у", "под", "над", "через"}
#: People and groups that stand before an institution but are not part of its name.
PEOPLE = frozenset("""представитель сотрудник делегация член участник руководитель глава директор команда
учащийся обучающийся преподаватель специалист эксперт депутат мэр губернатор посетитель волонтер
работник студент школьник спортсмен тренер""".split())


@dataclass(frozen=True)
class OrgMention:
    org: Organization
    start: int
    end: int


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of balanced «…» quotations, nested ones inside their outer span.

    A quotation never crosses a line (a table cell): reports often leave a nested
    quote open («ДШИ № 3 «Маладик»), and that must not swallow the next cells.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        depth, start, last_close = 0, -1, -1
        for i, ch in enumerate(line):
            if ch == "«":
                if depth == 0:
                    start = i
                depth += 1
            elif ch == "»" and depth:
                depth -= 1
                last_close = i
                if depth == 0:
                    spans.append((offset + start, offset + i + 1))
        if depth and start >= 0 and last_close > start:
            spans.append((offset + start, offset + last_close + 1))
        offset += len(line) + 1
    return spans


def _runaway_cut(quoted: str) -> str:
    """A name whose inner quote the report closed once for both («… центр «Губернский», в рамках
    которой …»): the name ends at that quote when a clause follows it."""
    for m in re.finditer(r"»(?=[,.;]\s|\s+[а-яё])", quoted):
        if m.start() < len(quoted) - 1 and len(quoted) > 60:
            return quoted[:m.end()]
    return quoted


def _balanced(quoted: str) -> str:
    """Close nested quotes the report left open: «ДШИ № 3 «Маладик» → «ДШИ № 3 «Маладик»»."""
    missing = quoted.count("«") - quoted.count("»")
    return quoted + "»" * max(0, missing)


def _phrase_before(text: str, pos: int) -> tuple[int, str] | None:
    """The institution noun phrase that ends right before a quotation, if any."""
    window = text[max(0, pos - 120):pos]
    if window and not window[-1].isspace():
        return None
    words = list(re.finditer(r"[А-Яа-яЁё][А-Яа-яЁё-]*|№|\d+", window))
    if not words:
        return None
    # The phrase must be contiguous (only spaces between words) up to the quote.
    chosen: list[re.Match[str]] = []
    tail = len(window)
    for w in reversed(words):
        gap = window[w.end():tail]
        if gap.strip() or w.group(0).lower() in _STOP_WORDS:
            break
        chosen.insert(0, w)
        tail = w.start()
        if len(chosen) >= 7:
            break
    heads = [i for i, w in enumerate(chosen) if lemma(w.group(0).lower()) in ORG_HEADS]
    if not heads:
        return None
    head_at = heads[-1]
    # Take capitalised or adjectival words before the head ("Международная Федерация", "Творческое Движение").
    start_i = head_at
    while start_i > 0:
        prev = chosen[start_i - 1].group(0)
        if _is_event_word(prev) or not any(adjective_like(p) for p in parses(prev)[:2]):
            break
        start_i -= 1
    if any(_is_event_word(w.group(0)) for w in chosen[start_i:]):
        return None
    if start_i > 0 and _is_event_word(chosen[start_i - 1].group(0)):
        return None  # "конкурс театров мод «…»": the institution word depends on an activity
    first = chosen[start_i]
    phrase = window[first.start():].rstrip()
    return max(0, pos - 120) + first.start(), phrase


def _is_event_word(word: str) -> bool:
    """An activity noun, hyphenated ones included ("праздник-конкурс")."""
    return any(lemma(part) in EVENT_HEADS for part in word.lower().split("-")) or lemma(word.lower()) in EVENT_HEADS


def _tail_after(text: str, end: int) -> tuple[str, int]:
    """An "имени И.О. Фамилия" that follows the closing quote belongs to the name."""
    m = re.match(r"\s*(" + _INITIALS + ")", text[end:])
    if m:
        return " " + " ".join(m.group(1).split()), end + m.end()
    return "", end


def quoted_orgs(text: str) -> list[OrgMention]:
    out: list[OrgMention] = []
    for qs, qe in quote_spans(text):
        quoted = _balanced(_runaway_cut(" ".join(text[qs:qe].split())))
        offset = max(0, qs - 200)  # a bounded look back: a regex over all the text before each quote is quadratic
        before = text[offset:qs]
        m = re.search(rf"({_ABBR})\s*$", before) or re.search(
            rf"({_ABBR})\s+(?=г\.\s*[А-ЯЁ][а-яё-]+\s*$)", before)  # "МАУ ДО г. Хабаровска «…»"
        name: str | None = None
        start = qs
        if m and m.group(1).split()[0] not in _NOT_ABBR and not m.group(1).startswith("ДО"):
            abbr = " ".join(m.group(1).split())
            name, start = f"{abbr} {quoted}", offset + m.start(1)
        else:
            phrase = _phrase_before(text, qs)
            if phrase:
                start, words = phrase
                legal = legal_abbreviation(words)  # "Бюджетное учреждение … района «…»" is also "БУ «…»"
                head = phrase_nominative(" ".join(words.split()))
                head = head[:1].upper() + head[1:]
                name = f"{head} {quoted}"
                if legal:
                    owner = find_places(words)  # "… Нефтеюганского района": its town
                    tail, end = _tail_after(text, qe)
                    out.append(OrgMention(Organization(name + tail, owner[0].place.name if owner else None,
                                                       owner[0].place.country if owner else None,
                                                       alt=(f"{legal} {quoted}{tail}",)), start, end))
                    continue
        if name is None:
            continue
        tail, end = _tail_after(text, qe)
        out.append(OrgMention(Organization(name + tail), start, end))
    # Two legal-form abbreviations and a number: "МБОУ СОШ № 43".
    for m in re.finditer(r"(?<![А-ЯЁа-яё])([А-ЯЁ]{2,8}\s+[А-ЯЁ]{2,8}\s+№\s*\d+)", text):
        if m.group(1).split()[0] not in _NOT_ABBR:
            out.append(OrgMention(Organization(" ".join(m.group(1).split())), m.start(), m.end()))
    # Legal form with an unquoted common noun: "МБОУ гимназия г. Сафоново".
    for m in re.finditer(rf"(?<![А-ЯЁа-яё])({_ABBR})\s+([а-яё]+(?:\s+[а-яё]+)?)\s+(г\.\s*[А-ЯЁ][а-яё]+)", text):
        if m.group(1) in _NOT_ABBR or lemma(m.group(2).split()[0]) not in ORG_HEADS:
            continue
        out.append(OrgMention(Organization(" ".join(m.group(0).split())), m.start(), m.end()))
    return out


def headed_orgs(text: str) -> list[OrgMention]:
    """Government bodies by their head noun: "Администрации города Смоленска",
    "Главного управления Смоленской области по делам молодежи и …"."""
    out: list[OrgMention] = []
    tokens = list(re.finditer(r"г\.|№\s*\d+|[А-Яа-яЁё][А-Яа-яЁё-]*|[,.;:()«»–—]", text))
    i = 0
    while i < len(tokens):
        tok = tokens[i].group(0)
        if not (tok[:1].isupper() and lemma(tok.lower()) in BODY_HEADS):
            i += 1
            continue
        start_i = i
        while start_i > 0 and tokens[start_i - 1].group(0)[:1].isupper() and \
                any(adjective_like(p) for p in parses(tokens[start_i - 1].group(0))[:2]):
            start_i -= 1
        j = i + 1
        while j < len(tokens):
            w = tokens[j].group(0)
            low = w.lower()
            if w in ",.;:()«»–—" or "\n" in text[tokens[j - 1].end():tokens[j].start()]:
                break
            if low == "и":
                nxt = tokens[j + 1].group(0) if j + 1 < len(tokens) else ""
                countries_pair = nxt[:1].isupper() and find_countries(nxt) and find_countries(tokens[j - 1].group(0))
                if (nxt[:1].isupper() and not countries_pair) or not nxt or lemma(nxt.lower()) in PEOPLE:
                    break  # "… Союза Беларуси и России" stays one name; "Администрация … и Правительство …" two
            elif low in _STOP_WORDS and low not in ("по", "при"):
                break
            elif any(p.tag.POS in ("VERB", "INFN", "PRTS", "GRND") for p in parses(w)[:1]):
                break
            j += 1
        while j > i + 1 and tokens[j - 1].group(0).lower() in ("по", "при", "и"):
            j -= 1
        if j > i + 1:
            start, end = tokens[start_i].start(), tokens[j - 1].end()
            phrase = " ".join(text[start:end].split())
            out.append(OrgMention(Organization(phrase_nominative(phrase)), start, end))
        i = j
    return out


def ner_orgs(text: str) -> list[OrgMention]:
    """ORG spans from natasha/slovnet, joined with the genitive spans that follow them."""
    flat = one_line(text)
    spans = list(ner_spans(text))
    out: list[OrgMention] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        if s.type != "ORG":
            i += 1
            continue
        start, stop = s.start, s.stop
        j = i + 1
        while j < len(spans) and spans[j].type in ("ORG", "LOC") and flat[stop:spans[j].start].strip() in ("", "и"):
            if flat[stop:spans[j].start].strip() == "и" and spans[j].type != "LOC":
                break
            stop = spans[j].stop
            j += 1
        raw = flat[start:stop].strip(" ,.(")
        if raw.count("«") > raw.count("»"):
            raw = raw + "»" if not raw.endswith("«") else raw[:-1].rstrip()
        words = raw.split()
        while words and lemma(words[0].lower()) in PEOPLE:
            start += flat[start:].index(words[0]) + len(words[0]) - start
            words = words[1:]
        raw = " ".join(words)
        if _plausible_ner(raw, flat, start):
            out.append(OrgMention(Organization(_nominative_keep_quotes(raw)), start, stop))
        i = j
    return out


def _plausible_ner(raw: str, text: str, start: int) -> bool:
    """Keep slovnet's ORG spans that name an institution: an institution noun, or one proper
    noun outside quotes ("Россотрудничество"); not quoted titles of events, ensembles or eras."""
    words = raw.split()
    if not words or "«" in raw and not re.search(_ABBR + r"\s*«", raw):
        return False
    before = text[:start]
    if before.count("«") > before.count("»"):
        return False  # inside a quotation
    if re.search(r"[0-9IVXХ]", raw) and len(words) == 1:
        return False
    if any(lemma(w.lower()) in ORG_HEADS for w in words):
        return True
    if len(words) == 1:
        w = words[0]
        return len(w) > 5 and not w.isupper() and any(p.tag.POS == "NOUN" for p in parses(w)[:1])
    return False


def _nominative_keep_quotes(name: str) -> str:
    q = name.find("«")
    if q < 0:
        return phrase_nominative(name)
    return (phrase_nominative(name[:q].strip()) + " " + name[q:]).strip()


def _overlaps(a: OrgMention, spans: list[OrgMention]) -> bool:
    return any(a.start < b.end and b.start < a.end for b in spans)


def find_orgs(text: str, use_ner: bool = True) -> list[OrgMention]:
    """All institutions in ``text``, first mention order, without overlapping duplicates."""
    found = quoted_orgs(text)
    numbered = [OrgMention(Organization(name), start, end) for start, end, name in numbered_institutions(text)]
    for extra in headed_orgs(text) + (ner_orgs(text) if use_ner else []) + numbered:
        if not _overlaps(extra, found):
            found.append(extra)
    found.sort(key=lambda m: m.start)
    found = [m for m in found if not _is_alias(m, found)]
    return [_locate(text, m) for m in found]


def _is_alias(m: OrgMention, found: list[OrgMention]) -> bool:
    """«МАЗ» after «Минский автомобильный завод»: a short form of another institution's name."""
    q = re.search(r"«([^«»]+)»", m.org.name)
    if not q or not q.group(1).isupper() or len(q.group(1)) > 8:
        return False
    letters = q.group(1).replace(" ", "").lower()
    for other in found:
        if other is m:
            continue
        oq = re.search(r"«(.+)»", other.org.name)
        if oq:
            initials = "".join(w[0] for w in re.findall(r"[А-Яа-яЁё]+", oq.group(1))).lower()
            if initials.startswith(letters):
                return True
    return False


#: Local government words of one country only: a Kazakh akimat, a Belarusian executive committee.
_FOREIGN_BODY = re.compile(r"(?P<KZ>\bакимат\w*|\bмаслихат\w*)|(?P<BY>\b(?:гор|рай|обл)?исполком\w*|\bисполнительн\w+\s+комитет\w*)",
                           re.IGNORECASE)


def _locate(text: str, m: OrgMention) -> OrgMention:
    """Give an institution its settlement and country from its name and what follows it."""
    name = m.org.name
    if m.org.place:  # placed already by its owner ("Бюджетное учреждение Нефтеюганского района «…»")
        return m
    place: str | None = None
    country: str | None = None
    after = text[m.end:m.end + 60]
    city = _CITY_AFTER.match(after)
    inside = find_places(name)
    if inside:
        place, country = inside[0].place.name, inside[0].place.country
    elif city:
        cm = find_places("г. " + city.group(1))
        if cm:
            place, country = cm[0].place.name, cm[0].place.country
    codes = [c.code for c in find_countries(name)]
    foreign = [c for c in codes if c != "RU"]
    paren = re.match(r"[^\n]{0,40}?\(([^()\n]{3,40})\)", after)
    pc = [c.code for c in find_countries(paren.group(1))] if paren else []
    if pc and (not country or country == "RU" and pc[0] != "RU" and inside and inside[0].place.geonames_id is None):
        # "«… Витебского района» (Республика Беларусь)": the district is Belarusian, not a Russian one
        country = pc[0]
    if country in (None, "RU") and not foreign:
        body = _FOREIGN_BODY.search(name)
        if body:
            country = body.lastgroup  # "акимата Щербактинского района": a Kazakh body
    if not place:
        derived = quoted_name_places(name, tuple(foreign) or (), foreign_only=False)
        if derived and country in (None, derived[0].country) or derived and country == "RU" and not foreign \
                and derived[0].country == "RU":
            place, country = derived[0].name, derived[0].country
    if foreign and (country is None or country == "RU"):
        # A body of two states ("Парламентское Собрание Союза Беларуси и России") is neither's.
        country = None if "RU" in codes else foreign[0]
    if country is None and (codes == ["RU"] or re.match(r"^(?:М|ГБ|ОГ|СОГ|ФГ|АНО|МА)", name)):
        country = "RU"
    return OrgMention(Organization(name, place, country, m.org.alt), m.start, m.end)
