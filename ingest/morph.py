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
def lemma(word: str) -> str:
    """Normal form of a single word, lowercase, ё→е (the most probable parse)."""
    parses = analyzer().parse(word)
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """All distinct normal forms of a word, most probable first, geographic names first."""
    parses = analyzer().parse(word)
    geo = [p.normal_form for p in parses if "Geox" in p.tag]
    rest = [p.normal_form for p in parses if "Geox" not in p.tag]
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
    morph = analyzer()
    head_idx = None
    head_parse = None
    for i, w in enumerate(words):
        parses = [p for p in morph.parse(w) if p.tag.POS == "NOUN"]
        if parses:
            head_idx, head_parse = i, parses[0]
            break
    if head_idx is None or head_parse is None:
        return phrase
    case = head_parse.tag.case
    number = head_parse.tag.number or "sing"
    out = list(words)
    nom = head_parse.inflect({"nomn", number})
    if nom is not None and case != "nomn":
        out[head_idx] = restore_case(words[head_idx], nom.word)
    for i in range(head_idx):
        adj = [p for p in morph.parse(words[i]) if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case]
        if adj and case != "nomn":
            gender = head_parse.tag.gender
            grams = {"nomn", number} | ({gender} if gender and number == "sing" else set())
            infl = adj[0].inflect(grams)
            if infl is not None:
                out[i] = restore_case(words[i], infl.word)
    return " ".join(out)
