"""Russian morphology through pymorphy3: the only place that knows about case endings."""
from __future__ import annotations

from functools import lru_cache

import pymorphy3

_MORPH: pymorphy3.MorphAnalyzer | None = None


def analyzer() -> pymorphy3.MorphAnalyzer:
    """One shared analyzer: loading the dictionaries costs ~0.3 s, so do it once per process."""
    global _MORPH
    if _MORPH is None:
        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """All readings of a word, cached: extractors ask about the same words again and again.

    None for a word pymorphy3 cannot read: it asks ``unicodedata.name`` of each letter, and a
    letter without a name (Tangut "𗀀", U+17000) raises ValueError.
    """
    try:
        return tuple(analyzer().parse(word))
    except ValueError:
        return ()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Normal form of a single word, lowercase, ё→е (the most probable parse)."""
    found = parses(word)
    return found[0].normal_form.replace("ё", "е") if found else word.lower()


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """All distinct normal forms of a word, most probable first, geographic names first."""
    found = parses(word)
    geo = [p.normal_form for p in found if "Geox" in p.tag]
    rest = [p.normal_form for p in found if "Geox" not in p.tag]
    out: list[str] = []
    for form in geo + rest:
        form = form.replace("ё", "е")
        if form not in out:
            out.append(form)
    return tuple(out) or (word.lower(),)


def restore_case(template: str, word: str) -> str:
    """Give ``word`` the capitalisation of ``template`` (per hyphen part)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    parts_t, parts_w = template.split("-"), word.split("-")
    if len(parts_t) == len(parts_w):
        return "-".join(w[:1].upper() + w[1:] if t[:1].isupper() else w for t, w in zip(parts_t, parts_w))
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


@lru_cache(maxsize=100_000)
def phrase_nominative(phrase: str) -> str:
    """Put a noun phrase whose head is its first noun into the nominative.

    "Администрации города Смоленска" → "Администрация города Смоленска";
    "государственным учреждением образования" → "государственное учреждение образования".
    Adjectives before the head agree with it; words after the head (its
    dependents, usually genitive) stay as written.
    """
    words = phrase.split(" ")
    nouns = [i for i, w in enumerate(words) if any(p.tag.POS == "NOUN" for p in parses(w))]
    if not nouns:
        return phrase
    # The head is the first word that can only be a noun; "Главного", "Могилевского" may also
    # parse as nouns (substantivised adjective, surname) but stand before their head.
    pure = [i for i in nouns if not any(adjective_like(p) for p in parses(words[i]))]
    head_idx = pure[0] if pure else nouns[0]
    adj_parses = [[p for p in parses(w) if adjective_like(p)] for w in words[:head_idx]]
    head_parses = [p for p in parses(words[head_idx]) if p.tag.POS == "NOUN"]
    # The head's reading must agree with the adjectives before it ("Главного управления": gent, sing).
    agreeing = [p for p in head_parses
                if all(any(a.tag.case == p.tag.case and a.tag.number == p.tag.number for a in opts)
                       for opts in adj_parses if opts)]
    head_parse = (agreeing or head_parses)[0]
    case = head_parse.tag.case
    number = head_parse.tag.number or "sing"
    if case == "nomn":
        return phrase
    out = list(words)
    nom = head_parse.inflect({"nomn", number})
    if nom is not None:
        out[head_idx] = restore_case(words[head_idx], _keep_e(words[head_idx], nom.word))
    gender = head_parse.tag.gender
    for i, opts in enumerate(adj_parses):
        match = [a for a in opts if a.tag.case == case and a.tag.number == number] or opts
        if not match:
            continue
        grams = {"nomn", number} | ({gender} if gender and number == "sing" else set())
        infl = match[0].inflect(grams)
        if infl is not None:
            out[i] = restore_case(words[i], _keep_e(words[i], infl.word))
    return " ".join(out)


def adjective_like(parse: pymorphy3.analyzer.Parse) -> bool:
    """Adjectives, participles, and "surnames" that are really adjectives before a noun ("Горецкого района")."""
    return parse.tag.POS in ("ADJF", "PRTF") or (parse.tag.POS == "NOUN" and "Surn" in parse.tag)


def _keep_e(original: str, word: str) -> str:
    """pymorphy writes ё; keep the report's е when it had no ё."""
    return word if "ё" in original.lower() else word.replace("ё", "е")
