"""Named institutions: legal form plus quoted name, or a body named by its head noun.

Three sources, merged and de-duplicated:
1. a quoted name with what stands before it: an abbreviated legal form
   ("МБУДО «Детская школа искусств № 7»") or an institution noun phrase
   ("государственным учреждением образования «Средняя школа № 12 …»");
2. bodies named without quotes, found by natasha's NER (its ORG spans joined
   with the genitive LOC/ORG spans that follow them, since slovnet splits
   "Министерства культуры | Российской Федерации");
3. administrations, which slovnet misses: "Администрации города Смоленска".
Every name is put into the nominative with pymorphy3; quoted parts stay as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .countries import find_countries
from .morph import lemma, phrase_nominative
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
газета редакция телерадиокомпания банк биржа кооператив товарищество партия
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
_CITY_AFTER = re.compile(r"\s*(?:,\s*)?(?:г\.|гор\.|города|городе)\s*([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)")
_HEADED = re.compile(
    r"(?<![А-Яа-яЁё])(Администраци[яиейю]|Правительств[оауе]|Министерств[оауе]|Департамент[ауе]?|Комитет[ауе]?|"
    r"Главно[егому]+\s+управлени[еяю]|Управлени[еяю]|Посольств[оауе]|Консульств[оауе]|Генеральн\w+\s+консульств\w+|"
    r"Представительств[оауе])\s+"
    r"((?:(?:[А-ЯЁа-яё][а-яё-]*|по|при|г\.|№\s*\d+)\s*){1,10})"
)
_STOP_WORDS = {"и", "в", "на", "с", "из", "для", "от", "к", "о", "об", "а", "также", "что", "которые",
               "представители", "сотрудники", "состоялась", "во"}


@dataclass(frozen=True)
class OrgMention:
    org: Organization
    start: int
    end: int


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of balanced «…» quotations, nested ones inside their outer span."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth and start >= 0:
        # An unclosed nested quote: «Дворец спорта «Юбилейный» — close at the last ».
        last = text.rfind("»")
        if last > start:
            spans.append((start, last + 1))
    return spans


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
        if gap.strip():
            break
        chosen.insert(0, w)
        tail = w.start()
        if len(chosen) >= 7:
            break
    head_at = None
    for i, w in enumerate(chosen):
        lem = lemma(w.group(0).lower())
        if lem in EVENT_HEADS:
            head_at = None
            continue
        if lem in ORG_HEADS and head_at is None:
            head_at = i
    if head_at is None:
        return None
    # Take capitalised or adjectival words before the head ("Международная Федерация", "Творческое Движение").
    start_i = head_at
    while start_i > 0:
        prev = chosen[start_i - 1].group(0)
        if prev.lower() in _STOP_WORDS or lemma(prev.lower()) in EVENT_HEADS:
            break
        from .morph import analyzer
        if not any(p.tag.POS in ("ADJF", "PRTF") for p in analyzer().parse(prev)[:2]):
            break
        start_i -= 1
    first = chosen[start_i]
    phrase = window[first.start():].rstrip()
    return max(0, pos - 120) + first.start(), phrase


def _tail_after(text: str, end: int) -> tuple[str, int]:
    """An "имени И.О. Фамилия" that follows the closing quote belongs to the name."""
    m = re.match(r"\s*(" + _INITIALS + ")", text[end:])
    if m:
        return " " + " ".join(m.group(1).split()), end + m.end()
    return "", end


def quoted_orgs(text: str) -> list[OrgMention]:
    out: list[OrgMention] = []
    for qs, qe in _quotes(text):
        quoted = _balanced(" ".join(text[qs:qe].split()))
        before = text[:qs]
        m = re.search(rf"({_ABBR})\s*$", before)
        name: str | None = None
        start = qs
        if m and m.group(1).split()[0] not in _NOT_ABBR and not m.group(1).startswith("ДО"):
            abbr = " ".join(m.group(1).split())
            name, start = f"{abbr} {quoted}", m.start(1)
        else:
            phrase = _phrase_before(text, qs)
            if phrase:
                start, words = phrase
                head = phrase_nominative(" ".join(words.split()))
                head = head[:1].upper() + head[1:]
                name = f"{head} {quoted}"
        if name is None:
            continue
        tail, end = _tail_after(text, qe)
        out.append(OrgMention(Organization(name + tail), start, end))
    # Legal form with an unquoted common noun: "МБОУ гимназия г. Сафоново".
    for m in re.finditer(rf"(?<![А-ЯЁа-яё])({_ABBR})\s+([а-яё]+(?:\s+[а-яё]+)?)\s+(г\.\s*[А-ЯЁ][а-яё]+)", text):
        if m.group(1) in _NOT_ABBR or lemma(m.group(2).split()[0]) not in ORG_HEADS:
            continue
        out.append(OrgMention(Organization(" ".join(m.group(0).split())), m.start(), m.end()))
    return out


def headed_orgs(text: str) -> list[OrgMention]:
    """Government bodies by their head noun: "Администрации города Смоленска" and the like."""
    out: list[OrgMention] = []
    for m in _HEADED.finditer(text):
        words = m.group(2).split()
        keep: list[str] = []
        for w in words:
            bare = w.strip(",.;:()")
            if bare.lower() in _STOP_WORDS and bare.lower() not in ("по", "при"):
                break
            keep.append(bare)
            if w != bare:  # punctuation ends the name
                break
        while keep and keep[-1].lower() in ("по", "при", "г."):
            keep.pop()
        if not keep:
            continue
        # Dependents must be genitive-like: a lowercase verb or preposition ends them.
        phrase = f"{m.group(1)} {' '.join(keep)}"
        name = phrase_nominative(" ".join(phrase.split()))
        out.append(OrgMention(Organization(name), m.start(), m.start() + len(phrase)))
    return out


@lru_cache(maxsize=1)
def _natasha():
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    emb = NewsEmbedding()
    return Doc, Segmenter(), NewsNERTagger(emb)


def ner_orgs(text: str) -> list[OrgMention]:
    """ORG spans from natasha/slovnet, joined with the genitive spans that follow them."""
    Doc, segmenter, ner = _natasha()
    flat = " ".join(text.split("\n"))  # slovnet splits spans at line breaks
    doc = Doc(flat)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    spans = list(doc.spans)
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
        if len(words) == 1 and lemma(words[0].lower()) in ORG_HEADS:
            i = j
            continue  # a bare "Посольства" names no one
        out.append(OrgMention(Organization(_nominative_keep_quotes(raw)), start, stop))
        i = j
    return out


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
    for extra in headed_orgs(text) + (ner_orgs(text) if use_ner else []):
        if not _overlaps(extra, found):
            found.append(extra)
    found.sort(key=lambda m: m.start)
    return [_locate(text, m) for m in found]


def _locate(text: str, m: OrgMention) -> OrgMention:
    """Give an institution its settlement and country from its name and what follows it."""
    name = m.org.name
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
    paren = re.match(r"[\s\S]{0,40}?\(([^()]{3,40})\)", after)
    if paren and not country:
        pc = [c.code for c in find_countries(paren.group(1))]
        if pc:
            country = pc[0]
    if not place:
        q = name.find("«")
        derived = quoted_name_places(name[q:], tuple(foreign) or ()) if q >= 0 else []
        if derived:
            place, country = derived[0].name, derived[0].country
    if foreign and (country is None or country == "RU"):
        country = foreign[0]
    if country is None and (codes == ["RU"] or re.match(r"^(?:М|ГБ|ОГ|СОГ|ФГ|АНО|МА)", name)):
        country = "RU"
    return OrgMention(Organization(name, place, country), m.start, m.end)
