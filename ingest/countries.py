"""Countries named in Russian text, in any case, as ISO 3166-1 alpha-2 codes.

Names come from pycountry's Russian translations (short, official and common
names); a short alias table adds what pycountry lacks: abbreviations (КНР, ФРГ,
США), older or everyday names (Белоруссия, Киргизия), and the two entries of the
Russian classifier ОКСМ outside ISO (Абхазия AB, Южная Осетия OS). Matching is
done on lemma sequences, so "Республики Беларусь" and "Арабской Республике
Египет" are found without any ending table.
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from .tokens import Token, tokenize, word_lemmas

ALIASES: dict[str, str] = {
    "КНР": "CN", "Китай": "CN", "Китайская Народная Республика": "CN",
    "КНДР": "KP", "Северная Корея": "KP",
    "Южная Корея": "KR", "Республика Корея": "KR", "Корея": "KR",
    "США": "US", "Соединенные Штаты Америки": "US", "Америка": "US",
    "ОАЭ": "AE", "Объединенные Арабские Эмираты": "AE",
    "ФРГ": "DE", "Великобритания": "GB", "Соединенное Королевство": "GB", "Англия": "GB",
    "Белоруссия": "BY", "Беларусь": "BY", "РБ": "BY",
    "Киргизия": "KG", "Киргизская Республика": "KG", "Кыргызстан": "KG", "Кыргызская Республика": "KG",
    "Молдавия": "MD", "Молдова": "MD",
    "Тайвань": "TW", "Гонконг": "HK", "Макао": "MO",
    "Абхазия": "AB", "Республика Абхазия": "AB",
    "Южная Осетия": "OS", "Республика Южная Осетия": "OS",
    "Македония": "MK", "Северная Македония": "MK",
    "Палестина": "PS", "Иран": "IR", "Сирия": "SY", "Лаос": "LA", "Вьетнам": "VN",
    "Венесуэла": "VE", "Боливия": "BO", "Танзания": "TZ", "Чехия": "CZ",
    "Россия": "RU", "РФ": "RU", "Российская Федерация": "RU",
}

#: Compound adjectives that name a country: "российско-белорусской встрече".
ADJECTIVES: dict[str, str] = {
    "белорусский": "BY", "китайский": "CN", "японский": "JP", "корейский": "KR",
    "американский": "US", "турецкий": "TR", "французский": "FR", "германский": "DE",
    "немецкий": "DE", "казахстанский": "KZ", "узбекский": "UZ", "армянский": "AM",
    "абхазский": "AB", "монгольский": "MN", "вьетнамский": "VN", "индийский": "IN",
    "сербский": "RS", "итальянский": "IT", "испанский": "ES", "киргизский": "KG",
    "таджикский": "TJ", "азербайджанский": "AZ", "кубинский": "CU", "иранский": "IR",
    "египетский": "EG", "британский": "GB", "финский": "FI", "польский": "PL",
}

#: Adjectives of a country alone ("иранская делегация", "японский город-побратим"): a wider
#: demonym table than ``ADJECTIVES``, which only serves compounds with "российско-".
DEMONYMS: dict[str, str] = {**ADJECTIVES, **{
    "южнокорейский": "KR", "северокорейский": "KP", "македонский": "MK", "греческий": "GR",
    "болгарский": "BG", "чешский": "CZ", "словацкий": "SK", "венгерский": "HU", "румынский": "RO",
    "латвийский": "LV", "литовский": "LT", "эстонский": "EE", "норвежский": "NO", "шведский": "SE",
    "датский": "DK", "нидерландский": "NL", "голландский": "NL", "бельгийский": "BE",
    "швейцарский": "CH", "австрийский": "AT", "португальский": "PT", "израильский": "IL",
    "сирийский": "SY", "иракский": "IQ", "пакистанский": "PK", "таиландский": "TH", "тайский": "TH",
    "малайзийский": "MY", "индонезийский": "ID", "филиппинский": "PH", "австралийский": "AU",
    "канадский": "CA", "мексиканский": "MX", "бразильский": "BR", "аргентинский": "AR",
    "чилийский": "CL", "венесуэльский": "VE", "никарагуанский": "NI", "алжирский": "DZ",
    "тунисский": "TN", "марокканский": "MA", "эфиопский": "ET", "южноафриканский": "ZA",
    "нигерийский": "NG", "кенийский": "KE", "грузинский": "GE", "молдавский": "MD",
    "украинский": "UA", "туркменский": "TM", "кыргызский": "KG",
    "кыргызстанский": "KG", "узбекистанский": "UZ", "таджикистанский": "TJ", "лаосский": "LA",
    "камбоджийский": "KH", "мьянманский": "MM", "непальский": "NP", "иорданский": "JO",
    "ливанский": "LB", "саудовский": "SA", "эмиратский": "AE", "катарский": "QA",
    "кувейтский": "KW", "оманский": "OM", "бахрейнский": "BH", "кипрский": "CY",
    "мальтийский": "MT", "исландский": "IS", "ирландский": "IE", "словенский": "SI",
    "хорватский": "HR", "черногорский": "ME", "боснийский": "BA", "албанский": "AL",
    "финляндский": "FI", "шриланкийский": "LK", "бангладешский": "BD",
    "афганский": "AF", "ливийский": "LY", "суданский": "SD", "ганский": "GH", "ангольский": "AO",
    "мозамбикский": "MZ", "танзанийский": "TZ", "зимбабвийский": "ZW", "перуанский": "PE",
    "колумбийский": "CO", "эквадорский": "EC", "уругвайский": "UY", "парагвайский": "PY",
    "боливийский": "BO", "новозеландский": "NZ", "английский": "GB",
    "азербайджанский": "AZ", "абхазский": "AB", "южноосетинский": "OS", "японский": "JP",
}}
#: Nouns after which an adjective names a language, a cuisine or a style, not a partner country.
_NOT_PARTNER = frozenset("язык кухня литература традиция стиль чай борьба шашка".split())

# Short names that are also ordinary words when capitalised at a sentence start.
_AMBIGUOUS = {"того", "чад", "мали", "мир"}


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int


def _strip_accents(text: str) -> str:
    """Drop stress marks (pycountry writes "Респу́блика") but keep й and ё."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace("\u0301", ""))


def _key(name: str) -> tuple[str, ...]:
    """The lemma key of a name: first lemma of every word."""
    return tuple(word_lemmas(t.text)[0] for t in tokenize(_strip_accents(name).replace("ё", "е")))


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[ru.gettext(value)] = c.alpha_2
    names.update(ALIASES)
    table: dict[tuple[str, ...], str] = {}
    for name, code in names.items():
        if re.search("[A-Za-z]", name):
            continue  # untranslated
        key = _key(name)
        if key:
            table.setdefault(key, code)
    return table


@lru_cache(maxsize=1)
def _max_len() -> int:
    return max(len(k) for k in _table())


@lru_cache(maxsize=1)
def _first_lemmas() -> frozenset[str]:
    """Lemmas a country name can start with: most words can be skipped at once."""
    return frozenset(k[0] for k in _table())


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[tuple[str, ...]]:
    """Every beginning of a name's lemma key: a window whose readings begin none is no country."""
    return frozenset(key[:n] for key in _table() for n in range(1, len(key) + 1))


def _is_abbr(token: Token) -> bool:
    return token.text.isupper() and len(token.text) > 1


def find_countries(text: str) -> list[CountryMention]:
    """Every country named in ``text`` (Russia included), longest match first, in order."""
    return list(_find_countries(text))


@lru_cache(maxsize=16_384)
def _find_countries(text: str) -> tuple[CountryMention, ...]:
    """Cached: a row, its venue cell and its institutions' names are searched several times
    (18,000 searches of 5,200 distinct texts in a 3,000-event corpus)."""
    table = _table()
    tokens = tokenize(text)
    out: list[CountryMention] = []
    i = 0
    while i < len(tokens):
        hit = None
        tok = tokens[i]
        if tok.capitalized and (tok.text.lower() in _first_lemmas() or any(l in _first_lemmas() for l in tok.lemmas[:3])):
            hit = _longest_match(tokens, i, table)
        if hit is None:
            code = _adjective_country(tokens[i])
            if code:
                out.append(CountryMention(code, tokens[i].start, tokens[i].end))
            i += 1
            continue
        code, n = hit
        out.append(CountryMention(code, tokens[i].start, tokens[i + n - 1].end))
        i += n
    return tuple(out)


def _longest_match(tokens: list[Token], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    """The country named by the longest window of tokens from ``i`` on, and the window's length.

    The readings of a window are those of the window one token shorter, each followed by a
    reading of the new token (the first 64), so the windows are read in one pass, longest
    last, which ends as soon as no reading begins a country's name.
    """
    prefixes = _prefixes()
    best: tuple[str, int] | None = None
    options: list[tuple[str, ...]] = [()]
    for n in range(1, min(_max_len(), len(tokens) - i) + 1):
        options = [o + (lem,) for o in options for lem in tokens[i + n - 1].lemmas[:3]]
        if len(options) > 64:
            options = options[:64]
        code = _single(tokens[i], table, options) if n == 1 else next(
            (table[key] for key in options if key in table), None)
        if code:
            best = (code, n)
        if not any(o in prefixes for o in options):
            break  # every reading of a longer window extends one of these
    return best


def _single(tok: Token, table: dict[tuple[str, ...], str], options: list[tuple[str, ...]]) -> str | None:
    """A country named by one word: an abbreviation as written, no word that is also a common one."""
    if _is_abbr(tok):
        return table.get((tok.text.lower(),))
    if tok.text.lower() in _AMBIGUOUS:
        return None
    return next((table[key] for key in options if key in table), None)


def _adjective_country(token: Token) -> str | None:
    """Country of a compound adjective ("российско-белорусский", "японо-российский")."""
    if "-" not in token.text:
        return None
    parts = token.text.lower().split("-")
    if not any(p.startswith("росси") for p in parts):
        return None
    last = word_lemmas(parts[-1])[0]
    if last in ADJECTIVES:
        return ADJECTIVES[last]
    for p in parts[:-1]:
        for adj, code in ADJECTIVES.items():
            if p.endswith("о") and adj.startswith(p[:-1][:5]) and len(p) > 3:
                return code
    return None


def find_demonyms(text: str) -> list[CountryMention]:
    """Countries named by an adjective alone: "иранской делегацией" → IR, "сербского города" → RS.

    Not a language or a cuisine ("английского языка", "китайской кухни"); compounds with
    "российско-" are ``find_countries``' own.
    """
    out: list[CountryMention] = []
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        if "-" in tok.text:
            continue
        lem = word_lemmas(tok.text)[0]
        code = DEMONYMS.get(lem)
        if code is None:
            continue
        nxt = tokens[i + 1].lemmas[0] if i + 1 < len(tokens) else ""
        if nxt in _NOT_PARTNER:
            continue
        out.append(CountryMention(code, tok.start, tok.end))
    return out


def country_codes(text: str, foreign_only: bool = True) -> list[str]:
    """Sorted distinct codes named in ``text``; Russia left out unless asked for."""
    codes = {m.code for m in find_countries(text)}
    if foreign_only:
        codes.discard("RU")
    return sorted(codes)
